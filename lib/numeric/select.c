/* Quantiles by selection: the order statistics a quantile needs are found by
 * partitioning (Hoare's quickselect with a median-of-three pivot), in linear
 * expected time, instead of sorting the whole sample. */
#include <math.h>

#include "numeric_internal.h"

static void swap(double *a, double *b)
{
    const double t = *a;
    *a = *b;
    *b = t;
}

/* Reorder v[0..n-1] so that v[j] is its j-th smallest value, those before it
 * are <= v[j] and those after it >= v[j]. */
static void select_rank(double *v, size_t n, size_t j)
{
    size_t lo = 0, hi = n - 1;
    while (hi > lo + 2) {
        const size_t mid = lo + (hi - lo) / 2;
        /* median of three to v[lo]; the others bound the scans below */
        if (v[mid] < v[lo])
            swap(&v[mid], &v[lo]);
        if (v[hi] < v[lo])
            swap(&v[hi], &v[lo]);
        if (v[hi] < v[mid])
            swap(&v[hi], &v[mid]);
        swap(&v[lo], &v[mid]); /* pivot to the front, v[hi] >= pivot */
        const double pivot = v[lo];
        size_t i = lo, k = hi;
        for (;;) {
            do
                i++;
            while (v[i] < pivot);
            do
                k--;
            while (v[k] > pivot);
            if (i >= k)
                break;
            swap(&v[i], &v[k]);
        }
        swap(&v[lo], &v[k]); /* the pivot at its rank k */
        if (k == j)
            return;
        if (j < k)
            hi = k - 1;
        else
            lo = k + 1;
    }
    for (size_t a = lo + 1; a <= hi; a++) /* at most three left: insertion */
        for (size_t b = a; b > lo && v[b] < v[b - 1]; b--)
            swap(&v[b], &v[b - 1]);
}

static double min_of(const double *v, size_t n)
{
    double m = v[0];
    for (size_t i = 1; i < n; i++)
        m = v[i] < m ? v[i] : m;
    return m;
}

/* Quantile q of v[from..n-1] (linear between order statistics, R type 7) with
 * ranks counted from 0 over all n values; v[0..from) are all <= the rest. */
static double quantile_from(double *v, size_t n, size_t from, double q)
{
    const double h = q * (double)(n - 1);
    const size_t j = (size_t)floor(h);
    select_rank(v + from, n - from, j - from);
    const double below = v[j];
    const double above = j + 1 < n ? min_of(v + j + 1, n - j - 1) : below;
    return below + (h - (double)j) * (above - below);
}

void co__quantile_pair(double *v, size_t n, double q_lo, double q_hi, double *lo, double *hi)
{
    *lo = quantile_from(v, n, 0, q_lo);
    /* v[0..j] now hold the j + 1 smallest values: the upper rank lies at or past j */
    const size_t j = (size_t)floor(q_lo * (double)(n - 1));
    *hi = quantile_from(v, n, j, q_hi);
}
