/* Pareto/NBD (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005):
 * likelihood with analytic gradient, fit, predictions, simulation. */
#include <math.h>

#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric/numeric_internal.h"

static const char *const names[] = {"r", "alpha", "s", "beta"};

#define SERIES_MAX_TERMS CO_HYP2F1_MAX_TERMS
#define SERIES_TOL 1e-16

int co_paretonbd_check_usable(const co_paretonbd_params *p)
{
    if (!p)
        return co_fail(CO_EINVAL, "Pareto/NBD: params is NULL");
    const double v[4] = {p->r, p->alpha, p->s, p->beta};
    return co_btyd_check_params("Pareto/NBD", names, v, 4);
}

/* log G(t) and its partial derivatives in (r, alpha, s, beta), where
 *   G(t) = int_t^inf (alpha+u)^-(r+x) (beta+u)^-(s+1) du
 * is the weight of dropping out after t without further purchases. Writing
 * the slower factor around the larger rate M = max(alpha, beta) + t,
 *   G(t) = M^-m S,  S = sum_k c_k z^k / (m + k),  m = r + s + x,
 * with z = |alpha - beta| / M and c_k = (theta)_k / k!, theta = s + 1 when
 * alpha >= beta and r + x otherwise (a 2F1(m, theta; m + 1; z) / m in
 * disguise). The terms are positive, so the sums and their derivatives in
 * m, z and theta accumulate in one pass with no cancellation. */
typedef struct log_g {
    double value;
    double d[4];
} log_g;

static int compute_log_g(const double *p, double x, double t, int want_grad, log_g *out)
{
    const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
    const int alpha_side = alpha >= beta;
    const double M = (alpha_side ? alpha : beta) + t, other = (alpha_side ? beta : alpha) + t;
    const double z = fabs(alpha - beta) / M, m = r + s + x, theta = alpha_side ? s + 1.0 : r + x;
    double S = 0.0, Sm = 0.0, Sz = 0.0, Sc = 0.0, u = 1.0, H = 0.0;
    int converged = 0;
    for (long k = 0; k < SERIES_MAX_TERMS; k++) {
        const double dk = (double)k, inv = 1.0 / (m + dk), term = u * inv;
        S += term;
        if (want_grad) {
            Sm -= term * inv;
            Sc += H * term;
            if (k > 0)
                Sz += dk * term; /* divided by z below */
        }
        const double ratio = (theta + dk) / (dk + 1.0) * z;
        /* theta >= 1: later ratios are smaller; theta < 1: they stay below z. */
        const double bound = theta >= 1.0 ? ratio : z;
        if (bound < 1.0) {
            const double next = u * ratio / (m + dk + 1.0);
            if (next * (dk + 2.0) / ((1.0 - bound) * (1.0 - bound)) <= SERIES_TOL * S) {
                converged = 1;
                break;
            }
        }
        H += 1.0 / (theta + dk);
        u *= ratio;
    }
    if (!converged)
        return co_fail(CO_ENOCONV, "Pareto/NBD: series for G(%g) did not converge (z = %g)", t,
                       z);
    const double lM = log(M);
    out->value = -m * lM + log(S);
    if (!want_grad)
        return CO_OK;
    /* Sz holds sum k c_k z^k/(m+k); dS/dz is that over z (its k = 1 term,
     * theta/(m+1), when z = 0). */
    const double dSdz = z > 0.0 ? Sz / z : theta / (m + 1.0);
    const double dm = -lM + Sm / S, dtheta = Sc / S, dz = dSdz / S;
    /* z = (big - small) / M: d z/d(big rate) = other / M^2, d z/d(small rate) = -1/M */
    const double d_big = -m / M + dz * other / (M * M), d_small = -dz / M;
    out->d[0] = dm + (alpha_side ? 0.0 : dtheta);
    out->d[2] = dm + (alpha_side ? dtheta : 0.0);
    out->d[1] = alpha_side ? d_big : d_small;
    out->d[3] = alpha_side ? d_small : d_big;
    return CO_OK;
}

/* Per customer: L = C [ (alpha+T)^-(r+x) (beta+T)^-s + s (G(tx) - G(T)) ],
 * C = Gamma(r+x) alpha^r beta^s / Gamma(r). The parts of log L and the
 * weights of its two terms, for the gradient and P(alive). */
typedef struct row_terms {
    double log_l;  /* log L */
    double alive;  /* share of the first term: P(alive at T | history) */
    double a1, a2; /* s G(tx) / Q, s G(T) / Q (each <= 2, see docs/models.md) */
} row_terms;

