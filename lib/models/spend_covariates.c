/* The Gamma-Gamma spend model with covariates on its scale (custorient/spend_covariates.h):
 * v_i = v0 exp(g . x_i) in the plain model's per-customer likelihood, with the fit
 * and uncertainty of covariate_fit.c.
 *
 * Rows are (x, mean value, covariates), repeat customers only, sorted by x so that
 * lnG(px + q) - lnG(px) is computed once per frequency. Per row (gammagamma.c):
 * log f = lnG(px+q) - lnG(px) - lnG(q) + q ln v_i + (px-1) ln zbar + px ln x
 *       - (px+q) ln(v_i + x zbar). */
#include "custorient/spend_covariates.h"

#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_covariates_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"
#include "sized_internal.h"

static double dot(const double *g, const double *v, size_t k)
{
    double s = 0.0;
    for (size_t j = 0; j < k; j++)
        s += g[j] * v[j];
    return s;
}

/* Rows [first, last): a co_cov_chunk_fn. */
static int gg_chunk(const co_cov_layout *lay, const co_cov_data *d, const double *params,
                    const void *ctx, size_t first, size_t last, double *ll, double *grad)
{
    (void)ctx;
    const size_t k = lay->kp;
    const double p = params[0], q = params[1], lv0 = log(params[2]);
    const double lgq = co__lgamma(q), dgq = grad ? co__digamma(q) : 0.0;
    double sum = 0.0, last_x = -1.0, cx = 0.0, dpx = 0.0, dqx = 0.0;
    if (grad)
        memset(grad, 0, lay->n_params * sizeof *grad);
    for (size_t i = first; i < last; i++) {
        const double *row = d->v + i * d->stride, *xc = row + 2, w = d->w[i];
        const double x = row[0], z = row[1], px = p * x;
        if (x != last_x) { /* per frequency: the log-gammas and digammas */
            last_x = x;
            cx = co__lgamma(px + q) - co__lgamma(px) - lgq + px * log(x);
            if (grad) {
                const double dg = co__digamma(px + q);
                dpx = dg - co__digamma(px) + log(x);
                dqx = dg - dgq;
            }
        }
        const double e = dot(params + 3, xc, k), lv = lv0 + e, v = params[2] * exp(e);
        const double lz = log(z), lvx = log(v + x * z);
        sum += w * (cx + q * lv + (px - 1.0) * lz - (px + q) * lvx);
        if (!grad)
            continue;
        /* d/d v_i times v_i: d/d log v0 and d/d g_j (times x_j) alike */
        const double gv = w * (q - (px + q) * v / (v + x * z));
        grad[0] += w * x * (dpx + lz - lvx);
        grad[1] += w * (dqx + lv - lvx);
        grad[2] += gv / params[2];
        for (size_t j = 0; j < k; j++)
            grad[3 + j] += gv * xc[j];
    }
    *ll = sum;
    return CO_OK;
}

static int gg_loglik(const co_cov_layout *lay, const co_cov_data *d, const double *params,
                     double *ll, double *grad)
{
    return co__cov_sum_chunks(lay, d, params, gg_chunk, NULL, ll, grad);
}

static int layout(size_t k, const double *covariates, const co_covariate_fit_options *opt,
                  co_cov_layout *out)
{
    if (k && !covariates)
        return co__fail(CO_EINVAL, "Gamma-Gamma covariates: covariates is NULL with k = %zu", k);
    co_covariate_fit_options o;
    if (co__cov_options_resolve(opt, &o) != CO_OK)
        return CO_EINVAL;
    co_cov_layout lay;
    memset(&lay, 0, sizeof lay);
    lay.name = "Gamma-Gamma";
    lay.kp = k;
    lay.n_base = 3;
    lay.n_coef = k;
    lay.x_offset = 2; /* x, mean value */
    lay.n_matrices = 1;
    lay.x_cols[0] = k;
    lay.x_name[0] = "";
    lay.n_sets = 1;
    lay.loglik = gg_loglik;
    int rc = co__cov_layout_finish(&o, &lay);
    if (rc == CO_OK)
        *out = lay;
    return rc;
}

