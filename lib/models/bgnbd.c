/* BG/NBD (Fader, Hardie & Lee 2005): likelihood, fit, predictions, simulation. */
#include <float.h>
#include <math.h>
#include <stdio.h>

#include "alloc_internal.h"
#include "band_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "fastmath_internal.h"
#include "numeric_internal.h"

static const char *const names[] = {"r", "alpha", "a", "b"};

static int check_params(const co_bgnbd_params *p)
{
    if (!p)
        return co__fail(CO_EINVAL, "BG/NBD: params is NULL");
    const double v[4] = {p->r, p->alpha, p->a, p->b};
    return co__btyd_check_params("BG/NBD", names, v, 4);
}

/*
 * log L = lnG(r+x) - lnG(r) + r ln(alpha) + lnB(a, b+x) - lnB(a, b) - (r+x) ln(alpha+T)
 *       + [x > 0] log(1 + exp(D)),  D = ln(a / (b+x-1)) + (r+x) ln((alpha+T)/(alpha+tx)).
 * Everything that depends on x alone is computed once per group of equal x
 * (once per part of a group within a block of rows: the sums are linear).
 */
typedef struct bgnbd_eval {
    const co_btyd_data *d;
    double r, alpha, a, b, lalpha, la, base;
    double dg_r, dg_ab, dg_b;
    int want_grad;
    int fast;                           /* every alpha + t a normal double: co__fast_log() serves */
    double part[CO_BTYD_MAX_BLOCKS][5]; /* ll and gradient of each block */
    co_btyd_blocks blocks;
} bgnbd_eval;

/* Rows are taken in chunks of this many: each function of them is one loop
 * over the chunk into an array, which the compiler vectorises; the sums then
 * run over the arrays in row order. */
#define CHUNK 256

/* What the sums need of rows [0, n) of one x (x > 0: repeat), before weights:
 * l1 = ln(alpha+T), l2 = ln(alpha+tx), dd = D, sp = log(1 + e^-|D|),
 * inv1 = 1/(alpha+T), inv2 = 1/(alpha+tx), sg = logistic(D) (the last three
 * with the gradient only). */
typedef struct chunk_terms {
    double l1[CHUNK], l2[CHUNK], dd[CHUNK], sp[CHUNK], inv1[CHUNK], inv2[CHUNK], sg[CHUNK];
} chunk_terms;

/* l = ln(alpha + t), inv = 1/(alpha + t) (with the gradient) of rows [from, from + n),
 * t their T (of_T) or tx. */
CO__VECTOR_CLONES
static void logs_of(const bgnbd_eval *e, size_t from, size_t n, int of_T, double *l, double *inv)
{
    const co_btyd_times *tm = e->d->aux;
    const co_btyd_row *row = e->d->rows + from;
    const double alpha = e->alpha;
    if (tm) { /* once per distinct time (co_btyd_times): look them up */
        const size_t *at = (of_T ? tm->T_at : tm->tx_at) + from;
        for (size_t i = 0; i < n; i++) {
            l[i] = tm->f[at[i]];
            inv[i] = tm->g[at[i]];
        }
        return;
    }
    double t[CHUNK]; /* alpha + t, contiguous for the vector loops */
    if (of_T)
        for (size_t i = 0; i < n; i++)
            t[i] = alpha + row[i].T;
    else
        for (size_t i = 0; i < n; i++)
            t[i] = alpha + row[i].tx;
    if (e->fast)
        for (size_t i = 0; i < n; i++)
            l[i] = co__fast_log(t[i]);
    else
        for (size_t i = 0; i < n; i++)
            l[i] = log(t[i]);
    if (e->want_grad)
        for (size_t i = 0; i < n; i++)
            inv[i] = 1.0 / t[i];
}

/* log(1 + e^D) = max(D, 0) + log(1 + e^-|D|) and the logistic weight from one
 * exponential; log(1 + e) rather than log1p: e <= 1, so its absolute error
 * stays ~1e-16. Selects sit right before stores, where they vectorise. */
