/* What every covariate model shares: options, the parameter layout with its
 * equality constraints, merged rows, and the fit (a pilot on a subsample, then
 * BFGS over log base parameters and free coefficients). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_covariates_internal.h"
#include "error_internal.h"
#include "index_map_internal.h"
#include "numeric_internal.h"
#include "sized_internal.h"

_Static_assert(CO_COVARIATE_MAX_FREE <= CO_OPT_MAX_DIM, "the optimiser takes every free value");

/* Fits of more distinct rows start from a fit on about PILOT_ROWS rows... */
#define PILOT_MIN_ROWS 20000
#define PILOT_ROWS 8000
#define PILOT_MAX_ITER 100
#define PILOT_TOLERANCE 1e-5
/* ...and above PILOT2_MIN_ROWS from a second pilot on PILOT2_ROWS rows started there. */
#define PILOT2_MIN_ROWS 400000
#define PILOT2_ROWS 50000
/* Beyond these a base parameter is running off to 0 or infinity. */
#define PARAM_MIN 1e-8
#define PARAM_MAX 1e8
/* A coefficient whose effect across its column's range passes exp(EFFECT_MAX)
 * (a rate ratio of 5e8 between two customers) is running off: the covariate
 * separates the customers, or too few of them pin it down. The fit treats such
 * points as a wall, and ends after WALL_HITS of them instead of spending seconds in
 * the likelihood's extreme tails. */
#define EFFECT_MAX 20.0
#define WALL_HITS 100
/* A column whose part not explained by the mean and the columns before it has
 * less than this share of its spread is constant or collinear. */
#define COLLINEAR_SHARE 1e-10

static co_covariate_fit_options fit_defaults(void)
{
    co_covariate_fit_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.max_iter = 500;
    d.tolerance = 1e-7;
    d.threads = 1;
    return d;
}

int co_covariate_fit_options_init(co_covariate_fit_options *opt, size_t size)
{
    co_covariate_fit_options d = fit_defaults();
    return co__options_init(opt, size, &d, sizeof d, __func__);
}

int co__cov_options_resolve(const co_covariate_fit_options *opt, co_covariate_fit_options *out)
{
    co_covariate_fit_options r = fit_defaults();
    if (co__options_resolve(&r, sizeof r, opt, "co_covariate_fit_options") < 0)
        return CO_EINVAL;
    *out = r;
    return CO_OK;
}

static size_t root(const size_t *parent, size_t j)
{
    while (parent[j] != j)
        j = parent[j];
    return j;
}

int co__cov_layout_finish(const co_covariate_fit_options *opt, co_cov_layout *out)
{
    co_cov_layout lay = *out;
    const char *name = lay.name;
    if (lay.n_coef > CO_COV_MAX_COEF)
        return co__fail(CO_EINVAL, "%s covariates: more than %d coefficients", name,
                        CO_COV_MAX_COEF);
    lay.n_params = lay.n_base + lay.n_coef;
    lay.l2 = opt->l2;
    lay.threads = opt->threads;
    if (!(opt->l2 >= 0.0) || !isfinite(opt->l2))
        return co__fail(CO_EINVAL, "%s covariates: l2 must be finite and >= 0", name);
    if (opt->max_iter == 0 || !(opt->tolerance > 0.0) || opt->threads == 0 ||
        opt->threads > CO_COVARIATE_MAX_THREADS)
        return co__fail(CO_EINVAL,
                        "%s covariates: max_iter and tolerance must be > 0, 1 <= threads <= %d",
                        name, CO_COVARIATE_MAX_THREADS);
    if (opt->n_equal && !opt->equal)
        return co__fail(CO_EINVAL, "%s covariates: equal is NULL", name);
    size_t parent[CO_COV_MAX_COEF];
    for (size_t j = 0; j < lay.n_coef; j++)
        parent[j] = j;
    for (size_t c = 0; c < opt->n_equal; c++) {
        const size_t a = opt->equal[2 * c], b = opt->equal[2 * c + 1];
        if (a >= lay.n_coef || b >= lay.n_coef)
            return co__fail(CO_ERANGE,
                            "%s covariates: constraint %zu names coefficient %zu (count %zu)", name,
                            c, a >= lay.n_coef ? a : b, lay.n_coef);
        const size_t ra = root(parent, a), rb = root(parent, b);
        if (ra < rb)
            parent[rb] = ra;
        else
            parent[ra] = rb;
    }
    for (size_t s = 0, j = 0; s < lay.n_sets; s++) {
        const size_t m = lay.set_matrix[s];
        const size_t first = m ? lay.x_cols[0] : 0;
        for (size_t c = 0; c < lay.x_cols[m] && j < CO_COV_MAX_COEF; c++)
            lay.col_of[j++] = first + c;
    }
    size_t n_free = lay.n_base;
    for (size_t j = 0; j < lay.n_coef; j++) {
        const size_t r = root(parent, j);
        if (r == j) {
            if (n_free == CO_COVARIATE_MAX_FREE)
                return co__fail(CO_EINVAL, "%s covariates: more than %d free parameters", name,
                                CO_COVARIATE_MAX_FREE);
            lay.free_of[j] = n_free++;
        } else {
            lay.free_of[j] = lay.free_of[r]; /* r < j: already numbered */
        }
    }
    lay.n_free = n_free;
    *out = lay;
    return CO_OK;
}

