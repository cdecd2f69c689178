/* The span of days the records cover: a report's default as-of day is the
 * last of them. */
#include "error_internal.h"
#include "store_internal.h"

typedef struct day_span {
    co_day first, last; /* first > last while empty */
} day_span;

static void widen(day_span *span, co_day day)
{
    if (day < span->first)
        span->first = day;
    if (day > span->last)
        span->last = day;
}

static void widen_by_kind(const co_store *s, co_record_kind kind, day_span *span)
{
    switch (kind) {
    case CO_RECORD_CUSTOMERS:
        for (size_t i = 0; i < s->customers.len; i++)
            widen(span, STORE_CUST(s, i)->signup);
        break;
    case CO_RECORD_ORDERS:
        for (size_t i = 0; i < s->orders.len; i++)
            widen(span, CO_VEC_AT(&s->orders, order_rec, i).day);
        break;
    case CO_RECORD_FEEDBACK:
        for (size_t i = 0; i < s->feedback.len; i++)
            widen(span, CO_VEC_AT(&s->feedback, feedback_rec, i).day);
        break;
    case CO_RECORD_CONTACTS:
        for (size_t i = 0; i < s->contacts.len; i++) {
            const contact_rec *c = &CO_VEC_AT(&s->contacts, contact_rec, i);
            widen(span, c->opened);
            if (c->resolved != CO_DAY_NONE)
                widen(span, c->resolved);
        }
        break;
    }
}

int co_store_day_range(const co_store *s, int kind, co_day *first, co_day *last)
{
    if (!s || !first || !last)
        return co__fail(CO_EINVAL, "co_store_day_range: NULL argument");
    if (kind != CO_RECORD_ALL && (kind < CO_RECORD_CUSTOMERS || kind > CO_RECORD_CONTACTS))
        return co__fail(CO_EINVAL, "co_store_day_range: unknown record kind %d", kind);
    day_span span = {INT64_MAX, INT64_MIN};
    for (int k = CO_RECORD_CUSTOMERS; k <= CO_RECORD_CONTACTS; k++)
        if (kind == CO_RECORD_ALL || kind == k)
            widen_by_kind(s, (co_record_kind)k, &span);
    if (span.first > span.last)
        return co__fail(CO_ENOTFOUND, "co_store_day_range: no records of kind %d", kind);
    *first = span.first;
    *last = span.last;
    return CO_OK;
}
