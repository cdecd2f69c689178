/* Orders counted into the customer table of a streaming summary. Rows wait
 * in a chunk (stream_chunk_internal.h) grouped by the part of the table
 * their customer falls in; a full chunk is counted bucket by bucket, and a
 * bucket's rows in the order of the slots where their probes start (a
 * counting sort on the next bits of their hash), so that the table is read
 * from one end of the bucket's stretch to the other, as the processor's own
 * prefetcher expects, instead of at random. Customers are numbered in order
 * of first appearance (stream_arrival_internal.h). */
#ifndef CO_STREAM_COUNT_INTERNAL_H
#define CO_STREAM_COUNT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/store.h"
#include "stream_arrival_internal.h"
#include "stream_chunk_internal.h"
#include "stream_table_internal.h"

typedef struct order_counter {
    stream_table customers;
    int32_t last_day;  /* the as-of day (later orders create the customer, count
                          nothing), or the last of all when none */
    order_chunk chunk; /* rows not counted yet */
    arrival arrival;   /* the customers' numbers */
    uint32_t *hash;    /* of each row of the bucket being counted */
    uint32_t *order;   /* that bucket's rows, by the slot their probe starts at */
    uint64_t *waiting; /* bitmap over that bucket's rows: of customers not created yet */
    size_t scratch;    /* rows these hold */
    uint64_t rows;     /* rows counted so far */
    uint64_t input;    /* bytes of the whole input; 0 when unknown */
    uint64_t parsed;   /* bytes of it parsed so far */
} order_counter;

/* Start with an empty table; orders after `as_of` (CO_DAY_NONE: none) are
 * not counted. CO_OK or CO_ENOMEM. */
int co__order_counter_init(order_counter *c, co_day as_of);

/* Expect an input of `bytes` bytes (the table's size, and whether the spilled
 * day sets will need much memory, are guessed from it). */
void co__order_counter_expect(order_counter *c, uint64_t bytes);

/* Note that `bytes` bytes of the input have been parsed so far. */
static inline void co__order_counter_note_parsed(order_counter *c, uint64_t bytes)
{
    c->parsed = bytes;
}

/* Count the rows of the full chunk and start the next one. */
int co__order_counter_count_chunk(order_counter *c);

/* Add an order of customer id[0..len) on `day` (years 1-9999) of `amount`
 * millionths; it may be counted later. CO_OK, CO_ENOMEM or CO_EOVERFLOW
 * (a customer's total or order count, or the number of customers). */
static inline int co__order_counter_add(order_counter *c, const char *id, size_t len, co_day day,
                                        int64_t amount)
{
    if (!c->chunk.limit) /* starting the chunk failed */
        return co__fail_nomem();
    int rc = co__order_chunk_add(&c->chunk, id, len, (int32_t)day, amount);
    return rc == 1 ? co__order_counter_count_chunk(c) : rc;
}

/* Count every row added. */
int co__order_counter_drain(order_counter *c);

/* The number, in order of first appearance, of the customer in slot s (all rows drained). */
static inline size_t co__order_counter_number(const order_counter *c, const stream_slot *s)
{
    return co__arrival_final(&c->arrival, s->index);
}

/* Free the memory of the rows waiting to be counted (all rows drained) but
 * its largest block, which is returned (NULL: none) for the summary written
 * next to take over: its pages are mapped already. No row may be added after. */
void *co__order_counter_release_rows(order_counter *c);

void co__order_counter_free(order_counter *c);

#endif
