/* At-risk ranking: a bounded min-heap of the best `top_n` rows kept in the
 * caller's output array (the worst kept row at the root), then heap-sorted
 * best first. */
#include "custorient/atrisk.h"

#include <math.h>
#include <string.h>

#include "error_internal.h"
#include "sized_internal.h"

/* 1 if row a ranks before row b (see the tie rule in atrisk.h). */
static int ranks_before(const co_atrisk_row *a, const co_atrisk_row *b)
{
    if (a->value_at_risk != b->value_at_risk)
        return a->value_at_risk > b->value_at_risk;
    if (a->open_contacts != b->open_contacts)
        return a->open_contacts > b->open_contacts;
    int a_has = a->days_since_detractor >= 0, b_has = b->days_since_detractor >= 0;
    if (a_has != b_has)
        return a_has;
    if (a_has && a->days_since_detractor != b->days_since_detractor)
        return a->days_since_detractor < b->days_since_detractor;
    return a->index < b->index;
}

/* Restore the heap below `i`: every parent ranks after its children, so the
 * root is the row that ranks last. */
static void sift_down(co_atrisk_row *heap, size_t len, size_t i)
{
    for (;;) {
        size_t worst = i, l = 2 * i + 1, r = l + 1;
        if (l < len && ranks_before(&heap[worst], &heap[l]))
            worst = l;
        if (r < len && ranks_before(&heap[worst], &heap[r]))
            worst = r;
        if (worst == i)
            return;
        co_atrisk_row tmp = heap[i];
        heap[i] = heap[worst];
        heap[worst] = tmp;
        i = worst;
    }
}

static void sift_up(co_atrisk_row *heap, size_t i)
{
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!ranks_before(&heap[parent], &heap[i]))
            return;
        co_atrisk_row tmp = heap[i];
        heap[i] = heap[parent];
        heap[parent] = tmp;
        i = parent;
    }
}

static int check_inputs(const double *p_alive, const double *value, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!(p_alive[i] >= 0.0 && p_alive[i] <= 1.0))
            return co__fail(CO_EINVAL, "p_alive %g at index %zu is not in [0, 1]", p_alive[i], i);
        if (!isfinite(value[i]) || value[i] < 0.0)
            return co__fail(CO_EINVAL, "value %g at index %zu is not finite and >= 0", value[i], i);
    }
    return CO_OK;
}

/* The defaults co_atrisk_signals_init() writes and fields an older caller lacks take:
 * no signal. */
static co_atrisk_signals defaults(void)
{
    co_atrisk_signals d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    return d;
}

int co_atrisk_signals_init(co_atrisk_signals *signals, size_t size)
{
    co_atrisk_signals d = defaults();
    return co__options_init(signals, size, &d, sizeof d, __func__);
}

int co_atrisk_rank(const double *p_alive, const double *value, size_t n,
                   const co_atrisk_signals *signals, size_t top_n, co_atrisk_row *out,
                   size_t *out_count)
{
    if (!p_alive || !value || !out || !out_count)
        return co__fail(CO_EINVAL, "NULL argument to co_atrisk_rank");
    if (n == 0 || top_n == 0)
        return co__fail(CO_EINVAL, "nothing to rank (n = %zu, top_n = %zu)", n, top_n);
    co_atrisk_signals resolved = defaults();
    if (co__options_resolve(&resolved, sizeof resolved, signals, "co_atrisk_signals") < 0)
        return CO_EINVAL;
    int rc = check_inputs(p_alive, value, n);
    if (rc < 0)
        return rc;
    const int64_t *days = resolved.days_since_detractor;
    const uint64_t *contacts = resolved.open_contacts;
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        co_atrisk_row row = {0};
        row.index = i;
        row.p_churned = 1.0 - p_alive[i];
        row.value = value[i];
        row.value_at_risk = row.p_churned * value[i];
        row.days_since_detractor = days && days[i] >= 0 ? days[i] : (int64_t)CO_ATRISK_NO_DETRACTOR;
        row.open_contacts = contacts ? contacts[i] : 0;
        if (len < top_n) {
            out[len] = row;
            sift_up(out, len++);
        } else if (ranks_before(&row, &out[0])) {
            out[0] = row;
            sift_down(out, len, 0);
        }
    }
    /* Heap sort: move the last-ranked root to the end until sorted best first. */
    for (size_t end = len; end > 1; end--) {
        co_atrisk_row tmp = out[0];
        out[0] = out[end - 1];
        out[end - 1] = tmp;
        sift_down(out, end - 1, 0);
    }
    *out_count = len;
    return CO_OK;
}
