/* First-appearance numbering (stream_arrival_internal.h): the rows that
 * created a customer are marked in a bitmap over the chunk, which is then
 * read in row order. */
#include <string.h>

#include "stream_arrival_internal.h"

int co__arrival_number_chunk(arrival *a, size_t rows)
{
    size_t n = a->first.len, base = a->number.len, words = (rows + 63) / 64;
    const uint32_t *first = a->first.data;
    if (n == 0) /* no customer created */
        return CO_OK;
    int in_order = 1; /* always so when the chunk is one bucket: no bitmap needed */
    for (size_t k = 1; k < n && in_order; k++)
        in_order = first[k - 1] < first[k];
    int rc = co__vec_reserve(&a->number, sizeof(uint32_t), base + n);
    if (rc == CO_OK && !in_order)
        rc = co__vec_reserve(&a->seen, sizeof(uint64_t), words);
    if (rc == CO_OK && !in_order)
        rc = co__vec_reserve(&a->created, sizeof(uint32_t), rows);
    if (rc < 0)
        return rc;
    uint32_t *number = (uint32_t *)a->number.data + base;
    if (in_order) {
        for (size_t k = 0; k < n; k++)
            number[k] = (uint32_t)(base + k);
    } else {
        uint64_t *seen = a->seen.data;
        uint32_t *created = a->created.data;
        memset(seen, 0, words * sizeof *seen);
        for (size_t k = 0; k < n; k++) {
            seen[first[k] / 64] |= (uint64_t)1 << (first[k] % 64);
            created[first[k]] = (uint32_t)k;
        }
        uint32_t next = (uint32_t)base;
        for (size_t w = 0; w < words; w++)
            for (uint64_t bits = seen[w]; bits; bits &= bits - 1)
                number[created[64 * w + (size_t)__builtin_ctzll(bits)]] = next++;
    }
    a->number.len = base + n;
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
