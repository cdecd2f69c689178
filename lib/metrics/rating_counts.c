/* Mergeable counts of rating answers, one per point of the scale. Serialised layout
 * (version 1): i64 scale_min, i64 scale_max, then u64 count per point, lowest first. */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "partial_internal.h"
#include "satisfaction_internal.h"
#include "sized_internal.h"

#define RATINGS_FORMAT 1u

struct co_rating_counts {
    int scale_min, scale_max;
    uint64_t total;
    uint64_t count[CO_RATING_MAX_POINTS]; /* answers of scale_min + k */
};

static size_t points(const co_rating_counts *c)
{
    return (size_t)((long)c->scale_max - c->scale_min + 1);
}

static int check_scale(long lo, long hi)
{
    if (lo >= hi)
        return co__fail(CO_EINVAL, "rating scale %ld-%ld is empty or reversed", lo, hi);
    if (hi - lo + 1 > CO_RATING_MAX_POINTS)
        return co__fail(CO_ERANGE, "rating scale %ld-%ld has %ld points; counts hold at most %d",
                        lo, hi, hi - lo + 1, CO_RATING_MAX_POINTS);
    return CO_OK;
}

int co_rating_counts_new(int scale_min, int scale_max, co_rating_counts **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_rating_counts_new: NULL argument");
    int rc = check_scale(scale_min, scale_max);
    if (rc < 0)
        return rc;
    co_rating_counts *c = co__calloc(1, sizeof *c);
    if (!c)
        return co__fail_nomem();
    c->scale_min = scale_min;
    c->scale_max = scale_max;
    *out = c;
    return CO_OK;
}

void co_rating_counts_free(co_rating_counts *counts) { co__free(counts); }

uint64_t co_rating_counts_total(const co_rating_counts *counts)
{
    return counts ? counts->total : 0;
}

int co_rating_counts_scale(const co_rating_counts *counts, int *min, int *max)
{
    if (!counts || !min || !max)
        return co__fail(CO_EINVAL, "co_rating_counts_scale: NULL argument");
    *min = counts->scale_min;
    *max = counts->scale_max;
    return CO_OK;
}

int co_rating_counts_add(co_rating_counts *counts, const int *ratings, size_t n)
{
    if (!counts || (n > 0 && !ratings))
        return co__fail(CO_EINVAL, "co_rating_counts_add: NULL argument");
    for (size_t i = 0; i < n; i++)
        if (ratings[i] < counts->scale_min || ratings[i] > counts->scale_max)
            return co__fail(CO_ERANGE, "rating %d at index %zu is outside the scale %d-%d",
                            ratings[i], i, counts->scale_min, counts->scale_max);
    if (n > UINT64_MAX - counts->total)
        return co__fail(CO_EOVERFLOW, "rating count would pass 2^64");
    for (size_t i = 0; i < n; i++)
        counts->count[ratings[i] - counts->scale_min]++;
    counts->total += n;
    return CO_OK;
}

int co_rating_counts_merge(co_rating_counts *acc, const co_rating_counts *other)
{
    if (!acc || !other)
        return co__fail(CO_EINVAL, "co_rating_counts_merge: NULL argument");
    if (acc->scale_min != other->scale_min || acc->scale_max != other->scale_max)
        return co__fail(CO_EINVAL, "rating counts of scales %d-%d and %d-%d do not merge",
                        acc->scale_min, acc->scale_max, other->scale_min, other->scale_max);
    if (other->total > UINT64_MAX - acc->total)
        return co__fail(CO_EOVERFLOW, "rating count would pass 2^64");
    /* the total bounds every count, so none can wrap */
    for (size_t k = 0; k < points(acc); k++)
        acc->count[k] += other->count[k];
    acc->total += other->total;
    return CO_OK;
}

int co_rating_counts_summarize(const co_rating_counts *counts, const co_rating_options *opts,
                               co_rating_summary *out)
{
    if (!counts || !out)
        return co__fail(CO_EINVAL, "co_rating_counts_summarize: NULL argument");
    co_rating_options o;
    if (co__rating_options_resolve(opts, &o) < 0)
        return CO_EINVAL;
    if (co__sized_check(out, sizeof *out, "co_rating_summary") < 0)
        return CO_EINVAL;
    if (o.scale_min != counts->scale_min || o.scale_max != counts->scale_max)
        return co__fail(CO_EINVAL, "options of the scale %d-%d for counts of the scale %d-%d",
                        o.scale_min, o.scale_max, counts->scale_min, counts->scale_max);
    return co__rating_summary_from_counts(counts->count, &o, out);
}

int co_rating_counts_serialize(const co_rating_counts *counts, void **out, size_t *out_len)
{
    if (!counts || !out || !out_len)
        return co__fail(CO_EINVAL, "co_rating_counts_serialize: NULL argument");
    co_pwriter w;
    co__pwriter_begin(&w, CO_PARTIAL_RATINGS, RATINGS_FORMAT);
    co__pwriter_i64(&w, counts->scale_min);
    co__pwriter_i64(&w, counts->scale_max);
    for (size_t k = 0; k < points(counts); k++)
        co__pwriter_u64(&w, counts->count[k]);
    return co__pwriter_finish(&w, out, out_len);
}

int co_rating_counts_deserialize(const void *bytes, size_t len, co_rating_counts **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_rating_counts_deserialize: NULL argument");
    co_preader r;
    int rc = co__preader_open(&r, bytes, len, CO_PARTIAL_RATINGS, RATINGS_FORMAT);
    if (rc < 0)
        return rc;
    int64_t lo = co__preader_i64(&r), hi = co__preader_i64(&r);
    if (r.rc == CO_OK &&
        (lo < INT32_MIN || hi > INT32_MAX || lo >= hi || hi - lo + 1 > CO_RATING_MAX_POINTS))
        return co__preader_bad(&r, "a rating scale no counts have");
    co_rating_counts c = {(int)lo, (int)hi, 0, {0}};
    size_t n = r.rc == CO_OK ? points(&c) : 0;
    for (size_t k = 0; k < n; k++) {
        c.count[k] = co__preader_u64(&r);
        if (c.count[k] > UINT64_MAX - c.total)
            return co__preader_bad(&r, "rating counts add up past 2^64");
        c.total += c.count[k];
    }
    if ((rc = co__preader_finish(&r)) < 0)
        return rc;
    co_rating_counts *copy = co__malloc(sizeof *copy);
    if (!copy)
        return co__fail_nomem();
    *copy = c;
    *out = copy;
    return CO_OK;
}
