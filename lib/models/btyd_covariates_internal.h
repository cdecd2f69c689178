/* The covariate versions of the purchase models (custorient/btyd_covariates.h):
 * the parameter layout with its equality constraints, the merged data, and the
 * likelihood over both. */
#ifndef CO_BTYD_COVARIATES_INTERNAL_H
#define CO_BTYD_COVARIATES_INTERNAL_H

#include <stddef.h>

#include "custorient/btyd_covariates.h"

/* Coefficients a layout has room for (free or tied). */
#define CO_COV_MAX_COEF 64

/* Where each parameter lives: params = 4 base values, then n_coef coefficients.
 * The optimiser sees n_free values: log of the 4 base values, then one value per
 * class of tied coefficients; coefficient j is free value free_of[j]. */
typedef struct co_cov_layout {
    co_btyd_model_kind kind;
    const char *name;
    size_t kp, kd, n_coef, n_params, n_free;
    size_t free_of[CO_COV_MAX_COEF];
    double l2;
    size_t threads;
} co_cov_layout;

/* Check kind, covariate counts and constraints of `opt` (resolved) and build the
 * layout. CO_OK or CO_EINVAL (recorded). */
int co__cov_layout(co_btyd_model_kind kind, const co_btyd_covariates *cov,
                   const co_covariate_fit_options *opt, co_cov_layout *out);

/* Customers merged on identical (x, tx, T, purchase row, drop-out row): row i is
 * v[i * stride ...] = x, tx, T, then kp purchase and kd drop-out covariates. */
typedef struct co_cov_data {
    size_t n_rows, stride;
    double *v, *w;
    double total_weight, weighted_x, weighted_T;
} co_cov_data;

/* CO_EINVAL naming the first non-finite covariate of n rows. */
int co__cov_check_matrices(const co_cov_layout *lay, const co_btyd_covariates *cov, size_t n);

/* Check and merge (zero weights dropped). CO_OK, CO_EINVAL, CO_ENOMEM; nothing
 * to free on failure. */
int co__cov_data_build(const co_cov_layout *lay, const double *frequency, const double *recency,
                       const double *T, const double *weights, size_t n,
                       const co_btyd_covariates *cov, co_cov_data *out);
void co__cov_data_free(co_cov_data *d);

/* Every `step`-th row, weights scaled so the total is kept: a pilot's data. */
int co__cov_data_sample(const co_cov_data *d, size_t step, co_cov_data *out);

/* Weighted log-likelihood at the full parameter vector and (grad not NULL) its
 * gradient in those parameters. CO_OK (ll may be non-finite out of domain) or
 * CO_ENOCONV / CO_ENOMEM. */
int co__cov_loglik(const co_cov_layout *lay, const co_cov_data *d, const double *params, double *ll,
                   double *grad);

/* Free values <-> full parameter vector. */
void co__cov_to_params(const co_cov_layout *lay, const double *theta, double *params);
void co__cov_to_theta(const co_cov_layout *lay, const double *params, double *theta);

/* The fit's objective (co_objective_fn) over the free values: mean negative
 * log-likelihood plus l2 * sum coef^2. ctx is a co_cov_objective. */
typedef struct co_cov_objective {
    const co_cov_layout *lay;
    const co_cov_data *data;
} co_cov_objective;
int co__cov_objective(void *ctx, const double *theta, double *f, double *grad);

/* co_btyd_cov_uncertainty() on merged data (params checked); check its out first. */
int co__cov_check_uncertainty(const co_covariate_uncertainty *out);
int co__cov_uncertainty(const co_cov_layout *lay, const co_cov_data *d, const double *params,
                        co_covariate_uncertainty *out);

/* log L of one BG/NBD customer at p = (r, alpha, a, b), and d log L / dp;
 * lgamma_rx = lnG(r+x) - lnG(r), digamma_rx = psi(r+x) - psi(r). */
void co__bgnbd_row_loglik(const double *p, double x, double tx, double T, double lgamma_rx,
                          double digamma_rx, double *ll, double *grad);

/* Customer i's four parameters from the full vector and its covariate rows. */
void co__cov_row_params(const co_cov_layout *lay, const double *params, const double *xp,
                        const double *xd, double *p);

#endif
