/* Per-customer order summaries (the inputs of the BG/NBD, Pareto/NBD and
 * gamma-gamma models, and of RFM). Orders are bucketed by customer with a
 * counting sort, then each customer's few orders are sorted by day. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc_internal.h"
#include "date_internal.h"
#include "memory_hints_internal.h"
#include "store_internal.h"

typedef struct dated {
    co_day day;
    double amount;
    size_t seq; /* insertion order: ties keep it, so sums add in file order */
} dated;

static int by_day(const void *a, const void *b)
{
    const dated *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void sort_days(dated *d, size_t n)
{
    if (n > 32) {
        qsort(d, n, sizeof *d, by_day);
        return;
    }
    for (size_t i = 1; i < n; i++) { /* stable insertion sort */
        dated v = d[i];
        size_t j = i;
        for (; j > 0 && d[j - 1].day > v.day; j--)
            d[j] = d[j - 1];
        d[j] = v;
    }
}

void co_summary_free(co_summary *s)
{
    if (!s)
        return;
    co__free(s->customer); /* one block holds every array */
    co__free(s);
}

co_summary *co__summary_alloc(size_t n) { return co__summary_alloc_in(n, NULL); }

co_summary *co__summary_alloc_in(size_t n, void *spare)
{
    const size_t row = sizeof(size_t) + 7 * sizeof(double) + sizeof(uint64_t) + 2 * sizeof(co_day);
    co_summary *s = co__calloc(1, sizeof *s);
    size_t bytes;
    char *block = s && co__mul_fits(n ? n : 1, row, &bytes) ? co__realloc(spare, bytes) : NULL;
    if (!block) {
        co__free(spare);
        co__free(s);
        return NULL;
    }
    co__hint_large_block(block, (n ? n : 1) * row); /* written column by column */
    s->n = n;
    s->customer = (size_t *)(void *)block;
    double *d = (double *)(void *)(block + n * sizeof(size_t));
    s->frequency = d;
    s->recency = d + n;
    s->T = d + 2 * n;
    s->monetary_value = d + 3 * n;
    s->total_spend = d + 4 * n;
    s->days_since_last = d + 5 * n;
    s->orders = (uint64_t *)(void *)(d + 6 * n);
    s->first_order = (co_day *)(void *)(s->orders + n);
    s->last_order = s->first_order + n;
    s->order_count = (double *)(void *)(s->last_order + n);
    return s;
}

int co_store_summary(const co_store *st, co_day as_of, co_time_unit unit, co_summary **out)
{
    if (!st || !out)
        return co__fail(CO_EINVAL, "co_store_summary: NULL argument");
    if (unit != CO_UNIT_DAYS && unit != CO_UNIT_WEEKS)
        return co__fail(CO_EINVAL, "co_store_summary: time unit %d is not days or weeks",
                        (int)unit);
    int rc = co__day_check("as-of day", as_of);
    if (rc < 0)
        return rc;
    size_t nc = st->customers.len, no = st->orders.len;
    const order_rec *o = st->orders.data;
    size_t *start = co__calloc(nc + 1, sizeof *start);
    if (!start)
        return co__fail_nomem();
    size_t used = 0;
    for (size_t i = 0; i < no; i++)
        if (o[i].day <= as_of) {
            start[o[i].cust + 1]++;
            used++;
        }
    size_t rows = 0;
    for (size_t c = 0; c < nc; c++) {
        rows += start[c + 1] != 0;
        start[c + 1] += start[c];
    }
    dated *d = co__malloc_array(used ? used : 1, sizeof *d);
    co_summary *s = d ? co__summary_alloc(rows) : NULL;
    if (!s) {
        co__free(d);
        co__free(start);
        return co__fail_nomem();
    }
    /* Counting sort: start[c] walks forward and ends at customer c+1's start. */
    for (size_t i = 0; i < no; i++)
        if (o[i].day <= as_of)
            d[start[o[i].cust]++] = (dated){o[i].day, o[i].amount, i};
    double scale = unit == CO_UNIT_WEEKS ? 7.0 : 1.0; /* days per unit */
    size_t r = 0, from = 0;
    for (size_t c = 0; c < nc; c++) {
        size_t to = start[c];
        if (to == from)
            continue;
        dated *g = d + from;
        size_t k = to - from;
        sort_days(g, k);
        /* Distinct days; repeat spend is everything after the first day. */
        double total = 0, repeat = 0;
        size_t distinct = 0;
        for (size_t i = 0; i < k; i++) {
            distinct += i == 0 || g[i].day != g[i - 1].day;
            total += g[i].amount;
            if (distinct > 1)
                repeat += g[i].amount;
        }
        if (!isfinite(total)) {
            /* Amounts are finite each, but their sum can still overflow. */
            co__free(d);
            co__free(start);
            co_summary_free(s);
            return co__fail(CO_EOVERFLOW, "total spend of customer '%s' overflows a double",
                            STORE_STR(st, STORE_CUST(st, c)->id));
        }
        s->customer[r] = c;
        s->frequency[r] = (double)(distinct - 1);
        s->recency[r] = (double)(g[k - 1].day - g[0].day) / scale;
        s->T[r] = (double)(as_of - g[0].day) / scale;
        s->monetary_value[r] = distinct > 1 ? repeat / (double)(distinct - 1) : 0.0;
        s->total_spend[r] = total;
        s->orders[r] = k;
        s->order_count[r] = (double)k;
        s->days_since_last[r] = (double)(as_of - g[k - 1].day);
        s->first_order[r] = g[0].day;
        s->last_order[r] = g[k - 1].day;
        r++;
        from = to;
    }
    co__free(d);
    co__free(start);
    *out = s;
    return CO_OK;
}
