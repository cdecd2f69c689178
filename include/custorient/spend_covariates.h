/**
 * @file custorient/spend_covariates.h
 * @brief The Gamma-Gamma spend model with time-invariant covariates, and CLV per
 *        customer from a covariate purchase model and a covariate spend model.
 *
 * Customer i's order values are Gamma(p, nu_i) with nu_i ~ Gamma(q, v_i), where
 *     v_i = v0 exp(g . x_i)
 * for a row x_i of k spend covariates; p and q are shared. The mean order value of
 * a customer with covariates x_i is p v_i / (q - 1), so exp(g_j) multiplies it per
 * unit of covariate j. The base model is Fader & Hardie (2013), "The Gamma-Gamma
 * model of monetary value"; the scale covariate follows the way Fader & Hardie
 * (2007), "Incorporating time-invariant covariates into the Pareto/NBD and BG/NBD
 * models", put covariates on the gamma mixing distributions' scale parameters
 * (docs/models.md says more).
 *
 * The parameter vector, co_gammagamma_cov_n_params(k) = 3 + k doubles, is p, q, v0,
 * then g. Options are ::co_covariate_fit_options (L2 penalty on g only, equality
 * constraints between coefficients; `threads` for the pass over the rows, the
 * same bits for any number). Rows with frequency 0 carry no spend information and are left out,
 * as in co_gammagamma_fit().
 *
 * Every function is reentrant; nothing here keeps state between calls.
 */
#ifndef CUSTORIENT_SPEND_COVARIATES_H
#define CUSTORIENT_SPEND_COVARIATES_H

#include <stddef.h>

#include "custorient/btyd.h"
#include "custorient/btyd_covariates.h"
#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Number of parameters with k spend covariates: 3 + k. */
CO_API size_t co_gammagamma_cov_n_params(size_t k);

/**
 * Maximum-likelihood fit from repeat customers, as co_gammagamma_fit(); customers
 * with the same (frequency, monetary, covariates) are merged. The plain model's
 * estimate, with every coefficient 0, is the start.
 * @param covariates n x k, row-major, finite (NULL when k = 0); borrowed.
 * @param opt NULL for defaults.
 * @param[out] params co_gammagamma_cov_n_params(k) doubles, written on CO_OK only.
 * @param[out] info NULL or sized by the caller.
 * @return CO_OK; CO_EINVAL (bad input, no row with frequency > 0, too many free
 *         parameters, a constant or collinear covariate column among the rows fitted,
 *         named); CO_ERANGE (a constraint past the end); CO_ENOMEM; CO_ENOCONV.
 */
CO_API int co_gammagamma_cov_fit(const double *frequency, const double *monetary,
                                 const double *weights, size_t n, const double *covariates,
                                 size_t k, const co_covariate_fit_options *opt, double *params,
                                 co_btyd_fit_info *info);

/** Weighted log-likelihood (no penalty) over the rows with frequency > 0.
 *  CO_OK, CO_EINVAL, CO_ENOMEM. */
CO_API int co_gammagamma_cov_log_likelihood(const double *params, const double *frequency,
                                            const double *monetary, const double *weights, size_t n,
                                            const double *covariates, size_t k, double *out);

/** Uncertainty at `params`, as co_btyd_cov_uncertainty() (n of the BIC: the weights
 *  of the rows with frequency > 0). CO_OK, CO_EINVAL, CO_ENOMEM, CO_ENOCONV. */
CO_API int co_gammagamma_cov_uncertainty(const double *params, const double *frequency,
                                         const double *monetary, const double *weights, size_t n,
                                         const double *covariates, size_t k,
                                         const co_covariate_fit_options *opt,
                                         co_covariate_uncertainty *out);

/** Customer i's own (p, q, v_i) as a plain model; `covariates` holds at least i + 1
 *  rows. CO_OK, CO_EINVAL. */
CO_API int co_gammagamma_cov_customer_params(const double *params, const double *covariates,
                                             size_t k, size_t i, co_gammagamma_params *out);

/** E[mean order value | frequency, monetary] of each customer under its own v_i, as
 *  co_gammagamma_conditional_expected_value() (q > 1). CO_OK, CO_EINVAL. */
CO_API int co_gammagamma_cov_conditional_expected_value(const double *params,
                                                        const double *frequency,
                                                        const double *monetary, size_t n,
                                                        const double *covariates, size_t k,
                                                        double *out);

/**
 * CLV of each customer (as co_bgnbd_clv()) with its own purchase parameters, from
 * `purchase_params` of a co_btyd_cov_fit() of `kind` with the covariates `cov` (NULL:
 * none, the plain model's 4 parameters), and its own spend parameters, from
 * `spend_params` of co_gammagamma_cov_fit() with `k_spend` spend covariates
 * (`spend_covariates` n x k_spend; k_spend 0: the plain model's p, q, v).
 * @param opt horizon and discounting, NULL for the defaults (co_clv_options_init()).
 * @return CO_OK; CO_EINVAL (bad data, parameters or options; a customer whose own
 *         parameters cannot predict, e.g. BG/NBD a_i = 1, named); CO_ENOMEM; CO_ENOCONV.
 *         `out` is written on CO_OK only.
 */
CO_API int co_btyd_cov_clv(co_btyd_model_kind kind, const double *purchase_params,
                           const co_btyd_covariates *cov, const double *spend_params,
                           const double *spend_covariates, size_t k_spend, const double *frequency,
                           const double *recency, const double *T, const double *monetary, size_t n,
                           const co_clv_options *opt, double *out);

#ifdef __cplusplus
}
#endif

#endif
