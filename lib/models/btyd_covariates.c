/* Pareto/NBD and BG/NBD with time-invariant covariates (Fader & Hardie 2007):
 * fit, log-likelihood and per-customer predictions. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_covariates_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"
#include "sized_internal.h"

static co_btyd_covariates no_covariates(void)
{
    co_btyd_covariates c;
    memset(&c, 0, sizeof c);
    c.size = sizeof c;
    return c;
}

int co_btyd_covariates_init(co_btyd_covariates *cov, size_t size)
{
    co_btyd_covariates d = no_covariates();
    return co__options_init(cov, size, &d, sizeof d, __func__);
}

/* Resolve the caller's structs (NULL: defaults) and build the layout. */
static int resolve(co_btyd_model_kind kind, const co_btyd_covariates *cov,
                   const co_covariate_fit_options *opt, co_btyd_covariates *rcov,
                   co_cov_layout *lay)
{
    co_covariate_fit_options ropt;
    *rcov = no_covariates();
    if (co__options_resolve(rcov, sizeof *rcov, cov, "co_btyd_covariates") < 0 ||
        co__cov_options_resolve(opt, &ropt) < 0)
        return CO_EINVAL;
    return co__cov_layout(kind, rcov, &ropt, lay);
}

size_t co_btyd_cov_n_params(co_btyd_model_kind kind, const co_btyd_covariates *cov)
{
    co_btyd_covariates c = no_covariates();
    if (!cov || co__options_resolve(&c, sizeof c, cov, "co_btyd_covariates") < 0)
        return 0;
    if (kind == CO_BTYD_PARETONBD)
        return 4 + c.k_purchase + c.k_dropout;
    return kind == CO_BTYD_BGNBD ? 4 + c.k_purchase + 2 * c.k_dropout : 0;
}

/* The plain model's estimate as the start (coefficients 0); its own start if
 * that fit fails for any reason but memory. */
static int start(const co_cov_layout *lay, const double *frequency, const double *recency,
                 const double *T, const double *weights, size_t n, const co_cov_data *d,
                 double *params)
{
    memset(params, 0, lay->n_params * sizeof *params);
    const double rate =
        d->weighted_x > 0 && d->weighted_T > 0 ? d->weighted_x / d->weighted_T : 1.0;
    params[0] = 1.0;
    params[1] = 1.0 / rate;
    params[2] = 1.0;
    params[3] = lay->kind == CO_BTYD_PARETONBD ? d->weighted_T / d->total_weight + 1.0 : 1.0;
    int rc;
    if (lay->kind == CO_BTYD_BGNBD) {
        co_bgnbd_params p;
        if ((rc = co_bgnbd_fit(frequency, recency, T, weights, n, NULL, &p, NULL)) == CO_OK)
            memcpy(params, (double[4]){p.r, p.alpha, p.a, p.b}, sizeof(double[4]));
    } else {
        co_paretonbd_params p;
        if ((rc = co_paretonbd_fit(frequency, recency, T, weights, n, NULL, &p, NULL)) == CO_OK)
            memcpy(params, (double[4]){p.r, p.alpha, p.s, p.beta}, sizeof(double[4]));
    }
    return rc == CO_ENOMEM ? rc : CO_OK;
}

int co_btyd_cov_fit(co_btyd_model_kind kind, const double *frequency, const double *recency,
                    const double *T, const double *weights, size_t n, const co_btyd_covariates *cov,
                    const co_covariate_fit_options *opt, double *params, co_btyd_fit_info *info)
{
    co_btyd_covariates c;
    co_cov_layout lay;
    co_covariate_fit_options o;
    int rc = resolve(kind, cov, opt, &c, &lay);
    if (rc == CO_OK)
        (void)co__cov_options_resolve(opt, &o);
    if (rc == CO_OK && !params)
        rc = co__fail(CO_EINVAL, "%s covariates fit: params is NULL", lay.name);
    if (rc == CO_OK && info)
        rc = co__sized_check(info, sizeof *info, "co_btyd_fit_info");
    if (rc != CO_OK)
        return rc;
    co_cov_data d;
    if ((rc = co__cov_data_build(&lay, frequency, recency, T, weights, n, &c, &d)) != CO_OK)
        return rc;
    if (!(d.weighted_x > 0.0))
        rc = co__fail(CO_ENOCONV, "%s covariates: no customer has a repeat purchase", lay.name);
    double p[4 + CO_COV_MAX_COEF];
    if (rc == CO_OK)
        rc = start(&lay, frequency, recency, T, weights, n, &d, p);
    if (rc == CO_OK)
        rc = co__cov_fit_data(&lay, &d, &o, p, info);
    if (rc == CO_OK)
        memcpy(params, p, lay.n_params * sizeof *params);
    co__cov_data_free(&d);
    return rc;
}

int co_btyd_cov_log_likelihood(co_btyd_model_kind kind, const double *params,
                               const double *frequency, const double *recency, const double *T,
                               const double *weights, size_t n, const co_btyd_covariates *cov,
                               double *out)
{
    co_btyd_covariates c;
    co_cov_layout lay;
    int rc = resolve(kind, cov, NULL, &c, &lay);
    if (rc == CO_OK)
        rc = co__cov_check_params(&lay, params, 0);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "%s covariates: out is NULL", lay.name);
    if (rc != CO_OK)
        return rc;
    co_cov_data d;
    if ((rc = co__cov_data_build(&lay, frequency, recency, T, weights, n, &c, &d)) != CO_OK)
        return rc;
    double ll;
    rc = co__cov_loglik(&lay, &d, params, &ll, NULL);
    if (rc == CO_OK)
        *out = ll;
    co__cov_data_free(&d);
    return rc;
}

