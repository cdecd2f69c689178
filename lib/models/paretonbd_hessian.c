/* Analytic Hessian of the Pareto/NBD log-likelihood in (r, alpha, s, beta),
 * for the variance matrix: one pass over the (x, time) pairs with the second
 * derivatives of the drop-out series, instead of sixteen gradient passes of
 * differences.
 *
 * Per pair, log G = -m log M + log S(m, theta, z) (paretonbd_terms.c): m, M
 * and theta are linear in the parameters, z = (own - other) / (own + t) is
 * not, so the Hessian is J' F J + (d log G / dz) d2z, with F the second
 * derivatives in (m, M, theta, z) and J their gradients.
 *
 * Per customer, L = C Q with Q = e^e1 + s G(tx) - s G(T), three terms of
 * shares pi_i (the first is P(alive); co__pnbd_combine()) and log-gradients
 * g_i:  d2 log Q = sum_i pi_i (d2 log|term_i| + g_i g_i') - g g',  g = sum pi_i g_i. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "numeric_internal.h"
#include "paretonbd_internal.h"

#define SERIES_TOL 1e-16
/* Below this |z| the z-derivatives are their limits at z = 0 (the error is O(z)). */
#define TINY_Z 1e-100

/* log G with its gradient and Hessian (row-major 4 x 4). */
typedef struct log_g2 {
    double value, d[4], h[16];
} log_g2;

/* S = sum_k c_k z^k / (m + k), c_k = (theta)_k / k!, and the sums behind its
 * first and second derivatives. With H = psi(theta + k) - psi(theta) and
 * H2 = psi'(theta) - psi'(theta + k): dc_k/dtheta = c_k H and
 * d2c_k/dtheta2 = c_k (H^2 - H2). The z-sums carry z^k (k, k(k-1) times the
 * term), divided by z and z^2 at the end. */
static int series2(double m, double theta, double z, co_pnbd_series2 *out)
{
    double u = 1.0, H = 0.0, H2 = 0.0;
    double S = 0, Sm = 0, Smm = 0, St = 0, Stt = 0, Smt = 0, Z1 = 0, Z2 = 0, Zm = 0, Zt = 0;
    const double zabs = fabs(z), scale = zabs < 1.0 ? z * z : 1.0;
    const long max_terms = co__pnbd_series_max_terms();
    int done = 0;
    for (long k = 0; !done && k < max_terms; k++) {
        const double dk = (double)k, inv = 1.0 / (m + dk), term = u * inv;
        S += term;
        Sm -= term * inv;
        Smm += 2.0 * term * inv * inv;
        St += H * term;
        Stt += (H * H - H2) * term;
        Smt -= H * term * inv;
        Z1 += dk * term;
        Z2 += dk * (dk - 1.0) * term;
        Zm -= dk * term * inv;
        Zt += dk * H * term;
        const double ratio = (theta + dk) / (dk + 1.0) * z, it = 1.0 / (theta + dk);
        H += it;
        H2 += it * it;
        u *= ratio;
        /* theta >= 1: later ratios are smaller; theta < 1: they stay below |z|.
         * Later weights are below 2 (k + i)^2 and 2 H^2 + 2 i^2 after i more terms,
         * so the tails of every sum are below next (2 (k+2)^2 + 2 H^2 + 8) / gap^3. */
        const double bound = theta >= 1.0 ? fabs(ratio) : zabs;
        if (bound < 1.0) {
            const double gap = 1.0 - bound, next = fabs(u) / (m + dk + 1.0);
            const double weight = 2.0 * (dk + 2.0) * (dk + 2.0) + 2.0 * H * H + 8.0;
            done = next * weight <= SERIES_TOL * S * scale * gap * gap * gap;
        }
    }
    if (!done || !(S > 0.0) || !isfinite(S))
        return 0;
    double Sz, Szz, Szm, Szt;
    if (zabs < TINY_Z) { /* the k = 1 and k = 2 terms' limits */
        Sz = theta / (m + 1.0);
        Szz = theta * (theta + 1.0) / (m + 2.0);
        Szm = -theta / ((m + 1.0) * (m + 1.0));
        Szt = 1.0 / (m + 1.0);
    } else {
        Sz = Z1 / z;
        Szz = Z2 / (z * z);
        Szm = Zm / z;
        Szt = Zt / z;
    }
    const double lm = Sm / S, lt = St / S, lz = Sz / S;
    out->first = (co_pnbd_series){log(S), lm, lt, lz};
    out->mm = Smm / S - lm * lm;
    out->mt = Smt / S - lm * lt;
    out->mz = Szm / S - lm * lz;
    out->tt = Stt / S - lt * lt;
    out->tz = Szt / S - lt * lz;
    out->zz = Szz / S - lz * lz;
    return 1;
}

