/* Per-customer values as of a day: the start day, open support contacts and
 * the last detractor response. Each is computed for every customer in one
 * pass over the records, then picked out for the customers asked for. */
#include <string.h>

#include "alloc_internal.h"
#include "custorient/nps.h"
#include "date_internal.h"
#include "error_internal.h"
#include "store_internal.h"

/* Fills one 8-byte value for each of the first `n` customers (events of the
 * customers after them are skipped). */
typedef void (*per_customer_fn)(const co_store *s, co_day as_of, void *values, size_t n);

static void find_start_days(const co_store *s, co_day as_of, void *values, size_t n)
{
    co_day *start = values;
    for (size_t i = 0; i < n; i++)
        start[i] = STORE_CUST(s, i)->signup;
    const order_rec *o = s->orders.data;
    for (size_t i = 0; i < s->orders.len; i++)
        if (o[i].cust < n && o[i].day <= as_of && o[i].day < start[o[i].cust])
            start[o[i].cust] = o[i].day;
}

static void count_open_contacts(const co_store *s, co_day as_of, void *values, size_t n)
{
    uint64_t *open = values;
    memset(open, 0, n * sizeof *open);
    const contact_rec *c = s->contacts.data;
    for (size_t i = 0; i < s->contacts.len; i++)
        if (c[i].cust < n && c[i].opened <= as_of &&
            (c[i].resolved == CO_DAY_NONE || c[i].resolved > as_of))
            open[c[i].cust]++;
}

static void find_last_detractor(const co_store *s, co_day as_of, void *values, size_t n)
{
    co_day *last = values;
    for (size_t i = 0; i < n; i++)
        last[i] = CO_DAY_NONE; /* INT64_MIN: any day is later */
    const feedback_rec *f = s->feedback.data;
    for (size_t i = 0; i < s->feedback.len; i++)
        if (f[i].cust < n && f[i].kind == CO_FEEDBACK_NPS && f[i].score <= CO_NPS_DETRACTOR_MAX &&
            f[i].day <= as_of && f[i].day > last[f[i].cust])
            last[f[i].cust] = f[i].day;
}

_Static_assert(sizeof(co_day) == sizeof(uint64_t), "values are picked as 8-byte words");

/* Check the arguments, then fill `out` with `fill`'s values for `customers`
 * (or customers 0 .. n-1). */
static int per_customer(const co_store *s, const char *fn, co_day as_of, const size_t *customers,
                        size_t n, void *out, per_customer_fn fill)
{
    if (!s || (n > 0 && !out))
        return co__fail(CO_EINVAL, "%s: NULL argument", fn);
    int rc = co__day_check("as-of day", as_of);
    if (rc < 0)
        return rc;
    if (n == 0)
        return CO_OK; /* nothing asked for: `out` may be NULL */
    size_t count = s->customers.len;
    if (!customers) {
        if (n > count)
            return co__fail(CO_ERANGE, "%s: %zu customers asked for, the store has %zu", fn, n,
                            count);
        fill(s, as_of, out, n);
        return CO_OK;
    }
    for (size_t i = 0; i < n; i++)
        if (customers[i] >= count)
            return co__fail(CO_ERANGE, "%s: no customer at index %zu (entry %zu)", fn, customers[i],
                            i);
    uint64_t *all = co__malloc_array(count ? count : 1, sizeof *all);
    if (!all)
        return co__fail_nomem();
    fill(s, as_of, all, count);
    uint64_t *picked = out;
    for (size_t i = 0; i < n; i++)
        picked[i] = all[customers[i]];
    co__free(all);
    return CO_OK;
}

int co_store_start_days(const co_store *s, co_day as_of, const size_t *customers, size_t n,
                        co_day *out)
{
    return per_customer(s, "co_store_start_days", as_of, customers, n, out, find_start_days);
}

int co_store_open_contacts(const co_store *s, co_day as_of, const size_t *customers, size_t n,
                           uint64_t *out)
{
    return per_customer(s, "co_store_open_contacts", as_of, customers, n, out, count_open_contacts);
}

int co_store_last_detractor(const co_store *s, co_day as_of, const size_t *customers, size_t n,
                            co_day *out)
{
    return per_customer(s, "co_store_last_detractor", as_of, customers, n, out,
                        find_last_detractor);
}
