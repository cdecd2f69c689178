/* RFM scores: quantile cut points and scoring against them (see rfm.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "custorient/rfm.h"
#include "error_internal.h"
#include "rfm_internal.h"
#include "sized_internal.h"

/* The defaults co_rfm_options_init() writes and fields an older caller lacks take. */
static co_rfm_options defaults(void)
{
    co_rfm_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.recency_bins = 5;
    d.frequency_bins = 5;
    d.monetary_bins = 5;
    d.offset = 1.0;
    return d;
}

int co_rfm_options_init(co_rfm_options *opts, size_t size)
{
    co_rfm_options d = defaults();
    return co__options_init(opts, size, &d, sizeof d, __func__);
}

static int check_finite(const double *values, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(values[i]))
            return co__fail(CO_EINVAL, "%s is not finite (index %zu)", what, i);
    return CO_OK;
}

/* Place the order statistics at the ascending positions pos[0..npos) of
 * a[lo..hi) where a sorted copy would have them, without sorting the rest:
 * quickselect that recurses only into the parts holding wanted positions,
 * O(n log npos) on average. */
static void select_positions(double *a, size_t lo, size_t hi, const size_t *pos, size_t npos)
{
    while (npos > 0 && hi - lo > 16) {
        /* Median of three as the pivot value. */
        double x = a[lo], y = a[lo + (hi - lo) / 2], z = a[hi - 1];
        double pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        /* Hoare partition: a[lo..j] <= pivot <= a[j+1..hi). */
        size_t i = lo, j = hi - 1;
        for (;;) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i >= j)
                break;
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
            i++;
            j--;
        }
        size_t split = 0;
        while (split < npos && pos[split] <= j)
            split++;
        /* Recurse into the smaller side, loop on the larger. */
        if (split < npos - split) {
            select_positions(a, lo, j + 1, pos, split);
            lo = j + 1;
            pos += split;
            npos -= split;
        } else {
            select_positions(a, j + 1, hi, pos + split, npos - split);
            hi = j + 1;
            npos = split;
        }
    }
    if (npos == 0)
        return;
    for (size_t i = lo + 1; i < hi; i++) { /* short range: insertion sort */
        double v = a[i];
        size_t k = i;
        while (k > lo && a[k - 1] > v) {
            a[k] = a[k - 1];
            k--;
        }
        a[k] = v;
    }
}

/* Type-7 quantile in the floating-point steps of R's quantile():
 * index = 1 + (n - 1) p (1-based), interpolate only when the neighbours
 * differ, as (1 - h) x[lo] + h x[hi]. Same steps, same cut points, so values
 * lying on a cut are scored as R scores them. `stat` gives the order statistics
 * at the positions quantile_positions() names. */
static double quantile_at(co__order_stat_fn stat, const void *ctx, size_t n, double p)
{
    double index = 1.0 + (double)(n - 1) * p;
    double lo = floor(index);
    size_t ilo = (size_t)lo - 1, ihi = (size_t)ceil(index) - 1;
    if (ihi >= n)
        ihi = n - 1;
    double q = stat(ctx, ilo);
    if (index > lo) {
        double next = stat(ctx, ihi);
        if (next != q) {
            double h = index - lo;
            q = (1.0 - h) * q + h * next;
        }
    }
    return q;
}

int co__rfm_cuts_from(co__order_stat_fn stat, const void *ctx, size_t n, unsigned bins,
                      double offset, double *out)
{
    /* R's seq(0, 1, length.out = bins + 1): k * (1 / bins), not k / bins. */
    double step = 1.0 / bins;
    double cuts[CO_RFM_MAX_BINS - 1];
    for (unsigned k = 1; k < bins; k++) {
        double q = quantile_at(stat, ctx, n, k * step);
        cuts[k - 1] = q + offset;
        /* Finite values and offset can still add up past the double range. */
        if (!isfinite(cuts[k - 1]))
            return co__fail(CO_EOVERFLOW, "cut point %u (quantile %g plus offset %g) overflows", k,
                            q, offset);
    }
    memcpy(out, cuts, (bins - 1) * sizeof *out);
    return CO_OK;
}

static double array_stat(const void *ctx, size_t i) { return ((const double *)ctx)[i]; }

/* The two 0-based positions quantile_at() reads for probability p. */
static void quantile_positions(size_t n, double p, size_t *out)
{
    double index = 1.0 + (double)(n - 1) * p;
    size_t hi = (size_t)ceil(index) - 1;
    out[0] = (size_t)floor(index) - 1;
    out[1] = hi < n ? hi : n - 1;
}

