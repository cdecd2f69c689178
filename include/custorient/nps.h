/**
 * @file custorient/nps.h
 * @brief Net Promoter Score: counting, merging, intervals, tests, periods.
 *
 * An answer to "how likely are you to recommend us?" on 0-10 is a
 * detractor (0-6), a passive (7-8) or a promoter (9-10). The score is
 * 100 * (promoters - detractors) / responses, in [-100, 100] NPS points.
 *
 * ::co_nps is a plain accumulator: zero-initialise it (`co_nps acc = {0};`),
 * add answers one by one or in bulk, merge accumulators filled by different
 * threads or machines, then ask for the score, its standard error, a
 * confidence interval or a comparison. Weighted answers are supported; see
 * co_nps_se() for the variance used.
 *
 * Every adding function validates all its input before counting anything:
 * on failure the accumulator is unchanged.
 *
 * Thread safety: functions only touch the accumulators passed to them; an
 * accumulator may be read by several threads at once but written by one.
 */
#ifndef CUSTORIENT_NPS_H
#define CUSTORIENT_NPS_H

#include "custorient/core.h"
#include "custorient/units.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Index of each class in ::co_nps arrays. */
enum { CO_NPS_DETRACTOR = 0, CO_NPS_PASSIVE = 1, CO_NPS_PROMOTER = 2 };

/** Highest score of a detractor: answers 0 to CO_NPS_DETRACTOR_MAX detract. */
#define CO_NPS_DETRACTOR_MAX 6

/** Highest score of a passive; the answers above it, up to 10, are promoters. */
#define CO_NPS_PASSIVE_MAX 8

/**
 * Counts of an NPS survey. Zero-initialise to start empty. For unweighted
 * answers `weight` equals `count` and `weight_sq` equals the total count.
 * ABI: frozen: these are the sufficient statistics of every NPS figure.
 */
typedef struct co_nps {
    uint64_t count[3]; /**< Answers per class (detractors, passives, promoters). */
    double weight[3];  /**< Sum of the answers' weights per class. */
    /** Sum of the squared weights of all answers, as sum (w / 2^e)^2: e = 0 while the total
     *  weight lies in [2^-448, 2^448] (always for unweighted answers and ordinary weights),
     *  else e is the binary exponent of the total weight (frexp()), so that weights as small
     *  as 1e-300 or as large as 1e300 neither underflow nor overflow when squared. The
     *  library's functions keep and merge it in this form. */
    double weight_sq;
} co_nps;

/**
 * Count one answer.
 * @return CO_OK; CO_EINVAL if `acc` is NULL; CO_ERANGE if `score` is not 0-10.
 */
CO_API int co_nps_add(co_nps *acc, int score);

/**
 * Count one answer with a weight (a survey weight, or a count of identical
 * answers). A zero weight is allowed and contributes nothing but the count.
 * @return CO_OK; CO_EINVAL for NULL or a weight that is negative, NaN or
 *         infinite; CO_ERANGE if `score` is not 0-10; CO_EOVERFLOW if a count
 *         would wrap or the weight totals would leave double range.
 */
CO_API int co_nps_add_weighted(co_nps *acc, int score, double weight);

/**
 * Count `n` answers stored as bytes, the layout of a survey export. This is
 * the fast path: vectorised, it runs at close to memory-read speed.
 * @return CO_OK; CO_EINVAL if `acc` is NULL or `scores` is NULL with n > 0;
 *         CO_ERANGE naming the first index whose value exceeds 10. Nothing is
 *         counted on failure.
 */
CO_API int co_nps_add_many_u8(co_nps *acc, const uint8_t *scores, size_t n);

/** As co_nps_add_many_u8() for `int` scores (negative values are CO_ERANGE). */
CO_API int co_nps_add_many_int(co_nps *acc, const int *scores, size_t n);

/**
 * Count `n` weighted answers: `scores[i]` with weight `weights[i]`.
 * @return as co_nps_add_weighted(), naming the first offending index.
 */
CO_API int co_nps_add_many_weighted(co_nps *acc, const int *scores, const double *weights,
                                    size_t n);

/**
 * Add the answers of `other` to `acc` (`other` may equal `acc`).
 * @return CO_OK; CO_EINVAL for NULL; CO_EOVERFLOW if a count would wrap or
 *         a weight total would leave double range (then `acc` is unchanged).
 */
CO_API int co_nps_merge(co_nps *acc, const co_nps *other);

/**
 * Serialise `acc` to bytes for another process (the frame of custorient/partial.h, kind
 * ::CO_PARTIAL_NPS): the three counts, the three weights and the sum of squared weights,
 * exactly, so co_nps_deserialize() gives back an identical accumulator.
 * @param[out] out the bytes; caller frees them with co_partial_free().
 * @param[out] out_len their length.
 * @return CO_OK; CO_EINVAL for NULL; CO_ENOMEM. Outputs untouched on failure.
 */
CO_API int co_nps_serialize(const co_nps *acc, void **out, size_t *out_len);

