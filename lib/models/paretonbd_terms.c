/* The per-customer terms of the Pareto/NBD likelihood: the drop-out integral
 * G(t) as a series with its derivatives, and its combination with the
 * still-alive term (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005).
 */
#include <math.h>

#include "error_internal.h"
#include "paretonbd_internal.h"

/* With z > 0 the terms grow while k < theta z / (1 - z), then fall like z^k:
 * the series takes about (theta z + 37) / (1 - z) terms. Where that passes
 * SERIES_MAX_USEFUL (z > 0.99 for small theta, ~10 microseconds), or where
 * its terms would overflow (theta log(1/(1-z)) past 600), S is an integral
 * summed by quadrature instead (paretonbd_quadrature.c). */
#define SERIES_MAX_TERMS 20000
#define SERIES_MAX_USEFUL 4000.0
#define SERIES_MAX_LOG_TERM 600.0
#define PILOT_MAX_Z 0.95 /* pilots stop at ~740 terms */
#define SERIES_TOL 1e-16
#define ALTERNATING_MAX_Z 0.5 /* |z| of the alternating alpha side */
#define TABLE_FIRST_FILL 16

void co__pnbd_tables_init(co_pnbd_tables *tables, int pilot)
{
    tables->max_z = pilot ? PILOT_MAX_Z : 1.0;
    co__pnbd_tables_clear(tables);
}

void co__pnbd_tables_clear(co_pnbd_tables *tables)
{
    for (int i = 0; i < 2; i++) {
        tables->side[i].theta = NAN;
        tables->side[i].len = 0;
    }
}

/* The table for (theta, m), refilled from scratch if it held another series. */
static co_pnbd_table *table_for(co_pnbd_tables *tables, int side, double theta, double m)
{
    co_pnbd_table *tab = &tables->side[side];
    if (tab->theta != theta || tab->m != m) {
        tab->theta = theta;
        tab->m = m;
        tab->len = 0;
    }
    return tab;
}

/* Double the filled entries; 0 when the table is full. */
static int table_extend(co_pnbd_table *tab)
{
    if (tab->len == CO_PNBD_TABLE_TERMS)
        return 0;
    size_t end = tab->len ? 2 * tab->len : TABLE_FIRST_FILL;
    if (end > CO_PNBD_TABLE_TERMS)
        end = CO_PNBD_TABLE_TERMS;
    for (size_t k = tab->len; k < end; k++) {
        const double dk = (double)k;
        tab->inv_m[k] = 1.0 / (tab->m + dk);
        tab->rho[k] = (tab->theta + dk) / (dk + 1.0);
        tab->inv_theta[k] = 1.0 / (tab->theta + dk);
    }
    tab->len = end;
    return 1;
}

/* S = sum_k c_k z^k / (m + k) and, for the gradient, its derivatives:
 * Sm = dS/dm, Sc = dS/dtheta, Sz = sum k c_k z^k / (m + k) (z dS/dz). */
typedef struct series_sum {
    double S, Sm, Sz, Sc;
    double u, H; /* c_k z^k and the digamma difference psi(theta + k) - psi(theta) */
} series_sum;

typedef struct series {
    double z, zabs, theta, m;
    int want_grad;
} series;

/* The term step is the fit's innermost code: it is inlined into both loops
 * of sum_series even in instrumented (fuzzing) builds, where a call would
 * keep the running sums in checked memory. */
#if defined(__GNUC__)
#define TERM_INLINE inline __attribute__((always_inline))
#else
#define TERM_INLINE inline
#endif

/* Add term k (inv = 1 / (m + k), rho = (theta + k) / (k + 1)); 1 once the
 * terms after it are negligible in every sum. */
