/* Input checks and merging of identical customer histories. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"
#include "fastmath_internal.h"
#include "index_map_internal.h"
#include "memory_hints_internal.h"

int co__btyd_check_nonneg(const char *name, const double *v, size_t n, int whole)
{
    if (!v)
        return co__fail(CO_EINVAL, "%s is NULL", name);
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(v[i]))
            return co__fail(CO_EINVAL, "%s[%zu] is not finite", name, i);
        if (v[i] < 0.0)
            return co__fail(CO_EINVAL, "%s[%zu] = %g is negative", name, i, v[i]);
        if (whole && v[i] != floor(v[i]))
            return co__fail(CO_EINVAL, "%s[%zu] = %g is not a whole number", name, i, v[i]);
    }
    return CO_OK;
}

/* Every row valid (frequency whole, 0 <= recency <= T finite, recency 0 without a
 * repeat purchase), in one pass without branches (vectorised where the processor
 * allows); the checks that name the first bad value run only when this fails. */
CO__VECTOR_CLONES
static int rows_valid(const double *frequency, const double *recency, const double *T, size_t n)
{
    int ok = 1;
    for (size_t i = 0; i < n; i++) {
        const double x = frequency[i], tx = recency[i], t = T[i];
        /* NaN fails every comparison; for 0 <= x < 2^52, adding 2^52 rounds x to an
         * integer, so x is whole when that is undone exactly (larger x take the
         * slow path) */
        ok &= (x >= 0.0) & (x < 0x1p52) & ((x + 0x1p52) - 0x1p52 == x) & (tx >= 0.0) & (tx <= t) &
              (t <= DBL_MAX) & ((x > 0.0) | (tx == 0.0));
    }
    return ok;
}

int co__btyd_check(const double *frequency, const double *recency, const double *T,
                   const double *weights, size_t n)
{
    if (n > 0 && frequency && recency && T && !weights && rows_valid(frequency, recency, T, n))
        return CO_OK;
    if (n == 0)
        return co__fail(CO_EINVAL, "empty input (n = 0)");
    int rc = co__btyd_check_nonneg("frequency", frequency, n, 1);
    if (rc == CO_OK && T) {
        if ((rc = co__btyd_check_nonneg("recency", recency, n, 0)) == CO_OK)
            rc = co__btyd_check_nonneg("T", T, n, 0);
    }
    if (rc == CO_OK && weights)
        rc = co__btyd_check_nonneg("weights", weights, n, 0);
    if (rc != CO_OK || !T || !recency) /* a NULL recency failed above */
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (recency[i] > T[i])
            return co__fail(CO_EINVAL, "recency[%zu] = %g exceeds T[%zu] = %g", i, recency[i], i,
                            T[i]);
        if (frequency[i] == 0.0 && recency[i] > 0.0)
            return co__fail(CO_EINVAL, "frequency[%zu] = 0 but recency[%zu] = %g > 0", i, i,
                            recency[i]);
    }
    return CO_OK;
}

int co__btyd_check_customers(int params_rc, const double *frequency, const double *recency,
                             const double *T, size_t n, const double *out)
{
    int rc = params_rc;
    if (rc == CO_OK)
        rc = co__btyd_check(frequency, recency, T, NULL, n);
    if (rc == CO_OK && !out)
        rc = co__fail(CO_EINVAL, "out is NULL");
    return rc;
}

int co__btyd_check_params(const char *model, const char *const *names, const double *p, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (!isfinite(p[i]) || !(p[i] > 0.0))
            return co__fail(CO_EINVAL, "%s: parameter %s = %g must be finite and > 0", model,
                            names[i], p[i]);
    return CO_OK;
}

static int same_row(const void *ctx, size_t id, const void *probe)
{
    const co_btyd_row *a = (const co_btyd_row *)ctx + id, *b = probe;
    return a->x == b->x && a->tx == b->tx && a->T == b->T;
}

static int same_value(const void *ctx, size_t id, const void *probe)
{
    return ((const double *)ctx)[id] == *(const double *)probe;
}

