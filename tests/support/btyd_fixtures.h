/* Test fixtures of the purchase models: the CDNOW sample summaries
 * (tests/data/cdnow, 2357 customers, weeks) and a gradient check. */
#ifndef CO_TEST_BTYD_FIXTURES_H
#define CO_TEST_BTYD_FIXTURES_H

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>

#include "btyd_internal.h"
#include "numeric_internal.h"

#define CDNOW_N 2357

/* (x, t_x, T) of four customers for the prediction checks: the first three are
 * CDNOW IDs 3, 1, 2 (cdnow_customers_summary.csv), the fourth a made-up one. */
static const double cx[] = {0, 2, 1, 7}, ctx_[] = {0.0, 30.43, 1.71, 29.43},
                    cT[] = {38.86, 38.86, 38.86, 35.0};

typedef struct cdnow {
    double x[CDNOW_N], tx[CDNOW_N], T[CDNOW_N], zbar[CDNOW_N];
    size_t n;
} cdnow;

/* Reads cdnow_customers_summary_with_transactions.csv: ID,x,t_x,T,zbar. */
static inline void cdnow_load(cdnow *c)
{
    const char *path = CO_TEST_DATA_DIR "/cdnow/cdnow_customers_summary_with_transactions.csv";
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f, "cannot open %s", path);
    char header[128];
    cr_assert_not_null(fgets(header, sizeof header, f));
    c->n = 0;
    int id;
    while (c->n < CDNOW_N && fscanf(f, "%d,%lf,%lf,%lf,%lf", &id, &c->x[c->n], &c->tx[c->n],
                                    &c->T[c->n], &c->zbar[c->n]) == 5)
        c->n++;
    fclose(f);
    cr_assert_eq(c->n, CDNOW_N);
}

static inline void assert_rel(double got, double want, double rel, const char *what)
{
    cr_assert(fabs(got - want) <= rel * fabs(want), "%s: got %.12g, want %.12g (rel %.2g)", what,
              got, want, rel);
}

/* Compare a log-likelihood's analytic gradient with central differences
 * (step 1e-5: the differences' truncation and rounding errors both stay
 * well below the 1e-5 relative tolerance on sums over a few thousand rows). */
typedef struct grad_ctx {
    const co_btyd_data *data;
    co_loglik_fn fn;
} grad_ctx;

static inline int grad_objective(void *vctx, const double *p, double *f, double *g)
{
    const grad_ctx *c = vctx;
    return c->fn(c->data, p, f, g);
}

static inline void check_gradient(const co_btyd_data *d, co_loglik_fn fn, const double *p, size_t k)
{
    grad_ctx ctx = {d, fn};
    double ll, g[4], num[4];
    cr_assert_eq(fn(d, p, &ll, g), CO_OK);
    cr_assert_eq(co__numeric_gradient(grad_objective, &ctx, k, p, 1e-5, num), CO_OK);
    for (size_t i = 0; i < k; i++)
        cr_assert(fabs(g[i] - num[i]) <= 1e-5 * (1.0 + fabs(num[i])),
                  "d/dp%zu: analytic %.10g, numeric %.10g", i, g[i], num[i]);
}

/* Fits this large start from a pilot on a subsample; the estimate must still
 * be a stationary point of the full likelihood (mean gradient in log-params). */
static inline void assert_stationary(co_loglik_fn fn, const double *x, const double *tx,
                                     const double *T, size_t n, const double *est)
{
    co_btyd_data d;
    cr_assert_eq(co__btyd_data_build(&d, x, tx, T, NULL, n), CO_OK);
    double ll, g[4];
    cr_assert_eq(fn(&d, est, &ll, g), CO_OK);
    for (int i = 0; i < 4; i++)
        cr_assert(fabs(g[i] * est[i]) / (double)n < 1e-6, "gradient %d: %g", i,
                  g[i] * est[i] / (double)n);
    co__btyd_data_free(&d);
}

#endif
