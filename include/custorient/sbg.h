/**
 * @file custorient/sbg.h
 * @brief Contractual churn: the shifted-beta-geometric (sBG) model.
 *
 * In a contractual setting (subscriptions renewed each period) every
 * customer has a constant churn probability theta per period, and theta
 * varies across customers as Beta(alpha, beta) (Fader & Hardie 2007, "How to
 * project customer retention"). With T the period in which a customer churns:
 *     P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta),     t = 1, 2, ...
 *     S(t)     = B(alpha, beta + t) / B(alpha, beta)              (survival)
 *     r(t)     = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1)
 * Retention rises with tenure because the customers most likely to churn
 * leave first. Periods are whatever the caller's counts are per (months,
 * years). Formulas and conventions are explained in docs/churn.md.
 *
 * Thread safety: no function keeps state; a ::co_sbg is a plain value.
 */
#ifndef CUSTORIENT_SBG_H
#define CUSTORIENT_SBG_H

#include <stddef.h>

#include "custorient/core.h"
#include "custorient/uncertainty.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Parameters of a sBG model and, after co_sbg_fit(), how the fit went.
 *  ABI: frozen (it is also the model handed to the projections); further fit
 *  diagnostics would come in a separate, caller-sized struct. */
typedef struct co_sbg {
    double alpha;          /**< Beta shape of the churn probability, > 0. */
    double beta;           /**< Beta shape of the retention probability, > 0. */
    double log_likelihood; /**< Maximised log-likelihood (set by co_sbg_fit()). */
    size_t iterations;     /**< Optimiser iterations used (set by co_sbg_fit()). */
} co_sbg;

/** Options of co_sbg_fit(); fill with co_sbg_options_init() first.
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults
 *  for the fields it lacks (docs/conventions.md). */
typedef struct co_sbg_options {
    size_t size;           /**< sizeof(co_sbg_options), set by co_sbg_options_init(). */
    size_t max_iterations; /**< Quasi-Newton iterations before giving up; default 500. */
    double tolerance;      /**< Converged when every gradient component of the mean
                                log-likelihood in (log alpha, log beta) is below it; 1e-9. */
} co_sbg_options;

/**
 * Set `opts` to the defaults (max_iterations 500, tolerance 1e-9): call as
 * `co_sbg_options_init(&opts, sizeof opts)`. `size` is the sizeof(co_sbg_options) the
 * caller was compiled with: only the fields within its first `size` bytes are written,
 * never a byte past them (a program built against an older, smaller struct keeps the
 * memory after its struct intact), and `opts->size` becomes `size`. Fields the caller
 * does not have take these defaults when the struct is passed. The caller owns `opts`;
 * nothing is allocated.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opts` or a `size`
 *         smaller than the size field (0 included) or larger than this library's
 *         struct (a caller built against a newer release).
 */
CO_API int co_sbg_options_init(co_sbg_options *opts, size_t size);

/**
 * Maximum-likelihood fit from the survivor counts of one or several cohorts.
 *
 * Cohort i contributes `lengths[i]` consecutive values of `survivors`: the
 * number of customers at the start (period 0) followed by the number still
 * active after each of periods 1, 2, ... Cohorts may have different lengths
 * (younger cohorts have been observed for fewer periods) and are fitted
 * jointly. Counts may be fractional (e.g. survivors per 1000).
 *
 * @param survivors  sum(lengths) counts, finite, >= 0, non-increasing within a cohort,
 *                   the first of each cohort > 0.
 * @param lengths    n_cohorts lengths, each >= 2.
 * @param opts       options, or NULL for the defaults.
 * @param[out] out   alpha, beta, log-likelihood and iterations; untouched on failure.
 * @return CO_OK; CO_EINVAL for NULL pointers, no cohorts, a length below 2 (naming the
 *         cohort) or a bad count (naming its index in `survivors`), and for counts
 *         that cannot identify the model (nobody churns, or everybody churns in the
 *         first period); CO_ENOCONV when the optimiser does not converge or the fit
 *         runs to a boundary (alpha or beta outside [1e-6, 1e6], e.g. churn so uniform
 *         that alpha and beta grow without bound); CO_EOVERFLOW when the counts are
 *         so large (near 1e308) that the log-likelihood overflows; CO_ENOMEM.
 */
CO_API int co_sbg_fit(const double *survivors, const size_t *lengths, size_t n_cohorts,
                      const co_sbg_options *opts, co_sbg *out);

/**
 * Log-likelihood of `model`'s alpha and beta for the survivor counts (same
 * layout and checks as co_sbg_fit()).
 * @return CO_OK, CO_EINVAL (also for alpha or beta not finite and > 0),
 *         CO_EOVERFLOW (as for co_sbg_fit()), CO_ENOMEM.
 */
CO_API int co_sbg_log_likelihood(const co_sbg *model, const double *survivors,
                                 const size_t *lengths, size_t n_cohorts, double *out);

/**
 * Uncertainty of `model`'s alpha and beta for the survivor counts (same layout
 * and checks as co_sbg_fit()), as co_bgnbd_uncertainty(): variance matrix,
 * standard errors, 95% intervals on the log scale, log-likelihood, AIC and BIC
 * with n the customers of all cohorts at period 0 (each customer is one
 * observation; the number of cohorts would not grow with the data).
 * @param[out] out  its `size` set by the caller; written only on success.
 * @return CO_OK; CO_EINVAL (bad model, counts or size); CO_ENOCONV when the Hessian is
 *         not positive definite at the parameters; CO_EOVERFLOW; CO_ENOMEM.
 */
CO_API int co_sbg_uncertainty(const co_sbg *model, const double *survivors, const size_t *lengths,
                              size_t n_cohorts, co_model_uncertainty *out);

/**
 * Survival S(t): the share of a starting cohort still active after t periods,
 * for `n` values t >= 0 (non-integer t interpolates through the Beta functions).
 * @return CO_OK, or CO_EINVAL for NULL pointers, bad parameters or a t that is NaN,
 *         infinite or negative (naming its index).
 */
CO_API int co_sbg_survival(const co_sbg *model, const double *t, size_t n, double *out);

/**
 * Retention rate r(t) = S(t) / S(t - 1): the share of customers active after
 * t - 1 periods who renew for period t, for `n` values t >= 1.
 * @return CO_OK, or CO_EINVAL as for co_sbg_survival() (t must be >= 1).
 */
CO_API int co_sbg_retention(const co_sbg *model, const double *t, size_t n, double *out);

/**
 * Discounted expected residual lifetime (Fader & Hardie 2010), in periods, of
 * a customer active now who has made `renewals[i]` renewals (0 for a customer
 * in their first period), for `n` customers:
 *     DERL = sum over t > k of S(t) / S(k) / (1 + discount)^(t - k - 1),  k = renewals,
 * i.e. the next renewal counts undiscounted. Multiply by the margin per period
 * for the residual value. Closed form:
 *     (beta + k) / (alpha + beta + k) 2F1(1, beta + k + 1; alpha + beta + k + 1; 1 / (1 + d)).
 * With discount = 0 the value is (beta + k) / (alpha - 1) when alpha > 1 and
 * +INFINITY otherwise.
 * @param discount  rate per period, finite and >= 0.
 * @return CO_OK; CO_EINVAL for NULL pointers, bad parameters, a bad discount or a
 *         renewal count that is negative, NaN or infinite; CO_ENOCONV if the series
 *         does not converge.
 */
CO_API int co_sbg_derl(const co_sbg *model, double discount, const double *renewals, size_t n,
                       double *out);

#ifdef __cplusplus
}
#endif

#endif
