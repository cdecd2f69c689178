/* Shared machinery of the customer-base models: input checks, merging of
 * identical customers, and the penalised maximum-likelihood driver. */
#ifndef CO_BTYD_INTERNAL_H
#define CO_BTYD_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/btyd.h"
#include "custorient/uncertainty.h"

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
    double max_T;   /* the largest T of the rows (0 where no rows are kept) */
    void *aux;      /* a model's precomputation over these rows (NULL after build) */
    int is_pilot;   /* a sample for a pilot fit (btyd_fit.c) */
    size_t threads; /* threads a likelihood may use (1 after build) */
} co_btyd_data;

/* Fixed blocks of n items (rows, pairs), depending on n alone, so that sums
 * over blocks added in block order are the same for any thread count
 * (btyd_blocks.c). */
#define CO_BTYD_MAX_BLOCKS 64
typedef struct co_btyd_blocks {
    size_t n, count, size; /* items, blocks, items per block (the last may hold fewer) */
} co_btyd_blocks;

/* Blocks of at least `min_block` items (0: the default, 4096). */
void co__btyd_blocks_plan(size_t n, size_t min_block, co_btyd_blocks *out);
void co__btyd_block_range(const co_btyd_blocks *b, size_t block, size_t *first, size_t *last);

/* The group of equal x holding `row` (binary search): a block's first group. */
size_t co__btyd_group_of(const co_btyd_data *d, size_t row);

/* Run fn(ctx, k) for every block k on up to `threads` threads (each takes a
 * contiguous run of blocks; fn writes block k's results where ctx says).
 * CO_OK, or the status of the first failing block in block order, its
 * message recorded on the calling thread. */
typedef int (*co_btyd_block_fn)(void *ctx, size_t block);
int co__btyd_run_blocks(const co_btyd_blocks *b, size_t threads, co_btyd_block_fn fn, void *ctx);

/* CO_EINVAL naming the first bad index of (frequency, recency, T, weights);
 * weights and (when `T` is NULL) recency/T checks are skipped if NULL. */
int co__btyd_check(const double *frequency, const double *recency, const double *T,
                   const double *weights, size_t n);

/* Check `n` values of `name`: finite and >= 0 (`whole`: also integral). */
int co__btyd_check_nonneg(const char *name, const double *v, size_t n, int whole);

/* Check parameter values: finite and > 0. */
int co__btyd_check_params(const char *model, const char *const *names, const double *p, size_t k);

/* The distinct times (tx and T values) of a data set, so that functions of
 * a time are evaluated once per distinct time: row i has tx = t[tx_at[i]]
 * and T = t[T_at[i]]. `f` and `g` (n each) are scratch for such values. */
typedef struct co_btyd_times {
    size_t n;
    double *t, *f, *g;
    size_t *tx_at, *T_at;
} co_btyd_times;

/* 1 if the times of `d` repeat enough for an index of them to pay: at most
 * half of a systematic sample of rows have distinct T (whole days or weeks
 * do; exact continuous times do not). */
int co__btyd_times_repeat(const co_btyd_data *d);

/* CO_OK or CO_ENOMEM (then `out` needs no freeing). Linear time (hashing). */
int co__btyd_times_build(const co_btyd_data *d, co_btyd_times *out);
void co__btyd_times_free(co_btyd_times *tm);

/* Rows of one purchase count in (tx, T) order (btyd_sort.c). Distinct rows in place: */
void co__btyd_sort_distinct(co_btyd_row *rows, size_t n);
/* 1 if a systematic sample of the n input rows shows (tx, T) repeating often
 * enough for merging by hashing to pay (NULL columns read as 0). */
int co__btyd_pairs_repeat(const double *tx, const double *T, size_t n);
/* Rows of one x in an order close to (tx, T), sorted stably by an insertion
 * sort that gives up after `budget` moves (0: r is then still a stable
 * rearrangement of its input); 1 when sorted. */
int co__btyd_sort_nearly(co_btyd_row *r, size_t n, size_t budget);
/* Any rows sorted stably by (tx, T), aux[0, n) scratch. */
void co__btyd_sort_stable(co_btyd_row *r, co_btyd_row *aux, size_t n);
/* n > 0 sorted rows from src with identical neighbours merged into out (out
 * <= src, overlap allowed), their weights added in row order; returns how
 * many rows out holds. */
size_t co__btyd_merge_neighbours(const co_btyd_row *src, size_t n, co_btyd_row *out);