/* h += c a b' */
static void add_outer(double *h, double c, const double *a, const double *b)
{
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            h[4 * i + j] += c * a[i] * b[j];
}

/* log G(t) for x purchases at p, with its gradient and Hessian. */
static int eval_log_g2(const double *p, double x, double t, log_g2 *out)
{
    co_pnbd_form f;
    co__pnbd_form_at(p, x, t, &f);
    co_pnbd_series2 S;
    if (co__pnbd_use_quadrature(&f)) {
        int rc = co__pnbd_series2_by_quadrature(f.m, f.theta, f.z, f.w, &S);
        if (rc != CO_OK)
            return rc;
    } else if (!series2(f.m, f.theta, f.z, &S))
        return co__fail(CO_ENOCONV, "Pareto/NBD Hessian: series for G(%g) did not converge", t);
    const int own = f.alpha_side ? 1 : 3, other = f.alpha_side ? 3 : 1;
    const int theta_at = f.alpha_side ? 2 : 0;
    const double M = f.M, m = f.m, lM = log(M);
    /* gradients of m, M, theta, z in the parameters */
    double J[4][4] = {{0}};
    J[0][0] = J[0][2] = 1.0;
    J[1][own] = 1.0;
    J[2][theta_at] = 1.0;
    J[3][own] = f.w / M;
    J[3][other] = -1.0 / M;
    /* first and second derivatives of -m log M + log S in (m, M, theta, z) */
    const co_pnbd_series *s1 = &S.first;
    const double g[4] = {-lM + s1->dm, -m / M, s1->dtheta, s1->dz};
    const double F[4][4] = {{S.mm, -1.0 / M, S.mt, S.mz},
                            {-1.0 / M, m / (M * M), 0.0, 0.0},
                            {S.mt, 0.0, S.tt, S.tz},
                            {S.mz, 0.0, S.tz, S.zz}};
    out->value = -m * lM + s1->log_s;
    memset(out->d, 0, sizeof out->d);
    memset(out->h, 0, sizeof out->h);
    for (int a = 0; a < 4; a++) {
        for (int i = 0; i < 4; i++)
            out->d[i] += g[a] * J[a][i];
        for (int b = 0; b < 4; b++)
            if (F[a][b] != 0.0)
                add_outer(out->h, F[a][b], J[a], J[b]);
    }
    /* d2z: -2 w / M^2 in (own, own), 1 / M^2 in (own, other) */
    out->h[4 * own + own] += g[3] * (-2.0 * f.w / (M * M));
    out->h[4 * own + other] += g[3] / (M * M);
    out->h[4 * other + own] += g[3] / (M * M);
    return CO_OK;
}

/* sum_i pi_i (H_i + g_i g_i') - g g' of the three terms of Q, into h. */
static void add_log_q(double *h, double wt, const double pi[3], double g[3][4], double H[3][16])
{
    double mean[4] = {0};
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < 4; i++)
            mean[i] += pi[k] * g[k][i];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            double v = -mean[i] * mean[j];
            for (int k = 0; k < 3; k++)
                v += pi[k] * (H[k][4 * i + j] + g[k][i] * g[k][j]);
            h[4 * i + j] += wt * v;
        }
}

