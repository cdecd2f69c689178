/* Discounted customer lifetime value from a purchase model and Gamma-Gamma. */
#include <math.h>
#include <string.h>

#include "btyd_internal.h"
#include "error_internal.h"
#include "mbgnbd_internal.h"
#include "sized_internal.h"

/* The defaults co_clv_options_init() writes and fields an older caller lacks take. */
static co_clv_options defaults(void)
{
    co_clv_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.months = 12;
    d.discount_rate = 0.01;
    co_time_unit_per_month(CO_UNIT_DAYS, &d.periods_per_month);
    return d;
}

int co_clv_options_init(co_clv_options *opt, size_t size)
{
    co_clv_options d = defaults();
    return co__options_init(opt, size, &d, sizeof d, __func__);
}

int co__clv_options_resolve(const co_clv_options *opt, co_clv_options *out)
{
    co_clv_options resolved = defaults();
    if (co__options_resolve(&resolved, sizeof resolved, opt, "co_clv_options") < 0)
        return CO_EINVAL;
    if (!isfinite(resolved.discount_rate) || resolved.discount_rate < 0.0 ||
        !isfinite(resolved.periods_per_month) || !(resolved.periods_per_month > 0.0))
        return co__fail(CO_EINVAL, "CLV: discount_rate must be >= 0 and periods_per_month > 0");
    *out = resolved;
    return CO_OK;
}

/* sum_{m=1..M} (E(m f) - E((m-1) f)) / (1 + d)^m, with E the expected
 * purchases if alive (co_purchase_factors). */
int co__clv_discounted_by_month(const co_purchase_factors *model, const void *params, double x,
                                double T, const co_clv_options *opt, double *out)
{
    double total = 0.0, prev = 0.0, discount = 1.0;
    for (unsigned m = 1; m <= opt->months; m++) {
        double cur;
        int rc = model->if_alive(params, (double)m * opt->periods_per_month, x, T, &cur);
        if (rc != CO_OK)
            return rc;
        discount /= 1.0 + opt->discount_rate;
        total += (cur - prev) * discount;
        prev = cur;
    }
    *out = total;
    return CO_OK;
}

int co__clv_discounted_if_alive(const co_purchase_factors *model, const void *params, double x,
                                double T, const co_clv_options *opt, double *out)
{
    return model->discounted ? model->discounted(params, x, T, opt, out)
                             : co__clv_discounted_by_month(model, params, x, T, opt, out);
}

typedef struct clv_ctx {
    const co_purchase_factors *model;
    const co_gammagamma_params *spend;
    const double *monetary;
    const co_clv_options *opt;
} clv_ctx;

/* The expected order value times P(alive) times the discounted purchases if alive. */
static int clv_at(const co_btyd_args *c, size_t i, double *v)
{
    const clv_ctx *k = c->extra;
    double alive, purchases;
    int rc = k->model->alive(c->params, c->x[i], c->tx[i], c->T[i], &alive);
    if (rc == CO_OK)
        rc = co__clv_discounted_if_alive(k->model, c->params, c->x[i], c->T[i], k->opt, &purchases);
    if (rc == CO_OK)
        *v = co__gammagamma_expected_one(k->spend, c->x[i], k->monetary[i]) * alive * purchases;
    return rc;
}

static int clv(const void *params, const co_purchase_factors *model,
               const co_gammagamma_params *spend, const double *frequency, const double *recency,
               const double *T, const double *monetary, size_t n, const co_clv_options *opt,
               double *out)
{
    co_clv_options resolved;
    int rc = co__clv_options_resolve(opt, &resolved);
    if (rc == CO_OK)
        rc = co__gammagamma_check_usable(spend);
    if (rc == CO_OK)
        rc = co__btyd_check(frequency, recency, T, NULL, n);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("monetary", monetary, n, 0);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "CLV: out is NULL");
    if (rc != CO_OK)
        return rc;
    const clv_ctx k = {model, spend, monetary, &resolved};
    return co__btyd_fill(n, out, clv_at, &(co_btyd_args){params, NULL, frequency, recency, T, &k});
}

int co_bgnbd_clv(const co_bgnbd_params *purchases, const co_gammagamma_params *spend,
                 const double *frequency, const double *recency, const double *T,
                 const double *monetary, size_t n, const co_clv_options *opt, double *out)
{
    int rc = co__bgnbd_check_usable(purchases);
    if (rc != CO_OK)
        return rc;
    return clv(purchases, &co__bgnbd_purchases, spend, frequency, recency, T, monetary, n, opt,
               out);
}

int co_paretonbd_clv(const co_paretonbd_params *purchases, const co_gammagamma_params *spend,
                     const double *frequency, const double *recency, const double *T,
                     const double *monetary, size_t n, const co_clv_options *opt, double *out)
{
    int rc = co__paretonbd_check_usable(purchases);
    if (rc != CO_OK)
        return rc;
    return clv(purchases, &co__paretonbd_purchases, spend, frequency, recency, T, monetary, n, opt,
               out);
}

int co_mbgnbd_clv(const co_mbgnbd_params *purchases, const co_gammagamma_params *spend,
                  const double *frequency, const double *recency, const double *T,
                  const double *monetary, size_t n, const co_clv_options *opt, double *out)
{
    int rc = co__mbgnbd_check_usable(purchases);
    if (rc != CO_OK)
        return rc;
    return clv(purchases, &co__mbgnbd_purchases, spend, frequency, recency, T, monetary, n, opt,
               out);
}