/* CO_ENOCONV unless some row has frequency > 0: without a repeat purchase
 * the purchase models' parameters are not identified. */
int co__btyd_require_repeat(const co_btyd_data *d, const char *model);

/* Validate and merge; CO_OK, CO_EINVAL or CO_ENOMEM (nothing to free then).
 * `tx`/`T` may be NULL (rows then carry 0); zero-weight rows are dropped. */
int co__btyd_data_build(co_btyd_data *d, const double *x, const double *tx, const double *T,
                        const double *w, size_t n);
void co__btyd_data_free(co_btyd_data *d);

/* Data over a copy of `n` rows already sorted and merged as co__btyd_data_build()
 * leaves them (n > 0): the same data, bit for bit. CO_OK or CO_ENOMEM. */
int co__btyd_data_from_rows(co_btyd_data *d, const co_btyd_row *rows, size_t n);

/* Weighted log-likelihood of `data` at natural parameters p, and (when grad
 * is not NULL) its gradient in p. Non-finite for parameters out of domain;
 * a negative status for a numerical failure. */
typedef int (*co_loglik_fn)(const co_btyd_data *data, const double *p, double *ll, double *grad);

/* Analytic Hessian of a log-likelihood in the natural parameters (k x k,
 * row-major), where it is tractable: CO_OK or CO_ENOCONV (not finite). */
typedef int (*co_hessian_fn)(const co_btyd_data *data, const double *p, double *hess);

/* The fit's objective (a co_objective_fn): mean negative log-likelihood over
 * the customers plus sum penalty[i] p_i^2, in theta = log(p - lower). */
typedef struct co_btyd_objective_ctx {
    const co_btyd_data *data;
    co_loglik_fn loglik;
    size_t k;
    double penalty[4]; /* per parameter, from co__btyd_penalty() */
    double lower[4];   /* bounds of a fit; 0 for the uncertainty */
    /* The log-likelihood at the latest point, which is usually the estimate:
     * the fit then need not evaluate it once more. */
    double last_theta[4], last_ll;
    int have_last;
} co_btyd_objective_ctx;
int co__btyd_objective(void *ctx, const double *theta, double *f, double *grad);

/* Resolve a fit's options into `resolved` (defaults for NULL or for fields an
 * older caller lacks), check them and the size `info` states (info may be NULL).
 * CO_EINVAL names `model`. */
int co__btyd_fit_args(const char *model, const co_btyd_fit_options *opt,
                      const co_btyd_fit_info *info, co_btyd_fit_options *resolved);

/* lifetimes' penalty (custorient/btyd.h) as a weight per parameter of the mean
 * objective: penalizer / divisor, times 1/time_scale^2 for the parameters in
 * `rate_mask` (bit i: parameter i is a rate in the data's time unit). */
void co__btyd_penalty(double penalizer, unsigned rate_mask, double time_scale, double divisor,
                      size_t k, double *penalty);

/* Penalised ML: minimise -ll/W + sum penalty[i] p_i^2 over log(p - opt->lower)
 * from `p` (k <= 4 parameters), `opt` resolved by co__btyd_fit_args(). On CO_OK
 * writes p (natural scale) and as much of info as its size allows.
 * `inv_hessian`: NULL or k x k doubles, as co_opt_options.inv_hessian. */
int co__btyd_fit_run(const co_btyd_data *data, co_loglik_fn loglik, size_t k, const char *model,
                     const char *const *names, const co_btyd_fit_options *opt,
                     const double *penalty, double *p, co_btyd_fit_info *info, double *inv_hessian);

/* The caller's start (opt->start, checked against opt->lower) into p[k] when it
 * gave one: 1; 0 when it did not; CO_EINVAL naming `model`. */
int co__btyd_user_start(const char *model, const co_btyd_fit_options *opt, size_t k, double *p);

/* A purchase model (BG/NBD, Pareto/NBD) as the shared fit and likelihood
 * drivers see it. `prepare` may set data->aux (precomputation for loglik);
 * `release` undoes it and must accept data whose prepare failed. */
typedef struct co_purchase_model {
    const char *name;
    const char *const *names; /* the 4 parameter names */
    co_loglik_fn loglik;
    co_hessian_fn hessian; /* NULL: the Hessian by differences of the gradient */
    int (*prepare)(co_btyd_data *data);
    void (*release)(co_btyd_data *data);
    /* Starting point of the fit (4 natural parameters). */
    void (*start)(const co_btyd_data *data, double *p);
    /* Fits of this many distinct histories or more start from a pilot fit
     * (btyd_fit.c): fewer the costlier an evaluation is per history. */
    size_t pilot_min_rows;
    /* lifetimes' penalty (co__btyd_penalty()): which parameters are rates, and
     * whether the penalty is divided by the number of input rows. */
    unsigned rate_mask;
    int penalty_per_row;
} co_purchase_model;