CO__VECTOR_CLONES
static void softplus_terms(const bgnbd_eval *e, double ldrop, double rx, size_t n, chunk_terms *c)
{
    double neg[CHUNK], ex[CHUNK];
    for (size_t i = 0; i < n; i++) {
        /* logs_of() wrote l1 and l2 for all n rows (the analyzer loses track) */
        /* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult) */
        c->dd[i] = ldrop + rx * (c->l1[i] - c->l2[i]);
        const double m = -fabs(c->dd[i]);
        neg[i] = m < -708.0 ? -708.0 : m; /* e^-708 for less: 1 + e rounds to 1 all the same */
    }
    if (e->fast) {
        for (size_t i = 0; i < n; i++)
            ex[i] = co__fast_exp_neg(neg[i]);
        for (size_t i = 0; i < n; i++)
            c->sp[i] = co__fast_log(1.0 + ex[i]);
    } else
        for (size_t i = 0; i < n; i++) {
            ex[i] = exp(neg[i]);
            c->sp[i] = log(1.0 + ex[i]);
        }
    if (e->want_grad) {
        for (size_t i = 0; i < n; i++)
            neg[i] = c->dd[i] > 0 ? 1.0 : ex[i]; /* numerator of the logistic */
        for (size_t i = 0; i < n; i++)
            c->sg[i] = neg[i] / (1.0 + ex[i]);
    }
}

static int sum_block(void *vctx, size_t block)
{
    bgnbd_eval *e = vctx;
    const co_btyd_data *d = e->d;
    const double r = e->r, alpha = e->alpha, a = e->a, b = e->b;
    const int grad = e->want_grad;
    size_t lo, hi;
    co__btyd_block_range(&e->blocks, block, &lo, &hi);
    double ll = 0.0, gr = 0.0, gal = 0.0, ga = 0.0, gb = 0.0;
    chunk_terms c;
    for (size_t g = co__btyd_group_of(d, lo); lo < hi; g++) {
        const size_t first = lo, last = d->group[g + 1] < hi ? d->group[g + 1] : hi;
        lo = last;
        const double x = d->rows[first].x, rx = r + x;
        const double cx = e->base + co__lgamma(rx) + co__lgamma(b + x) - co__lgamma(a + b + x);
        const double ldrop = x > 0 ? e->la - log(b + x - 1.0) : 0.0;
        double sw = 0.0, s_l1 = 0.0, s_inv1 = 0.0; /* sums of w, w ln(a+T), w/(a+T) */
        double s_w = 0.0, s_wd = 0.0,
               s_winv = 0.0; /* sums of w*sigma, ...*(L1-L2), ...*(1/(a+T)-1/(a+tx)) */
        for (size_t from = first; from < last; from += CHUNK) {
            const size_t n = last - from < CHUNK ? last - from : CHUNK;
            const co_btyd_row *row = &d->rows[from];
            logs_of(e, from, n, 1, c.l1, c.inv1);
            if (x > 0)
                logs_of(e, from, n, 0, c.l2, c.inv2);
            if (x > 0)
                softplus_terms(e, ldrop, rx, n, &c);
            for (size_t i = 0; i < n; i++) {
                const double w = row[i].w, l1 = c.l1[i];
                double term = cx - rx * l1;
                sw += w;
                s_l1 += w * l1;
                if (grad)
                    s_inv1 += w * c.inv1[i];
                if (x > 0) {
                    /* softplus_terms() wrote dd and sp for x > 0 (the analyzer loses track) */
                    /* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult) */
                    term += (c.dd[i] > 0 ? c.dd[i] : 0.0) + c.sp[i];
                    if (grad) {
                        const double sig = w * c.sg[i];
                        s_w += sig;
                        s_wd += sig * (l1 - c.l2[i]);
                        s_winv += sig * (c.inv1[i] - c.inv2[i]);
                    }
                }
                ll += w * term;
            }
        }
        if (grad) {
            const double dg_rx = co__digamma(rx), dg_abx = co__digamma(a + b + x);
            gr += sw * (dg_rx - e->dg_r + e->lalpha) - s_l1 + s_wd;
            gal += sw * r / alpha - rx * s_inv1 + rx * s_winv;
            ga += sw * (e->dg_ab - dg_abx) + s_w / a;
            gb += sw * (co__digamma(b + x) - dg_abx - e->dg_b + e->dg_ab) -
                  (x > 0 ? s_w / (b + x - 1.0) : 0.0);
        }
    }
    double *out = e->part[block];
    out[0] = ll;
    out[1] = gr;
    out[2] = gal;
    out[3] = ga;
    out[4] = gb;
    return CO_OK;
}

