/* The customer table of the streaming summary (stream_table_internal.h):
 * linear probing, at most half full. */
#include <string.h>

#include "alloc_internal.h"
#include "file_internal.h"
#include "index_map_internal.h"
#include "stream_table_internal.h"

uint32_t co__stream_hash(const char *p, size_t len) { return co__hash_text(p, len); }

void co__stream_table_prefetch(const stream_table *t, uint32_t hash)
{
    if (t->mask)
        __builtin_prefetch(&t->slots[hash & t->mask]);
}

const char *co__stream_slot_id(const stream_table *t, const stream_slot *s)
{
    if (s->len <= CO_STREAM_INLINE_ID)
        return s->key;
    uint64_t off;
    memcpy(&off, s->key + 8, sizeof off);
    return (const char *)t->pool.data + off;
}

static int same(const stream_table *t, const stream_slot *s, const char *p, size_t len,
                uint32_t hash)
{
    if (s->hash != hash || s->len != len)
        return 0;
    if (len <= CO_STREAM_INLINE_ID) { /* both zero-padded to 16 bytes: two words */
        uint64_t a[2], b[2];
        memcpy(a, s->key, sizeof a);
        memcpy(b, p, sizeof b);
        return a[0] == b[0] && a[1] == b[1];
    }
    return memcmp(s->key, p, 8) == 0 && memcmp(co__stream_slot_id(t, s), p, len) == 0;
}

static int grow(stream_table *t)
{
    size_t cap = t->mask ? 2 * (t->mask + 1) : 1024;
    if (cap > SIZE_MAX / 2 / sizeof(stream_slot))
        return co__fail(CO_EOVERFLOW, "customer table of %zu slots", cap);
    stream_slot *slots = co__calloc(cap, sizeof *slots);
    if (!slots)
        return co__fail_nomem();
    co__hint_large_block(slots, cap * sizeof *slots); /* fewer TLB misses on random slots */
    for (size_t i = 0; t->mask && i <= t->mask; i++) {
        if (!t->slots[i].len)
            continue;
        size_t j = t->slots[i].hash & (cap - 1);
        while (slots[j].len)
            j = (j + 1) & (cap - 1);
        slots[j] = t->slots[i];
    }
    co__free(t->slots);
    t->slots = slots;
    t->mask = cap - 1;
    return CO_OK;
}

int co__stream_table_get(stream_table *t, const char *p, size_t len, uint32_t hash,
                         stream_slot **out)
{
    for (size_t j = hash & t->mask; t->mask; j = (j + 1) & t->mask) {
        stream_slot *s = &t->slots[j];
        if (!s->len)
            break;
        if (same(t, s, p, len, hash)) {
            *out = s;
            return CO_OK;
        }
    }
    if (t->count >= UINT32_MAX - 1 || len > UINT32_MAX)
        return co__fail(CO_EOVERFLOW, "more than %zu customers", t->count);
    int rc;
    if (2 * (t->count + 1) > t->mask + 1 && (rc = grow(t)) < 0)
        return rc;
    stream_slot s = {.hash = hash, .len = (uint32_t)len, .index = (uint32_t)t->count};
    if (len <= CO_STREAM_INLINE_ID) {
        memcpy(s.key, p, len);
    } else {
        uint64_t off = t->pool.len;
        char *text;
        if ((rc = co__vec_grow(&t->pool, 1, len, (void **)&text)) < 0)
            return rc;
        memcpy(text, p, len);
        memcpy(s.key, p, 8);
        memcpy(s.key + 8, &off, sizeof off);
    }
    size_t j = hash & t->mask;
    while (t->slots[j].len)
        j = (j + 1) & t->mask;
    t->slots[j] = s;
    t->count++;
    *out = &t->slots[j];
    return CO_OK;
}

void co__stream_table_free(stream_table *t)
{
    co__free(t->slots);
    co__vec_free(&t->pool);
    *t = (stream_table){0};
}
