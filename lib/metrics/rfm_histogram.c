/* Exact mergeable histograms of RFM variables: distinct values ascending with their
 * counts; adding sorts a batch and merges it in. Serialised layout (version 1): u64
 * distinct values, then per value f64 value, u64 count. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "custorient/rfm.h"
#include "error_internal.h"
#include "index_internal.h"
#include "partial_internal.h"
#include "rfm_internal.h"

#define HISTOGRAM_FORMAT 1u

typedef struct bin {
    double value;
    uint64_t count;
} bin;

struct co_rfm_histogram {
    size_t len;
    bin *bins; /* strictly ascending values, counts >= 1 */
    uint64_t total;
};

int co_rfm_histogram_new(co_rfm_histogram **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_rfm_histogram_new: NULL argument");
    co_rfm_histogram *h = co__calloc(1, sizeof *h);
    if (!h)
        return co__fail_nomem();
    *out = h;
    return CO_OK;
}

void co_rfm_histogram_free(co_rfm_histogram *hist)
{
    if (!hist)
        return;
    co__free(hist->bins);
    co__free(hist);
}

size_t co_rfm_histogram_count(const co_rfm_histogram *hist) { return hist ? hist->len : 0; }
uint64_t co_rfm_histogram_total(const co_rfm_histogram *hist) { return hist ? hist->total : 0; }

int co_rfm_histogram_get(const co_rfm_histogram *hist, size_t index, double *value, uint64_t *count)
{
    if (!hist || !value || !count)
        return co__fail(CO_EINVAL, "co_rfm_histogram_get: NULL argument");
    int rc = co__index_check(index, hist->len, "histogram value");
    if (rc < 0)
        return rc;
    *value = hist->bins[index].value;
    *count = hist->bins[index].count;
    return CO_OK;
}

/* Merge two ascending bin lists into `acc` (replacing its bins); the caller checked that
 * the totals add up within 2^64, which bounds every sum of counts. */
static int merge_bins(co_rfm_histogram *acc, const bin *b, size_t nb, uint64_t b_total)
{
    const bin *a = acc->bins;
    size_t na = acc->len;
    if (na > SIZE_MAX - nb)
        return co__fail(CO_EOVERFLOW, "too many distinct values");
    bin *m = co__malloc_array(na + nb, sizeof *m);
    if (!m)
        return co__fail_nomem();
    size_t i = 0, j = 0, k = 0;
    while (i < na || j < nb) {
        if (j == nb || (i < na && a[i].value < b[j].value))
            m[k++] = a[i++];
        else if (i == na || b[j].value < a[i].value)
            m[k++] = b[j++];
        else {
            m[k] = a[i++];
            m[k++].count += b[j++].count;
        }
    }
    co__free(acc->bins);
    acc->bins = m;
    acc->len = k;
    acc->total += b_total;
    return CO_OK;
}

static int compare_doubles(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

int co_rfm_histogram_add(co_rfm_histogram *hist, const double *values, size_t n)
{
    if (!hist || (n > 0 && !values))
        return co__fail(CO_EINVAL, "co_rfm_histogram_add: NULL argument");
    for (size_t i = 0; i < n; i++)
        if (!isfinite(values[i]))
            return co__fail(CO_EINVAL, "value %g at index %zu is not finite", values[i], i);
    if (n > UINT64_MAX - hist->total)
        return co__fail(CO_EOVERFLOW, "histogram total would pass 2^64");
    if (n == 0)
        return CO_OK;
    double *sorted = co__malloc_array(n, sizeof *sorted);
    bin *runs = co__malloc_array(n, sizeof *runs);
    if (!sorted || !runs) {
        co__free(sorted);
        co__free(runs);
        return co__fail_nomem();
    }
    for (size_t i = 0; i < n; i++)
        sorted[i] = values[i] == 0.0 ? 0.0 : values[i]; /* -0 counts as 0 */
    qsort(sorted, n, sizeof *sorted, compare_doubles);
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (len > 0 && runs[len - 1].value == sorted[i])
            runs[len - 1].count++;
        else
            runs[len++] = (bin){sorted[i], 1};
    }
    co__free(sorted);
    int rc = merge_bins(hist, runs, len, n);
    co__free(runs);
    return rc;
}

