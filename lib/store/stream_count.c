/* The counting of the streaming summary (stream_count_internal.h). */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "memory_hints_internal.h"
#include "stream_count_internal.h"

void co__order_counter_expect(order_counter *c, uint64_t bytes)
{
    c->input = bytes;
    co__stream_table_expect(&c->customers, bytes);
}

/* Whether the input, at the rate of rows a byte parsed so far, holds more
 * rows than its customers so far could keep inline (11 days each): then
 * many customers will spill their days, and the arena will need memory. */
static int many_rows_a_customer(const order_counter *c)
{
    if (!c->input || !c->parsed || !c->customers.count)
        return 0;
    double rows = (double)c->rows * ((double)c->input / (double)c->parsed);
    return rows > (CO_STREAM_INLINE_DAYS + 1) * (double)c->customers.count;
}

/* Offer the (empty) chunk the block the table outgrew: it keeps the larger
 * of that and its own. The other goes to the arena of the spilled day
 * sets, which would otherwise take as much fresh memory, when many
 * customers are likely to spill (held idle, it would keep the kernel from
 * giving its pages to the next blocks); else it is freed. */
static void offer_outgrown_block(order_counter *c)
{
    size_t bytes, left;
    void *spare = co__stream_table_take_spare(&c->customers, &bytes);
    void *unused = co__order_chunk_offer(&c->chunk, spare, bytes, &left);
    if (many_rows_a_customer(c))
        co__day_arena_give(&c->customers.days, unused, left);
    else
        co__free(unused);
}

/* Start a chunk of a bucket per region of the table (512 KiB, which stays
 * in the core's cache while its rows are counted), in the block the table
 * outgrew when that is larger than the chunk's own. */
static int start_chunk(order_counter *c)
{
    offer_outgrown_block(c);
    unsigned bits = 0;
    for (size_t cap = c->customers.mask + 1; cap > ((size_t)1 << CO_STREAM_REGION_BITS); cap /= 2)
        bits++;
    return co__order_chunk_start(&c->chunk, bits < CO_CHUNK_MAX_BITS ? bits : CO_CHUNK_MAX_BITS);
}

int co__order_counter_init(order_counter *c, co_day as_of)
{
    memset(c, 0, sizeof *c);
    c->last_day = as_of == CO_DAY_NONE ? INT32_MAX : (int32_t)as_of;
    int rc = co__stream_table_init(&c->customers);
    return rc < 0 ? rc : start_chunk(c);
}

/* Free the scratch arrays of a bucket's rows. */
static void free_scratch(order_counter *c)
{
    co__free(c->hash);
    co__free(c->order);
    co__free(c->waiting);
    c->hash = c->order = NULL;
    c->waiting = NULL;
    c->scratch = 0;
}

void *co__order_counter_release_rows(order_counter *c)
{
    size_t bytes;
    offer_outgrown_block(c);
    void *block = co__order_chunk_take_block(&c->chunk, &bytes);
    co__order_chunk_free(&c->chunk);
    free_scratch(c);
    return block;
}

void co__order_counter_free(order_counter *c)
{
    co__free(co__order_counter_release_rows(c));
    co__stream_table_free(&c->customers);
    co__arrival_free(&c->arrival);
    memset(c, 0, sizeof *c);
}

/* The error of an order of m millionths that count() cannot add to slot `s`. */
static __attribute__((noinline, cold)) int overflow(const order_counter *c, const stream_slot *s,
                                                    int64_t m)
{
    size_t id_len = co__stream_slot_len(&c->customers, s);
    int len = (int)(id_len > 64 ? 64 : id_len);
    const char *id = co__stream_slot_id(&c->customers, s);
    int64_t total;
    if (__builtin_add_overflow(s->total, m, &total))
        return co__fail(CO_EOVERFLOW, "total spend of customer '%.*s' overflows 9.2e12", len, id);
    return co__fail(CO_EOVERFLOW, "customer '%.*s' has more than %u orders", len, id, UINT32_MAX);
}

/* Count an order of the customer in slot `s`. Inline in both passes: it
 * runs once a row, and a call added some 14 instructions to its 80. */
