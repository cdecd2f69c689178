/**
 * @file custorient/partial.h
 * @brief Partial states as bytes: the frame every serialised partial state shares.
 *
 * A partial state is what one worker computes over its share of the data (NPS counts,
 * Kaplan-Meier event counts, a retention table...): merging partial states gives exactly
 * what one pass over all the data gives. To ship a state between processes or machines
 * each module serialises it to bytes (`co_nps_serialize()`, `co_km_counts_serialize()`...)
 * and reads it back with the matching `_deserialize()`.
 *
 * All of them share one frame (docs/formats.md, "Partial states"); integers are
 * little-endian and doubles are IEEE-754 binary64 bit patterns, so bytes written on one
 * machine read the same on any other:
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 4 | magic "COPS" |
 * | 4 | 2 | kind (::co_partial_kind) |
 * | 6 | 2 | version of that kind's payload layout |
 * | 8 | 8 | payload length L in bytes |
 * | 16 | L | payload |
 * | 16 + L | 4 | CRC-32C (Castagnoli) of the bytes 0 to 16 + L |
 *
 * A reader refuses, with nothing written: bytes shorter than the frame or than the length
 * they declare, a bad magic, a payload version newer than it knows, a checksum that does not
 * match, bytes after the checksum, and a payload that does not decode to a valid state
 * (::CO_ECORRUPT, co_errmsg() saying which); a valid frame of another kind is ::CO_EINVAL
 * ("holds a Kaplan-Meier partial state, not NPS counts").
 *
 * Serialised bytes are allocated by the library and released with co_partial_free().
 *
 * Thread safety: the functions only touch their arguments.
 */
#ifndef CUSTORIENT_PARTIAL_H
#define CUSTORIENT_PARTIAL_H

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Bytes of the frame around a payload: a 16-byte header and a 4-byte checksum. */
#define CO_PARTIAL_FRAME_BYTES 20

/** What a serialised partial state holds (the frame's kind field). Values are fixed. */
typedef enum co_partial_kind {
    CO_PARTIAL_NPS = 1,          /**< ::co_nps counts (custorient/nps.h). */
    CO_PARTIAL_RATINGS = 2,      /**< CSAT/CES answer counts (custorient/satisfaction.h). */
    CO_PARTIAL_KM = 3,           /**< Kaplan-Meier event counts (custorient/survival.h). */
    CO_PARTIAL_RETENTION = 4,    /**< period-over-period retention (custorient/retention.h). */
    CO_PARTIAL_COHORTS = 5,      /**< cohort activity (custorient/retention.h). */
    CO_PARTIAL_HISTOGRAM = 6,    /**< exact value histogram for quantiles (custorient/rfm.h). */
    CO_PARTIAL_TOPICS = 7,       /**< topic tallies (custorient/topics.h). */
    CO_PARTIAL_SENTIMENT = 8,    /**< sentiment tallies (custorient/sentiment.h). */
    CO_PARTIAL_PURCHASE_ROWS = 9 /**< purchase-model rows (x, t_x, T) with weights. */
} co_partial_kind;

/** One more than the largest ::co_partial_kind value. */
#define CO_PARTIAL_KIND_COUNT 10

/**
 * Name of a kind, e.g. "NPS counts"; NULL for a value outside ::co_partial_kind.
 * @return a static string.
 */
CO_API const char *co_partial_kind_name(int kind);

/**
 * Check the frame of serialised bytes (magic, length, checksum) and give the kind and
 * payload version they hold, without decoding the payload.
 * @param[out] kind_out the frame's kind (it may be one this library does not know).
 * @param[out] version_out the payload version.
 * @return CO_OK; CO_EINVAL for a NULL argument; CO_ECORRUPT for bytes that are not a
 *         complete, intact frame. Outputs are untouched on failure.
 */
CO_API int co_partial_peek(const void *bytes, size_t len, int *kind_out, int *version_out);

/** Release bytes returned by a `_serialize()` function; NULL is a no-op. */
CO_API void co_partial_free(void *bytes);

#ifdef __cplusplus
}
#endif

#endif
