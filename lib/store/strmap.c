/* Open-addressing hash index over text keys (see strmap_internal.h). The
 * load factor stays at or below one half so probes stay short. */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "strmap_internal.h"

uint32_t co__strmap_hash(const char *key, size_t len)
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

static void place(uint64_t *slots, size_t cap, uint64_t entry)
{
    size_t mask = cap - 1;
    size_t i = (size_t)(entry >> 32) & mask;
    while (slots[i])
        i = (i + 1) & mask;
    slots[i] = entry;
}

int co__strmap_reserve(co_strmap *m, size_t count)
{
    if (count > CO_STRMAP_MAX_INDEX + 1)
        return co__fail(CO_EOVERFLOW, "more than %zu records", CO_STRMAP_MAX_INDEX + 1);
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

size_t co__strmap_find(const co_strmap *m, const char *key, size_t len, uint32_t hash,
                      co_strmap_key_fn key_of, const void *ctx)
{
    if (!m->cap)
        return SIZE_MAX;
    size_t mask = m->cap - 1;
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
        uint64_t e = m->slots[i];
        if (!e)
            return SIZE_MAX;
        if ((uint32_t)(e >> 32) == hash) {
            size_t index = (size_t)(e & 0xffffffffu) - 1;
            const char *k = key_of(ctx, index);
            if (strncmp(k, key, len) == 0 && k[len] == '\0')
                return index;
        }
    }
}

void co__strmap_prefetch(const co_strmap *m, uint32_t hash)
{
#if defined(__GNUC__)
    if (m->cap)
        __builtin_prefetch(&m->slots[hash & (m->cap - 1)]);
#else
    (void)m;
    (void)hash;
#endif
}

void co__strmap_insert(co_strmap *m, uint32_t hash, size_t index)
{
    place(m->slots, m->cap, ((uint64_t)hash << 32) | (uint64_t)(index + 1));
    m->len++;
}

void co__strmap_rebuild(co_strmap *m, size_t count, co_strmap_key_fn key_of, const void *ctx)
{
    if (m->cap)
        memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->len = 0;
    for (size_t i = 0; i < count; i++) {
        const char *k = key_of(ctx, i);
        co__strmap_insert(m, co__strmap_hash(k, strlen(k)), i);
    }
}

void co__strmap_free(co_strmap *m)
{
    co__free(m->slots);
    *m = (co_strmap){0};
}