int co__bgnbd_loglik(const co_btyd_data *d, const double *p, double *ll_out, double *grad)
{
    bgnbd_eval e;
    e.d = d;
    e.r = p[0];
    e.alpha = p[1];
    e.a = p[2];
    e.b = p[3];
    e.lalpha = log(e.alpha);
    e.la = log(e.a);
    e.base = -co__lgamma(e.r) + e.r * e.lalpha + co__lgamma(e.a + e.b) - co__lgamma(e.b);
    e.want_grad = grad != NULL;
    /* alpha + t then stays a normal double, where co__fast_log() holds */
    e.fast = e.alpha >= DBL_MIN && e.alpha <= 0x1p1000 && d->max_T <= 0x1p1000;
    e.dg_r = e.dg_ab = e.dg_b = 0.0;
    if (grad) {
        e.dg_r = co__digamma(e.r);
        e.dg_ab = co__digamma(e.a + e.b);
        e.dg_b = co__digamma(e.b);
    }
    /* With a time index, log(alpha + t) and 1/(alpha + t) once per distinct time. */
    const co_btyd_times *tm = d->aux;
    if (tm)
        for (size_t j = 0; j < tm->n; j++) {
            tm->f[j] = log(e.alpha + tm->t[j]);
            tm->g[j] = 1.0 / (e.alpha + tm->t[j]);
        }
    co__btyd_blocks_plan(d->n_rows, 0, &e.blocks);
    int rc = co__btyd_run_blocks(&e.blocks, d->threads, sum_block, &e);
    if (rc != CO_OK)
        return rc;
    double total[5] = {0, 0, 0, 0, 0};
    for (size_t k = 0; k < e.blocks.count; k++)
        for (int j = 0; j < 5; j++)
            total[j] += e.part[k][j];
    *ll_out = total[0];
    if (grad)
        for (int j = 0; j < 4; j++)
            grad[j] = total[j + 1];
    return CO_OK;
}

/* Without repeated times, logs per row cost less than an index of them. */
static int prepare(co_btyd_data *d)
{
    if (!co__btyd_times_repeat(d))
        return CO_OK;
    co_btyd_times *tm = co__malloc(sizeof *tm);
    if (!tm)
        return co__fail_nomem();
    int rc = co__btyd_times_build(d, tm);
    if (rc != CO_OK) {
        co__free(tm);
        return rc;
    }
    d->aux = tm;
    return CO_OK;
}

static void release(co_btyd_data *d)
{
    if (d->aux) {
        co__btyd_times_free(d->aux);
        co__free(d->aux);
        d->aux = NULL;
    }
}

/* Start with the mean purchase rate matched: r / alpha = sum x / sum T. */
static void start(const co_btyd_data *d, double *p)
{
    double rate = d->weighted_x > 0 && d->weighted_T > 0 ? d->weighted_x / d->weighted_T : 1.0;
    p[0] = 1.0;
    p[1] = 1.0 / rate;
    p[2] = 1.0;
    p[3] = 1.0;
}

const co_purchase_model co__bgnbd_model = {
    "BG/NBD", names, co__bgnbd_loglik, co__bgnbd_hessian, prepare, release, start, 2048,
    1U << 1,  0};

int co_bgnbd_fit(const double *frequency, const double *recency, const double *T,
                 const double *weights, size_t n, const co_btyd_fit_options *opt,
                 co_bgnbd_params *out, co_btyd_fit_info *info)
{
    if (!out)
        return co__fail(CO_EINVAL, "BG/NBD fit: out is NULL");
    double p[4];
    int rc = co__purchase_fit(&co__bgnbd_model, frequency, recency, T, weights, n, opt, p, info);
    if (rc == CO_OK)
        *out = (co_bgnbd_params){p[0], p[1], p[2], p[3]};
    return rc;
}

int co_bgnbd_log_likelihood(const co_bgnbd_params *params, const double *frequency,
                            const double *recency, const double *T, const double *weights, size_t n,
                            double *out)
{
    int rc = check_params(params);
    if (rc != CO_OK)
        return rc;
    const double p[4] = {params->r, params->alpha, params->a, params->b};
    return co__purchase_log_likelihood(&co__bgnbd_model, p, frequency, recency, T, weights, n, out);
}

