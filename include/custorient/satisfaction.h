/**
 * @file custorient/satisfaction.h
 * @brief CSAT, CES and rating-scale normalisation.
 *
 * CSAT and CES are both summaries of answers on a rating scale: the share of
 * answers inside a "box" (the top two of 1-5 for CSAT; 5-7 of 1-7, i.e. the
 * customers who agree the company made it easy, for CES 2.0), and the mean.
 * One function, co_rating_summarize(), computes both from options that
 * co_csat_options_init() or co_ces_options_init() preset.
 *
 * Thread safety: all functions are reentrant; they only touch their arguments.
 */
#ifndef CUSTORIENT_SATISFACTION_H
#define CUSTORIENT_SATISFACTION_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options of co_rating_summarize(). Initialise with an `_init` function.
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults
 *  for the fields it lacks (docs/conventions.md). */
typedef struct co_rating_options {
    size_t size;   /**< sizeof(co_rating_options), set by the init functions. */
    int scale_min; /**< Lowest possible answer (e.g. 1). */
    int scale_max; /**< Highest possible answer (e.g. 5). */
    int box_min;   /**< Lowest answer counted in the box. */
    int box_max;   /**< Highest answer counted in the box. */
    double level;  /**< Confidence level of the intervals, in (0, 1); default 0.95. */
} co_rating_options;

/**
 * Set `opts` to the CSAT defaults (scale 1-5, box 4-5: the top two, level 0.95): call
 * as `co_csat_options_init(&opts, sizeof opts)`. `size` is the
 * sizeof(co_rating_options) the caller was compiled with: only the fields within its
 * first `size` bytes are written, never a byte past them (a program built against an
 * older, smaller struct keeps the memory after its struct intact), and `opts->size`
 * becomes `size`. Fields the caller does not have take these defaults when the struct
 * is passed. The caller owns `opts`; nothing is allocated.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opts` or a `size`
 *         smaller than the size field (0 included) or larger than this library's
 *         struct (a caller built against a newer release).
 */
CO_API int co_csat_options_init(co_rating_options *opts, size_t size);

/**
 * Set `opts` to the CES 2.0 defaults (scale 1-7, box 5-7: agree it was easy, level
 * 0.95): call as `co_ces_options_init(&opts, sizeof opts)`. `size` is the
 * sizeof(co_rating_options) the caller was compiled with: only the fields within its
 * first `size` bytes are written, never a byte past them (a program built against an
 * older, smaller struct keeps the memory after its struct intact), and `opts->size`
 * becomes `size`. Fields the caller does not have take these defaults when the struct
 * is passed. The caller owns `opts`; nothing is allocated.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opts` or a `size`
 *         smaller than the size field (0 included) or larger than this library's
 *         struct (a caller built against a newer release).
 */
CO_API int co_ces_options_init(co_rating_options *opts, size_t size);

/**
 * Set `opts` to the options of a satisfaction scale from `scale_min` to `scale_max`
 * with the customary top box: 1 answer for scales of up to 3 points, 3 for 7-point
 * scales, 2 otherwise (so 1-5 -> 4-5, 1-7 -> 5-7, 1-10 -> 9-10), level 0.95. Call as
 * `co_rating_options_for_scale(&opts, sizeof opts, 1, 10)`; `size` works as for
 * co_csat_options_init(): only the first `size` bytes are written and `opts->size`
 * becomes `size`.
 * @return CO_OK; CO_EINVAL, with nothing written, if scale_min >= scale_max, `opts` is
 *         NULL or `size` is smaller than the size field (0 included) or larger than
 *         this library's struct.
 */
CO_API int co_rating_options_for_scale(co_rating_options *opts, size_t size, int scale_min,
                                       int scale_max);

/**
 * Summary of rating answers. Sized by the caller: set `size` before the call
 * (`co_rating_summary s = {.size = sizeof s};`); the library writes only the
 * fields that fit, so later releases can add figures at the end. A size of 0
 * or larger than the library's struct is CO_EINVAL.
 */
typedef struct co_rating_summary {
    size_t size;        /**< In: sizeof(co_rating_summary) as the caller knows it. */
    size_t n;           /**< Number of answers. */
    size_t in_box;      /**< Answers inside the box. */
    double share;       /**< 100 * in_box / n: the CSAT score, or CES % easy. */
    double share_lower; /**< Wilson score interval of the share, percent. */
    double share_upper;
    double mean;       /**< Mean answer, on the rating scale. */
    double sd;         /**< Sample standard deviation (n - 1 divisor); NaN if n < 2. */
    double mean_lower; /**< Student t interval of the mean; NaN if n < 2. */
    double mean_upper;
} co_rating_summary;

/**
 * Summarise `n` answers (`ratings` on the options' scale).
 * @param opts NULL for the CSAT defaults; an older caller's smaller struct gets
 *             the CSAT defaults for the fields it lacks.
 * @param[in,out] out its `size` set by the caller.
 * @return CO_OK; CO_EINVAL for NULL arguments, n == 0, a bad size of `opts` or
 *         `out`, or inconsistent options (scale_min >= scale_max, a box outside
 *         the scale or empty, level outside (0, 1)); CO_ERANGE naming the first
 *         answer outside the scale. `out` is untouched on failure.
 */