/* The penalty weights of purchase model `m` on the caller's n rows (max(T) and n
 * over every input row, zero weights included, as lifetimes counts them). */
void co__purchase_penalty(const co_purchase_model *m, const double *T, size_t n, double penalizer,
                          double *penalty);

/* The same from max(T) and the number of input rows. */
void co__purchase_penalty_of(const co_purchase_model *m, double longest, double n, double penalizer,
                             double *penalty);

/* Validate, merge, prepare and fit; p[4] written on CO_OK only. */
int co__purchase_fit(const co_purchase_model *m, const double *frequency, const double *recency,
                     const double *T, const double *weights, size_t n,
                     const co_btyd_fit_options *opt, double *p, co_btyd_fit_info *info);

/* Prepare and fit merged rows `d` (threads set from `opt`, resolved by
 * co__btyd_fit_args()) with the penalty weights of co__purchase_penalty();
 * p[4] written on CO_OK only. `d` stays the caller's to free. */
int co__purchase_fit_data(const co_purchase_model *m, co_btyd_data *d,
                          const co_btyd_fit_options *opt, const double *penalty, double *p,
                          co_btyd_fit_info *info);

/* The purchase models as the fits see them (their own files). */
extern const co_purchase_model co__bgnbd_model, co__paretonbd_model, co__mbgnbd_model,
    co__bgbb_model;

/* Uncertainty (custorient/uncertainty.h) of the k parameters p of a model with
 * log-likelihood `loglik` on prepared `data`, with the fit's penalty weights
 * (co__btyd_penalty()). `hessian`: the analytic Hessian, or NULL
 * for differences of the analytic gradient. */
int co__btyd_uncertainty(const co_btyd_data *data, co_loglik_fn loglik, co_hessian_fn hessian,
                         size_t k, const char *model, const double *p, const double *penalty,
                         co_model_uncertainty *out);

/* Validate, merge, prepare and compute the uncertainty at p[4] (checked). */
int co__purchase_uncertainty(const co_purchase_model *m, const double *p, const double *frequency,
                             const double *recency, const double *T, const double *weights,
                             size_t n, const co_btyd_fit_options *opt, co_model_uncertainty *out);

/* Weighted log-likelihood at p[4] (parameters already checked). */
int co__purchase_log_likelihood(const co_purchase_model *m, const double *p,
                                const double *frequency, const double *recency, const double *T,
                                const double *weights, size_t n, double *out);

/* Checks of a per-customer prediction: `params_rc` (the model's parameter
 * check), the customers' arrays, and a non-NULL output. */
int co__btyd_check_customers(int params_rc, const double *frequency, const double *recency,
                             const double *T, size_t n, const double *out);

/* Checks of a prediction at n horizons `t` (btyd_predict.c): `params_rc` (the
 * model's parameter check), n > 0, `t`, the whole counts `count` when
 * `with_count`, and a non-NULL output; `model` names it in the message. */
int co__btyd_check_horizons(int params_rc, const char *model, const double *t, const double *count,
                            int with_count, size_t n, const double *out);

/* One simulated customer of age T drawn with `rng`: v[0..4] = its frequency,
 * recency, latent purchase rate, latent drop-out (rate or probability) and
 * whether it is alive at T (1 or 0). */
struct co_rng;
typedef void (*co_btyd_draw_fn)(const void *params, struct co_rng *rng, double T, double *v);

/* A simulation of n customers of ages T from `seed`, one draw() each, after
 * the checks: `params_rc` (the model's parameter check), n > 0, T, and the two
 * outputs every simulation writes (`model` names it in the message). The latent
 * outputs are written where they are not NULL. */
int co__btyd_simulate(int params_rc, const char *model, const void *params, co_btyd_draw_fn draw,
                      const double *T, size_t n, uint64_t seed, double *frequency_out,
                      double *recency_out, double *rate_out, double *dropout_out,
                      double *alive_out);