int co_bgnbd_uncertainty(const co_bgnbd_params *params, const double *frequency,
                         const double *recency, const double *T, const double *weights, size_t n,
                         const co_btyd_fit_options *opt, co_model_uncertainty *out)
{
    int rc = check_params(params);
    if (rc != CO_OK)
        return rc;
    const double p[4] = {params->r, params->alpha, params->a, params->b};
    return co__purchase_uncertainty(&co__bgnbd_model, p, frequency, recency, T, weights, n, opt,
                                    out);
}

/* a/(b+x-1) ((alpha+T)/(alpha+tx))^(r+x): odds of having dropped out. */
static double dropout_odds(const co_bgnbd_params *p, double x, double tx, double T)
{
    if (x == 0)
        return 0.0;
    return exp(log(p->a) - log(p->b + x - 1.0) +
               (p->r + x) * (log(p->alpha + T) - log(p->alpha + tx)));
}

int co_bgnbd_probability_alive(const co_bgnbd_params *params, const double *frequency,
                               const double *recency, const double *T, size_t n, double *out)
{
    int rc = co__btyd_check_customers(check_params(params), frequency, recency, T, n, out);
    if (rc != CO_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        out[i] = 1.0 / (1.0 + dropout_odds(params, frequency[i], recency[i], T[i]));
    return CO_OK;
}

/*
 * Expected purchases in the next t of a customer known to be alive with x
 * repeat purchases by T (x = 0, T = 0 gives the unconditional E[X(t)]):
 *   (a+b+x-1)/(a-1) [1 - (1-z)^(r+x) 2F1(r+x, b+x; a+b+x-1; z)],  z = t/(alpha+T+t).
 * Euler's transformation (A&S 15.3.3) turns the bracket into
 *   1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z),
 * whose series does not grow with x: heavy buyers neither overflow nor
 * cancel.
 */
static int alive_expected(const co_bgnbd_params *p, double t, double x, double T, double *out)
{
    if (t == 0.0) {
        *out = 0.0;
        return CO_OK;
    }
    const double a = p->a, b = p->b, at = p->alpha + T, z = t / (at + t), w = at / (at + t);
    double h;
    /* 1 - z passed as computed from alpha + T: it rounds to 0 beyond t ~ 1e16 (alpha + T),
     * and from z alone it would keep only log10(1/w) fewer digits */
    int rc = co__hyp2f1_w(a + b - 1.0 - p->r, a - 1.0, a + b + x - 1.0, z, w, &h);
    if (rc != CO_OK)
        return rc;
    /* (1 - z)^(a-1) in logs: log(alpha+T) - log(alpha+T+t) stays exact for
     * large t. h <= 0 only when a + b + x < 1 (then nothing cancels). */
    const double lw = (a - 1.0) * (log(at) - log(at + t));
    const double bracket = h > 0.0 ? -expm1(lw + log(h)) : 1.0 - exp(lw) * h;
    double v = (a + b + x - 1.0) / (a - 1.0) * bracket;
    if (!isfinite(v))
        return co__fail(CO_ENOCONV, "BG/NBD: expected purchases overflowed");
    *out = v;
    return CO_OK;
}

static int unconditional_at(const co_btyd_args *c, size_t i, double *v)
{
    return alive_expected(c->params, c->t[i], 0.0, 0.0, v);
}

int co__bgnbd_check_usable(const co_bgnbd_params *p)
{
    int rc = check_params(p);
    if (rc == CO_OK && p->a == 1.0)
        rc = co__fail(CO_EINVAL, "BG/NBD: expected purchases need a != 1");
    return rc;
}

int co_bgnbd_expected_purchases(const co_bgnbd_params *params, const double *t, size_t n,
                                double *out)
{
    int rc = co__bgnbd_check_usable(params);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("t", t, n, 0);
    if (rc != CO_OK)
        return rc;
    if (!out)
        return co__fail(CO_EINVAL, "BG/NBD: out is NULL");
    return co__btyd_fill(n, out, unconditional_at,
                         &(co_btyd_args){params, t, NULL, NULL, NULL, NULL});
}

static int alive_one(const void *params, double x, double tx, double T, double *p)
{
    *p = 1.0 / (1.0 + dropout_odds(params, x, tx, T));
    return CO_OK;
}

static int if_alive_one(const void *params, double t, double x, double T, double *e)
{
    return alive_expected(params, t, x, T, e);
}

const co_purchase_factors co__bgnbd_purchases = {alive_one, if_alive_one,
                                                 co__bgnbd_discounted_if_alive};

int co__bgnbd_conditional_one(const void *params, double t, double x, double tx, double T,
                              double *out)
{
    double alive, v = 0.0;
    int rc = alive_one(params, x, tx, T, &alive);
    if (rc == CO_OK)
        rc = alive_expected(params, t, x, T, &v);
    if (rc == CO_OK)
        *out = v * alive;
    return rc;
}

static int conditional_at(const co_btyd_args *c, size_t i, double *v)
{
    return co__bgnbd_conditional_one(c->params, c->t[i], c->x[i], c->tx[i], c->T[i], v);
}

int co_bgnbd_conditional_expected_purchases(const co_bgnbd_params *params, const double *t,
                                            const double *frequency, const double *recency,
                                            const double *T, size_t n, double *out)
{
    int rc =
        co__btyd_check_customers(co__bgnbd_check_usable(params), frequency, recency, T, n, out);
    if (rc == CO_OK)
        rc = co__btyd_check_nonneg("t", t, n, 0);
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, conditional_at,
                         &(co_btyd_args){params, t, frequency, recency, T, NULL});
}