int co__cov_check_params(const co_cov_layout *lay, const double *params, int tied)
{
    if (!params)
        return co__fail(CO_EINVAL, "%s covariates: params is NULL", lay->name);
    const size_t nb = lay->n_base;
    for (size_t i = 0; i < lay->n_params; i++)
        if (!isfinite(params[i]) || (i < nb && !(params[i] > 0.0)))
            return co__fail(CO_EINVAL, "%s covariates: parameter %zu = %g must be finite%s",
                            lay->name, i, params[i], i < nb ? " and > 0" : "");
    for (size_t j = 0; tied && j < lay->n_coef; j++)
        for (size_t i = 0; i < j; i++)
            if (lay->free_of[i] == lay->free_of[j] && params[nb + i] != params[nb + j])
                return co__fail(CO_EINVAL,
                                "%s covariates: coefficients %zu and %zu are tied but differ",
                                lay->name, i, j);
    return CO_OK;
}

void co__cov_to_params(const co_cov_layout *lay, const double *theta, double *params)
{
    const size_t nb = lay->n_base;
    for (size_t i = 0; i < nb; i++)
        params[i] = exp(theta[i]);
    for (size_t j = 0; j < lay->n_coef; j++)
        params[nb + j] = theta[lay->free_of[j]];
}

void co__cov_to_theta(const co_cov_layout *lay, const double *params, double *theta)
{
    const size_t nb = lay->n_base;
    for (size_t i = 0; i < nb; i++)
        theta[i] = log(params[i]);
    for (size_t j = 0; j < lay->n_coef; j++)
        theta[lay->free_of[j]] = params[nb + j];
}

int co__cov_check_matrix(const char *name, const double *m, size_t n, size_t k)
{
    for (size_t i = 0; i < n * k; i++)
        if (!isfinite(m[i]))
            return co__fail(CO_EINVAL, "%s covariates: value at row %zu, column %zu is not finite",
                            name, i / k, i % k);
    return CO_OK;
}

typedef struct merge_keys {
    const double *v;
    size_t stride;
} merge_keys;

static int same_row(const void *ctx, size_t index, const void *probe)
{
    const merge_keys *k = ctx;
    return memcmp(k->v + index * k->stride, probe, k->stride * sizeof(double)) == 0;
}

