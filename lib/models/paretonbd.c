/* Pareto/NBD (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005):
 * likelihood with analytic gradient, fit, predictions, simulation. */
#include <math.h>

#include "alloc_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric/numeric_internal.h"

static const char *const names[] = {"r", "alpha", "s", "beta"};

/* The drop-out series converges like z^k: about 37 / (1 - z) terms. Beyond
 * z = 0.998 (one rate over 500 times the other, at t = 0) it is not tried,
 * so a wild optimiser step costs microseconds, not seconds. */
#define SERIES_MAX_TERMS 20000
#define SERIES_MAX_Z 0.998
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
 * one factor around the other, with M = alpha + t ("alpha side") or beta + t,
 *   G(t) = M^-m S,  S = sum_k c_k z^k / (m + k),  m = r + s + x,
 * z = (alpha - beta) / (alpha + t) and theta = s + 1 on the alpha side,
 * z = (beta - alpha) / (beta + t) and theta = r + x on the beta side, and
 * c_k = (theta)_k / k! (a 2F1(m, theta; m + 1; z) / m in disguise). The alpha
 * side is used when alpha >= beta (z >= 0: positive terms) and also when
 * alpha < beta but |z| <= 1/2 (alternating, quickly shrinking terms): its
 * theta = s + 1 does not grow with x, so heavy buyers need no more terms.
 * Otherwise the beta side has z > 0. The sums and their derivatives in m, z
 * and theta accumulate in one pass. */
typedef struct log_g {
    double value;
    double d[4];
} log_g;

#define ALTERNATING_MAX_Z 0.5 /* |z| of the alternating alpha side */

