/* First-appearance numbering (stream_arrival_internal.h): the rows that
 * created a customer are marked in a bitmap over the chunk, which is then
 * read in row order. */
#include <string.h>

#include "stream_arrival_internal.h"

int co__arrival_number_chunk(arrival *a, size_t rows)
{
    size_t n = a->first.len, base = a->number.len, words = (rows + 63) / 64;
    uint32_t *number;
    int rc = co__vec_reserve(&a->seen, sizeof(uint64_t), words);
    if (rc == CO_OK)
        rc = co__vec_reserve(&a->created, sizeof(uint32_t), rows);
    if (rc == CO_OK)
        rc = co__vec_grow(&a->number, sizeof(uint32_t), n, (void **)&number);
    if (rc < 0)
        return rc;
    uint64_t *seen = a->seen.data;
    uint32_t *created = a->created.data;
    const uint32_t *first = a->first.data;
    memset(seen, 0, words * sizeof *seen);
    for (size_t k = 0; k < n; k++) {
        seen[first[k] / 64] |= (uint64_t)1 << (first[k] % 64);
        created[first[k]] = (uint32_t)k;
    }
    uint32_t next = (uint32_t)base;
    for (size_t w = 0; w < words; w++)
        for (uint64_t bits = seen[w]; bits; bits &= bits - 1)
            number[created[64 * w + (size_t)__builtin_ctzll(bits)]] = next++;
    a->first.len = 0;
    return CO_OK;
}

void co__arrival_free(arrival *a)
{
    co__vec_free(&a->number);
    co__vec_free(&a->first);
    co__vec_free(&a->seen);
    co__vec_free(&a->created);
}
