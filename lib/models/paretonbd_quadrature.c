/* The Pareto/NBD drop-out series near z = 1 as an integral. With
 * w = 1 - z and p = m + 1 - theta, substituting v = (1 - u) / (1 - z (1 - u))
 * and then u = y^(1/m) turns
 *   S(m, theta, z) = sum_k (theta)_k / k! z^k / (m + k)
 *                  = int_0^1 v^(m-1) (1 - z v)^-theta dv
 * into
 *   S = w^(1-theta) int_0^1 u^(m-1) (w + z u)^-p du
 *     = w^(1-theta) / m int_0^1 (w + z y^(1/m))^-p dy,
 * a bounded integrand whose sharp features (u near w, or u near 1 for large
 * m) sit at the ends of [0, 1], where tanh-sinh quadrature (Takahasi & Mori
 * 1974) places its nodes doubly exponentially densely. Where the series
 * needs thousands of terms, one to two hundred nodes do, at any z < 1. */
#include <math.h>

#include "error_internal.h"
#include "paretonbd_internal.h"

#define CO_PI 3.14159265358979323846
#define FIRST_STEP 0.5
#define MAX_HALVINGS 7   /* step 1/256 at most */
#define T_MAX 5.5        /* 1 - y = e^(-pi sinh t) stays above 1e-190 */
#define LEVEL_TOL 1e-10  /* change between levels; the error is about its square */
#define NEGLIGIBLE 1e-18 /* a node pair below this share of the sum ends a sweep */

/* Weighted sums of the integrand f = (w + z u)^-p dy/dt over the nodes and
 * of f times the three quantities whose f-weighted means are the logarithmic
 * derivatives of S: log u - log(w + z u) (in m), log((w + z u) / w) (in
 * theta) and u (in z, times theta / w). For second derivatives also the
 * sums of f times their products: a = log v, b = -log(1 - z v) and u, where
 * v = u / (w + z u) is the point of the original integral. */
typedef struct sums {
    double f, f_dm, f_dtheta, f_u;
    double f_aa, f_ab, f_au, f_bb, f_bu, f_uu;
} sums;

typedef struct integrand {
    double m, p, z, w, log_w;
    int second; /* also the products */
} integrand;

/* Add the node with log y = ly, y1 = 1 - y, log(dy/dt) = log_dydt;
 * returns the f added. */
static double add_node(sums *acc, const integrand *in, double ly, double log_dydt)
{
    const double lu = ly / in->m, u = exp(lu), u1 = -expm1(lu);
    const double L = log1p(-in->z * u1); /* log(w + z u) = log(1 - z (1 - u)) */
    const double f = exp(log_dydt - in->p * L);
    acc->f += f;
    acc->f_dm += f * (lu - L);
    acc->f_dtheta += f * (L - in->log_w);
    acc->f_u += f * u;
    if (in->second) {
        const double a = lu - L, b = L - in->log_w;
        acc->f_aa += f * a * a;
        acc->f_ab += f * a * b;
        acc->f_au += f * a * u;
        acc->f_bb += f * b * b;
        acc->f_bu += f * b * u;
        acc->f_uu += f * u * u;
    }
    return f;
}

/* The nodes t = start, start + step, ... (and their mirrors -t) up to T_MAX,
 * or until a pair adds nothing. With e = e^(-pi sinh t): y = 1 / (1 + e),
 * 1 - y = e y, dy/dt = pi cosh t y (1 - y). */
static void sweep(sums *acc, const integrand *in, double start, double step)
{
    for (double t = start; t <= T_MAX; t += step) {
        const double ps = CO_PI * sinh(t), e = exp(-ps);
        const double ly = -log1p(e), ly1 = ly - ps; /* log y, log(1 - y) */
        const double log_dydt = log(CO_PI * cosh(t)) + ly + ly1;
        const double added = add_node(acc, in, ly, log_dydt) + add_node(acc, in, ly1, log_dydt);
        if (added <= NEGLIGIBLE * acc->f && t > 1.0)
            break;
    }
}

#define N_SUMS 10
static void as_array(const sums *a, double *v)
{
    const double all[N_SUMS] = {a->f,    a->f_dm, a->f_dtheta, a->f_u,  a->f_aa,
                                a->f_ab, a->f_au, a->f_bb,     a->f_bu, a->f_uu};
    for (int i = 0; i < N_SUMS; i++)
        v[i] = all[i];
}

