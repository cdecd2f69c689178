/* The customers of a streaming summary: an open-addressing table of 64-byte
 * slots, aligned to cache lines, each holding the id (inline when short) and
 * the customer's running state together, so a row costs one cache line, which
 * the reader prefetches rows ahead. Long ids are kept in a pool, each after
 * its length (4 bytes). */
#ifndef CO_STREAM_TABLE_INTERNAL_H
#define CO_STREAM_TABLE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "error_internal.h"
#include "index_map_internal.h"
#include "memory_hints_internal.h"
#include "stream_days_internal.h"
#include "vec_internal.h"

#define CO_STREAM_INLINE_ID 16
#define CO_STREAM_REGION_BITS 13               /* a region of the table: 2^13 slots, 512 KiB */
#define CO_STREAM_EXPECT_MAX ((size_t)1 << 20) /* slots expected at most: 64 MiB */

typedef struct stream_slot {
    int64_t total;       /* amounts on or before the as-of day, in millionths */
    int64_t first_spend; /* the amounts of the first order day */
    uint32_t index;      /* customer number, in order of first appearance */
    uint32_t orders;     /* orders on or before the as-of day */
    int32_t first;       /* first order day */
    stream_days days;    /* the distinct order days */
    /* The id when it is short, zero-padded: ids hold no NUL byte, so the
     * padding gives its length. A longer id: its first 8 bytes, then 0 and
     * 1 (which no short id has there), then its place in the pool in 6
     * bytes. All zero: an empty slot (ids are not empty). */
    char key[CO_STREAM_INLINE_ID];
} stream_slot;

typedef struct stream_table {
    stream_slot *slots; /* inside `raw`, on a 64-byte boundary */
    void *raw;
    size_t mask; /* capacity - 1 (a power of two), or 0 when empty */
    size_t count;
    size_t id_bytes; /* of all the customers' ids */
    size_t expect;   /* slots expected for the input; 0 when unknown */
    /* Customers whose probe starts in each region, when the table has more
     * than one: rows counted region by region fill one region first, and
     * the table grows before that region overflows into the next. */
    uint32_t *region_fill;
    co_vec pool;    /* char: long ids */
    day_arena days; /* the customers' spilled day sets */
    void *spare;    /* the block of the slots before the table last grew, not yet reused */
    size_t spare_bytes;
} stream_table;

/* Hash of an id. A short one (up to CO_STREAM_INLINE_ID bytes) must be
 * zero-padded to that length: its two words are mixed at once (murmur3's
 * finaliser); a longer one takes the store's text hash. */
static inline uint32_t co__stream_hash_short(uint64_t a, uint64_t b, size_t len)
{
    uint64_t h = a * 0x9e3779b97f4a7c15u ^ (b + len) * 0xc2b2ae3d27d4eb4fu;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return (uint32_t)h;
}

static inline uint32_t co__stream_hash(const char *p, size_t len)
{
    if (len > CO_STREAM_INLINE_ID)
        return co__hash_text(p, len);
    uint64_t a, b;
    memcpy(&a, p, sizeof a);
    memcpy(&b, p + 8, sizeof b);
    return co__stream_hash_short(a, b, len);
}

/* The two words of a short id p[0..len) (len <= CO_STREAM_INLINE_ID),
 * zero-padded, read without touching a byte past the id: overlapping loads
 * of 8 or 4 bytes, the excess shifted out (ids are little-endian words). */
static inline void co__stream_key_words(const char *p, size_t len, uint64_t w[2])
{
    uint64_t a = 0, b = 0;
    if (len >= 8) {
        memcpy(&a, p, 8);
        if (len > 8) {
            memcpy(&b, p + len - 8, 8);
            b >>= 8 * (16 - len);
        }
    } else if (len >= 4) {
        uint32_t lo, hi;
        memcpy(&lo, p, 4);
        memcpy(&hi, p + len - 4, 4);
        a = lo | ((uint64_t)hi >> (8 * (8 - len)) << 32);
    } else {
        for (size_t i = 0; i < len; i++)
            a |= (uint64_t)(unsigned char)p[i] << (8 * i);
    }
    w[0] = a;
    w[1] = b;
}

/* The slot where `hash` starts its probe: its top bits, so that the ids
 * of one bucket of a chunk (stream_chunk_internal.h) probe one stretch of
 * the table, and growing keeps the slots in order. */
static inline size_t co__stream_table_home(const stream_table *t, uint32_t hash)
{
    return (size_t)(((uint64_t)hash * (t->mask + 1)) >> 32);
}

/* Start loading the slot where `hash` starts its probe. */
static inline void co__stream_table_prefetch(const stream_table *t, uint32_t hash)
{
    CO__PREFETCH_WRITE(&t->slots[co__stream_table_home(t, hash)]);
}