typedef struct x_group {
    double x;
    size_t id, count;
} x_group;

static int x_group_cmp(const void *pa, const void *pb)
{
    const x_group *a = pa, *b = pb;
    return a->x < b->x ? -1 : a->x > b->x;
}

/* Scratch of co__btyd_data_build(), and its input. */
typedef struct build_scratch {
    const double *x, *tx, *T, *w; /* the input (tx, T, w may be NULL) */
    size_t *gid;                  /* x id, then sort bucket, of each row; SIZE_MAX: weight 0 */
    double *xs;                   /* distinct x values by bucket id */
    size_t *xcount;               /* rows of each x by bucket id */
    size_t xs_cap;   /* room in xs and xcount: grown as needed (most data have few x) */
    x_group *groups; /* buckets in ascending x */
    size_t *pos;     /* next write position of each bucket id */
    co_index_map table;
} build_scratch;

static void scratch_free(build_scratch *b)
{
    co__free(b->gid);
    co__free(b->xs);
    co__free(b->xcount);
    co__free(b->groups);
    co__free(b->pos);
    co__index_map_free(&b->table);
}

/* Room in xs for one more distinct x than `nx`: doubling, since an array of
 * one slot per row would be mostly unused and still raise the fit's peak memory. */
static int room_for_x(build_scratch *b, size_t nx)
{
    if (nx < b->xs_cap)
        return CO_OK;
    /* xs_cap <= rows: no overflow */
    double *xs = co__realloc(b->xs, 2 * b->xs_cap * sizeof *xs);
    if (xs)
        b->xs = xs;
    size_t *xcount = xs ? co__realloc(b->xcount, 2 * b->xs_cap * sizeof *xcount) : NULL;
    if (!xcount)
        return co__fail_nomem();
    b->xcount = xcount;
    b->xs_cap *= 2;
    return CO_OK;
}

/* Number the distinct x values of the rows of nonzero weight (gid, xs) and
 * count their rows (xcount): how many x in *nx, how many such rows in *m. Purchase counts below
 * SMALL_X (nearly all of them) skip the hash table. */
#define SMALL_X 1024
static int number_x(build_scratch *b, size_t n, size_t *nx_out, size_t *m_out)
{
    size_t small[SMALL_X], nx = 0, m = 0;
    for (size_t v = 0; v < SMALL_X; v++)
        small[v] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        /* + 0.0 turns -0.0 into 0.0 so that equal values compare and hash alike. */
        const double x = b->x[i] + 0.0;
        if (b->w && b->w[i] == 0.0) {
            b->gid[i] = SIZE_MAX;
            continue;
        }
        m++;
        if (x < SMALL_X && x == (double)(size_t)x) {
            size_t *id = &small[(size_t)x];
            if (*id == SIZE_MAX) {
                int rc = room_for_x(b, nx);
                if (rc != CO_OK)
                    return rc;
                *id = nx;
                b->xcount[nx] = 0;
                b->xs[nx++] = x;
            }
            b->gid[i] = *id;
            b->xcount[*id]++;
            continue;
        }
        int rc = room_for_x(b, nx);
        if (rc == CO_OK)
            rc = co__index_map_put(&b->table, co__hash_doubles(&x, 1), nx, same_value, b->xs, &x,
                                   &b->gid[i]);
        if (rc != CO_OK)
            return rc;
        if (b->gid[i] == nx) {
            b->xcount[nx] = 0;
            b->xs[nx++] = x;
        }
        b->xcount[b->gid[i]]++;
    }
    *nx_out = nx;
    *m_out = m;
    return CO_OK;
}

/* The totals of d's rows, summed in row order as every fit sums them. */
static void data_totals(co_btyd_data *d)
{
    d->threads = 1;
    d->total_weight = d->weighted_x = d->weighted_T = d->max_T = 0.0;
    for (size_t i = 0; i < d->n_rows; i++) {
        d->max_T = d->rows[i].T > d->max_T ? d->rows[i].T : d->max_T;
        d->total_weight += d->rows[i].w;
        d->weighted_x += d->rows[i].w * d->rows[i].x;
        d->weighted_T += d->rows[i].w * d->rows[i].T;
    }
}

