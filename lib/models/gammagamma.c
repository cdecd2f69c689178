/* Gamma-Gamma spend model (Fader & Hardie 2013). Rows are (x, mean value)
 * pairs stored in co_btyd_data with the mean value in `tx`. */
#include <math.h>
#include <string.h>

#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"
#include "uncertainty_internal.h"

static const char *const names[] = {"p", "q", "v"};

static int check_params(const co_gammagamma_params *g)
{
    if (!g)
        return co__fail(CO_EINVAL, "Gamma-Gamma: params is NULL");
    const double v[3] = {g->p, g->q, g->v};
    return co__btyd_check_params("Gamma-Gamma", names, v, 3);
}

/* frequency whole and >= 0, monetary finite and >= 0, and > 0 when frequency is. */
int co__gammagamma_check_spend(const double *frequency, const double *monetary,
                               const double *weights, size_t n)
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

/*
 * log f(zbar | x) = lnG(px+q) - lnG(px) - lnG(q) + q ln v + (px-1) ln zbar + px ln x
 *                 - (px+q) ln(v + x zbar); rows with x = 0 carry no information.
 */
int co__gammagamma_loglik(const co_btyd_data *d, const double *par, double *ll_out, double *grad)
{
    const double p = par[0], q = par[1], v = par[2], lv = log(v);
    const double lgq = co__lgamma(q), dgq = grad ? co__digamma(q) : 0.0;
    double ll = 0.0, gp = 0.0, gq = 0.0, gv = 0.0;
    for (size_t g = 0; g < d->n_groups; g++) {
        const co_btyd_row *row = d->rows + d->group[g], *end = d->rows + d->group[g + 1];
        const double x = row->x, px = p * x, lx = log(x);
        if (x == 0.0)
            continue;
        const double cx = co__lgamma(px + q) - co__lgamma(px) - lgq + q * lv + px * lx;
        double dpx = 0.0, dq = 0.0;
        if (grad) {
            const double dg = co__digamma(px + q);
            dpx = dg - co__digamma(px) + lx;
            dq = dg - dgq + lv;
        }
        for (; row < end; row++) {
            const double w = row->w, lz = log(row->tx), lvx = log(v + x * row->tx);
            ll += w * (cx + (px - 1.0) * lz - (px + q) * lvx);
            if (grad) {
                gp += w * x * (dpx + lz - lvx);
                gq += w * (dq - lvx);
                gv += w * (q / v - (px + q) / (v + x * row->tx));
            }
        }
    }
    *ll_out = ll;
    if (grad) {
        grad[0] = gp;
        grad[1] = gq;
        grad[2] = gv;
    }
    return CO_OK;
}

/* Its Hessian in (p, q, v): trigamma terms per group of equal x, and
 * d2/dv2 of q ln v - (px+q) ln(v + x zbar) etc. per row. */
int co__gammagamma_hessian(const co_btyd_data *d, const double *par, double *hess)
{
    const double p = par[0], q = par[1], v = par[2], tgq = co__trigamma(q);
    double pp = 0.0, pq = 0.0, qq = 0.0, pv = 0.0, qv = 0.0, vv = 0.0;
    for (size_t g = 0; g < d->n_groups; g++) {
        const co_btyd_row *row = d->rows + d->group[g], *end = d->rows + d->group[g + 1];
        const double x = row->x, px = p * x;
        if (x == 0.0)
            continue;
        const double tgpq = co__trigamma(px + q);
        double sw = 0.0;
        for (; row < end; row++) {
            const double w = row->w, inv = 1.0 / (v + x * row->tx);
            sw += w;
            pv -= w * x * inv;
            qv += w * (1.0 / v - inv);
            vv += w * (-q / (v * v) + (px + q) * inv * inv);
        }
        pp += sw * x * x * (tgpq - co__trigamma(px));
        pq += sw * x * tgpq;
        qq += sw * (tgpq - tgq);
    }
    const double h[9] = {pp, pq, pv, pq, qq, qv, pv, qv, vv};
    for (int i = 0; i < 9; i++) {
        if (!isfinite(h[i]))
            return co__fail(CO_ENOCONV, "Gamma-Gamma: Hessian not finite at the parameters");
        hess[i] = h[i];
    }
    return CO_OK;
}

int co__gammagamma_keep_repeat(co_btyd_data *d)
{
    if (d->n_groups > 0 && d->rows[0].x == 0.0) {
        const co_btyd_row *row = d->rows, *end = d->rows + d->group[1];
        for (; row < end; row++)
            d->total_weight -= row->w;
        memmove(d->group, d->group + 1, d->n_groups * sizeof *d->group);
        d->n_groups--;
    }
    if (d->n_groups == 0) {
        co__btyd_data_free(d);
        return co__fail(CO_EINVAL, "Gamma-Gamma: no customer with frequency > 0");
    }
    return CO_OK;
}

static int build(co_btyd_data *d, const double *frequency, const double *monetary,
                 const double *weights, size_t n)
{
    int rc = co__btyd_data_build(d, frequency, monetary, NULL, weights, n);
    return rc == CO_OK ? co__gammagamma_keep_repeat(d) : rc;
}

