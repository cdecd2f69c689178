/* BG/BB predictions and simulation (Fader, Hardie & Shang 2010, eq. 7-13).
 * With S(t) = B(gamma, delta+t)/B(gamma, delta) the chance of being alive at
 * opportunity t, every expectation is a sum of such survival ratios times a mean
 * transaction probability, so all go through one helper, alive_periods(). */
#include <math.h>
#include <stdint.h>

#include "bgbb_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"

/* Up to this many opportunities a sum of survival ratios is summed term by term
 * (exact for any gamma); beyond, its closed form. */
#define DIRECT_SUM_MAX 4096

/*
 * sum_{s=1..m} B(gamma, d+s)/B(gamma, d): the expected opportunities alive among the
 * next m of a customer alive at an opportunity whose drop-out probability is
 * Beta(gamma, d) distributed. Term s is term s-1 times (d+s-1)/(gamma+d+s-1); the
 * closed form (telescoping) is d/(gamma-1) [1 - G(gamma+d) G(1+d+m) / (G(1+d) G(gamma+d+m))],
 * whose limit at gamma = 1 is d (psi(1+d+m) - psi(1+d)).
 */
static double alive_periods(double gamma, double d, double m)
{
    if (m <= DIRECT_SUM_MAX) {
        double term = 1.0, sum = 0.0;
        for (uint64_t s = 0; s < (uint64_t)m; s++) {
            const double ds = d + (double)s;
            term *= ds / (gamma + ds);
            sum += term;
        }
        return sum;
    }
    if (gamma == 1.0)
        return d * (co__digamma(1.0 + d + m) - co__digamma(1.0 + d));
    const double lr =
        co__lgamma_ratio(1.0 + d, gamma - 1.0) - co__lgamma_ratio(1.0 + d + m, gamma - 1.0);
    return d / (gamma - 1.0) * -expm1(lr);
}

static co_bgbb_params from(const void *params) { return *(const co_bgbb_params *)params; }

/* exp(log_alive - log L) and the history's numbers. */
static double alive_at_n(const co_bgbb_params *q, double x, double tx, double n)
{
    const double p[4] = {q->alpha, q->beta, q->gamma, q->delta};
    double log_alive;
    const double ll = co__bgbb_history(p, x, tx, n, &log_alive, NULL, NULL);
    return exp(log_alive - ll);
}

static int check_customers(const co_bgbb_params *params, const double *future,
                           const double *frequency, const double *recency, const double *n_periods,
                           size_t n, const double *out)
{
    int rc = co__bgbb_check_params(params);
    if (rc == CO_OK)
        rc = co__bgbb_check(frequency, recency, n_periods, NULL, n);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("future", future, n, 1);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "BG/BB: out is NULL");
    return rc;
}

/* P(alive at n + m) = P(alive at n | history) B(gamma, delta+n+m)/B(gamma, delta+n). */
static int alive_value(const co_btyd_args *c, size_t i, double *v)
{
    const co_bgbb_params q = from(c->params);
    const double n = c->T[i], m = c->t[i], d = q.delta + n;
    const double lratio = co__lgamma_ratio(d, m) - co__lgamma_ratio(q.gamma + d, m);
    *v = alive_at_n(&q, c->x[i], c->tx[i], n) * exp(lratio);
    return CO_OK;
}

int co_bgbb_probability_alive(const co_bgbb_params *params, const double *future,
                              const double *frequency, const double *recency,
                              const double *n_periods, size_t n, double *out)
{
    int rc = check_customers(params, future, frequency, recency, n_periods, n, out);
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, alive_value,
                         &(co_btyd_args){params, future, frequency, recency, n_periods, NULL});
}

/* E[X(n)] = alpha/(alpha+beta) sum_{t=1..n} S(t). */
static int expected_value(const co_btyd_args *c, size_t i, double *v)
{
    const co_bgbb_params q = from(c->params);
    *v = q.alpha / (q.alpha + q.beta) * alive_periods(q.gamma, q.delta, c->t[i]);
    return CO_OK;
}

