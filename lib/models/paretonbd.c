/* Pareto/NBD (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005):
 * fit, predictions, simulation. The likelihood is in paretonbd_loglik.c. */
#include <math.h>

#include "alloc_internal.h"
#include "band_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"
#include "paretonbd_internal.h"

static const char *const names[] = {"r", "alpha", "s", "beta"};

int co__paretonbd_check_usable(const co_paretonbd_params *p)
{
    if (!p)
        return co__fail(CO_EINVAL, "Pareto/NBD: params is NULL");
    const double v[4] = {p->r, p->alpha, p->s, p->beta};
    return co__btyd_check_params("Pareto/NBD", names, v, 4);
}

/* Start at the mean purchase rate, and a mean lifetime of the mean T. */
static void start(const co_btyd_data *d, double *p)
{
    double rate = d->weighted_x > 0 && d->weighted_T > 0 ? d->weighted_x / d->weighted_T : 1.0;
    p[0] = 1.0;
    p[1] = 1.0 / rate;
    p[2] = 1.0;
    p[3] = d->weighted_T > 0 ? d->weighted_T / d->total_weight : 1.0;
}

/* An evaluation sums a series per (x, time) pair: about ten times the cost of
 * a BG/NBD one per history, so pilots pay off on smaller data. */
const co_purchase_model co__paretonbd_model = {"Pareto/NBD",
                                               names,
                                               co__paretonbd_loglik,
                                               co__paretonbd_hessian,
                                               co__paretonbd_index,
                                               co__paretonbd_unindex,
                                               start,
                                               512,
                                               (1U << 1) | (1U << 3),
                                               1};

int co_paretonbd_fit(const double *frequency, const double *recency, const double *T,
                     const double *weights, size_t n, const co_btyd_fit_options *opt,
                     co_paretonbd_params *out, co_btyd_fit_info *info)
{
    if (!out)
        return co__fail(CO_EINVAL, "Pareto/NBD fit: out is NULL");
    double p[4];
    int rc =
        co__purchase_fit(&co__paretonbd_model, frequency, recency, T, weights, n, opt, p, info);
    if (rc == CO_OK)
        *out = (co_paretonbd_params){p[0], p[1], p[2], p[3]};
    return rc;
}

int co_paretonbd_log_likelihood(const co_paretonbd_params *params, const double *frequency,
                                const double *recency, const double *T, const double *weights,
                                size_t n, double *out)
{
    int rc = co__paretonbd_check_usable(params);
    if (rc != CO_OK)
        return rc;
    const double p[4] = {params->r, params->alpha, params->s, params->beta};
    return co__purchase_log_likelihood(&co__paretonbd_model, p, frequency, recency, T, weights, n,
                                       out);
}

int co_paretonbd_uncertainty(const co_paretonbd_params *params, const double *frequency,
                             const double *recency, const double *T, const double *weights,
                             size_t n, const co_btyd_fit_options *opt, co_model_uncertainty *out)
{
    int rc = co__paretonbd_check_usable(params);
    if (rc != CO_OK)
        return rc;
    const double p[4] = {params->r, params->alpha, params->s, params->beta};
    return co__purchase_uncertainty(&co__paretonbd_model, p, frequency, recency, T, weights, n, opt,
                                    out);
}

static int alive_at(const co_btyd_args *c, size_t i, double *v)
{
    const co_paretonbd_params *q = c->params;
    const double p[4] = {q->r, q->alpha, q->s, q->beta};
    const double tx = c->tx[i], T = c->T[i];
    const co_pnbd_time at_tx = {tx, log(q->alpha + tx), log(q->beta + tx)},
                       at_T = {T, log(q->alpha + T), log(q->beta + T)};
    co_pnbd_log_g g1, g2;
    int rc = co__pnbd_eval_log_g(p, c->x[i], &at_tx, NULL, 0, &g1);
    if (rc == CO_OK)
        rc = co__pnbd_eval_log_g(p, c->x[i], &at_T, NULL, 0, &g2);
    if (rc != CO_OK)
        return rc;
    co_pnbd_terms t;
    co__pnbd_combine(p, c->x[i], &at_T, log(q->s), &g1, &g2, 0.0, &t);
    *v = t.alive;
    return CO_OK;
}

