/* MBG/NBD (Batislam, Denizel & Filiztekin 2007): likelihood and fit. A customer
 * flips the drop-out coin at time 0 as well as after each repeat purchase, so
 * compared with the BG/NBD every Beta function carries one more survival and the
 * "dropped out after the last purchase" term is there for x = 0 too. */
#include <math.h>

#include "btyd_internal.h"
#include "error_internal.h"
#include "mbgnbd_internal.h"
#include "numeric_internal.h"

static const char *const names[] = {"r", "alpha", "a", "b"};

int co__mbgnbd_check_params(const co_mbgnbd_params *p)
{
    if (!p)
        return co__fail(CO_EINVAL, "MBG/NBD: params is NULL");
    const double v[4] = {p->r, p->alpha, p->a, p->b};
    return co__btyd_check_params("MBG/NBD", names, v, 4);
}

/*
 * log L = lnG(r+x) - lnG(r) + r ln(alpha) + lnB(a, b+x+1) - lnB(a, b) - (r+x) ln(alpha+T)
 *       + log(1 + exp(D)),  D = ln(a / (b+x)) + (r+x) ln((alpha+T)/(alpha+tx)),
 * the second term being B(a+1, b+x) / B(a, b+x+1) = a / (b+x) times the first with
 * alpha+tx for alpha+T. Terms of x alone once per group of equal x.
 */
int co__mbgnbd_loglik(const co_btyd_data *d, const double *p, double *ll_out, double *grad)
{
    const double r = p[0], alpha = p[1], a = p[2], b = p[3];
    const double lalpha = log(alpha), la = log(a);
    const double base = -co__lgamma(r) + r * lalpha + co__lgamma(a + b) - co__lgamma(b);
    double ll = 0.0, g[4] = {0.0, 0.0, 0.0, 0.0};
    for (size_t k = 0; k < d->n_groups; k++) {
        const size_t first = d->group[k], last = d->group[k + 1];
        const double x = d->rows[first].x, rx = r + x;
        const double cx =
            base + co__lgamma(rx) + co__lgamma(b + x + 1.0) - co__lgamma(a + b + x + 1.0);
        const double ldrop = la - log(b + x);
        double sw = 0.0, s_l1 = 0.0, s_inv1 = 0.0;  /* sums of w, w ln(alpha+T), w/(alpha+T) */
        double s_s = 0.0, s_sl = 0.0, s_sinv = 0.0; /* of w s, w s (l1-l2), w s (inv1-inv2) */
        for (size_t i = first; i < last; i++) {
            const co_btyd_row *row = &d->rows[i];
            const double w = row->w, l1 = log(alpha + row->T), l2 = log(alpha + row->tx);
            const double dd = ldrop + rx * (l1 - l2);
            ll += w * (cx - rx * l1 + co__log1pexp(dd));
            sw += w;
            s_l1 += w * l1;
            if (grad) {
                /* the logistic of D from one exponential */
                const double e = exp(-fabs(dd));
                const double s = w * (dd > 0 ? 1.0 / (1.0 + e) : e / (1.0 + e));
                const double inv1 = 1.0 / (alpha + row->T), inv2 = 1.0 / (alpha + row->tx);
                s_inv1 += w * inv1;
                s_s += s;
                s_sl += s * (l1 - l2);
                s_sinv += s * (inv1 - inv2);
            }
        }
        if (grad) {
            const double dg_abx = co__digamma(a + b + x + 1.0);
            g[0] += sw * (co__digamma(rx) + lalpha) - s_l1 + s_sl;
            g[1] += sw * r / alpha - rx * s_inv1 + rx * s_sinv;
            g[2] += sw * (-dg_abx) + s_s / a;
            g[3] += sw * (co__digamma(b + x + 1.0) - dg_abx) - s_s / (b + x);
        }
    }
    *ll_out = ll;
    if (grad) {
        const double W = d->total_weight;
        grad[0] = g[0] - W * co__digamma(r);
        grad[1] = g[1];
        grad[2] = g[2] + W * co__digamma(a + b);
        grad[3] = g[3] + W * (co__digamma(a + b) - co__digamma(b));
    }
    return CO_OK;
}

static int prepare(co_btyd_data *d)
{
    (void)d;
    return CO_OK;
}

static void release(co_btyd_data *d) { (void)d; }

/* The BG/NBD's start: the same four parameters, the mean purchase rate matched. */
static void start(const co_btyd_data *d, double *p) { co__bgnbd_model.start(d, p); }

/* lifetimes fits the MBG/NBD as the BG/NBD, on T / max(T): alpha is the rate the
 * penalty sees in units of the longest T. */
const co_purchase_model co__mbgnbd_model = {
    "MBG/NBD", names, co__mbgnbd_loglik, co__mbgnbd_hessian, prepare, release, start, 2048,
    1U << 1,   0};

int co_mbgnbd_fit(const double *frequency, const double *recency, const double *T,
                  const double *weights, size_t n, const co_btyd_fit_options *opt,
                  co_mbgnbd_params *out, co_btyd_fit_info *info)
{
    if (!out)
        return co__fail(CO_EINVAL, "MBG/NBD fit: out is NULL");
    double p[4];
    int rc = co__purchase_fit(&co__mbgnbd_model, frequency, recency, T, weights, n, opt, p, info);
    if (rc == CO_OK)
        *out = (co_mbgnbd_params){p[0], p[1], p[2], p[3]};
    return rc;
}

int co_mbgnbd_log_likelihood(const co_mbgnbd_params *params, const double *frequency,
                             const double *recency, const double *T, const double *weights,
                             size_t n, double *out)
{
    int rc = co__mbgnbd_check_params(params);
    if (rc != CO_OK)
        return rc;
    const double p[4] = {params->r, params->alpha, params->a, params->b};
    return co__purchase_log_likelihood(&co__mbgnbd_model, p, frequency, recency, T, weights, n,
                                       out);
}

int co_mbgnbd_uncertainty(const co_mbgnbd_params *params, const double *frequency,
                          const double *recency, const double *T, const double *weights, size_t n,
                          const co_btyd_fit_options *opt, co_model_uncertainty *out)
{
    int rc = co__mbgnbd_check_params(params);
    if (rc != CO_OK)
        return rc;
    const double p[4] = {params->r, params->alpha, params->a, params->b};
    return co__purchase_uncertainty(&co__mbgnbd_model, p, frequency, recency, T, weights, n, opt,
                                    out);
}
