/* Open-addressing word tables (linear probing, at most half full). */
#include <string.h>

#include "alloc_internal.h"
#include "custorient/core.h"
#include "error_internal.h"
#include "lextable_internal.h"

const co_lex_slot *co__lex_find(const co_lex_table *t, const char *key, size_t len, uint32_t hash)
{
    if (!t->slots)
        return NULL;
    for (size_t i = hash & t->mask;; i = (i + 1) & t->mask) {
        const co_lex_slot *s = &t->slots[i];
        if (s->len == 0)
            return NULL;
        if (s->hash == hash && s->len == len && memcmp(t->pool + s->offset, key, len) == 0)
            return s;
    }
}

co_lex_table co__lex_mut_view(const co_lex_mut *m)
{
    co_lex_table t = {m->slots, m->cap ? m->cap - 1 : 0, m->pool, m->count};
    return t;
}

static co_lex_slot *probe(co_lex_slot *slots, size_t cap, const char *pool, const char *key,
                          size_t len, uint32_t hash)
{
    for (size_t i = hash & (cap - 1);; i = (i + 1) & (cap - 1)) {
        co_lex_slot *s = &slots[i];
        if (s->len == 0 ||
            (s->hash == hash && s->len == len && memcmp(pool + s->offset, key, len) == 0))
            return s;
    }
}

/* Rehash into `cap` slots. */
static int resize(co_lex_mut *m, size_t cap)
{
    co_lex_slot *slots = co__calloc(cap, sizeof *slots);
    if (!slots)
        return co__fail_nomem();
    for (size_t i = 0; i < m->cap; i++) {
        const co_lex_slot *s = &m->slots[i];
        if (s->len)
            *probe(slots, cap, m->pool, m->pool + s->offset, s->len, s->hash) = *s;
    }
    co__free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return CO_OK;
}

int co__lex_mut_reserve(co_lex_mut *m, size_t len)
{
    if (m->pool_len + len > UINT32_MAX || m->count >= UINT32_MAX / 4)
        return co__fail(CO_EOVERFLOW, "word table larger than 4 GiB");
    if (m->pool_len + len > m->pool_cap) {
        size_t cap = m->pool_cap ? m->pool_cap * 2 : 4096;
        while (cap < m->pool_len + len)
            cap *= 2;
        char *pool = co__realloc(m->pool, cap);
        if (!pool)
            return co__fail_nomem();
        m->pool = pool;
        m->pool_cap = cap;
    }
    if (2 * (m->count + 1) > m->cap)
        return resize(m, m->cap ? m->cap * 2 : 64);
    return CO_OK;
}

co_lex_slot *co__lex_mut_upsert(co_lex_mut *m, const char *key, size_t len, uint32_t hash)
{
    co_lex_slot *s = probe(m->slots, m->cap, m->pool, key, len, hash);
    if (s->len == 0) {
        memcpy(m->pool + m->pool_len, key, len);
        s->hash = hash;
        s->offset = (uint32_t)m->pool_len;
        s->len = (uint8_t)len;
        m->pool_len += len;
        m->count++;
    }
    return s;
}

int co__lex_mut_copy(co_lex_mut *dst, const co_lex_table *src, uint16_t keep_flags)
{
    for (size_t i = 0; src->slots && i <= src->mask; i++) {
        const co_lex_slot *s = &src->slots[i];
        uint16_t flags = (uint16_t)(s->flags & keep_flags);
        uint8_t roles = (uint8_t)(s->spare & CO_PHRASE_ROLES);
        if (s->len == 0 || (flags == 0 && roles == 0))
            continue;
        if (co__lex_mut_reserve(dst, s->len) < 0) {
            co__lex_mut_free(dst);
            return CO_ENOMEM;
        }
        co_lex_slot *d = co__lex_mut_upsert(dst, src->pool + s->offset, s->len, s->hash);
        d->u = s->u;
        d->flags = flags;
        d->spare = roles;
    }
    return CO_OK;
}

int co__lex_mut_clone(co_lex_mut *dst, const co_lex_mut *src)
{
    *dst = (co_lex_mut){0};
    if (src->cap && !(dst->slots = co__malloc(src->cap * sizeof *src->slots)))
        return co__fail_nomem();
    if (src->pool_len && !(dst->pool = co__malloc(src->pool_len))) {
        co__lex_mut_free(dst);
        return co__fail_nomem();
    }
    if (src->cap)
        memcpy(dst->slots, src->slots, src->cap * sizeof *src->slots);
    if (src->pool_len)
        memcpy(dst->pool, src->pool, src->pool_len);
    dst->cap = src->cap;
    dst->count = src->count;
    dst->pool_len = dst->pool_cap = src->pool_len;
    return CO_OK;
}

void co__lex_mut_free(co_lex_mut *m)
{
    co__free(m->slots);
    co__free(m->pool);
    memset(m, 0, sizeof *m);
}