int co_paretonbd_probability_alive(const co_paretonbd_params *params, const double *frequency,
                                   const double *recency, const double *T, size_t n, double *out)
{
    int rc =
        co__btyd_check_customers(co__paretonbd_check_usable(params), frequency, recency, T, n, out);
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, alive_at,
                         &(co_btyd_args){params, NULL, frequency, recency, T, NULL});
}

/* (1 - (b / (b + t))^u) / u, and its limit log(1 + t / b) at u = 0. */
static double rate_integral(double u, double b, double t)
{
    const double l = log(b) - log(b + t);
    return u == 0.0 ? -l : -expm1(u * l) / u;
}

int co_paretonbd_expected_purchases(const co_paretonbd_params *params, const double *t, size_t n,
                                    double *out)
{
    int rc = co__btyd_check_horizons(co__paretonbd_check_usable(params), "Pareto/NBD", t, NULL, 0,
                                     n, out);
    if (rc != CO_OK)
        return rc;
    /* E[X(t)] = r beta / (alpha (s - 1)) [1 - (beta / (beta + t))^(s - 1)] */
    for (size_t i = 0; i < n; i++)
        out[i] = params->r * params->beta / params->alpha *
                 rate_integral(params->s - 1.0, params->beta, t[i]);
    return CO_OK;
}

static int alive_one(const void *params, double x, double tx, double T, double *p)
{
    const co_btyd_args one = {params, NULL, &x, &tx, &T, NULL};
    return alive_at(&one, 0, p);
}

/* (r + x)(beta + T) / ((alpha + T)(s - 1)) [1 - ((beta + T)/(beta + T + t))^(s - 1)] */
static int if_alive_one(const void *params, double t, double x, double T, double *e)
{
    const co_paretonbd_params *q = params;
    const double bt = q->beta + T;
    *e = (q->r + x) * bt / (q->alpha + T) * rate_integral(q->s - 1.0, bt, t);
    return CO_OK;
}

const co_purchase_factors co__paretonbd_purchases = {alive_one, if_alive_one, NULL};

int co__paretonbd_conditional_one(const void *params, double t, double x, double tx, double T,
                                  double *out)
{
    double alive, e;
    int rc = alive_one(params, x, tx, T, &alive);
    if (rc == CO_OK)
        rc = if_alive_one(params, t, x, T, &e);
    if (rc == CO_OK)
        *out = e * alive;
    return rc;
}

static int conditional_at(const co_btyd_args *c, size_t i, double *v)
{
    return co__paretonbd_conditional_one(c->params, c->t[i], c->x[i], c->tx[i], c->T[i], v);
}

int co_paretonbd_conditional_expected_purchases(const co_paretonbd_params *params, const double *t,
                                                const double *frequency, const double *recency,
                                                const double *T, size_t n, double *out)
{
    int rc =
        co__btyd_check_customers(co__paretonbd_check_usable(params), frequency, recency, T, n, out);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("t", t, n, 0);
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, conditional_at,
                         &(co_btyd_args){params, t, frequency, recency, T, NULL});
}

/*
 * P(X(t) = x) (Fader & Hardie 2006, "Deriving an expression for P(X(t) = x)
 * under the Pareto/NBD model"): alive throughout (0, t] with x purchases,
 * plus the customers who left before t after x purchases:
 *   NB(x; r, alpha/(alpha+t)) (beta/(beta+t))^s
 *   + alpha^r beta^s B(r+x, s+1)/B(r, s) [B1 - sum_{j=0..x} (r+s)_j/j! t^j B2_j]
 * with B1 = 2F1(r+s, th; r+s+x+1; z0)/M0^(r+s), B2_j = 2F1(r+s+j, th; r+s+x+1;
 * zt)/Mt^(r+s+j); M = max(alpha, beta) (+ t), z = |alpha - beta|/M, th = s + 1
 * when alpha >= beta, else r + x.
 */
