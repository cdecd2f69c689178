/* BG/BB log-likelihood of one history, with its analytic gradient and Hessian
 * (Fader, Hardie & Shang 2010, eq. 5):
 *   L = B(alpha+x, beta+n-x)/B(alpha, beta) B(gamma, delta+n)/B(gamma, delta)
 *     + sum_{j=t_x}^{n-1} B(alpha+x, beta+j-x)/B(alpha, beta) B(gamma+1, delta+j)/B(gamma, delta),
 * alive through all n opportunities, or through opportunity j and gone at j+1.
 * Every term is a sum of log-gamma functions, so log L is a log-sum-exp of terms
 * V_k whose gradients g_k (digamma) and Hessians h_k (trigamma) are known:
 *   d log L = sum_k s_k g_k,  d2 log L = sum_k s_k (h_k + g_k g_k^T) - d log L d log L^T,
 * s_k = exp(V_k - log L). Consecutive j differ by a few logs and reciprocals
 * (lnG(z+1) = lnG(z) + ln z, psi(z+1) = psi(z) + 1/z, psi'(z+1) = psi'(z) - 1/z^2),
 * so a history costs n - t_x + 1 terms of a few flops each, not of special functions. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "bgbb_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"

/* Running log-sum-exp of terms with their gradients and second moments, rescaled
 * to the largest term seen so far. */
typedef struct lse {
    double max, sum, g[4], h[16];
    int second;
} lse;

static void lse_add(lse *s, double v, const double *g, const double *h)
{
    if (v > s->max) {
        const double scale = exp(s->max - v); /* 0 on the first term (max = -inf) */
        s->sum *= scale;
        for (int i = 0; i < 4; i++)
            s->g[i] *= scale;
        if (s->second)
            for (int i = 0; i < 16; i++)
                s->h[i] *= scale;
        s->max = v;
    }
    const double e = exp(v - s->max);
    s->sum += e;
    for (int i = 0; i < 4; i++)
        s->g[i] += e * g[i];
    if (s->second)
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                s->h[i * 4 + j] += e * (h[i * 4 + j] + g[i] * g[j]);
}

/* A difference lnG(u) - lnG(w) with the digamma and trigamma functions of u and w,
 * stepped along the opportunities j (u and w both grow by 1 a step). */
typedef struct block {
    double v, d1, d2, t1, t2; /* lnG(u) - lnG(w), psi(u), psi(w), psi'(u), psi'(w) */
} block;

/* lnG(u) - lnG(w) and its derivatives at u, w. */
static block block_at(double u, double w, int second)
{
    block b = {co__lgamma(u) - co__lgamma(w), co__digamma(u), co__digamma(w), 0.0, 0.0};
    if (second) {
        b.t1 = co__trigamma(u);
        b.t2 = co__trigamma(w);
    }
    return b;
}

/* From (u, w) to (u+1, w+1). */
static void block_step(block *b, double u, double w)
{
    b->v += log(u) - log(w);
    b->d1 += 1.0 / u;
    b->d2 += 1.0 / w;
    b->t1 -= 1.0 / (u * u);
    b->t2 -= 1.0 / (w * w);
}

