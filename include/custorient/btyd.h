/**
 * @file custorient/btyd.h
 * @brief Buy-till-you-die purchase models (BG/NBD, Pareto/NBD), the
 *        Gamma-Gamma spend model and customer lifetime value.
 *
 * Customers are described by plain arrays of equal length `n`, in a time
 * unit the caller chooses (days, weeks...), as the `lifetimes` package
 * summarises transactions:
 * - `frequency[i]`: number of repeat purchases (periods with a purchase,
 *   minus one), a whole number >= 0;
 * - `recency[i]`: time from the first to the last purchase (0 when
 *   frequency is 0), 0 <= recency <= T;
 * - `T[i]`: time from the first purchase to the end of observation;
 * - `weights[i]` (optional, NULL for all 1): how many customers the row
 *   stands for; rows of weight 0 are ignored.
 * Invalid input is reported as ::CO_EINVAL naming the first bad index
 * (co_errmsg(), e.g. "recency[3] = 5 exceeds T[3] = 4").
 *
 * Fitted parameters are plain structs: copy them, store them, share them
 * between threads. Every function here is reentrant; none keeps state.
 * Outputs are written only on success.
 *
 * References: Fader, Hardie & Lee (2005), "Counting your customers the easy
 * way", Marketing Science 24(2); Schmittlein, Morrison & Colombo (1987) and
 * Fader & Hardie (2005), "A note on deriving the Pareto/NBD model";
 * Fader & Hardie (2013), "The Gamma-Gamma model of monetary value".
 * docs/models.md gives the formulas.
 */
#ifndef CUSTORIENT_BTYD_H
#define CUSTORIENT_BTYD_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"
#include "custorient/uncertainty.h"
#include "custorient/units.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Options of the maximum-likelihood fits. Initialise with co_btyd_fit_options_init().
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults
 *  for the fields it lacks (docs/conventions.md). */
typedef struct co_btyd_fit_options {
    size_t size;      /**< sizeof(co_btyd_fit_options), set by co_btyd_fit_options_init(). */
    double penalizer; /**< L2 penalty with lifetimes' `penalizer_coef` meaning (default 0):
                           the fit minimises -loglik / sum(weights) + penalizer * sum of the
                           squared parameters, the time-rate parameters (BG/NBD alpha,
                           Pareto/NBD alpha and beta) taken in units of the longest T, and
                           for the Pareto/NBD the penalty divided by n, the number of input
                           rows, as lifetimes does (docs/models.md, "Penalty"). */
    size_t max_iter;  /**< Quasi-Newton iterations before giving up (default 500). */
    double tolerance; /**< Converged when every gradient component of the mean negative
                           log-likelihood in log-parameters is <= tolerance (1e-7). */
    double start[4];  /**< Starting parameters in the model's order and the data's time
                           unit (3 used by Gamma-Gamma), each > lower[i]; all 0 (default)
                           for the model's own start. */
    double lower[4];  /**< Lower bound of each parameter, >= 0 (default 0: positive only);
                           the estimate stays above it. lifetimes' Gamma-Gamma
                           `q_constraint` is lower[1] = 1. */
    size_t threads;   /**< Threads the BG/NBD and Pareto/NBD fits may use, 1..256 (default 1).
                           The likelihood is summed in fixed blocks of at least 4096
                           distinct histories (512 Pareto/NBD drop-out series), at most
                           64, added in block order: the estimate is bitwise the same for
                           any thread count. */
} co_btyd_fit_options;

/**
 * Set `opt` to the defaults (penalizer 0, max_iter 500, tolerance 1e-7, the model's own
 * start, no bounds beyond positivity, threads 1): call as
 * `co_btyd_fit_options_init(&opt, sizeof opt)`. `size` is the
 * sizeof(co_btyd_fit_options) the caller was compiled with: only the fields within its
 * first `size` bytes are written, never a byte past them (a program built against an
 * older, smaller struct keeps the memory after its struct intact), and `opt->size`
 * becomes `size`. Fields the caller does not have take these defaults when the struct
 * is passed. The caller owns `opt`; nothing is allocated.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opt` or a `size`
 *         smaller than the size field (0 included) or larger than this library's
 *         struct (a caller built against a newer release).
 */
CO_API int co_btyd_fit_options_init(co_btyd_fit_options *opt, size_t size);

/**
 * Diagnostics of a fit. Sized by the caller: set `size` before the call
 * (`co_btyd_fit_info info = {.size = sizeof info};`); the library writes only the
 * fields that fit in it, so a caller built against an older, smaller struct
 * keeps working when later releases add fields at the end. A size of 0 or
 * larger than the library's struct is CO_EINVAL.
 */
