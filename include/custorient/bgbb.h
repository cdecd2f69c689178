/**
 * @file custorient/bgbb.h
 * @brief The BG/BB model of discrete-time purchase opportunities (Fader, Hardie
 *        & Shang 2010): yearly donations, annual events, any setting where a
 *        customer can transact at most once per opportunity.
 *
 * Customers are described by plain arrays of equal length `n`, counted in
 * opportunities after the first transaction:
 * - `frequency[i]`: x, the opportunities with a transaction (repeat transactions),
 *   a whole number;
 * - `recency[i]`: t_x, the opportunity of the last transaction (0 when x = 0), a
 *   whole number with x <= t_x <= n_periods;
 * - `n_periods[i]`: n, the opportunities observed, a whole number;
 * - `weights[i]` (optional, NULL for all 1): how many customers share the history,
 *   as the published data sets give them; rows of weight 0 are ignored.
 * Invalid input is ::CO_EINVAL naming the first bad index; n_periods above 1e7
 * opportunities (a history's cost grows with them) is ::CO_ERANGE.
 *
 * A customer alive at an opportunity transacts with probability p ~ Beta(alpha, beta);
 * at the start of each opportunity a living customer becomes inactive for good with
 * probability theta ~ Beta(gamma, delta).
 *
 * Every function is reentrant and writes its outputs only on success.
 * Reference: Fader, Hardie & Shang (2010), "Customer-base analysis in a
 * discrete-time noncontractual setting", Marketing Science 29(6).
 * docs/models.md gives the formulas.
 */
#ifndef CUSTORIENT_BGBB_H
#define CUSTORIENT_BGBB_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/btyd.h"
#include "custorient/core.h"
#include "custorient/uncertainty.h"

