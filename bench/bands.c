/* Cost of the prediction bands (co_*_band) on a large customer base.
 *
 * Usage: bench_bands [n] [draws] [threads] [bgnbd|paretonbd|all] [clv]
 * Customers as in bench_uncertainty: BG/NBD (or Pareto/NBD) simulated at the CDNOW
 * estimates in days, T in 1..546 days, recency in whole days, so histories repeat as
 * they do in real data. The model is fitted, its variance matrix computed, then each
 * band timed once (90% level, seed 1); with `clv` also the 12-month CLV band. Prints one
 * line per band with its wall and CPU time (all threads). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "custorient.h"

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Wall time, and the CPU time of all threads: on a shared machine the latter
 * says what the work costs when the wall clock waits for other programs. */
static double cpu0;
static int with_clv;
static double now(void)
{
    cpu0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    return clock_s(CLOCK_MONOTONIC);
}

static void die(const char *what)
{
    fprintf(stderr, "%s failed: %s\n", what, co_errmsg());
    exit(1);
}

typedef struct base {
    double *x, *tx, *T, *t, *lo, *hi;
    size_t n;
} base;

/* One line for a band started at wall time t0 (from now()). */
static void report(const char *name, const base *b, const co_band_options *o, double t0,
                   size_t distinct)
{
    const double secs = clock_s(CLOCK_MONOTONIC) - t0;
    double width = 0;
    for (size_t i = 0; i < b->n; i++)
        width += (b->hi[i] - b->lo[i]) / (double)b->n;
    const double cpu = clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
    printf("%-22s n %zu  distinct %zu  draws %zu  threads %zu  wall %8.3f s  cpu %8.3f s  "
           "mean width %.4g\n",
           name, b->n, distinct, o->draws, o->threads, secs, cpu, width);
    fflush(stdout);
}

/* The 12-month CLV band with the CDNOW Gamma-Gamma figures (uncertainty_reference.out)
 * and mean spends of whole currency units 5..104 for the repeat buyers. */
static void clv(base *b, const co_band_options *o, const co_model_uncertainty *purchases,
                int paretonbd, size_t distinct)
{
    static const double est[3] = {6.24880269493, 3.7445884393, 15.4477472178};
    static const double cov[3][3] = {{1.41535128548, -0.231906143155, -4.8020516911},
                                     {-0.231906143155, 0.0841959415977, 0.992220884019},
                                     {-4.8020516911, 0.992220884019, 17.3054971934}};
    co_model_uncertainty spend;
    memset(&spend, 0, sizeof spend);
    spend.size = sizeof spend;
    spend.n_params = 3;
    memcpy(spend.estimate, est, sizeof est);
    for (int i = 0; i < 3; i++)
        memcpy(spend.variance[i], cov[i], sizeof cov[i]);
    for (size_t i = 0; i < b->n; i++)
        b->t[i] = b->x[i] > 0 ? (double)(5 + (i * 7907) % 100) : 0.0;
    co_clv_options c;
    co_clv_options_init(&c, sizeof c);
    const double t0 = now();
    const int rc = paretonbd ? co_paretonbd_clv_band(purchases, &spend, b->x, b->tx, b->T, b->t,
                                                     b->n, &c, o, b->lo, b->hi)
                             : co_bgnbd_clv_band(purchases, &spend, b->x, b->tx, b->T, b->t, b->n,
                                                 &c, o, b->lo, b->hi);
    if (rc != CO_OK)
        die("CLV band");
    report(paretonbd ? "paretonbd_clv_12m" : "bgnbd_clv_12m", b, o, t0, distinct);
    for (size_t i = 0; i < b->n; i++)
        b->t[i] = 90.0;
}

