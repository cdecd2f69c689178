/* The covariate models' parameter layout and merged data. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_covariates_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "index_map_internal.h"
#include "numeric_internal.h"

_Static_assert(CO_COVARIATE_MAX_FREE <= CO_OPT_MAX_DIM, "the optimiser takes every free value");

static size_t root(const size_t *parent, size_t j)
{
    while (parent[j] != j)
        j = parent[j];
    return j;
}

int co__cov_layout(co_btyd_model_kind kind, const co_btyd_covariates *cov,
                   const co_covariate_fit_options *opt, co_cov_layout *out)
{
    if (kind != CO_BTYD_BGNBD && kind != CO_BTYD_PARETONBD)
        return co__fail(CO_EINVAL, "covariate model: unknown kind %d", (int)kind);
    const char *name = kind == CO_BTYD_BGNBD ? "BG/NBD" : "Pareto/NBD";
    if ((cov->k_purchase && !cov->purchase) || (cov->k_dropout && !cov->dropout))
        return co__fail(CO_EINVAL, "%s covariates: a matrix with columns is NULL", name);
    co_cov_layout lay = {kind, name, cov->k_purchase, cov->k_dropout, 0, 0,
                         0,    {0},  opt->l2,         opt->threads};
    const size_t drop_sets = kind == CO_BTYD_BGNBD ? 2 : 1;
    if (lay.kp > CO_COV_MAX_COEF || lay.kd > CO_COV_MAX_COEF ||
        lay.kp + drop_sets * lay.kd > CO_COV_MAX_COEF)
        return co__fail(CO_EINVAL, "%s covariates: more than %d coefficients", name,
                        CO_COV_MAX_COEF);
    lay.n_coef = lay.kp + drop_sets * lay.kd;
    lay.n_params = 4 + lay.n_coef;
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
    size_t n_free = 4;
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

void co__cov_to_params(const co_cov_layout *lay, const double *theta, double *params)
{
    for (size_t i = 0; i < 4; i++)
        params[i] = exp(theta[i]);
    for (size_t j = 0; j < lay->n_coef; j++)
        params[4 + j] = theta[lay->free_of[j]];
}

void co__cov_to_theta(const co_cov_layout *lay, const double *params, double *theta)
{
    for (size_t i = 0; i < 4; i++)
        theta[i] = log(params[i]);
    for (size_t j = 0; j < lay->n_coef; j++)
        theta[lay->free_of[j]] = params[4 + j];
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

static int check_matrix(const char *name, const double *m, size_t n, size_t k)
{
    for (size_t i = 0; i < n * k; i++)
        if (!isfinite(m[i]))
            return co__fail(CO_EINVAL, "%s covariates: value at row %zu, column %zu is not finite",
                            name, i / k, i % k);
    return CO_OK;
}

int co__cov_check_matrices(const co_cov_layout *lay, const co_btyd_covariates *cov, size_t n)
{
    int rc = check_matrix("purchase", cov->purchase, n, lay->kp);
    return rc == CO_OK ? check_matrix("drop-out", cov->dropout, n, lay->kd) : rc;
}

/* Rows in order of x (x >= SORT_BUCKETS - 1 last, as they came), by a counting sort:
 * neighbouring rows then share the Pareto/NBD's series tables, which depend on x. */
#define SORT_BUCKETS 257
static int sort_by_x(co_cov_data *d)
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

int co__cov_data_build(const co_cov_layout *lay, const double *frequency, const double *recency,
                       const double *T, const double *weights, size_t n,
                       const co_btyd_covariates *cov, co_cov_data *out)
{
    int rc = co__btyd_check(frequency, recency, T, weights, n);
    if (rc == CO_OK)
        rc = co__cov_check_matrices(lay, cov, n);
    if (rc != CO_OK)
        return rc;
    co_cov_data d = {0, 3 + lay->kp + lay->kd, NULL, NULL, 0.0, 0.0, 0.0};
    d.v = co__malloc_array(n, d.stride * sizeof *d.v);
    d.w = co__malloc_array(n, sizeof *d.w);
    double *key = co__malloc_array(d.stride, sizeof *key);
    co_index_map map = {NULL, 0, 0};
    rc = d.v && d.w && key ? co__index_map_reserve(&map, n) : co__fail_nomem();
    const merge_keys mk = {d.v, d.stride};
    for (size_t i = 0; rc == CO_OK && i < n; i++) {
        const double w = weights ? weights[i] : 1.0;
        if (w == 0.0)
            continue;
        key[0] = frequency[i] + 0.0; /* -0.0 and 0.0 merge */
        key[1] = recency[i] + 0.0;
        key[2] = T[i] + 0.0;
        for (size_t j = 0; j < lay->kp; j++)
            key[3 + j] = cov->purchase[i * lay->kp + j] + 0.0;
        for (size_t j = 0; j < lay->kd; j++)
            key[3 + lay->kp + j] = cov->dropout[i * lay->kd + j] + 0.0;
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
        d.weighted_x += w * frequency[i];
        d.weighted_T += w * T[i];
    }
    co__index_map_free(&map);
    co__free(key);
    if (rc == CO_OK && d.n_rows == 0)
        rc = co__fail(CO_EINVAL, "%s covariates: every weight is 0", lay->name);
    if (rc == CO_OK)
        rc = sort_by_x(&d);
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