static inline __attribute__((always_inline)) int count(order_counter *c, stream_slot *s, int32_t d,
                                                       int64_t m)
{
    if (d > c->last_day)
        return CO_OK;
    if (s->orders == 0) {
        s->orders = 1;
        s->first = d;
        s->total = s->first_spend = m;
        co__stream_days_start(&s->days);
        return CO_OK;
    }
    int64_t total;
    if (__builtin_add_overflow(s->total, m, &total) | (s->orders == UINT32_MAX))
        return overflow(c, s, m);
    if (d != s->first) {
        int rc = co__stream_days_add(&s->days, s->first, d, &c->customers.days);
        if (rc < 0)
            return rc;
    }
    /* Selects rather than branches: whether d is earlier is a coin toss.
     * No overflow: amounts are >= 0 and the total fits. */
    int64_t spend = d == s->first ? s->first_spend + m : s->first_spend;
    s->first_spend = d < s->first ? m : spend;
    s->first = d < s->first ? d : s->first;
    s->total = total;
    s->orders++;
    return CO_OK;
}

/* Rows whose record and first slot are loaded ahead of the one counted. */
#define AHEAD 8

/* Bits of the hash, below a bucket's, that order its rows: 1024 runs of
 * 8 slots of a stretch of 2^CO_STREAM_REGION_BITS. */
#define ORDER_BITS 10
#define ORDER_KEY(hash, shift) (((hash) >> (shift)) & ((1u << ORDER_BITS) - 1))

/* Rows of a bucket the scratch arrays hold, grown with the chunk. */
static int reserve_scratch(order_counter *c, size_t rows)
{
    if (rows <= c->scratch)
        return CO_OK;
    free_scratch(c);
    c->hash = co__malloc_array(rows, sizeof *c->hash);
    c->order = co__malloc_array(rows, sizeof *c->order);
    c->waiting = co__malloc_array(rows / 64 + 1, sizeof *c->waiting);
    c->scratch = c->hash && c->order && c->waiting ? rows : 0;
    return c->scratch ? CO_OK : co__fail_nomem();
}

/* Start loading row rec[i] and the slot its probe starts at. */
static void load_ahead(const order_counter *c, const chunk_row *rec, uint32_t i)
{
    CO__PREFETCH(rec + i);
    co__stream_table_prefetch(&c->customers, c->hash[i]);
}

/* Start loading the long id of row rec[i], and the one of the slot its
 * probe starts at, which it is compared with: both are read from pools,
 * at random. The row and the slot were loaded LONG_ID_AHEAD rows ago. */
#define LONG_ID_AHEAD (AHEAD / 2)

static void load_long_ids(const order_counter *c, const chunk_row *rec, uint32_t i)
{
    size_t len;
    const char *id = co__chunk_row_id(&c->chunk, rec + i, &len);
    if (len <= CO_STREAM_INLINE_ID)
        return;
    CO__PREFETCH(id);
    const stream_table *t = &c->customers;
    const stream_slot *home = &t->slots[co__stream_table_home(t, c->hash[i])];
    if (co__stream_slot_long(home))
        CO__PREFETCH(co__stream_slot_id(t, home));
}

/* Start loading the first rows of a list of m, and their slots (`at`
 * NULL: rec[0..m) in order). */
static void load_first(const order_counter *c, const chunk_row *rec, const uint32_t *at, size_t m)
{
    for (size_t j = 0; j < m && j < AHEAD; j++)
        load_ahead(c, rec, at ? at[j] : (uint32_t)j);
}

/* Start loading what the rows after row k of a list of m will need: row
 * at[k + AHEAD] and its slot, and the long ids of row at[k + LONG_ID_AHEAD]. */
static inline __attribute__((always_inline)) void
load_for(const order_counter *c, const chunk_row *rec, const uint32_t *at, size_t k, size_t m)
{
    if (k + AHEAD < m)
        load_ahead(c, rec, at ? at[k + AHEAD] : (uint32_t)(k + AHEAD));
    if (c->chunk.ids.len && k + LONG_ID_AHEAD < m) /* a chunk of short ids has none to load */
        load_long_ids(c, rec, at ? at[k + LONG_ID_AHEAD] : (uint32_t)(k + LONG_ID_AHEAD));
}

/* Count rows rec[at[0..m)] in that order (rec[0..m) when `at` is NULL),
 * creating the customers that are new and noting the rows that did. */
static int count_in_turn(order_counter *c, const chunk_row *rec, const uint32_t *at, size_t m)
{
    int rc = CO_OK;
    load_first(c, rec, at, m);
    for (size_t k = 0; k < m && rc == CO_OK; k++) {
        load_for(c, rec, at, k, m);
        uint32_t i = at ? at[k] : (uint32_t)k;
        const chunk_row *r = rec + i;
        size_t len, customers = c->customers.count;
        const char *id = co__chunk_row_id(&c->chunk, r, &len);
        stream_slot *s;
        rc = co__stream_table_get(&c->customers, id, len, c->hash[i], &s);
        if (rc == CO_OK && c->customers.count != customers)
            rc = co__arrival_note(&c->arrival, co__chunk_row_number(r));
        if (rc == CO_OK)
            rc = count(c, s, r->day, r->amount);
    }
    return rc;
}

