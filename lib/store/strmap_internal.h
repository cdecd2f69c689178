/* A hash index from text keys to array indices: open addressing with linear
 * probing. It stores only (hash, index) pairs; the keys stay in the caller's
 * records and are read back through a key function. */
#ifndef CO_STRMAP_INTERNAL_H
#define CO_STRMAP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

typedef const char *(*co_strmap_key_fn)(const void *ctx, size_t index);

typedef struct co_strmap {
    uint64_t *slots; /* (hash << 32) | (index + 1); 0 is empty */
    size_t cap;      /* power of two, or 0 */
    size_t len;
} co_strmap;

/* Largest index the map can hold. */
#define CO_STRMAP_MAX_INDEX ((size_t)UINT32_MAX - 1)

uint32_t co__strmap_hash(const char *key, size_t len);

/* Make room for `count` entries in total; CO_OK, CO_ENOMEM or CO_EOVERFLOW
 * (map unchanged on failure). Inserting after a successful reserve cannot fail. */
int co__strmap_reserve(co_strmap *m, size_t count);

/* Index stored under `key`, or SIZE_MAX. */
size_t co__strmap_find(const co_strmap *m, const char *key, size_t len, uint32_t hash,
                      co_strmap_key_fn key_of, const void *ctx);

/* Start loading the slot of `hash` into the cache (a hint; no effect on
 * results), so a lookup issued a little later does not wait for memory. */
void co__strmap_prefetch(const co_strmap *m, uint32_t hash);

/* Insert (hash, index); room must have been reserved. */
void co__strmap_insert(co_strmap *m, uint32_t hash, size_t index);

/* Empty the map and insert indices 0..count-1 again (no allocation; count
 * must not exceed what was reserved). */
void co__strmap_rebuild(co_strmap *m, size_t count, co_strmap_key_fn key_of, const void *ctx);

void co__strmap_free(co_strmap *m);

#endif
