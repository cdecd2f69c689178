/* A growable open-addressing table of ids, used to find distinct customer
 * histories, purchase counts and times in linear time. The table stores
 * only ids and hashes; the keys live in the caller's arrays. */
#include <string.h>

#include "alloc_internal.h"
#include "btyd_internal.h"
#include "error_internal.h"

uint64_t co__hash_doubles(const double *v, size_t k)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < k; i++) {
        uint64_t bits;
        double d = v[i] + 0.0; /* -0.0 and 0.0 are equal keys */
        memcpy(&bits, &d, sizeof bits);
        /* splitmix64's finaliser: every input bit reaches the low bits that
         * pick the slot (doubles of small integers differ only in high bits). */
        h ^= bits;
        h ^= h >> 30;
        h *= 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 27;
        h *= 0x94d049bb133111ebULL;
        h ^= h >> 31;
    }
    return h;
}

static int grow(co_id_table *t)
{
    size_t cap = t->cap ? 2 * t->cap : 64;
    co_id_slot *slot = co__calloc(cap, sizeof *slot);
    if (!slot)
        return co__fail_nomem();
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slot[i].id1)
            continue;
        size_t h = (size_t)t->slot[i].hash & (cap - 1);
        while (slot[h].id1)
            h = (h + 1) & (cap - 1);
        slot[h] = t->slot[i];
    }
    co__free(t->slot);
    t->slot = slot;
    t->cap = cap;
    return CO_OK;
}

int co__id_table_put(co_id_table *t, uint64_t hash, size_t id, co_id_same_fn same,
                    const void *ctx, const void *probe, size_t *out)
{
    if (2 * (t->n + 1) > t->cap) {
        int rc = grow(t);
        if (rc != CO_OK)
            return rc;
    }
    size_t h = (size_t)hash & (t->cap - 1);
    for (;; h = (h + 1) & (t->cap - 1)) {
        co_id_slot *s = &t->slot[h];
        if (!s->id1) {
            s->hash = hash;
            s->id1 = id + 1;
            t->n++;
            *out = id;
            return CO_OK;
        }
        if (s->hash == hash && same(ctx, s->id1 - 1, probe)) {
            *out = s->id1 - 1;
            return CO_OK;
        }
    }
}

void co__id_table_clear(co_id_table *t)
{
    if (t->n)
        memset(t->slot, 0, t->cap * sizeof *t->slot);
    t->n = 0;
}

void co__id_table_free(co_id_table *t)
{
    co__free(t->slot);
    memset(t, 0, sizeof *t);
}
