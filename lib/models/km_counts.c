/* Mergeable Kaplan-Meier counts: the per-time rows of km_internal.h, kept sorted by
 * time, merged by a sorted merge that adds the rows of equal times. Serialised layout
 * (version 1): u64 rows, then per row f64 time, u64 d, c, e, f64 dw, cw, ew. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "km_internal.h"
#include "partial_internal.h"

#define KM_FORMAT 1u
#define ROW_BYTES 56u

struct co_km_counts {
    size_t len;
    co__km_row *rows; /* ascending times */
};

int co_km_counts_new(co_km_counts **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_km_counts_new: NULL argument");
    co_km_counts *c = co__calloc(1, sizeof *c);
    if (!c)
        return co__fail_nomem();
    *out = c;
    return CO_OK;
}

void co_km_counts_free(co_km_counts *counts)
{
    if (!counts)
        return;
    co__free(counts->rows);
    co__free(counts);
}

size_t co_km_counts_count(const co_km_counts *counts) { return counts ? counts->len : 0; }

static int add_sums(co__km_row *to, const co__km_row *r)
{
    if (to->d > UINT64_MAX - r->d || to->c > UINT64_MAX - r->c || to->e > UINT64_MAX - r->e)
        return co__fail(CO_EOVERFLOW, "Kaplan-Meier counts at time %g would pass 2^64", r->time);
    to->d += r->d;
    to->c += r->c;
    to->e += r->e;
    to->dw += r->dw;
    to->cw += r->cw;
    to->ew += r->ew;
    if (!isfinite(to->dw) || !isfinite(to->cw) || !isfinite(to->ew))
        return co__fail(CO_EOVERFLOW, "Kaplan-Meier weights at time %g overflow", r->time);
    return CO_OK;
}

/* Merge two ascending row lists into a new one; *out freed by the caller. */
static int merge_rows(const co__km_row *a, size_t na, const co__km_row *b, size_t nb,
                      co__km_row **out, size_t *out_len)
{
    if (na > SIZE_MAX - nb)
        return co__fail(CO_EOVERFLOW, "too many Kaplan-Meier times");
    co__km_row *m = co__malloc_array(na + nb, sizeof *m);
    if (!m)
        return co__fail_nomem();
    size_t i = 0, j = 0, k = 0;
    while (i < na || j < nb) {
        if (j == nb || (i < na && a[i].time < b[j].time)) {
            m[k++] = a[i++];
        } else if (i == na || b[j].time < a[i].time) {
            m[k++] = b[j++];
        } else {
            m[k] = a[i++];
            if (add_sums(&m[k++], &b[j++]) < 0) {
                co__free(m);
                return CO_EOVERFLOW;
            }
        }
    }
    *out = m;
    *out_len = k;
    return CO_OK;
}

static int merge_into(co_km_counts *acc, const co__km_row *rows, size_t n)
{
    co__km_row *m = NULL;
    size_t len = 0;
    int rc = merge_rows(acc->rows, acc->len, rows, n, &m, &len);
    if (rc < 0)
        return rc;
    co__free(acc->rows);
    acc->rows = m;
    acc->len = len;
    return CO_OK;
}

int co_km_counts_add(co_km_counts *counts, const co_km_input *data)
{
    if (!counts || !data)
        return co__fail(CO_EINVAL, "co_km_counts_add: NULL argument");
    co__km_row *rows = NULL;
    size_t n = 0;
    int rc = co__km_input_rows(data, &rows, &n);
    if (rc < 0)
        return rc;
    rc = merge_into(counts, rows, n);
    co__free(rows);
    return rc;
}

int co_km_counts_merge(co_km_counts *acc, const co_km_counts *other)
{
    if (!acc || !other)
        return co__fail(CO_EINVAL, "co_km_counts_merge: NULL argument");
    return merge_into(acc, other->rows, other->len);
}