#ifdef __cplusplus
extern "C" {
#endif

/** BG/BB parameters: transaction probability ~ Beta(alpha, beta), drop-out
 *  probability ~ Beta(gamma, delta). All > 0.
 *  ABI: frozen, the parameters of a published model never change. */
typedef struct co_bgbb_params {
    double alpha, beta, gamma, delta;
} co_bgbb_params;

/**
 * Maximum-likelihood fit with the options of the purchase models (custorient/btyd.h:
 * mean negative log-likelihood + penalizer * sum(param^2), tolerance, iterations).
 * Identical histories are merged first; one evaluation costs about
 * sum_i (n_periods[i] - recency[i] + 1) over the distinct histories.
 * @param weights NULL or n non-negative weights; @param opt NULL for defaults.
 * @param[out] out  estimate; @param[out] info may be NULL, else its `size` set.
 * @return CO_OK; CO_EINVAL for bad input, options or info size; CO_ENOCONV if the
 *         optimiser did not converge, a parameter ran off to 0 or infinity, or no
 *         customer made a repeat transaction; CO_ENOMEM.
 */
CO_API int co_bgbb_fit(const double *frequency, const double *recency, const double *n_periods,
                       const double *weights, size_t n, const co_btyd_fit_options *opt,
                       co_bgbb_params *out, co_btyd_fit_info *info);

/** Weighted log-likelihood of the data under `params` (weights may be NULL).
 *  @return CO_OK; CO_EINVAL for bad parameters or data, a NULL `out`; CO_ENOMEM. */
CO_API int co_bgbb_log_likelihood(const co_bgbb_params *params, const double *frequency,
                                  const double *recency, const double *n_periods,
                                  const double *weights, size_t n, double *out);

/**
 * Uncertainty of BG/BB parameters fitted to these data (custorient/uncertainty.h):
 * the analytic Hessian of the log-likelihood (trigamma terms of each history's
 * log-sum of Beta functions), plus the penalizer's curvature when `opt` has one.
 * n of the BIC is the customers (weights summed).
 * @return CO_OK; CO_EINVAL for bad parameters, data, options or size; CO_ENOCONV when
 *         the Hessian is not positive definite at `params` or no customer has a
 *         repeat transaction; CO_ENOMEM.
 */
CO_API int co_bgbb_uncertainty(const co_bgbb_params *params, const double *frequency,
                               const double *recency, const double *n_periods,
                               const double *weights, size_t n, const co_btyd_fit_options *opt,
                               co_model_uncertainty *out);

/** out[i] = P(customer i is alive at opportunity n_periods[i] + future[i] | history),
 *  future[i] a whole number >= 0 (1: alive at the next opportunity, as Fader, Hardie &
 *  Shang's Table 6). @return CO_OK; CO_EINVAL for bad input or a NULL out. */
CO_API int co_bgbb_probability_alive(const co_bgbb_params *params, const double *future,
                                     const double *frequency, const double *recency,
                                     const double *n_periods, size_t n, double *out);

/**
 * Percentile band of P(alive `future[i]` opportunities on) per customer under the
 * uncertainty of the parameters: `opt->draws` parameter sets drawn from the asymptotic
 * normal of log(parameters) (co_bgbb_uncertainty()'s estimate and variance), the
 * prediction computed for each, lower[i] and upper[i] the (1 -+ level) / 2 quantiles.
 * It covers estimation uncertainty only (docs/models.md, "Prediction bands"). Seeded;
 * the same for any `opt->threads`.
 * @return CO_OK; CO_EINVAL for bad data or options, NULL outputs or an uncertainty that
 *         is not a 4-parameter one with its variance; CO_ENOMEM.
 */
CO_API int co_bgbb_probability_alive_band(const co_model_uncertainty *u, const double *future,
                                          const double *frequency, const double *recency,
                                          const double *n_periods, size_t n,
                                          const co_band_options *opt, double *lower, double *upper);

/** The same band for co_bgbb_conditional_expected_purchases() over the next future[i]. */
CO_API int co_bgbb_conditional_expected_purchases_band(const co_model_uncertainty *u,
                                                       const double *future,
                                                       const double *frequency,
                                                       const double *recency,
                                                       const double *n_periods, size_t n,
                                                       const co_band_options *opt, double *lower,
                                                       double *upper);

/** out[i] = E[transactions in the first periods[i] opportunities] for a new customer,
 *  periods[i] a whole number >= 0. @return CO_OK; CO_EINVAL for bad input. */
CO_API int co_bgbb_expected_purchases(const co_bgbb_params *params, const double *periods, size_t n,
                                      double *out);

/** out[i] = E[transactions in opportunities n_periods[i] + 1 .. n_periods[i] + future[i]
 *  | history of customer i], future[i] a whole number >= 0.
 *  @return CO_OK; CO_EINVAL for bad input or a NULL out. */
CO_API int co_bgbb_conditional_expected_purchases(const co_bgbb_params *params,
                                                  const double *future, const double *frequency,
                                                  const double *recency, const double *n_periods,
                                                  size_t n, double *out);

/** out[i] = P(exactly count[i] transactions in the first periods[i] opportunities) for a
 *  new customer; both whole numbers >= 0 (0 when count[i] > periods[i]). Costs
 *  periods[i] - count[i] + 1 terms. @return CO_OK; CO_EINVAL for bad input. */
CO_API int co_bgbb_probability_of_purchases(const co_bgbb_params *params, const double *periods,
                                            const double *count, size_t n, double *out);

/**
 * Simulate n customers observed for n_periods[i] opportunities (whole numbers): writes
 * frequency_out[i] and recency_out[i]. The same seed gives the same customers; the cost
 * grows with the opportunities a customer stays alive for.
 * @return CO_OK; CO_EINVAL for bad parameters, n_periods or NULL outputs.
 */
CO_API int co_bgbb_simulate(const co_bgbb_params *params, const double *n_periods, size_t n,
                            uint64_t seed, double *frequency_out, double *recency_out);

/**
 * co_bgbb_simulate() that also gives each simulated customer's hidden state, as
 * lifetimes' BG/BB `generate_new_data` reports it: p_out[i] the transaction
 * probability, theta_out[i] the drop-out probability, alive_out[i] 1 if still alive at
 * the last of its n_periods[i] opportunities. Each of the three may be NULL; the same
 * seed gives the same customers as co_bgbb_simulate().
 * @return CO_OK; CO_EINVAL for bad parameters, n_periods or NULL frequency/recency
 *         outputs; CO_ERANGE for n_periods above 1e7.
 */
CO_API int co_bgbb_simulate_latent(const co_bgbb_params *params, const double *n_periods, size_t n,
                                   uint64_t seed, double *frequency_out, double *recency_out,
                                   double *p_out, double *theta_out, double *alive_out);

#ifdef __cplusplus
}
#endif

#endif