/* ---- bands under parameter uncertainty (prediction_band.c) ---- */

/* P(alive) at one draw: dropout_odds() as a / (b + x - 1) ((alpha + T) / (alpha + tx))^(r + x),
 * one log and one exponential per draw (an odds that overflows gives P(alive) 0). */
static int band_alive(const void *ctx, const double *p, const co_band_row *row, double *v)
{
    (void)ctx;
    const double x = row->x;
    *v = x == 0 ? 1.0
                : 1.0 / (1.0 + p[2] / (p[3] + x - 1.0) *
                                   exp((p[0] + x) * log((p[1] + row->T) / (p[1] + row->tx))));
    return CO_OK;
}

static int band_if_alive(const void *ctx, const double *p, const co_band_row *row, double *v)
{
    (void)ctx;
    const co_bgnbd_params q = {p[0], p[1], p[2], p[3]};
    return alive_expected(&q, row->t, row->x, row->T, v);
}

int co_bgnbd_probability_alive_band(const co_model_uncertainty *u, const double *frequency,
                                    const double *recency, const double *T, size_t n,
                                    const co_band_options *opt, double *lower, double *upper)
{
    static const co_band_model m = {"BG/NBD",
                                    4,
                                    NULL,
                                    band_alive,
                                    NULL,
                                    0,
                                    NULL,
                                    co__bgnbd_band_ws_new,
                                    co__bgnbd_band_ws_free,
                                    co__bgnbd_band_alive_all};
    return co__btyd_band(&m, u, NULL, frequency, recency, T, NULL, n, opt, lower, upper);
}

int co_bgnbd_conditional_expected_purchases_band(const co_model_uncertainty *u, const double *t,
                                                 const double *frequency, const double *recency,
                                                 const double *T, size_t n,
                                                 const co_band_options *opt, double *lower,
                                                 double *upper)
{
    static const co_band_model m = {"BG/NBD",
                                    4,
                                    band_if_alive,
                                    band_alive,
                                    NULL,
                                    1,
                                    NULL,
                                    co__bgnbd_band_ws_new,
                                    co__bgnbd_band_ws_free,
                                    co__bgnbd_band_alive_all};
    return co__btyd_band(&m, u, t, frequency, recency, T, NULL, n, opt, lower, upper);
}

/*
 * P(X(t) = x) = B(a, b+x)/B(a, b) NB(x; r, alpha/(alpha+t))
 *             + [x > 0] B(a+1, b+x-1)/B(a, b) P(NB(r, alpha/(alpha+t)) >= x),
 * NB the negative binomial count of a Gamma(r, alpha)-Poisson mixture in (0, t].
 * Everything is taken in logs: the tail P(NB >= x) = I_q(x, r), q = t/(alpha+t),
 * is a regularised incomplete beta function (a continued fraction whose length
 * does not grow with x), where summing the pmf up to x cost O(x) and 1 - cdf
 * cancelled to rounding noise far in the tail. Ratios of Gamma functions of
 * x go through co__lgamma_ratio(), which keeps its digits for any x.
 */
