/**
 * @file custorient/rfm.h
 * @brief RFM analysis: recency, frequency and monetary scores and the named
 *        customer segments built on them.
 *
 * Inputs are one value per customer in plain arrays:
 * - recency: days from the customer's last order to the analysis date
 *   (fewer days is better, so the fewest days score highest);
 * - frequency: number of orders;
 * - monetary: total revenue, in the data's currency unit.
 *
 * Scoring follows the R package `rfm` (0.3.0) by default: each variable is cut
 * into `bins` classes at its sample quantiles (R's type 7, i.e. linear
 * interpolation between order statistics, at k/bins for k = 1..bins-1), each
 * cut point raised by `offset` (1 in R). A value scores 1 + the number of cut
 * points it reaches (value >= cut); recency scores are reversed
 * (bins + 1 - that). Equal values always share a score. See docs/rfm.md.
 *
 * Segments: the first rule (in order) whose three score ranges contain the
 * customer's scores names the segment; a customer matching none is in
 * "Others". The default rules are those of the R package plus "Hibernating".
 *
 * Thread safety: every function is reentrant; nothing here keeps state.
 */
#ifndef CUSTORIENT_RFM_H
#define CUSTORIENT_RFM_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest number of score classes per variable (scores are 1..bins). */
#define CO_RFM_MAX_BINS 9

/** Options of co_rfm_scores(); set up with co_rfm_options_init().
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults
 *  for the fields it lacks (docs/conventions.md). */
typedef struct co_rfm_options {
    size_t size;             /**< sizeof(co_rfm_options), set by co_rfm_options_init(). */
    unsigned recency_bins;   /**< Score classes for recency, 2..CO_RFM_MAX_BINS (default 5). */
    unsigned frequency_bins; /**< Score classes for frequency (default 5). */
    unsigned monetary_bins;  /**< Score classes for monetary value (default 5). */
    double offset;           /**< Added to every quantile cut point (default 1, as in R). */
    /** Custom cut points instead of quantiles: NULL (default) or `recency_bins - 1`
     *  finite, non-decreasing values; `offset` is not added to them. Borrowed. */
    const double *recency_cuts;
    const double *frequency_cuts; /**< As recency_cuts, `frequency_bins - 1` values. */
    const double *monetary_cuts;  /**< As recency_cuts, `monetary_bins - 1` values. */
} co_rfm_options;

/**
 * Set `opts` to the defaults (5 bins each, offset 1, quantile cuts: the cut pointers
 * NULL): call as `co_rfm_options_init(&opts, sizeof opts)`. `size` is the
 * sizeof(co_rfm_options) the caller was compiled with: only the fields within its
 * first `size` bytes are written, never a byte past them (a program built against an
 * older, smaller struct keeps the memory after its struct intact), and `opts->size`
 * becomes `size`. Fields the caller does not have take these defaults when the struct
 * is passed. The caller owns `opts`; nothing is allocated.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opts` or a `size`
 *         smaller than the size field (0 included) or larger than this library's
 *         struct (a caller built against a newer release).
 */
CO_API int co_rfm_options_init(co_rfm_options *opts, size_t size);

/**
 * Quantile cut points of `values` for `bins` classes: the type-7 sample
 * quantiles at k/bins (k = 1..bins-1), each plus `offset`.
 * @param[out] cuts_out `bins - 1` cut points (non-decreasing); untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL pointers, n == 0, bins outside
 *         2..CO_RFM_MAX_BINS, a non-finite offset or a NaN/infinite value
 *         (the message names its index); CO_EOVERFLOW when a quantile plus the
 *         offset exceeds the double range; CO_ENOMEM.
 */
CO_API int co_rfm_cuts(const double *values, size_t n, unsigned bins, double offset,
                       double *cuts_out);

/**
 * Score each value against `ncuts` non-decreasing cut points: 1 + the number
 * of cuts c with value >= c, or with `reverse` non-zero ncuts + 1 minus that
 * (for recency, where less is better). Scores run from 1 to ncuts + 1.
 * @param[out] scores_out n scores; untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL pointers, ncuts outside
 *         1..CO_RFM_MAX_BINS-1, unordered or non-finite cuts, or a NaN/infinite
 *         value (named by index).
 */
