/**
 * @file custorient/sbg_covariates.h
 * @brief The shifted-beta-geometric (sBG) churn model with time-invariant customer
 *        (or cohort) covariates: fit, log-likelihood, uncertainty and per-customer
 *        survival, retention and DERL.
 *
 * Customer i, with a row x_i of k covariates, churns at the end of each period with
 * probability theta_i ~ Beta(alpha_i, beta_i), where
 *     alpha_i = alpha0 exp(g_alpha . x_i),   beta_i = beta0 exp(g_beta . x_i).
 * This is the beta-geometric drop-out process of Fader & Hardie (2007),
 * "Incorporating time-invariant covariates into the Pareto/NBD and BG/NBD models"
 * (the BG/NBD's a_i = a0 exp(g_a . z_i), b_i = b0 exp(g_b . z_i)), applied to the
 * sBG of Fader & Hardie (2007), "How to project customer retention". The mean churn
 * probability alpha_i / (alpha_i + beta_i) rises with g_alpha and falls with g_beta;
 * with g_alpha = g_beta it stays and only the spread changes. Formulas: docs/churn.md.
 *
 * Data are one row per customer: `periods[i]` is the period in which customer i
 * churned (`churned[i]` = 1, periods >= 1) or the number of periods it has been
 * observed active (`churned[i]` = 0, periods >= 0). A cohort's survivor counts
 * s_0, s_1, ..., s_L with a cohort covariate row are the rows (t, 1) with weight
 * s_{t-1} - s_t for t = 1..L and (L, 0) with weight s_L.
 *
 * The parameter vector, co_sbg_cov_n_params(k) = 2 + 2k doubles, is alpha0, beta0,
 * g_alpha (k), g_beta (k). Options are those of the purchase models
 * (::co_covariate_fit_options: L2 penalty on the coefficients only, equality
 * constraints with coefficient 0 the first g_alpha, iterations, tolerance, and
 * `threads` for the pass over the merged rows, the same bits for any number).
 *
 * Every function is reentrant; nothing here keeps state between calls.
 */
#ifndef CUSTORIENT_SBG_COVARIATES_H
#define CUSTORIENT_SBG_COVARIATES_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/btyd_covariates.h"
#include "custorient/core.h"
#include "custorient/sbg.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Number of parameters with k covariates: 2 + 2k. */
CO_API size_t co_sbg_cov_n_params(size_t k);

/**
 * Maximum-likelihood fit. Customers with the same (periods, churned, covariates) are
 * merged; above 20000 distinct rows a fit on a subsample gives the start.
 * @param periods n whole numbers: the churn period (>= 1) or the periods observed
 *        active (>= 0), as `churned` says.
 * @param churned n values, 1 (churned in periods[i]) or 0 (active after periods[i]).
 * @param weights NULL or n finite weights >= 0 (customers per row).
 * @param covariates n x k, row-major, finite; NULL when k = 0. Borrowed for the call.
 * @param opt NULL for defaults.
 * @param[out] params co_sbg_cov_n_params(k) doubles, written on CO_OK only.
 * @param[out] info NULL or sized by the caller.
 * @return CO_OK; CO_EINVAL (bad input, nobody churned, everybody churned in the first
 *         period, more than CO_COVARIATE_MAX_FREE free parameters, a constant or
 *         collinear covariate column, named); CO_ERANGE (a
 *         constraint past the end); CO_ENOMEM; CO_ENOCONV (no convergence, or alpha0
 *         or beta0 outside [1e-6, 1e6], as co_sbg_fit(): too few customers or churn
 *         too uniform to identify the model).
 */
CO_API int co_sbg_cov_fit(const double *periods, const uint8_t *churned, const double *weights,
                          size_t n, const double *covariates, size_t k,
                          const co_covariate_fit_options *opt, double *params,
                          co_btyd_fit_info *info);

/** Weighted log-likelihood (no penalty) at `params` (alpha0, beta0 > 0, finite
 *  coefficients). CO_OK, CO_EINVAL, CO_ENOMEM; CO_EOVERFLOW when weights near 1e308
 *  overflow it. */
CO_API int co_sbg_cov_log_likelihood(const double *params, const double *periods,
                                     const uint8_t *churned, const double *weights, size_t n,
                                     const double *covariates, size_t k, double *out);

/** Uncertainty of the parameters at `params` with the penalty and constraints of `opt`
 *  (NULL: none), as co_btyd_cov_uncertainty(): log-scale intervals for alpha0 and beta0,
 *  Wald intervals for the coefficients, AIC and BIC with n the customers (weights
 *  summed). CO_OK; CO_EINVAL; CO_ENOMEM; CO_ENOCONV (Hessian not positive definite). */
CO_API int co_sbg_cov_uncertainty(const double *params, const double *periods,
                                  const uint8_t *churned, const double *weights, size_t n,
                                  const double *covariates, size_t k,
                                  const co_covariate_fit_options *opt,
                                  co_covariate_uncertainty *out);

/** Customer i's own alpha_i and beta_i as a plain model (log_likelihood and iterations 0)
 *  for the functions of custorient/sbg.h; `covariates` holds at least i + 1 rows.
 *  CO_OK, CO_EINVAL. */
CO_API int co_sbg_cov_customer_model(const double *params, const double *covariates, size_t k,
                                     size_t i, co_sbg *out);

/** Survival S(t[i]) of each of n customers under its own parameters (t >= 0, as
 *  co_sbg_survival()); out[n] written on CO_OK only. CO_OK, CO_EINVAL. */
CO_API int co_sbg_cov_survival(const double *params, const double *t, size_t n,
                               const double *covariates, size_t k, double *out);

/** Retention r(t[i]) = S(t) / S(t - 1) of each customer (t >= 1, as co_sbg_retention()).
 *  CO_OK, CO_EINVAL. */
CO_API int co_sbg_cov_retention(const double *params, const double *t, size_t n,
                                const double *covariates, size_t k, double *out);

/** Discounted expected residual lifetime of each customer with renewals[i] renewals,
 *  as co_sbg_derl(). CO_OK, CO_EINVAL, CO_ENOMEM, CO_ENOCONV. */
CO_API int co_sbg_cov_derl(const double *params, double discount, const double *renewals, size_t n,
                           const double *covariates, size_t k, double *out);

#ifdef __cplusplus
}
#endif

#endif