/* Put the n rows of a bucket in the order of the slots their probes start
 * at: a counting sort on the hash bits below the bucket's. */
static void order_bucket(order_counter *c, size_t n)
{
    uint32_t start[((size_t)1 << ORDER_BITS) + 1] = {0};
    unsigned shift = 32 - c->chunk.bits - ORDER_BITS;
    const uint32_t *hash = c->hash;
    for (size_t i = 0; i < n; i++)
        start[ORDER_KEY(hash[i], shift) + 1]++;
    for (size_t k = 1; k <= (size_t)1 << ORDER_BITS; k++)
        start[k] += start[k - 1];
    for (size_t i = 0; i < n; i++)
        c->order[start[ORDER_KEY(hash[i], shift)]++] = (uint32_t)i;
}

/* Count the rows of known customers in the order of their slots and leave
 * the others, in that order, at c->order[0..*left). */
static int count_known(order_counter *c, const chunk_row *rec, size_t n, size_t *left)
{
    uint32_t *order = c->order;
    size_t m = 0;
    int rc = CO_OK;
    load_first(c, rec, order, n);
    for (size_t k = 0; k < n && rc == CO_OK; k++) {
        load_for(c, rec, order, k, n);
        uint32_t i = order[k];
        size_t len;
        const char *id = co__chunk_row_id(&c->chunk, rec + i, &len);
        stream_slot *s = co__stream_table_find(&c->customers, id, len, c->hash[i]);
        if (s)
            rc = count(c, s, rec[i].day, rec[i].amount);
        else
            order[m++] = i; /* m <= k: read already */
    }
    *left = m;
    return rc;
}

/* Put the m row numbers at c->order in increasing order. */
static void in_arrival_order(order_counter *c, size_t m, size_t n)
{
    uint64_t *seen = c->waiting;
    uint32_t *order = c->order;
    memset(seen, 0, (n / 64 + 1) * sizeof *seen);
    for (size_t k = 0; k < m; k++)
        seen[order[k] / 64] |= (uint64_t)1 << (order[k] % 64);
    size_t k = 0;
    for (size_t w = 0; w <= n / 64; w++)
        for (uint64_t bits = seen[w]; bits; bits &= bits - 1)
            order[k++] = (uint32_t)(64 * w + (size_t)__builtin_ctzll(bits));
}

/* Count the n rows of bucket b of the chunk. The rows of known customers
 * go first, in the order of their slots. The others create customers:
 * in slot order too when the bucket's stretch of the table has room for
 * all of them, else in order of arrival, which spreads them over the
 * table as it grows (in slot order they would pile up where the sweep is
 * while the table still counts as roomy). */
static int count_bucket(order_counter *c, size_t b, const chunk_row *rec, size_t n)
{
    for (size_t i = 0; i < n; i++)
        c->hash[i] = co__chunk_row_hash(rec + i);
    if (!c->chunk.bits) /* one bucket: a table small enough to stay in cache */
        return count_in_turn(c, rec, NULL, n);
    size_t left;
    order_bucket(c, n);
    int rc = count_known(c, rec, n, &left);
    if (rc < 0)
        return rc;
    const stream_table *t = &c->customers;
    int same_regions = t->mask + 1 == (size_t)1 << (c->chunk.bits + CO_STREAM_REGION_BITS);
    if (!same_regions || !co__stream_table_room(t, b, left))
        in_arrival_order(c, left, n);
    return count_in_turn(c, rec, c->order, left);
}

/* Count the chunk's rows bucket by bucket, number the customers they
 * created and start the next chunk. */
static int count_chunk(order_counter *c)
{
    size_t buckets = (size_t)1 << c->chunk.bits, n;
    int rc = reserve_scratch(c, c->chunk.per);
    for (size_t b = 0; b < buckets && rc == CO_OK; b++) {
        const chunk_row *rec = co__order_chunk_bucket(&c->chunk, b, &n);
        rc = count_bucket(c, b, rec, n);
    }
    if (rc == CO_OK)
        rc = co__arrival_number_chunk(&c->arrival, c->chunk.rows);
    c->rows += c->chunk.rows;
    c->chunk.rows = 0; /* after a failure too: nothing is counted twice */
    return rc < 0 ? rc : start_chunk(c);
}

int co__order_counter_count_chunk(order_counter *c) { return count_chunk(c); }

int co__order_counter_drain(order_counter *c) { return c->chunk.rows ? count_chunk(c) : CO_OK; }