static int probability_of(const co_bgnbd_params *p, double t, double x, double *out)
{
    if (t == 0.0) {
        *out = x == 0.0 ? 1.0 : 0.0;
        return CO_OK;
    }
    const double r = p->r, a = p->a, b = p->b;
    const double lbab = co__lbeta(a, b);
    double lnb, ltail;
    int rc = co__nbd_log_count("BG/NBD", r, p->alpha, t, x, &lnb, &ltail);
    if (rc != CO_OK)
        return rc;
    /* ln B(a, b+x) = ln G(a) - [ln G(b+x+a) - ln G(b+x)] */
    double lv = co__lgamma(a) - co__lgamma_ratio(b + x, a) - lbab + lnb;
    if (x > 0.0) {
        /* ln B(a+1, b+x-1) = ln G(a+1) - [ln G(b+x+a) - ln G(b+x-1)] */
        const double lw = co__lgamma(a + 1.0) - co__lgamma_ratio(b + x - 1.0, a + 1.0) - lbab;
        lv = co__logaddexp(lv, lw + ltail);
    }
    *out = exp(lv);
    return CO_OK;
}

static int probability_at(const co_btyd_args *c, size_t i, double *v)
{
    return probability_of(c->params, c->t[i], c->x[i], v);
}

int co_bgnbd_probability_of_purchases(const co_bgnbd_params *params, const double *t,
                                      const double *count, size_t n, double *out)
{
    int rc = co__btyd_check_horizons(check_params(params), "BG/NBD", t, count, 1, n, out);
    if (rc != CO_OK)
        return rc;
    return co__btyd_fill(n, out, probability_at,
                         &(co_btyd_args){params, t, count, NULL, NULL, NULL});
}

/* Purchases form a Poisson(lambda) process from time 0; after each repeat
 * purchase the customer leaves with probability p, i.e. after the G-th one,
 * G ~ Geometric(p). With N ~ Poisson(lambda T) arrivals in (0, T], given N
 * they are N uniform order statistics: x = min(N, G), and the last seen one
 * is the maximum of N uniforms (N <= G) or the G-th of N (Beta(G, N - G + 1)). */
static void draw_customer(const void *params, co_rng *rng, double T, double *v)
{
    const co_bgnbd_params *q = params;
    double lambda = co__rng_gamma(rng, q->r, 1.0 / q->alpha);
    double p = co__rng_beta(rng, q->a, q->b);
    uint64_t arrivals = co__rng_poisson(rng, lambda * T);
    uint64_t life = p > 0.0 ? co__rng_geometric(rng, p) : UINT64_MAX;
    double x, tx;
    if (arrivals == 0) {
        x = 0.0;
        tx = 0.0;
    } else if (arrivals <= life) {
        x = (double)arrivals;
        tx = T * pow(co__rng_uniform(rng), 1.0 / x);
    } else {
        x = (double)life;
        tx = T * co__rng_beta(rng, x, (double)(arrivals - life) + 1.0);
    }
    v[0] = x;
    v[1] = tx;
    v[2] = lambda;
    v[3] = p;
    v[4] =
        arrivals < life ? 1.0 : 0.0; /* gone after the life-th repeat purchase, if it came by T */
}

int co_bgnbd_simulate_latent(const co_bgnbd_params *params, const double *T, size_t n,
                             uint64_t seed, double *frequency_out, double *recency_out,
                             double *rate_out, double *dropout_out, double *alive_out)
{
    return co__btyd_simulate(check_params(params), "BG/NBD", params, draw_customer, T, n, seed,
                             frequency_out, recency_out, rate_out, dropout_out, alive_out);
}

int co_bgnbd_simulate(const co_bgnbd_params *params, const double *T, size_t n, uint64_t seed,
                      double *frequency_out, double *recency_out)
{
    return co_bgnbd_simulate_latent(params, T, n, seed, frequency_out, recency_out, NULL, NULL,
                                    NULL);
}
