/* Cost of the variance matrix (co_*_uncertainty) against that of the fit.
 *
 * Usage: bench_uncertainty [max_n] [--continuous]
 * Customers as in bench_btyd_fit (CDNOW estimates in days, T in 1..546 days,
 * recency in whole days unless --continuous); Gamma-Gamma spend drawn for the
 * repeat buyers of the BG/NBD sample. Each time is the best of 3 runs, in CPU time of
 * the process (other work on a shared machine does not count). Prints
 * one line per model and size. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "custorient.h"
#include "numeric_internal.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts); /* CPU time: the machine may be shared */
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

typedef struct sample {
    const double *x, *tx, *T, *z;
    size_t n;
} sample;

/* model 0 BG/NBD, 1 Pareto/NBD, 2 Gamma-Gamma; `what` 0 fit, 1 uncertainty. */
static int run(int model, int what, const sample *s, double *p, co_model_uncertainty *u)
{
    if (model == 0) {
        co_bgnbd_params q = {p[0], p[1], p[2], p[3]};
        int rc = what ? co_bgnbd_uncertainty(&q, s->x, s->tx, s->T, NULL, s->n, NULL, u)
                      : co_bgnbd_fit(s->x, s->tx, s->T, NULL, s->n, NULL, &q, NULL);
        memcpy(p, &q, sizeof q);
        return rc;
    }
    if (model == 1) {
        co_paretonbd_params q = {p[0], p[1], p[2], p[3]};
        int rc = what ? co_paretonbd_uncertainty(&q, s->x, s->tx, s->T, NULL, s->n, NULL, u)
                      : co_paretonbd_fit(s->x, s->tx, s->T, NULL, s->n, NULL, &q, NULL);
        memcpy(p, &q, sizeof q);
        return rc;
    }
    co_gammagamma_params q = {p[0], p[1], p[2]};
    int rc = what ? co_gammagamma_uncertainty(&q, s->x, s->z, NULL, s->n, NULL, u)
                  : co_gammagamma_fit(s->x, s->z, NULL, s->n, NULL, &q, NULL);
    memcpy(p, &q, sizeof q);
    return rc;
}

static double best_of_3(int model, int what, const sample *s, double *p, co_model_uncertainty *u)
{
    double best = INFINITY;
    for (int k = 0; k < 3; k++) {
        double t0 = now();
        if (run(model, what, s, p, u) != CO_OK) {
            fprintf(stderr, "failed: %s\n", co_errmsg());
            exit(1);
        }
        double dt = now() - t0;
        best = dt < best ? dt : best;
    }
    return best;
}

int main(int argc, char **argv)
{
    size_t max_n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    int continuous = argc > 2 && strcmp(argv[2], "--continuous") == 0;
    double *T = malloc(max_n * sizeof *T), *x = malloc(max_n * sizeof *x),
           *tx = malloc(max_n * sizeof *tx), *z = malloc(max_n * sizeof *z);
    if (!T || !x || !tx || !z)
        return 1;
    for (size_t i = 0; i < max_n; i++)
        T[i] = (double)(1 + (i * 7919) % 546);
    const co_bgnbd_params bg = {0.243, 4.414 * 7, 0.793, 2.426};
    const co_paretonbd_params pn = {0.553, 10.578 * 7, 0.606, 11.669 * 7};
    static const char *const names[] = {"bgnbd", "paretonbd", "gammagamma"};
    printf("model       n        fit s    variance s  ratio  hessian error\n");
    for (size_t n = 10000; n <= max_n; n *= 10) {
        for (int model = 0; model < 3; model++) {
            int rc = model == 1 ? co_paretonbd_simulate(&pn, T, n, 42, x, tx)
                                : co_bgnbd_simulate(&bg, T, n, 42, x, tx);
            if (rc != CO_OK)
                return 1;
            if (!continuous)
                for (size_t i = 0; i < n; i++)
                    tx[i] = floor(tx[i]);
            if (model == 2) { /* mean of x Gamma(6.25, nu) values, nu ~ Gamma(3.74, rate 15.44) */
                co_rng rng;
                co__rng_seed(&rng, 7);
                for (size_t i = 0; i < n; i++) {
                    const double nu = co__rng_gamma(&rng, 3.74, 1.0 / 15.44);
                    z[i] = x[i] > 0 ? co__rng_gamma(&rng, 6.25 * x[i], 1.0 / (nu * x[i])) : 0.0;
                }
            }
            const sample s = {x, tx, T, z, n};
            double p[4] = {0};
            co_model_uncertainty u = {.size = sizeof u};
            const double fit = best_of_3(model, 0, &s, p, &u);
            const double var = best_of_3(model, 1, &s, p, &u);
            printf("%-10s  %-7zu  %7.4f  %10.4f  %5.2f  %.1e\n", names[model], n, fit, var,
                   var / fit, u.hessian_error);
            fflush(stdout);
        }
    }
    free(T);
    free(x);
    free(tx);
    free(z);
    return 0;
}
