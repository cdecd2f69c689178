/* MBG/NBD predictions and simulation. Given alive at T, a customer's purchase
 * rate is Gamma(r+x, alpha+T) and its drop-out probability Beta(a, b+x+1) (it
 * survived x+1 coin flips), and from then on it behaves as a BG/NBD customer:
 * the expectations are the BG/NBD's "if alive" factor with b+1 for b. */
#include <math.h>

#include "btyd_internal.h"
#include "error_internal.h"
#include "mbgnbd_internal.h"
#include "numeric_internal.h"

/* log of the odds a/(b+x) ((alpha+T)/(alpha+tx))^(r+x) of having dropped out */
static double log_dropout_odds(const co_mbgnbd_params *p, double x, double tx, double T)
{
    return log(p->a) - log(p->b + x) + (p->r + x) * (log(p->alpha + T) - log(p->alpha + tx));
}

static double alive_one(const co_mbgnbd_params *p, double x, double tx, double T)
{
    return 1.0 / (1.0 + exp(log_dropout_odds(p, x, tx, T)));
}

int co_mbgnbd_probability_alive(const co_mbgnbd_params *params, const double *frequency,
                                const double *recency, const double *T, size_t n, double *out)
{
    int rc =
        co__btyd_check_customers(co__mbgnbd_check_params(params), frequency, recency, T, n, out);
    if (rc != CO_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        out[i] = alive_one(params, frequency[i], recency[i], T[i]);
    return CO_OK;
}

int co__mbgnbd_check_usable(const co_mbgnbd_params *p)
{
    int rc = co__mbgnbd_check_params(p);
    if (rc == CO_OK && p->a == 1.0)
        rc = co__fail(CO_EINVAL, "MBG/NBD: expected purchases need a != 1");
    return rc;
}

/* E[purchases in (T, T+t] | alive at T, x]: the BG/NBD's with b+1. */
static int if_alive(const co_mbgnbd_params *p, double t, double x, double T, double *out)
{
    const co_bgnbd_params shifted = {p->r, p->alpha, p->a, p->b + 1.0};
    return co__bgnbd_purchases.if_alive(&shifted, t, x, T, out);
}

/* A new customer is alive after time 0 with probability b/(a+b). */
static int unconditional_at(const co_btyd_args *c, size_t i, double *v)
{
    const co_mbgnbd_params *p = c->params;
    double e;
    int rc = if_alive(p, c->t[i], 0.0, 0.0, &e);
    if (rc == CO_OK)
        *v = p->b / (p->a + p->b) * e;
    return rc;
}

int co_mbgnbd_expected_purchases(const co_mbgnbd_params *params, const double *t, size_t n,
                                 double *out)
{
    int rc =
        co__btyd_check_horizons(co__mbgnbd_check_usable(params), "MBG/NBD", t, NULL, 0, n, out);
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, unconditional_at,
                         &(co_btyd_args){params, t, NULL, NULL, NULL, NULL});
}

static int conditional_at(const co_btyd_args *c, size_t i, double *v)
{
    double e;
    int rc = if_alive(c->params, c->t[i], c->x[i], c->T[i], &e);
    if (rc == CO_OK)
        *v = e * alive_one(c->params, c->x[i], c->tx[i], c->T[i]);
    return rc;
}

int co_mbgnbd_conditional_expected_purchases(const co_mbgnbd_params *params, const double *t,
                                             const double *frequency, const double *recency,
                                             const double *T, size_t n, double *out)
{
    int rc =
        co__btyd_check_customers(co__mbgnbd_check_usable(params), frequency, recency, T, n, out);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("t", t, n, 0);
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, conditional_at,
                         &(co_btyd_args){params, t, frequency, recency, T, NULL});
}

/* The two factors of the conditional expectation, for the CLV (clv.c). */
static int factor_alive(const void *params, double x, double tx, double T, double *p)
{
    *p = alive_one(params, x, tx, T);
    return CO_OK;
}

static int factor_if_alive(const void *params, double t, double x, double T, double *e)
{
    return if_alive(params, t, x, T, e);
}

const co_purchase_factors co__mbgnbd_purchases = {factor_alive, factor_if_alive, NULL};

/* ---- bands under parameter uncertainty (prediction_band.c) ---- */

static co_mbgnbd_params from_array(const void *params)
{
    const double *p = params;
    return (co_mbgnbd_params){p[0], p[1], p[2], p[3]};
}

static int band_alive(const void *ctx, const double *p, const co_band_row *row, double *v)
{
    (void)ctx;
    const co_mbgnbd_params q = from_array(p);
    *v = alive_one(&q, row->x, row->tx, row->T);
    return CO_OK;
}

static int band_conditional(const void *ctx, const double *p, const co_band_row *row, double *v)
{
    (void)ctx;
    const co_mbgnbd_params q = from_array(p);
    const co_btyd_args one = {&q, &row->t, &row->x, &row->tx, &row->T, NULL};
    return conditional_at(&one, 0, v);
}

int co_mbgnbd_probability_alive_band(const co_model_uncertainty *u, const double *frequency,
                                     const double *recency, const double *T, size_t n,
                                     const co_band_options *opt, double *lower, double *upper)
{
    static const co_band_model m = {"MBG/NBD", 4,    NULL, band_alive, NULL,
                                    0,         NULL, NULL, NULL,       NULL};
    return co__btyd_band(&m, u, NULL, frequency, recency, T, NULL, n, opt, lower, upper);
}