int co__cov_merge(const char *name, size_t n, size_t stride, co_cov_key_fn key_of, const void *ctx,
                  const double *weights, co_cov_data *out)
{
    co_cov_data d = {0, stride, NULL, NULL, 0.0, 0.0, 0.0};
    d.v = co__malloc_array(n, d.stride * sizeof *d.v);
    d.w = co__malloc_array(n, sizeof *d.w);
    double *key = co__malloc_array(d.stride, sizeof *key);
    co_index_map map = {NULL, 0, 0};
    int rc = d.v && d.w && key ? co__index_map_reserve(&map, n) : co__fail_nomem();
    const merge_keys mk = {d.v, d.stride};
    for (size_t i = 0; rc == CO_OK && i < n; i++) {
        const double w = weights ? weights[i] : 1.0;
        if (w == 0.0)
            continue;
        key_of(ctx, i, key);
        for (size_t j = 0; j < d.stride; j++)
            key[j] += 0.0; /* -0.0 and 0.0 merge */
        const uint32_t h = co__hash_doubles(key, d.stride);
        size_t at = co__index_map_find(&map, h, same_row, &mk, key);
        if (at == SIZE_MAX) {
            at = d.n_rows++;
            memcpy(d.v + at * d.stride, key, d.stride * sizeof *key);
            d.w[at] = 0.0;
            co__index_map_insert(&map, h, at);
        }
        d.w[at] += w;
        d.total_weight += w;
    }
    co__index_map_free(&map);
    co__free(key);
    if (rc == CO_OK && d.n_rows == 0)
        rc = co__fail(CO_EINVAL, "%s covariates: every weight is 0", name);
    if (rc != CO_OK) {
        co__cov_data_free(&d);
        return rc;
    }
    *out = d;
    return CO_OK;
}

void co__cov_data_free(co_cov_data *d)
{
    co__free(d->v);
    co__free(d->w);
    d->v = d->w = NULL;
    d->n_rows = 0;
}

int co__cov_data_sample(const co_cov_data *d, size_t step, co_cov_data *out)
{
    co_cov_data s = *d;
    s.n_rows = (d->n_rows + step - 1) / step;
    s.v = co__malloc_array(s.n_rows, s.stride * sizeof *s.v);
    s.w = co__malloc_array(s.n_rows, sizeof *s.w);
    if (!s.v || !s.w) {
        co__cov_data_free(&s);
        return co__fail_nomem();
    }
    double kept = 0.0;
    for (size_t i = 0; i < s.n_rows; i++) {
        memcpy(s.v + i * s.stride, d->v + i * step * s.stride, s.stride * sizeof *s.v);
        s.w[i] = d->w[i * step];
        kept += s.w[i];
    }
    for (size_t i = 0; i < s.n_rows; i++)
        s.w[i] *= d->total_weight / kept;
    *out = s;
    return CO_OK;
}

/* A counting sort; values >= SORT_BUCKETS - 1 stay last, in the order they came. */
#define SORT_BUCKETS 257
int co__cov_sort_by_first(co_cov_data *d)
{
    size_t start[SORT_BUCKETS + 1] = {0};
    for (size_t i = 0; i < d->n_rows; i++) {
        const double x = d->v[i * d->stride];
        start[1 + (x < SORT_BUCKETS - 1 ? (size_t)x : SORT_BUCKETS - 1)]++;
    }
    for (size_t b = 1; b <= SORT_BUCKETS; b++)
        start[b] += start[b - 1];
    double *v = co__malloc_array(d->n_rows, d->stride * sizeof *v);
    double *w = co__malloc_array(d->n_rows, sizeof *w);
    if (!v || !w) {
        co__free(v);
        co__free(w);
        return co__fail_nomem();
    }
    for (size_t i = 0; i < d->n_rows; i++) {
        const double x = d->v[i * d->stride];
        const size_t at = start[x < SORT_BUCKETS - 1 ? (size_t)x : SORT_BUCKETS - 1]++;
        memcpy(v + at * d->stride, d->v + i * d->stride, d->stride * sizeof *v);
        w[at] = d->w[i];
    }
    co__free(d->v);
    co__free(d->w);
    d->v = v;
    d->w = w;
    return CO_OK;
}

/* Weighted inner product of two columns of the rows. */
static double wdot(const co_cov_data *d, const double *a, const double *b)
{
    double s = 0.0;
    for (size_t i = 0; i < d->n_rows; i++)
        s += d->w[i] * a[i] * b[i];
    return s;
}

/* Gram-Schmidt over the columns of matrix m (weighted, centred), twice per column
 * for round-off: CO_EINVAL naming the first column with (almost) nothing of its own. */
