/* Likelihood of the covariate models: each customer's own (alpha_i, beta_i)
 * or (alpha_i, a_i, b_i) in the plain model's per-customer likelihood, and the
 * chain rule from its gradient to the coefficients. */
#include <math.h>

#include "btyd_covariates_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"
#include "paretonbd_internal.h"

/* lnG(r+x) - lnG(r) and psi(r+x) - psi(r) by recurrence for x < X_TABLE
 * (x is a whole number), once per evaluation instead of once per row. */
#define X_TABLE 256
typedef struct x_tables {
    double lg[X_TABLE], dg[X_TABLE];
} x_tables;
/* Below this x the Beta-function ratios of the BG/NBD are products. */
#define X_PRODUCT 64

static double dot(const double *g, const double *v, size_t k)
{
    double s = 0.0;
    for (size_t j = 0; j < k; j++)
        s += g[j] * v[j];
    return s;
}

void co__cov_row_params(const co_cov_layout *lay, const double *params, const double *xp,
                        const double *xd, double *p)
{
    const double *g = params + 4;
    p[0] = params[0];
    p[1] = params[1] * exp(-dot(g, xp, lay->kp));
    if (lay->kind == CO_BTYD_PARETONBD) {
        p[2] = params[2];
        p[3] = params[3] * exp(-dot(g + lay->kp, xd, lay->kd));
    } else {
        p[2] = params[2] * exp(dot(g + lay->kp, xd, lay->kd));
        p[3] = params[3] * exp(dot(g + lay->kp + lay->kd, xd, lay->kd));
    }
}

/*
 * As bgnbd.c, per row: log L = lnG(r+x) - lnG(r) + r ln(alpha) + lnB(a, b+x) - lnB(a, b)
 * - (r+x) ln(alpha+T) + [x > 0] log(1 + e^D), D = ln(a/(b+x-1)) + (r+x) ln((alpha+T)/(alpha+tx)).
 * For small whole x, B(a, b+x)/B(a, b) = prod_{j<x} (b+j)/(a+b+j) (Gamma recurrence).
 */
void co__bgnbd_row_loglik(const double *p, double x, double tx, double T, double lgamma_rx,
                          double digamma_rx, double *ll, double *grad)
{
    const double r = p[0], alpha = p[1], a = p[2], b = p[3], rx = r + x;
    double lbeta_ratio, d_ab = 0.0, d_b = 0.0; /* psi(a+b+x) - psi(a+b), psi(b+x) - psi(b) */
    if (x < X_PRODUCT) {
        double prod = 1.0, lsum = 0.0;
        for (double j = 0.0; j < x; j += 1.0) {
            prod *= (b + j) / (a + b + j);
            if (prod < 1e-250) { /* fold into the sum before it underflows */
                lsum += log(prod);
                prod = 1.0;
            }
            if (grad) {
                d_ab += 1.0 / (a + b + j);
                d_b += 1.0 / (b + j);
            }
        }
        lbeta_ratio = lsum + log(prod);
    } else {
        lbeta_ratio = co__lgamma(b + x) - co__lgamma(b) - co__lgamma(a + b + x) + co__lgamma(a + b);
        if (grad) {
            d_ab = co__digamma(a + b + x) - co__digamma(a + b);
            d_b = co__digamma(b + x) - co__digamma(b);
        }
    }
    const double l1 = log(alpha + T);
    double v = lgamma_rx + r * log(alpha) + lbeta_ratio - rx * l1, sig = 0.0, l2 = 0.0;
    if (x > 0) {
        l2 = log(alpha + tx);
        const double dd = log(a) - log(b + x - 1.0) + rx * (l1 - l2);
        const double e = exp(-fabs(dd));
        v += (dd > 0 ? dd : 0.0) + log1p(e);
        sig = dd > 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }
    *ll = v;
    if (!grad)
        return;
    const double inv1 = 1.0 / (alpha + T), inv2 = x > 0 ? 1.0 / (alpha + tx) : 0.0;
    grad[0] = digamma_rx + log(alpha) - l1 + sig * (l1 - l2);
    grad[1] = r / alpha - rx * inv1 + sig * rx * (inv1 - inv2);
    grad[2] = -d_ab + sig / a;
    grad[3] = d_b - d_ab - (x > 0 ? sig / (b + x - 1.0) : 0.0);
}