static int compare_sizes(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Quantile cut points of n >= 1 finite values (arguments already checked). */
static int quantile_cuts(const double *values, size_t n, unsigned bins, double offset, double *out)
{
    double *work = co__malloc_array(n, sizeof *work);
    if (!work)
        return co__fail_nomem();
    memcpy(work, values, n * sizeof *work);
    double step = 1.0 / bins; /* as co__rfm_cuts_from() steps */
    size_t pos[2 * (CO_RFM_MAX_BINS - 1)], npos = 0;
    for (unsigned k = 1; k < bins; k++, npos += 2)
        quantile_positions(n, k * step, pos + npos);
    qsort(pos, npos, sizeof pos[0], compare_sizes);
    size_t unique = 0;
    for (size_t i = 0; i < npos; i++)
        if (unique == 0 || pos[i] != pos[unique - 1])
            pos[unique++] = pos[i];
    select_positions(work, 0, n, pos, unique);
    int rc = co__rfm_cuts_from(array_stat, work, n, bins, offset, out);
    co__free(work);
    return rc;
}

int co_rfm_cuts(const double *values, size_t n, unsigned bins, double offset, double *cuts_out)
{
    if (!values || !cuts_out)
        return co__fail(CO_EINVAL, "NULL argument");
    if (n == 0)
        return co__fail(CO_EINVAL, "no values to cut");
    if (bins < 2 || bins > CO_RFM_MAX_BINS)
        return co__fail(CO_EINVAL, "bins must be 2..%d (got %u)", CO_RFM_MAX_BINS, bins);
    if (!isfinite(offset))
        return co__fail(CO_EINVAL, "offset is not finite");
    int rc = check_finite(values, n, "value");
    if (rc < 0)
        return rc;
    return quantile_cuts(values, n, bins, offset, cuts_out);
}

static int check_cuts(const double *cuts, size_t ncuts, const char *what)
{
    if (ncuts < 1 || ncuts > CO_RFM_MAX_BINS - 1)
        return co__fail(CO_EINVAL, "%s: need 1..%d cut points (got %zu)", what, CO_RFM_MAX_BINS - 1,
                        ncuts);
    for (size_t k = 0; k < ncuts; k++) {
        if (!isfinite(cuts[k]))
            return co__fail(CO_EINVAL, "%s: cut point is not finite (index %zu)", what, k);
        if (k > 0 && cuts[k] < cuts[k - 1])
            return co__fail(CO_EINVAL, "%s: cut points must not decrease (index %zu)", what, k);
    }
    return CO_OK;
}

/* Scoring without checks: the inputs were validated by the caller. */
static void score_values(const double *values, size_t n, const double *cuts, size_t ncuts,
                         int reverse, uint8_t *out)
{
    for (size_t i = 0; i < n; i++) {
        size_t reached = 0;
        while (reached < ncuts && values[i] >= cuts[reached])
            reached++;
        out[i] = (uint8_t)(reverse ? ncuts + 1 - reached : reached + 1);
    }
}

int co_rfm_score(const double *values, size_t n, const double *cuts, size_t ncuts, int reverse,
                 uint8_t *scores_out)
{
    if (!values || !cuts || !scores_out)
        return co__fail(CO_EINVAL, "NULL argument");
    int rc = check_cuts(cuts, ncuts, "cuts");
    if (rc < 0)
        return rc;
    rc = check_finite(values, n, "value");
    if (rc < 0)
        return rc;
    score_values(values, n, cuts, ncuts, reverse, scores_out);
    return CO_OK;
}

/* One variable's cut points: the caller's, or quantiles plus the offset. */
struct variable {
    const char *name;
    const double *values;
    unsigned bins;
    const double *custom;
    double cuts[CO_RFM_MAX_BINS - 1];
};

/* The options of one variable: its bins, and its custom cut points if any. */
static int check_variable(struct variable *v)
{
    if (v->bins < 2 || v->bins > CO_RFM_MAX_BINS)
        return co__fail(CO_EINVAL, "%s bins must be 2..%d (got %u)", v->name, CO_RFM_MAX_BINS,
                        v->bins);
    if (!v->custom)
        return CO_OK;
    memcpy(v->cuts, v->custom, (v->bins - 1) * sizeof v->cuts[0]);
    return check_cuts(v->cuts, v->bins - 1, v->name);
}

/* The values of a checked variable, and its quantile cut points if it has no custom ones. */
static int prepare(struct variable *v, size_t n, double offset)
{
    int rc = check_finite(v->values, n, v->name);
    if (rc < 0 || v->custom)
        return rc;
    return quantile_cuts(v->values, n, v->bins, offset, v->cuts);
}

int co_rfm_scores(const double *recency, const double *frequency, const double *monetary, size_t n,
                  const co_rfm_options *opts, uint8_t *recency_out, uint8_t *frequency_out,
                  uint8_t *monetary_out)
{
    if (!recency || !frequency || !monetary || !recency_out || !frequency_out || !monetary_out)
        return co__fail(CO_EINVAL, "NULL argument");
    co_rfm_options resolved = defaults();
    if (co__options_resolve(&resolved, sizeof resolved, opts, "co_rfm_options") < 0)
        return CO_EINVAL;
    opts = &resolved;
    if (!isfinite(opts->offset))
        return co__fail(CO_EINVAL, "offset is not finite");
    struct variable vars[3] = {
        {"recency", recency, opts->recency_bins, opts->recency_cuts, {0}},
        {"frequency", frequency, opts->frequency_bins, opts->frequency_cuts, {0}},
        {"monetary", monetary, opts->monetary_bins, opts->monetary_cuts, {0}},
    };
    /* Options are checked whatever n is, so bad ones never pass on empty input. */
    for (int v = 0; v < 3; v++) {
        int rc = check_variable(&vars[v]);
        if (rc < 0)
            return rc;
    }
    if (n == 0)
        return CO_OK;
    for (int v = 0; v < 3; v++) {
        int rc = prepare(&vars[v], n, opts->offset);
        if (rc < 0)
            return rc;
    }
    uint8_t *outs[3] = {recency_out, frequency_out, monetary_out};
    for (int v = 0; v < 3; v++)
        score_values(vars[v].values, n, vars[v].cuts, vars[v].bins - 1, v == 0, outs[v]);
    return CO_OK;
}
