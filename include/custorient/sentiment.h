/**
 * @file custorient/sentiment.h
 * @brief Sentiment of free-text feedback: a rule-based scorer and its lexicons.
 *
 * The scorer reads UTF-8 text, looks each word, emoji and emoticon up in a
 * valence lexicon (-4 very negative .. +4 very positive) and applies rules for
 * negation, intensifiers and dampeners, a contrastive "but", ALL-CAPS and "!"
 * emphasis, and for customer-service phrasing: requests to fix something,
 * wishes, disappointed expectations, sarcasm, waiting and churn threats. The result is a compound
 * score in [-1, 1] and the positive, neutral and negative shares of the text. docs/sentiment.md
 * gives the exact rules and constants.
 *
 * The built-in English lexicon (about 2,600 words, emoji and
 * emoticons) is compiled into the library: pass NULL wherever a lexicon is
 * asked for. A ::co_lexicon handle holds a lexicon of your own, built from the
 * English one or from scratch, plus entries loaded from "word TAB valence"
 * files.
 *
 * Thread safety: scoring never writes to the lexicon, so any number of
 * threads may score with the same lexicon at once; changing a lexicon
 * (co_lexicon_set(), co_lexicon_load()) must not overlap any other use of it.
 */
#ifndef CUSTORIENT_SENTIMENT_H
#define CUSTORIENT_SENTIMENT_H

#include <stddef.h>

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Longest word (in bytes, after normalisation) a lexicon can hold. */
#define CO_LEXICON_MAX_WORD 48

/** Compound scores at or above this are conventionally labelled positive. */
#define CO_SENTIMENT_POSITIVE 0.05
/** Compound scores at or below this are conventionally labelled negative. */
#define CO_SENTIMENT_NEGATIVE (-0.05)

/** A valence lexicon (opaque). */
typedef struct co_lexicon co_lexicon;

/** What a new lexicon starts from. */
typedef enum co_lexicon_base {
    /** No valences; only the rule words (negators, intensifiers, "but"...). */
    CO_LEXICON_EMPTY = 0,
    /** A copy of the built-in English lexicon. */
    CO_LEXICON_ENGLISH = 1
} co_lexicon_base;

/**
 * Create a lexicon.
 * @param base CO_LEXICON_EMPTY or CO_LEXICON_ENGLISH.
 * @param[out] out the new lexicon; free it with co_lexicon_free().
 * @return CO_OK, CO_EINVAL (NULL out, unknown base) or CO_ENOMEM.
 */
CO_API int co_lexicon_new(co_lexicon_base base, co_lexicon **out);

/**
 * Copy a lexicon: every word with its valence and role, independent of `lex`
 * from then on (setting or loading words in one leaves the other alone).
 * @param lex the lexicon to copy (read only: may be copied while other
 *        threads score with it).
 * @param[out] out the copy; free it with co_lexicon_free(). Untouched on failure.
 * @return CO_OK, CO_EINVAL (NULL argument) or CO_ENOMEM.
 */
CO_API int co_lexicon_copy(const co_lexicon *lex, co_lexicon **out);

/** Free a lexicon; NULL is a no-op. */
CO_API void co_lexicon_free(co_lexicon *lex);

/** Number of words with a valence (NULL: the built-in English lexicon). */
CO_API size_t co_lexicon_count(const co_lexicon *lex);

/**
 * Set the valence of one word, adding it if new.
 *
 * The word is normalised as the scorer normalises text: ASCII letters
 * lower-cased, apostrophes removed (so "Don't" is stored as "dont"), unless
 * it starts with punctuation (an emoticon such as ":'(").
 * @param word UTF-8, NUL-terminated, 1..CO_LEXICON_MAX_WORD bytes, no
 *        whitespace or control characters.
 * @param valence finite, in [-4, 4].
 * @return CO_OK; CO_EINVAL for a NULL argument, NaN/inf valence or an invalid
 *         word; CO_ERANGE for a valence outside [-4, 4]; CO_ENOMEM. On failure
 *         the lexicon is unchanged.
 */
CO_API int co_lexicon_set(co_lexicon *lex, const char *word, double valence);

/**
 * Valence of a word (normalised as in co_lexicon_set()).
 * @param lex the lexicon, or NULL for the built-in English lexicon.
 * @param[out] out the valence; untouched on failure.
 * @return CO_OK, CO_EINVAL (NULL word or out) or CO_ENOTFOUND.
 */
CO_API int co_lexicon_get(const co_lexicon *lex, const char *word, double *out);

/**
 * Add the entries of a lexicon file to `lex`; a word already present takes
 * the file's valence.
 *
 * The file is UTF-8 text (an initial byte-order mark is skipped), one entry a
 * line: `word TAB valence`, valence a decimal number in [-4, 4] such as
 * `-2.5`. Blank lines and lines starting with `#` are ignored; lines may end
 * in CRLF. A word may appear only once per file.
 *
 * The load is all or nothing: on any error the lexicon is unchanged.
 * @return CO_OK; CO_EINVAL (NULL argument); CO_EIO when the file cannot be
 *         read; CO_EPARSE with co_errmsg() "path:line:column: what" for a
 *         malformed line (also as co_errpath(), co_errline(), co_errcolumn());
 *         CO_ENOMEM.
 */
