/* Quantiles by selection: the order statistics a quantile needs are found by
 * partitioning (Hoare's quickselect with a median-of-three pivot), in linear
 * expected time, instead of sorting the whole sample. */
#include <math.h>
#include <string.h>

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

/* How far past the needed ranks a hint is set: room for the ranks of the next
 * sample's values to move. */
#define HINT_MARGIN 16

/* Interpolate at h between below (rank floor(h)) and above. */
static double between(double h, double below, double above)
{
    return below + (h - floor(h)) * (above - below);
}

/* The index of an element of v equal to `value`, among index[0..m). */
static size_t index_of(const double *v, const size_t *index, size_t m, double value)
{
    for (size_t i = 0; i < m; i++)
        if (v[index[i]] == value)
            return index[i];
    return index[0];
}

/* Order statistics j and j + 1 (when j + 1 < n) of v from the values at or below
 * v[hint] (`upper` 0) or at or above it; 0 when those do not hold them. The hint
 * moves to about rank j + 1 + HINT_MARGIN (j - HINT_MARGIN for `upper`). */
static int from_hint(const double *v, size_t n, size_t j, int upper, size_t *hint, double *buf,
                     size_t *index, double *below, double *above)
{
    const double t = v[*hint];
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        index[m] = i;
        m += upper ? v[i] >= t : v[i] <= t;
    }
    /* gathered: ranks [0, m) (lower) or [n - m, n) (upper) */
    const size_t first = upper ? n - m : 0, need_last = j + 1 < n ? j + 1 : j;
    if (m > n - n / 4 || j < first || need_last >= first + m)
        return 0;
    for (size_t i = 0; i < m; i++)
        buf[i] = v[index[i]];
    const size_t jj = j - first;
    select_rank(buf, m, jj);
    *below = buf[jj];
    *above = jj + 1 < m ? min_of(buf + jj + 1, m - jj - 1) : *below;
    /* the next hint */
    size_t target = upper ? (jj > HINT_MARGIN ? jj - HINT_MARGIN : 0) : jj + 1 + HINT_MARGIN;
    target = target < m ? target : m - 1;
    if (target != jj)
        select_rank(target < jj ? buf : buf + jj + 1, target < jj ? jj : m - jj - 1,
                    target < jj ? target : target - jj - 1);
    *hint = index_of(v, index, m, buf[target]);
    return 1;
}

/* Without a usable hint: select in a copy, and set the hint from it. */
static void from_copy(const double *v, size_t n, size_t j, int upper, size_t *hint, double *buf,
                      size_t *index, double *below, double *above)
{
    memcpy(buf, v, n * sizeof *buf);
    select_rank(buf, n, j);
    *below = buf[j];
    *above = j + 1 < n ? min_of(buf + j + 1, n - j - 1) : *below;
    size_t target = upper ? (j > HINT_MARGIN ? j - HINT_MARGIN : 0) : j + 1 + HINT_MARGIN;
    target = target < n ? target : n - 1;
    if (target < j)
        select_rank(buf, j, target);
    else if (target > j)
        select_rank(buf + j + 1, n - j - 1, target - j - 1);
    for (size_t i = 0; i < n; i++)
        index[i] = i;
    *hint = index_of(v, index, n, buf[target]);
}

void co__quantile_pair_hinted(const double *v, size_t n, double q_lo, double q_hi,
                              co_quantile_hint *hint, double *scratch, size_t *index, double *lo,
                              double *hi)
{
    const double h_lo = q_lo * (double)(n - 1), h_hi = q_hi * (double)(n - 1);
    const size_t j_lo = (size_t)floor(h_lo), j_hi = (size_t)floor(h_hi);
    double below, above;
    if (!(hint->valid && hint->lo < n &&
          from_hint(v, n, j_lo, 0, &hint->lo, scratch, index, &below, &above)))
        from_copy(v, n, j_lo, 0, &hint->lo, scratch, index, &below, &above);
    *lo = between(h_lo, below, above);
    if (!(hint->valid && hint->hi < n &&
          from_hint(v, n, j_hi, 1, &hint->hi, scratch, index, &below, &above)))
        from_copy(v, n, j_hi, 1, &hint->hi, scratch, index, &below, &above);
    *hi = between(h_hi, below, above);
    hint->valid = 1;
}