/* The Gamma(r, alpha)-Poisson count of purchases in (0, t], t > 0: log P(NB = x)
 * into *lnb and, for x > 0, log P(NB >= x) = log I_q(x, r), q = t/(alpha+t), into
 * *ltail (0 for x = 0). CO_OK, or the failure of the incomplete beta function
 * with `model`, t and x in its message. */
int co__nbd_log_count(const char *model, double r, double alpha, double t, double x, double *lnb,
                      double *ltail);

/* The models' log-likelihoods (co_loglik_fn), reachable for gradient tests. */
int co__bgnbd_loglik(const co_btyd_data *data, const double *p, double *ll, double *grad);
int co__paretonbd_loglik(const co_btyd_data *data, const double *p, double *ll, double *grad);
int co__gammagamma_loglik(const co_btyd_data *data, const double *p, double *ll, double *grad);

/* log L of one Pareto/NBD customer at p = (r, alpha, s, beta) and (grad not NULL)
 * d log L / dp; logs = (log alpha, log s, log beta), lgamma_rx = lnG(r+x) - lnG(r),
 * digamma_rx = psi(r+x) - psi(r). Both series summed for this row alone (covariate
 * models: p differs by row); `tables` (NULL: none) keeps their coefficients, which
 * depend on r, s and x only, for the next row with the same x. */
struct co_pnbd_tables;
int co__paretonbd_row_loglik(const double *p, const double *logs, double x, double tx, double T,
                             double lgamma_rx, double digamma_rx, struct co_pnbd_tables *tables,
                             double *ll, double *grad);

/* Gamma-Gamma rows (tx holds the mean spend): drop the x = 0 group, which
 * carries no spend information, so that the mean log-likelihood, and so the
 * penalty's weight, counts only repeat customers. CO_EINVAL (and `d` freed)
 * when none is left. */
int co__gammagamma_keep_repeat(co_btyd_data *d);

/* CO_EINVAL naming the first bad index of Gamma-Gamma input (weights may be NULL). */
int co__gammagamma_check_spend(const double *frequency, const double *monetary,
                               const double *weights, size_t n);

/* Fit Gamma-Gamma to such rows; `opt` resolved; p[3] written on CO_OK only. */
int co__gammagamma_fit_data(const co_btyd_data *d, const co_btyd_fit_options *opt, double *p,
                            co_btyd_fit_info *info);

int co__bgnbd_hessian(const co_btyd_data *data, const double *p, double *hess);
int co__paretonbd_hessian(const co_btyd_data *data, const double *p, double *hess);
int co__gammagamma_hessian(const co_btyd_data *data, const double *p, double *hess);

/* Index the distinct (x, time) pairs of the rows into data->aux, so that the
 * Pareto/NBD likelihood sums its drop-out series once per pair instead of
 * twice per row. CO_OK or CO_ENOMEM; released by co__paretonbd_unindex(). */
int co__paretonbd_index(co_btyd_data *data);
void co__paretonbd_unindex(co_btyd_data *data);

/* Arguments of a per-customer prediction. */
typedef struct co_btyd_args {
    const void *params;
    const double *t, *x, *tx, *T;
    const void *extra; /* anything else a prediction needs */
} co_btyd_args;

/* Compute out[i] = fn(args, i) for every i into a scratch block and copy it
 * to `out` only if all succeed, so a failure leaves `out` untouched. */
typedef int (*co_btyd_value_fn)(const co_btyd_args *args, size_t i, double *value);
int co__btyd_fill(size_t n, double *out, co_btyd_value_fn fn, const co_btyd_args *args);

/* One distinct customer of a band: its history, horizon t and mean spend m
 * (0 where the prediction takes none); tx_id and T_id index tx and T in the
 * band's sorted distinct times (co_band_setup.times). */
typedef struct co_band_row {
    double x, tx, T, t, m;
    size_t tx_id, T_id;
} co_band_row;

/* What a band's per-thread workspace is made from: the parameter draws (n_draws
 * x k, row-major, natural scale) and the distinct tx and T values of the rows,
 * ascending. */
typedef struct co_band_setup {
    const double *draws;
    size_t n_draws, k;
    const double *times;
    size_t n_times;
} co_band_setup;

/* A per-customer prediction for the bands (prediction_band.c) as a product of
 * up to three factors at one draw of the k natural parameters (`ctx` is the
 * model's `ctx`; a NULL factor is 1), each evaluated once per draw for every
 * distinct value of what it depends on:
 *   `if_alive`: (x, T, t), e.g. the expected purchases of a customer alive at T;
 *   `alive`:    (x, tx, T), e.g. P(alive); it may read t too (fixed within the
 *               customers that share an if-alive factor), so a prediction
 *               that does not factor is all `alive`;
 *   `spend`:    (x, m), e.g. the expected order value of a CLV. */
