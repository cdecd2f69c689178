/* The sBG with time-invariant covariates (custorient/sbg_covariates.h): each
 * customer's (alpha_i, beta_i) in the beta-geometric likelihood, the fit and
 * uncertainty of covariate_fit.c, and per-customer projections.
 *
 * Rows are (periods, churned, x_1..x_k). With n the periods survived (t - 1 for a
 * customer who churned in t, else t), log S(n) = lnB(a, b + n) - lnB(a, b) is the
 * sum of log((b + j) / (a + b + j)) for j < n, and log P(T = t) = log a -
 * log(a + b + t - 1) + log S(t - 1). */
#include "custorient/sbg_covariates.h"

#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_covariates_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"
#include "sized_internal.h"

/* Below this many periods survived, S(n) is a product (Gamma recurrence). */
#define N_PRODUCT 64
/* Fits whose alpha0 or beta0 leave this range have run off to a boundary (as sbg.c). */
#define SBG_MIN_PARAM 1e-6
#define SBG_MAX_PARAM 1e6

static double dot(const double *g, const double *v, size_t k)
{
    double s = 0.0;
    for (size_t j = 0; j < k; j++)
        s += g[j] * v[j];
    return s;
}

/* Customer's (alpha_i, beta_i) from the parameters and its covariate row. */
static void row_params(const double *params, const double *x, size_t k, double *a, double *b)
{
    *a = params[0] * exp(dot(params + 2, x, k));
    *b = params[1] * exp(dot(params + 2 + k, x, k));
}

/* log L of one row and d log L / d(a, b). */
static double row_loglik(double a, double b, double t, int churned, double *da, double *db)
{
    const double n = churned ? t - 1.0 : t;
    double ls, ga, gb;
    if (n < N_PRODUCT) {
        double prod = 1.0, lsum = 0.0, s_ab = 0.0, s_b = 0.0;
        for (double j = 0.0; j < n; j += 1.0) {
            prod *= (b + j) / (a + b + j);
            if (prod < 1e-250) { /* fold into the sum before it underflows */
                lsum += log(prod);
                prod = 1.0;
            }
            s_ab += 1.0 / (a + b + j);
            s_b += 1.0 / (b + j);
        }
        ls = lsum + log(prod);
        ga = -s_ab;
        gb = s_b - s_ab;
    } else {
        const double d_ab = co__digamma(a + b + n) - co__digamma(a + b);
        ls = co__lgamma_ratio(b, n) - co__lgamma_ratio(a + b, n);
        ga = -d_ab;
        gb = co__digamma(b + n) - co__digamma(b) - d_ab;
    }
    if (churned) {
        const double inv = 1.0 / (a + b + t - 1.0);
        ls += log(a * inv);
        ga += 1.0 / a - inv;
        gb -= inv;
    }
    *da = ga;
    *db = gb;
    return ls;
}

/* Rows [first, last): a co_cov_chunk_fn. */
static int sbg_chunk(const co_cov_layout *lay, const co_cov_data *d, const double *params,
                     const void *ctx, size_t first, size_t last, double *ll, double *grad)
{
    (void)ctx;
    const size_t k = lay->kp;
    double sum = 0.0;
    if (grad)
        memset(grad, 0, lay->n_params * sizeof *grad);
    for (size_t i = first; i < last; i++) {
        const double *row = d->v + i * d->stride, *x = row + 2, w = d->w[i];
        double a, b, da, db;
        row_params(params, x, k, &a, &b);
        sum += w * row_loglik(a, b, row[0], row[1] != 0.0, &da, &db);
        if (!grad)
            continue;
        /* a = alpha0 exp(g_alpha . x): d/d alpha0 = da a / alpha0, d/d g_alpha = da a x */
        const double wa = w * da * a, wb = w * db * b;
        grad[0] += wa / params[0];
        grad[1] += wb / params[1];
        for (size_t j = 0; j < k; j++) {
            grad[2 + j] += wa * x[j];
            grad[2 + k + j] += wb * x[j];
        }
    }
    *ll = sum;
    return CO_OK;
}

static int sbg_loglik(const co_cov_layout *lay, const co_cov_data *d, const double *params,
                      double *ll, double *grad)
{
    return co__cov_sum_chunks(lay, d, params, sbg_chunk, NULL, ll, grad);
}

static int layout(size_t k, const double *covariates, const co_covariate_fit_options *opt,
                  co_cov_layout *out)
{
    if (k && !covariates)
        return co__fail(CO_EINVAL, "sBG covariates: covariates is NULL with k = %zu", k);
    if (k > CO_COV_MAX_COEF / 2)
        return co__fail(CO_EINVAL, "sBG covariates: more than %d covariates", CO_COV_MAX_COEF / 2);
    co_covariate_fit_options o;
    if (co__cov_options_resolve(opt, &o) != CO_OK)
        return CO_EINVAL;
    co_cov_layout lay;
    memset(&lay, 0, sizeof lay);
    lay.name = "sBG";
    lay.kp = k;
    lay.n_base = 2;
    lay.n_coef = 2 * k;
    lay.x_offset = 2; /* periods, churned */
    lay.n_matrices = 1;
    lay.x_cols[0] = k;
    lay.x_name[0] = "";
    lay.n_sets = 2; /* g_alpha, g_beta */
    lay.loglik = sbg_loglik;
    int rc = co__cov_layout_finish(&o, &lay);
    if (rc == CO_OK)
        *out = lay;
    return rc;
}

