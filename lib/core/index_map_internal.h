/* The index hash table: maps keys to array indices by open addressing with
 * linear probing, at most half full so probes stay short. It stores only
 * (32-bit hash, index) pairs in 8-byte slots; the keys stay in the caller's
 * arrays and are compared through a callback. The store finds customer and
 * order ids with it, the purchase models distinct histories, counts and
 * times. Zero-initialise to start empty. */
#ifndef CO_INDEX_MAP_INTERNAL_H
#define CO_INDEX_MAP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

typedef struct co_index_map {
    uint64_t *slots; /* (hash << 32) | (index + 1); 0 is empty */
    size_t cap;      /* power of two, or 0 */
    size_t len;
} co_index_map;

/* Largest index the map can hold. */
#define CO_INDEX_MAP_MAX_INDEX ((size_t)UINT32_MAX - 1)

/* 1 if the key stored at `index` equals the key `probe` points to. */
typedef int (*co_index_same_fn)(const void *ctx, size_t index, const void *probe);

/* For text keys: the NUL-terminated key stored at `index`. */
typedef const char *(*co_index_text_fn)(const void *ctx, size_t index);

/* Hash of `len` bytes of text. */
uint32_t co__hash_text(const char *key, size_t len);
/* Hash of k doubles (-0.0 hashes as 0.0, as the two compare equal). */
uint32_t co__hash_doubles(const double *v, size_t k);

/* Make room for `count` entries in total; CO_OK, CO_ENOMEM or CO_EOVERFLOW
 * (map unchanged on failure). Inserting after a successful reserve cannot fail. */
int co__index_map_reserve(co_index_map *m, size_t count);

/* Index whose key equals `probe` (hash `hash`), or SIZE_MAX. */
size_t co__index_map_find(const co_index_map *m, uint32_t hash, co_index_same_fn same,
                          const void *ctx, const void *probe);

/* Index stored under the text `key` of `len` bytes, or SIZE_MAX. */
size_t co__index_map_find_text(const co_index_map *m, const char *key, size_t len, uint32_t hash,
                               co_index_text_fn key_of, const void *ctx);

/* Insert (hash, index); room must have been reserved. */
void co__index_map_insert(co_index_map *m, uint32_t hash, size_t index);

/* Find the index whose key equals `probe`; if there is none, insert `index`
 * for it (growing the map). *out is the index found or inserted. CO_OK,
 * CO_ENOMEM or CO_EOVERFLOW (map unchanged). */
int co__index_map_put(co_index_map *m, uint32_t hash, size_t index, co_index_same_fn same,
                      const void *ctx, const void *probe, size_t *out);

/* Start loading the slot of `hash` into the cache (a hint; no effect on
 * results), so a lookup issued a little later does not wait for memory. */
void co__index_map_prefetch(const co_index_map *m, uint32_t hash);

/* Empty the map, keeping its memory. */
void co__index_map_clear(co_index_map *m);

/* Empty the map and insert the text keys 0..count-1 again (no allocation;
 * count must not exceed what was reserved). */
void co__index_map_rebuild_text(co_index_map *m, size_t count, co_index_text_fn key_of,
                                const void *ctx);

void co__index_map_free(co_index_map *m);

#endif
