/* The per-customer terms of the Pareto/NBD likelihood, shared by the fit
 * (paretonbd_loglik.c) and the predictions (paretonbd.c). */
#ifndef CO_PARETONBD_INTERNAL_H
#define CO_PARETONBD_INTERNAL_H

#include <stddef.h>

#include "btyd_internal.h"

/* log G(t) and its partial derivatives in (r, alpha, s, beta), where
 *   G(t) = int_t^inf (alpha+u)^-(r+x) (beta+u)^-(s+1) du
 * is the weight of dropping out after t without further purchases. */
typedef struct co_pnbd_log_g {
    double value;
    double d[4];
} co_pnbd_log_g;

/* A time with log(alpha + t) and log(beta + t). */
typedef struct co_pnbd_time {
    double t, la, lb;
} co_pnbd_time;

/* The first coefficients of one series, which depend on (theta, m) but not
 * on t: every (x, t) pair of a fit with the same x shares them, and the
 * series then runs without a division per term. Filled on demand. */
#define CO_PNBD_TABLE_TERMS 128
typedef struct co_pnbd_table {
    double theta, m;                       /* the series the entries belong to */
    size_t len;                            /* entries filled */
    double inv_m[CO_PNBD_TABLE_TERMS];     /* 1 / (m + k) */
    double rho[CO_PNBD_TABLE_TERMS];       /* (theta + k) / (k + 1) */
    double inv_theta[CO_PNBD_TABLE_TERMS]; /* 1 / (theta + k) */
} co_pnbd_table;

/* One table for each way of writing G (see paretonbd_terms.c), and how far
 * G is tried: a pilot fit keeps away from the costly corner where one rate
 * is many times the other (z near 1: thousands of terms, or quadrature). */
typedef struct co_pnbd_tables {
    co_pnbd_table side[2];
    double max_z;
} co_pnbd_tables;

void co__pnbd_tables_init(co_pnbd_tables *tables, int pilot);
void co__pnbd_tables_clear(co_pnbd_tables *tables);

/* log S and d log S / d(m, theta, z) for S(m, theta, z) = sum_k (theta)_k/k!
 * z^k/(m+k) = int_0^1 v^(m-1) (1 - z v)^-theta dv. */
typedef struct co_pnbd_series {
    double log_s, dm, dtheta, dz;
} co_pnbd_series;

/* S for 0 < z < 1 (w = 1 - z, given to full precision) by quadrature
 * (paretonbd_quadrature.c). CO_OK or CO_ENOCONV. */
int co__pnbd_series_by_quadrature(double m, double theta, double z, double w, int want_grad,
                                  co_pnbd_series *out);

/* How G(t) is written at parameters p for x purchases (paretonbd_terms.c):
 * G = M^-m S(m, theta, z) on the alpha side (M = alpha + t) or the beta side
 * (M = beta + t), with `other` the other rate + t and w = other / M = 1 - z. */
typedef struct co_pnbd_form {
    int alpha_side;
    double M, other, z, w, theta, m;
} co_pnbd_form;
void co__pnbd_form_at(const double *p, double x, double t, co_pnbd_form *out);

/* 1 where S is summed as an integral (too many terms, or overflowing ones). */
int co__pnbd_use_quadrature(const co_pnbd_form *f);
/* The most terms a series may take before it counts as not converging. */
int co__pnbd_series_max_terms(void);

/* log S, its gradient and its second derivatives in (m, theta, z). */
typedef struct co_pnbd_series2 {
    co_pnbd_series first;
    double mm, mt, mz, tt, tz, zz;
} co_pnbd_series2;

/* The same integral as co__pnbd_series_by_quadrature() with the second
 * derivatives (paretonbd_quadrature.c). CO_OK or CO_ENOCONV. */
int co__pnbd_series2_by_quadrature(double m, double theta, double z, double w,
                                   co_pnbd_series2 *out);

/* tx and T of every row point at one (x, time) pair each, pairs at a distinct
 * time (paretonbd_loglik.c): each drop-out series is summed once per pair.
 * `time` (la, lb) and `g` are refilled at each evaluation. */
typedef struct co_pnbd_pairs {
    co_btyd_times times;
    co_pnbd_time *time;
    size_t n_pairs;
    double *key; /* pair j is (x, time id) = (key[2j], key[2j + 1]) */
    size_t *tx_at, *T_at;
    co_pnbd_log_g *g;
} co_pnbd_pairs;

/* log G(t) at parameters p = (r, alpha, s, beta) for x purchases; the
 * gradient only if `want_grad`. `tables` may be NULL. CO_OK or CO_ENOCONV. */
int co__pnbd_eval_log_g(const double *p, double x, const co_pnbd_time *t, co_pnbd_tables *tables,
                        int want_grad, co_pnbd_log_g *out);

/* Per customer: L = C [ (alpha+T)^-(r+x) (beta+T)^-s + s (G(tx) - G(T)) ],
 * C = Gamma(r+x) alpha^r beta^s / Gamma(r). The parts of log L and the
 * weights of its two terms, for the gradient and P(alive). */
typedef struct co_pnbd_terms {
    double log_l;  /* log L */
    double alive;  /* share of the first term: P(alive at T | history) */
    double a1, a2; /* s G(tx) / Q, s G(T) / Q (each <= 2, see docs/models.md) */
} co_pnbd_terms;

/* `log_c` = log C; ls = log(s). */
void co__pnbd_combine(const double *p, double x, const co_pnbd_time *T, double ls,
                      const co_pnbd_log_g *g_tx, const co_pnbd_log_g *g_T, double log_c,
                      co_pnbd_terms *out);

#endif