static TERM_INLINE int add_term(series_sum *a, const series *s, double dk, double inv,
                                double inv_next, double rho, double inv_theta)
{
    const double term = a->u * inv;
    a->S += term;
    if (s->want_grad) {
        a->Sm -= term * inv;
        a->Sc += a->H * term;
        a->Sz += dk * term;
    }
    const double ratio = rho * s->z;
    /* theta >= 1: later ratios are smaller; theta < 1: they stay below |z|. */
    const double bound = s->theta >= 1.0 ? fabs(ratio) : s->zabs;
    if (bound < 1.0) {
        /* The tail of the k-weighted sum Sz is below next (k + 2) / gap^2. */
        const double next = fabs(a->u * ratio) * inv_next, gap = 1.0 - bound;
        if (next * (dk + 2.0) <= SERIES_TOL * a->S * gap * gap)
            return 1;
    }
    if (s->want_grad)
        a->H += inv_theta;
    a->u *= ratio;
    return 0;
}

/* 1 if the sum converged. The table's entries serve first, then the terms
 * are computed as they come. */
static int sum_series(const series *s, co_pnbd_table *tab, series_sum *a)
{
    *a = (series_sum){0.0, 0.0, 0.0, 0.0, 1.0, 0.0};
    long k = 0;
    int done = 0;
    while (tab && !done) {
        const long usable = (long)tab->len - 1; /* term k reads inv_m[k + 1] */
        for (; !done && k < usable; k++)
            done = add_term(a, s, (double)k, tab->inv_m[k], tab->inv_m[k + 1], tab->rho[k],
                            tab->inv_theta[k]);
        if (!done && !table_extend(tab))
            break;
    }
    double inv = 1.0 / (s->m + (double)k);
    for (; !done && k < SERIES_MAX_TERMS; k++) {
        const double dk = (double)k, inv_next = 1.0 / (s->m + dk + 1.0);
        done =
            add_term(a, s, dk, inv, inv_next, (s->theta + dk) / (dk + 1.0), 1.0 / (s->theta + dk));
        inv = inv_next;
    }
    return done;
}

/* The series would take too many terms, or its terms (peaking near
 * w^-theta) would overflow; the latter needs theta > 128 where the former
 * does not hold (w >= 37 / SERIES_MAX_USEFUL). */
int co__pnbd_use_quadrature(const co_pnbd_form *f)
{
    if (f->z <= 0.0)
        return 0;
    if (f->theta * f->z + 37.0 > SERIES_MAX_USEFUL * f->w)
        return 1;
    return f->theta > 100.0 && -f->theta * log(f->w) > SERIES_MAX_LOG_TERM;
}

int co__pnbd_series_max_terms(void) { return SERIES_MAX_TERMS; }

void co__pnbd_form_at(const double *p, double x, double t, co_pnbd_form *out)
{
    const double r = p[0], alpha = p[1], s = p[2], beta = p[3];
    const int alpha_side = alpha >= beta || (beta - alpha) <= ALTERNATING_MAX_Z * (alpha + t);
    const double M = (alpha_side ? alpha : beta) + t, other = (alpha_side ? beta : alpha) + t;
    out->alpha_side = alpha_side;
    out->M = M;
    out->other = other;
    out->z = (alpha_side ? alpha - beta : beta - alpha) / M;
    out->w = other / M; /* w = 1 - z */
    out->theta = alpha_side ? s + 1.0 : r + x;
    out->m = r + s + x;
}

/* log S and its logarithmic derivatives by the series. */
static int series_logs(const series *ser, co_pnbd_table *tab, co_pnbd_series *out)
{
    series_sum a;
    if (!sum_series(ser, tab, &a))
        return 0;
    out->log_s = log(a.S);
    out->dm = a.Sm / a.S;
    out->dtheta = a.Sc / a.S;
    /* Sz holds sum k c_k z^k/(m+k); dS/dz is that over z (its k = 1 term,
     * theta/(m+1), when z = 0). */
    out->dz = (ser->z != 0.0 ? a.Sz / ser->z : ser->theta / (ser->m + 1.0)) / a.S;
    return 1;
}

