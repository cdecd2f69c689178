/* Fit time of the BG/NBD and Pareto/NBD on simulated customers.
 *
 * Usage: bench_btyd_fit [max_n] [--continuous]
 * Customers are simulated from the CDNOW estimates converted to days, with
 * T a whole number of days in 1..546 and recency rounded down to whole days
 * (summaries of dated transactions); --continuous keeps exact times, where
 * no two customers share a history. Prints one line per model and size. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "custorient.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    size_t max_n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    int continuous = argc > 2 && strcmp(argv[2], "--continuous") == 0;
    double *T = malloc(max_n * sizeof *T), *x = malloc(max_n * sizeof *x),
           *tx = malloc(max_n * sizeof *tx);
    if (!T || !x || !tx)
        return 1;
    for (size_t i = 0; i < max_n; i++)
        T[i] = (double)(1 + (i * 7919) % 546);
    const co_bgnbd_params bg = {0.243, 4.414 * 7, 0.793, 2.426};
    const co_paretonbd_params pn = {0.553, 10.578 * 7, 0.606, 11.669 * 7};
    printf("model       n        distinct  seconds  iterations  loglik\n");
    for (size_t n = 10000; n <= max_n; n *= 10) {
        for (int model = 0; model < 2; model++) {
            int rc = model == 0 ? co_bgnbd_simulate(&bg, T, n, 42, x, tx)
                                : co_paretonbd_simulate(&pn, T, n, 42, x, tx);
            if (rc != CO_OK)
                return 1;
            if (!continuous)
                for (size_t i = 0; i < n; i++)
                    tx[i] = floor(tx[i]);
            for (size_t i = 0; i < n; i++)
                if (x[i] > 0 && tx[i] == 0)
                    tx[i] = 0; /* same-day repeat purchases stay at 0 */
            co_btyd_fit_info info = {.size = sizeof info};
            double t0 = now();
            if (model == 0) {
                co_bgnbd_params p;
                rc = co_bgnbd_fit(x, tx, T, NULL, n, NULL, &p, &info);
            } else {
                co_paretonbd_params p;
                rc = co_paretonbd_fit(x, tx, T, NULL, n, NULL, &p, &info);
            }
            double dt = now() - t0;
            if (rc != CO_OK) {
                fprintf(stderr, "fit failed: %s\n", co_errmsg());
                return 1;
            }
            printf("%-10s  %-7zu  %-8zu  %7.3f  %10zu  %.2f\n", model ? "paretonbd" : "bgnbd", n,
                   info.distinct_rows, dt, info.iterations, info.log_likelihood);
            fflush(stdout);
        }
    }
    free(T);
    free(x);
    free(tx);
    return 0;
}