/* Rows [first, last) of one chunk; ll and grad hold its sums. */
static int chunk_loglik(const co_cov_layout *lay, const co_cov_data *d, const double *params,
                        const void *ctx, size_t first, size_t last, double *ll, double *grad)
{
    const x_tables *xt = ctx;
    const double *lg_table = xt->lg, *dg_table = xt->dg;
    const double r = params[0], *coef = params + 4;
    const size_t kp = lay->kp, kd = lay->kd, np = lay->n_params;
    const int pnbd = lay->kind == CO_BTYD_PARETONBD;
    /* the Pareto/NBD's log alpha_i and log beta_i are log base - g . x: no log per row */
    const double log_base[3] = {log(params[1]), log(params[2]), log(params[3])};
    co_pnbd_tables tables; /* rows are sorted by x: neighbours share the series' tables */
    co__pnbd_tables_init(&tables, 0);
    double sum = 0.0, logs[3];
    if (grad)
        for (size_t j = 0; j < np; j++)
            grad[j] = 0.0;
    for (size_t i = first; i < last; i++) {
        const double *row = d->v + i * d->stride, *xp = row + 3, *xd = row + 3 + kp;
        const double x = row[0], w = d->w[i];
        double p[4], g[4], v;
        if (pnbd) {
            const double ep = dot(coef, xp, kp), ed = dot(coef + kp, xd, kd);
            p[0] = r;
            p[1] = params[1] * exp(-ep);
            p[2] = params[2];
            p[3] = params[3] * exp(-ed);
            logs[0] = log_base[0] - ep;
            logs[1] = log_base[1];
            logs[2] = log_base[2] - ed;
        } else {
            co__cov_row_params(lay, params, xp, xd, p);
        }
        double lgr, dgr;
        if (x < X_TABLE) {
            lgr = lg_table[(size_t)x];
            dgr = dg_table[(size_t)x];
        } else {
            lgr = co__lgamma(r + x) - co__lgamma(r);
            dgr = grad ? co__digamma(r + x) - co__digamma(r) : 0.0;
        }
        if (pnbd) {
            int rc = co__paretonbd_row_loglik(p, logs, x, row[1], row[2], lgr, dgr, &tables, &v,
                                              grad ? g : NULL);
            if (rc != CO_OK)
                return rc;
        } else {
            co__bgnbd_row_loglik(p, x, row[1], row[2], lgr, dgr, &v, grad ? g : NULL);
        }
        sum += w * v;
        if (!grad)
            continue;
        /* d/d(base) = g * (p_i / base) (p_i is the base times a factor); d/dcoef by the
         * chain rule through the factor's exponent */
        const double ga = w * g[1] * p[1];
        grad[0] += w * g[0];
        grad[1] += ga / params[1];
        for (size_t j = 0; j < kp; j++)
            grad[4 + j] -= ga * xp[j];
        if (pnbd) {
            const double gb = w * g[3] * p[3];
            grad[2] += w * g[2];
            grad[3] += gb / params[3];
            for (size_t j = 0; j < kd; j++)
                grad[4 + kp + j] -= gb * xd[j];
        } else {
            const double g_a = w * g[2] * p[2], g_b = w * g[3] * p[3];
            grad[2] += g_a / params[2];
            grad[3] += g_b / params[3];
            for (size_t j = 0; j < kd; j++) {
                grad[4 + kp + j] += g_a * xd[j];
                grad[4 + kp + kd + j] += g_b * xd[j];
            }
        }
    }
    *ll = sum;
    return CO_OK;
}

int co__cov_loglik(const co_cov_layout *lay, const co_cov_data *d, const double *params, double *ll,
                   double *grad)
{
    const double r = params[0];
    x_tables xt;
    xt.lg[0] = xt.dg[0] = 0.0;
    for (size_t k = 1; k < X_TABLE; k++) {
        xt.lg[k] = xt.lg[k - 1] + log(r + (double)(k - 1));
        xt.dg[k] = xt.dg[k - 1] + 1.0 / (r + (double)(k - 1));
    }
    return co__cov_sum_chunks(lay, d, params, chunk_loglik, &xt, ll, grad);
}

int co__cov_objective(void *vctx, const double *theta, double *f, double *grad)
{
    co_cov_objective *c = vctx;
    const co_cov_layout *lay = c->lay;
    const size_t nb = lay->n_base;
    double params[CO_COV_MAX_BASE + CO_COV_MAX_COEF], g[CO_COV_MAX_BASE + CO_COV_MAX_COEF], ll;
    co__cov_to_params(lay, theta, params);
    for (size_t i = 0; i < nb; i++)
        if (!(params[i] > 0.0) || isinf(params[i])) {
            *f = INFINITY;
            return CO_OK;
        }
    int rc = c->spread ? co__cov_wall(c, params) : 0;
    if (rc != 0) {
        *f = INFINITY;
        return rc == 1 ? CO_OK : rc;
    }
    rc = lay->loglik(lay, c->data, params, &ll, grad ? g : NULL);
    if (rc == CO_ENOCONV) { /* a series failing far from the optimum: back off */
        *f = INFINITY;
        return CO_OK;
    }
    if (rc != CO_OK)
        return rc;
    const double W = c->data->total_weight;
    double pen = 0.0;
    for (size_t j = 0; j < lay->n_coef; j++)
        pen += params[nb + j] * params[nb + j];
    *f = -ll / W + lay->l2 * pen;
    if (!grad)
        return CO_OK;
    for (size_t i = 0; i < lay->n_free; i++)
        grad[i] = 0.0;
    for (size_t i = 0; i < nb; i++)
        grad[i] = -g[i] * params[i] / W;
    for (size_t j = 0; j < lay->n_coef; j++)
        grad[lay->free_of[j]] += -g[nb + j] / W + 2.0 * lay->l2 * params[nb + j];
    return CO_OK;
}
