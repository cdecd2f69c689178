#define _POSIX_C_SOURCE 200809L
/* Store micro-benchmark: insert and look up N customers through the C API,
 * and the memory the store holds per customer (counted by a wrapping
 * allocator). Run: build/release/bench/bench_store_insert [N] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "custorient.h"

static size_t live_bytes, peak_bytes;

/* Each block carries its size in a 16-byte header so frees can be counted. */
static void *counting_malloc(void *ctx, size_t n)
{
    (void)ctx;
    size_t *p = malloc(n + 16);
    if (!p)
        return NULL;
    *p = n;
    live_bytes += n;
    if (live_bytes > peak_bytes)
        peak_bytes = live_bytes;
    return (char *)p + 16;
}

static void counting_free(void *ctx, void *ptr)
{
    (void)ctx;
    if (!ptr)
        return;
    size_t *p = (size_t *)(void *)((char *)ptr - 16);
    live_bytes -= *p;
    free(p);
}

static void *counting_realloc(void *ctx, void *ptr, size_t n)
{
    if (!ptr)
        return counting_malloc(ctx, n);
    size_t *p = (size_t *)(void *)((char *)ptr - 16);
    size_t old = *p;
    size_t *q = realloc(p, n + 16);
    if (!q)
        return NULL;
    *q = n;
    live_bytes = live_bytes - old + n;
    if (live_bytes > peak_bytes)
        peak_bytes = live_bytes;
    return (char *)q + 16;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    co_allocator a = {counting_malloc, counting_realloc, counting_free, NULL};
    co_set_allocator(&a);
    co_store *s;
    if (co_store_new(&s) != CO_OK)
        return 1;
    char id[32], email[48];
    double t0 = now();
    for (size_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, "C%09zu", i);
        snprintf(email, sizeof email, "user%zu@example.com", i);
        co_customer_input c = {sizeof c, id, "Jane Doe", email, 19000, "retail",
                               NULL,     0,  NULL,       NULL,  0};
        if (co_store_add_customer(s, &c, NULL) != CO_OK)
            return 1;
    }
    double t1 = now();
    size_t found = 0, at;
    for (size_t i = 0; i < n; i++) {
        snprintf(id, sizeof id, "C%09zu", (i * 7919) % n);
        found += co_store_find(s, id, &at) == CO_OK;
    }
    double t2 = now();
    printf("customers %zu\ninsert_ns_per_customer %.1f\nlookup_ns_per_customer %.1f\n"
           "bytes_per_customer %.1f\npeak_bytes_per_customer %.1f\nfound %zu\n",
           n, 1e9 * (t1 - t0) / (double)n, 1e9 * (t2 - t1) / (double)n,
           (double)live_bytes / (double)n, (double)peak_bytes / (double)n, found);
    co_store_free(s);
    co_set_allocator(NULL);
    return found == n ? 0 : 1;
}
