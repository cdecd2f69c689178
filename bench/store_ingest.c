#define _POSIX_C_SOURCE 200809L
/* Ingest profile: import customers.csv and orders.csv into a store and
 * compute the summary, timing each phase (best of `repeat` runs). Meant for
 * `perf record` on the release build; store_bench.py compares with pandas.
 * Run: build/release/bench/bench_store_ingest DIR [repeat]
 * (DIR holds customers.csv and orders.csv, e.g. exported by custorient). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "custorient.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void check(int rc)
{
    if (rc < 0) {
        fprintf(stderr, "failed: %s\n", co_errmsg());
        exit(1);
    }
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DIR [repeat]\n", argv[0]);
        return 2;
    }
    int repeat = argc > 2 ? atoi(argv[2]) : 3;
    char customers[4096], orders[4096];
    snprintf(customers, sizeof customers, "%s/customers.csv", argv[1]);
    snprintf(orders, sizeof orders, "%s/orders.csv", argv[1]);
    co_day as_of;
    check(co_date_parse("2024-12-31", 10, &as_of));
    double best[4] = {1e9, 1e9, 1e9, 1e9};
    for (int k = 0; k < repeat; k++) {
        co_store *s;
        co_summary *sum;
        double t0 = now();
        check(co_store_new(&s));
        check(co_store_import_csv(s, CO_RECORD_CUSTOMERS, customers, NULL, NULL));
        double t1 = now();
        check(co_store_import_csv(s, CO_RECORD_ORDERS, orders, NULL, NULL));
        double t2 = now();
        check(co_store_summary(s, as_of, CO_UNIT_DAYS, &sum));
        double t3 = now();
        co_summary_free(sum);
        co_store_free(s);
        double t4 = now();
        double t[4] = {t1 - t0, t2 - t1, t3 - t2, t4 - t0};
        for (int i = 0; i < 4; i++)
            if (t[i] < best[i])
                best[i] = t[i];
    }
    printf("customers %.3f s   orders %.3f s   summary %.3f s   total (with free) %.3f s\n",
           best[0], best[1], best[2], best[3]);
    return 0;
}
