/* The streaming order summary over CSV files: CPU seconds, MB/s per core and
 * peak memory. `gen` writes test files of random, unsorted orders.
 *
 *   bench_stream_summary gen ORDERS CUSTOMERS FILE   # write ORDERS rows
 *   bench_stream_summary run AS_OF FILE...           # summarise, AS_OF as YYYY-MM-DD
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "custorient.h"

static uint64_t next(uint64_t *x) /* xorshift64* */
{
    *x ^= *x >> 12;
    *x ^= *x << 25;
    *x ^= *x >> 27;
    return *x * 2685821657736338717ull;
}

static int generate(uint64_t orders, uint64_t customers, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 1;
    setvbuf(f, NULL, _IOFBF, 1 << 20);
    fputs("order_id,customer_id,date,amount\n", f);
    uint64_t x = 88172645463325252ull;
    co_day start = 18262; /* 2020-01-01: four years of days */
    for (uint64_t i = 0; i < orders; i++) {
        uint64_t r = next(&x);
        char date[11];
        co_date_format(start + (co_day)(r % 1461), date);
        uint64_t cents = 100 + (r >> 20) % 20000;
        fprintf(f, "O%09llu,C%08llu,%s,%llu.%02llu\n", (unsigned long long)i,
                (unsigned long long)((r >> 11) % customers), date,
                (unsigned long long)(cents / 100), (unsigned long long)(cents % 100));
    }
    return fclose(f) != 0;
}

/* FNV-1a over bytes: a digest of the whole summary, to compare two builds bit for bit. */
static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ ((const unsigned char *)p)[i]) * 0x100000001b3ull;
    return h;
}

static uint64_t digest(const co_stream_summary *s)
{
    const co_summary *r = co_stream_summary_rows(s);
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < co_stream_summary_count(s); i++) {
        const char *id = NULL;
        co_stream_summary_get_customer(s, i, &id);
        h = fnv(h, id, strlen(id) + 1);
    }
    h = fnv(h, r->customer, r->n * sizeof *r->customer);
    h = fnv(h, r->frequency, r->n * sizeof *r->frequency);
    h = fnv(h, r->recency, r->n * sizeof *r->recency);
    h = fnv(h, r->T, r->n * sizeof *r->T);
    h = fnv(h, r->monetary_value, r->n * sizeof *r->monetary_value);
    h = fnv(h, r->total_spend, r->n * sizeof *r->total_spend);
    h = fnv(h, r->orders, r->n * sizeof *r->orders);
    h = fnv(h, r->days_since_last, r->n * sizeof *r->days_since_last);
    h = fnv(h, r->first_order, r->n * sizeof *r->first_order);
    h = fnv(h, r->last_order, r->n * sizeof *r->last_order);
    return fnv(h, r->order_count, r->n * sizeof *r->order_count);
}

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* User and system CPU seconds of the process so far (page faults and the
 * copies of read() are system time, and vary most from run to run). */
static void user_system(double *user, double *sys)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    *user = (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec;
    *sys = (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

static double wall_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc == 5 && strcmp(argv[1], "gen") == 0)
        return generate(strtoull(argv[2], NULL, 10), strtoull(argv[3], NULL, 10), argv[4]);
    if (argc < 4 || strcmp(argv[1], "run") != 0) {
        fprintf(stderr, "usage: %s gen ORDERS CUSTOMERS FILE | run AS_OF FILE...\n", argv[0]);
        return 2;
    }
    co_stream_options o;
    co_stream_options_init(&o, sizeof o);
    if (co_date_parse(argv[2], strlen(argv[2]), &o.as_of) < 0) {
        fprintf(stderr, "bad as-of day %s\n", argv[2]);
        return 2;
    }
    double bytes = 0;
    for (int i = 3; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0)
            bytes += (double)st.st_size;
    }
    co_stream_summary *s = NULL;
    double u0, s0, u1, s1;
    user_system(&u0, &s0);
    double c0 = cpu_seconds(), w0 = wall_seconds();
    int rc =
        co_stream_summarize_orders((const char *const *)(argv + 3), (size_t)(argc - 3), &o, &s);
    double cpu = cpu_seconds() - c0, wall = wall_seconds() - w0;
    user_system(&u1, &s1);
    if (rc < 0) {
        fprintf(stderr, "%s\n", co_errmsg());
        return 1;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double sum = 0;
    const co_summary *r = co_stream_summary_rows(s);
    for (size_t k = 0; k < r->n; k++)
        sum += r->frequency[k];
    printf("%.0f MB, %zu customers, %zu rows, sum of frequency %.0f, digest %016llx\n", bytes / 1e6,
           co_stream_summary_count(s), r->n, sum, (unsigned long long)digest(s));
    printf("cpu %.3f s (%.0f MB/s per core; user %.3f, system %.3f), wall %.3f s, peak RSS %.0f "
           "MB\n",
           cpu, bytes / 1e6 / cpu, u1 - u0, s1 - s0, wall, (double)ru.ru_maxrss / 1024.0);
    co_stream_summary_free(s);
    return 0;
}