static int compute_log_g(const double *p, double x, double t, int want_grad, log_g *out)
{
    const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
    const int alpha_side = alpha >= beta || (beta - alpha) <= ALTERNATING_MAX_Z * (alpha + t);
    const double M = (alpha_side ? alpha : beta) + t, other = (alpha_side ? beta : alpha) + t;
    const double z = (alpha_side ? alpha - beta : beta - alpha) / M, m = r + s + x;
    const double theta = alpha_side ? s + 1.0 : r + x, zabs = fabs(z);
    double S = 0.0, Sm = 0.0, Sz = 0.0, Sc = 0.0, u = 1.0, H = 0.0;
    int converged = 0;
    double inv = 1.0 / m; /* 1 / (m + k), carried from one term to the next */
    for (long k = 0; k < SERIES_MAX_TERMS && zabs <= SERIES_MAX_Z; k++) {
        const double dk = (double)k, term = u * inv;
        S += term;
        if (want_grad) {
            Sm -= term * inv;
            Sc += H * term;
            Sz += dk * term; /* divided by z below */
        }
        const double ratio = (theta + dk) / (dk + 1.0) * z, inv_next = 1.0 / (m + dk + 1.0);
        /* theta >= 1: later ratios are smaller; theta < 1: they stay below |z|. */
        const double bound = theta >= 1.0 ? fabs(ratio) : zabs;
        if (bound < 1.0) {
            const double next = fabs(u * ratio) * inv_next, gap = 1.0 - bound;
            if (next * (dk + 2.0) <= SERIES_TOL * S * gap * gap) {
                converged = 1;
                break;
            }
        }
        if (want_grad)
            H += 1.0 / (theta + dk);
        u *= ratio;
        inv = inv_next;
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
    const double dSdz = z != 0.0 ? Sz / z : theta / (m + 1.0);
    const double dm = -lM + Sm / S, dtheta = Sc / S, dz = dSdz / S;
    /* z = (own rate - other rate) / M: dz/d(own rate) = other / M^2, dz/d(other rate) = -1/M */
    const double d_own = -m / M + dz * other / (M * M), d_other = -dz / M;
    out->d[0] = dm + (alpha_side ? 0.0 : dtheta);
    out->d[2] = dm + (alpha_side ? dtheta : 0.0);
    out->d[1] = alpha_side ? d_own : d_other;
    out->d[3] = alpha_side ? d_other : d_own;
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

/* la_T = log(alpha + T), lb_T = log(beta + T), ls = log(s). */
static void combine(const double *p, double x, double la_T, double lb_T, double ls,
                    const log_g *g1, const log_g *g2, double cx, row_terms *out)
{
    const double r = p[0], s = p[2];
    const double e1 = -(r + x) * la_T - s * lb_T;
    const double diff = g2->value - g1->value, em = expm1(diff);
    const double second = diff < 0.0 ? ls + g1->value + log(-em) : -INFINITY;
    const double lq = co_logaddexp(e1, second);
    out->log_l = cx + lq;
    out->alive = exp(e1 - lq);
    out->a1 = exp(ls + g1->value - lq);
    out->a2 = out->a1 * (em + 1.0); /* s G(T) / Q = s G(tx) / Q * exp(diff) */
}

/* The distinct (x, time) pairs of the rows: tx and T of every row point at
 * one pair each; g, la, lb are refilled at each evaluation. */
typedef struct time_index {
    size_t n;
    double *key; /* pair j is (key[2j], key[2j + 1]) = (x, time) */
    size_t *tx_at, *T_at;
    log_g *g;
    double *la, *lb;
} time_index;

static int same_pair(const void *ctx, size_t id, const void *probe)
{
    const double *a = (const double *)ctx + 2 * id, *b = probe;
    return a[0] == b[0] && a[1] == b[1];
}

void co_paretonbd_unindex(co_btyd_data *d)
{
    time_index *ix = d->aux;
    if (!ix)
        return;
    co_free(ix->key);
    co_free(ix->tx_at);
    co_free(ix->T_at);
    co_free(ix->g);
    co_free(ix->la);
    co_free(ix->lb);
    co_free(ix);
    d->aux = NULL;
}

int co_paretonbd_index(co_btyd_data *d)
{
    time_index *ix = co_calloc(1, sizeof *ix);
    if (!ix)
        return co_fail_nomem();
    d->aux = ix;
    co_id_table table = {NULL, 0, 0};
    ix->key = co_malloc_array(4 * d->n_rows, sizeof *ix->key);
    ix->tx_at = co_malloc_array(d->n_rows, sizeof *ix->tx_at);
    ix->T_at = co_malloc_array(d->n_rows, sizeof *ix->T_at);
    int rc = ix->key && ix->tx_at && ix->T_at ? CO_OK : co_fail_nomem();
    for (size_t i = 0; rc == CO_OK && i < d->n_rows; i++) {
        const co_btyd_row *row = &d->rows[i];
        const double pairs[2][2] = {{row->x, row->tx}, {row->x, row->T}};
        size_t *at[2] = {&ix->tx_at[i], &ix->T_at[i]};
        for (int k = 0; rc == CO_OK && k < 2; k++) {
            rc = co_id_table_put(&table, co_hash_doubles(pairs[k], 2), ix->n, same_pair, ix->key,
                                 pairs[k], at[k]);
            if (rc == CO_OK && *at[k] == ix->n) {
                ix->key[2 * ix->n] = pairs[k][0];
                ix->key[2 * ix->n + 1] = pairs[k][1];
                ix->n++;
            }
        }
    }
    co_id_table_free(&table);
    if (rc == CO_OK) {
        ix->g = co_malloc_array(ix->n, sizeof *ix->g);
        ix->la = co_malloc_array(ix->n, sizeof *ix->la);
        ix->lb = co_malloc_array(ix->n, sizeof *ix->lb);
        if (!ix->g || !ix->la || !ix->lb)
            rc = co_fail_nomem();
    }
    if (rc != CO_OK)
        co_paretonbd_unindex(d);
    return rc;
}

int co_paretonbd_loglik(const co_btyd_data *d, const double *p, double *ll_out, double *grad)
{
    const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
    const double lalpha = log(alpha), lbeta = log(beta), ls = log(s);
    const double base = -co_lgamma(r) + r * lalpha + s * lbeta;
    const double dg_r = grad ? co_digamma(r) : 0.0;
    double ll = 0.0, gsum[4] = {0, 0, 0, 0};
    const int want = grad != NULL;
    time_index *ix = d->aux;
    if (ix) {
        for (size_t j = 0; j < ix->n; j++) {
            const double x = ix->key[2 * j], t = ix->key[2 * j + 1];
            int rc = compute_log_g(p, x, t, want, &ix->g[j]);
            if (rc != CO_OK)
                return rc;
            ix->la[j] = log(alpha + t);
            ix->lb[j] = log(beta + t);
        }
    }
    for (size_t g = 0; g < d->n_groups; g++) {
        const double x = d->rows[d->group[g]].x, rx = r + x;
        const double cx = base + co_lgamma(rx);
        const double dconst_r = want ? co_digamma(rx) - dg_r + lalpha : 0.0;
        log_g own1 = {0, {0, 0, 0, 0}}, own2;
        double last_tx = -1.0;
        for (size_t i = d->group[g]; i < d->group[g + 1]; i++) {
            const co_btyd_row *row = &d->rows[i];
            const log_g *g1 = &own1, *g2 = &own2;
            double la_T, lb_T;
            if (ix) {
                g1 = &ix->g[ix->tx_at[i]];
                g2 = &ix->g[ix->T_at[i]];
                la_T = ix->la[ix->T_at[i]];
                lb_T = ix->lb[ix->T_at[i]];
            } else {
                int rc;
                if (row->tx != last_tx) { /* neighbours often share tx: reuse G(tx) */
                    if ((rc = compute_log_g(p, x, row->tx, want, &own1)) != CO_OK)
                        return rc;
                    last_tx = row->tx;
                }
                if ((rc = compute_log_g(p, x, row->T, want, &own2)) != CO_OK)
                    return rc;
                la_T = log(alpha + row->T);
                lb_T = log(beta + row->T);
            }
            row_terms t;
            combine(p, x, la_T, lb_T, ls, g1, g2, cx, &t);
            const double w = row->w;
            ll += w * t.log_l;
            if (!want)
                continue;
            const double dead = 1.0 - t.alive, wa = w * t.alive;
            gsum[0] += w * (dconst_r + t.a1 * g1->d[0] - t.a2 * g2->d[0]) - wa * la_T;
            gsum[1] += w * (r / alpha + t.a1 * g1->d[1] - t.a2 * g2->d[1]) -
                       wa * rx / (alpha + row->T);
            gsum[2] += w * (lbeta + dead / s + t.a1 * g1->d[2] - t.a2 * g2->d[2]) - wa * lb_T;
            gsum[3] += w * (s / beta + t.a1 * g1->d[3] - t.a2 * g2->d[3]) -
                       wa * s / (beta + row->T);
        }
    }
    *ll_out = ll;
    if (grad)
        for (int i = 0; i < 4; i++)
            grad[i] = gsum[i];
    return CO_OK;
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

static const co_purchase_model model = {"Pareto/NBD", names, co_paretonbd_loglik,
                                        co_paretonbd_index, co_paretonbd_unindex, start};

int co_paretonbd_fit(const double *frequency, const double *recency, const double *T,
                     const double *weights, size_t n, const co_btyd_fit_options *opt,
                     co_paretonbd_params *out, co_btyd_fit_info *info)
{
    if (!out)
        return co_fail(CO_EINVAL, "Pareto/NBD fit: out is NULL");
    double p[4];
    int rc = co_purchase_fit(&model, frequency, recency, T, weights, n, opt, p, info);
    if (rc == CO_OK)
        *out = (co_paretonbd_params){p[0], p[1], p[2], p[3]};
    return rc;
}

int co_paretonbd_log_likelihood(const co_paretonbd_params *params, const double *frequency,
                                const double *recency, const double *T, const double *weights,
                                size_t n, double *out)
{
    int rc = co_paretonbd_check_usable(params);
    if (rc != CO_OK)
        return rc;
    const double p[4] = {params->r, params->alpha, params->s, params->beta};
    return co_purchase_log_likelihood(&model, p, frequency, recency, T, weights, n, out);
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
    combine(p, c->x[i], log(q->alpha + c->T[i]), log(q->beta + c->T[i]), log(q->s), &g1, &g2,
            0.0, &t);
    *v = t.alive;
    return CO_OK;
}

int co_paretonbd_probability_alive(const co_paretonbd_params *params, const double *frequency,
                                   const double *recency, const double *T, size_t n,
                                   double *out)
{
    int rc = co_btyd_check_customers(co_paretonbd_check_usable(params), frequency, recency, T,
                                     n, out);
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
    int rc = co_btyd_check_customers(co_paretonbd_check_usable(params), frequency, recency, T,
                                     n, out);
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
