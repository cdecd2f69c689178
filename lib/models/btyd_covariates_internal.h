/* The covariate versions of the purchase models (custorient/btyd_covariates.h):
 * the parameter layout with its equality constraints, the merged data, and the
 * likelihood over both. */
#ifndef CO_BTYD_COVARIATES_INTERNAL_H
#define CO_BTYD_COVARIATES_INTERNAL_H

#include <stddef.h>

#include "custorient/btyd_covariates.h"

/* Coefficients a layout has room for (free or tied). */
#define CO_COV_MAX_COEF 64
/* Most base parameters of a covariate model (the BTYD models' four). */
#define CO_COV_MAX_BASE 4

/* Customers merged on identical rows: row i is v[i * stride ...], its weight w[i].
 * The BTYD models' rows are x, tx, T, then kp purchase and kd drop-out covariates;
 * the sBG's and the Gamma-Gamma's say theirs (sbg_covariates.c, spend_covariates.c). */
typedef struct co_cov_data {
    size_t n_rows, stride;
    double *v, *w;
    double total_weight, weighted_x, weighted_T;
} co_cov_data;

typedef struct co_cov_layout co_cov_layout;

/* Weighted log-likelihood at the full parameter vector and (grad not NULL) its
 * gradient in those parameters. CO_OK (ll may be non-finite out of domain) or
 * CO_ENOCONV / CO_ENOMEM. */
typedef int (*co_cov_loglik_fn)(const co_cov_layout *lay, const co_cov_data *d,
                                const double *params, double *ll, double *grad);

/* Where each parameter lives: params = n_base positive base values, then n_coef
 * coefficients. The optimiser sees n_free values: log of the base values, then one
 * value per class of tied coefficients; coefficient j is free value free_of[j].
 * kind, kp and kd belong to the BTYD models (kp is the only count of the others). */
struct co_cov_layout {
    co_btyd_model_kind kind;
    const char *name;
    size_t kp, kd, n_coef, n_params, n_free;
    size_t free_of[CO_COV_MAX_COEF];
    double l2;
    size_t threads;
    size_t n_base;
    co_cov_loglik_fn loglik;
    /* The covariates in a row: from x_offset, matrix m's x_cols[m] columns one
     * after the other (x_name[m] names it in messages, "" for a model's only one).
     * The coefficients are n_sets sets in order, set s one per column of matrix
     * set_matrix[s]; co__cov_layout_finish() fills col_of[j], coefficient j's
     * column counted from x_offset. */
    size_t x_offset, n_matrices, x_cols[2], n_sets, set_matrix[3];
    const char *x_name[2];
    size_t col_of[CO_COV_MAX_COEF];
};

/* Check kind, covariate counts and constraints of `opt` (resolved) and build the
 * layout. CO_OK or CO_EINVAL (recorded). */
int co__cov_layout(co_btyd_model_kind kind, const co_btyd_covariates *cov,
                   const co_covariate_fit_options *opt, co_cov_layout *out);

/* Any model's layout: `out` holds name, n_base, n_coef, kp, kd, kind, loglik and the
 * covariate columns (x_offset, n_matrices, x_cols, x_name, n_sets, set_matrix);
 * check `opt` (resolved) and fill the rest. CO_OK, CO_EINVAL, CO_ERANGE. */
int co__cov_layout_finish(const co_covariate_fit_options *opt, co_cov_layout *out);

/* Resolve the caller's options (NULL: the defaults of co_covariate_fit_options_init()).
 * CO_OK or CO_EINVAL. */
int co__cov_options_resolve(const co_covariate_fit_options *opt, co_covariate_fit_options *out);

/* CO_EINVAL unless params holds n_base finite values > 0 and finite coefficients,
 * tied coefficients equal when `tied` is set. */
int co__cov_check_params(const co_cov_layout *lay, const double *params, int tied);

/* Merge n rows whose keys `key_of` writes (stride doubles each), summing weights
 * (NULL: 1; zero weights dropped). CO_OK, CO_EINVAL (every weight 0), CO_ENOMEM;
 * nothing to free on failure. */
typedef void (*co_cov_key_fn)(const void *ctx, size_t i, double *key);
int co__cov_merge(const char *name, size_t n, size_t stride, co_cov_key_fn key_of, const void *ctx,
                  const double *weights, co_cov_data *out);

/* Sort the rows by their first value, a whole number >= 0 (frequency, periods), so
 * that rows of the same frequency are neighbours (the Pareto/NBD shares its series
 * tables between them, the Gamma-Gamma its log-gammas). CO_OK or CO_ENOMEM. */
int co__cov_sort_by_first(co_cov_data *d);

/* Fit from params (the start, overwritten with the estimate on CO_OK): a pilot on
 * a subsample of large data first. CO_EINVAL (recorded) first for a covariate
 * column that is constant over the rows or a linear combination of the columns
 * before it in its matrix. CO_OK, CO_EINVAL, CO_ENOCONV, CO_ENOMEM. */
int co__cov_fit_data(const co_cov_layout *lay, const co_cov_data *d,
                     const co_covariate_fit_options *opt, double *params, co_btyd_fit_info *info);

/* CO_EINVAL naming the first non-finite value of an n x k matrix (`name` the model). */
int co__cov_check_matrix(const char *name, const double *m, size_t n, size_t k);

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

/* The log-likelihood of rows [first, last) into ll and (grad not NULL) its gradient
 * in the n_params parameters, both sums of those rows alone; ctx is the model's. */
typedef int (*co_cov_chunk_fn)(const co_cov_layout *lay, const co_cov_data *d, const double *params,
                               const void *ctx, size_t first, size_t last, double *ll,
                               double *grad);

/* A co_cov_loglik_fn's work: fn over fixed chunks of the rows on up to lay->threads
 * threads, the chunks' sums added in order (the same bits for any thread count).
 * CO_OK or the first failing chunk's status. */
int co__cov_sum_chunks(const co_cov_layout *lay, const co_cov_data *d, const double *params,
                       co_cov_chunk_fn fn, const void *ctx, double *ll, double *grad);

/* The BTYD models' co_cov_loglik_fn. */
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
    /* A fit's wall (NULL for none): spread[j] is the range of coefficient j's column
     * over the rows. Past the wall (a coefficient's effect |g_j| spread_j or a base
     * parameter off its range) the objective is +infinity, and after a number of
     * such points it ends the fit with CO_ENOCONV, counting in wall_hits. */
    const double *spread;
    size_t wall_hits;
} co_cov_objective;
int co__cov_objective(void *ctx, const double *theta, double *f, double *grad);

/* 0 inside the fit's wall (c->spread), 1 past it, or past it too often: CO_ENOCONV
 * (recorded). */
int co__cov_wall(co_cov_objective *c, const double *params);

/* Any model's uncertainty on merged data (params checked); check its out first. */
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
