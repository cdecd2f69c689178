/* Sums of a fit's likelihood over fixed blocks, spread over threads. The
 * blocks depend on the data's size alone and their partial sums are added in
 * block order, so any thread count gives the same bits. */
#include <pthread.h>

#include "btyd_internal.h"
#include "error_internal.h"

/* Blocks of at least this many items, at most CO_BTYD_MAX_BLOCKS of them. */
#define MIN_BLOCK 4096

void co__btyd_blocks_plan(size_t n, size_t min_block, co_btyd_blocks *out)
{
    if (min_block == 0)
        min_block = MIN_BLOCK;
    size_t count = (n + min_block - 1) / min_block;
    if (count > CO_BTYD_MAX_BLOCKS)
        count = CO_BTYD_MAX_BLOCKS;
    if (count == 0)
        count = 1;
    out->n = n;
    out->count = count;
    out->size = (n + count - 1) / count;
}

void co__btyd_block_range(const co_btyd_blocks *b, size_t block, size_t *first, size_t *last)
{
    const size_t lo = block * b->size, hi = lo + b->size;
    *first = lo < b->n ? lo : b->n;
    *last = hi < b->n ? hi : b->n;
}

size_t co__btyd_group_of(const co_btyd_data *d, size_t row)
{
    size_t lo = 0, hi = d->n_groups;
    while (hi - lo > 1) {
        const size_t mid = lo + (hi - lo) / 2;
        if (d->group[mid] <= row)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

typedef struct worker {
    co_btyd_block_fn fn;
    void *ctx;
    size_t first, last; /* blocks */
    size_t failed;      /* first failing block, or last */
    pthread_t tid;
    int rc;
    int started;
} worker;

static void *run(void *arg)
{
    worker *w = arg;
    w->failed = w->last;
    w->rc = CO_OK;
    for (size_t b = w->first; b < w->last; b++)
        if ((w->rc = w->fn(w->ctx, b)) != CO_OK) {
            w->failed = b;
            break;
        }
    return NULL;
}

int co__btyd_run_blocks(const co_btyd_blocks *b, size_t threads, co_btyd_block_fn fn, void *ctx)
{
    if (threads > b->count)
        threads = b->count;
    if (threads <= 1) {
        for (size_t k = 0; k < b->count; k++) {
            int rc = fn(ctx, k);
            if (rc != CO_OK)
                return rc;
        }
        return CO_OK;
    }
    worker w[CO_BTYD_MAX_BLOCKS];
    const size_t per = (b->count + threads - 1) / threads;
    for (size_t t = 0; t < threads; t++) {
        const size_t first = t * per < b->count ? t * per : b->count;
        w[t] = (worker){.fn = fn,
                        .ctx = ctx,
                        .first = first,
                        .last = first + per < b->count ? first + per : b->count};
        /* the first range runs on this thread, as does any a thread cannot take */
        if (t > 0)
            w[t].started = pthread_create(&w[t].tid, NULL, run, &w[t]) == 0;
    }
    run(&w[0]);
    for (size_t t = 1; t < threads; t++) {
        if (w[t].started)
            pthread_join(w[t].tid, NULL);
        else
            run(&w[t]);
    }
    for (size_t t = 0; t < threads; t++)
        if (w[t].rc != CO_OK)
            /* again on this thread, for the message the worker's thread kept */
            return t == 0 ? w[t].rc : fn(ctx, w[t].failed);
    return CO_OK;
}
