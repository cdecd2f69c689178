/**
 * @file custorient/btyd_covariates.h
 * @brief Pareto/NBD and BG/NBD with time-invariant covariates (Fader & Hardie
 *        2007, "Incorporating time-invariant covariates into the Pareto/NBD and
 *        BG/NBD models"): fit, log-likelihood, uncertainty and per-customer
 *        predictions.
 *
 * Customer i has a row of purchase covariates x_i (k_purchase values) and a row of
 * drop-out covariates z_i (k_dropout values), each possibly empty:
 *
 * - Pareto/NBD: alpha_i = alpha0 exp(-g_p . x_i), beta_i = beta0 exp(-g_d . z_i);
 *   r and s are shared. exp(g) multiplies the mean purchase rate r/alpha_i (g_p) or
 *   the mean drop-out rate s/beta_i (g_d) per unit of the covariate.
 * - BG/NBD: alpha_i = alpha0 exp(-g_p . x_i), a_i = a0 exp(g_a . z_i),
 *   b_i = b0 exp(g_b . z_i); r is shared. a and b have coefficients of their own
 *   (Fader & Hardie 2007); CLVTools ties them (g_a = g_b), which the equality
 *   constraints of ::co_covariate_fit_options express.
 *
 * The parameter vector, of co_btyd_cov_n_params() doubles, is the model's four
 * base parameters (Pareto/NBD r, alpha0, s, beta0; BG/NBD r, alpha0, a0, b0) followed
 * by the coefficients: g_p (k_purchase), then g_d (k_dropout) for the Pareto/NBD, or
 * g_a then g_b (k_dropout each) for the BG/NBD. With no covariates the model is the
 * plain one (custorient/btyd.h). Formulas and how to read exp(coef): docs/models.md.
 *
 * Every function is reentrant; nothing here keeps state between calls.
 */
#ifndef CUSTORIENT_BTYD_COVARIATES_H
#define CUSTORIENT_BTYD_COVARIATES_H

#include <stddef.h>

#include "custorient/btyd.h"
#include "custorient/core.h"
#include "custorient/holdout.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Most threads of a fit. */
#define CO_COVARIATE_MAX_THREADS 32

/** Most free parameters (base parameters plus distinct coefficients) of a fit. */
#define CO_COVARIATE_MAX_FREE 20

/** The covariates of n customers. Initialise with co_btyd_covariates_init().
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults
 *  for the fields it lacks (docs/conventions.md). */
typedef struct co_btyd_covariates {
    size_t size;            /**< sizeof(co_btyd_covariates), set by co_btyd_covariates_init(). */
    size_t k_purchase;      /**< Purchase covariates per customer (default 0). */
    const double *purchase; /**< n x k_purchase, row-major, finite; NULL when k_purchase = 0.
                                 Borrowed for the call only. */
    size_t k_dropout;       /**< Drop-out covariates per customer (default 0). */
    const double *dropout;  /**< n x k_dropout, row-major, finite; NULL when k_dropout = 0. */
} co_btyd_covariates;

/** Set `cov` to no covariates; `size` as for co_btyd_fit_options_init().
 *  @return CO_OK; CO_EINVAL, with nothing written, for a NULL `cov` or a bad `size`. */
CO_API int co_btyd_covariates_init(co_btyd_covariates *cov, size_t size);

/** Options of co_btyd_cov_fit(). Initialise with co_covariate_fit_options_init().
 *  ABI: grows at the end, as co_btyd_fit_options. */
typedef struct co_covariate_fit_options {
    size_t size;         /**< sizeof(co_covariate_fit_options). */
    double l2;           /**< L2 penalty on the coefficients only: the fit minimises
                              mean(-loglik) + l2 * sum(coef^2) over the coefficient vector
                              (default 0, >= 0); the base parameters are not penalised. */
    size_t n_equal;      /**< Equality constraints (default 0). */
    const size_t *equal; /**< 2 n_equal indices into the coefficient vector (0 = the first
                              coefficient, the parameter at position 4): coefficient
                              equal[2j + 1] is held equal to coefficient equal[2j]. E.g.
                              a Pareto/NBD with the same covariate c in both matrices
                              ties purchase c and drop-out c with {c, k_purchase + c}. */
    size_t max_iter;     /**< Quasi-Newton iterations (default 500). */
    double tolerance;    /**< Converged when every gradient component of the mean objective
                              is <= tolerance (default 1e-7). */
    size_t threads;      /**< Threads of the likelihood's pass over the customers (default 1,
                              at most CO_COVARIATE_MAX_THREADS); the rows are summed in fixed
                              chunks, so any number gives bit-identical results. */
} co_covariate_fit_options;

/** Defaults (l2 0, no constraints, 500 iterations, tolerance 1e-7, 1 thread); rules as
 *  co_btyd_fit_options_init(). */
CO_API int co_covariate_fit_options_init(co_covariate_fit_options *opt, size_t size);

/** Number of parameters of `kind` with the covariates `cov`: 4 + k_purchase +
 *  k_dropout (Pareto/NBD) or 4 + k_purchase + 2 k_dropout (BG/NBD); 0 for a NULL
 *  `cov` or an unknown kind. */
CO_API size_t co_btyd_cov_n_params(co_btyd_model_kind kind, const co_btyd_covariates *cov);

