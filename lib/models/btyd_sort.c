/* Sorting the rows of one purchase count by (tx, T): the canonical order of
 * merged histories (btyd_data.c). Two ways: a quicksort of rows already made
 * distinct by hashing, and, when the histories hardly repeat, a stable sort of
 * rows already bucket-sorted by their first key, whose neighbours then merge
 * (no hashing at all). */
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

int co__btyd_sort_nearly(co_btyd_row *r, size_t n, size_t budget)
{
    size_t moves = 0;
    for (size_t i = 1; i < n; i++) {
        const co_btyd_row v = r[i];
        size_t k = i;
        for (; k > 0 && row_before(&v, &r[k - 1]); k--)
            r[k] = r[k - 1];
        r[k] = v;
        moves += i - k;
        if (moves > budget)
            return 0;
    }
    return 1;
}

/* Stable for equal (tx, T): a row moves only past rows strictly after it. */
static void insertion_sort(co_btyd_row *r, size_t n) { (void)co__btyd_sort_nearly(r, n, SIZE_MAX); }

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

int co__btyd_pairs_repeat(const double *tx, const double *T, size_t n)
{
    const size_t stride = n > PAIRS_SAMPLE ? n / PAIRS_SAMPLE : 1;
    double pair[PAIRS_SLOTS][2];
    unsigned char used[PAIRS_SLOTS] = {0};
    size_t distinct = 0, sampled = 0;
    for (size_t i = 0; i < n && sampled < PAIRS_SAMPLE; i += stride, sampled++) {
        /* + 0.0: -0.0 and 0.0 are the same time */
        const double v[2] = {(tx ? tx[i] : 0.0) + 0.0, (T ? T[i] : 0.0) + 0.0};
        size_t k = co__hash_doubles(v, 2) & (PAIRS_SLOTS - 1);
        while (used[k] && (pair[k][0] != v[0] || pair[k][1] != v[1]))
            k = (k + 1) & (PAIRS_SLOTS - 1);
        if (!used[k]) {
            used[k] = 1;
            pair[k][0] = v[0];
            pair[k][1] = v[1];
            distinct++;
        }
    }
    /* more than an eighth of the sample repeated: hashing merges more cheaply */
    return 8 * (sampled - distinct) > sampled;
}

void co__btyd_sort_stable(co_btyd_row *rows, co_btyd_row *aux, size_t n)
{
    merge_sort(rows, aux, n);
}

size_t co__btyd_merge_neighbours(const co_btyd_row *src, size_t n, co_btyd_row *out)
{
    /* Identical rows are neighbours, in input order: their weights add up in
     * the order the hashing merge adds them. out <= src: each row is read
     * before anything is written over it. */
    size_t k = 0;
    out[0] = src[0];
    for (size_t i = 1; i < n; i++) {
        if (src[i].tx == out[k].tx && src[i].T == out[k].T)
            out[k].w += src[i].w;
        else
            out[++k] = src[i];
    }
    return k + 1;
}
