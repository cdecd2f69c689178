/**
 * @file custorient/uncertainty.h
 * @brief Standard errors, confidence intervals and information criteria of a
 *        fitted model, shared by every maximum-likelihood model
 *        (co_bgnbd_uncertainty(), co_paretonbd_uncertainty(),
 *        co_mbgnbd_uncertainty(), co_bgbb_uncertainty(),
 *        co_gammagamma_uncertainty(), co_sbg_uncertainty()).
 *
 * The variance matrix is the inverse of the observed information: the Hessian
 * of the negative log-likelihood (plus the fit's L2 penalty, if any) at the
 * estimate. The Hessian is analytic for the BG/NBD, MBG/NBD, BG/BB and Gamma-Gamma, and
 * Richardson-extrapolated central differences of the model's analytic gradient
 * in log-parameters for the Pareto/NBD and sBG (docs/models.md, "Uncertainty");
 * `hessian_error` estimates what is left of the latter's error (0 when analytic).
 * Intervals are Wald intervals on the log scale, mapped back:
 * exp(log p -+ z se(log p)) with se(log p) = se(p) / p (the delta method), so
 * both bounds stay positive and the interval is not symmetric about p.
 */
#ifndef CUSTORIENT_UNCERTAINTY_H
#define CUSTORIENT_UNCERTAINTY_H

#include <stddef.h>
#include <stdint.h>

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
 * a, b; Pareto/NBD r, alpha, s, beta; MBG/NBD r, alpha, a, b; BG/BB alpha, beta,
 * gamma, delta; Gamma-Gamma p, q, v; sBG alpha, beta);
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

/** Options of the per-customer prediction bands (co_bgnbd_probability_alive_band() and
 *  the like). Initialise with co_band_options_init().
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults
 *  for the fields it lacks (docs/conventions.md). */
typedef struct co_band_options {
    size_t size;    /**< sizeof(co_band_options), set by co_band_options_init(). */
    size_t draws;   /**< Parameter draws (default 2000), >= 2. */
    double level;   /**< Central probability of the band, 0 < level < 1 (default 0.95). */
    uint64_t seed;  /**< Seed of the draws (default 1): the same seed, the same band. */
    size_t threads; /**< Threads over the customers (default 1), >= 1; any number gives
                         bit-identical results, since the draws are made before the split. */
} co_band_options;

/**
 * Set `opt` to the defaults (2000 draws, level 0.95, seed 1, 1 thread): call as
 * `co_band_options_init(&opt, sizeof opt)`. Only the first `size` bytes are written.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opt` or a bad `size`.
 */
CO_API int co_band_options_init(co_band_options *opt, size_t size);

#ifdef __cplusplus
}
#endif

#endif
