/**
 * @file custorient/uncertainty.h
 * @brief Standard errors, confidence intervals and information criteria of a
 *        fitted model, shared by every maximum-likelihood model
 *        (co_bgnbd_uncertainty(), co_paretonbd_uncertainty(),
 *        co_gammagamma_uncertainty(), co_sbg_uncertainty()).
 *
 * The variance matrix is the inverse of the observed information: the Hessian
 * of the negative log-likelihood (plus the fit's L2 penalty, if any) at the
 * estimate. The Hessian comes from Richardson-extrapolated central differences
 * of the model's analytic gradient in log-parameters (docs/models.md,
 * "Uncertainty"); `hessian_error` estimates what is left of its error.
 * Intervals are Wald intervals on the log scale, mapped back:
 * exp(log p -+ z se(log p)) with se(log p) = se(p) / p (the delta method), so
 * both bounds stay positive and the interval is not symmetric about p.
 */
#ifndef CUSTORIENT_UNCERTAINTY_H
#define CUSTORIENT_UNCERTAINTY_H

#include <stddef.h>

#include "custorient/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most parameters a model of this library has room for in ::co_model_uncertainty. */
#define CO_MODEL_MAX_PARAMS 8

/**
 * Uncertainty of a fitted model. Sized by the caller: set `size` before the call
 * (`co_model_uncertainty u = {.size = sizeof u};`); the library writes only the
 * fields that fit, so fields added at the end later do not break older callers.
 * Parameters are in the order of the model's parameter struct (BG/NBD r, alpha,
 * a, b; Pareto/NBD r, alpha, s, beta; Gamma-Gamma p, q, v; sBG alpha, beta);
 * entries past `n_params` are 0.
 */
typedef struct co_model_uncertainty {
    size_t size;     /**< In: sizeof(co_model_uncertainty) as the caller knows it. */
    size_t n_params; /**< k, the number of parameters used below. */
    double estimate[CO_MODEL_MAX_PARAMS];       /**< The parameters it was computed at. */
    double standard_error[CO_MODEL_MAX_PARAMS]; /**< sqrt of the variance's diagonal. */
    double lower[CO_MODEL_MAX_PARAMS];          /**< Lower 95% bound, > 0. */
    double upper[CO_MODEL_MAX_PARAMS];          /**< Upper 95% bound. */
    /** Asymptotic covariance of the parameters (natural scale), k x k in the top left. */
    double variance[CO_MODEL_MAX_PARAMS][CO_MODEL_MAX_PARAMS];
    double log_likelihood; /**< Weighted log-likelihood at the estimate (no penalty). */
    double aic;            /**< 2 k - 2 log_likelihood. */
    double bic;            /**< k ln(n_observations) - 2 log_likelihood. */
    double n_observations; /**< n of the BIC: customers (weights summed; for Gamma-Gamma
                                those with a repeat purchase, for sBG all cohorts' starting
                                customers). */
    double hessian_error;  /**< Estimated relative error of the Hessian's largest entries. */
} co_model_uncertainty;

#ifdef __cplusplus
}
#endif

#endif
