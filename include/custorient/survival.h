/**
 * @file custorient/survival.h
 * @brief Kaplan-Meier survival curves with right-censoring and Greenwood bands.
 *
 * Durations are in any unit the caller chooses (days, weeks, months); every
 * time that comes back is in the same unit. A fitted curve is an opaque,
 * immutable ::co_km: after co_km_fit() returns it may be read from several
 * threads at once. Free it with co_km_free().
 *
 * The curve is the product-limit estimate
 *     S(t) = prod over event times t_i <= t of (1 - d_i / n_i),
 * where n_i subjects are at risk just before t_i (a subject censored at t_i
 * still counts as at risk at t_i) and d_i have the event at t_i. Its
 * standard error is Greenwood's, SE(t) = S(t) sqrt(sum d_i / (n_i (n_i - d_i))).
 * See docs/churn.md for the confidence-band forms.
 *
 * co_km_fit_input() adds case weights (n_i and d_i become sums of weights) and
 * left truncation: a subject with entry time e joins the risk set after e, so it
 * counts in n_i only for event times t_i > e (subjects entering at the first
 * time of the table count there too, as every subject does without entry times).
 */
#ifndef CUSTORIENT_SURVIVAL_H
#define CUSTORIENT_SURVIVAL_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How the pointwise confidence band around S(t) is formed. */
typedef enum co_km_band {
    /** exp(-exp(log(-log S) -+ z se)): the "exponential Greenwood" band,
     *  lifelines' default and R's conf.type = "log-log". Stays inside [0, 1]. */
    CO_KM_BAND_LOGLOG = 0,
    /** S exp(-+ z se(log S)), capped at 1: R survival's default (conf.type = "log"). */
    CO_KM_BAND_LOG = 1,
    /** S -+ z SE clipped to [0, 1]: R's conf.type = "plain". */
    CO_KM_BAND_PLAIN = 2
} co_km_band;

/** How the Greenwood variance reads weighted at-risk counts (they matter only
 *  with non-integer weights; with whole weights both forms agree). */
typedef enum co_km_variance {
    /** sum d_i / (n_i (n_i - d_i)) with the weighted counts as they are (R survfit). */
    CO_KM_VARIANCE_GREENWOOD = 0,
    /** As lifelines computes it: n_i truncated to a whole number m_i first, a term
     *  d_i / (m_i (m_i - d_i)); a term is 0 where m_i <= d_i. */
    CO_KM_VARIANCE_WHOLE_AT_RISK = 1
} co_km_variance;

/** Options of co_km_fit(); fill with co_km_options_init() before changing fields.
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults
 *  for the fields it lacks (docs/conventions.md). */
typedef struct co_km_options {
    size_t size;     /**< sizeof(co_km_options), set by co_km_options_init(). */
    double level;    /**< Confidence level of the band in (0, 1); default 0.95. */
    co_km_band band; /**< Band form; default ::CO_KM_BAND_LOGLOG. */
    /** Variance form with weights; default ::CO_KM_VARIANCE_GREENWOOD. */
    co_km_variance variance;
} co_km_options;

/**
 * Set `opts` to the defaults (level 0.95, ::CO_KM_BAND_LOGLOG, ::CO_KM_VARIANCE_GREENWOOD): call as
 * `co_km_options_init(&opts, sizeof opts)`. `size` is the sizeof(co_km_options) the
 * caller was compiled with: only the fields within its first `size` bytes are written,
 * never a byte past them (a program built against an older, smaller struct keeps the
 * memory after its struct intact), and `opts->size` becomes `size`. Fields the caller
 * does not have take these defaults when the struct is passed. The caller owns `opts`;
 * nothing is allocated.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opts` or a `size`
 *         smaller than the size field (0 included) or larger than this library's
 *         struct (a caller built against a newer release).
 */
CO_API int co_km_options_init(co_km_options *opts, size_t size);

/** A fitted Kaplan-Meier curve (opaque, immutable once fitted). */
typedef struct co_km co_km;

/** One row of the curve's table: the estimate from `time` until the next row's time.
 *  ABI: frozen: the columns of a Kaplan-Meier table; other figures get their own
 *  accessor. */
typedef struct co_km_point {
    double time;       /**< 0 for the first row, then each distinct duration, ascending. */
    uint64_t at_risk;  /**< Subjects with duration >= time (all n on the first row);
                            with entry times, only those that entered before `time`. */
    uint64_t events;   /**< Events observed exactly at `time`. */
    uint64_t censored; /**< Subjects censored exactly at `time`. */
    double survival;   /**< S(time). */
    double std_err;    /**< Greenwood standard error of S(time); 0 once S reaches 0. */
    double lower;      /**< Lower end of the band; equal to S where S is 1 or 0. */
    double upper;      /**< Upper end of the band; equal to S where S is 1 or 0. */
} co_km_point;

