/* Orders counted into the customer table of a streaming summary through a
 * short pipeline, so that memory latency overlaps: a row's slot is
 * prefetched when the row arrives, looked up (and its day bitmap word
 * prefetched) CO_COUNT_SLOT_AHEAD rows later, and counted
 * CO_COUNT_DAYS_AHEAD rows after that. Rows are looked up and counted in
 * the order they arrive, so customers are numbered in order of first
 * appearance. */
#ifndef CO_STREAM_COUNT_INTERNAL_H
#define CO_STREAM_COUNT_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/store.h"
#include "stream_table_internal.h"

#define CO_COUNT_SLOT_AHEAD 40
#define CO_COUNT_DAYS_AHEAD 8
#define CO_COUNT_RING 64 /* a power of two >= the sum */

typedef struct counted_row {
    char key[CO_STREAM_INLINE_ID]; /* the id when short, zero-padded */
    char *long_id;                 /* else here (kept for reuse) */
    size_t long_cap;
    size_t len;
    uint32_t hash;
    int32_t day;
    int64_t amount; /* millionths */
    stream_slot *slot;
} counted_row;

typedef struct order_counter {
    stream_table customers;
    co_day as_of;                    /* later orders create the customer, count nothing */
    uint64_t in, looked_up, counted; /* rows so far at each stage */
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

void co__order_counter_free(order_counter *c);

#endif