double co__bgbb_history(const double *p, double x, double tx, double n, double *log_alive,
                        double *grad, double *hess)
{
    const double alpha = p[0], beta = p[1], gamma = p[2], delta = p[3];
    const int second = hess != NULL, first = grad != NULL || second;
    /* the parts common to every history: -lnB(alpha, beta) and -lnB(gamma, delta) + lnG(gamma) */
    const double common = co__lgamma(alpha + beta) - co__lgamma(alpha) - co__lgamma(beta) +
                          co__lgamma(gamma + delta) - co__lgamma(delta);
    lse s = {-INFINITY, 0.0, {0}, {0}, second};
    double g[4] = {0}, h[16] = {0};
    const double log_g = log(gamma);
    /* (alpha, beta) block: lnG(beta+j-x) - lnG(alpha+beta+j); (gamma, delta) block of
     * the "gone at j+1" terms: lnG(delta+j) - lnG(gamma+delta+j+1) */
    block ab = block_at(beta + tx - x, alpha + beta + tx, second);
    block gd = block_at(delta + tx, gamma + delta + tx + 1.0, second);
    const uint64_t steps = (uint64_t)(n - tx);
    for (uint64_t k = 0; k < steps; k++) {
        const double j = tx + (double)k;
        const double v = ab.v + log_g + gd.v;
        if (first) {
            g[0] = -ab.d2;
            g[1] = ab.d1 - ab.d2;
            g[2] = 1.0 / gamma - gd.d2;
            g[3] = gd.d1 - gd.d2;
        }
        if (second) {
            h[0] = h[1] = h[4] = -ab.t2;
            h[5] = ab.t1 - ab.t2;
            h[10] = -1.0 / (gamma * gamma) - gd.t2;
            h[11] = h[14] = -gd.t2;
            h[15] = gd.t1 - gd.t2;
        }
        lse_add(&s, v, g, h);
        block_step(&ab, beta + j - x, alpha + beta + j);
        block_step(&gd, delta + j, gamma + delta + j + 1.0);
    }
    /* alive through n: ab is at j = n, and
     * lnG(delta+n) - lnG(gamma+delta+n) = gd.v + ln(gamma+delta+n) */
    const double gdn = gamma + delta + n;
    const double va = ab.v + gd.v + log(gdn);
    if (first) {
        g[0] = -ab.d2;
        g[1] = ab.d1 - ab.d2;
        g[2] = -(gd.d2 - 1.0 / gdn);
        g[3] = gd.d1 - (gd.d2 - 1.0 / gdn);
    }
    if (second) {
        const double tgdn = gd.t2 + 1.0 / (gdn * gdn);
        h[0] = h[1] = h[4] = -ab.t2;
        h[5] = ab.t1 - ab.t2;
        h[10] = h[11] = h[14] = -tgdn;
        h[15] = gd.t1 - tgdn;
    }
    lse_add(&s, va, g, h);
    const double fixed = common + co__lgamma(alpha + x);
    const double ll = fixed + s.max + log(s.sum);
    *log_alive = fixed + va;
    if (!first)
        return ll;
    double d[4];
    for (int i = 0; i < 4; i++)
        d[i] = s.g[i] / s.sum;
    if (grad) {
        const double dab = co__digamma(alpha + beta), dgd = co__digamma(gamma + delta);
        grad[0] = d[0] + co__digamma(alpha + x) + dab - co__digamma(alpha);
        grad[1] = d[1] + dab - co__digamma(beta);
        grad[2] = d[2] + dgd;
        grad[3] = d[3] + dgd - co__digamma(delta);
    }
    if (second) {
        const double tab = co__trigamma(alpha + beta), tgd = co__trigamma(gamma + delta);
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 4; j++)
                hess[i * 4 + j] = s.h[i * 4 + j] / s.sum - d[i] * d[j];
        hess[0] += co__trigamma(alpha + x) + tab - co__trigamma(alpha);
        hess[1] += tab;
        hess[4] += tab;
        hess[5] += tab - co__trigamma(beta);
        hess[10] += tgd;
        hess[11] += tgd;
        hess[14] += tgd;
        hess[15] += tgd - co__trigamma(delta);
    }
    return ll;
}

int co__bgbb_loglik(const co_btyd_data *d, const double *p, double *ll_out, double *grad)
{
    double ll = 0.0, g[4] = {0}, gi[4], la;
    for (size_t i = 0; i < d->n_rows; i++) {
        const co_btyd_row *row = &d->rows[i];
        ll += row->w * co__bgbb_history(p, row->x, row->tx, row->T, &la, grad ? gi : NULL, NULL);
        if (grad)
            for (int k = 0; k < 4; k++)
                g[k] += row->w * gi[k];
    }
    *ll_out = ll;
    if (grad)
        memcpy(grad, g, sizeof g);
    return CO_OK;
}

int co__bgbb_hessian(const co_btyd_data *d, const double *p, double *hess)
{
    double H[16] = {0}, hi[16], gi[4], la;
    for (size_t i = 0; i < d->n_rows; i++) {
        const co_btyd_row *row = &d->rows[i];
        (void)co__bgbb_history(p, row->x, row->tx, row->T, &la, gi, hi);
        for (int k = 0; k < 16; k++)
            H[k] += row->w * hi[k];
    }
    for (int k = 0; k < 16; k++) {
        if (!isfinite(H[k]))
            return co__fail(CO_ENOCONV, "BG/BB: Hessian not finite at the parameters");
        hess[k] = H[k];
    }
    return CO_OK;
}
