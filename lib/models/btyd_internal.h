/* Shared machinery of the customer-base models: input checks, merging of
 * identical customers, and the penalised maximum-likelihood driver. */
#ifndef CO_BTYD_INTERNAL_H
#define CO_BTYD_INTERNAL_H

#include <stddef.h>

#include "custorient/btyd.h"

/* One distinct customer history and how many customers it stands for. */
typedef struct co_btyd_row {
    double x, tx, T, w;
} co_btyd_row;

/* Rows sorted by (x, tx, T), identical ones merged; `group` lists where each
 * distinct x starts: rows of group g are [group[g], group[g + 1]). */
typedef struct co_btyd_data {
    co_btyd_row *rows;
    size_t n_rows;
    size_t *group;
    size_t n_groups;
    double total_weight, weighted_x, weighted_T;
} co_btyd_data;

/* CO_EINVAL naming the first bad index of (frequency, recency, T, weights);
 * weights and (when `T` is NULL) recency/T checks are skipped if NULL. */
int co_btyd_check(const double *frequency, const double *recency, const double *T,
                  const double *weights, size_t n);

/* Check `n` values of `name`: finite and >= 0 (`whole`: also integral). */
int co_btyd_check_nonneg(const char *name, const double *v, size_t n, int whole);

/* Check parameter values: finite and > 0. */
int co_btyd_check_params(const char *model, const char *const *names, const double *p,
                         size_t k);

/* CO_ENOCONV unless some row has frequency > 0: without a repeat purchase
 * the purchase models' parameters are not identified. */
int co_btyd_require_repeat(const co_btyd_data *d, const char *model);

/* Validate and merge; CO_OK, CO_EINVAL or CO_ENOMEM (nothing to free then).
 * `tx`/`T` may be NULL (rows then carry 0); zero-weight rows are dropped. */
int co_btyd_data_build(co_btyd_data *d, const double *x, const double *tx, const double *T,
                       const double *w, size_t n);
void co_btyd_data_free(co_btyd_data *d);

/* Weighted log-likelihood of `data` at natural parameters p, and (when grad
 * is not NULL) its gradient in p. Non-finite for parameters out of domain;
 * a negative status for a numerical failure. */
typedef int (*co_loglik_fn)(const co_btyd_data *data, const double *p, double *ll,
                            double *grad);

/* Penalised ML: minimise -ll/W + penalizer * sum p^2 over log p from `p`
 * (k <= 4 parameters). On CO_OK writes p (natural scale) and info. */
int co_btyd_fit_run(const co_btyd_data *data, co_loglik_fn loglik, size_t k,
                    const char *model, const char *const *names,
                    const co_btyd_fit_options *opt, double *p, co_btyd_fit_info *info);

/* The models' log-likelihoods (co_loglik_fn), reachable for gradient tests. */
int co_bgnbd_loglik(const co_btyd_data *data, const double *p, double *ll, double *grad);
int co_paretonbd_loglik(const co_btyd_data *data, const double *p, double *ll, double *grad);
int co_gammagamma_loglik(const co_btyd_data *data, const double *p, double *ll, double *grad);

/* Arguments of a per-customer prediction. */
typedef struct co_btyd_args {
    const void *params;
    const double *t, *x, *tx, *T;
    const void *extra; /* anything else a prediction needs */
} co_btyd_args;

/* Compute out[i] = fn(args, i) for every i into a scratch block and copy it
 * to `out` only if all succeed, so a failure leaves `out` untouched. */
typedef int (*co_btyd_value_fn)(const co_btyd_args *args, size_t i, double *value);
int co_btyd_fill(size_t n, double *out, co_btyd_value_fn fn, const co_btyd_args *args);

/* Expected purchases of one customer in (T, T + t] given its history; the
 * purchase models' core of the conditional expectation (and of the CLV). */
typedef int (*co_conditional_one_fn)(const void *params, double t, double x, double tx,
                                     double T, double *out);
int co_bgnbd_conditional_one(const void *params, double t, double x, double tx, double T,
                             double *out);
int co_paretonbd_conditional_one(const void *params, double t, double x, double tx, double T,
                                 double *out);

/* CO_EINVAL (with detail) unless the parameters are valid for predictions:
 * positive and finite, and for the BG/NBD a != 1, for Gamma-Gamma q > 1. */
int co_bgnbd_check_usable(const co_bgnbd_params *params);
int co_paretonbd_check_usable(const co_paretonbd_params *params);
int co_gammagamma_check_usable(const co_gammagamma_params *params);

/* E[mean order value | x repeat purchases of mean zbar] (params usable). */
double co_gammagamma_expected_one(const co_gammagamma_params *g, double x, double zbar);

#endif
