/* Mergeable sentiment tallies: counts and a fixed-point sum of compound scores.
 * Serialised layout (version 1): u64 texts, positive, negative, i64 compound_sum. */
#include <math.h>

#include "custorient/sentiment.h"
#include "error_internal.h"
#include "partial_internal.h"

#define SENTIMENT_FORMAT 1u
#define UNIT 4294967296.0 /* 2^32 fixed-point units per compound point */

int co_sentiment_tally_add(co_sentiment_tally *tally, const double *compound, size_t n)
{
    if (!tally || (n > 0 && !compound))
        return co__fail(CO_EINVAL, "co_sentiment_tally_add: NULL argument");
    co_sentiment_tally add = {0};
    for (size_t i = 0; i < n; i++) {
        double c = compound[i];
        if (isnan(c))
            return co__fail(CO_EINVAL, "compound score at index %zu is NaN", i);
        if (c < -1.0 || c > 1.0)
            return co__fail(CO_ERANGE, "compound score %g at index %zu is outside [-1, 1]", c, i);
        /* |units| <= 2^32: the sum of up to 2^31 of them fits int64 */
        int64_t units = llround(c * UNIT);
        if (__builtin_add_overflow(add.compound_sum, units, &add.compound_sum))
            return co__fail(CO_EOVERFLOW, "sentiment sum would overflow");
        add.positive += c >= CO_SENTIMENT_POSITIVE;
        add.negative += c <= CO_SENTIMENT_NEGATIVE;
    }
    add.texts = n;
    return co_sentiment_tally_merge(tally, &add);
}

int co_sentiment_tally_merge(co_sentiment_tally *acc, const co_sentiment_tally *other)
{
    if (!acc || !other)
        return co__fail(CO_EINVAL, "co_sentiment_tally_merge: NULL argument");
    co_sentiment_tally sum;
    /* positive and negative never exceed texts, so one check covers all three counts */
    if (__builtin_add_overflow(acc->texts, other->texts, &sum.texts) ||
        __builtin_add_overflow(acc->compound_sum, other->compound_sum, &sum.compound_sum))
        return co__fail(CO_EOVERFLOW, "sentiment tally would overflow");
    sum.positive = acc->positive + other->positive;
    sum.negative = acc->negative + other->negative;
    *acc = sum;
    return CO_OK;
}

int co_sentiment_tally_mean(const co_sentiment_tally *tally, double *out)
{
    if (!tally || !out)
        return co__fail(CO_EINVAL, "co_sentiment_tally_mean: NULL argument");
    if (tally->texts == 0)
        return co__fail(CO_EINVAL, "no texts counted");
    *out = (double)tally->compound_sum / UNIT / (double)tally->texts;
    return CO_OK;
}

int co_sentiment_tally_serialize(const co_sentiment_tally *tally, void **out, size_t *out_len)
{
    if (!tally || !out || !out_len)
        return co__fail(CO_EINVAL, "co_sentiment_tally_serialize: NULL argument");
    co_pwriter w;
    co__pwriter_begin(&w, CO_PARTIAL_SENTIMENT, SENTIMENT_FORMAT);
    co__pwriter_u64(&w, tally->texts);
    co__pwriter_u64(&w, tally->positive);
    co__pwriter_u64(&w, tally->negative);
    co__pwriter_i64(&w, tally->compound_sum);
    return co__pwriter_finish(&w, out, out_len);
}

int co_sentiment_tally_deserialize(const void *bytes, size_t len, co_sentiment_tally *out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_sentiment_tally_deserialize: NULL argument");
    co_preader r;
    int rc = co__preader_open(&r, bytes, len, CO_PARTIAL_SENTIMENT, SENTIMENT_FORMAT);
    if (rc < 0)
        return rc;
    co_sentiment_tally t;
    t.texts = co__preader_u64(&r);
    t.positive = co__preader_u64(&r);
    t.negative = co__preader_u64(&r);
    t.compound_sum = co__preader_i64(&r);
    if ((rc = co__preader_finish(&r)) < 0)
        return rc;
    /* each text adds at most 2^32 units either way */
    uint64_t magnitude =
        t.compound_sum < 0 ? 0 - (uint64_t)t.compound_sum : (uint64_t)t.compound_sum;
    int sum_ok = t.texts >= (uint64_t)1 << 31 || magnitude <= t.texts << 32;
    if (t.positive > t.texts || t.negative > t.texts - t.positive || !sum_ok)
        return co__preader_bad(&r, "a sentiment tally no texts give");
    *out = t;
    return CO_OK;
}