CO_API int co_rating_summarize(const int *ratings, size_t n, const co_rating_options *opts,
                               co_rating_summary *out);

/** Most points of a scale whose answers are counted point by point (0-100 has 101):
 *  the scales of ::co_rating_counts. */
#define CO_RATING_MAX_POINTS 101

/**
 * Mergeable counts of rating answers (opaque): how many answers each point of one
 * scale received. Each worker counts its answers; merging the counts of all workers,
 * in any order and grouping, and summarising gives exactly (to the last bit) what
 * co_rating_summarize() gives on all answers at once. Serialise with
 * co_rating_counts_serialize() to ship them (docs/formats.md).
 */
typedef struct co_rating_counts co_rating_counts;

/**
 * Empty counts for answers from `scale_min` to `scale_max`.
 * @param[out] out caller frees with co_rating_counts_free(); untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or scale_min >= scale_max; CO_ERANGE for a scale of
 *         more than CO_RATING_MAX_POINTS points; CO_ENOMEM.
 */
CO_API int co_rating_counts_new(int scale_min, int scale_max, co_rating_counts **out);

/** Free counts; NULL is a no-op. */
CO_API void co_rating_counts_free(co_rating_counts *counts);

/**
 * Count `n` answers.
 * @return CO_OK; CO_EINVAL for NULL (`ratings` may be NULL when n is 0); CO_ERANGE
 *         naming the first answer outside the scale; CO_EOVERFLOW when a count would
 *         pass 2^64. Nothing is counted on failure.
 */
CO_API int co_rating_counts_add(co_rating_counts *counts, const int *ratings, size_t n);

/**
 * Add the counts of `other` (the same scale) to `acc`; `other` may be `acc`.
 * @return CO_OK; CO_EINVAL for NULL or another scale; CO_EOVERFLOW. `acc` unchanged
 *         on failure.
 */
CO_API int co_rating_counts_merge(co_rating_counts *acc, const co_rating_counts *other);

/** Answers counted; 0 for NULL. */
CO_API uint64_t co_rating_counts_total(const co_rating_counts *counts);

/**
 * The scale of the counts.
 * @return CO_OK, or CO_EINVAL for NULL.
 */
CO_API int co_rating_counts_scale(const co_rating_counts *counts, int *min, int *max);

/**
 * Summarise the answers counted, as co_rating_summarize() does.
 * @param opts NULL for CSAT's box and level (4-5 of 1-5: on another scale pass options,
 *             e.g. from co_rating_options_for_scale()); their scale must be the counts'.
 * @param[in,out] out its `size` set by the caller; untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL, bad options or sizes, options of another scale, or
 *         no answers counted.
 */
CO_API int co_rating_counts_summarize(const co_rating_counts *counts, const co_rating_options *opts,
                                      co_rating_summary *out);

/**
 * Serialise counts (kind ::CO_PARTIAL_RATINGS of custorient/partial.h).
 * @param[out] out bytes, caller frees with co_partial_free(); @param[out] out_len their length.
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOMEM. Outputs untouched on failure.
 */
CO_API int co_rating_counts_serialize(const co_rating_counts *counts, void **out, size_t *out_len);

/**
 * Read counts written by co_rating_counts_serialize().
 * @param[out] out new counts, caller frees with co_rating_counts_free(); untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or bytes of another kind; CO_ECORRUPT for damaged,
 *         truncated or newer-version bytes, a scale no counts have, or counts whose total
 *         passes 2^64; CO_ENOMEM.
 */
CO_API int co_rating_counts_deserialize(const void *bytes, size_t len, co_rating_counts **out);

/**
 * As co_rating_summarize(), from the number of answers of each value:
 * `counts[k]` answers of `scale_min + k`, for the `n_levels` values of the
 * options' scale (5 for CSAT, 7 for CES). For tallies of data too large to
 * hold (co_stream_tally_feedback()). The figures equal co_rating_summarize()'s
 * on the same answers to the last bit (both add per value of the scale).
 * @return CO_OK; CO_EINVAL for NULL arguments, no answers, n_levels other
 *         than the scale's number of values, or as co_rating_summarize();
 *         CO_EOVERFLOW for more than 2^64 answers. `out` is untouched on failure.
 */
CO_API int co_rating_summarize_counts(const uint64_t *counts, size_t n_levels,
                                      const co_rating_options *opts, co_rating_summary *out);

/**
 * Map answers on a scale from `low` to `high` onto 0-100:
 * out_values[i] = 100 * (values[i] - low) / (high - low). Pass low > high for a
 * scale whose best answer is its smallest number (e.g. 1 = "no effort").
 * `out_values` may be `values` (in place).
 * @return CO_OK; CO_EINVAL for NULL arrays (with n > 0), low == high,
 *         non-finite bounds or a span high - low beyond double range, a NaN/infinite value (naming
 * its index); CO_ERANGE for a value outside the scale (naming its index). `out_values` is untouched
 * on failure.
 */
CO_API int co_scale_normalize(const double *values, size_t n, double low, double high,
                              double *out_values);

#ifdef __cplusplus
}
#endif

#endif