int co_btyd_cov_uncertainty(co_btyd_model_kind kind, const double *params, const double *frequency,
                            const double *recency, const double *T, const double *weights, size_t n,
                            const co_btyd_covariates *cov, const co_covariate_fit_options *opt,
                            co_covariate_uncertainty *out)
{
    co_btyd_covariates c;
    co_cov_layout lay;
    int rc = resolve(kind, cov, opt, &c, &lay);
    if (rc == CO_OK)
        rc = co__cov_check_params(&lay, params, 0);
    if (rc == CO_OK)
        rc = co__cov_check_uncertainty(out);
    if (rc == CO_OK)
        rc = co__cov_check_params(&lay, params, 1);
    if (rc != CO_OK)
        return rc;
    co_cov_data d;
    if ((rc = co__cov_data_build(&lay, frequency, recency, T, weights, n, &c, &d)) != CO_OK)
        return rc;
    rc = co__cov_uncertainty(&lay, &d, params, out);
    co__cov_data_free(&d);
    return rc;
}

static co_btyd_model customer_model(const co_cov_layout *lay, const double *params,
                                    const co_btyd_covariates *c, size_t i)
{
    co_btyd_model m = {lay->kind, {0}};
    co__cov_row_params(lay, params, c->purchase ? c->purchase + i * lay->kp : NULL,
                       c->dropout ? c->dropout + i * lay->kd : NULL, m.param);
    return m;
}

int co_btyd_cov_customer_model(co_btyd_model_kind kind, const double *params,
                               const co_btyd_covariates *cov, size_t i, co_btyd_model *out)
{
    co_btyd_covariates c;
    co_cov_layout lay;
    int rc = resolve(kind, cov, NULL, &c, &lay);
    if (rc == CO_OK)
        rc = co__cov_check_params(&lay, params, 0);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "%s covariates: out is NULL", lay.name);
    if (rc == CO_OK)
        *out = customer_model(&lay, params, &c, i);
    return rc;
}

typedef struct predict_ctx {
    const co_cov_layout *lay;
    const double *params;
    const co_btyd_covariates *cov;
} predict_ctx;

static int predict_at(const co_btyd_args *a, size_t i, double *v)
{
    const predict_ctx *c = a->extra;
    const co_btyd_model m = customer_model(c->lay, c->params, c->cov, i);
    const double *q = m.param;
    if (c->lay->kind == CO_BTYD_BGNBD) {
        const co_bgnbd_params p = {q[0], q[1], q[2], q[3]};
        if (!a->t)
            return co__bgnbd_purchases.alive(&p, a->x[i], a->tx[i], a->T[i], v);
        if (p.a == 1.0)
            return co__fail(CO_EINVAL, "BG/NBD covariates: customer %zu has a = 1", i);
        return co__bgnbd_conditional_one(&p, a->t[i], a->x[i], a->tx[i], a->T[i], v);
    }
    const co_paretonbd_params p = {q[0], q[1], q[2], q[3]};
    if (!a->t)
        return co__paretonbd_purchases.alive(&p, a->x[i], a->tx[i], a->T[i], v);
    return co__paretonbd_conditional_one(&p, a->t[i], a->x[i], a->tx[i], a->T[i], v);
}

static int predict(co_btyd_model_kind kind, const double *params, const double *t,
                   const double *frequency, const double *recency, const double *T, size_t n,
                   const co_btyd_covariates *cov, double *out)
{
    co_btyd_covariates c;
    co_cov_layout lay;
    int rc = resolve(kind, cov, NULL, &c, &lay);
    if (rc == CO_OK)
        rc = co__btyd_check_customers(co__cov_check_params(&lay, params, 0), frequency, recency, T,
                                      n, out);
    if (rc == CO_OK && t)
        rc = co__btyd_check_nonneg("t", t, n, 0);
    if (rc != CO_OK)
        return rc;
    if ((rc = co__cov_check_matrices(&lay, &c, n)) != CO_OK)
        return rc;
    const predict_ctx ctx = {&lay, params, &c};
    return co__btyd_fill(n, out, predict_at,
                         &(co_btyd_args){params, t, frequency, recency, T, &ctx});
}

int co_btyd_cov_probability_alive(co_btyd_model_kind kind, const double *params,
                                  const double *frequency, const double *recency, const double *T,
                                  size_t n, const co_btyd_covariates *cov, double *out)
{
    return predict(kind, params, NULL, frequency, recency, T, n, cov, out);
}

int co_btyd_cov_conditional_expected_purchases(co_btyd_model_kind kind, const double *params,
                                               const double *t, const double *frequency,
                                               const double *recency, const double *T, size_t n,
                                               const co_btyd_covariates *cov, double *out)
{
    if (!t)
        return co__fail(CO_EINVAL, "covariate model: t is NULL");
    return predict(kind, params, t, frequency, recency, T, n, cov, out);
}
