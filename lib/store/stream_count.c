/* The counting pipeline of the streaming summary (stream_count_internal.h). */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "stream_count_internal.h"

int co__order_counter_init(order_counter *c, co_day as_of)
{
    memset(c, 0, sizeof *c);
    c->as_of = as_of;
    return co__stream_table_init(&c->customers);
}

void co__order_counter_free(order_counter *c)
{
    for (size_t i = 0; i < CO_COUNT_RING; i++)
        co__free(c->ring[i].long_id);
    co__stream_table_free(&c->customers);
    memset(c, 0, sizeof *c);
}

static const char *id_of(const counted_row *r)
{
    return r->len <= CO_STREAM_INLINE_ID ? r->key : r->long_id;
}

/* Count an order of the customer in slot `s`. */
static int count(order_counter *c, stream_slot *s, int32_t d, int64_t m)
{
    if (c->as_of != CO_DAY_NONE && d > c->as_of)
        return CO_OK;
    if (s->orders == 0) {
        s->orders = 1;
        s->first = d;
        s->total = s->first_spend = m;
        co__stream_days_start(&s->days);
        return CO_OK;
    }
    int64_t total;
    int len = (int)(s->len > 64 ? 64 : s->len);
    if (__builtin_add_overflow(s->total, m, &total))
        return co__fail(CO_EOVERFLOW, "total spend of customer '%.*s' overflows 9.2e12", len,
                        co__stream_slot_id(&c->customers, s));
    if (s->orders == UINT32_MAX)
        return co__fail(CO_EOVERFLOW, "customer '%.*s' has more than %u orders", len,
                        co__stream_slot_id(&c->customers, s), UINT32_MAX);
    if (d == s->first) {
        s->first_spend += m; /* no overflow: amounts are >= 0 and the total fits */
    } else {
        int rc = co__stream_days_add(&s->days, s->first, d);
        if (rc < 0)
            return rc;
        if (d < s->first) {
            s->first = d;
            s->first_spend = m;
        }
    }
    s->total = total;
    s->orders++;
    return CO_OK;
}

/* Find the slot of the next row and start loading its day bitmap. When the
 * table grows, the slots of the rows looked up before move: find them again. */
static int look_up(order_counter *c)
{
    counted_row *r = &c->ring[c->looked_up % CO_COUNT_RING];
    const void *table = c->customers.raw;
    int rc = co__stream_table_get(&c->customers, id_of(r), r->len, r->hash, &r->slot);
    if (rc < 0)
        return rc;
    co__stream_days_prefetch(&r->slot->days, r->day);
    for (uint64_t k = c->counted; c->customers.raw != table && k < c->looked_up && rc == CO_OK;
         k++) {
        counted_row *q = &c->ring[k % CO_COUNT_RING];
        rc = co__stream_table_get(&c->customers, id_of(q), q->len, q->hash, &q->slot);
    }
    c->looked_up++;
    return rc;
}

static int count_next(order_counter *c)
{
    const counted_row *r = &c->ring[c->counted % CO_COUNT_RING];
    c->counted++;
    return count(c, r->slot, r->day, r->amount);
}

int co__order_counter_add(order_counter *c, const char *id, size_t len, co_day day, int64_t amount)
{
    counted_row *r = &c->ring[c->in % CO_COUNT_RING];
    if (len <= CO_STREAM_INLINE_ID) {
        memset(r->key, 0, sizeof r->key);
        memcpy(r->key, id, len);
    } else {
        if (len > r->long_cap) {
            char *p = co__realloc(r->long_id, len);
            if (!p)
                return co__fail_nomem();
            r->long_id = p;
            r->long_cap = len;
        }
        memcpy(r->long_id, id, len);
    }
    r->len = len;
    r->hash = co__stream_hash(id_of(r), len);
    r->day = (int32_t)day;
    r->amount = amount;
    co__stream_table_prefetch(&c->customers, r->hash);
    c->in++;
    int rc = CO_OK;
    if (c->in - c->looked_up > CO_COUNT_SLOT_AHEAD)
        rc = look_up(c);
    if (rc == CO_OK && c->looked_up - c->counted > CO_COUNT_DAYS_AHEAD)
        rc = count_next(c);
    return rc;
}

int co__order_counter_drain(order_counter *c)
{
    int rc = CO_OK;
    while (rc == CO_OK && c->looked_up < c->in)
        rc = look_up(c);
    while (rc == CO_OK && c->counted < c->looked_up)
        rc = count_next(c);
    return rc;
}