int co_bgbb_expected_purchases(const co_bgbb_params *params, const double *periods, size_t n,
                               double *out)
{
    int rc = co__bgbb_check_params(params);
    if (rc == CO_OK && n == 0)
        rc = co__fail(CO_EINVAL, "empty input (n = 0)");
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("periods", periods, n, 1);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "BG/BB: out is NULL");
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, expected_value,
                         &(co_btyd_args){params, periods, NULL, NULL, NULL, NULL});
}

/* P(alive at n | history) E[p | x, n] sum_{s=1..m} B(gamma, delta+n+s)/B(gamma, delta+n),
 * E[p | x, n] = (alpha+x)/(alpha+beta+n). */
static int conditional_value(const co_btyd_args *c, size_t i, double *v)
{
    const co_bgbb_params q = from(c->params);
    const double x = c->x[i], n = c->T[i];
    *v = alive_at_n(&q, x, c->tx[i], n) * (q.alpha + x) / (q.alpha + q.beta + n) *
         alive_periods(q.gamma, q.delta + n, c->t[i]);
    return CO_OK;
}

int co_bgbb_conditional_expected_purchases(const co_bgbb_params *params, const double *future,
                                           const double *frequency, const double *recency,
                                           const double *n_periods, size_t n, double *out)
{
    int rc = check_customers(params, future, frequency, recency, n_periods, n, out);
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, conditional_value,
                         &(co_btyd_args){params, future, frequency, recency, n_periods, NULL});
}

/* ---- bands under parameter uncertainty (prediction_band.c) ---- */

/* A value at one draw's parameters for one distinct customer (as x, tx, T: the
 * frequency, recency and periods; t: the future periods). */
static int band_value(co_btyd_value_fn fn, const double *p, const co_band_row *row, double *v)
{
    const co_bgbb_params q = {p[0], p[1], p[2], p[3]};
    const co_btyd_args one = {&q, &row->t, &row->x, &row->tx, &row->T, NULL};
    return fn(&one, 0, v);
}

static int band_alive(const void *ctx, const double *p, const co_band_row *row, double *v)
{
    (void)ctx;
    return band_value(alive_value, p, row, v);
}

static int band_conditional(const void *ctx, const double *p, const co_band_row *row, double *v)
{
    (void)ctx;
    return band_value(conditional_value, p, row, v);
}

typedef int (*band_fn)(const void *ctx, const double *p, const co_band_row *row, double *v);

/* The BG/BB's own checks first (whole numbers, x <= t_x), then the shared ones;
 * the whole prediction is one factor of (x, tx, T, t). */
static int band(band_fn value, const co_model_uncertainty *u, const double *future,
                const double *frequency, const double *recency, const double *n_periods, size_t n,
                const co_band_options *opt, double *lower, double *upper)
{
    const co_band_model m = {"BG/BB", 4, NULL, value, NULL, 1, NULL, NULL, NULL, NULL};
    int rc = co__bgbb_check(frequency, recency, n_periods, NULL, n);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("future", future, n, 1);
    if (rc != CO_OK)
        return rc;
    return co__btyd_band(&m, u, future, frequency, recency, n_periods, NULL, n, opt, lower, upper);
}

int co_bgbb_probability_alive_band(const co_model_uncertainty *u, const double *future,
                                   const double *frequency, const double *recency,
                                   const double *n_periods, size_t n, const co_band_options *opt,
                                   double *lower, double *upper)
{
    return band(band_alive, u, future, frequency, recency, n_periods, n, opt, lower, upper);
}

int co_bgbb_conditional_expected_purchases_band(const co_model_uncertainty *u, const double *future,
                                                const double *frequency, const double *recency,
                                                const double *n_periods, size_t n,
                                                const co_band_options *opt, double *lower,
                                                double *upper)
{
    return band(band_conditional, u, future, frequency, recency, n_periods, n, opt, lower, upper);
}

/*
 * P(X(n) = x) = C(n, x) B(alpha+x, beta+n-x)/B(alpha, beta) B(gamma, delta+n)/B(gamma, delta)
 *   + sum_{j=x}^{n-1} C(j, x) B(alpha+x, beta+j-x)/B(alpha, beta) B(gamma+1, delta+j)/B(gamma,
 * delta): alive throughout, or alive through opportunity j and gone at j+1. In logs; from j to j+1
 * a term gains ln((j+1)/(j+1-x)) + ln((beta+j-x)/(alpha+beta+j)) + ln((delta+j)/(gamma+delta+j+1)).
 */
