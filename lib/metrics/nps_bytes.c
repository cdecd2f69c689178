/* NPS accumulators as bytes (frame in custorient/partial.h): version 1 is the three
 * counts (u64), the three class weights and the sum of squared weights (f64). */
#include <math.h>

#include "custorient/nps.h"
#include "error_internal.h"
#include "partial_internal.h"

#define NPS_FORMAT 1u

int co_nps_serialize(const co_nps *acc, void **out, size_t *out_len)
{
    if (!acc || !out || !out_len)
        return co__fail(CO_EINVAL, "co_nps_serialize: NULL argument");
    co_pwriter w;
    co__pwriter_begin(&w, CO_PARTIAL_NPS, NPS_FORMAT);
    for (int c = 0; c < 3; c++)
        co__pwriter_u64(&w, acc->count[c]);
    for (int c = 0; c < 3; c++)
        co__pwriter_f64(&w, acc->weight[c]);
    co__pwriter_f64(&w, acc->weight_sq);
    return co__pwriter_finish(&w, out, out_len);
}

int co_nps_deserialize(const void *bytes, size_t len, co_nps *out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_nps_deserialize: NULL argument");
    co_preader r;
    int rc = co__preader_open(&r, bytes, len, CO_PARTIAL_NPS, NPS_FORMAT);
    if (rc < 0)
        return rc;
    co_nps acc;
    for (int c = 0; c < 3; c++)
        acc.count[c] = co__preader_u64(&r);
    for (int c = 0; c < 3; c++)
        acc.weight[c] = co__preader_f64(&r);
    acc.weight_sq = co__preader_f64(&r);
    if ((rc = co__preader_finish(&r)) < 0)
        return rc;
    if (acc.count[0] > UINT64_MAX - acc.count[1] ||
        acc.count[0] + acc.count[1] > UINT64_MAX - acc.count[2])
        return co__preader_bad(&r, "NPS answer counts add up past 2^64");
    double total = 0.0;
    for (int c = 0; c < 3; c++) {
        if (!(isfinite(acc.weight[c]) && acc.weight[c] >= 0.0))
            return co__preader_bad(&r, "an NPS weight is negative or not finite");
        total += acc.weight[c];
    }
    if (!isfinite(total) || !(isfinite(acc.weight_sq) && acc.weight_sq >= 0.0))
        return co__preader_bad(&r, "NPS weight totals are negative or not finite");
    *out = acc;
    return CO_OK;
}