/* Merge identical rows bucket by bucket with a hash table, compacting `sorted`
 * in place; start[g] becomes the first merged row of bucket g, *k_out the count. */
static int merge_by_hashing(build_scratch *b, size_t m, size_t nx, co_btyd_row *sorted,
                            size_t *start, size_t *k_out)
{
    size_t k = 0;
    for (size_t g = 0; g < nx; g++) {
        const size_t first = k, end = g + 1 < nx ? start[g + 1] : m, count = end - start[g];
        /* Emptying a table sized for a larger bucket would cost more than the
         * bucket: buckets come in ascending x, mostly smaller and smaller. */
        if (b->table.cap > 8 * count + 64)
            co__index_map_free(&b->table);
        else
            co__index_map_clear(&b->table);
        int rc = co__index_map_reserve(&b->table, count);
        if (rc != CO_OK)
            return rc;
        for (size_t i = start[g]; i < end; i++) {
            size_t id;
            rc = co__index_map_put(&b->table, co__hash_doubles(&sorted[i].tx, 2), k - first,
                                   same_row, sorted + first, &sorted[i], &id);
            if (rc != CO_OK)
                return rc;
            if (id == k - first)
                sorted[k++] = sorted[i];
            else
                sorted[first + id].w += sorted[i].w;
        }
        /* A canonical order: the same histories give the same rows and so
         * the same sums, however the input was ordered or split. */
        co__btyd_sort_distinct(sorted + first, k - first);
        start[g] = first;
    }
    *k_out = k;
    return CO_OK;
}

/* Row i of the input as the fits keep it (+ 0.0: -0.0 and 0.0 are one value). */
static co_btyd_row input_row(const build_scratch *b, size_t i)
{
    return (co_btyd_row){b->x[i] + 0.0, (b->tx ? b->tx[i] : 0.0) + 0.0,
                         (b->T ? b->T[i] : 0.0) + 0.0, b->w ? b->w[i] : 1.0};
}

/* The rows of nonzero weight into `sorted`, grouped by x in ascending order
 * (b->pos: where each x's rows start), input order within an x. */
static void scatter_by_x(build_scratch *b, size_t n, co_btyd_row *sorted)
{
    for (size_t i = 0; i < n; i++)
        if (b->gid[i] != SIZE_MAX)
            sorted[b->pos[b->gid[i]]++] = input_row(b, i);
}

/* Smallest and largest of v[0, n) (0 and 0 when v is NULL), four running
 * pairs so that the comparisons do not wait on one another. */
static void key_range(const double *v, size_t n, double *lo_out, double *hi_out)
{
    double lo[4] = {0, 0, 0, 0}, hi[4] = {0, 0, 0, 0};
    if (v && n > 0)
        for (int j = 0; j < 4; j++)
            lo[j] = hi[j] = v[0];
    size_t i = 0;
    for (; v && i + 4 <= n; i += 4)
        for (int j = 0; j < 4; j++) {
            lo[j] = v[i + j] < lo[j] ? v[i + j] : lo[j];
            hi[j] = v[i + j] > hi[j] ? v[i + j] : hi[j];
        }
    for (; v && i < n; i++) {
        lo[0] = v[i] < lo[0] ? v[i] : lo[0];
        hi[0] = v[i] > hi[0] ? v[i] : hi[0];
    }
    for (int j = 1; j < 4; j++) {
        lo[0] = lo[j] < lo[0] ? lo[j] : lo[0];
        hi[0] = hi[j] > hi[0] ? hi[j] : hi[0];
    }
    *lo_out = lo[0] + 0.0;
    *hi_out = hi[0] + 0.0;
}

/* The buckets of one x: BUCKETS_PER_ROW times as many as it has rows, spread
 * evenly over the range of its key (tx; T for x = 0, whose tx are all 0), from
 * `base` on. With more buckets than rows few rows share one, so the rows come
 * out of the sort nearly in order. */
