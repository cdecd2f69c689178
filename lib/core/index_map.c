/* The index hash table (see index_map_internal.h). */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "index_map_internal.h"
#include "memory_hints_internal.h"

uint32_t co__hash_text(const char *key, size_t len)
{
    /* Eight bytes per multiply, then a 64-bit finaliser so that keys that
     * differ only in their last characters (C0001, C0002...) spread over the
     * whole table. */
    uint64_t h = 0xcbf29ce484222325u ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, key + i, 8);
        h = (h ^ w) * 0x9e3779b97f4a7c15u;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    for (size_t k = 0; i + k < len; k++)
        tail |= (uint64_t)(unsigned char)key[i + k] << (8 * k);
    h = (h ^ tail) * 0x9e3779b97f4a7c15u;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    return (uint32_t)h;
}

uint32_t co__hash_doubles(const double *v, size_t k)
{
    uint64_t h = 0x9e3779b97f4a7c15u;
    for (size_t i = 0; i < k; i++) {
        uint64_t bits;
        double d = v[i] + 0.0; /* -0.0 and 0.0 are equal keys */
        memcpy(&bits, &d, sizeof bits);
        /* splitmix64's finaliser: every input bit reaches the low bits that
         * pick the slot (doubles of small integers differ only in high bits). */
        h ^= bits;
        h ^= h >> 30;
        h *= 0xbf58476d1ce4e5b9u;
        h ^= h >> 27;
        h *= 0x94d049bb133111ebu;
        h ^= h >> 31;
    }
    return (uint32_t)h;
}

static void place(uint64_t *slots, size_t cap, uint64_t entry)
{
    size_t mask = cap - 1;
    size_t i = (size_t)(entry >> 32) & mask;
    while (slots[i])
        i = (i + 1) & mask;
    slots[i] = entry;
}

int co__index_map_reserve(co_index_map *m, size_t count)
{
    if (count > CO_INDEX_MAP_MAX_INDEX + 1)
        return co__fail(CO_EOVERFLOW, "more than %zu records", CO_INDEX_MAP_MAX_INDEX + 1);
    if (count <= m->cap / 2)
        return CO_OK;
    size_t cap = m->cap ? m->cap : 16;
    while (cap / 2 < count)
        cap *= 2;
    uint64_t *slots = co__calloc(cap, sizeof *slots);
    if (!slots)
        return co__fail_nomem();
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i])
            place(slots, cap, m->slots[i]);
    co__free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return CO_OK;
}

size_t co__index_map_find(const co_index_map *m, uint32_t hash, co_index_same_fn same,
                          const void *ctx, const void *probe)
{
    if (!m->cap)
        return SIZE_MAX;
    size_t mask = m->cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        uint64_t e = m->slots[i];
        if (!e)
            return SIZE_MAX;
        size_t index = (size_t)(e & 0xffffffffu) - 1;
        if ((uint32_t)(e >> 32) == hash && same(ctx, index, probe))
            return index;
    }
}

/* A text key looked up, and where the stored keys come from. */
typedef struct text_probe {
    const char *key;
    size_t len;
    co_index_text_fn key_of;
} text_probe;

static int same_text(const void *ctx, size_t index, const void *probe)
{
    const text_probe *t = probe;
    const char *stored = t->key_of(ctx, index);
    return strncmp(stored, t->key, t->len) == 0 && stored[t->len] == '\0';
}

size_t co__index_map_find_text(const co_index_map *m, const char *key, size_t len, uint32_t hash,
                               co_index_text_fn key_of, const void *ctx)
{
    const text_probe probe = {key, len, key_of};
    return co__index_map_find(m, hash, same_text, ctx, &probe);
}

void co__index_map_insert(co_index_map *m, uint32_t hash, size_t index)
{
    place(m->slots, m->cap, ((uint64_t)hash << 32) | (uint64_t)(index + 1));
    m->len++;
}

int co__index_map_put(co_index_map *m, uint32_t hash, size_t index, co_index_same_fn same,
                      const void *ctx, const void *probe, size_t *out)
{
    /* Room first, so that one probe sequence either finds the key or ends
     * at the empty slot where it goes. */
    int rc = co__index_map_reserve(m, m->len + 1);
    if (rc < 0)
        return rc;
    size_t mask = m->cap - 1, i = hash & mask;
    for (uint64_t e; (e = m->slots[i]) != 0; i = (i + 1) & mask) {
        size_t at = (size_t)(e & 0xffffffffu) - 1;
        if ((uint32_t)(e >> 32) == hash && same(ctx, at, probe)) {
            *out = at;
            return CO_OK;
        }
    }
    if (index > CO_INDEX_MAP_MAX_INDEX)
        return co__fail(CO_EOVERFLOW, "more than %zu records", CO_INDEX_MAP_MAX_INDEX + 1);
    m->slots[i] = ((uint64_t)hash << 32) | (uint64_t)(index + 1);
    m->len++;
    *out = index;
    return CO_OK;
}

void co__index_map_prefetch(const co_index_map *m, uint32_t hash)
{
#if defined(__GNUC__)
    if (m->cap)
        CO__PREFETCH(&m->slots[hash & (m->cap - 1)]);
#else
    (void)m;
    (void)hash;
#endif
}

void co__index_map_clear(co_index_map *m)
{
    if (m->len)
        memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->len = 0;
}

void co__index_map_rebuild_text(co_index_map *m, size_t count, co_index_text_fn key_of,
                                const void *ctx)
{
    if (m->cap)
        memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->len = 0;
    for (size_t i = 0; i < count; i++) {
        const char *k = key_of(ctx, i);
        co__index_map_insert(m, co__hash_text(k, strlen(k)), i);
    }
}

void co__index_map_free(co_index_map *m)
{
    co__free(m->slots);
    *m = (co_index_map){0};
}
