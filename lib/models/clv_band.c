/* Band of the CLV under the uncertainty of both models: the purchase model's
 * and the Gamma-Gamma parameters drawn together (independent blocks: the two
 * are fitted on separate likelihoods), the CLV computed for each draw as
 * co_*_clv() does: the discounted purchases if alive once per draw and
 * distinct (x, T), P(alive) per distinct (x, tx, T), the expected order value
 * per distinct (x, mean spend) (prediction_band.c). */
#include <math.h>
#include <string.h>

#include "band_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"

typedef struct clv_band_ctx {
    const co_purchase_factors *factors;
    int paretonbd;
    co_clv_options opt;
} clv_band_ctx;

/* The draw's purchase parameters as the model's struct, in `bg` or `pn`. */
static const void *purchase_params(const clv_band_ctx *c, const double *p, co_bgnbd_params *bg,
                                   co_paretonbd_params *pn)
{
    *bg = (co_bgnbd_params){p[0], p[1], p[2], p[3]};
    *pn = (co_paretonbd_params){p[0], p[1], p[2], p[3]};
    return c->paretonbd ? (const void *)pn : (const void *)bg;
}

static int if_alive(const void *ctx, const double *p, const co_band_row *row, double *v)
{
    const clv_band_ctx *c = ctx;
    co_bgnbd_params bg;
    co_paretonbd_params pn;
    return co__clv_discounted_if_alive(c->factors, purchase_params(c, p, &bg, &pn), row->x, row->T,
                                       &c->opt, v);
}

static int alive(const void *ctx, const double *p, const co_band_row *row, double *v)
{
    const clv_band_ctx *c = ctx;
    co_bgnbd_params bg;
    co_paretonbd_params pn;
    return c->factors->alive(purchase_params(c, p, &bg, &pn), row->x, row->tx, row->T, v);
}

/* The expected order value at the draw's p, q, v; NaN (reported as not finite)
 * for a draw with p x + q <= 1, which has no finite expected value. */
static double spend(const double *draw, double x, double m)
{
    const co_gammagamma_params g = {draw[4], draw[5], draw[6]};
    return g.p * x + g.q > 1.0 ? co__gammagamma_expected_one(&g, x, m) : NAN;
}

static int band(const char *name, int paretonbd, int usable_rc,
                const co_model_uncertainty *purchases_u, const co_model_uncertainty *spend_u,
                const double *frequency, const double *recency, const double *T,
                const double *monetary, size_t n, const co_clv_options *clv,
                const co_band_options *opt, double *lower, double *upper)
{
    clv_band_ctx ctx = {paretonbd ? &co__paretonbd_purchases : &co__bgnbd_purchases,
                        paretonbd,
                        {0}};
    int rc = usable_rc;
    if (rc == CO_OK)
        rc = co__band_check_uncertainty(name, spend_u, 3);
    if (rc == CO_OK) {
        const co_gammagamma_params g = {spend_u->estimate[0], spend_u->estimate[1],
                                        spend_u->estimate[2]};
        rc = co__gammagamma_check_usable(&g);
    }
    if (rc == CO_OK)
        rc = co__clv_options_resolve(clv, &ctx.opt);
    if (rc != CO_OK)
        return rc;
    /* both models' parameters in one block-diagonal covariance */
    co_model_uncertainty both;
    memset(&both, 0, sizeof both);
    both.size = sizeof both;
    both.n_params = 7;
    for (size_t i = 0; i < 7; i++) {
        const co_model_uncertainty *u = i < 4 ? purchases_u : spend_u;
        const size_t at = i < 4 ? 0 : 4;
        both.estimate[i] = u->estimate[i - at];
        for (size_t j = at; j < at + u->n_params; j++)
            both.variance[i][j] = u->variance[i - at][j - at];
    }
    const co_band_model m = {name,
                             7,
                             if_alive,
                             alive,
                             spend,
                             0,
                             &ctx,
                             paretonbd ? co__paretonbd_band_ws_new : co__bgnbd_band_ws_new,
                             paretonbd ? co__paretonbd_band_ws_free : co__bgnbd_band_ws_free,
                             paretonbd ? co__paretonbd_band_alive_all : co__bgnbd_band_alive_all};
    return co__btyd_band(&m, &both, NULL, frequency, recency, T, monetary, n, opt, lower, upper);
}

/* The purchase model's uncertainty checked, and usable at its estimate. */
static int purchase_rc(const char *name, const co_model_uncertainty *u, int paretonbd)
{
    int rc = co__band_check_uncertainty(name, u, 4);
    if (rc != CO_OK)
        return rc;
    const double *e = u->estimate;
    if (paretonbd) {
        const co_paretonbd_params p = {e[0], e[1], e[2], e[3]};
        return co__paretonbd_check_usable(&p);
    }
    const co_bgnbd_params p = {e[0], e[1], e[2], e[3]};
    return co__bgnbd_check_usable(&p);
}

int co_bgnbd_clv_band(const co_model_uncertainty *purchases_u, const co_model_uncertainty *spend_u,
                      const double *frequency, const double *recency, const double *T,
                      const double *monetary, size_t n, const co_clv_options *clv,
                      const co_band_options *opt, double *lower, double *upper)
{
    static const char name[] = "BG/NBD CLV";
    return band(name, 0, purchase_rc(name, purchases_u, 0), purchases_u, spend_u, frequency,
                recency, T, monetary, n, clv, opt, lower, upper);
}

int co_paretonbd_clv_band(const co_model_uncertainty *purchases_u,
                          const co_model_uncertainty *spend_u, const double *frequency,
                          const double *recency, const double *T, const double *monetary, size_t n,
                          const co_clv_options *clv, const co_band_options *opt, double *lower,
                          double *upper)
{
    static const char name[] = "Pareto/NBD CLV";
    return band(name, 1, purchase_rc(name, purchases_u, 1), purchases_u, spend_u, frequency,
                recency, T, monetary, n, clv, opt, lower, upper);
}