typedef struct co_band_model {
    const char *name;
    size_t k;
    int (*if_alive)(const void *ctx, const double *draw, const co_band_row *row, double *v);
    int (*alive)(const void *ctx, const double *draw, const co_band_row *row, double *v);
    double (*spend)(const double *draw, double x, double m);
    int takes_t;
    const void *ctx;
    /* Optional, for speed: the `alive` factor of every draw at once into out[0..n_draws),
     * equal to `alive` up to rounding, using a workspace of one thread that caches
     * what rows share (per draw and distinct time or x). ws_new returns NULL when out
     * of memory; on failure alive_all names the draw in *failed_draw. */
    void *(*ws_new)(const void *ctx, const co_band_setup *setup);
    void (*ws_free)(void *ws);
    int (*alive_all)(void *ws, const co_band_row *row, double *out, size_t *failed_draw);
} co_band_model;

/* CO_EINVAL unless `u` is a sized co_model_uncertainty with a variance matrix of
 * k parameters, each finite and > 0; `name` names the band in the message. */
int co__band_check_uncertainty(const char *name, const co_model_uncertainty *u, size_t k);

/* lower[i], upper[i]: the band of m's prediction for customer i under the parameter
 * uncertainty `u` (m->k parameters); `horizon` is read when m->takes_t, `monetary`
 * when m->spend is set. Every argument is checked here; written only on success. */
int co__btyd_band(const co_band_model *m, const co_model_uncertainty *u, const double *horizon,
                  const double *frequency, const double *recency, const double *T,
                  const double *monetary, size_t n, const co_band_options *opt, double *lower,
                  double *upper);

/* Expected purchases of one customer in (T, T + t] given its history; the
 * purchase models' core of the conditional expectation. */
typedef int (*co_conditional_one_fn)(const void *params, double t, double x, double tx, double T,
                                     double *out);
int co__bgnbd_conditional_one(const void *params, double t, double x, double tx, double T,
                              double *out);
int co__paretonbd_conditional_one(const void *params, double t, double x, double tx, double T,
                                  double *out);

/* Both purchase models factor that expectation as
 *   P(alive at T | x, tx, T) x E[purchases in (T, T + t] | alive at T, x, T],
 * so a curve over many horizons (the CLV's months) needs P(alive), the
 * costly factor of the Pareto/NBD, only once per customer. */
typedef struct co_purchase_factors {
    int (*alive)(const void *params, double x, double tx, double T, double *p);
    int (*if_alive)(const void *params, double t, double x, double T, double *e);
    /* Optional: co__clv_discounted_if_alive() for this model, all months at once. */
    int (*discounted)(const void *params, double x, double T, const co_clv_options *opt,
                      double *out);
} co_purchase_factors;
extern const co_purchase_factors co__bgnbd_purchases, co__paretonbd_purchases;

/* CO_EINVAL (with detail) unless the parameters are valid for predictions:
 * positive and finite, and for the BG/NBD a != 1, for Gamma-Gamma q > 1. */
int co__bgnbd_check_usable(const co_bgnbd_params *params);
int co__paretonbd_check_usable(const co_paretonbd_params *params);
int co__gammagamma_check_usable(const co_gammagamma_params *params);

/* Resolve and check CLV options (defaults for NULL or missing fields). */
int co__clv_options_resolve(const co_clv_options *opt, co_clv_options *out);

/* The purchase side of a CLV (clv.c): the discounted expected purchases of the
 * months of `opt` (resolved) of a customer alive at T; the CLV is this times
 * P(alive) times the expected order value. */
int co__clv_discounted_if_alive(const co_purchase_factors *model, const void *params, double x,
                                double T, const co_clv_options *opt, double *out);
/* The same, month by month with model->if_alive. */
int co__clv_discounted_by_month(const co_purchase_factors *model, const void *params, double x,
                                double T, const co_clv_options *opt, double *out);
/* The BG/NBD's (bgnbd_clv.c): the months' hypergeometric series in one pass. */
int co__bgnbd_discounted_if_alive(const void *params, double x, double T, const co_clv_options *opt,
                                  double *out);

/* E[mean order value | x repeat purchases of mean zbar] (params usable). */
double co__gammagamma_expected_one(const co_gammagamma_params *g, double x, double zbar);

#endif