size_t co_gammagamma_cov_n_params(size_t k) { return 3 + k; }

/* As gammagamma.c: frequency whole >= 0, monetary finite >= 0 and > 0 where frequency is. */
static int check_spend(const double *frequency, const double *monetary, const double *weights,
                       size_t n)
{
    int rc = co__btyd_check(frequency, NULL, NULL, weights, n);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("monetary", monetary, n, 0);
    for (size_t i = 0; rc == CO_OK && i < n; i++)
        if (frequency[i] > 0.0 && monetary[i] == 0.0)
            rc = co__fail(CO_EINVAL, "monetary[%zu] = 0 with frequency[%zu] = %g > 0", i, i,
                          frequency[i]);
    return rc;
}

typedef struct gg_keys {
    const double *x, *z, *cov;
    size_t k;
} gg_keys;

static void gg_key(const void *ctx, size_t i, double *key)
{
    const gg_keys *g = ctx;
    key[0] = g->x[i];
    key[1] = g->z[i];
    if (g->k)
        memcpy(key + 2, g->cov + i * g->k, g->k * sizeof *key);
}

/* Check, then merge the repeat customers (weight 0 for the others), sorted by x. */
static int build(const co_cov_layout *lay, const double *frequency, const double *monetary,
                 const double *weights, size_t n, const double *covariates, co_cov_data *out)
{
    int rc = check_spend(frequency, monetary, weights, n);
    if (rc == CO_OK)
        rc = co__cov_check_matrix(lay->name, covariates, n, lay->kp);
    if (rc != CO_OK)
        return rc;
    double *w = co__malloc_array(n, sizeof *w);
    if (!w)
        return co__fail_nomem();
    for (size_t i = 0; i < n; i++)
        w[i] = frequency[i] > 0.0 ? (weights ? weights[i] : 1.0) : 0.0;
    const gg_keys keys = {frequency, monetary, covariates, lay->kp};
    rc = co__cov_merge(lay->name, n, 2 + lay->kp, gg_key, &keys, w, out);
    co__free(w);
    if (rc == CO_EINVAL)
        return co__fail(CO_EINVAL, "Gamma-Gamma covariates: no customer with frequency > 0");
    if (rc == CO_OK && (rc = co__cov_sort_by_first(out)) != CO_OK)
        co__cov_data_free(out);
    return rc;
}

int co_gammagamma_cov_fit(const double *frequency, const double *monetary, const double *weights,
                          size_t n, const double *covariates, size_t k,
                          const co_covariate_fit_options *opt, double *params,
                          co_btyd_fit_info *info)
{
    co_cov_layout lay;
    co_covariate_fit_options o;
    int rc = layout(k, covariates, opt, &lay);
    if (rc == CO_OK)
        rc = co__cov_options_resolve(opt, &o);
    if (rc == CO_OK && !params)
        rc = co__fail(CO_EINVAL, "Gamma-Gamma covariates fit: params is NULL");
    if (rc == CO_OK && info)
        rc = co__sized_check(info, sizeof *info, "co_btyd_fit_info");
    co_cov_data d;
    if (rc == CO_OK)
        rc = build(&lay, frequency, monetary, weights, n, covariates, &d);
    if (rc != CO_OK)
        return rc;
    /* the plain model's estimate as the start; its own start if that fit fails */
    double p[3 + CO_COV_MAX_COEF] = {1.0, 2.0, 1.0};
    double spend = 0.0;
    for (size_t i = 0; i < d.n_rows; i++)
        spend += d.w[i] * d.v[i * d.stride + 1];
    p[2] = spend / d.total_weight;
    co_gammagamma_params plain;
    rc = co_gammagamma_fit(frequency, monetary, weights, n, NULL, &plain, NULL);
    if (rc == CO_OK)
        memcpy(p, (double[3]){plain.p, plain.q, plain.v}, sizeof(double[3]));
    if (rc != CO_ENOMEM)
        rc = co__cov_fit_data(&lay, &d, &o, p, info);
    if (rc == CO_OK)
        memcpy(params, p, lay.n_params * sizeof *params);
    co__cov_data_free(&d);
    return rc;
}

