/* The customer table of the streaming summary (stream_table_internal.h):
 * linear probing, at most three quarters full. Hashes are not kept: a probe compares
 * the id's inline bytes, and growing hashes the ids again. */
#include <string.h>

#include "alloc_internal.h"
#include "file_internal.h"
#include "index_map_internal.h"
#include "memory_hints_internal.h"
#include "stream_table_internal.h"

_Static_assert(sizeof(stream_slot) == 64, "a slot is one cache line");

/* Where slot s's long id lies in the pool: its length, then its bytes. */
static const char *pool_entry(const stream_table *t, const stream_slot *s)
{
    uint64_t w[2];
    co__stream_slot_words(s, w);
    return (const char *)t->pool.data + (w[1] >> 16);
}

static uint32_t pool_len(const char *entry)
{
    uint32_t len;
    memcpy(&len, entry, sizeof len);
    return len;
}

const char *co__stream_slot_id(const stream_table *t, const stream_slot *s)
{
    return co__stream_slot_long(s) ? pool_entry(t, s) + sizeof(uint32_t) : s->key;
}

/* Bytes up to the last that is not 0 of a word (little-endian). */
static size_t bytes_used(uint64_t w) { return w ? (size_t)(63 - __builtin_clzll(w)) / 8 + 1 : 0; }

size_t co__stream_slot_len(const stream_table *t, const stream_slot *s)
{
    uint64_t w[2];
    co__stream_slot_words(s, w);
    if (co__stream_key_is_long(w[1]))
        return pool_len(pool_entry(t, s));
    return w[1] ? 8 + bytes_used(w[1]) : bytes_used(w[0]);
}

int co__stream_slot_same_long(const stream_table *t, const stream_slot *s, const char *p,
                              size_t len)
{
    const char *entry = pool_entry(t, s);
    return pool_len(entry) == len && memcmp(entry + sizeof(uint32_t), p, len) == 0;
}

/* A zeroed array of `cap` slots on a cache-line boundary. */
static int new_slots(size_t cap, void **raw, stream_slot **slots)
{
    if (cap > (SIZE_MAX - 64) / 2 / sizeof(stream_slot))
        return co__fail(CO_EOVERFLOW, "customer table of %zu slots", cap);
    size_t bytes = cap * sizeof(stream_slot) + 64;
    char *p = co__malloc(bytes);
    if (!p)
        return co__fail_nomem();
    co__hint_large_block(p, bytes); /* before the pages are touched: fewer TLB misses */
    memset(p, 0, bytes);
    *raw = p;
    *slots = (stream_slot *)(void *)(p + (64 - (uintptr_t)p % 64) % 64);
    return CO_OK;
}

int co__stream_table_init(stream_table *t)
{
    *t = (stream_table){0};
    return new_slots(1, &t->raw, &t->slots);
}

/* A region holds at most 13/16 of its slots' worth of customers whose
 * probe starts in it (the table as a whole three quarters). */
#define REGION_FULL ((13u << CO_STREAM_REGION_BITS) / 16)

static size_t regions(size_t cap) { return cap >> CO_STREAM_REGION_BITS; }

/* Move the customers to a table of `cap` slots. The slots are read in
 * order and written at random: the hashes are taken GROW_AHEAD slots ahead
 * and their new slots prefetched. */
#define GROW_AHEAD 16

static int grow_to(stream_table *t, size_t cap)
{
    void *raw = NULL;
    stream_slot *slots = NULL;
    int rc = new_slots(cap, &raw, &slots);
    if (rc < 0)
        return rc;
    size_t old = t->count ? t->mask + 1 : 0;
    stream_table grown = {.slots = slots, .mask = cap - 1};
    if (regions(cap) > 1 &&
        !(grown.region_fill = co__calloc(regions(cap), sizeof *grown.region_fill))) {
        co__free(raw);
        return co__fail_nomem();
    }
    uint32_t hash[GROW_AHEAD] = {0}; /* of slot i at i % GROW_AHEAD */
    for (size_t i = 0; i < old + GROW_AHEAD; i++) {
        if (i >= GROW_AHEAD && co__stream_slot_used(&t->slots[i - GROW_AHEAD])) {
            size_t j = co__stream_table_home(&grown, hash[i % GROW_AHEAD]);
            if (grown.region_fill)
                grown.region_fill[j >> CO_STREAM_REGION_BITS]++;
            while (co__stream_slot_used(&slots[j]))
                j = (j + 1) & grown.mask;
            slots[j] = t->slots[i - GROW_AHEAD];
        }
        if (i < old && co__stream_slot_used(&t->slots[i])) {
            const stream_slot *s = &t->slots[i];
            hash[i % GROW_AHEAD] =
                co__stream_hash(co__stream_slot_id(t, s), co__stream_slot_len(t, s));
            co__stream_table_prefetch(&grown, hash[i % GROW_AHEAD]);
        }
    }
    co__free(t->spare); /* not taken since the table last grew */
    t->spare = t->raw;  /* its pages are mapped: the chunk may reuse them */
    t->spare_bytes = (t->mask + 1) * sizeof(stream_slot) + 64;
    co__free(t->region_fill);
    t->region_fill = grown.region_fill;
    t->raw = raw;
    t->slots = slots;
    t->mask = grown.mask;
    return CO_OK;
}