static int close_enough(const sums *a, const sums *b, int n)
{
    double pa[N_SUMS], pb[N_SUMS];
    as_array(a, pa);
    as_array(b, pb);
    for (int i = 0; i < n; i++)
        if (!(fabs(pa[i] - pb[i]) <= LEVEL_TOL * fabs(pb[0]) * (1.0 + fabs(pb[i] / pb[0]))))
            return 0;
    return 1;
}

static sums scaled(const sums *raw, double h)
{
    return (sums){raw->f * h,    raw->f_dm * h, raw->f_dtheta * h, raw->f_u * h,  raw->f_aa * h,
                  raw->f_ab * h, raw->f_au * h, raw->f_bb * h,     raw->f_bu * h, raw->f_uu * h};
}

/* The sums at halving steps until two levels agree; `order` 0, 1 or 2 says
 * which must agree (the value, the gradient's, the products' too). */
static int integrate(const integrand *in, int order, sums *out)
{
    /* Step h: the sum over nodes k h times h. Halving h adds the odd nodes. */
    double h = FIRST_STEP;
    sums raw = {0};
    add_node(&raw, in, -log(2.0), log(CO_PI / 4.0)); /* t = 0: y = 1/2 */
    sweep(&raw, in, h, h);
    sums prev = scaled(&raw, h), cur = prev;
    const int n_checked = order == 0 ? 1 : order == 1 ? 4 : N_SUMS;
    int converged = 0;
    for (int level = 0; level < MAX_HALVINGS && !converged; level++) {
        sweep(&raw, in, h / 2.0, h);
        h /= 2.0;
        cur = scaled(&raw, h);
        converged = order == 0 ? fabs(cur.f - prev.f) <= LEVEL_TOL * cur.f
                               : close_enough(&cur, &prev, n_checked);
        prev = cur;
    }
    if (!converged || !(cur.f > 0.0) || !isfinite(cur.f))
        return co__fail(CO_ENOCONV,
                        "Pareto/NBD: drop-out integral did not converge (m = %g, theta = %g, "
                        "z = %g)",
                        in->m, in->m + 1.0 - in->p, in->z);
    *out = cur;
    return CO_OK;
}

int co__pnbd_series_by_quadrature(double m, double theta, double z, double w, int want_grad,
                                  co_pnbd_series *out)
{
    const integrand in = {m, m + 1.0 - theta, z, w, log(w), 0};
    sums cur;
    int rc = integrate(&in, want_grad ? 1 : 0, &cur);
    if (rc != CO_OK)
        return rc;
    out->log_s = (1.0 - theta) * in.log_w - log(m) + log(cur.f);
    out->dm = cur.f_dm / cur.f;
    out->dtheta = cur.f_dtheta / cur.f;
    out->dz = theta / w * cur.f_u / cur.f;
    return CO_OK;
}

/* With E the f-weighted mean, log S has d/dm = E[a], d/dtheta = E[b] and
 * d/dz = E[c], c = theta v / (1 - z v) = theta u / w; its second derivatives
 * are the covariances of (a, b, c) plus the means of the integrand's own
 * second derivatives: v / (1 - z v) = u / w in (theta, z) and
 * theta v^2 / (1 - z v)^2 = theta u^2 / w^2 in (z, z). */
int co__pnbd_series2_by_quadrature(double m, double theta, double z, double w, co_pnbd_series2 *out)
{
    const integrand in = {m, m + 1.0 - theta, z, w, log(w), 1};
    sums c;
    int rc = integrate(&in, 2, &c);
    if (rc != CO_OK)
        return rc;
    const double ea = c.f_dm / c.f, eb = c.f_dtheta / c.f, eu = c.f_u / c.f, k = theta / w;
    out->first.log_s = (1.0 - theta) * in.log_w - log(m) + log(c.f);
    out->first.dm = ea;
    out->first.dtheta = eb;
    out->first.dz = k * eu;
    out->mm = c.f_aa / c.f - ea * ea;
    out->mt = c.f_ab / c.f - ea * eb;
    out->mz = k * (c.f_au / c.f - ea * eu);
    out->tt = c.f_bb / c.f - eb * eb;
    out->tz = k * (c.f_bu / c.f - eb * eu) + eu / w;
    out->zz = k * k * (c.f_uu / c.f - eu * eu) + k * c.f_uu / c.f / w;
    return CO_OK;
}