static void bgnbd(base *b, const co_band_options *o)
{
    co_bgnbd_params p = {0.243, 4.414 * 7, 0.793, 2.426};
    if (co_bgnbd_simulate(&p, b->T, b->n, 42, b->x, b->tx) != CO_OK)
        die("simulate");
    for (size_t i = 0; i < b->n; i++)
        b->tx[i] = floor(b->tx[i]);
    co_btyd_fit_info info = {.size = sizeof info};
    co_model_uncertainty u = {.size = sizeof u};
    if (co_bgnbd_fit(b->x, b->tx, b->T, NULL, b->n, NULL, &p, &info) != CO_OK)
        die("BG/NBD fit");
    if (co_bgnbd_uncertainty(&p, b->x, b->tx, b->T, NULL, b->n, NULL, &u) != CO_OK)
        die("BG/NBD uncertainty");
    double t0 = now();
    if (co_bgnbd_probability_alive_band(&u, b->x, b->tx, b->T, b->n, o, b->lo, b->hi) != CO_OK)
        die("band");
    report("bgnbd_p_alive", b, o, t0, info.distinct_rows);
    t0 = now();
    if (co_bgnbd_conditional_expected_purchases_band(&u, b->t, b->x, b->tx, b->T, b->n, o, b->lo,
                                                     b->hi) != CO_OK)
        die("band");
    report("bgnbd_expected_90d", b, o, t0, info.distinct_rows);
    if (with_clv)
        clv(b, o, &u, 0, info.distinct_rows);
}

static void paretonbd(base *b, const co_band_options *o)
{
    co_paretonbd_params p = {0.553, 10.578 * 7, 0.606, 11.669 * 7};
    if (co_paretonbd_simulate(&p, b->T, b->n, 42, b->x, b->tx) != CO_OK)
        die("simulate");
    for (size_t i = 0; i < b->n; i++)
        b->tx[i] = floor(b->tx[i]);
    co_btyd_fit_info info = {.size = sizeof info};
    co_model_uncertainty u = {.size = sizeof u};
    if (co_paretonbd_fit(b->x, b->tx, b->T, NULL, b->n, NULL, &p, &info) != CO_OK)
        die("Pareto/NBD fit");
    if (co_paretonbd_uncertainty(&p, b->x, b->tx, b->T, NULL, b->n, NULL, &u) != CO_OK)
        die("Pareto/NBD uncertainty");
    double t0 = now();
    if (co_paretonbd_probability_alive_band(&u, b->x, b->tx, b->T, b->n, o, b->lo, b->hi) != CO_OK)
        die("band");
    report("paretonbd_p_alive", b, o, t0, info.distinct_rows);
    t0 = now();
    if (co_paretonbd_conditional_expected_purchases_band(&u, b->t, b->x, b->tx, b->T, b->n, o,
                                                         b->lo, b->hi) != CO_OK)
        die("band");
    report("paretonbd_expected_90d", b, o, t0, info.distinct_rows);
    if (with_clv)
        clv(b, o, &u, 1, info.distinct_rows);
}

int main(int argc, char **argv)
{
    base b = {0};
    b.n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    co_band_options o;
    co_band_options_init(&o, sizeof o);
    o.draws = argc > 2 ? (size_t)strtoull(argv[2], NULL, 10) : 500;
    o.threads = argc > 3 ? (size_t)strtoull(argv[3], NULL, 10) : 1;
    o.level = 0.90;
    const char *which = argc > 4 ? argv[4] : "all";
    with_clv = argc > 5 && strcmp(argv[5], "clv") == 0;
    double **cols[] = {&b.x, &b.tx, &b.T, &b.t, &b.lo, &b.hi};
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
        if (!(*cols[c] = malloc(b.n * sizeof **cols[c])))
            return 1;
    for (size_t i = 0; i < b.n; i++) {
        b.T[i] = (double)(1 + (i * 7919) % 546);
        b.t[i] = 90.0;
    }
    if (strcmp(which, "paretonbd") != 0)
        bgnbd(&b, &o);
    if (strcmp(which, "bgnbd") != 0)
        paretonbd(&b, &o);
    for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
        free(*cols[c]);
    return 0;
}