#define BUCKETS_PER_ROW 2
typedef struct x_buckets {
    const double *key; /* NULL: every key 0 */
    double lo, scale;
    size_t base, last;
} x_buckets;

/* Bucket of input row i (of x buckets xb): (v - lo) * scale rounded down is
 * monotone in v, so the buckets are in key order. */
static size_t bucket_of(const x_buckets *xb, size_t i)
{
    const double v = xb->key ? xb->key[i] : 0.0;
    const size_t j = (size_t)((v - xb->lo) * xb->scale);
    return xb->base + (j < xb->last ? j : xb->last);
}

/* How far ahead the counting sort prefetches the place a row goes to: its
 * writes land all over `sorted`, and without the prefetch each would wait for
 * its cache line. */
#define PREFETCH_ROWS 16

/* A counting sort of the rows of nonzero weight into `sorted` by bucket
 * (stable), each x's rows in its own buckets in ascending x. The counts are
 * 32-bit (the caller keeps n * BUCKETS_PER_ROW below 2^32): half the memory. */
static int bucket_sort(build_scratch *b, size_t n, size_t m, size_t nx, co_btyd_row *sorted)
{
    const size_t buckets = m * BUCKETS_PER_ROW;
    x_buckets *xb = co__malloc_array(nx, sizeof *xb);
    uint32_t *next = co__malloc_array(buckets + 1, sizeof *next);
    if (!xb || !next) {
        co__free(xb);
        co__free(next);
        return co__fail_nomem();
    }
    co__hint_written_soon(next, (buckets + 1) * sizeof *next);
    memset(next, 0, (buckets + 1) * sizeof *next);
    double lo[2], hi[2];
    key_range(b->tx, n, &lo[0], &hi[0]);
    key_range(b->T, n, &lo[1], &hi[1]);
    for (size_t g = 0; g < nx; g++) {
        const size_t id = b->groups[g].id, count = b->groups[g].count * BUCKETS_PER_ROW;
        const int by_T = b->groups[g].x == 0.0;
        const double scale = (double)count / (hi[by_T] - lo[by_T]);
        xb[id] = (x_buckets){by_T ? b->T : b->tx, lo[by_T], scale < INFINITY ? scale : 0.0,
                             b->pos[id] * BUCKETS_PER_ROW, count - 1};
    }
    for (size_t i = 0; i < n; i++)
        if (b->gid[i] != SIZE_MAX) {
            b->gid[i] = bucket_of(&xb[b->gid[i]], i);
            next[b->gid[i] + 1]++;
        }
    for (size_t j = 1; j <= buckets; j++) /* counts to where each bucket starts */
        next[j] += next[j - 1];
    for (size_t i = 0; i < n; i++) {
        if (i + PREFETCH_ROWS < n && b->gid[i + PREFETCH_ROWS] != SIZE_MAX)
            CO__PREFETCH_WRITE(&sorted[next[b->gid[i + PREFETCH_ROWS]]]);
        if (b->gid[i] != SIZE_MAX)
            sorted[next[b->gid[i]]++] = input_row(b, i);
    }
    co__free(xb);
    co__free(next);
    return CO_OK;
}

/* Histories hardly repeat: after the bucket sort the rows of each x are
 * nearly in (tx, T) order, which an insertion sort finishes (a stable merge
 * sort where it would take long); identical neighbours then merge. No
 * hashing. start[g] becomes the first merged row of x number g. */
static int sort_and_merge(build_scratch *b, size_t n, size_t m, size_t nx, co_btyd_row *sorted,
                          size_t *start, size_t *k_out)
{
    int rc = bucket_sort(b, n, m, nx, sorted);
    size_t k = 0;
    for (size_t g = 0; rc == CO_OK && g < nx; g++) {
        co_btyd_row *rows = sorted + start[g];
        const size_t count = b->groups[g].count;
        if (!co__btyd_sort_nearly(rows, count, 4 * count + 64)) {
            co_btyd_row *aux = co__malloc_array(count, sizeof *aux);
            if (!aux)
                return co__fail_nomem();
            co__btyd_sort_stable(rows, aux, count);
            co__free(aux);
        }
        start[g] = k;
        k += co__btyd_merge_neighbours(rows, count, sorted + k);
    }
    *k_out = k;
    return rc;
}

