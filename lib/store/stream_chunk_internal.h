/* Orders of a streaming summary waiting to be counted, grouped into buckets
 * by the high bits of their customer id's hash. The customer table places an
 * id by the same high bits, so the rows of one bucket land in one contiguous
 * stretch of the table, small enough to stay in the core's cache while the
 * bucket is counted: the table is then read from memory about once a chunk
 * instead of once a row. A bucket keeps its rows in the order they came. */
#ifndef CO_STREAM_CHUNK_INTERNAL_H
#define CO_STREAM_CHUNK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "stream_table_internal.h"
#include "vec_internal.h"

#define CO_CHUNK_ROWS ((size_t)1 << 20) /* rows of a chunk of several buckets */
#define CO_CHUNK_ONE_BUCKET_ROWS 512    /* of one bucket: the table is in cache anyway */
#define CO_CHUNK_MAX_BITS 12            /* at most 4096 buckets */

/* One order, as counted. */
typedef struct chunk_row {
    /* The id when short (up to CO_STREAM_INLINE_ID bytes), zero-padded; else
     * its first 8 bytes and its offset in the chunk's pool. */
    char key[CO_STREAM_INLINE_ID];
    int64_t amount; /* millionths */
    uint32_t hash;  /* co__stream_hash() of the id */
    int32_t day;
    uint32_t len; /* id length */
    uint32_t row; /* position in the chunk, in order of arrival */
} chunk_row;

typedef struct order_chunk {
    chunk_row *recs; /* bucket b at recs + b * per */
    uint32_t *fill;  /* rows in each bucket */
    size_t cap;      /* records allocated */
    size_t per;      /* records a bucket holds */
    size_t rows;     /* rows in the chunk */
    size_t limit;    /* rows the chunk takes */
    unsigned bits;   /* bucket of a row: the top `bits` bits of its hash */
    co_vec ids;      /* char: the long ids */
} order_chunk;

/* Start an empty chunk of 2^bits buckets (bits <= CO_CHUNK_MAX_BITS).
 * CO_OK or CO_ENOMEM (the chunk then empty and unusable until started again). */
int co__order_chunk_start(order_chunk *ch, unsigned bits);

/* Add an order of customer id[0..len). CO_OK, 1 when the chunk is full (it
 * must be counted and started again before the next row), or CO_ENOMEM. */
int co__order_chunk_add(order_chunk *ch, const char *id, size_t len, int32_t day, int64_t amount);

/* The rows of bucket b, in order of arrival; *n of them. */
static inline const chunk_row *co__order_chunk_bucket(const order_chunk *ch, size_t b, size_t *n)
{
    *n = ch->fill[b];
    return ch->recs + b * ch->per;
}

/* The id of row r (`r->len` bytes; a short one zero-padded to CO_STREAM_INLINE_ID). */
static inline const char *co__chunk_row_id(const order_chunk *ch, const chunk_row *r)
{
    if (r->len <= CO_STREAM_INLINE_ID)
        return r->key;
    uint64_t off;
    memcpy(&off, r->key + 8, sizeof off);
    return (const char *)ch->ids.data + off;
}

void co__order_chunk_free(order_chunk *ch);

/* Rows a chunk takes at most (0: the defaults above), for the tests of rows
 * split across chunks; not thread-safe. */
void co__order_chunk_set_limit(size_t rows);

#endif
