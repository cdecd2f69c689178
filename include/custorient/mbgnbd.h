/**
 * @file custorient/mbgnbd.h
 * @brief The MBG/NBD purchase model (Batislam, Denizel & Filiztekin 2007): the
 *        BG/NBD in which a customer may also drop out at time 0, right after
 *        the first purchase.
 *
 * Customers are described as for the other purchase models (custorient/btyd.h):
 * `frequency[i]` repeat purchases, `recency[i]` from the first to the last
 * purchase, `T[i]` from the first purchase to the end of observation, in a time
 * unit the caller chooses, and optional `weights[i]` (NULL for all 1).
 * Unlike the BG/NBD, a customer without repeat purchases is not certainly alive:
 * P(alive) < 1 for every history.
 *
 * Fitted parameters are a plain struct; every function is reentrant and writes
 * its outputs only on success. docs/models.md gives the formulas.
 *
 * Reference: Batislam, Denizel & Filiztekin (2007), "Empirical validation and
 * comparison of models for customer base analysis", International Journal of
 * Research in Marketing 24(3).
 */
#ifndef CUSTORIENT_MBGNBD_H
#define CUSTORIENT_MBGNBD_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/btyd.h"
#include "custorient/core.h"
#include "custorient/uncertainty.h"

#ifdef __cplusplus
extern "C" {
#endif

/** MBG/NBD parameters: purchase rate ~ Gamma(r, alpha) (alpha a rate, in the time
 *  unit of the data), drop-out probability at time 0 and after each repeat purchase
 *  ~ Beta(a, b). All > 0.
 *  ABI: frozen, the parameters of a published model never change. */
typedef struct co_mbgnbd_params {
    double r, alpha, a, b;
} co_mbgnbd_params;

/**
 * Maximum-likelihood fit, as co_bgnbd_fit(): identical rows merged, the options'
 * penalizer (mean negative log-likelihood + penalizer * sum(param^2)), tolerance and
 * iteration limit.
 * @param weights NULL or n non-negative weights; @param opt NULL for defaults.
 * @param[out] out  estimate; @param[out] info may be NULL, else its `size` set.
 * @return CO_OK; CO_EINVAL for bad input, options or info size; CO_ENOCONV if the
 *         optimiser did not converge, a parameter ran off to 0 or infinity, or no
 *         customer made a repeat purchase; CO_ENOMEM.
 */
CO_API int co_mbgnbd_fit(const double *frequency, const double *recency, const double *T,
                         const double *weights, size_t n, const co_btyd_fit_options *opt,
                         co_mbgnbd_params *out, co_btyd_fit_info *info);

/** Weighted log-likelihood of the data under `params` (weights may be NULL).
 *  @return CO_OK; CO_EINVAL for bad parameters or data, a NULL `out`; CO_ENOMEM. */
CO_API int co_mbgnbd_log_likelihood(const co_mbgnbd_params *params, const double *frequency,
                                    const double *recency, const double *T, const double *weights,
                                    size_t n, double *out);

/**
 * Uncertainty of MBG/NBD parameters fitted to these data (custorient/uncertainty.h),
 * as co_bgnbd_uncertainty(): the analytic Hessian of the log-likelihood in one pass
 * over the distinct histories, plus the penalizer's curvature when `opt` has one.
 * @return CO_OK; CO_EINVAL for bad parameters, data, options or size; CO_ENOCONV when
 *         the Hessian is not positive definite at `params` or no customer has a
 *         repeat purchase; CO_ENOMEM.
 */
CO_API int co_mbgnbd_uncertainty(const co_mbgnbd_params *params, const double *frequency,
                                 const double *recency, const double *T, const double *weights,
                                 size_t n, const co_btyd_fit_options *opt,
                                 co_model_uncertainty *out);

/** out[i] = P(customer i is still alive at T[i] | history); below 1 also when
 *  frequency is 0. @return CO_OK; CO_EINVAL for bad parameters, data or NULL out. */
CO_API int co_mbgnbd_probability_alive(const co_mbgnbd_params *params, const double *frequency,
                                       const double *recency, const double *T, size_t n,
                                       double *out);

/** out[i] = E[repeat purchases in (0, t[i]]] for a new customer, t[i] >= 0.
 *  @return CO_OK; CO_EINVAL for bad input or a = 1 (the formula divides by a - 1);
 *          CO_ENOCONV if the hypergeometric series fails. */
CO_API int co_mbgnbd_expected_purchases(const co_mbgnbd_params *params, const double *t, size_t n,
                                        double *out);

/** out[i] = E[purchases in (T[i], T[i] + t[i]] | history of customer i]. Needs a != 1;
 *  errors as co_mbgnbd_expected_purchases(). */
CO_API int co_mbgnbd_conditional_expected_purchases(const co_mbgnbd_params *params, const double *t,
                                                    const double *frequency, const double *recency,
                                                    const double *T, size_t n, double *out);

/** out[i] = P(exactly count[i] repeat purchases in (0, t[i]]) for a new customer;
 *  count[i] a whole number >= 0. @return CO_OK; CO_EINVAL for bad input; CO_ENOCONV
 *  if the incomplete beta function's continued fraction fails. */
CO_API int co_mbgnbd_probability_of_purchases(const co_mbgnbd_params *params, const double *t,
                                              const double *count, size_t n, double *out);

/**
 * Percentile band of P(alive) per customer under the uncertainty of the parameters,
 * as co_bgnbd_probability_alive_band(), with co_mbgnbd_uncertainty()'s figures: it
 * covers parameter (estimation) uncertainty only. Seeded; the same for any thread count.
 * @return CO_OK; CO_EINVAL for bad data, options, a NULL output or an uncertainty that is
 *         not a 4-parameter one with its variance; CO_ENOCONV if a prediction fails for a
 *         draw; CO_ENOMEM.
 */
CO_API int co_mbgnbd_probability_alive_band(const co_model_uncertainty *u, const double *frequency,
                                            const double *recency, const double *T, size_t n,
                                            const co_band_options *opt, double *lower,
                                            double *upper);

/** The same band for co_mbgnbd_conditional_expected_purchases() over the next t[i]. */
CO_API int co_mbgnbd_conditional_expected_purchases_band(const co_model_uncertainty *u,
                                                         const double *t, const double *frequency,
                                                         const double *recency, const double *T,
                                                         size_t n, const co_band_options *opt,
                                                         double *lower, double *upper);

/** Discounted customer lifetime value with the MBG/NBD as purchase model; as
 *  co_bgnbd_clv() (custorient/btyd.h), the same definition and options. */
CO_API int co_mbgnbd_clv(const co_mbgnbd_params *purchases, const co_gammagamma_params *spend,
                         const double *frequency, const double *recency, const double *T,
                         const double *monetary, size_t n, const co_clv_options *opt, double *out);

/**
 * Simulate n customers observed for T[i] each: writes frequency_out[i] and
 * recency_out[i]. The same seed gives the same customers.
 * @return CO_OK; CO_EINVAL for bad parameters, T or NULL outputs.
 */
CO_API int co_mbgnbd_simulate(const co_mbgnbd_params *params, const double *T, size_t n,
                              uint64_t seed, double *frequency_out, double *recency_out);

/**
 * co_mbgnbd_simulate() that also gives each simulated customer's hidden state, as
 * lifetimes' `generate_new_data` reports it: rate_out[i] the purchase rate lambda,
 * dropout_out[i] the drop-out probability p, alive_out[i] 1 if still alive at T[i]
 * (0 also for a customer gone at time 0). Each of the three may be NULL; the same seed
 * gives the same customers as co_mbgnbd_simulate().
 * @return CO_OK; CO_EINVAL for bad parameters, T or NULL frequency/recency outputs.
 */
CO_API int co_mbgnbd_simulate_latent(const co_mbgnbd_params *params, const double *T, size_t n,
                                     uint64_t seed, double *frequency_out, double *recency_out,
                                     double *rate_out, double *dropout_out, double *alive_out);

#ifdef __cplusplus
}
#endif

#endif