int co__gammagamma_fit_data(const co_btyd_data *d, const co_btyd_fit_options *opt, double *p,
                            co_btyd_fit_info *info)
{
    /* Start where the population mean p v / (q - 1) equals the mean spend. */
    double sum = 0.0;
    for (size_t i = d->group[0]; i < d->n_rows; i++)
        sum += d->rows[i].w * d->rows[i].tx;
    double est[3] = {1.0, 2.0, sum / d->total_weight}, penalty[3];
    for (size_t i = 0; i < 3; i++) /* the start inside the bounds */
        if (!(est[i] > opt->lower[i]))
            est[i] = 2.0 * opt->lower[i];
    co__btyd_penalty(opt->penalizer, 0, 1.0, 1.0, 3, penalty);
    int rc = co__btyd_user_start("Gamma-Gamma", opt, 3, est);
    if (rc >= 0)
        rc = co__btyd_fit_run(d, co__gammagamma_loglik, 3, "Gamma-Gamma", names, opt, penalty, est,
                              info, NULL);
    if (rc == CO_OK)
        memcpy(p, est, sizeof est);
    return rc;
}

int co_gammagamma_fit(const double *frequency, const double *monetary, const double *weights,
                      size_t n, const co_btyd_fit_options *opt, co_gammagamma_params *out,
                      co_btyd_fit_info *info)
{
    if (!out)
        return co__fail(CO_EINVAL, "Gamma-Gamma fit: out is NULL");
    co_btyd_fit_options resolved;
    int rc = co__btyd_fit_args("Gamma-Gamma", opt, info, &resolved);
    if (rc == CO_OK)
        rc = co__gammagamma_check_spend(frequency, monetary, weights, n);
    co_btyd_data d;
    if (rc == CO_OK)
        rc = build(&d, frequency, monetary, weights, n);
    if (rc != CO_OK)
        return rc;
    double p[3];
    rc = co__gammagamma_fit_data(&d, &resolved, p, info);
    co__btyd_data_free(&d);
    if (rc == CO_OK)
        *out = (co_gammagamma_params){p[0], p[1], p[2]};
    return rc;
}

int co_gammagamma_log_likelihood(const co_gammagamma_params *params, const double *frequency,
                                 const double *monetary, const double *weights, size_t n,
                                 double *out)
{
    int rc = check_params(params);
    if (rc == CO_OK)
        rc = co__gammagamma_check_spend(frequency, monetary, weights, n);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "Gamma-Gamma: out is NULL");
    co_btyd_data d;
    if (rc == CO_OK)
        rc = build(&d, frequency, monetary, weights, n);
    if (rc != CO_OK)
        return rc;
    const double p[3] = {params->p, params->q, params->v};
    double ll;
    rc = co__gammagamma_loglik(&d, p, &ll, NULL);
    co__btyd_data_free(&d);
    if (rc == CO_OK)
        *out = ll;
    return rc;
}

int co_gammagamma_uncertainty(const co_gammagamma_params *params, const double *frequency,
                              const double *monetary, const double *weights, size_t n,
                              const co_btyd_fit_options *opt, co_model_uncertainty *out)
{
    co_btyd_fit_options resolved;
    int rc = check_params(params);
    if (rc == CO_OK)
        rc = co__uncertainty_check("Gamma-Gamma", out);
    if (rc == CO_OK)
        rc = co__btyd_fit_args("Gamma-Gamma", opt, NULL, &resolved);
    if (rc == CO_OK)
        rc = co__gammagamma_check_spend(frequency, monetary, weights, n);
    co_btyd_data d;
    if (rc == CO_OK)
        rc = build(&d, frequency, monetary, weights, n);
    if (rc != CO_OK)
        return rc;
    const double p[3] = {params->p, params->q, params->v};
    double penalty[3];
    co__btyd_penalty(resolved.penalizer, 0, 1.0, 1.0, 3, penalty);
    rc = co__btyd_uncertainty(&d, co__gammagamma_loglik, co__gammagamma_hessian, 3, "Gamma-Gamma",
                              p, penalty, out);
    co__btyd_data_free(&d);
    return rc;
}

double co__gammagamma_expected_one(const co_gammagamma_params *g, double x, double zbar)
{
    /* A credibility-weighted mean: (q - 1)/(px + q - 1) of the population mean
     * p v/(q - 1) and px/(px + q - 1) of the customer's own zbar. */
    return g->p * (g->v + x * zbar) / (g->p * x + g->q - 1.0);
}

int co__gammagamma_check_usable(const co_gammagamma_params *params)
{
    int rc = check_params(params);
    if (rc == CO_OK && !(params->q > 1.0))
        rc = co__fail(CO_EINVAL, "Gamma-Gamma: q = %g must exceed 1 for an expected value",
                      params->q);
    return rc;
}

int co_gammagamma_conditional_expected_value(const co_gammagamma_params *params,
                                             const double *frequency, const double *monetary,
                                             size_t n, double *out)
{
    int rc = co__gammagamma_check_usable(params);
    if (rc == CO_OK)
        rc = co__gammagamma_check_spend(frequency, monetary, NULL, n);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "Gamma-Gamma: out is NULL");
    if (rc != CO_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        out[i] = co__gammagamma_expected_one(params, frequency[i], monetary[i]);
    return CO_OK;
}
