/* NPS per calendar period: validate everything, find the distinct period
 * starts by sorting, then count each answer into its period. */
#include <stdlib.h>

#include "alloc_internal.h"
#include "custorient/nps.h"
#include "error_internal.h"
#include "nps_internal.h"
#include "period_internal.h"

static int compare_days(const void *a, const void *b)
{
    co_day x = *(const co_day *)a, y = *(const co_day *)b;
    return (x > y) - (x < y);
}

/* Index of `key` in the sorted array `starts` (it is known to be present). */
static size_t find_start(const co_day *starts, size_t count, co_day key)
{
    size_t lo = 0, hi = count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (starts[mid] <= key)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int check_inputs(const co_day *days, const int *scores, const double *weights, size_t n,
                        co_period period)
{
    int rc = co__period_check(period);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if ((rc = co__period_check_day(days[i], i)) < 0)
            return rc;
        if ((rc = co__nps_check_answer(scores[i], weights ? &weights[i] : NULL, i)) < 0)
            return rc;
    }
    return CO_OK;
}

int co_nps_by_period(const co_day *days, const int *scores, const double *weights, size_t n,
                     co_period period, co_nps_period **out, size_t *out_count)
{
    if (!out || !out_count || ((!days || !scores) && n > 0))
        return co__fail(CO_EINVAL, "co_nps_by_period: NULL argument");
    int rc = check_inputs(days, scores, weights, n, period);
    if (rc < 0)
        return rc;
    if (n == 0) {
        *out = NULL;
        *out_count = 0;
        return CO_OK;
    }

    co_day *starts = co__malloc_array(n, sizeof *starts);
    if (!starts)
        return co__fail_nomem();
    for (size_t i = 0; i < n; i++)
        starts[i] = co__period_first_day(days[i], period);
    qsort(starts, n, sizeof *starts, compare_days);
    size_t count = 1;
    for (size_t i = 1; i < n; i++)
        if (starts[i] != starts[count - 1])
            starts[count++] = starts[i];

    co_nps_period *periods = co__calloc(count, sizeof *periods);
    if (!periods) {
        co__free(starts);
        return co__fail_nomem();
    }
    for (size_t p = 0; p < count; p++)
        periods[p].start = starts[p];
    for (size_t i = 0; i < n; i++) {
        size_t p = find_start(starts, count, co__period_first_day(days[i], period));
        /* Inputs are validated and counts cannot exceed n, but finite weights can still
         * add up past the range of a double within a period. */
        int added = weights ? co_nps_add_weighted(&periods[p].nps, scores[i], weights[i])
                            : co_nps_add(&periods[p].nps, scores[i]);
        if (added < 0) {
            long long start = (long long)starts[p];
            co__free(starts);
            co__free(periods);
            return co__fail(CO_EOVERFLOW,
                            "NPS weights of the period starting on day %lld overflow (index %zu)",
                            start, i);
        }
    }
    co__free(starts);
    *out = periods;
    *out_count = count;
    return CO_OK;
}

void co_nps_periods_free(co_nps_period *periods) { co__free(periods); }
