/**
 * @file custorient/topics.h
 * @brief Pain-point topics: which subjects negative feedback is about.
 *
 * A ::co_topics map sends keywords to named topics ("refund" -> billing). A
 * text mentions a topic when one of its words is a keyword of that topic; a
 * keyword ending in `*` matches every word that starts with it ("deliver*"
 * matches delivery, delivered, deliveries). Words are compared as the
 * sentiment scorer normalises them (ASCII lower-case, apostrophes removed); a
 * hyphenated word also matches through its parts and its hyphen-free form.
 *
 * co_topics_tally() counts, per topic, the texts that mention it and those of
 * them that are negative, so the topics that drive complaints stand out.
 *
 * Thread safety: a map may be read (match, tally) by many threads at once;
 * co_topics_add() must not overlap any other use of the same map.
 */
#ifndef CUSTORIENT_TOPICS_H
#define CUSTORIENT_TOPICS_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"
#include "custorient/sentiment.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A keyword-to-topic map (opaque). */
typedef struct co_topics co_topics;

/**
 * Create an empty map.
 * @param[out] out the map; free it with co_topics_free().
 * @return CO_OK, CO_EINVAL (NULL out) or CO_ENOMEM.
 */
CO_API int co_topics_new(co_topics **out);

/**
 * Create a map holding the default customer-service topics, in this order:
 * price, delivery, quality, support, billing, usability (keywords listed in
 * docs/sentiment.md). More topics and keywords can be added.
 * @return CO_OK, CO_EINVAL (NULL out) or CO_ENOMEM.
 */
CO_API int co_topics_new_default(co_topics **out);

/**
 * Copy a map: its topics in the same order, each with its keywords,
 * independent of `topics` from then on (adding to one leaves the other alone).
 * @param topics the map to copy (read only: may be copied while other threads
 *        match or tally with it).
 * @param[out] out the copy; free it with co_topics_free(). Untouched on failure.
 * @return CO_OK, CO_EINVAL (NULL argument) or CO_ENOMEM.
 */
CO_API int co_topics_copy(const co_topics *topics, co_topics **out);

/** Free a map; NULL is a no-op. */
CO_API void co_topics_free(co_topics *topics);

/**
 * Map `keyword` to `topic`, creating the topic (at the next index) if new.
 * @param topic a non-empty NUL-terminated name (any UTF-8).
 * @param keyword a word as in co_lexicon_set(), optionally ending in `*`
 *        for a prefix match.
 * @return CO_OK; CO_EINVAL for a NULL or invalid argument; CO_EEXIST when
 *         the keyword is already mapped (to any topic); CO_ENOMEM. On failure
 *         the map is unchanged.
 */
CO_API int co_topics_add(co_topics *topics, const char *topic, const char *keyword);

/** Number of topics (0 for NULL). */
CO_API size_t co_topics_count(const co_topics *topics);

/**
 * Name of topic `index` (borrowed: valid while the map lives and unchanged).
 * @return CO_OK; CO_EINVAL for NULL; CO_ERANGE if index >= co_topics_count().
 */
CO_API int co_topics_get_name(const co_topics *topics, size_t index, const char **out);

/**
 * Which topics one text mentions. Never allocates.
 * @param[out] hits co_topics_count() flags, set to 1 for each topic the text
 *        mentions and 0 otherwise; untouched on failure.
 * @return CO_OK or CO_EINVAL (NULL argument, NULL text with len > 0).
 */
CO_API int co_topics_match(const co_topics *topics, const char *text, size_t len, uint8_t *hits);

/** Per-topic counts of co_topics_tally(). ABI: frozen (an array element); other
 *  per-topic figures would get their own function. */
typedef struct co_topic_count {
    uint64_t mentions;     /**< texts that mention the topic */
    uint64_t negative;     /**< of those, texts that are negative */
    double negative_share; /**< negative / all negative texts (0 when there are none) */
    double negative_rate;  /**< negative / mentions (0 when there are no mentions) */
} co_topic_count;