static void combine(const double *p, double x, double T, const log_g *g1, const log_g *g2,
                    double cx, row_terms *out)
{
    const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
    const double e1 = -(r + x) * log(alpha + T) - s * log(beta + T);
    const double diff = g2->value - g1->value;
    const double second = diff < 0.0 ? log(s) + g1->value + log(-expm1(diff)) : -INFINITY;
    const double lq = co_logaddexp(e1, second);
    out->log_l = cx + lq;
    out->alive = exp(e1 - lq);
    out->a1 = exp(log(s) + g1->value - lq);
    out->a2 = exp(log(s) + g2->value - lq);
}

int co_paretonbd_loglik(const co_btyd_data *d, const double *p, double *ll_out, double *grad)
{
    const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
    const double lalpha = log(alpha), lbeta = log(beta);
    const double base = -co_lgamma(r) + r * lalpha + s * lbeta;
    const double dg_r = grad ? co_digamma(r) : 0.0;
    double ll = 0.0, gsum[4] = {0, 0, 0, 0};
    const int want = grad != NULL;
    for (size_t g = 0; g < d->n_groups; g++) {
        const co_btyd_row *row = d->rows + d->group[g], *end = d->rows + d->group[g + 1];
        const double x = row->x, rx = r + x;
        const double cx = base + co_lgamma(rx);
        const double dconst_r = want ? co_digamma(rx) - dg_r + lalpha : 0.0;
        log_g g1 = {0, {0, 0, 0, 0}}, g2;
        double last_tx = -1.0;
        for (; row < end; row++) {
            int rc;
            if (row->tx != last_tx) { /* rows are sorted: reuse G(tx) */
                if ((rc = compute_log_g(p, x, row->tx, want, &g1)) != CO_OK)
                    return rc;
                last_tx = row->tx;
            }
            if ((rc = compute_log_g(p, x, row->T, want, &g2)) != CO_OK)
                return rc;
            row_terms t;
            combine(p, x, row->T, &g1, &g2, cx, &t);
            const double w = row->w;
            ll += w * t.log_l;
            if (!want)
                continue;
            const double dead = 1.0 - t.alive;
            gsum[0] += w * (dconst_r - t.alive * log(alpha + row->T) + t.a1 * g1.d[0] -
                            t.a2 * g2.d[0]);
            gsum[1] += w * (r / alpha - t.alive * rx / (alpha + row->T) + t.a1 * g1.d[1] -
                            t.a2 * g2.d[1]);
            gsum[2] += w * (lbeta - t.alive * log(beta + row->T) + dead / s + t.a1 * g1.d[2] -
                            t.a2 * g2.d[2]);
            gsum[3] += w * (s / beta - t.alive * s / (beta + row->T) + t.a1 * g1.d[3] -
                            t.a2 * g2.d[3]);
        }
    }
    *ll_out = ll;
    if (grad)
        for (int i = 0; i < 4; i++)
            grad[i] = gsum[i];
    return CO_OK;
}

int co_paretonbd_fit(const double *frequency, const double *recency, const double *T,
                     const double *weights, size_t n, const co_btyd_fit_options *opt,
                     co_paretonbd_params *out, co_btyd_fit_info *info)
{
    if (!out)
        return co_fail(CO_EINVAL, "Pareto/NBD fit: out is NULL");
    int rc = co_btyd_check(frequency, recency, T, weights, n);
    if (rc != CO_OK)
        return rc;
    co_btyd_data d;
    if ((rc = co_btyd_data_build(&d, frequency, recency, T, weights, n)) != CO_OK)
        return rc;
    /* Start at the mean purchase rate, and a mean lifetime of the mean T. */
    double rate = d.weighted_x > 0 && d.weighted_T > 0 ? d.weighted_x / d.weighted_T : 1.0;
    double meanT = d.weighted_T > 0 ? d.weighted_T / d.total_weight : 1.0;
    double p[4] = {1.0, 1.0 / rate, 1.0, meanT};
    rc = co_btyd_require_repeat(&d, "Pareto/NBD");
    if (rc == CO_OK)
        rc = co_btyd_fit_run(&d, co_paretonbd_loglik, 4, "Pareto/NBD", names, opt, p, info);
    co_btyd_data_free(&d);
    if (rc == CO_OK)
        *out = (co_paretonbd_params){p[0], p[1], p[2], p[3]};
    return rc;
}