/*
 * Rows are bucketed by x in ascending order (a counting sort over the
 * distinct x values); within each bucket the rows are sorted by (tx, T)
 * and identical ones merged: by a bucket sort of every row when a sample
 * shows (tx, T) hardly repeating, else by a hash table first, then a sort of
 * the distinct rows. Both give the same rows and weights.
 */
static int bucket_and_merge(build_scratch *b, size_t n, co_btyd_data *d)
{
    size_t nx, m;
    int rc = number_x(b, n, &nx, &m);
    if (rc != CO_OK)
        return rc;
    if (m == 0)
        return co__fail(CO_EINVAL, "every weight is 0");
    b->groups = co__malloc_array(nx, sizeof *b->groups);
    b->pos = co__malloc_array(nx, sizeof *b->pos);
    size_t *start = co__malloc_array(nx + 1, sizeof *start);
    co_btyd_row *sorted = co__malloc_array(m, sizeof *sorted);
    if (!b->groups || !b->pos || !start || !sorted) {
        co__free(start);
        co__free(sorted);
        return co__fail_nomem();
    }
    co__hint_written_soon(sorted, m * sizeof *sorted);
    for (size_t g = 0; g < nx; g++)
        b->groups[g] = (x_group){b->xs[g], g, b->xcount[g]};
    qsort(b->groups, nx, sizeof *b->groups, x_group_cmp);
    size_t pos = 0;
    for (size_t g = 0; g < nx; g++) {
        start[g] = pos;
        b->pos[b->groups[g].id] = pos;
        pos += b->groups[g].count;
    }
    size_t k = 0;
    /* the bucket sort counts its buckets in 32 bits */
    if (n > UINT32_MAX / BUCKETS_PER_ROW - 1 || co__btyd_pairs_repeat(b->tx, b->T, n)) {
        scatter_by_x(b, n, sorted);
        rc = merge_by_hashing(b, m, nx, sorted, start, &k);
    } else
        rc = sort_and_merge(b, n, m, nx, sorted, start, &k);
    if (rc != CO_OK) {
        co__free(start);
        co__free(sorted);
        return rc;
    }
    start[nx] = k;
    memset(d, 0, sizeof *d);
    d->rows = sorted;
    d->n_rows = k;
    d->group = start;
    d->n_groups = nx;
    data_totals(d);
    return CO_OK;
}

int co__btyd_data_from_rows(co_btyd_data *d, const co_btyd_row *rows, size_t n)
{
    co_btyd_data out;
    memset(&out, 0, sizeof out);
    out.rows = co__malloc_array(n, sizeof *out.rows);
    out.group = co__malloc_array(n + 1, sizeof *out.group);
    if (!out.rows || !out.group) {
        co__btyd_data_free(&out);
        return co__fail_nomem();
    }
    memcpy(out.rows, rows, n * sizeof *rows);
    out.n_rows = n;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || rows[i].x != rows[i - 1].x)
            out.group[out.n_groups++] = i;
    out.group[out.n_groups] = n;
    data_totals(&out);
    *d = out;
    return CO_OK;
}

int co__btyd_data_build(co_btyd_data *d, const double *x, const double *tx, const double *T,
                        const double *w, size_t n)
{
    build_scratch b = {x, tx, T, w, NULL, NULL, NULL, 64, NULL, NULL, {NULL, 0, 0}};
    b.gid = co__malloc_array(n, sizeof *b.gid);
    if (b.gid)
        co__hint_written_soon(b.gid, n * sizeof *b.gid);
    b.xs = co__malloc_array(b.xs_cap, sizeof *b.xs);
    b.xcount = co__malloc_array(b.xs_cap, sizeof *b.xcount);
    int rc = b.gid && b.xs && b.xcount ? bucket_and_merge(&b, n, d) : co__fail_nomem();
    scratch_free(&b);
    return rc;
}