typedef struct co_btyd_fit_info {
    size_t size;           /**< In: sizeof(co_btyd_fit_info) as the caller knows it. */
    double log_likelihood; /**< Weighted log-likelihood at the estimate (no penalty). */
    size_t iterations;     /**< Quasi-Newton iterations on the full data (large fits first
                                run a pilot fit on a subsample, not counted here). */
    size_t evaluations;    /**< Likelihood evaluations. */
    size_t distinct_rows;  /**< Rows left after merging identical customers. */
    int used_fallback;     /**< 1 if the Nelder-Mead fallback was needed. */
} co_btyd_fit_info;

/* ---- BG/NBD ------------------------------------------------------------ */

/** BG/NBD parameters: purchase rate ~ Gamma(r, alpha) (alpha a rate, in the
 *  time unit of the data), drop-out probability ~ Beta(a, b). All > 0.
 *  ABI: frozen, the parameters of a published model never change. */
typedef struct co_bgnbd_params {
    double r, alpha, a, b;
} co_bgnbd_params;

/**
 * Maximum-likelihood fit. Identical (frequency, recency, T) rows are merged
 * into weights first, so discretised data fit in time proportional to the
 * number of distinct rows. With 2048 or more distinct rows, a pilot fit on
 * every 8th of them provides the start and the curvature for the full fit.
 * @param weights NULL or n non-negative weights.
 * @param opt     NULL for defaults.
 * @param[out] out  estimate; @param[out] info may be NULL, else its `size` set.
 * @return CO_OK; CO_EINVAL for bad input or options, or a bad info size;
 *         CO_ENOCONV if the optimiser did not
 *         converge or a parameter ran off to 0 or infinity (the data do not
 *         identify it); CO_ENOMEM.
 */
CO_API int co_bgnbd_fit(const double *frequency, const double *recency, const double *T,
                        const double *weights, size_t n, const co_btyd_fit_options *opt,
                        co_bgnbd_params *out, co_btyd_fit_info *info);

/** Weighted log-likelihood of the data under `params` (weights may be NULL). */
CO_API int co_bgnbd_log_likelihood(const co_bgnbd_params *params, const double *frequency,
                                   const double *recency, const double *T, const double *weights,
                                   size_t n, double *out);

/**
 * Uncertainty of BG/NBD parameters fitted to these data (custorient/uncertainty.h):
 * variance matrix from the observed information at `params` (normally the
 * estimate of co_bgnbd_fit() on the same data and options), standard errors,
 * 95% intervals on the log scale, log-likelihood, AIC and BIC (n = customers,
 * weights summed). The Hessian is analytic: one pass over the distinct
 * histories, less than the fit costs.
 * @param opt  NULL, or the fit's options: a penalizer adds its curvature.
 * @param[out] out  its `size` set by the caller; written only on success.
 * @return CO_OK; CO_EINVAL for bad parameters, data, options or size; CO_ENOCONV when
 *         the Hessian is not positive definite at `params` (not a maximum, or the
 *         data do not identify a parameter) or no customer has a repeat purchase;
 *         CO_ENOMEM.
 */
CO_API int co_bgnbd_uncertainty(const co_bgnbd_params *params, const double *frequency,
                                const double *recency, const double *T, const double *weights,
                                size_t n, const co_btyd_fit_options *opt,
                                co_model_uncertainty *out);

/** out[i] = P(customer i is still alive at T[i] | history). 1 when frequency is 0. */
CO_API int co_bgnbd_probability_alive(const co_bgnbd_params *params, const double *frequency,
                                      const double *recency, const double *T, size_t n,
                                      double *out);

/**
 * Percentile band of P(alive) per customer under the uncertainty of the parameters:
 * `opt->draws` parameter sets drawn from the asymptotic normal of log(parameters)
 * (mean the log of `u->estimate`, covariance from `u->variance`, as filled by
 * co_bgnbd_uncertainty()), P(alive) computed for each, and lower[i], upper[i] the
 * (1 -+ level) / 2 quantiles. The band covers parameter (estimation) uncertainty only,
 * not the randomness of the customer's own future (docs/models.md, "Uncertainty").
 * Seeded: the same options give the same band for any `opt->threads`.
 * @param opt NULL for the defaults (co_band_options_init()).
 * @return CO_OK; CO_EINVAL for bad data, options, a NULL output or an uncertainty that is
 *         not a 4-parameter one with its variance; CO_ENOCONV if a prediction fails for
 *         a draw (customer and draw named); CO_ENOMEM (also when a thread cannot start).
 */