static int check_matrix_columns(const co_cov_layout *lay, const co_cov_data *d, size_t m, double *q)
{
    const size_t first = lay->x_offset + (m ? lay->x_cols[0] : 0), n = d->n_rows;
    for (size_t c = 0; c < lay->x_cols[m]; c++) {
        double *r = q + c * n, mean = 0.0;
        for (size_t i = 0; i < n; i++)
            mean += d->w[i] * d->v[i * d->stride + first + c];
        mean /= d->total_weight;
        for (size_t i = 0; i < n; i++)
            r[i] = d->v[i * d->stride + first + c] - mean;
        const double spread = wdot(d, r, r);
        if (!(spread > COLLINEAR_SHARE * COLLINEAR_SHARE * d->total_weight * (1.0 + mean * mean)))
            return co__fail(CO_EINVAL,
                            "%s covariates: %scolumn %zu is constant over the customers: its "
                            "effect cannot be told from the base parameters; leave it out",
                            lay->name, lay->x_name[m], c);
        for (int pass = 0; pass < 2; pass++)
            for (size_t b = 0; b < c; b++) {
                const double *qb = q + b * n, p = wdot(d, r, qb);
                for (size_t i = 0; i < n; i++)
                    r[i] -= p * qb[i];
            }
        const double own = wdot(d, r, r);
        if (!(own > COLLINEAR_SHARE * spread))
            return co__fail(CO_EINVAL,
                            "%s covariates: %scolumn %zu is a linear combination of the %scolumns "
                            "before it (collinear): their effects cannot be told apart; leave "
                            "one out",
                            lay->name, lay->x_name[m], c, lay->x_name[m]);
        const double scale = 1.0 / sqrt(own);
        for (size_t i = 0; i < n; i++)
            r[i] *= scale;
    }
    return CO_OK;
}

/* Columns that cannot identify their coefficients. CO_OK, CO_EINVAL, CO_ENOMEM. */
static int check_columns(const co_cov_layout *lay, const co_cov_data *d)
{
    size_t most = 0;
    for (size_t m = 0; m < lay->n_matrices; m++)
        most = lay->x_cols[m] > most ? lay->x_cols[m] : most;
    if (most == 0)
        return CO_OK;
    double *q = co__malloc_array(d->n_rows, most * sizeof *q);
    if (!q)
        return co__fail_nomem();
    int rc = CO_OK;
    for (size_t m = 0; rc == CO_OK && m < lay->n_matrices; m++)
        rc = check_matrix_columns(lay, d, m, q);
    co__free(q);
    return rc;
}

