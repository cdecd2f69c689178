/* The day log of the streaming summary (stream_days_internal.h). Sorting a
 * chunk at a time keeps the work sequential (LSD radix, 11 bits a pass) and
 * drops an order day repeated within a chunk at once. */
#include <string.h>

#include "alloc_internal.h"
#include "stream_days_internal.h"

#define DIGIT_BITS 11
#define DIGITS (1u << DIGIT_BITS)

void co__day_log_init(day_log *l, size_t chunk)
{
    *l = (day_log){.chunk = chunk ? chunk : (size_t)4 << 20};
}

void co__day_log_free(day_log *l)
{
    co__vec_free(&l->keys);
    co__vec_free(&l->run_end);
    co__free(l->tmp);
    *l = (day_log){0};
}

/* Sort keys[0..n) (LSD radix over the low `bits` bits) and drop repeats;
 * returns the number left. */
static size_t sort_unique(uint64_t *keys, size_t n, uint64_t *tmp, int bits)
{
    uint64_t *from = keys, *to = tmp;
    for (int shift = 0; shift < bits; shift += DIGIT_BITS) {
        size_t count[DIGITS + 1];
        memset(count, 0, sizeof count);
        for (size_t i = 0; i < n; i++)
            count[((from[i] >> shift) & (DIGITS - 1)) + 1]++;
        for (size_t d = 0; d < DIGITS; d++)
            count[d + 1] += count[d];
        for (size_t i = 0; i < n; i++)
            to[count[(from[i] >> shift) & (DIGITS - 1)]++] = from[i];
        uint64_t *t = from;
        from = to;
        to = t;
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || from[i] != keys[m - 1])
            keys[m++] = from[i]; /* from == tmp or keys: writing behind the reader is safe */
    return m;
}

/* Turn the unsorted tail into a run. */
static int close_run(day_log *l)
{
    size_t n = l->keys.len - l->sorted;
    if (n == 0)
        return CO_OK;
    if (!l->tmp && !(l->tmp = co__malloc_array(l->chunk, sizeof *l->tmp)))
        return co__fail_nomem();
    int rc = co__vec_reserve(&l->run_end, sizeof(size_t), l->run_end.len + 1);
    if (rc < 0)
        return rc;
    uint64_t *tail = (uint64_t *)l->keys.data + l->sorted;
    l->keys.len = l->sorted + sort_unique(tail, n, l->tmp, l->bits);
    l->sorted = l->keys.len;
    co__vec_push(&l->run_end, sizeof l->sorted, &l->sorted); /* reserved */
    return CO_OK;
}

int co__day_log_add(day_log *l, size_t cust, int64_t day)
{
    uint64_t key = ((uint64_t)cust << CO_DAY_LOG_BITS) | (uint64_t)(day + CO_DAY_LOG_BIAS);
    while (l->bits < 64 && (key >> l->bits) != 0)
        l->bits++;
    int rc = CO_OK;
    if (l->keys.len == l->keys.cap &&
        (rc = co__vec_reserve(&l->keys, sizeof key, l->keys.len + 1)) < 0)
        return rc;
    ((uint64_t *)l->keys.data)[l->keys.len++] = key;
    if (l->keys.len - l->sorted >= l->chunk)
        rc = close_run(l);
    return rc;
}

int co__day_log_count(day_log *l, size_t *days, size_t n)
{
    int rc = close_run(l);
    if (rc < 0)
        return rc;
    size_t runs = l->run_end.len;
    const uint64_t *keys = l->keys.data;
    const size_t *end = l->run_end.data;
    size_t *at = co__malloc_array(runs ? runs : 1, sizeof *at);
    if (!at)
        return co__fail_nomem();
    for (size_t r = 0; r < runs; r++)
        at[r] = r ? end[r - 1] : 0;
    /* Merge the runs: the smallest head next; a key equal to the last one
     * taken is the same day of the same customer in another chunk. */
    uint64_t last = UINT64_MAX;
    for (;;) {
        size_t best = SIZE_MAX;
        for (size_t r = 0; r < runs; r++)
            if (at[r] < end[r] && (best == SIZE_MAX || keys[at[r]] < keys[at[best]]))
                best = r;
        if (best == SIZE_MAX)
            break;
        uint64_t k = keys[at[best]++];
        if (k != last) {
            size_t c = (size_t)(k >> CO_DAY_LOG_BITS);
            if (c < n)
                days[c]++;
            last = k;
        }
    }
    co__free(at);
    return CO_OK;
}
