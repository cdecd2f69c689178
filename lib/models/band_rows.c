/* Distinct customers of a prediction band (band_internal.h): one sort of the
 * customers' keys, then runs of equal keys. Real customer bases repeat their
 * (x, tx, T) many times over (whole days or weeks), so this saves most of
 * the evaluations; and the part of a prediction that does not depend on tx
 * (the expected purchases of a customer alive at T) is shared wider still. */
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "band_internal.h"
#include "error_internal.h"

typedef struct keyed {
    co_band_row row;
    size_t index;
} keyed;

static int cmp_double(double a, double b) { return (a > b) - (a < b); }

static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    int c = cmp_double(a->row.x, b->row.x);
    if (!c)
        c = cmp_double(a->row.T, b->row.T);
    if (!c)
        c = cmp_double(a->row.t, b->row.t);
    if (!c)
        c = cmp_double(a->row.tx, b->row.tx);
    if (!c)
        c = cmp_double(a->row.m, b->row.m);
    return c ? c : (a->index > b->index) - (a->index < b->index);
}

static int cmp_time(const void *pa, const void *pb)
{
    return cmp_double(*(const double *)pa, *(const double *)pb);
}

static size_t time_id(const co_band_rows *r, double t)
{
    size_t lo = 0, hi = r->n_times;
    while (hi - lo > 1) {
        const size_t mid = lo + (hi - lo) / 2;
        if (r->times[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The distinct tx and T values into r->times and each row's ids of them. */
static int index_times(co_band_rows *r)
{
    r->times = co__malloc_array(r->n_rows, 2 * sizeof *r->times);
    if (!r->times)
        return co__fail_nomem();
    for (size_t i = 0; i < r->n_rows; i++) {
        r->times[2 * i] = r->rows[i].tx;
        r->times[2 * i + 1] = r->rows[i].T;
    }
    qsort(r->times, 2 * r->n_rows, sizeof *r->times, cmp_time);
    size_t n = 0;
    for (size_t i = 0; i < 2 * r->n_rows; i++)
        if (n == 0 || r->times[i] != r->times[n - 1])
            r->times[n++] = r->times[i];
    r->n_times = n;
    for (size_t i = 0; i < r->n_rows; i++) {
        r->rows[i].tx_id = time_id(r, r->rows[i].tx);
        r->rows[i].T_id = time_id(r, r->rows[i].T);
    }
    return CO_OK;
}

static int same_group(const co_band_row *a, const co_band_row *b)
{
    return a->x == b->x && a->T == b->T && a->t == b->t;
}

int co__band_rows_build(const double *x, const double *tx, const double *T, const double *t,
                        const double *m, size_t n, co_band_rows *out)
{
    keyed *k = co__malloc_array(n, sizeof *k);
    co_band_rows r = {0};
    r.customer = co__malloc_array(n, sizeof *r.customer);
    if (!k || !r.customer) {
        co__free(k);
        co__free(r.customer);
        return co__fail_nomem();
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (keyed){{x[i], tx[i], T[i], t ? t[i] : 0.0, m ? m[i] : 0.0, 0, 0}, i};
    qsort(k, n, sizeof *k, cmp_keyed);
    size_t rows = 0, groups = 0;
    for (size_t i = 0; i < n; i++) {
        const int new_group = i == 0 || !same_group(&k[i].row, &k[i - 1].row);
        groups += new_group;
        rows += new_group || k[i].row.tx != k[i - 1].row.tx || k[i].row.m != k[i - 1].row.m;
    }
    r.rows = co__malloc_array(rows, sizeof *r.rows);
    r.row_start = co__malloc_array(rows + 1, sizeof *r.row_start);
    r.group_start = co__malloc_array(groups + 1, sizeof *r.group_start);
    if (!r.rows || !r.row_start || !r.group_start) {
        co__free(k);
        co__band_rows_free(&r);
        return co__fail_nomem();
    }
    for (size_t i = 0; i < n; i++) {
        const int new_group = i == 0 || !same_group(&k[i].row, &k[i - 1].row);
        if (new_group)
            r.group_start[r.n_groups++] = r.n_rows;
        if (new_group || k[i].row.tx != k[i - 1].row.tx || k[i].row.m != k[i - 1].row.m) {
            r.rows[r.n_rows] = k[i].row;
            r.row_start[r.n_rows++] = i;
        }
        r.customer[i] = k[i].index;
    }
    r.row_start[r.n_rows] = n;
    r.group_start[r.n_groups] = r.n_rows;
    co__free(k);
    if (index_times(&r) != CO_OK) {
        co__band_rows_free(&r);
        return CO_ENOMEM;
    }
    *out = r;
    return CO_OK;
}

void co__band_rows_free(co_band_rows *r)
{
    co__free(r->rows);
    co__free(r->row_start);
    co__free(r->group_start);
    co__free(r->customer);
    co__free(r->times);
    memset(r, 0, sizeof *r);
}
