/* Fit time of the Pareto/NBD and BG/NBD with covariates on simulated customers.
 *
 * Usage: bench_btyd_covariates [n] [--continuous|--discrete] [threads]
 * Three covariates enter both processes (k_purchase = k_dropout = 3): two
 * indicators (a detractor answer, an open complaint; 20% and 10% of customers)
 * and a rating with 5 levels; --continuous makes the third a standard normal, so
 * that no two customers share their covariates. Customers are simulated from
 * the model at the CDNOW estimates in days with known coefficients, T whole days
 * in 1..546 and recency rounded down to whole days. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "custorient.h"

/* Wall time, and the process's CPU time (the machine may be shared). */
static double now(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* A small deterministic generator for the covariates (splitmix64). */
static double uniform(unsigned long long *s)
{
    unsigned long long z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return ((double)(z >> 11) + 0.5) / 9007199254740992.0;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    int continuous = argc > 2 && strcmp(argv[2], "--continuous") == 0;
    co_covariate_fit_options opt;
    co_covariate_fit_options_init(&opt, sizeof opt);
    opt.threads = argc > 3 ? (size_t)strtoull(argv[3], NULL, 10) : 1;
    double *T = malloc(n * sizeof *T), *x = malloc(n * sizeof *x), *tx = malloc(n * sizeof *tx);
    double *z = malloc(3 * n * sizeof *z);
    if (!T || !x || !tx || !z)
        return 1;
    unsigned long long seed = 7;
    for (size_t i = 0; i < n; i++) {
        T[i] = (double)(1 + (i * 7919) % 546);
        z[3 * i] = uniform(&seed) < 0.2;
        z[3 * i + 1] = uniform(&seed) < 0.1;
        const double u = uniform(&seed);
        z[3 * i + 2] = continuous ? sqrt(-2.0 * log(u)) * cos(6.283185307179586 * uniform(&seed))
                                  : floor(5.0 * u) - 2.0;
    }
    co_btyd_covariates cov;
    co_btyd_covariates_init(&cov, sizeof cov);
    cov.k_purchase = cov.k_dropout = 3;
    cov.purchase = cov.dropout = z;
    /* purchase -0.3, -0.2, 0.1; drop-out 0.7, 0.5, -0.2 (BG/NBD: on a; b -0.3, 0, 0.1) */
    const double pn[] = {0.553, 10.578 * 7, 0.606, 11.669 * 7, -0.3, -0.2, 0.1, 0.7, 0.5, -0.2};
    const double bg[] = {0.243, 4.414 * 7, 0.793, 2.426, -0.3, -0.2, 0.1,
                         0.7,   0.5,       -0.2,  -0.3,  0.0,  0.1};
    printf("model       n        distinct  wall s   cpu s    iterations  loglik\n");
    for (int model = 0; model < 2; model++) {
        const co_btyd_model_kind kind = model == 0 ? CO_BTYD_BGNBD : CO_BTYD_PARETONBD;
        for (size_t i = 0; i < n; i++) {
            co_btyd_model m;
            if (co_btyd_cov_customer_model(kind, model == 0 ? bg : pn, &cov, i, &m) != CO_OK)
                return 1;
            const double *q = m.param;
            const co_bgnbd_params b = {q[0], q[1], q[2], q[3]};
            const co_paretonbd_params p = {q[0], q[1], q[2], q[3]};
            int rc = model == 0 ? co_bgnbd_simulate(&b, &T[i], 1, 42 + i, &x[i], &tx[i])
                                : co_paretonbd_simulate(&p, &T[i], 1, 42 + i, &x[i], &tx[i]);
            if (rc != CO_OK)
                return 1;
            tx[i] = floor(tx[i]);
        }
        double est[13];
        co_btyd_fit_info info = {.size = sizeof info};
        const double t0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        int rc = co_btyd_cov_fit(kind, x, tx, T, NULL, n, &cov, &opt, est, &info);
        const double dt = now(CLOCK_MONOTONIC) - t0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
        if (rc != CO_OK) {
            fprintf(stderr, "fit failed: %s\n", co_errmsg());
            return 1;
        }
        printf("%-11s %-8zu %-9zu %-8.2f %-8.2f %-11zu %.1f\n",
               model == 0 ? "BG/NBD" : "Pareto/NBD", n, info.distinct_rows, dt, cpu,
               info.iterations, info.log_likelihood);
        printf("  coefficients:");
        for (size_t j = 4; j < co_btyd_cov_n_params(kind, &cov); j++)
            printf(" %.3f", est[j]);
        printf("\n");
    }
    free(T);
    free(x);
    free(tx);
    free(z);
    return 0;
}