int co_rfm_histogram_merge(co_rfm_histogram *acc, const co_rfm_histogram *other)
{
    if (!acc || !other)
        return co__fail(CO_EINVAL, "co_rfm_histogram_merge: NULL argument");
    if (other->total > UINT64_MAX - acc->total)
        return co__fail(CO_EOVERFLOW, "histogram total would pass 2^64");
    return merge_bins(acc, other->bins, other->len, other->total);
}

/* The i-th smallest value: the bin whose counts reach past i (a few calls per cut). */
static double histogram_stat(const void *ctx, size_t i)
{
    const co_rfm_histogram *h = ctx;
    uint64_t seen = 0;
    for (size_t k = 0; k < h->len; k++) {
        seen += h->bins[k].count;
        if (i < seen)
            return h->bins[k].value;
    }
    return h->bins[h->len - 1].value;
}

int co_rfm_histogram_cuts(const co_rfm_histogram *hist, unsigned bins, double offset,
                          double *cuts_out)
{
    if (!hist || !cuts_out)
        return co__fail(CO_EINVAL, "NULL argument");
    if (hist->total == 0)
        return co__fail(CO_EINVAL, "no values to cut");
    if (bins < 2 || bins > CO_RFM_MAX_BINS)
        return co__fail(CO_EINVAL, "bins must be 2..%d (got %u)", CO_RFM_MAX_BINS, bins);
    if (!isfinite(offset))
        return co__fail(CO_EINVAL, "offset is not finite");
    if (hist->total > SIZE_MAX)
        return co__fail(CO_EOVERFLOW, "%llu values are too many to cut",
                        (unsigned long long)hist->total);
    return co__rfm_cuts_from(histogram_stat, hist, (size_t)hist->total, bins, offset, cuts_out);
}

int co_rfm_histogram_serialize(const co_rfm_histogram *hist, void **out, size_t *out_len)
{
    if (!hist || !out || !out_len)
        return co__fail(CO_EINVAL, "co_rfm_histogram_serialize: NULL argument");
    co_pwriter w;
    co__pwriter_begin(&w, CO_PARTIAL_HISTOGRAM, HISTOGRAM_FORMAT);
    co__pwriter_u64(&w, hist->len);
    for (size_t i = 0; i < hist->len; i++) {
        co__pwriter_f64(&w, hist->bins[i].value);
        co__pwriter_u64(&w, hist->bins[i].count);
    }
    return co__pwriter_finish(&w, out, out_len);
}

int co_rfm_histogram_deserialize(const void *bytes, size_t len, co_rfm_histogram **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_rfm_histogram_deserialize: NULL argument");
    co_preader r;
    int rc = co__preader_open(&r, bytes, len, CO_PARTIAL_HISTOGRAM, HISTOGRAM_FORMAT);
    if (rc < 0)
        return rc;
    uint64_t n = co__preader_u64(&r);
    if (!co__preader_has(&r, n, 16))
        return co__preader_finish(&r);
    co_rfm_histogram *h = co__calloc(1, sizeof *h);
    bin *bins = co__malloc_array((size_t)n, sizeof *bins);
    if (!h || !bins) {
        co__free(h);
        co__free(bins);
        return co__fail_nomem();
    }
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++) {
        bins[i].value = co__preader_f64(&r);
        bins[i].count = co__preader_u64(&r);
        if (r.rc != CO_OK)
            break;
        const double v = bins[i].value;
        if (!isfinite(v) || (v == 0.0 && signbit(v)) || (i > 0 && !(v > bins[i - 1].value))) {
            co__preader_bad(&r, "histogram values are not ascending finite numbers");
            break;
        }
        if (bins[i].count == 0 || bins[i].count > UINT64_MAX - total) {
            co__preader_bad(&r, "a histogram count of 0 or a total past 2^64");
            break;
        }
        total += bins[i].count;
    }
    if ((rc = co__preader_finish(&r)) < 0) {
        co__free(h);
        co__free(bins);
        return rc;
    }
    *h = (co_rfm_histogram){(size_t)n, bins, total};
    *out = h;
    return CO_OK;
}