int co_mbgnbd_conditional_expected_purchases_band(const co_model_uncertainty *u, const double *t,
                                                  const double *frequency, const double *recency,
                                                  const double *T, size_t n,
                                                  const co_band_options *opt, double *lower,
                                                  double *upper)
{
    /* the whole prediction as one factor of (x, tx, T, t) */
    static const co_band_model m = {"MBG/NBD", 4,    NULL, band_conditional, NULL, 1, NULL,
                                    NULL,      NULL, NULL};
    return co__btyd_band(&m, u, t, frequency, recency, T, NULL, n, opt, lower, upper);
}

/*
 * P(X(t) = x) = B(a, b+x+1)/B(a, b) NB(x; r, alpha/(alpha+t))
 *             + B(a+1, b+x)/B(a, b) P(NB(r, alpha/(alpha+t)) >= x):
 * alive through x+1 flips and x purchases in (0, t], or dropped out right after
 * the x-th purchase (at time 0 when x = 0, so the tail is 1 then). The tail is the
 * regularised incomplete beta I_q(x, r), q = t/(alpha+t); everything in logs.
 */
static int probability_of(const co_mbgnbd_params *p, double t, double x, double *out)
{
    if (t == 0.0) {
        *out = x == 0.0 ? 1.0 : 0.0;
        return CO_OK;
    }
    const double a = p->a, b = p->b;
    const double lbab = co__lbeta(a, b);
    /* ln B(a, b+x+1) = ln G(a) - [ln G(b+x+1+a) - ln G(b+x+1)]; ln B(a+1, b+x) likewise */
    const double ldead = co__lgamma(a + 1.0) - co__lgamma_ratio(b + x, a + 1.0) - lbab;
    double lnb, ltail;
    int rc = co__nbd_log_count("MBG/NBD", p->r, p->alpha, t, x, &lnb, &ltail);
    if (rc != CO_OK)
        return rc;
    const double lv = co__lgamma(a) - co__lgamma_ratio(b + x + 1.0, a) - lbab + lnb;
    *out = exp(co__logaddexp(lv, ldead + ltail));
    return CO_OK;
}

static int probability_at(const co_btyd_args *c, size_t i, double *v)
{
    return probability_of(c->params, c->t[i], c->x[i], v);
}

int co_mbgnbd_probability_of_purchases(const co_mbgnbd_params *params, const double *t,
                                       const double *count, size_t n, double *out)
{
    int rc =
        co__btyd_check_horizons(co__mbgnbd_check_params(params), "MBG/NBD", t, count, 1, n, out);
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, probability_at,
                         &(co_btyd_args){params, t, count, NULL, NULL, NULL});
}

/* Each customer draws a rate lambda and a drop-out probability p, and flips the
 * coin first at time 0. A survivor makes Poisson(lambda) purchases from time 0 and
 * leaves after its G-th repeat purchase, G ~ Geometric(p). Given N arrivals in
 * (0, T] they are N uniform order statistics: x = min(N, G), the last seen one the
 * largest of N uniforms (N <= G) or the G-th of N, a Beta(G, N - G + 1) fraction
 * of T. */
static void draw_customer(const void *params, co_rng *rng, double T, double *v)
{
    const co_mbgnbd_params *q = params;
    const double lambda = co__rng_gamma(rng, q->r, 1.0 / q->alpha);
    const double p = co__rng_beta(rng, q->a, q->b);
    double x = 0.0, tx = 0.0, alive = 0.0;
    if (co__rng_uniform(rng) >= p) {
        const uint64_t arrivals = co__rng_poisson(rng, lambda * T);
        const uint64_t life = p > 0.0 ? co__rng_geometric(rng, p) : UINT64_MAX;
        if (arrivals > 0 && arrivals <= life) {
            x = (double)arrivals;
            tx = T * pow(co__rng_uniform(rng), 1.0 / x);
        } else if (arrivals > life) {
            x = (double)life;
            tx = T * co__rng_beta(rng, x, (double)(arrivals - life) + 1.0);
        }
        /* gone after the life-th repeat purchase, if it came by T */
        alive = arrivals < life ? 1.0 : 0.0;
    }
    v[0] = x;
    v[1] = tx;
    v[2] = lambda;
    v[3] = p;
    v[4] = alive;
}

int co_mbgnbd_simulate_latent(const co_mbgnbd_params *params, const double *T, size_t n,
                              uint64_t seed, double *frequency_out, double *recency_out,
                              double *rate_out, double *dropout_out, double *alive_out)
{
    return co__btyd_simulate(co__mbgnbd_check_params(params), "MBG/NBD", params, draw_customer, T,
                             n, seed, frequency_out, recency_out, rate_out, dropout_out, alive_out);
}

int co_mbgnbd_simulate(const co_mbgnbd_params *params, const double *T, size_t n, uint64_t seed,
                       double *frequency_out, double *recency_out)
{
    return co_mbgnbd_simulate_latent(params, T, n, seed, frequency_out, recency_out, NULL, NULL,
                                     NULL);
}