/**
 * Read an accumulator written by co_nps_serialize().
 * @param[out] out the accumulator; untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL or bytes of another kind; CO_ECORRUPT for damaged or
 *         truncated bytes, a newer format version, or counts that no accumulator holds
 *         (negative or non-finite weights, a total count past UINT64_MAX).
 */
CO_API int co_nps_deserialize(const void *bytes, size_t len, co_nps *out);

/** Number of answers counted (0 for NULL). */
CO_API uint64_t co_nps_count(const co_nps *acc);

/**
 * The score in NPS points: 100 * (W_pro - W_det) / W, W the total weight.
 * @return CO_OK; CO_EINVAL if `acc` or `out` is NULL or the total weight is 0.
 */
CO_API int co_nps_score(const co_nps *acc, double *out);

/**
 * Standard error of the score in NPS points.
 *
 * Each answer is a value of -1, 0 or +1; with shares p_pro and p_det its
 * variance is V = (p_pro + p_det) - (p_pro - p_det)^2 (Rocks 2016). The
 * standard error is 100 * sqrt(V / n_eff), where n_eff is Kish's effective
 * sample size (sum w)^2 / sum w^2, which is the number of answers when they
 * are unweighted.
 * @return CO_OK; CO_EINVAL if the total weight is 0.
 */
CO_API int co_nps_se(const co_nps *acc, double *out);

/**
 * Variance of one answer in squared NPS points (10000 * V, see co_nps_se()).
 * @return CO_OK; CO_EINVAL if the total weight is 0.
 */
CO_API int co_nps_variance(const co_nps *acc, double *out);

/** Kish effective sample size (sum w)^2 / sum w^2; 0 when empty. */
CO_API double co_nps_effective_n(const co_nps *acc);

/** Confidence interval methods. */
typedef enum co_nps_method {
    /** score +- z * se: exact for large samples, degenerate at +-100. */
    CO_NPS_WALD = 0,
    /**
     * Adjusted Wald: 0.75 detractors, 1.5 passives and 0.75 promoters are
     * added (3 pseudo-answers, in effective-sample units) before the Wald
     * interval is taken around the adjusted score; the bounds are clipped to
     * [-100, 100]. Sound for small samples and extreme scores.
     */
    CO_NPS_ADJUSTED = 1
} co_nps_method;

/** A confidence interval of an NPS, in NPS points. ABI: frozen. */
typedef struct co_nps_interval {
    double center; /**< Score the interval is centred on (adjusted score for CO_NPS_ADJUSTED). */
    double se;     /**< Standard error used (of the adjusted counts for CO_NPS_ADJUSTED). */
    double lower;  /**< Lower bound, >= -100. */
    double upper;  /**< Upper bound, <= 100. */
} co_nps_interval;

/**
 * Two-sided confidence interval at `level` (e.g. 0.95).
 * @return CO_OK; CO_EINVAL for NULL, a level outside (0, 1), an unknown
 *         method, or an empty accumulator.
 */
CO_API int co_nps_confint(const co_nps *acc, double level, co_nps_method method,
                          co_nps_interval *out);

/** The difference between two NPS and its z test. ABI: frozen. */
typedef struct co_nps_diff {
    double difference; /**< score(a) - score(b), NPS points. */
    double se;         /**< sqrt(se(a)^2 + se(b)^2), NPS points. */
    double z;          /**< difference / se; +-HUGE_VAL if se is 0 and the scores differ. */
    double p_value;    /**< Two-sided p-value under the normal approximation. */
} co_nps_diff;

/**
 * Compare two independent samples (Rocks 2016, two-sample Wald test).
 * When both samples have zero variance the difference is certain: z is 0
 * and p 1 if the scores are equal, else z is +-HUGE_VAL and p 0.
 * @return CO_OK; CO_EINVAL for NULL or an empty accumulator.
 */
CO_API int co_nps_compare(const co_nps *a, const co_nps *b, co_nps_diff *out);

/** The NPS counts of one period. ABI: frozen (an array element). */
typedef struct co_nps_period {
    co_day start; /**< First day of the period. */
    co_nps nps;   /**< Answers dated within the period. */
} co_nps_period;

/**
 * Group dated answers by period: `days[i]` is the date of `scores[i]`,
 * weighted by `weights[i]` when `weights` is not NULL. The result lists only
 * periods with answers, in date order.
 *
 * @param[out] out     array of `*out_count` periods; caller frees it with
 *                     co_nps_periods_free(). NULL when there are no answers.
 * @param[out] out_count number of periods.
 * @return CO_OK; CO_EINVAL for NULL arrays (with n > 0), an unknown period or
 *         a bad weight; CO_ERANGE for a score outside 0-10 or a day outside
 *         years 0001-9999 (naming the index); CO_EOVERFLOW when the weights of
 *         one period add up past the range of a double (naming the answer);
 *         CO_ENOMEM. Outputs untouched on failure.
 */
CO_API int co_nps_by_period(const co_day *days, const int *scores, const double *weights, size_t n,
                            co_period period, co_nps_period **out, size_t *out_count);

/** Free an array returned by co_nps_by_period() (NULL is a no-op). */
CO_API void co_nps_periods_free(co_nps_period *periods);

#ifdef __cplusplus
}
#endif

#endif
