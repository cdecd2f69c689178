/* The customers of a streaming summary: an open-addressing table whose 64-byte
 * slots hold the id (inline when short) and the running state together, so a
 * row costs one cache line, which the reader prefetches rows ahead. */
#ifndef CO_STREAM_TABLE_INTERNAL_H
#define CO_STREAM_TABLE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "vec_internal.h"

#define CO_STREAM_INLINE_ID 16

typedef struct stream_slot {
    uint64_t orders;     /* orders on or before the as-of day */
    int64_t total;       /* their amounts, in millionths */
    int64_t first_spend; /* the amounts of the first order day */
    int32_t first, last; /* first and last order day */
    int32_t seed;        /* the day of the first order read: never in the day log */
    uint32_t hash;
    uint32_t len;   /* id length; 0 marks an empty slot (ids are not empty) */
    uint32_t index; /* customer number, in order of first appearance */
    /* The id when it is short; else its first 8 bytes and its offset in the pool. */
    char key[CO_STREAM_INLINE_ID];
} stream_slot;

typedef struct stream_table {
    stream_slot *slots;
    size_t mask; /* capacity - 1 (a power of two), or 0 when empty */
    size_t count;
    co_vec pool; /* char: long ids */
} stream_table;

/* Hash of an id (the store's text hash). */
uint32_t co__stream_hash(const char *p, size_t len);

/* Start loading the slot where `hash` starts its probe. */
void co__stream_table_prefetch(const stream_table *t, uint32_t hash);

/* The slot of id p[0..len), added (zeroed state, next index) when absent. A
 * short id (up to CO_STREAM_INLINE_ID bytes) must be followed by zero bytes
 * up to that length.
 * CO_OK, CO_ENOMEM or CO_EOVERFLOW (more than 2^32 - 1 customers). */
int co__stream_table_get(stream_table *t, const char *p, size_t len, uint32_t hash,
                         stream_slot **out);

/* The id of slot `s` (not NUL-terminated: `s->len` bytes). */
const char *co__stream_slot_id(const stream_table *t, const stream_slot *s);

void co__stream_table_free(stream_table *t);

#endif
