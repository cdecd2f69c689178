/* Merging cohort matrices of disjoint customers, and their bytes. Serialised layout
 * (version 1): i64 as_of, i64 first_month (year * 12 + month - 1), u64 rows, u64 size
 * per row, then for each row r the u64 active counts of months since 0 .. rows-1-r (the
 * observed triangle; later cells are 0). */
#include <string.h>

#include "alloc_internal.h"
#include "date_internal.h"
#include "error_internal.h"
#include "partial_internal.h"
#include "retention_internal.h"

#define COHORTS_FORMAT 1u

co_day co_cohorts_as_of(const co_cohorts *cohorts) { return cohorts ? cohorts->as_of : 0; }

/* A zeroed matrix of `rows` months from first_month. */
static int alloc_matrix(size_t rows, co_day as_of, int64_t first_month, co_cohorts **out)
{
    co_cohorts *m = co__calloc(1, sizeof *m);
    uint64_t *sizes = co__calloc(rows, sizeof *sizes);
    uint64_t *active = co__calloc(rows, rows * sizeof *active);
    if (!m || !sizes || !active) {
        co__free(m);
        co__free(sizes);
        co__free(active);
        return co__fail_nomem();
    }
    *m = (co_cohorts){rows, as_of, first_month, sizes, active};
    *out = m;
    return CO_OK;
}

/* Add `part` into `m`, whose rows start at or before part's (same last month). */
static int add_into(co_cohorts *m, const co_cohorts *part)
{
    size_t shift = (size_t)(part->first_month - m->first_month);
    for (size_t r = 0; r < part->rows; r++) {
        uint64_t *to = &m->active[(r + shift) * m->rows];
        const uint64_t *from = &part->active[r * part->rows];
        if (m->sizes[r + shift] > UINT64_MAX - part->sizes[r])
            return co__fail(CO_EOVERFLOW, "cohort counts would pass 2^64");
        m->sizes[r + shift] += part->sizes[r];
        /* active <= size in each part, so the sums cannot wrap once the sizes did not */
        for (size_t k = 0; k + r < part->rows; k++)
            to[k] += from[k];
    }
    return CO_OK;
}

int co_cohorts_merge(const co_cohorts *a, const co_cohorts *b, co_cohorts **out)
{
    if (!a || !b || !out)
        return co__fail(CO_EINVAL, "co_cohorts_merge: NULL argument");
    if (a->as_of != b->as_of)
        return co__fail(CO_EINVAL, "cohort matrices as of days %lld and %lld do not merge",
                        (long long)a->as_of, (long long)b->as_of);
    const co_cohorts *wide = a->rows >= b->rows ? a : b;
    co_cohorts *m = NULL;
    int rc = alloc_matrix(wide->rows, wide->as_of, wide->first_month, &m);
    if (rc == CO_OK && ((rc = add_into(m, a)) < 0 || (rc = add_into(m, b)) < 0)) {
        co_cohorts_free(m);
        return rc;
    }
    if (rc == CO_OK)
        *out = m;
    return rc;
}

int co_cohorts_serialize(const co_cohorts *cohorts, void **out, size_t *out_len)
{
    if (!cohorts || !out || !out_len)
        return co__fail(CO_EINVAL, "co_cohorts_serialize: NULL argument");
    co_pwriter w;
    co__pwriter_begin(&w, CO_PARTIAL_COHORTS, COHORTS_FORMAT);
    co__pwriter_i64(&w, cohorts->as_of);
    co__pwriter_i64(&w, cohorts->first_month);
    co__pwriter_u64(&w, cohorts->rows);
    for (size_t r = 0; r < cohorts->rows; r++)
        co__pwriter_u64(&w, cohorts->sizes[r]);
    for (size_t r = 0; r < cohorts->rows; r++)
        for (size_t k = 0; k + r < cohorts->rows; k++)
            co__pwriter_u64(&w, cohorts->active[r * cohorts->rows + k]);
    return co__pwriter_finish(&w, out, out_len);
}

int co_cohorts_deserialize(const void *bytes, size_t len, co_cohorts **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_cohorts_deserialize: NULL argument");
    co_preader r;
    int rc = co__preader_open(&r, bytes, len, CO_PARTIAL_COHORTS, COHORTS_FORMAT);
    if (rc < 0)
        return rc;
    co_day as_of = co__preader_i64(&r);
    int64_t first_month = co__preader_i64(&r);
    uint64_t rows = co__preader_u64(&r);
    if (r.rc != CO_OK)
        return co__preader_finish(&r);
    int valid = as_of >= CO__DAY_FIRST && as_of <= CO__DAY_LAST;
    int64_t last_month = valid ? co__month_index(as_of) : 0;
    if (!valid || rows == 0 || rows > CO_COHORTS_MAX_MONTHS ||
        first_month != last_month - (int64_t)rows + 1)
        return co__preader_bad(&r, "cohort months that do not end at the as-of day");
    size_t n = (size_t)rows;
    if (!co__preader_has(&r, n + n * (n + 1) / 2, 8))
        return co__preader_finish(&r);
    co_cohorts *m = NULL;
    if ((rc = alloc_matrix(n, as_of, first_month, &m)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++)
        m->sizes[i] = co__preader_u64(&r);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k + i < n; k++) {
            uint64_t v = co__preader_u64(&r);
            if (v > m->sizes[i] && r.rc == CO_OK)
                co__preader_bad(&r, "more customers active than in their cohort");
            m->active[i * n + k] = v;
        }
    if ((rc = co__preader_finish(&r)) < 0) {
        co_cohorts_free(m);
        return rc;
    }
    *out = m;
    return CO_OK;
}