void co__btyd_data_free(co_btyd_data *d)
{
    co__free(d->rows);
    co__free(d->group);
    memset(d, 0, sizeof *d);
}

/* A systematic sample of this many rows decides whether times repeat; its
 * distinct values go to an open-addressing set twice its size on the stack. */
#define TIMES_SAMPLE 1024
#define TIMES_SLOTS (2 * TIMES_SAMPLE)

int co__btyd_times_repeat(const co_btyd_data *d)
{
    const size_t stride = d->n_rows > TIMES_SAMPLE ? d->n_rows / TIMES_SAMPLE : 1;
    double value[TIMES_SLOTS];
    unsigned char used[TIMES_SLOTS] = {0};
    size_t n = 0, sampled = 0;
    for (size_t i = 0; i < d->n_rows && sampled < TIMES_SAMPLE; i += stride, sampled++) {
        const double T = d->rows[i].T;
        size_t k = co__hash_doubles(&T, 1) & (TIMES_SLOTS - 1);
        while (used[k] && value[k] != T)
            k = (k + 1) & (TIMES_SLOTS - 1);
        if (!used[k]) {
            used[k] = 1;
            value[k] = T;
            n++;
        }
    }
    return 2 * n <= sampled;
}

int co__btyd_times_build(const co_btyd_data *d, co_btyd_times *out)
{
    co_btyd_times tm = {0, NULL, NULL, NULL, NULL, NULL};
    co_index_map table = {NULL, 0, 0};
    tm.t = co__malloc_array(2 * d->n_rows, sizeof *tm.t);
    tm.tx_at = co__malloc_array(d->n_rows, sizeof *tm.tx_at);
    tm.T_at = co__malloc_array(d->n_rows, sizeof *tm.T_at);
    int rc = tm.t && tm.tx_at && tm.T_at ? CO_OK : co__fail_nomem();
    for (size_t i = 0; rc == CO_OK && i < d->n_rows; i++) {
        const double *value[2] = {&d->rows[i].tx, &d->rows[i].T};
        size_t *at[2] = {&tm.tx_at[i], &tm.T_at[i]};
        for (int k = 0; rc == CO_OK && k < 2; k++) {
            rc = co__index_map_put(&table, co__hash_doubles(value[k], 1), tm.n, same_value, tm.t,
                                   value[k], at[k]);
            if (rc == CO_OK && *at[k] == tm.n)
                tm.t[tm.n++] = *value[k];
        }
    }
    co__index_map_free(&table);
    if (rc == CO_OK) {
        tm.f = co__malloc_array(tm.n, sizeof *tm.f);
        tm.g = co__malloc_array(tm.n, sizeof *tm.g);
        if (!tm.f || !tm.g)
            rc = co__fail_nomem();
    }
    if (rc != CO_OK) {
        co__btyd_times_free(&tm);
        return rc;
    }
    *out = tm;
    return CO_OK;
}

void co__btyd_times_free(co_btyd_times *tm)
{
    co__free(tm->t);
    co__free(tm->f);
    co__free(tm->g);
    co__free(tm->tx_at);
    co__free(tm->T_at);
    memset(tm, 0, sizeof *tm);
}

int co__btyd_require_repeat(const co_btyd_data *d, const char *model)
{
    if (d->rows[d->n_rows - 1].x > 0.0)
        return CO_OK;
    return co__fail(CO_ENOCONV,
                    "%s: no customer made a repeat purchase; the parameters are not identified",
                    model);
}

int co__btyd_fill(size_t n, double *out, co_btyd_value_fn fn, const co_btyd_args *args)
{
    double *tmp = co__malloc_array(n, sizeof *tmp);
    if (!tmp)
        return co__fail_nomem();
    for (size_t i = 0; i < n; i++) {
        int rc = fn(args, i, &tmp[i]);
        if (rc != CO_OK) {
            co__free(tmp);
            return rc;
        }
    }
    memcpy(out, tmp, n * sizeof *out);
    co__free(tmp);
    return CO_OK;
}
