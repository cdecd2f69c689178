/* Merging retention counts of disjoint customers, and their bytes. Serialised layout
 * (version 1): i64 start, i64 period_days, u64 base, retained, active, new_customers,
 * reactivated (churned and the rates follow). */
#include <math.h>

#include "custorient/retention.h"
#include "error_internal.h"
#include "partial_internal.h"

#define RETENTION_FORMAT 1u

/* The derived figures of counts that add up. */
static void derive(co_retention *r)
{
    r->churned = r->base - r->retained;
    r->retention_rate = r->base ? (double)r->retained / (double)r->base : NAN;
    r->churn_rate = r->base ? (double)r->churned / (double)r->base : NAN;
}

int co_retention_merge(co_retention *acc, const co_retention *other)
{
    if (!acc || !other)
        return co__fail(CO_EINVAL, "co_retention_merge: NULL argument");
    const uint64_t a[5] = {acc->base, acc->retained, acc->active, acc->new_customers,
                           acc->reactivated};
    const uint64_t b[5] = {other->base, other->retained, other->active, other->new_customers,
                           other->reactivated};
    for (int i = 0; i < 5; i++)
        if (a[i] > UINT64_MAX - b[i])
            return co__fail(CO_EOVERFLOW, "retention counts would pass 2^64");
    co_retention sum = {0};
    sum.base = a[0] + b[0];
    sum.retained = a[1] + b[1];
    sum.active = a[2] + b[2];
    sum.new_customers = a[3] + b[3];
    sum.reactivated = a[4] + b[4];
    derive(&sum);
    *acc = sum;
    return CO_OK;
}

int co_retention_serialize(const co_retention *retention, co_day start, int64_t period_days,
                           void **out, size_t *out_len)
{
    if (!retention || !out || !out_len)
        return co__fail(CO_EINVAL, "co_retention_serialize: NULL argument");
    co_pwriter w;
    co__pwriter_begin(&w, CO_PARTIAL_RETENTION, RETENTION_FORMAT);
    co__pwriter_i64(&w, start);
    co__pwriter_i64(&w, period_days);
    co__pwriter_u64(&w, retention->base);
    co__pwriter_u64(&w, retention->retained);
    co__pwriter_u64(&w, retention->active);
    co__pwriter_u64(&w, retention->new_customers);
    co__pwriter_u64(&w, retention->reactivated);
    return co__pwriter_finish(&w, out, out_len);
}

int co_retention_deserialize(const void *bytes, size_t len, co_retention *out, co_day *start,
                             int64_t *period_days)
{
    if (!out || !start || !period_days)
        return co__fail(CO_EINVAL, "co_retention_deserialize: NULL argument");
    co_preader r;
    int rc = co__preader_open(&r, bytes, len, CO_PARTIAL_RETENTION, RETENTION_FORMAT);
    if (rc < 0)
        return rc;
    co_day s = co__preader_i64(&r);
    int64_t period = co__preader_i64(&r);
    co_retention ret = {0};
    ret.base = co__preader_u64(&r);
    ret.retained = co__preader_u64(&r);
    ret.active = co__preader_u64(&r);
    ret.new_customers = co__preader_u64(&r);
    ret.reactivated = co__preader_u64(&r);
    if ((rc = co__preader_finish(&r)) < 0)
        return rc;
    if (period < 1)
        return co__preader_bad(&r, "a retention window shorter than a day");
    if (ret.retained > ret.base || ret.reactivated > ret.active ||
        ret.retained > ret.active - ret.reactivated)
        return co__preader_bad(&r, "retention counts that do not add up");
    derive(&ret);
    *out = ret;
    *start = s;
    *period_days = period;
    return CO_OK;
}