int co_paretonbd_log_likelihood(const co_paretonbd_params *params, const double *frequency,
                                const double *recency, const double *T, const double *weights,
                                size_t n, double *out)
{
    int rc = co_paretonbd_check_usable(params);
    if (rc == CO_OK)
        rc = co_btyd_check(frequency, recency, T, weights, n);
    if (rc != CO_OK)
        return rc;
    if (!out)
        return co_fail(CO_EINVAL, "Pareto/NBD: out is NULL");
    co_btyd_data d;
    if ((rc = co_btyd_data_build(&d, frequency, recency, T, weights, n)) != CO_OK)
        return rc;
    const double p[4] = {params->r, params->alpha, params->s, params->beta};
    double ll;
    rc = co_paretonbd_loglik(&d, p, &ll, NULL);
    co_btyd_data_free(&d);
    if (rc == CO_OK)
        *out = ll;
    return rc;
}

static int alive_at(const co_btyd_args *c, size_t i, double *v)
{
    const co_paretonbd_params *q = c->params;
    const double p[4] = {q->r, q->alpha, q->s, q->beta};
    log_g g1, g2;
    int rc = compute_log_g(p, c->x[i], c->tx[i], 0, &g1);
    if (rc == CO_OK)
        rc = compute_log_g(p, c->x[i], c->T[i], 0, &g2);
    if (rc != CO_OK)
        return rc;
    row_terms t;
    combine(p, c->x[i], c->T[i], &g1, &g2, 0.0, &t);
    *v = t.alive;
    return CO_OK;
}

static int check_customers(const co_paretonbd_params *params, const double *frequency,
                           const double *recency, const double *T, size_t n, const double *out)
{
    int rc = co_paretonbd_check_usable(params);
    if (rc == CO_OK)
        rc = co_btyd_check(frequency, recency, T, NULL, n);
    if (rc == CO_OK && !out)
        rc = co_fail(CO_EINVAL, "Pareto/NBD: out is NULL");
    return rc;
}

int co_paretonbd_probability_alive(const co_paretonbd_params *params, const double *frequency,
                                   const double *recency, const double *T, size_t n,
                                   double *out)
{
    int rc = check_customers(params, frequency, recency, T, n, out);
    if (rc != CO_OK)
        return rc;
    return co_btyd_fill(n, out, alive_at, &(co_btyd_args){params, NULL, frequency, recency, T, NULL});
}

/* (1 - (b / (b + t))^u) / u, and its limit log(1 + t / b) at u = 0. */
static double rate_integral(double u, double b, double t)
{
    const double l = log(b) - log(b + t);
    return u == 0.0 ? -l : -expm1(u * l) / u;
}

int co_paretonbd_expected_purchases(const co_paretonbd_params *params, const double *t,
                                    size_t n, double *out)
{
    int rc = co_paretonbd_check_usable(params);
    if (rc == CO_OK)
        rc = n == 0 ? co_fail(CO_EINVAL, "empty input (n = 0)") : CO_OK;
    if (rc == CO_OK)
        rc = co_btyd_check_nonneg("t", t, n, 0);
    if (rc == CO_OK && !out)
        rc = co_fail(CO_EINVAL, "Pareto/NBD: out is NULL");
    if (rc != CO_OK)
        return rc;
    /* E[X(t)] = r beta / (alpha (s - 1)) [1 - (beta / (beta + t))^(s - 1)] */
    for (size_t i = 0; i < n; i++)
        out[i] = params->r * params->beta / params->alpha *
                 rate_integral(params->s - 1.0, params->beta, t[i]);
    return CO_OK;
}

int co_paretonbd_conditional_one(const void *params, double t, double x, double tx, double T,
                                 double *out)
{
    const co_paretonbd_params *q = params;
    double alive;
    const co_btyd_args one = {params, NULL, &x, &tx, &T, NULL};
    int rc = alive_at(&one, 0, &alive);
    if (rc != CO_OK)
        return rc;
    /* (r + x)(beta + T) / ((alpha + T)(s - 1)) [1 - ((beta + T)/(beta + T + t))^(s - 1)] P(alive) */
    const double bt = q->beta + T;
    *out = (q->r + x) * bt / (q->alpha + T) * rate_integral(q->s - 1.0, bt, t) * alive;
    return CO_OK;
}