/**
 * Fit a Kaplan-Meier curve.
 *
 * @param durations  time from origin to event or censoring for each subject, finite and >= 0.
 * @param observed   1 if the subject's event was observed, 0 if right-censored; NULL
 *                   means every event was observed.
 * @param n          number of subjects, at least 1.
 * @param opts       options, or NULL for the defaults.
 * @param[out] out   the new curve; caller frees with co_km_free(). Untouched on failure.
 * @return CO_OK; CO_EINVAL for a NULL pointer, n = 0, a NaN, infinite or negative
 *         duration or an `observed` value other than 0 or 1 (co_errmsg() names the first
 *         bad index), or bad options; CO_ENOMEM.
 */
CO_API int co_km_fit(const double *durations, const uint8_t *observed, size_t n,
                     const co_km_options *opts, co_km **out);

/** The data of co_km_fit_input(); fill with co_km_input_init() before setting fields.
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults (NULL)
 *  for the fields it lacks (docs/conventions.md). */
typedef struct co_km_input {
    size_t size;             /**< sizeof(co_km_input), set by co_km_input_init(). */
    const double *durations; /**< n times from origin to event or censoring, finite, >= 0. */
    const uint8_t *observed; /**< n flags, 1 = event observed, 0 = censored; NULL: all 1. */
    size_t n;                /**< Number of subjects, at least 1. */
    const double *entry;     /**< n entry times (left truncation), finite, 0 <= entry <=
                                  duration; NULL: everyone enters at 0. */
    const double *weights;   /**< n case weights, finite, >= 0 (need not be whole);
                                  NULL: 1 each. */
} co_km_input;

/**
 * Set `data` to the defaults (every pointer NULL, n = 0): call as
 * `co_km_input_init(&data, sizeof data)`. Only the first `size` bytes are written
 * and `data->size` becomes `size` (the rule of co_km_options_init()).
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `data` or a bad `size`.
 */
CO_API int co_km_input_init(co_km_input *data, size_t size);

/**
 * Fit a Kaplan-Meier curve with optional left truncation and case weights.
 *
 * The table has a row at every distinct duration and entry time; without entry
 * times every subject enters at 0, so the first row is at 0 as with co_km_fit().
 * The row's counts in ::co_km_point are numbers of subjects whatever their weights;
 * co_km_weighted_columns() gives the weighted ones. With `entry` NULL and `weights`
 * NULL the curve equals co_km_fit()'s.
 *
 * @param data     the subjects (borrowed for the call only).
 * @param opts     options, or NULL for the defaults.
 * @param[out] out the new curve; caller frees with co_km_free(). Untouched on failure.
 * @return CO_OK; CO_EINVAL for a NULL pointer, a bad struct size, n = 0, a NaN,
 *         infinite or negative duration, entry time or weight, an entry after its
 *         duration, a flag other than 0 or 1 (co_errmsg() names the first bad index),
 *         events outweighing the risk set at a time (possible only when entries
 *         equal their durations), or bad options; CO_ENOMEM.
 */
CO_API int co_km_fit_input(const co_km_input *data, const co_km_options *opts, co_km **out);

/**
 * Copy the weighted count columns of the table into caller arrays of co_km_count()
 * elements; any pointer may be NULL. `at_risk` is the weighted risk set the estimate
 * divides by at the row's time (entered before it, or at the first row, and not yet
 * removed), `events` and `censored` the weights of the subjects observed or censored
 * at that time, `entered` the weight of those entering at it. Without weights these
 * are the counts of co_km_count_columns() as doubles, plus the entries.
 * @return CO_OK, or CO_EINVAL if `km` is NULL.
 */
CO_API int co_km_weighted_columns(const co_km *km, double *at_risk, double *events,
                                  double *censored, double *entered);

/**
 * Mergeable Kaplan-Meier counts (opaque): per distinct time, the subjects (and their
 * weights) that have the event, are censored or enter there. Each worker adds its
 * subjects; merging the counts of all workers, in any order and grouping, and fitting
 * gives the curve co_km_fit_input() gives on all subjects at once: exactly for
 * unweighted subjects and whole weights (the sums are whole numbers, exact below
 * 2^53); with fractional weights up to the rounding of the weight sums. The size grows
 * with the number of distinct times, not subjects. Serialise with
 * co_km_counts_serialize() to ship them (docs/formats.md).
 */
typedef struct co_km_counts co_km_counts;

/**
 * Empty counts.
 * @param[out] out caller frees with co_km_counts_free(); untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOMEM.
 */
CO_API int co_km_counts_new(co_km_counts **out);

/** Free counts; NULL is a no-op. */
CO_API void co_km_counts_free(co_km_counts *counts);