CO_API int co_bgnbd_probability_alive_band(const co_model_uncertainty *u, const double *frequency,
                                           const double *recency, const double *T, size_t n,
                                           const co_band_options *opt, double *lower,
                                           double *upper);

/** The same band for co_bgnbd_conditional_expected_purchases() over the next t[i]. */
CO_API int co_bgnbd_conditional_expected_purchases_band(const co_model_uncertainty *u,
                                                        const double *t, const double *frequency,
                                                        const double *recency, const double *T,
                                                        size_t n, const co_band_options *opt,
                                                        double *lower, double *upper);

/** out[i] = E[purchases in (0, t[i]]] for a new customer. Needs a != 1. */
CO_API int co_bgnbd_expected_purchases(const co_bgnbd_params *params, const double *t, size_t n,
                                       double *out);

/** out[i] = E[purchases in (T[i], T[i] + t[i]] | history of customer i]. Needs a != 1. */
CO_API int co_bgnbd_conditional_expected_purchases(const co_bgnbd_params *params, const double *t,
                                                   const double *frequency, const double *recency,
                                                   const double *T, size_t n, double *out);

/** out[i] = P(exactly count[i] purchases in (0, t[i]]) for a new customer;
 *  count[i] a whole number >= 0. */
CO_API int co_bgnbd_probability_of_purchases(const co_bgnbd_params *params, const double *t,
                                             const double *count, size_t n, double *out);

/**
 * Simulate n customers observed for T[i] each: writes frequency_out[i] and
 * recency_out[i]. The same seed gives the same customers.
 */
CO_API int co_bgnbd_simulate(const co_bgnbd_params *params, const double *T, size_t n,
                             uint64_t seed, double *frequency_out, double *recency_out);

/**
 * co_bgnbd_simulate() that also gives each simulated customer's hidden state, as
 * lifetimes' `generate_new_data` reports it: rate_out[i] the purchase rate lambda,
 * dropout_out[i] the drop-out probability p, alive_out[i] 1 if still alive at T[i]
 * (else 0). Each of the three may be NULL; the same seed gives the same customers as
 * co_bgnbd_simulate().
 */
CO_API int co_bgnbd_simulate_latent(const co_bgnbd_params *params, const double *T, size_t n,
                                    uint64_t seed, double *frequency_out, double *recency_out,
                                    double *rate_out, double *dropout_out, double *alive_out);

/* ---- Pareto/NBD -------------------------------------------------------- */

/** Pareto/NBD parameters: purchase rate ~ Gamma(r, alpha), drop-out rate
 *  ~ Gamma(s, beta) (alpha, beta rates in the data's time unit). All > 0.
 *  ABI: frozen, the parameters of a published model never change. */
typedef struct co_paretonbd_params {
    double r, alpha, s, beta;
} co_paretonbd_params;

/** Maximum-likelihood fit; as co_bgnbd_fit(). */
CO_API int co_paretonbd_fit(const double *frequency, const double *recency, const double *T,
                            const double *weights, size_t n, const co_btyd_fit_options *opt,
                            co_paretonbd_params *out, co_btyd_fit_info *info);

/** Weighted log-likelihood; CO_ENOCONV if a hypergeometric series fails. */
CO_API int co_paretonbd_log_likelihood(const co_paretonbd_params *params, const double *frequency,
                                       const double *recency, const double *T,
                                       const double *weights, size_t n, double *out);

/** Uncertainty of Pareto/NBD parameters; as co_bgnbd_uncertainty(), but the Hessian
 *  is Richardson-extrapolated central differences of the analytic gradient (17
 *  gradient evaluations: 1 to 3 times the cost of the fit, docs/performance.md);
 *  CO_ENOCONV also when a hypergeometric series fails. */
CO_API int co_paretonbd_uncertainty(const co_paretonbd_params *params, const double *frequency,
                                    const double *recency, const double *T, const double *weights,
                                    size_t n, const co_btyd_fit_options *opt,
                                    co_model_uncertainty *out);

/** out[i] = P(customer i is still alive at T[i] | history). */
CO_API int co_paretonbd_probability_alive(const co_paretonbd_params *params,
                                          const double *frequency, const double *recency,
                                          const double *T, size_t n, double *out);

/** Band of P(alive) under the Pareto/NBD's parameter uncertainty; as
 *  co_bgnbd_probability_alive_band(), with co_paretonbd_uncertainty()'s figures. */
CO_API int co_paretonbd_probability_alive_band(const co_model_uncertainty *u,
                                               const double *frequency, const double *recency,
                                               const double *T, size_t n,
                                               const co_band_options *opt, double *lower,
                                               double *upper);

/** Band of the conditional expected purchases; as co_bgnbd_conditional_expected_purchases_band().
 */