static int conditional_at(const co_btyd_args *c, size_t i, double *v)
{
    return co_paretonbd_conditional_one(c->params, c->t[i], c->x[i], c->tx[i], c->T[i], v);
}

int co_paretonbd_conditional_expected_purchases(const co_paretonbd_params *params,
                                                const double *t, const double *frequency,
                                                const double *recency, const double *T,
                                                size_t n, double *out)
{
    int rc = check_customers(params, frequency, recency, T, n, out);
    if (rc == CO_OK)
        rc = co_btyd_check_nonneg("t", t, n, 0);
    if (rc != CO_OK)
        return rc;
    return co_btyd_fill(n, out, conditional_at, &(co_btyd_args){params, t, frequency, recency, T, NULL});
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
    double alive = exp(co_lgamma(r + x) - co_lgamma(r) - co_lgamma(x + 1.0) +
                       r * (log(alpha) - log(alpha + t)) + x * (log(t) - log(alpha + t)) +
                       s * (log(beta) - log(beta + t)));
    double f;
    int rc = co_hyp2f1(r + s, th, r + s + x + 1.0, fabs(alpha - beta) / big, &f);
    if (rc != CO_OK)
        return rc;
    double bracket = exp(lab - (r + s) * log(big)) * f;
    const double mt = big + t, zt = fabs(alpha - beta) / mt;
    for (double j = 0.0; j <= x; j += 1.0) {
        if ((rc = co_hyp2f1(r + s + j, th, r + s + x + 1.0, zt, &f)) != CO_OK)
            return rc;
        bracket -= exp(co_lgamma(r + s + j) - co_lgamma(r + s) - co_lgamma(j + 1.0) +
                       j * log(t) + lab - (r + s + j) * log(mt)) *
                   f;
    }
    const double dead = exp(co_lbeta(r + x, s + 1.0) - co_lbeta(r, s)) * bracket;
    *v = alive + (dead > 0.0 ? dead : 0.0);
    if (!isfinite(*v))
        return co_fail(CO_ENOCONV, "Pareto/NBD: P(X(%g) = %g) overflowed", t, x);
    return CO_OK;
}

int co_paretonbd_probability_of_purchases(const co_paretonbd_params *params, const double *t,
                                          const double *count, size_t n, double *out)
{
    int rc = co_paretonbd_check_usable(params);
    if (rc == CO_OK)
        rc = n == 0 ? co_fail(CO_EINVAL, "empty input (n = 0)") : CO_OK;
    if (rc == CO_OK)
        rc = co_btyd_check_nonneg("t", t, n, 0);
    if (rc == CO_OK)
        rc = co_btyd_check_nonneg("count", count, n, 1);
    if (rc == CO_OK && !out)
        rc = co_fail(CO_EINVAL, "Pareto/NBD: out is NULL");
    if (rc != CO_OK)
        return rc;
    return co_btyd_fill(n, out, pmf_at, &(co_btyd_args){params, t, count, NULL, NULL, NULL});
}

/* Purchases at Poisson(lambda) from time 0 until the exponential(mu)
 * lifetime ends or observation stops: N ~ Poisson(lambda min(tau, T)),
 * recency = the largest of N uniform times on (0, min(tau, T)). */
int co_paretonbd_simulate(const co_paretonbd_params *params, const double *T, size_t n,
                          uint64_t seed, double *frequency_out, double *recency_out)
{
    int rc = co_paretonbd_check_usable(params);
    if (rc == CO_OK && n == 0)
        rc = co_fail(CO_EINVAL, "empty input (n = 0)");
    if (rc == CO_OK)
        rc = co_btyd_check_nonneg("T", T, n, 0);
    if (rc != CO_OK)
        return rc;
    if (!frequency_out || !recency_out)
        return co_fail(CO_EINVAL, "Pareto/NBD simulate: output is NULL");
    co_rng rng;
    co_rng_seed(&rng, seed);
    for (size_t i = 0; i < n; i++) {
        double lambda = co_rng_gamma(&rng, params->r, 1.0 / params->alpha);
        double mu = co_rng_gamma(&rng, params->s, 1.0 / params->beta);
        double life = mu > 0.0 ? co_rng_exponential(&rng, mu) : INFINITY;
        double end = life < T[i] ? life : T[i];
        uint64_t k = co_rng_poisson(&rng, lambda * end);
        frequency_out[i] = (double)k;
        recency_out[i] = k ? end * pow(co_rng_uniform(&rng), 1.0 / (double)k) : 0.0;
    }
    return CO_OK;
}