int co_gammagamma_cov_log_likelihood(const double *params, const double *frequency,
                                     const double *monetary, const double *weights, size_t n,
                                     const double *covariates, size_t k, double *out)
{
    co_cov_layout lay;
    int rc = layout(k, covariates, NULL, &lay);
    if (rc == CO_OK)
        rc = co__cov_check_params(&lay, params, 0);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "Gamma-Gamma covariates: out is NULL");
    co_cov_data d;
    if (rc == CO_OK)
        rc = build(&lay, frequency, monetary, weights, n, covariates, &d);
    if (rc != CO_OK)
        return rc;
    double ll;
    rc = gg_loglik(&lay, &d, params, &ll, NULL);
    co__cov_data_free(&d);
    if (rc == CO_OK)
        *out = ll;
    return rc;
}

int co_gammagamma_cov_uncertainty(const double *params, const double *frequency,
                                  const double *monetary, const double *weights, size_t n,
                                  const double *covariates, size_t k,
                                  const co_covariate_fit_options *opt,
                                  co_covariate_uncertainty *out)
{
    co_cov_layout lay;
    int rc = layout(k, covariates, opt, &lay);
    if (rc == CO_OK)
        rc = co__cov_check_params(&lay, params, 0);
    if (rc == CO_OK)
        rc = co__cov_check_uncertainty(out);
    if (rc == CO_OK)
        rc = co__cov_check_params(&lay, params, 1);
    co_cov_data d;
    if (rc == CO_OK)
        rc = build(&lay, frequency, monetary, weights, n, covariates, &d);
    if (rc != CO_OK)
        return rc;
    rc = co__cov_uncertainty(&lay, &d, params, out);
    co__cov_data_free(&d);
    return rc;
}

int co_gammagamma_cov_customer_params(const double *params, const double *covariates, size_t k,
                                      size_t i, co_gammagamma_params *out)
{
    co_cov_layout lay;
    int rc = layout(k, covariates, NULL, &lay);
    if (rc == CO_OK)
        rc = co__cov_check_params(&lay, params, 0);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "Gamma-Gamma covariates: out is NULL");
    if (rc != CO_OK)
        return rc;
    const double v = params[2] * exp(dot(params + 3, k ? covariates + i * k : NULL, k));
    if (!(v > 0.0 && isfinite(v)))
        return co__fail(CO_EINVAL, "Gamma-Gamma covariates: customer %zu's v = %g", i, v);
    *out = (co_gammagamma_params){params[0], params[1], v};
    return CO_OK;
}

int co_gammagamma_cov_conditional_expected_value(const double *params, const double *frequency,
                                                 const double *monetary, size_t n,
                                                 const double *covariates, size_t k, double *out)
{
    co_cov_layout lay;
    int rc = layout(k, covariates, NULL, &lay);
    if (rc == CO_OK)
        rc = co__cov_check_params(&lay, params, 0);
    if (rc == CO_OK && !(params[1] > 1.0))
        rc = co__fail(CO_EINVAL, "Gamma-Gamma: q = %g must exceed 1 for an expected value",
                      params[1]);
    if (rc == CO_OK)
        rc = check_spend(frequency, monetary, NULL, n);
    if (rc == CO_OK)
        rc = co__cov_check_matrix(lay.name, covariates, n, k);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "Gamma-Gamma covariates: out is NULL");
    for (size_t i = 0; rc == CO_OK && i < n; i++) { /* every v_i usable before writing */
        co_gammagamma_params g;
        rc = co_gammagamma_cov_customer_params(params, covariates, k, i, &g);
    }
    for (size_t i = 0; rc == CO_OK && i < n; i++) {
        co_gammagamma_params g;
        (void)co_gammagamma_cov_customer_params(params, covariates, k, i, &g);
        out[i] = co__gammagamma_expected_one(&g, frequency[i], monetary[i]);
    }
    return rc;
}