/* Each coefficient's column range over the rows, for the wall. */
static void column_spread(const co_cov_layout *lay, const co_cov_data *d, double *spread)
{
    for (size_t j = 0; j < lay->n_coef; j++) {
        const size_t at = lay->x_offset + lay->col_of[j];
        double lo = d->v[at], hi = lo;
        for (size_t i = 1; i < d->n_rows; i++) {
            const double v = d->v[i * d->stride + at];
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
        spread[j] = hi - lo;
    }
}

int co__cov_wall(co_cov_objective *c, const double *params)
{
    const co_cov_layout *lay = c->lay;
    size_t off = SIZE_MAX;
    for (size_t i = 0; i < lay->n_base && off == SIZE_MAX; i++)
        if (!(params[i] >= PARAM_MIN && params[i] <= PARAM_MAX))
            off = i;
    for (size_t j = 0; j < lay->n_coef && off == SIZE_MAX; j++)
        if (!(fabs(params[lay->n_base + j]) * c->spread[j] <= EFFECT_MAX))
            off = lay->n_base + j;
    if (off == SIZE_MAX)
        return 0;
    if (++c->wall_hits < WALL_HITS)
        return 1;
    return co__fail(CO_ENOCONV,
                    off < lay->n_base
                        ? "base parameter %zu keeps running off to 0 or infinity"
                        : "coefficient %zu keeps running off to infinity: its covariate "
                          "separates the customers, or too few customers pin it down",
                    off < lay->n_base ? off : off - lay->n_base);
}

static int minimize(const co_cov_layout *lay, const co_cov_data *d, const double *spread,
                    size_t max_iter, double tolerance, int quick, double *theta,
                    double *inv_hessian, co_opt_result *res)
{
    co_cov_objective ctx = {lay, d, spread, 0};
    co_opt_options o;
    co__opt_options_init(&o);
    o.max_iter = max_iter;
    o.grad_tol = tolerance;
    o.nm_max_evals = quick ? 0 : 8 * max_iter;
    o.inv_hessian = inv_hessian;
    return co__minimize(co__cov_objective, &ctx, lay->n_free, theta, &o, res);
}

/* A pilot on about `rows` rows (every step-th); its estimate and inverse Hessian
 * start the next fit. A pilot that does not converge only means the next fit starts
 * from where this one started; CO_OK or CO_ENOMEM. */
static int pilot(const co_cov_layout *lay, const co_cov_data *d, const double *spread, size_t rows,
                 double *theta, double *h)
{
    co_cov_data s;
    if (co__cov_data_sample(d, d->n_rows / rows, &s) != CO_OK)
        return CO_ENOMEM;
    double t[CO_COVARIATE_MAX_FREE];
    memcpy(t, theta, lay->n_free * sizeof *t);
    co_opt_result res;
    const int rc = minimize(lay, &s, spread, PILOT_MAX_ITER, PILOT_TOLERANCE, 1, t, h, &res);
    if (rc == CO_OK)
        memcpy(theta, t, lay->n_free * sizeof *t);
    else
        memset(h, 0, lay->n_free * lay->n_free * sizeof *h);
    co__cov_data_free(&s);
    return rc == CO_ENOMEM ? rc : CO_OK;
}

int co__cov_fit_data(const co_cov_layout *lay, const co_cov_data *d,
                     const co_covariate_fit_options *opt, double *params, co_btyd_fit_info *info)
{
    double theta[CO_COVARIATE_MAX_FREE];
    double h[CO_COVARIATE_MAX_FREE * CO_COVARIATE_MAX_FREE] = {0};
    double spread[CO_COV_MAX_COEF + 1];
    co__cov_to_theta(lay, params, theta);
    int rc = check_columns(lay, d);
    column_spread(lay, d, spread);
    if (rc == CO_OK && d->n_rows >= PILOT_MIN_ROWS)
        rc = pilot(lay, d, spread, PILOT_ROWS, theta, h);
    /* a second, larger pilot leaves the full data a step or two of the optimiser */
    if (rc == CO_OK && d->n_rows >= PILOT2_MIN_ROWS)
        rc = pilot(lay, d, spread, PILOT2_ROWS, theta, h);
    if (rc != CO_OK)
        return rc;
    co_opt_result res;
    rc = minimize(lay, d, spread, opt->max_iter, opt->tolerance, 0, theta, h, &res);
    if (rc == CO_ENOCONV || rc == CO_EINVAL) {
        char why[192]; /* co_errmsg() is overwritten by co__fail() */
        snprintf(why, sizeof why, "%s", co_errmsg());
        return co__fail(CO_ENOCONV, "%s covariates: the fit did not converge (%s)", lay->name, why);
    }
    if (rc != CO_OK)
        return rc;
    double est[CO_COV_MAX_BASE + CO_COV_MAX_COEF], ll;
    co__cov_to_params(lay, theta, est);
    for (size_t i = 0; i < lay->n_base; i++)
        if (!(est[i] >= PARAM_MIN && est[i] <= PARAM_MAX))
            return co__fail(CO_ENOCONV,
                            "%s covariates: parameter %zu ran off to %g; the data do not "
                            "identify the model",
                            lay->name, i, est[i]);
    if ((rc = lay->loglik(lay, d, est, &ll, NULL)) != CO_OK)
        return rc;
    if (!isfinite(ll))
        return co__fail(CO_ENOCONV, "%s covariates: log-likelihood not finite at the estimate",
                        lay->name);
    memcpy(params, est, lay->n_params * sizeof *params);
    if (info) {
        co_btyd_fit_info full = {sizeof full,     ll,        res.iterations,
                                 res.evaluations, d->n_rows, res.method == CO_OPT_NELDER_MEAD};
        co__sized_store(info, &full, sizeof full);
    }
    return CO_OK;
}
