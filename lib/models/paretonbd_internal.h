/* The per-customer terms of the Pareto/NBD likelihood, shared by the fit
 * (paretonbd_loglik.c) and the predictions (paretonbd.c). */
#ifndef CO_PARETONBD_INTERNAL_H
#define CO_PARETONBD_INTERNAL_H

#include <stddef.h>

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