/*
 * Writing one factor of G around the other, with M = alpha + t ("alpha
 * side") or beta + t,
 *   G(t) = M^-m S,  S = sum_k c_k z^k / (m + k),  m = r + s + x,
 * z = (alpha - beta) / (alpha + t) and theta = s + 1 on the alpha side,
 * z = (beta - alpha) / (beta + t) and theta = r + x on the beta side, and
 * c_k = (theta)_k / k! (a 2F1(m, theta; m + 1; z) / m in disguise). The alpha
 * side is used when alpha >= beta (z >= 0: positive terms) and also when
 * alpha < beta but |z| <= 1/2 (alternating, quickly shrinking terms): its
 * theta = s + 1 does not grow with x, so heavy buyers need no more terms.
 * Otherwise the beta side has z > 0. The sums and their derivatives in m, z
 * and theta accumulate in one pass; near z = 1 the same S is an integral.
 */
int co__pnbd_eval_log_g(const double *p, double x, const co_pnbd_time *tm, co_pnbd_tables *tables,
                        int want_grad, co_pnbd_log_g *out)
{
    const double t = tm->t;
    co_pnbd_form f;
    co__pnbd_form_at(p, x, t, &f);
    const int alpha_side = f.alpha_side;
    const double M = f.M, other = f.other, z = f.z, w = f.w;
    const series ser = {z, fabs(z), f.theta, f.m, want_grad};
    if (tables && ser.zabs > tables->max_z)
        return co__fail(CO_ENOCONV, "Pareto/NBD: G(%g) is not tried in a pilot (z = %g)", t, z);
    co_pnbd_series S;
    int rc = CO_OK;
    if (co__pnbd_use_quadrature(&f))
        rc = co__pnbd_series_by_quadrature(ser.m, ser.theta, z, w, want_grad, &S);
    else if (!series_logs(&ser, tables ? table_for(tables, !alpha_side, ser.theta, ser.m) : NULL,
                          &S))
        rc = co__fail(CO_ENOCONV, "Pareto/NBD: series for G(%g) did not converge (z = %g)", t, z);
    if (rc != CO_OK)
        return rc;
    const double lM = alpha_side ? tm->la : tm->lb, m = ser.m;
    out->value = -m * lM + S.log_s;
    if (!want_grad)
        return CO_OK;
    const double dm = -lM + S.dm, dtheta = S.dtheta, dz = S.dz;
    /* z = (own rate - other rate) / M: dz/d(own rate) = other / M^2, dz/d(other rate) = -1/M */
    const double d_own = -m / M + dz * other / (M * M), d_other = -dz / M;
    out->d[0] = dm + (alpha_side ? 0.0 : dtheta);
    out->d[2] = dm + (alpha_side ? dtheta : 0.0);
    out->d[1] = alpha_side ? d_own : d_other;
    out->d[3] = alpha_side ? d_other : d_own;
    return CO_OK;
}

/*
 * With B = 1 - G(T)/G(tx) and A = first term / (s G(tx)): Q = s G(tx) (A + B),
 * and A + B >= 1 because s G(T) never exceeds the first term. Written around
 * the larger of the two parts, log Q needs one exp, one expm1 and one log.
 */
void co__pnbd_combine(const double *p, double x, const co_pnbd_time *T, double ls,
                      const co_pnbd_log_g *g_tx, const co_pnbd_log_g *g_T, double log_c,
                      co_pnbd_terms *out)
{
    const double r = p[0], s = p[2];
    const double e1 = -(r + x) * T->la - s * T->lb, log_second = ls + g_tx->value;
    const double minus_b = expm1(g_T->value - g_tx->value), B = minus_b < 0.0 ? -minus_b : 0.0;
    const double d = e1 - log_second;
    double lq, a1;
    if (d > 0.0) { /* around the first term: Q = e^e1 (1 + e^-d B) */
        const double f = exp(-d), q = 1.0 + f * B;
        lq = e1 + log1p(f * B);
        out->alive = 1.0 / q;
        a1 = f / q;
    } else { /* around s G(tx): Q = s G(tx) (A + B) */
        const double A = exp(d), q = A + B;
        lq = log_second + log(q);
        out->alive = A / q;
        a1 = 1.0 / q;
    }
    out->log_l = log_c + lq;
    out->a1 = a1;
    out->a2 = a1 * (1.0 - B); /* s G(T) / Q = s G(tx) / Q * G(T) / G(tx) */
}