CO_API int co_rfm_score(const double *values, size_t n, const double *cuts, size_t ncuts,
                        int reverse, uint8_t *scores_out);

/**
 * Recency, frequency and monetary scores of n customers in one call.
 * @param opts NULL for the defaults, else initialised by co_rfm_options_init().
 * @param[out] recency_out,frequency_out,monetary_out n scores each; all three
 *         untouched on failure.
 * @return CO_OK (also for n == 0); CO_EINVAL for NULL pointers, bad options
 *         or a NaN/infinite value (the message names the variable and index);
 *         CO_EOVERFLOW when a quantile cut point plus the offset exceeds the
 *         double range (as co_rfm_cuts()); CO_ENOMEM.
 */
CO_API int co_rfm_scores(const double *recency, const double *frequency, const double *monetary,
                         size_t n, const co_rfm_options *opts, uint8_t *recency_out,
                         uint8_t *frequency_out, uint8_t *monetary_out);

/**
 * An exact, mergeable histogram of one RFM variable (opaque): each distinct value with
 * the number of customers that have it. Each worker adds its customers' values; merging
 * the histograms of all workers, in any order and grouping, gives the same histogram,
 * and co_rfm_histogram_cuts() gives the cut points co_rfm_cuts() computes on all values
 * at once, to the last bit. Its size is the number of distinct values: small for days
 * and order counts, and for money bounded by the range in cents when amounts are whole
 * cents (no rank error: the quantiles are exact). Serialise with
 * co_rfm_histogram_serialize() to ship it (docs/formats.md).
 */
typedef struct co_rfm_histogram co_rfm_histogram;

/**
 * An empty histogram.
 * @param[out] out caller frees with co_rfm_histogram_free(); untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOMEM.
 */
CO_API int co_rfm_histogram_new(co_rfm_histogram **out);

/** Free a histogram; NULL is a no-op. */
CO_API void co_rfm_histogram_free(co_rfm_histogram *hist);

/**
 * Count `n` values (-0 counts as 0).
 * @return CO_OK; CO_EINVAL for NULL (`values` may be NULL when n is 0) or a NaN or
 *         infinite value (naming its index); CO_EOVERFLOW when the total would pass 2^64;
 *         CO_ENOMEM. Nothing is counted on failure.
 */
CO_API int co_rfm_histogram_add(co_rfm_histogram *hist, const double *values, size_t n);

/**
 * Add the counts of `other` to `acc` (`other` may be `acc`).
 * @return CO_OK; CO_EINVAL for NULL; CO_EOVERFLOW; CO_ENOMEM. `acc` unchanged on failure.
 */
CO_API int co_rfm_histogram_merge(co_rfm_histogram *acc, const co_rfm_histogram *other);

/** Distinct values counted; 0 for NULL. */
CO_API size_t co_rfm_histogram_count(const co_rfm_histogram *hist);

/** Values counted, repeats included; 0 for NULL. */
CO_API uint64_t co_rfm_histogram_total(const co_rfm_histogram *hist);

/**
 * Distinct value `index` (ascending) and how many times it was counted.
 * @return CO_OK; CO_EINVAL for NULL; CO_ERANGE for an index >= co_rfm_histogram_count().
 */
CO_API int co_rfm_histogram_get(const co_rfm_histogram *hist, size_t index, double *value,
                                uint64_t *count);

/**
 * The quantile cut points of the values counted, as co_rfm_cuts() (same arguments and
 * errors; no values counted is CO_EINVAL).
 */
CO_API int co_rfm_histogram_cuts(const co_rfm_histogram *hist, unsigned bins, double offset,
                                 double *cuts_out);

/**
 * Serialise a histogram (kind ::CO_PARTIAL_HISTOGRAM of custorient/partial.h).
 * @param[out] out bytes, caller frees with co_partial_free(); @param[out] out_len their length.
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOMEM. Outputs untouched on failure.
 */
CO_API int co_rfm_histogram_serialize(const co_rfm_histogram *hist, void **out, size_t *out_len);