/* Double, but once a table an eighth of the expected size is full, jump to
 * the expected size: a file of many customers skips most of the rehashing,
 * and one of few never takes the memory. */
static int grow(stream_table *t)
{
    size_t cap = t->count ? 2 * (t->mask + 1) : 1024;
    if (cap < t->expect && 8 * cap >= t->expect)
        cap = t->expect;
    return grow_to(t, cap);
}

void co__stream_table_expect(stream_table *t, uint64_t bytes)
{
    size_t cap = 1024;
    while (cap < CO_STREAM_EXPECT_MAX && 2 * cap <= bytes / 128)
        cap *= 2;
    t->expect = cap;
}

int co__stream_table_room(const stream_table *t, size_t region, size_t n)
{
    size_t cap = t->mask + 1;
    return t->count && region < regions(cap) && t->region_fill && 4 * (t->count + n) <= 3 * cap &&
           t->region_fill[region] + n < REGION_FULL;
}

int co__stream_table_add(stream_table *t, const char *p, size_t len, uint32_t hash, size_t stop,
                         stream_slot **out)
{
    if (t->count >= UINT32_MAX - 1 || len > UINT32_MAX)
        return co__fail(CO_EOVERFLOW, "more than %zu customers", t->count);
    int rc;
    size_t home = co__stream_table_home(t, hash);
    if (t->count == 0 || 4 * (t->count + 1) > 3 * (t->mask + 1) ||
        (t->region_fill && t->region_fill[home >> CO_STREAM_REGION_BITS] >= REGION_FULL)) {
        if ((rc = grow(t)) < 0)
            return rc;
        for (stop = co__stream_table_home(t, hash); co__stream_slot_used(&t->slots[stop]);
             stop = (stop + 1) & t->mask)
            ;
    }
    stream_slot s = {.index = (uint32_t)t->count};
    if (len <= CO_STREAM_INLINE_ID) {
        memcpy(s.key, p, len);
    } else {
        uint64_t off = t->pool.len, marked = 0x100 | off << 16;
        uint32_t len32 = (uint32_t)len;
        char *entry;
        if (off >> 48)
            return co__fail(CO_EOVERFLOW, "long customer ids of more than 2^48 bytes");
        if ((rc = co__vec_grow(&t->pool, 1, sizeof len32 + len, (void **)&entry)) < 0)
            return rc;
        memcpy(entry, &len32, sizeof len32);
        memcpy(entry + sizeof len32, p, len);
        memcpy(s.key, p, 8);
        memcpy(s.key + 8, &marked, sizeof marked);
    }
    if (t->region_fill)
        t->region_fill[co__stream_table_home(t, hash) >> CO_STREAM_REGION_BITS]++;
    t->slots[stop] = s;
    t->count++;
    t->id_bytes += len;
    *out = &t->slots[stop];
    return CO_OK;
}

void *co__stream_table_take_spare(stream_table *t, size_t *bytes)
{
    void *block = t->spare;
    *bytes = t->spare_bytes;
    t->spare = NULL;
    t->spare_bytes = 0;
    return block;
}

void co__stream_table_free(stream_table *t)
{
    co__free(t->spare);
    /* The arena's sets go with its blocks: the table is read again only
     * for the few held outside. */
    for (size_t i = 0; t->days.outside && t->slots && t->count && i <= t->mask; i++)
        if (co__stream_days_outside(&t->slots[i].days))
            co__stream_days_free(&t->slots[i].days, &t->days);
    co__day_arena_free(&t->days);
    co__free(t->raw);
    co__free(t->region_fill);
    co__vec_free(&t->pool);
    *t = (stream_table){0};
}
