/**
 * @file custorient/intents.h
 * @brief What a customer wants: cancel, refund, complain, ask, praise.
 *
 * A ::co_intents rule set finds intents in free-text feedback: each intent
 * found comes with a confidence in (0, 1] and the byte range of the words
 * that triggered it. The rules are cue phrases with weights (a phrase is one
 * to six words, `*` standing for any one word), the valences of the built-in
 * sentiment lexicon, and a question mark; a negation before a cue cancels it
 * ("I am not going to cancel" holds no cancel intent). docs/intents.md gives
 * the rules, the built-in cues and their measured accuracy.
 *
 * co_intents_new() gives the built-in English rules; co_intents_load()
 * adds intents and cues from a definition file:
 *
 *     # comment
 *     intent upgrade
 *     cue upgrade 0.8 upgrade my plan
 *     cue cancel 0.9 ^stop my * plan
 *     negcue cancel 0.8 renew
 *
 * Thread safety: detection only reads the rule set, so any number of
 * threads may detect with one set at once; co_intents_load() must not
 * overlap any other use of the same set.
 */
#ifndef CUSTORIENT_INTENTS_H
#define CUSTORIENT_INTENTS_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A set of intent rules (opaque). */
typedef struct co_intents co_intents;

/** The built-in intents: their indices in every rule set. */
typedef enum co_intent_kind {
    CO_INTENT_CANCEL = 0,    /**< will stop buying, cancel, close, switch (a churn threat) */
    CO_INTENT_REFUND = 1,    /**< wants money back */
    CO_INTENT_COMPLAINT = 2, /**< reports a problem, delay or disappointment */
    CO_INTENT_QUESTION = 3,  /**< asks something */
    CO_INTENT_PRAISE = 4     /**< says something went well, thanks */
} co_intent_kind;

/** Number of built-in intents (::co_intent_kind). */
#define CO_INTENT_BUILTIN_COUNT 5

/** Intents below this confidence are not reported. */
#define CO_INTENT_MIN_CONFIDENCE 0.5

/** Longest cue phrase, in words. */
#define CO_INTENT_MAX_WORDS 6

/** One intent found in a text. ABI: frozen (an array element). */
typedef struct co_intent_hit {
    size_t intent;     /**< index of the intent (co_intents_get_name()) */
    double confidence; /**< in [CO_INTENT_MIN_CONFIDENCE, 1] */
    size_t begin;      /**< byte offset of the strongest evidence in the text */
    size_t end;        /**< one past its last byte: the evidence is text[begin, end) */
} co_intent_hit;

/**
 * Create a rule set holding the built-in English intents and cues.
 * @param[out] out the rules; free them with co_intents_free().
 * @return CO_OK, CO_EINVAL (NULL out) or CO_ENOMEM.
 */
CO_API int co_intents_new(co_intents **out);

/** Free a rule set; NULL is a no-op. */
CO_API void co_intents_free(co_intents *intents);

/**
 * Add the intents and cues of a definition (format in the file comment
 * above and docs/intents.md). All or nothing: on any error the set is
 * unchanged.
 * @param source names the text in error messages (NULL: "<memory>").
 * @return CO_OK; CO_EINVAL (NULL argument); CO_EPARSE with
 *         "source:line:column: what" (also co_errpath(), co_errline(),
 *         co_errcolumn()) for a malformed line, an unknown or repeated
 *         intent, a bad weight or phrase; CO_ENOMEM.
 */
CO_API int co_intents_load_buffer(co_intents *intents, const char *text, size_t len,
                                  const char *source);

/**
 * As co_intents_load_buffer(), from a file.
 * @return as co_intents_load_buffer(), plus CO_EIO when the file cannot be read.
 */
CO_API int co_intents_load(co_intents *intents, const char *path);

/** Number of intents (0 for NULL); the built-in ones come first. */
CO_API size_t co_intents_count(const co_intents *intents);

/**
 * Name of intent `index` ("cancel", "refund", ...; borrowed, valid while the
 * set lives).
 * @return CO_OK; CO_EINVAL for NULL; CO_ERANGE if index >= co_intents_count().
 */
CO_API int co_intents_get_name(const co_intents *intents, size_t index, const char **out);

/**
 * Index of the intent called `name`.
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOTFOUND for an unknown name.
 */
CO_API int co_intents_find(const co_intents *intents, const char *name, size_t *out);

/**
 * Find the intents of one text. Never allocates.
 * @param text UTF-8 text of `len` bytes (invalid bytes are skipped; may be
 *        NULL when len is 0).
 * @param[out] hits room for `cap` results, written in intent order, one per
 *        intent found; `cap` >= co_intents_count() always suffices.
 * @param[out] n_found the number of intents found (more than `cap` when
 *        they did not all fit; only the first `cap` are written).
 * @return CO_OK or CO_EINVAL (NULL argument, NULL text with len > 0, NULL
 *         hits with cap > 0). Outputs untouched on failure.
 */
CO_API int co_intents_detect(const co_intents *intents, const char *text, size_t len,
                             co_intent_hit *hits, size_t cap, size_t *n_found);

/**
 * Confidences of every intent for `n` texts. Never allocates.
 * @param texts the texts; texts[i] may be NULL only if its length is 0.
 * @param lens byte lengths, or NULL when every text is NUL-terminated.
 * @param[out] confidence n x co_intents_count() values, row-major: row i
 *        holds text i's confidence of each intent, 0 where it was not found.
 * @return CO_OK or CO_EINVAL naming the index of a NULL text.
 */
CO_API int co_intents_detect_many(const co_intents *intents, const char *const *texts,
                                  const size_t *lens, size_t n, double *confidence);

/**
 * Intents per customer from their feedback texts up to a day: for each
 * customer and intent, how many texts given on or before `as_of` hold it and
 * the day of the latest. The arrays are those of co_store_feedback_texts()
 * (`customer`, `day`, `text`), or any others. Never allocates.
 * @param texts n texts (texts[i] may be NULL only if its length is 0).
 * @param lens byte lengths, or NULL when every text is NUL-terminated.
 * @param customer n customer indices, each < n_customers.
 * @param day n days (days since 1970-01-01); texts after `as_of` are skipped.
 * @param[out] count n_customers x co_intents_count() counts, row-major.
 * @param[out] last_day the same shape: the day of the latest text holding
 *        the intent, or INT64_MIN where count is 0.
 * @return CO_OK; CO_EINVAL for a NULL argument (naming the index of a NULL
 *         text); CO_ERANGE for a customer index >= n_customers (naming its
 *         position). Outputs untouched on failure.
 */
CO_API int co_intents_per_customer(const co_intents *intents, const char *const *texts,
                                   const size_t *lens, const size_t *customer, const co_day *day,
                                   size_t n, size_t n_customers, co_day as_of, uint32_t *count,
                                   co_day *last_day);

#ifdef __cplusplus
}
#endif

#endif