static int probability_value(const co_btyd_args *c, size_t i, double *v)
{
    const co_bgbb_params q = from(c->params);
    const double n = c->t[i], x = c->x[i];
    if (x > n) {
        *v = 0.0;
        return CO_OK;
    }
    const double a = q.alpha, b = q.beta, g = q.gamma, d = q.delta;
    const double lab = co__lbeta(a, b), lgd = co__lbeta(g, d);
    /* ln C(j, x) = lnG(j+1) - lnG(x+1) - lnG(j-x+1), at j = x: 0 */
    double lc = 0.0;
    double lt = co__lbeta(a + x, b) - lab + co__lbeta(g + 1.0, d + x) - lgd; /* j = x */
    double total = -INFINITY;
    const uint64_t steps = (uint64_t)(n - x);
    for (uint64_t k = 0; k < steps; k++) {
        const double j = x + (double)k;
        total = co__logaddexp(total, lc + lt);
        lc += log(j + 1.0) - log(j + 1.0 - x);
        lt += log(b + j - x) - log(a + b + j) + log(d + j) - log(g + d + j + 1.0);
    }
    const double lalive = lc + co__lbeta(a + x, b + n - x) - lab + co__lbeta(g, d + n) - lgd;
    *v = exp(co__logaddexp(total, lalive));
    return CO_OK;
}

int co_bgbb_probability_of_purchases(const co_bgbb_params *params, const double *periods,
                                     const double *count, size_t n, double *out)
{
    int rc = co__bgbb_check_params(params);
    if (rc == CO_OK && n == 0)
        rc = co__fail(CO_EINVAL, "empty input (n = 0)");
    if (rc == CO_OK)
        rc = co__bgbb_check_periods("periods", periods, n);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("count", count, n, 1);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "BG/BB: out is NULL");
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, probability_value,
                         &(co_btyd_args){params, periods, count, NULL, NULL, NULL});
}

/* Each customer draws p and theta; at the start of every opportunity a living one
 * leaves with probability theta, else transacts with probability p. */
int co_bgbb_simulate_latent(const co_bgbb_params *params, const double *n_periods, size_t n,
                            uint64_t seed, double *frequency_out, double *recency_out,
                            double *p_out, double *theta_out, double *alive_out)
{
    int rc = co__bgbb_check_params(params);
    if (rc == CO_OK && n == 0)
        rc = co__fail(CO_EINVAL, "empty input (n = 0)");
    if (rc == CO_OK)
        rc = co__bgbb_check_periods("n_periods", n_periods, n);
    if (rc == CO_OK && (!frequency_out || !recency_out))
        rc = co__fail(CO_EINVAL, "BG/BB simulate: output is NULL");
    if (rc != CO_OK)
        return rc;
    co_rng rng;
    co__rng_seed(&rng, seed);
    for (size_t i = 0; i < n; i++) {
        const double p = co__rng_beta(&rng, params->alpha, params->beta);
        const double theta = co__rng_beta(&rng, params->gamma, params->delta);
        /* the opportunity at whose start the customer leaves (1, 2, ...) */
        const uint64_t leaves = theta > 0.0 ? co__rng_geometric(&rng, theta) : UINT64_MAX;
        const uint64_t periods = (uint64_t)n_periods[i];
        const uint64_t alive = leaves - 1 < periods ? leaves - 1 : periods;
        double x = 0.0, tx = 0.0;
        for (uint64_t t = 1; t <= alive; t++)
            if (co__rng_uniform(&rng) < p) {
                x += 1.0;
                tx = (double)t;
            }
        frequency_out[i] = x;
        recency_out[i] = tx;
        if (p_out)
            p_out[i] = p;
        if (theta_out)
            theta_out[i] = theta;
        if (alive_out) /* still there at the start of the last opportunity */
            alive_out[i] = leaves > periods ? 1.0 : 0.0;
    }
    return CO_OK;
}

int co_bgbb_simulate(const co_bgbb_params *params, const double *n_periods, size_t n, uint64_t seed,
                     double *frequency_out, double *recency_out)
{
    return co_bgbb_simulate_latent(params, n_periods, n, seed, frequency_out, recency_out, NULL,
                                   NULL, NULL);
}