CO_API int co_lexicon_load(co_lexicon *lex, const char *path);

/**
 * As co_lexicon_load(), from `len` bytes of memory. `source` names the text
 * in error messages (may be NULL: "<memory>").
 */
CO_API int co_lexicon_load_buffer(co_lexicon *lex, const char *text, size_t len,
                                  const char *source);

/** Sentiment of one text. The shares pos + neu + neg add up to 1.
 *  ABI: frozen (an array element of co_sentiment_score_many()). */
typedef struct co_sentiment {
    double compound; /**< overall sentiment in [-1, 1]; 0 when nothing in the text carries one */
    double pos;      /**< share of positive sentiment in [0, 1] */
    double neu;      /**< share of neutral words in [0, 1] (1 for text without words) */
    double neg;      /**< share of negative sentiment in [0, 1] */
} co_sentiment;

/**
 * Score one text. Never allocates.
 * @param lex the lexicon, or NULL for the built-in English lexicon.
 * @param text UTF-8 text of `len` bytes (need not be NUL-terminated; invalid
 *        UTF-8 bytes are skipped). May be NULL when len is 0.
 * @param[out] out the scores; untouched on failure.
 * @return CO_OK or CO_EINVAL (NULL out, or NULL text with len > 0).
 */
CO_API int co_sentiment_score(const co_lexicon *lex, const char *text, size_t len,
                              co_sentiment *out);

/**
 * Score `n` texts. Never allocates.
 * @param texts the texts; texts[i] may be NULL only if its length is 0.
 * @param lens the byte lengths, or NULL when every text is NUL-terminated.
 * @param[out] out n results; untouched on failure.
 * @return CO_OK or CO_EINVAL naming the index of a NULL text.
 */
CO_API int co_sentiment_score_many(const co_lexicon *lex, const char *const *texts,
                                   const size_t *lens, size_t n, co_sentiment *out);

/**
 * Mergeable tally of the sentiment of many texts. Zero-initialise to start
 * (`co_sentiment_tally t = {0};`), add compound scores, merge tallies of different workers.
 * Counts add exactly and the compound scores are summed in fixed point (each rounded to
 * a multiple of 2^-32, so the mean is within 2^-33 of the plain mean), so merging in any
 * order and grouping gives the one-pass tally to the bit.
 * ABI: frozen: the sufficient statistics of the report's sentiment figures.
 */
typedef struct co_sentiment_tally {
    uint64_t texts;       /**< Texts counted. */
    uint64_t positive;    /**< Texts with compound >= CO_SENTIMENT_POSITIVE. */
    uint64_t negative;    /**< Texts with compound <= CO_SENTIMENT_NEGATIVE. */
    int64_t compound_sum; /**< Sum of the compound scores in units of 2^-32. */
} co_sentiment_tally;

/**
 * Count `n` texts by their compound scores (from co_sentiment_score_many()).
 * @return CO_OK; CO_EINVAL for NULL (`compound` may be NULL when n is 0) or a NaN
 *         score; CO_ERANGE for a score outside [-1, 1] (naming its index); CO_EOVERFLOW
 *         when the count or the sum would overflow (after about 2^31 texts). Nothing is
 *         counted on failure.
 */
CO_API int co_sentiment_tally_add(co_sentiment_tally *tally, const double *compound, size_t n);

/**
 * Add `other` to `acc` (`other` may be `acc`).
 * @return CO_OK; CO_EINVAL for NULL; CO_EOVERFLOW (then `acc` is unchanged).
 */
CO_API int co_sentiment_tally_merge(co_sentiment_tally *acc, const co_sentiment_tally *other);

/**
 * Mean compound score of the texts counted.
 * @return CO_OK; CO_EINVAL for NULL or no texts.
 */
CO_API int co_sentiment_tally_mean(const co_sentiment_tally *tally, double *out);

/**
 * Serialise a tally (kind ::CO_PARTIAL_SENTIMENT of custorient/partial.h).
 * @param[out] out bytes, caller frees with co_partial_free(); @param[out] out_len their length.
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOMEM. Outputs untouched on failure.
 */
CO_API int co_sentiment_tally_serialize(const co_sentiment_tally *tally, void **out,
                                        size_t *out_len);

/**
 * Read a tally written by co_sentiment_tally_serialize().
 * @param[out] out the tally; untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or bytes of another kind; CO_ECORRUPT for damaged,
 *         truncated or newer-version bytes, or a tally no texts give (more positive and
 *         negative texts than texts, a sum beyond +-texts).
 */
CO_API int co_sentiment_tally_deserialize(const void *bytes, size_t len, co_sentiment_tally *out);

#ifdef __cplusplus
}
#endif

#endif
