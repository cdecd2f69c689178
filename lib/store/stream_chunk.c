/* The chunk of rows waiting to be counted (stream_chunk_internal.h). A bucket
 * holds a quarter more than its share of the chunk, so that hashed ids fill
 * the chunk before a bucket overflows; a skewed input (one customer's rows)
 * only ends chunks early. */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "memory_hints_internal.h"
#include "stream_chunk_internal.h"

static size_t limit_override;

void co__order_chunk_set_limit(size_t rows) { limit_override = rows; }

int co__order_chunk_start(order_chunk *ch, unsigned bits)
{
    size_t limit = bits ? CO_CHUNK_ROWS : CO_CHUNK_ONE_BUCKET_ROWS;
    size_t slots = (size_t)1 << (bits + CO_STREAM_REGION_BITS); /* of the table */
    if (bits && slots > limit)
        limit = slots < CO_CHUNK_MAX_ROWS ? slots : CO_CHUNK_MAX_ROWS;
    if (limit_override && limit_override < limit)
        limit = limit_override;
    size_t buckets = (size_t)1 << bits, share = limit >> bits;
    size_t per = bits ? share + share / 4 + 16 : limit;
    ch->rows = ch->limit = 0;
    ch->ids.len = 0;
    if (!ch->fill &&
        !(ch->fill = co__malloc_array((size_t)1 << CO_CHUNK_MAX_BITS, sizeof *ch->fill)))
        return co__fail_nomem();
    if (buckets * per > ch->cap) {
        /* Grown in place where the allocator can (a large block's pages are
         * moved, not copied): the pages it has are not faulted in again. */
        size_t bytes;
        chunk_row *recs =
            co__mul_fits(buckets * per, sizeof *recs, &bytes) ? co__realloc(ch->recs, bytes) : NULL;
        if (!recs)
            return co__fail_nomem();
        ch->recs = recs;
        ch->cap = buckets * per;
        co__hint_large_block(ch->recs, ch->cap * sizeof *ch->recs); /* written at random */
    }
    memset(ch->fill, 0, buckets * sizeof *ch->fill);
    ch->per = per;
    ch->bits = bits;
    ch->limit = limit;
    return CO_OK;
}

void *co__order_chunk_offer(order_chunk *ch, void *block, size_t bytes, size_t *left)
{
    *left = bytes;
    if (!block || bytes / sizeof *ch->recs <= ch->cap)
        return block;
    void *own = ch->recs;
    *left = ch->cap * sizeof *ch->recs;
    ch->recs = block;
    ch->cap = bytes / sizeof *ch->recs;
    return own;
}

void *co__order_chunk_take_block(order_chunk *ch, size_t *bytes)
{
    void *block = ch->recs;
    *bytes = ch->cap * sizeof *ch->recs;
    ch->recs = NULL;
    ch->cap = 0;
    ch->rows = ch->limit = 0;
    return block;
}

int co__order_chunk_add_long(order_chunk *ch, const char *id, size_t len, int32_t day,
                             int64_t amount)
{
    if (len > UINT32_MAX)
        return co__fail(CO_EOVERFLOW, "customer id of %zu bytes", len);
    uint64_t off = ch->ids.len;
    uint32_t n = (uint32_t)len;
    char *text;
    int rc = co__vec_grow(&ch->ids, 1, len, (void **)&text);
    if (rc < 0)
        return rc;
    memcpy(text, id, len);
    uint32_t hash = co__stream_hash(id, len);
    size_t b;
    chunk_row *r = co__order_chunk_next_row(ch, hash, &b);
    memcpy(r->key, &hash, sizeof hash);
    memcpy(r->key + 4, &n, sizeof n);
    memcpy(r->key + 8, &off, sizeof off);
    return co__order_chunk_end_row(ch, r, b, CO_CHUNK_LONG_ID, day, amount);
}

void co__order_chunk_free(order_chunk *ch)
{
    co__free(ch->recs);
    co__free(ch->fill);
    co__vec_free(&ch->ids);
    memset(ch, 0, sizeof *ch);
}