static int pmf_at(const co_btyd_args *c, size_t i, double *v)
{
    const co_paretonbd_params *q = c->params;
    const double r = q->r, alpha = q->alpha, s = q->s, beta = q->beta;
    const double t = c->t[i], x = c->x[i];
    if (t == 0.0) {
        *v = x == 0.0 ? 1.0 : 0.0;
        return CO_OK;
    }
    const int alpha_side = alpha >= beta;
    const double th = alpha_side ? s + 1.0 : r + x, big = alpha_side ? alpha : beta;
    const double lab = r * log(alpha) + s * log(beta);
    double alive = exp(co__lgamma(r + x) - co__lgamma(r) - co__lgamma(x + 1.0) +
                       r * (log(alpha) - log(alpha + t)) + x * (log(t) - log(alpha + t)) +
                       s * (log(beta) - log(beta + t)));
    double f;
    int rc = co__hyp2f1(r + s, th, r + s + x + 1.0, fabs(alpha - beta) / big, &f);
    if (rc != CO_OK)
        return rc;
    double bracket = exp(lab - (r + s) * log(big)) * f;
    const double mt = big + t, zt = fabs(alpha - beta) / mt;
    for (double j = 0.0; j <= x; j += 1.0) {
        if ((rc = co__hyp2f1(r + s + j, th, r + s + x + 1.0, zt, &f)) != CO_OK)
            return rc;
        bracket -= exp(co__lgamma(r + s + j) - co__lgamma(r + s) - co__lgamma(j + 1.0) +
                       j * log(t) + lab - (r + s + j) * log(mt)) *
                   f;
    }
    const double dead = exp(co__lbeta(r + x, s + 1.0) - co__lbeta(r, s)) * bracket;
    *v = alive + (dead > 0.0 ? dead : 0.0);
    if (!isfinite(*v))
        return co__fail(CO_ENOCONV, "Pareto/NBD: P(X(%g) = %g) overflowed", t, x);
    return CO_OK;
}

int co_paretonbd_probability_of_purchases(const co_paretonbd_params *params, const double *t,
                                          const double *count, size_t n, double *out)
{
    int rc = co__btyd_check_horizons(co__paretonbd_check_usable(params), "Pareto/NBD", t, count, 1,
                                     n, out);
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, pmf_at, &(co_btyd_args){params, t, count, NULL, NULL, NULL});
}

/* P(n purchases in (T, T + t] | x, tx, T): a customer dead at T buys nothing; one
 * alive at T has rates with the posteriors Gamma(r + x, alpha + T) and Gamma(s,
 * beta + T), so from T on behaves as a new customer with those parameters. */
static int conditional_pmf_at(const co_btyd_args *c, size_t i, double *v)
{
    const co_paretonbd_params *q = c->params;
    const double *count = c->extra;
    double alive, fresh;
    int rc = alive_at(c, i, &alive);
    if (rc != CO_OK)
        return rc;
    const co_paretonbd_params after = {q->r + c->x[i], q->alpha + c->T[i], q->s, q->beta + c->T[i]};
    rc = pmf_at(&(co_btyd_args){&after, &c->t[i], &count[i], NULL, NULL, NULL}, 0, &fresh);
    if (rc == CO_OK)
        *v = alive * fresh + (count[i] == 0.0 ? 1.0 - alive : 0.0);
    return rc;
}

int co_paretonbd_conditional_probability_of_purchases(const co_paretonbd_params *params,
                                                      const double *t, const double *count,
                                                      const double *frequency,
                                                      const double *recency, const double *T,
                                                      size_t n, double *out)
{
    int rc =
        co__btyd_check_customers(co__paretonbd_check_usable(params), frequency, recency, T, n, out);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("t", t, n, 0);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("count", count, n, 1);
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, conditional_pmf_at,
                         &(co_btyd_args){params, t, frequency, recency, T, count});
}

