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

typedef struct clv_ctx {
    const co_purchase_factors *model;
    const co_gammagamma_params *spend;
    const double *monetary;
    const co_clv_options *opt;
} clv_ctx;

/* sum_{m=1..M} value P(alive) (E(m f) - E((m-1) f)) / (1 + d)^m, with E
 * the expected purchases if alive (co_purchase_factors). */
static int clv_at(const co_btyd_args *c, size_t i, double *v)
{
    const clv_ctx *k = c->extra;
    const double x = c->x[i], tx = c->tx[i], T = c->T[i];
    double alive;
    int rc = k->model->alive(c->params, x, tx, T, &alive);
    if (rc != CO_OK)
        return rc;
    const double value = co__gammagamma_expected_one(k->spend, x, k->monetary[i]) * alive;
    double total = 0.0, prev = 0.0, discount = 1.0;
    for (unsigned m = 1; m <= k->opt->months; m++) {
        double cur;
        rc = k->model->if_alive(c->params, (double)m * k->opt->periods_per_month, x, T, &cur);
        if (rc != CO_OK)
            return rc;
        discount /= 1.0 + k->opt->discount_rate;
        total += value * (cur - prev) * discount;
        prev = cur;
    }
    *v = total;
    return CO_OK;
}

static int clv(const void *params, const co_purchase_factors *model,
               const co_gammagamma_params *spend, const double *frequency, const double *recency,
               const double *T, const double *monetary, size_t n, const co_clv_options *opt,
               double *out)
{
    co_clv_options resolved = defaults();
    if (co__options_resolve(&resolved, sizeof resolved, opt, "co_clv_options") < 0)
        return CO_EINVAL;
    opt = &resolved;
    if (!isfinite(opt->discount_rate) || opt->discount_rate < 0.0 ||
        !isfinite(opt->periods_per_month) || !(opt->periods_per_month > 0.0))
        return co__fail(CO_EINVAL, "CLV: discount_rate must be >= 0 and periods_per_month > 0");
    int rc = co__gammagamma_check_usable(spend);
    if (rc == CO_OK)
        rc = co__btyd_check(frequency, recency, T, NULL, n);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("monetary", monetary, n, 0);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "CLV: out is NULL");
    if (rc != CO_OK)
        return rc;
    const clv_ctx k = {model, spend, monetary, opt};
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