/* The two words of slot s's key. */
static inline void co__stream_slot_words(const stream_slot *s, uint64_t w[2])
{
    memcpy(w, s->key, 2 * sizeof *w);
}

/* Whether a slot whose key's second word is b holds a long id: its bytes
 * 8 and 9 are 0 and 1. */
static inline int co__stream_key_is_long(uint64_t b) { return (b & 0xffff) == 0x100; }

/* Whether slot s holds a long id. */
static inline int co__stream_slot_long(const stream_slot *s)
{
    uint64_t w[2];
    co__stream_slot_words(s, w);
    return co__stream_key_is_long(w[1]);
}

/* Whether slot s holds a customer. */
static inline int co__stream_slot_used(const stream_slot *s)
{
    uint64_t w[2];
    co__stream_slot_words(s, w);
    return w[0] != 0;
}

/* The id of slot `s` (not NUL-terminated: co__stream_slot_len() bytes). */
const char *co__stream_slot_id(const stream_table *t, const stream_slot *s);

/* The length of slot s's id. */
size_t co__stream_slot_len(const stream_table *t, const stream_slot *s);

/* Whether the long id of slot s (its first 8 bytes already equal to
 * those of p) is p[0..len). */
int co__stream_slot_same_long(const stream_table *t, const stream_slot *s, const char *p,
                              size_t len);

/* Whether slot `s` holds id p[0..len) (a short one zero-padded). */
static inline int co__stream_slot_same(const stream_table *t, const stream_slot *s, const char *p,
                                       size_t len)
{
    uint64_t a[2], b[2];
    co__stream_slot_words(s, a);
    memcpy(b, p, sizeof b);
    if (len <= CO_STREAM_INLINE_ID) /* both zero-padded to 16 bytes: two words */
        return a[0] == b[0] && a[1] == b[1];
    return a[0] == b[0] && co__stream_key_is_long(a[1]) && co__stream_slot_same_long(t, s, p, len);
}

/* Add id p[0..len), absent from the table, whose probe stopped at the
 * empty slot `stop`, and give its slot (zeroed state, next index). CO_OK,
 * CO_ENOMEM or CO_EOVERFLOW (more than 2^32 - 1 customers). */
int co__stream_table_add(stream_table *t, const char *p, size_t len, uint32_t hash, size_t stop,
                         stream_slot **out);

/* The slot of id p[0..len), or NULL and the empty slot where the probe
 * stopped in *stop. A short id (up to CO_STREAM_INLINE_ID bytes) must be
 * followed by zero bytes up to that length. Inline: it runs once a row. */
static inline stream_slot *co__stream_table_probe(const stream_table *t, const char *p, size_t len,
                                                  uint32_t hash, size_t *stop)
{
    size_t j = co__stream_table_home(t, hash);
    for (; t->count; j = (j + 1) & t->mask) {
        stream_slot *s = &t->slots[j];
        if (!co__stream_slot_used(s))
            break;
        if (co__stream_slot_same(t, s, p, len))
            return s;
    }
    *stop = j;
    return NULL;
}

/* The slot of id p[0..len) (as co__stream_table_probe()), NULL when absent. */
static inline stream_slot *co__stream_table_find(const stream_table *t, const char *p, size_t len,
                                                 uint32_t hash)
{
    size_t stop;
    return co__stream_table_probe(t, p, len, hash, &stop);
}

/* The slot of id p[0..len), added when absent (the id as for
 * co__stream_table_probe()). CO_OK, CO_ENOMEM or CO_EOVERFLOW. */
static inline int co__stream_table_get(stream_table *t, const char *p, size_t len, uint32_t hash,
                                       stream_slot **out)
{
    size_t stop;
    *out = co__stream_table_probe(t, p, len, hash, &stop);
    return *out ? CO_OK : co__stream_table_add(t, p, len, hash, stop, out);
}

/* Whether n customers more, whose probes start in region `region` (slots
 * [region, region + 1) << CO_STREAM_REGION_BITS), can be added without
 * the table growing: it then never does while they are added. */
int co__stream_table_room(const stream_table *t, size_t region, size_t n);

/* Start an empty table (one slot, so that a prefetch needs no test). */
int co__stream_table_init(stream_table *t);

/* Expect input of `bytes` bytes: a slot per 128 bytes, as a power of two
 * up to CO_STREAM_EXPECT_MAX (at most half the input's size). The table
 * grows straight to that size once it has an eighth of it. */
void co__stream_table_expect(stream_table *t, uint64_t bytes);

/* The block the table outgrew (*bytes long; NULL when none), handed over for
 * another use: its pages are mapped already, which saves faulting in fresh
 * memory for it. */
void *co__stream_table_take_spare(stream_table *t, size_t *bytes);

/* Free the table and the customers' spilled day sets. */
void co__stream_table_free(stream_table *t);

#endif
