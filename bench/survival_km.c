/* Kaplan-Meier fit on 1M durations (whole days and continuous, 30% censored),
 * timing co_km_fit alone and with the columns copied out. Best of 5 runs.
 * Build with the release preset; run build/release/bench/bench_survival_km. */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "custorient.h"
#include "numeric_internal.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void run(const char *label, const double *d, const uint8_t *e, size_t n)
{
    double best_fit = INFINITY, best_all = INFINITY;
    size_t rows = 0;
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now();
        co_km *km = NULL;
        if (co_km_fit(d, e, n, NULL, &km) != CO_OK) {
            fprintf(stderr, "fit failed: %s\n", co_errmsg());
            exit(1);
        }
        double t1 = now();
        rows = co_km_count(km);
        double *cols = malloc(5 * rows * sizeof *cols);
        co_km_columns(km, cols, cols + rows, cols + 2 * rows, cols + 3 * rows, cols + 4 * rows);
        double t2 = now();
        free(cols);
        co_km_free(km);
        best_fit = fmin(best_fit, t1 - t0);
        best_all = fmin(best_all, t2 - t0);
    }
    printf("%-28s n=%zu rows=%zu fit %.1f ms, fit+columns %.1f ms\n", label, n, rows,
           best_fit * 1e3, best_all * 1e3);
}

int main(void)
{
    enum { N = 1000000 };
    double *whole = malloc(N * sizeof *whole), *cont = malloc(N * sizeof *cont);
    uint8_t *e = malloc(N);
    co_rng rng;
    co__rng_seed(&rng, 42);
    for (size_t i = 0; i < N; i++) {
        cont[i] = co__rng_exponential(&rng, 1.0 / 400.0);
        whole[i] = floor(cont[i]);
        e[i] = co__rng_uniform(&rng) > 0.3;
    }
    run("whole-day durations", whole, e, N);
    run("continuous durations", cont, e, N);
    free(whole);
    free(cont);
    free(e);
    return 0;
}