/**
 * Count topic mentions and negative mentions over `n` texts.
 *
 * A text is negative when its compound score is at most `negative_at`
 * (CO_SENTIMENT_NEGATIVE is the usual choice). Scores come from `compound`
 * when given, else the texts are scored with `lex` (NULL: built-in English).
 * @param texts the texts (UTF-8; texts[i] may be NULL only if its length is 0).
 * @param lens byte lengths, or NULL when the texts are NUL-terminated.
 * @param compound n precomputed compound scores, or NULL.
 * @param[out] counts co_topics_count() results; untouched on failure.
 * @param[out] n_negative number of negative texts (may be NULL).
 * @return CO_OK; CO_EINVAL for a NULL argument, a NULL text with a length,
 *         NaN in `compound` or `negative_at` (naming the index); CO_ENOMEM
 *         (one small block of co_topics_count() entries is allocated per call).
 */
CO_API int co_topics_tally(const co_topics *topics, const co_lexicon *lex, const char *const *texts,
                           const size_t *lens, size_t n, const double *compound, double negative_at,
                           co_topic_count *counts, uint64_t *n_negative);

/**
 * Mergeable topic tallies (opaque): the counts of co_topics_tally() for one topic map and
 * one threshold `negative_at`, kept as counts so that the tallies of different workers
 * add up. Merging in any order and grouping gives, to the bit, what co_topics_tally()
 * gives on all texts at once. Serialise with co_topic_tally_serialize() (docs/formats.md).
 */
typedef struct co_topic_tally co_topic_tally;

/**
 * An empty tally of the topics of `topics` (their names are copied).
 * @param negative_at the compound score at or below which a text is negative (not NaN).
 * @param[out] out caller frees with co_topic_tally_free(); untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or a NaN threshold; CO_ENOMEM.
 */
CO_API int co_topic_tally_new(const co_topics *topics, double negative_at, co_topic_tally **out);

/** Free a tally; NULL is a no-op. */
CO_API void co_topic_tally_free(co_topic_tally *tally);

/**
 * Count `n` texts, as co_topics_tally() (same arguments) with the tally's threshold.
 * @param topics the map the tally was made for (the same topic names, in order).
 * @return CO_OK; the errors of co_topics_tally(); CO_EINVAL for a map with other topics;
 *         CO_EOVERFLOW when a count would pass 2^64. Nothing is counted on failure.
 */
CO_API int co_topic_tally_add(co_topic_tally *tally, const co_topics *topics, const co_lexicon *lex,
                              const char *const *texts, const size_t *lens, size_t n,
                              const double *compound);

/**
 * Add `other` (the same topic names and threshold) to `acc`; `other` may be `acc`.
 * @return CO_OK; CO_EINVAL for NULL, other topics or another threshold; CO_EOVERFLOW.
 *         `acc` unchanged on failure.
 */
CO_API int co_topic_tally_merge(co_topic_tally *acc, const co_topic_tally *other);

/** Number of topics; 0 for NULL. */
CO_API size_t co_topic_tally_count(const co_topic_tally *tally);

/** Texts counted; 0 for NULL. */
CO_API uint64_t co_topic_tally_texts(const co_topic_tally *tally);

/**
 * Name of topic `index` (borrowed, valid while the tally lives).
 * @return CO_OK; CO_EINVAL for NULL; CO_ERANGE for an index past the end.
 */
CO_API int co_topic_tally_get_name(const co_topic_tally *tally, size_t index, const char **out);

/**
 * The per-topic counts and shares, as co_topics_tally() writes them.
 * @param[out] counts co_topic_tally_count() entries; @param[out] n_negative negative texts
 *             (may be NULL).
 * @return CO_OK, or CO_EINVAL for NULL.
 */
CO_API int co_topic_tally_counts(const co_topic_tally *tally, co_topic_count *counts,
                                 uint64_t *n_negative);

/**
 * Serialise a tally (kind ::CO_PARTIAL_TOPICS of custorient/partial.h).
 * @param[out] out bytes, caller frees with co_partial_free(); @param[out] out_len their length.
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOMEM. Outputs untouched on failure.
 */
CO_API int co_topic_tally_serialize(const co_topic_tally *tally, void **out, size_t *out_len);

/**
 * Read a tally written by co_topic_tally_serialize().
 * @param[out] out the new tally; caller frees with co_topic_tally_free(). Untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or bytes of another kind; CO_ECORRUPT for damaged,
 *         truncated or newer-version bytes, or counts no texts give (more negative
 *         mentions than mentions or negative texts, more of either than texts, a NaN
 *         threshold, an empty topic name or one that is not UTF-8); CO_ENOMEM.
 */
CO_API int co_topic_tally_deserialize(const void *bytes, size_t len, co_topic_tally **out);

#ifdef __cplusplus
}
#endif

#endif