/* One customer history: the Hessian of log Q into h (weighted). */
static void add_row(const double *p, const co_btyd_row *row, const log_g2 *g1, const log_g2 *g2,
                    double *h)
{
    const double r = p[0], alpha = p[1], s = p[2], beta = p[3], rx = r + row->x;
    const co_pnbd_time T = {row->T, log(alpha + row->T), log(beta + row->T)};
    const co_pnbd_log_g l1 = {g1->value, {g1->d[0], g1->d[1], g1->d[2], g1->d[3]}};
    const co_pnbd_log_g l2 = {g2->value, {g2->d[0], g2->d[1], g2->d[2], g2->d[3]}};
    co_pnbd_terms t;
    co__pnbd_combine(p, row->x, &T, log(s), &l1, &l2, 0.0, &t);
    const double pi[3] = {t.alive, t.a1, -t.a2};
    const double ia = 1.0 / (alpha + row->T), ib = 1.0 / (beta + row->T);
    double g[3][4] = {{-T.la, -rx * ia, -T.lb, -s * ib}}, H[3][16] = {{0}};
    H[0][1] = H[0][4] = -ia;
    H[0][5] = rx * ia * ia;
    H[0][11] = H[0][14] = -ib;
    H[0][15] = s * ib * ib;
    const log_g2 *gs[2] = {g1, g2};
    for (int k = 1; k < 3; k++) {
        memcpy(g[k], gs[k - 1]->d, sizeof g[k]);
        memcpy(H[k], gs[k - 1]->h, sizeof H[k]);
        g[k][2] += 1.0 / s; /* the factor s */
        H[k][10] -= 1.0 / (s * s);
    }
    add_log_q(h, row->w, pi, g, H);
}

/* G for every pair of the index, or NULL rows-only data: per row. */
static int pair_values(const co_btyd_data *d, const double *p, log_g2 **out)
{
    const co_pnbd_pairs *ix = d->aux;
    *out = NULL;
    if (!ix)
        return CO_OK;
    log_g2 *g = co__malloc_array(ix->n_pairs, sizeof *g);
    if (!g)
        return co__fail_nomem();
    for (size_t j = 0; j < ix->n_pairs; j++) {
        const double t = ix->times.t[(size_t)ix->key[2 * j + 1]];
        int rc = eval_log_g2(p, ix->key[2 * j], t, &g[j]);
        if (rc != CO_OK) {
            co__free(g);
            return rc;
        }
    }
    *out = g;
    return CO_OK;
}

int co__paretonbd_hessian(const co_btyd_data *d, const double *p, double *hess)
{
    const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
    const co_pnbd_pairs *ix = d->aux;
    log_g2 *pairs;
    int rc = pair_values(d, p, &pairs);
    if (rc != CO_OK)
        return rc;
    double h[16] = {0};
    const double tg_r = co__trigamma(r);
    for (size_t grp = 0; rc == CO_OK && grp < d->n_groups; grp++) {
        const size_t first = d->group[grp], last = d->group[grp + 1];
        double sw = 0.0;
        for (size_t i = first; rc == CO_OK && i < last; i++) {
            const co_btyd_row *row = &d->rows[i];
            log_g2 own[2];
            const log_g2 *g1 = &own[0], *g2 = &own[1];
            if (pairs) {
                g1 = &pairs[ix->tx_at[i]];
                g2 = &pairs[ix->T_at[i]];
            } else if ((rc = eval_log_g2(p, row->x, row->tx, &own[0])) != CO_OK ||
                       (rc = eval_log_g2(p, row->x, row->T, &own[1])) != CO_OK)
                break;
            add_row(p, row, g1, g2, h);
            sw += row->w;
        }
        /* log C = lnG(r + x) - lnG(r) + r log alpha + s log beta */
        h[0] += sw * (co__trigamma(r + d->rows[first].x) - tg_r);
        h[1] += sw / alpha;
        h[4] += sw / alpha;
        h[5] -= sw * r / (alpha * alpha);
        h[11] += sw / beta;
        h[14] += sw / beta;
        h[15] -= sw * s / (beta * beta);
    }
    co__free(pairs);
    if (rc != CO_OK)
        return rc;
    for (int j = 0; j < 16; j++)
        if (!isfinite(h[j]))
            return co__fail(CO_ENOCONV, "Pareto/NBD: Hessian not finite at the parameters");
    /* symmetric by construction up to rounding; make it exactly so */
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            hess[4 * i + j] = 0.5 * (h[4 * i + j] + h[4 * j + i]);
    return CO_OK;
}