CO_API int co_paretonbd_conditional_expected_purchases_band(const co_model_uncertainty *u,
                                                            const double *t,
                                                            const double *frequency,
                                                            const double *recency, const double *T,
                                                            size_t n, const co_band_options *opt,
                                                            double *lower, double *upper);

/** out[i] = E[purchases in (0, t[i]]] for a new customer. */
CO_API int co_paretonbd_expected_purchases(const co_paretonbd_params *params, const double *t,
                                           size_t n, double *out);

/** out[i] = E[purchases in (T[i], T[i] + t[i]] | history of customer i]. */
CO_API int co_paretonbd_conditional_expected_purchases(const co_paretonbd_params *params,
                                                       const double *t, const double *frequency,
                                                       const double *recency, const double *T,
                                                       size_t n, double *out);

/** out[i] = P(exactly count[i] purchases in (0, t[i]]) for a new customer. */
CO_API int co_paretonbd_probability_of_purchases(const co_paretonbd_params *params, const double *t,
                                                 const double *count, size_t n, double *out);

/**
 * out[i] = P(exactly count[i] purchases in (T[i], T[i] + t[i]] | history of customer i)
 * (lifetimes' `conditional_probability_of_n_purchases_up_to_time`; Fader & Hardie's
 * note 028): a customer dead at T buys nothing, one alive at T buys as a new customer
 * with parameters (r + x, alpha + T, s, beta + T). count[i] a whole number >= 0.
 * @return CO_OK; CO_EINVAL for bad parameters or data; CO_ENOCONV if a
 *         hypergeometric series fails.
 */
CO_API int co_paretonbd_conditional_probability_of_purchases(const co_paretonbd_params *params,
                                                             const double *t, const double *count,
                                                             const double *frequency,
                                                             const double *recency, const double *T,
                                                             size_t n, double *out);

/** Simulate n customers observed for T[i] each; as co_bgnbd_simulate(). */
CO_API int co_paretonbd_simulate(const co_paretonbd_params *params, const double *T, size_t n,
                                 uint64_t seed, double *frequency_out, double *recency_out);

/** co_paretonbd_simulate() with the hidden state; as co_bgnbd_simulate_latent(), with
 *  dropout_out[i] the drop-out rate mu. */
CO_API int co_paretonbd_simulate_latent(const co_paretonbd_params *params, const double *T,
                                        size_t n, uint64_t seed, double *frequency_out,
                                        double *recency_out, double *rate_out, double *dropout_out,
                                        double *alive_out);

/* ---- Gamma-Gamma spend model -------------------------------------------- */

/** Gamma-Gamma parameters (lifetimes' p, q, v; Fader & Hardie's p, q, gamma):
 *  order value ~ Gamma(p, nu), nu ~ Gamma(q, v). All > 0.
 *  ABI: frozen, the parameters of a published model never change. */
typedef struct co_gammagamma_params {
    double p, q, v;
} co_gammagamma_params;

/**
 * Maximum-likelihood fit from repeat customers: `frequency[i]` repeat
 * purchases of mean value `monetary[i]`. Rows with frequency 0 are ignored
 * (they carry no spend information); the others need monetary > 0.
 * @return CO_OK; CO_EINVAL (also when no row has frequency > 0);
 *         CO_ENOCONV; CO_ENOMEM.
 */
CO_API int co_gammagamma_fit(const double *frequency, const double *monetary, const double *weights,
                             size_t n, const co_btyd_fit_options *opt, co_gammagamma_params *out,
                             co_btyd_fit_info *info);

/** Weighted log-likelihood over the rows with frequency > 0. */
CO_API int co_gammagamma_log_likelihood(const co_gammagamma_params *params, const double *frequency,
                                        const double *monetary, const double *weights, size_t n,
                                        double *out);

/** Uncertainty of Gamma-Gamma parameters; as co_bgnbd_uncertainty(), over the rows
 *  with frequency > 0 (n of the BIC: their weights summed). */
CO_API int co_gammagamma_uncertainty(const co_gammagamma_params *params, const double *frequency,
                                     const double *monetary, const double *weights, size_t n,
                                     const co_btyd_fit_options *opt, co_model_uncertainty *out);

/** out[i] = E[mean order value | frequency[i], monetary[i]]; the population
 *  mean p v / (q - 1) when frequency is 0. Needs q > 1 (else CO_EINVAL). */
CO_API int co_gammagamma_conditional_expected_value(const co_gammagamma_params *params,
                                                    const double *frequency, const double *monetary,
                                                    size_t n, double *out);

/* ---- Customer lifetime value --------------------------------------------- */

