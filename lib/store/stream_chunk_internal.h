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

/* Rows of a chunk of several buckets: as many as the table has slots, from
 * CO_CHUNK_ROWS (a smaller table has one bucket) up to the most a row's tag
 * can number. Each chunk reads the table once, so fewer rows read it more
 * often for the same rows; a row takes 40 bytes (with its bucket's spare
 * room) where a slot takes 64, and the chunk's block becomes the result's,
 * which takes more. A table still growing takes small chunks, so that it
 * reaches its size, where its rows are counted in slot order, within the
 * first few. */
#define CO_CHUNK_ROWS ((size_t)1 << 16)
#define CO_CHUNK_MAX_ROWS ((size_t)1 << 26)
#define CO_CHUNK_ONE_BUCKET_ROWS 512 /* of one bucket: the table is in cache anyway */
#define CO_CHUNK_MAX_BITS 12         /* at most 4096 buckets */

/* One order, as counted: 32 bytes, two to a cache line. */
typedef struct chunk_row {
    /* A short id (up to CO_STREAM_INLINE_ID bytes), zero-padded; else the
     * id's hash and length (32 bits each) and its offset (64 bits) in the
     * chunk's pool. */
    char key[CO_STREAM_INLINE_ID];
    int64_t amount; /* millionths */
    int32_t day;
    uint32_t tag; /* position in the chunk, in order of arrival, << 5 | the
                     length of a short id, or CO_CHUNK_LONG_ID */
} chunk_row;

#define CO_CHUNK_LONG_ID 31u
_Static_assert(CO_CHUNK_MAX_ROWS <= ((size_t)1 << 27), "a row's position fits its tag");

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

/* The next row of the bucket of an id's `hash`, its bucket in *b. */
static inline chunk_row *co__order_chunk_next_row(order_chunk *ch, uint32_t hash, size_t *b)
{
    *b = ch->bits ? hash >> (32 - ch->bits) : 0;
    return ch->recs + *b * ch->per + ch->fill[*b]++;
}

/* The rest of row r of bucket b, its key written: 1 when the chunk is full. */
static inline int co__order_chunk_end_row(order_chunk *ch, chunk_row *r, size_t b, uint32_t id_len,
                                          int32_t day, int64_t amount)
{
    r->tag = (uint32_t)ch->rows << 5 | id_len;
    r->amount = amount;
    r->day = day;
    ch->rows++;
    /* The bucket's next rows arrive many rows later: start loading their line now. */
    CO__PREFETCH_WRITE(r + 4);
    return ch->rows == ch->limit || ch->fill[b] == ch->per;
}

/* co__order_chunk_add() of an id longer than CO_STREAM_INLINE_ID bytes. */
int co__order_chunk_add_long(order_chunk *ch, const char *id, size_t len, int32_t day,
                             int64_t amount);

/* Add an order of customer id[0..len). CO_OK, 1 when the chunk is full (it
 * must be counted and started again before the next row), CO_ENOMEM or
 * CO_EOVERFLOW (an id of 4 GiB or more). Inline: it runs once a row. */
static inline int co__order_chunk_add(order_chunk *ch, const char *id, size_t len, int32_t day,
                                      int64_t amount)
{
    if (len > CO_STREAM_INLINE_ID)
        return co__order_chunk_add_long(ch, id, len, day, amount);
    uint64_t w[2];
    co__stream_key_words(id, len, w);
    size_t b;
    chunk_row *r = co__order_chunk_next_row(ch, co__stream_hash_short(w[0], w[1], len), &b);
    memcpy(r->key, w, sizeof w);
    return co__order_chunk_end_row(ch, r, b, (uint32_t)len, day, amount);
}

/* The rows of bucket b, in order of arrival; *n of them. */
static inline const chunk_row *co__order_chunk_bucket(const order_chunk *ch, size_t b, size_t *n)
{
    *n = ch->fill[b];
    return ch->recs + b * ch->per;
}

/* The position of row r in the chunk, in order of arrival. */
static inline uint32_t co__chunk_row_number(const chunk_row *r) { return r->tag >> 5; }

/* The id of row r: *len bytes, a short one zero-padded to CO_STREAM_INLINE_ID. */
static inline const char *co__chunk_row_id(const order_chunk *ch, const chunk_row *r, size_t *len)
{
    uint32_t short_len = r->tag & 31u;
    if (short_len != CO_CHUNK_LONG_ID) {
        *len = short_len;
        return r->key;
    }
    uint32_t n;
    uint64_t off;
    memcpy(&n, r->key + 4, sizeof n);
    memcpy(&off, r->key + 8, sizeof off);
    *len = n;
    return (const char *)ch->ids.data + off;
}

/* The co__stream_hash() of row r's id: taken again from the words of a
 * short id, which costs less than keeping it. */
static inline uint32_t co__chunk_row_hash(const chunk_row *r)
{
    uint32_t short_len = r->tag & 31u, hash;
    if (short_len != CO_CHUNK_LONG_ID) {
        uint64_t w[2];
        memcpy(w, r->key, sizeof w);
        return co__stream_hash_short(w[0], w[1], short_len);
    }
    memcpy(&hash, r->key, sizeof hash);
    return hash;
}

/* Offer the chunk a block of `bytes` bytes (NULL: none) that is not needed
 * any more, whose pages are mapped already: the chunk takes whichever of it
 * and its own rows' block is larger, rows dropped, and returns the other
 * (NULL: none), *left bytes long, for another use. */
void *co__order_chunk_offer(order_chunk *ch, void *block, size_t bytes, size_t *left);

/* The rows' block (*bytes long; NULL when none), handed over for another
 * use: the chunk is then empty and unusable until started again. */
void *co__order_chunk_take_block(order_chunk *ch, size_t *bytes);

void co__order_chunk_free(order_chunk *ch);

/* Rows a chunk takes at most (0: the defaults above), for the tests of rows
 * split across chunks; not thread-safe. */
void co__order_chunk_set_limit(size_t rows);

#endif