/* Purchases at Poisson(lambda) from time 0 until the exponential(mu)
 * lifetime ends or observation stops: N ~ Poisson(lambda min(tau, T)),
 * recency = the largest of N uniform times on (0, min(tau, T)). */
static void draw_customer(const void *params, co_rng *rng, double T, double *v)
{
    const co_paretonbd_params *q = params;
    double lambda = co__rng_gamma(rng, q->r, 1.0 / q->alpha);
    double mu = co__rng_gamma(rng, q->s, 1.0 / q->beta);
    double life = mu > 0.0 ? co__rng_exponential(rng, mu) : INFINITY;
    double end = life < T ? life : T;
    uint64_t k = co__rng_poisson(rng, lambda * end);
    v[0] = (double)k;
    v[1] = k ? end * pow(co__rng_uniform(rng), 1.0 / (double)k) : 0.0;
    v[2] = lambda;
    v[3] = mu;
    v[4] = life > T ? 1.0 : 0.0;
}

int co_paretonbd_simulate_latent(const co_paretonbd_params *params, const double *T, size_t n,
                                 uint64_t seed, double *frequency_out, double *recency_out,
                                 double *rate_out, double *dropout_out, double *alive_out)
{
    return co__btyd_simulate(co__paretonbd_check_usable(params), "Pareto/NBD", params,
                             draw_customer, T, n, seed, frequency_out, recency_out, rate_out,
                             dropout_out, alive_out);
}

int co_paretonbd_simulate(const co_paretonbd_params *params, const double *T, size_t n,
                          uint64_t seed, double *frequency_out, double *recency_out)
{
    return co_paretonbd_simulate_latent(params, T, n, seed, frequency_out, recency_out, NULL, NULL,
                                        NULL);
}

/* ---- bands under parameter uncertainty (prediction_band.c) ---- */

static int band_alive(const void *ctx, const double *p, const co_band_row *row, double *v)
{
    (void)ctx;
    const co_paretonbd_params q = {p[0], p[1], p[2], p[3]};
    return alive_one(&q, row->x, row->tx, row->T, v);
}

static int band_if_alive(const void *ctx, const double *p, const co_band_row *row, double *v)
{
    (void)ctx;
    const co_paretonbd_params q = {p[0], p[1], p[2], p[3]};
    return if_alive_one(&q, row->t, row->x, row->T, v);
}

int co_paretonbd_probability_alive_band(const co_model_uncertainty *u, const double *frequency,
                                        const double *recency, const double *T, size_t n,
                                        const co_band_options *opt, double *lower, double *upper)
{
    static const co_band_model m = {"Pareto/NBD",
                                    4,
                                    NULL,
                                    band_alive,
                                    NULL,
                                    0,
                                    NULL,
                                    co__paretonbd_band_ws_new,
                                    co__paretonbd_band_ws_free,
                                    co__paretonbd_band_alive_all};
    return co__btyd_band(&m, u, NULL, frequency, recency, T, NULL, n, opt, lower, upper);
}

int co_paretonbd_conditional_expected_purchases_band(const co_model_uncertainty *u, const double *t,
                                                     const double *frequency, const double *recency,
                                                     const double *T, size_t n,
                                                     const co_band_options *opt, double *lower,
                                                     double *upper)
{
    static const co_band_model m = {"Pareto/NBD",
                                    4,
                                    band_if_alive,
                                    band_alive,
                                    NULL,
                                    1,
                                    NULL,
                                    co__paretonbd_band_ws_new,
                                    co__paretonbd_band_ws_free,
                                    co__paretonbd_band_alive_all};
    return co__btyd_band(&m, u, t, frequency, recency, T, NULL, n, opt, lower, upper);
}
