/* Orders counted into the customer table of a streaming summary. Rows wait
 * in a chunk (stream_chunk_internal.h) grouped by the part of the table
 * their customer falls in; a full chunk is counted bucket by bucket through
 * a short pipeline, so that memory latency overlaps: a row's slot is
 * prefetched when the row enters it, looked up (and its day bitmap word
 * prefetched) CO_COUNT_SLOT_AHEAD rows later, and counted
 * CO_COUNT_DAYS_AHEAD rows after that. Customers are numbered in order of
 * first appearance (stream_arrival_internal.h). */
#ifndef CO_STREAM_COUNT_INTERNAL_H
#define CO_STREAM_COUNT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/store.h"
#include "stream_arrival_internal.h"
#include "stream_chunk_internal.h"
#include "stream_table_internal.h"

#define CO_COUNT_SLOT_AHEAD 40
#define CO_COUNT_DAYS_AHEAD 8
#define CO_COUNT_RING 64 /* a power of two >= the sum */

typedef struct counted_row {
    const chunk_row *rec;
    const char *id;
    size_t len;    /* of the id */
    uint32_t hash; /* of the id */
    stream_slot *slot;
} counted_row;

typedef struct order_counter {
    stream_table customers;
    co_day as_of;                    /* later orders create the customer, count nothing */
    order_chunk chunk;               /* rows not counted yet */
    arrival arrival;                 /* the customers' numbers */
    uint64_t in, looked_up, counted; /* rows of the chunk so far at each stage */
    counted_row ring[CO_COUNT_RING];
} order_counter;

/* Start with an empty table; orders after `as_of` (CO_DAY_NONE: none) are
 * not counted. CO_OK or CO_ENOMEM. */
int co__order_counter_init(order_counter *c, co_day as_of);

/* Add an order of customer id[0..len) on `day` (years 1-9999) of `amount`
 * millionths; it may be counted later. CO_OK, CO_ENOMEM or CO_EOVERFLOW
 * (a customer's total or order count, or the number of customers). */
int co__order_counter_add(order_counter *c, const char *id, size_t len, co_day day, int64_t amount);

/* Count every row added. */
int co__order_counter_drain(order_counter *c);

/* The number, in order of first appearance, of the customer in slot s (all rows drained). */
static inline size_t co__order_counter_number(const order_counter *c, const stream_slot *s)
{
    return co__arrival_final(&c->arrival, s->index);
}

void co__order_counter_free(order_counter *c);

#endif