size_t co_sbg_cov_n_params(size_t k) { return 2 + 2 * k; }

typedef struct sbg_keys {
    const double *periods, *x;
    const uint8_t *churned;
    size_t k;
} sbg_keys;

static void sbg_key(const void *ctx, size_t i, double *key)
{
    const sbg_keys *s = ctx;
    key[0] = s->periods[i];
    key[1] = s->churned[i];
    if (s->k)
        memcpy(key + 2, s->x + i * s->k, s->k * sizeof *key);
}

/* Check the rows and merge them. */
static int build(const co_cov_layout *lay, const double *periods, const uint8_t *churned,
                 const double *weights, size_t n, const double *covariates, co_cov_data *out)
{
    if (n == 0)
        return co__fail(CO_EINVAL, "sBG covariates: empty input (n = 0)");
    int rc = co__btyd_check_nonneg("periods", periods, n, 1);
    if (rc == CO_OK && !churned)
        rc = co__fail(CO_EINVAL, "sBG covariates: churned is NULL");
    for (size_t i = 0; rc == CO_OK && i < n; i++) {
        if (churned[i] > 1)
            rc = co__fail(CO_EINVAL, "sBG covariates: churned[%zu] = %u is not 0 or 1", i,
                          (unsigned)churned[i]);
        else if (churned[i] && periods[i] < 1.0)
            rc = co__fail(CO_EINVAL, "sBG covariates: customer %zu churned in period 0", i);
    }
    if (rc == CO_OK && weights)
        rc = co__btyd_check_nonneg("weights", weights, n, 0);
    if (rc == CO_OK)
        rc = co__cov_check_matrix(lay->name, covariates, n, lay->kp);
    if (rc != CO_OK)
        return rc;
    const sbg_keys keys = {periods, covariates, churned, lay->kp};
    return co__cov_merge(lay->name, n, 2 + lay->kp, sbg_key, &keys, weights, out);
}

/* Counts that cannot identify the model, as co_sbg_fit() refuses them. */
static int check_identified(const co_cov_data *d)
{
    double churned = 0.0, first = 0.0;
    for (size_t i = 0; i < d->n_rows; i++) {
        const double *row = d->v + i * d->stride;
        if (row[1] != 0.0) {
            churned += d->w[i];
            first += row[0] == 1.0 ? d->w[i] : 0.0;
        }
    }
    if (churned == 0.0)
        return co__fail(CO_EINVAL, "no customer churned: the sBG model cannot be fitted");
    if (first == d->total_weight)
        return co__fail(CO_EINVAL, "every customer churned in the first period: the sBG model "
                                   "cannot be fitted");
    return CO_OK;
}

int co_sbg_cov_fit(const double *periods, const uint8_t *churned, const double *weights, size_t n,
                   const double *covariates, size_t k, const co_covariate_fit_options *opt,
                   double *params, co_btyd_fit_info *info)
{
    co_cov_layout lay;
    co_covariate_fit_options o;
    int rc = layout(k, covariates, opt, &lay);
    if (rc == CO_OK)
        rc = co__cov_options_resolve(opt, &o);
    if (rc == CO_OK && !params)
        rc = co__fail(CO_EINVAL, "sBG covariates fit: params is NULL");
    if (rc == CO_OK && info)
        rc = co__sized_check(info, sizeof *info, "co_btyd_fit_info");
    co_cov_data d;
    if (rc == CO_OK)
        rc = build(&lay, periods, churned, weights, n, covariates, &d);
    if (rc != CO_OK)
        return rc;
    rc = check_identified(&d);
    double p[2 + CO_COV_MAX_COEF] = {1.0, 1.0}; /* uniform churn probabilities, as co_sbg_fit() */
    if (rc == CO_OK)
        rc = co__cov_fit_data(&lay, &d, &o, p, info);
    /* the plain fit's bounds (sbg.c): beyond them alpha0 and beta0 grow without end */
    if (rc == CO_OK && !(p[0] >= SBG_MIN_PARAM && p[0] <= SBG_MAX_PARAM && p[1] >= SBG_MIN_PARAM &&
                         p[1] <= SBG_MAX_PARAM))
        rc = co__fail(CO_ENOCONV,
                      "sBG covariates: the fit drifts to a boundary (alpha0 = %g, beta0 = %g): "
                      "churn too uniform, or too few customers, to identify the model",
                      p[0], p[1]);
    if (rc == CO_OK)
        memcpy(params, p, lay.n_params * sizeof *params);
    co__cov_data_free(&d);
    return rc;
}

