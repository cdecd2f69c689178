/* The counting pipeline of the streaming summary (stream_count_internal.h). */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "memory_hints_internal.h"
#include "stream_count_internal.h"

/* Start a chunk of a bucket per region of the table (512 KiB, which stays
 * in the core's cache while its rows are counted). */
static int start_chunk(order_counter *c)
{
    unsigned bits = 0;
    for (size_t cap = c->customers.mask + 1; cap > ((size_t)1 << CO_STREAM_REGION_BITS); cap /= 2)
        bits++;
    return co__order_chunk_start(&c->chunk, bits < CO_CHUNK_MAX_BITS ? bits : CO_CHUNK_MAX_BITS);
}

int co__order_counter_init(order_counter *c, co_day as_of)
{
    memset(c, 0, sizeof *c);
    c->as_of = as_of;
    int rc = co__stream_table_init(&c->customers);
    return rc < 0 ? rc : start_chunk(c);
}

void co__order_counter_free(order_counter *c)
{
    co__stream_table_free(&c->customers);
    co__order_chunk_free(&c->chunk);
    co__arrival_free(&c->arrival);
    memset(c, 0, sizeof *c);
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

/* Find the slot of the next row (noting a customer it creates) and start
 * loading its day bitmap. When the table grows, the slots of the rows looked
 * up before move: find them again. */
static int look_up(order_counter *c)
{
    counted_row *r = &c->ring[c->looked_up % CO_COUNT_RING];
    const void *table = c->customers.raw;
    size_t customers = c->customers.count;
    int rc = co__stream_table_get(&c->customers, r->id, r->len, r->hash, &r->slot);
    if (rc == CO_OK && c->customers.count != customers)
        rc = co__arrival_note(&c->arrival, co__chunk_row_number(r->rec));
    if (rc < 0)
        return rc;
    co__stream_days_prefetch(&r->slot->days, r->rec->day);
    for (uint64_t k = c->counted; c->customers.raw != table && k < c->looked_up && rc == CO_OK;
         k++) {
        counted_row *q = &c->ring[k % CO_COUNT_RING];
        rc = co__stream_table_get(&c->customers, q->id, q->len, q->hash, &q->slot);
    }
    c->looked_up++;
    return rc;
}

static int count_next(order_counter *c)
{
    const counted_row *r = &c->ring[c->counted % CO_COUNT_RING];
    c->counted++;
    return count(c, r->slot, r->rec->day, r->rec->amount);
}

/* Pass a row of the chunk through the pipeline. */
static int pipe_row(order_counter *c, const chunk_row *rec)
{
    counted_row *r = &c->ring[c->in % CO_COUNT_RING];
    r->rec = rec;
    r->id = co__chunk_row_id(&c->chunk, rec, &r->len, &r->hash);
    co__stream_table_prefetch(&c->customers, r->hash);
    if (r->len > CO_STREAM_INLINE_ID)
        CO__PREFETCH(r->id); /* a long id is compared from the chunk's pool */
    c->in++;
    int rc = CO_OK;
    if (c->in - c->looked_up > CO_COUNT_SLOT_AHEAD)
        rc = look_up(c);
    if (rc == CO_OK && c->looked_up - c->counted > CO_COUNT_DAYS_AHEAD)
        rc = count_next(c);
    return rc;
}

/* The stretch of the table a bucket's rows probe, loaded in order ahead
 * of the rows (a sequential read instead of a wait per row; a slot is a
 * line). Should the table grow within the bucket, the rest of the sweep
 * loads slots of the grown table the rows may not probe: a wasted hint,
 * never a wrong count. */
#define SWEEP_AHEAD 64

typedef struct sweep {
    size_t from, next, to; /* slots of the stretch, and the next to load */
    size_t rows;           /* rows of the bucket; 0: no sweep */
} sweep;

static sweep sweep_start(const order_counter *c, size_t b, size_t n)
{
    const stream_table *t = &c->customers;
    unsigned bits = c->chunk.bits;
    sweep sw = {.to = t->mask + 1, .rows = n};
    if (bits) {
        sw.from = co__stream_table_home(t, (uint32_t)(b << (32 - bits)));
        if (b + 1 < ((size_t)1 << bits))
            sw.to = co__stream_table_home(t, (uint32_t)((b + 1) << (32 - bits)));
    }
    sw.next = sw.from;
    /* One bucket: a table small enough to be in cache. Fewer rows than half
     * the lines: most lines would be loaded for no row. Prefetch by row only. */
    if (!bits || 2 * n < sw.to - sw.from)
        sw.rows = 0;
    return sw;
}

/* Load the slots of the stretch that row i + SWEEP_AHEAD of the bucket has
 * reached (sw->rows > 0). */
static void sweep_to(sweep *sw, const stream_table *t, size_t i)
{
    size_t to = sw->from + (i + SWEEP_AHEAD) * (sw->to - sw->from) / sw->rows;
    if (to > sw->to)
        to = sw->to;
    for (; sw->next < to; sw->next++)
        CO__PREFETCH_WRITE(&t->slots[sw->next]);
}

/* Count the chunk's rows bucket by bucket, number the customers they
 * created and start the next chunk. While a bucket is counted, the stretch
 * of the next one is loaded: its rows then find their slots in cache from
 * the first on (the first bucket loads its own as it goes). */
static int count_chunk(order_counter *c)
{
    int rc = CO_OK;
    size_t buckets = (size_t)1 << c->chunk.bits, n, next_n = 0;
    co__order_chunk_bucket(&c->chunk, 0, &n);
    sweep sw = sweep_start(c, 0, n);
    for (size_t b = 0; b < buckets && rc == CO_OK; b++) {
        const chunk_row *rec = co__order_chunk_bucket(&c->chunk, b, &n);
        sweep ahead = {0};
        if (b + 1 < buckets) {
            co__order_chunk_bucket(&c->chunk, b + 1, &next_n);
            ahead = sweep_start(c, b + 1, next_n);
            if (ahead.rows)
                ahead.rows = n ? n : 1; /* paced by this bucket's rows */
        }
        for (size_t i = 0; i < n && rc == CO_OK; i++) {
            if (sw.rows)
                sweep_to(&sw, &c->customers, i);
            if (ahead.rows)
                sweep_to(&ahead, &c->customers, i);
            rc = pipe_row(c, rec + i);
        }
        if (ahead.rows)
            sweep_to(&ahead, &c->customers, ahead.rows); /* the rest of it */
        sw = (sweep){0};
    }
    while (rc == CO_OK && c->looked_up < c->in)
        rc = look_up(c);
    while (rc == CO_OK && c->counted < c->looked_up)
        rc = count_next(c);
    if (rc == CO_OK)
        rc = co__arrival_number_chunk(&c->arrival, c->chunk.rows);
    c->in = c->looked_up = c->counted = 0;
    c->chunk.rows = 0; /* after a failure too: nothing is counted twice */
    return rc < 0 ? rc : start_chunk(c);
}

int co__order_counter_add(order_counter *c, const char *id, size_t len, co_day day, int64_t amount)
{
    if (!c->chunk.limit) /* starting the chunk failed */
        return co__fail_nomem();
    int rc = co__order_chunk_add(&c->chunk, id, len, (int32_t)day, amount);
    return rc == 1 ? count_chunk(c) : rc;
}

int co__order_counter_drain(order_counter *c) { return c->chunk.rows ? count_chunk(c) : CO_OK; }