/**
 * Maximum-likelihood fit. Customers with identical histories and covariates are
 * merged; above 20000 distinct rows a fit on a subsample gives the start.
 * @param frequency,recency,T n values each, as co_bgnbd_fit(); weights NULL or n
 *        weights >= 0.
 * @param cov  the covariates (NULL: none).
 * @param opt  NULL for defaults.
 * @param[out] params co_btyd_cov_n_params() doubles, written on CO_OK only; tied
 *        coefficients come out equal.
 * @param[out] info NULL or sized by the caller.
 * @return CO_OK; CO_EINVAL (bad input, more than CO_COVARIATE_MAX_FREE free
 *         parameters, a covariate column constant over the customers or a linear
 *         combination of the columns before it in its matrix, named); CO_ERANGE (a
 *         constraint naming a coefficient past the end); CO_ENOMEM; CO_ENOCONV when the
 *         optimiser did not converge or a parameter ran off to 0 or infinity (a
 *         coefficient whose effect over its column's range passes 20 ends the fit
 *         early: docs/models.md, "Data that cannot identify the model").
 */
CO_API int co_btyd_cov_fit(co_btyd_model_kind kind, const double *frequency, const double *recency,
                           const double *T, const double *weights, size_t n,
                           const co_btyd_covariates *cov, const co_covariate_fit_options *opt,
                           double *params, co_btyd_fit_info *info);

/** Weighted log-likelihood (no penalty) at `params` (base parameters > 0, finite
 *  coefficients). CO_OK, CO_EINVAL, CO_ENOMEM, CO_ENOCONV. */
CO_API int co_btyd_cov_log_likelihood(co_btyd_model_kind kind, const double *params,
                                      const double *frequency, const double *recency,
                                      const double *T, const double *weights, size_t n,
                                      const co_btyd_covariates *cov, double *out);

/**
 * Uncertainty of the parameters at `params`, as custorient/uncertainty.h: the inverse
 * of the observed information (Hessian of the penalised negative log-likelihood by
 * Richardson-extrapolated differences of the analytic gradient). Base parameters get
 * log-scale Wald intervals (positive), coefficients plain Wald intervals g -+ z se,
 * so exp(bound) bounds exp(g). Sized by the caller; the arrays are the caller's.
 */
typedef struct co_covariate_uncertainty {
    size_t size;            /**< In: sizeof(co_covariate_uncertainty) as the caller knows it. */
    double *standard_error; /**< In: n_params doubles the call fills. */
    double *lower;          /**< In: n_params doubles: lower 95% bounds. */
    double *upper;          /**< In: n_params doubles: upper 95% bounds. */
    double *variance;       /**< In: n_params^2 doubles, row-major (tied coefficients
                                 have identical rows); may be NULL. */
    size_t n_params;        /**< Out: the number of parameters. */
    size_t n_free;          /**< Out: free parameters (the k of AIC and BIC). */
    double log_likelihood;  /**< Out: at `params`, no penalty. */
    double aic;             /**< Out: 2 n_free - 2 log_likelihood. */
    double bic;             /**< Out: n_free ln(n_observations) - 2 log_likelihood. */
    double n_observations;  /**< Out: customers (weights summed). */
    double hessian_error;   /**< Out: relative error estimate of the Hessian. */
} co_covariate_uncertainty;

/** Fill `out` at `params` with the penalty and constraints of `opt` (NULL: none).
 *  @return CO_OK; CO_EINVAL (bad input or a NULL array in `out`); CO_ENOMEM;
 *          CO_ENOCONV when the Hessian is not positive definite. */
CO_API int co_btyd_cov_uncertainty(co_btyd_model_kind kind, const double *params,
                                   const double *frequency, const double *recency, const double *T,
                                   const double *weights, size_t n, const co_btyd_covariates *cov,
                                   const co_covariate_fit_options *opt,
                                   co_covariate_uncertainty *out);

/** Customer i's own parameters (alpha_i, beta_i or a_i, b_i) as a plain model, for
 *  the functions of custorient/btyd.h and custorient/holdout.h. `cov` holds at least
 *  i + 1 rows. CO_OK, CO_EINVAL. */
CO_API int co_btyd_cov_customer_model(co_btyd_model_kind kind, const double *params,
                                      const co_btyd_covariates *cov, size_t i, co_btyd_model *out);

/** P(alive at T_i) of each customer under its own parameters; out[n] written on CO_OK
 *  only. CO_OK, CO_EINVAL, CO_ENOMEM, CO_ENOCONV. */
CO_API int co_btyd_cov_probability_alive(co_btyd_model_kind kind, const double *params,
                                         const double *frequency, const double *recency,
                                         const double *T, size_t n, const co_btyd_covariates *cov,
                                         double *out);

/** Expected purchases of each customer in (T_i, T_i + t_i] given its history and
 *  covariates; as co_bgnbd_conditional_expected_purchases(). */
CO_API int co_btyd_cov_conditional_expected_purchases(co_btyd_model_kind kind, const double *params,
                                                      const double *t, const double *frequency,
                                                      const double *recency, const double *T,
                                                      size_t n, const co_btyd_covariates *cov,
                                                      double *out);

#ifdef __cplusplus
}
#endif

#endif