/**
 * Count the subjects of `data` (checked as co_km_fit_input() checks them; n may not be 0).
 * @return CO_OK; CO_EINVAL as co_km_fit_input() for bad subjects; CO_EOVERFLOW when a
 *         count would pass 2^64 or a weight sum the double range; CO_ENOMEM. On failure
 *         `counts` is unchanged.
 */
CO_API int co_km_counts_add(co_km_counts *counts, const co_km_input *data);

/**
 * Add the counts of `other` to `acc` (`other` may be `acc`).
 * @return CO_OK; CO_EINVAL for NULL; CO_EOVERFLOW; CO_ENOMEM. `acc` unchanged on failure.
 */
CO_API int co_km_counts_merge(co_km_counts *acc, const co_km_counts *other);

/** Distinct times counted (rows of the curve co_km_counts_fit() gives); 0 for NULL. */
CO_API size_t co_km_counts_count(const co_km_counts *counts);

/**
 * The Kaplan-Meier curve of the subjects counted.
 * @param opts options, or NULL for the defaults.
 * @param[out] out caller frees with co_km_free(); untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL, no subjects counted, bad options or events
 *         outweighing the risk set (as co_km_fit_input()); CO_ENOMEM.
 */
CO_API int co_km_counts_fit(const co_km_counts *counts, const co_km_options *opts, co_km **out);

/**
 * Serialise counts (kind ::CO_PARTIAL_KM of custorient/partial.h; docs/formats.md).
 * @param[out] out bytes, caller frees with co_partial_free(); @param[out] out_len their length.
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOMEM. Outputs untouched on failure.
 */
CO_API int co_km_counts_serialize(const co_km_counts *counts, void **out, size_t *out_len);

/**
 * Read counts written by co_km_counts_serialize().
 * @param[out] out new counts, caller frees with co_km_counts_free(); untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or bytes of another kind; CO_ECORRUPT for damaged,
 *         truncated or newer-version bytes, or counts no subjects give (times not
 *         ascending, negative or non-finite values, more subjects leaving than entered);
 *         CO_ENOMEM.
 */
CO_API int co_km_counts_deserialize(const void *bytes, size_t len, co_km_counts **out);

/** Free a curve; NULL is a no-op. */
CO_API void co_km_free(co_km *km);

/** Number of points (rows) in the curve's table: distinct durations plus the
 *  point at time 0. 0 for NULL. */
CO_API size_t co_km_count(const co_km *km);

/**
 * Copy point `i` of the table into `out`.
 * @return CO_OK, CO_EINVAL for a NULL pointer, CO_ERANGE if i >= co_km_count().
 */
CO_API int co_km_get_point(const co_km *km, size_t i, co_km_point *out);

/**
 * Copy whole columns of the table into caller arrays of co_km_count() elements.
 * Any of the column pointers may be NULL to skip that column.
 * @return CO_OK, or CO_EINVAL if `km` is NULL.
 */
CO_API int co_km_columns(const co_km *km, double *time, double *survival, double *std_err,
                         double *lower, double *upper);

/**
 * Copy the count columns (at risk, events, censored) of the table; any may be NULL.
 * @return CO_OK, or CO_EINVAL if `km` is NULL.
 */
CO_API int co_km_count_columns(const co_km *km, uint64_t *at_risk, uint64_t *events,
                               uint64_t *censored);

/**
 * Evaluate the step function S at `n` times: S(t) = 1 for t < the first event,
 * and constant between rows. Past the last duration S keeps its last value.
 * @param[out] out  n values.
 * @return CO_OK, or CO_EINVAL for a NULL pointer or a NaN time (naming its index).
 */
CO_API int co_km_survival_at(const co_km *km, const double *t, size_t n, double *out);

/**
 * The smallest time at which S(t) <= 1 - p, i.e. the p-quantile of the
 * lifetime distribution (lifelines' definition). co_km_median() is p = 0.5.
 * @param[out] out the time, or +INFINITY if the curve never falls that far.
 * @return CO_OK, or CO_EINVAL for a NULL pointer or p outside (0, 1).
 */
CO_API int co_km_quantile(const co_km *km, double p, double *out);

/**
 * Confidence limits of the p-quantile read off the band (as R's survfit
 * reports them for the median): `lower` is the first time the band's lower
 * edge is <= 1 - p, `upper` the first time its upper edge is; +INFINITY where
 * the edge never falls that far. The band is the one chosen at fit time.
 * @return CO_OK, or CO_EINVAL for a NULL pointer or p outside (0, 1).
 */
CO_API int co_km_quantile_limits(const co_km *km, double p, double *lower, double *upper);

/** Median survival time: the first time S(t) <= 0.5, or +INFINITY. See co_km_quantile(). */
CO_API int co_km_median(const co_km *km, double *out);

#ifdef __cplusplus
}
#endif

#endif