/** CLV horizon and discounting. Initialise with co_clv_options_init().
 *  ABI: grows at the end; an older caller's smaller struct gets the defaults
 *  for the fields it lacks (docs/conventions.md). */
typedef struct co_clv_options {
    size_t size;              /**< sizeof(co_clv_options), set by co_clv_options_init(). */
    unsigned months;          /**< Horizon in months (default 12). */
    double discount_rate;     /**< Monthly discount rate >= 0 (default 0.01). */
    double periods_per_month; /**< Data time units per month (default 30, for days);
                                   co_time_unit_per_month() gives it for each unit. */
} co_clv_options;

/**
 * Set `opt` to the defaults (12 months, discount rate 0.01, 30 periods a month: days):
 * call as `co_clv_options_init(&opt, sizeof opt)`. `size` is the
 * sizeof(co_clv_options) the caller was compiled with: only the fields within its
 * first `size` bytes are written, never a byte past them (a program built against an
 * older, smaller struct keeps the memory after its struct intact), and `opt->size`
 * becomes `size`. Fields the caller does not have take these defaults when the struct
 * is passed. The caller owns `opt`; nothing is allocated.
 * @return CO_OK; CO_EINVAL, with nothing written, for a NULL `opt` or a `size`
 *         smaller than the size field (0 included) or larger than this library's
 *         struct (a caller built against a newer release).
 */
CO_API int co_clv_options_init(co_clv_options *opt, size_t size);

/**
 * Discounted customer lifetime value, defined as lifetimes'
 * `customer_lifetime_value`: for months m = 1..M,
 * CLV = sum_m E[value | x, zbar] (C(m f) - C((m - 1) f)) / (1 + d)^m with
 * C(t) the conditional expected purchases in the next t (f = periods_per_month).
 * @param monetary mean repeat order value per customer (used with frequency in
 *                 the Gamma-Gamma conditional expectation).
 */
CO_API int co_bgnbd_clv(const co_bgnbd_params *purchases, const co_gammagamma_params *spend,
                        const double *frequency, const double *recency, const double *T,
                        const double *monetary, size_t n, const co_clv_options *opt, double *out);

/** The same with the Pareto/NBD as purchase model. */
CO_API int co_paretonbd_clv(const co_paretonbd_params *purchases, const co_gammagamma_params *spend,
                            const double *frequency, const double *recency, const double *T,
                            const double *monetary, size_t n, const co_clv_options *opt,
                            double *out);

/**
 * Percentile band of the CLV (co_bgnbd_clv()) per customer under the uncertainty of
 * both models: `opt->draws` sets of the BG/NBD parameters (from `purchases`, as filled by
 * co_bgnbd_uncertainty()) and of the Gamma-Gamma parameters (from `spend`,
 * co_gammagamma_uncertainty()), each drawn from the asymptotic normal of its
 * log(parameters), the two independently (separate likelihoods); the CLV of `clv`
 * computed for each set, and lower[i], upper[i] the (1 -+ level) / 2 quantiles.
 * The band covers the estimation uncertainty of the seven parameters only, not the
 * randomness of the customer's own purchases and order values (docs/models.md,
 * "Prediction bands"). Seeded: the same options give the same band for any
 * `opt->threads`.
 * @param clv horizon and discounting, NULL for the defaults (co_clv_options_init()).
 * @param opt NULL for the defaults (co_band_options_init()).
 * @return CO_OK; CO_EINVAL for bad data or options, a NULL output, an uncertainty that is
 *         not a 4-parameter (`purchases`) or 3-parameter (`spend`) one with its variance, or
 *         estimates unusable for predictions (a = 1, q <= 1); CO_ENOCONV if the CLV is not
 *         finite for a draw (customer and draw named; e.g. a Gamma-Gamma draw with
 *         p x + q <= 1); CO_ENOMEM (also when a thread cannot start).
 */
CO_API int co_bgnbd_clv_band(const co_model_uncertainty *purchases,
                             const co_model_uncertainty *spend, const double *frequency,
                             const double *recency, const double *T, const double *monetary,
                             size_t n, const co_clv_options *clv, const co_band_options *opt,
                             double *lower, double *upper);

/** The same band for co_paretonbd_clv(), `purchases` from co_paretonbd_uncertainty(). */
CO_API int co_paretonbd_clv_band(const co_model_uncertainty *purchases,
                                 const co_model_uncertainty *spend, const double *frequency,
                                 const double *recency, const double *T, const double *monetary,
                                 size_t n, const co_clv_options *clv, const co_band_options *opt,
                                 double *lower, double *upper);

#ifdef __cplusplus
}
#endif

#endif