int co_km_counts_fit(const co_km_counts *counts, const co_km_options *opts, co_km **out)
{
    if (!counts || !out)
        return co__fail(CO_EINVAL, "co_km_counts_fit: NULL argument");
    co_km_options o;
    int rc = co__km_options_resolve(opts, &o);
    if (rc < 0)
        return rc;
    if (counts->len == 0)
        return co__fail(CO_EINVAL, "no subjects counted");
    return co__km_from_rows(counts->rows, counts->len, &o, out);
}

int co_km_counts_serialize(const co_km_counts *counts, void **out, size_t *out_len)
{
    if (!counts || !out || !out_len)
        return co__fail(CO_EINVAL, "co_km_counts_serialize: NULL argument");
    co_pwriter w;
    co__pwriter_begin(&w, CO_PARTIAL_KM, KM_FORMAT);
    co__pwriter_u64(&w, counts->len);
    for (size_t i = 0; i < counts->len; i++) {
        const co__km_row *r = &counts->rows[i];
        co__pwriter_f64(&w, r->time);
        co__pwriter_u64(&w, r->d);
        co__pwriter_u64(&w, r->c);
        co__pwriter_u64(&w, r->e);
        co__pwriter_f64(&w, r->dw);
        co__pwriter_f64(&w, r->cw);
        co__pwriter_f64(&w, r->ew);
    }
    return co__pwriter_finish(&w, out, out_len);
}

static int finite_nonneg(double v) { return isfinite(v) && v >= 0.0 && !signbit(v); }

/* Rows some subjects give: ascending finite times >= 0, weights finite >= 0, and never
 * more subjects leaving than have entered by then, all of them leaving in the end. */
static const char *check_rows(const co__km_row *rows, size_t n)
{
    uint64_t entered = 0, left = 0;
    for (size_t i = 0; i < n; i++) {
        const co__km_row *r = &rows[i];
        if (!finite_nonneg(r->time) || (i > 0 && !(r->time > rows[i - 1].time)))
            return "Kaplan-Meier times are not ascending finite values >= 0";
        if (!finite_nonneg(r->dw) || !finite_nonneg(r->cw) || !finite_nonneg(r->ew))
            return "a Kaplan-Meier weight is negative or not finite";
        if (r->d > UINT64_MAX - r->c || r->e > UINT64_MAX - entered ||
            r->d + r->c > UINT64_MAX - left)
            return "Kaplan-Meier counts pass 2^64";
        if (r->d + r->c == 0 && r->e == 0)
            return "a Kaplan-Meier time without subjects";
        entered += r->e;
        left += r->d + r->c;
        if (left > entered)
            return "more subjects leave than entered";
    }
    return left == entered ? NULL : "subjects entered that never leave";
}

int co_km_counts_deserialize(const void *bytes, size_t len, co_km_counts **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_km_counts_deserialize: NULL argument");
    co_preader r;
    int rc = co__preader_open(&r, bytes, len, CO_PARTIAL_KM, KM_FORMAT);
    if (rc < 0)
        return rc;
    uint64_t n = co__preader_u64(&r);
    if (!co__preader_has(&r, n, ROW_BYTES))
        return co__preader_finish(&r);
    co_km_counts *c = co__calloc(1, sizeof *c);
    co__km_row *rows = co__malloc_array((size_t)n, sizeof *rows);
    if (!c || !rows) {
        co__free(c);
        co__free(rows);
        return co__fail_nomem();
    }
    for (size_t i = 0; i < n; i++) {
        co__km_row *row = &rows[i];
        row->time = co__preader_f64(&r);
        row->d = co__preader_u64(&r);
        row->c = co__preader_u64(&r);
        row->e = co__preader_u64(&r);
        row->dw = co__preader_f64(&r);
        row->cw = co__preader_f64(&r);
        row->ew = co__preader_f64(&r);
    }
    rc = co__preader_finish(&r);
    const char *bad = rc == CO_OK ? check_rows(rows, (size_t)n) : NULL;
    if (bad)
        rc = co__preader_bad(&r, bad);
    if (rc < 0) {
        co__free(c);
        co__free(rows);
        return rc;
    }
    c->len = (size_t)n;
    c->rows = rows;
    *out = c;
    return CO_OK;
}
