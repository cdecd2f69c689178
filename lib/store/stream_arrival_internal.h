/* Customers of a streaming summary numbered in order of first appearance,
 * although a chunk's rows are counted bucket by bucket: the table numbers a
 * customer when it creates it, and once the chunk is counted these numbers
 * are mapped to the order in which the customers' first rows arrived. */
#ifndef CO_STREAM_ARRIVAL_INTERNAL_H
#define CO_STREAM_ARRIVAL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "vec_internal.h"

typedef struct arrival {
    co_vec number;  /* uint32: final number of the customer the table numbered i */
    co_vec first;   /* uint32: row in the chunk that created each customer, by creation */
    co_vec seen;    /* uint64: bitmap over the chunk's rows */
    co_vec created; /* uint32: the customer each row of the bitmap created */
} arrival;

/* Note that the chunk's row `row` created a customer (the next number). CO_OK or CO_ENOMEM. */
static inline int co__arrival_note(arrival *a, uint32_t row)
{
    if (a->first.len < a->first.cap) { /* the common case, without a call */
        ((uint32_t *)a->first.data)[a->first.len++] = row;
        return CO_OK;
    }
    return co__vec_push(&a->first, sizeof row, &row);
}

/* Number the customers created by a chunk of `rows` rows (noted since the
 * last call) in the order of their rows. CO_OK or CO_ENOMEM. */
int co__arrival_number_chunk(arrival *a, size_t rows);

/* The final number of the customer the table numbered i, valid once its chunk is numbered. */
static inline uint32_t co__arrival_final(const arrival *a, uint32_t i)
{
    return CO_VEC_AT(&a->number, uint32_t, i);
}

void co__arrival_free(arrival *a);

#endif