int co_sbg_cov_log_likelihood(const double *params, const double *periods, const uint8_t *churned,
                              const double *weights, size_t n, const double *covariates, size_t k,
                              double *out)
{
    co_cov_layout lay;
    int rc = layout(k, covariates, NULL, &lay);
    if (rc == CO_OK)
        rc = co__cov_check_params(&lay, params, 0);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "sBG covariates: out is NULL");
    co_cov_data d;
    if (rc == CO_OK)
        rc = build(&lay, periods, churned, weights, n, covariates, &d);
    if (rc != CO_OK)
        return rc;
    double ll;
    rc = sbg_loglik(&lay, &d, params, &ll, NULL);
    co__cov_data_free(&d);
    if (rc == CO_OK && !isfinite(ll))
        rc = co__fail(CO_EOVERFLOW, "sBG covariates: the log-likelihood overflows a double");
    if (rc == CO_OK)
        *out = ll;
    return rc;
}

int co_sbg_cov_uncertainty(const double *params, const double *periods, const uint8_t *churned,
                           const double *weights, size_t n, const double *covariates, size_t k,
                           const co_covariate_fit_options *opt, co_covariate_uncertainty *out)
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
        rc = build(&lay, periods, churned, weights, n, covariates, &d);
    if (rc != CO_OK)
        return rc;
    rc = co__cov_uncertainty(&lay, &d, params, out);
    co__cov_data_free(&d);
    return rc;
}

int co_sbg_cov_customer_model(const double *params, const double *covariates, size_t k, size_t i,
                              co_sbg *out)
{
    co_cov_layout lay;
    int rc = layout(k, covariates, NULL, &lay);
    if (rc == CO_OK)
        rc = co__cov_check_params(&lay, params, 0);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "sBG covariates: out is NULL");
    if (rc != CO_OK)
        return rc;
    co_sbg m = {0.0, 0.0, 0.0, 0};
    row_params(params, k ? covariates + i * k : NULL, k, &m.alpha, &m.beta);
    if (!(m.alpha > 0.0 && isfinite(m.alpha) && m.beta > 0.0 && isfinite(m.beta)))
        return co__fail(CO_EINVAL, "sBG covariates: customer %zu's alpha = %g, beta = %g", i,
                        m.alpha, m.beta);
    *out = m;
    return CO_OK;
}

typedef int (*sbg_one_fn)(const co_sbg *m, double arg, const double *t, double *out);

static int survival_one(const co_sbg *m, double arg, const double *t, double *out)
{
    (void)arg;
    return co_sbg_survival(m, t, 1, out);
}

static int retention_one(const co_sbg *m, double arg, const double *t, double *out)
{
    (void)arg;
    return co_sbg_retention(m, t, 1, out);
}

static int derl_one(const co_sbg *m, double discount, const double *t, double *out)
{
    return co_sbg_derl(m, discount, t, 1, out);
}

/* fn for each customer at its own parameters, into a scratch array first so that a
 * failure leaves `out` as it was. */
static int per_customer(const double *params, double arg, const double *t, size_t n,
                        const double *covariates, size_t k, double *out, sbg_one_fn fn,
                        double least)
{
    co_cov_layout lay;
    int rc = layout(k, covariates, NULL, &lay);
    if (rc == CO_OK)
        rc = co__cov_check_params(&lay, params, 0);
    if (rc == CO_OK && n > 0 && (!t || !out))
        rc = co__fail(CO_EINVAL, "sBG covariates: NULL array");
    for (size_t i = 0; rc == CO_OK && i < n; i++)
        if (!isfinite(t[i]) || t[i] < least)
            rc = co__fail(CO_EINVAL, "sBG covariates: t[%zu] = %g is not finite and >= %g", i, t[i],
                          least);
    if (rc == CO_OK)
        rc = co__cov_check_matrix(lay.name, covariates, n, k);
    if (rc != CO_OK)
        return rc;
    double *tmp = co__malloc_array(n ? n : 1, sizeof *tmp);
    if (!tmp)
        return co__fail_nomem();
    for (size_t i = 0; rc == CO_OK && i < n; i++) {
        co_sbg m;
        rc = co_sbg_cov_customer_model(params, covariates, k, i, &m);
        if (rc == CO_OK)
            rc = fn(&m, arg, &t[i], &tmp[i]);
    }
    if (rc == CO_OK && n)
        memcpy(out, tmp, n * sizeof *out);
    co__free(tmp);
    return rc;
}

int co_sbg_cov_survival(const double *params, const double *t, size_t n, const double *covariates,
                        size_t k, double *out)
{
    return per_customer(params, 0.0, t, n, covariates, k, out, survival_one, 0.0);
}

int co_sbg_cov_retention(const double *params, const double *t, size_t n, const double *covariates,
                         size_t k, double *out)
{
    return per_customer(params, 0.0, t, n, covariates, k, out, retention_one, 1.0);
}

int co_sbg_cov_derl(const double *params, double discount, const double *renewals, size_t n,
                    const double *covariates, size_t k, double *out)
{
    return per_customer(params, discount, renewals, n, covariates, k, out, derl_one, 0.0);
}