/**
 * Read a histogram written by co_rfm_histogram_serialize().
 * @param[out] out the new histogram; caller frees with co_rfm_histogram_free(). Untouched
 *             on failure.
 * @return CO_OK; CO_EINVAL for NULL or bytes of another kind; CO_ECORRUPT for damaged,
 *         truncated or newer-version bytes, or a histogram no values give (values not
 *         strictly ascending or not finite, a zero count, a total past 2^64); CO_ENOMEM.
 */
CO_API int co_rfm_histogram_deserialize(const void *bytes, size_t len, co_rfm_histogram **out);

/** A segment rule: inclusive score ranges for recency, frequency, monetary.
 *  ABI: frozen (an array element; RFM has exactly three variables). */
typedef struct co_rfm_rule {
    uint8_t r_min, r_max; /**< Recency score range. */
    uint8_t f_min, f_max; /**< Frequency score range. */
    uint8_t m_min, m_max; /**< Monetary score range. */
} co_rfm_rule;

/** The default segments, in rule order; CO_RFM_OTHERS is "matched no rule". */
typedef enum co_rfm_segment {
    CO_RFM_CHAMPIONS = 0,      /**< R5 F5 M5 */
    CO_RFM_POTENTIAL_LOYALIST, /**< R3-5 F3-5 M2-5 */
    CO_RFM_LOYAL,              /**< R2-4 F2-4 M2-4 ("Loyal Customers") */
    CO_RFM_PROMISING,          /**< R3-4 F1-3 M3-5 */
    CO_RFM_NEW,                /**< R4-5 F1-3 M1-5 ("New Customers") */
    CO_RFM_CANT_LOSE,          /**< R1-2 F3-4 M4-5 ("Can't Lose Them") */
    CO_RFM_AT_RISK,            /**< R1-2 F2-5 M4-5 */
    CO_RFM_NEED_ATTENTION,     /**< R1-3 F3-5 M3-5 */
    CO_RFM_ABOUT_TO_SLEEP,     /**< R2-3 F1-3 M1-4 */
    CO_RFM_LOST,               /**< R1 */
    CO_RFM_HIBERNATING,        /**< R1-2 (what is left of R2 after the rules above) */
    CO_RFM_OTHERS,             /**< matched no rule */
    CO_RFM_SEGMENT_COUNT       /**< number of default segments including Others */
} co_rfm_segment;

/**
 * The default rule table (CO_RFM_OTHERS entries, in co_rfm_segment order),
 * designed for 5 score classes.
 * @param[out] count number of rules; may be NULL.
 * @return a static table (never NULL).
 */
CO_API const co_rfm_rule *co_rfm_default_rules(size_t *count);

/**
 * Display name of a default segment, e.g. "Can't Lose Them".
 * @return a static string; "Others" for CO_RFM_OTHERS, NULL for other values.
 */
CO_API const char *co_rfm_segment_name(int segment);

/**
 * Segment of each customer: the index of the first rule that contains its
 * three scores, or `nrules` when none does.
 * @param rules NULL for the default rules (then indices are co_rfm_segment values).
 * @param[out] segments_out n segment indices; untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL pointers, nrules == 0 with custom rules, a
 *         rule with min > max, or a score of 0 (named by index).
 */
CO_API int co_rfm_segments(const uint8_t *recency_score, const uint8_t *frequency_score,
                           const uint8_t *monetary_score, size_t n, const co_rfm_rule *rules,
                           size_t nrules, int *segments_out);

/**
 * Size and value of each segment: customers, orders (sum of frequency) and
 * revenue (sum of monetary) over customers with segments[i] == s, for
 * s = 0..nsegments-1. Each output array holds nsegments entries.
 * @return CO_OK; CO_EINVAL for NULL pointers, nsegments == 0 or a NaN/infinite
 *         frequency or monetary value; CO_ERANGE for a segment index outside
 *         0..nsegments-1 (each named by index). Outputs untouched on failure.
 */
CO_API int co_rfm_summarize(const int *segments, const double *frequency, const double *monetary,
                            size_t n, size_t nsegments, uint64_t *customers_out, double *orders_out,
                            double *revenue_out);

#ifdef __cplusplus
}
#endif

#endif
