/* Sorting the rows of one purchase count by (tx, T): the canonical order of
 * merged histories (btyd_data.c). Two ways: a quicksort of rows already made
 * distinct by hashing, and, when the histories hardly repeat, a stable bucket
 * sort of all rows whose neighbours then merge (no hashing at all). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "btyd_internal.h"
#include "index_map_internal.h"

/* (tx, T) ascending: the order of rows within a purchase count. */
static int row_before(const co_btyd_row *a, const co_btyd_row *b)
{
    return a->tx < b->tx || (a->tx == b->tx && a->T < b->T);
}

static int row_time_cmp(const void *pa, const void *pb)
{
    const co_btyd_row *a = pa, *b = pb;
    return row_before(a, b) ? -1 : row_before(b, a);
}

static void swap_rows(co_btyd_row *a, co_btyd_row *b)
{
    co_btyd_row t = *a;
    *a = *b;
    *b = t;
}

/* Stable for equal (tx, T): a row moves only past rows strictly after it. */
static void insertion_sort(co_btyd_row *r, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        const co_btyd_row v = r[i];
        size_t k = i;
        for (; k > 0 && row_before(&v, &r[k - 1]); k--)
            r[k] = r[k - 1];
        r[k] = v;
    }
}

/* A quicksort with the comparison inline (libc's qsort() calls through a pointer
 * and copies through memcpy, which tripled the cost of merging), median-of-three
 * pivots, insertion sort for short runs, and qsort() beyond `depth` levels so
 * that no input takes quadratic time. Not stable: for distinct rows. */
static void quicksort(co_btyd_row *r, size_t n, int depth)
{
    while (n > 16) {
        if (depth-- == 0) {
            qsort(r, n, sizeof *r, row_time_cmp);
            return;
        }
        const size_t m = n / 2;
        if (row_before(&r[m], &r[0]))
            swap_rows(&r[m], &r[0]);
        if (row_before(&r[n - 1], &r[0]))
            swap_rows(&r[n - 1], &r[0]);
        if (row_before(&r[n - 1], &r[m]))
            swap_rows(&r[n - 1], &r[m]);
        const co_btyd_row pivot = r[m];
        size_t i = 0, j = n - 1; /* Hoare: r[0] <= pivot <= r[n - 1] stop both scans */
        for (;;) {
            while (row_before(&r[i], &pivot))
                i++;
            while (row_before(&pivot, &r[j]))
                j--;
            if (i >= j)
                break;
            swap_rows(&r[i++], &r[j--]);
        }
        const size_t left = j + 1; /* [0, left) <= pivot <= [left, n) */
        if (left < n - left) {
            quicksort(r, left, depth);
            r += left;
            n -= left;
        } else {
            quicksort(r + left, n - left, depth);
            n = left;
        }
    }
    insertion_sort(r, n);
}

void co__btyd_sort_distinct(co_btyd_row *rows, size_t n) { quicksort(rows, n, 64); }

/* Stable merge sort of r[0, n) with scratch aux[0, n). */
static void merge_sort(co_btyd_row *r, co_btyd_row *aux, size_t n)
{
    if (n <= 32) {
        insertion_sort(r, n);
        return;
    }
    const size_t h = n / 2;
    merge_sort(r, aux, h);
    merge_sort(r + h, aux + h, n - h);
    memcpy(aux, r, n * sizeof *r);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) /* ties take the left run first: stable */
        r[k++] = row_before(&aux[j], &aux[i]) ? aux[j++] : aux[i++];
    while (i < h)
        r[k++] = aux[i++];
    while (j < n)
        r[k++] = aux[j++];
}

/* A systematic sample of this many rows decides whether (tx, T) repeat; its
 * distinct pairs go to an open-addressing set twice its size on the stack. */
#define PAIRS_SAMPLE 1024
#define PAIRS_SLOTS (2 * PAIRS_SAMPLE)

int co__btyd_pairs_repeat(const co_btyd_row *rows, size_t n)
{
    const size_t stride = n > PAIRS_SAMPLE ? n / PAIRS_SAMPLE : 1;
    uint32_t slot_of[PAIRS_SLOTS];
    unsigned char used[PAIRS_SLOTS] = {0};
    size_t distinct = 0, sampled = 0;
    for (size_t i = 0; i < n && sampled < PAIRS_SAMPLE; i += stride, sampled++) {
        size_t k = co__hash_doubles(&rows[i].tx, 2) & (PAIRS_SLOTS - 1);
        while (used[k] && (rows[slot_of[k]].tx != rows[i].tx || rows[slot_of[k]].T != rows[i].T))
            k = (k + 1) & (PAIRS_SLOTS - 1);
        if (!used[k]) {
            used[k] = 1;
            slot_of[k] = (uint32_t)i;
            distinct++;
        }
    }
    /* more than an eighth of the sample repeated: hashing merges more cheaply */
    return 8 * (sampled - distinct) > sampled;
}

/* Bucket of a key: (v - lo) * scale rounded down is monotone in v, so the
 * buckets are in key order. */
static size_t bucket_of(double v, double lo, double scale, size_t nb)
{
    const size_t j = (size_t)((v - lo) * scale);
    return j < nb ? j : nb - 1;
}

size_t co__btyd_sort_merge(co_btyd_row *src, size_t n, co_btyd_row *dst, size_t *count,
                           co_btyd_row *out)
{
    /* the key that spreads the rows: tx, or T when every tx is the same (x = 0) */
    double lo = src[0].tx, hi = lo;
    for (size_t i = 1; i < n; i++) {
        lo = src[i].tx < lo ? src[i].tx : lo;
        hi = src[i].tx > hi ? src[i].tx : hi;
    }
    const int by_T = lo == hi;
    if (by_T) {
        lo = hi = src[0].T;
        for (size_t i = 1; i < n; i++) {
            lo = src[i].T < lo ? src[i].T : lo;
            hi = src[i].T > hi ? src[i].T : hi;
        }
    }
    const double scale = (double)n / (hi - lo);
    if (n <= 32 || !(scale < INFINITY)) { /* one bucket: all of the key equal, or tiny */
        memcpy(dst, src, n * sizeof *src);
        merge_sort(dst, src, n);
    } else {
        /* counting sort by bucket (stable), then each bucket sorted (stable) */
        memset(count, 0, (n + 1) * sizeof *count);
        for (size_t i = 0; i < n; i++)
            count[bucket_of(by_T ? src[i].T : src[i].tx, lo, scale, n) + 1]++;
        for (size_t j = 1; j <= n; j++)
            count[j] += count[j - 1];
        for (size_t i = 0; i < n; i++)
            dst[count[bucket_of(by_T ? src[i].T : src[i].tx, lo, scale, n)]++] = src[i];
        /* count[j] is now the end of bucket j */
        for (size_t j = 0, first = 0; j < n; first = count[j++])
            if (count[j] - first > 1)
                merge_sort(dst + first, src + first, count[j] - first);
    }
    /* Identical rows are neighbours, in input order: their weights add up in
     * the order the hashing merge adds them. */
    size_t k = 0;
    out[0] = dst[0];
    for (size_t i = 1; i < n; i++) {
        if (dst[i].tx == out[k].tx && dst[i].T == out[k].T)
            out[k].w += dst[i].w;
        else
            out[++k] = dst[i];
    }
    return k + 1;
}
