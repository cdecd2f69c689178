/* The distinct order days of one customer of a streaming summary, in any
 * order, in memory bounded by the customer's span of days and never by its
 * number of orders: up to 7 days after the first day inline, as 16-bit
 * offsets, then a bitmap over the days from the first to the last (grown
 * as days outside it arrive). */
#ifndef CO_STREAM_DAYS_INTERNAL_H
#define CO_STREAM_DAYS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "custorient/core.h"
#include "memory_hints_internal.h"

#define CO_STREAM_INLINE_DAYS 7
#define CO_STREAM_DAYS_SPILLED UINT16_MAX

/* A customer's days past the inline ones: a list or a bitmap. */
typedef struct day_spill {
    uint32_t count; /* distinct days */
    uint32_t cap;   /* days the list holds; 0 for a bitmap */
    int32_t lo;     /* earliest day (a list) */
    int32_t last;   /* latest day */
    uint64_t words; /* of 64 days each (a bitmap) */
    uint64_t w[];   /* the bitmap, or the list's int32_t days */
} day_spill;

/* 16 bytes, `n` first in both forms. Inline: off[0..n) are the distinct days
 * after the first day, as day - first (1..65535), unordered. Spilled (n ==
 * CO_STREAM_DAYS_SPILLED): a list or a bitmap; for a bitmap, the day of its
 * bit 0 and its size (capped) are kept here too, so that the word of a day
 * can be prefetched before the bitmap is read. */
typedef union stream_days {
    struct {
        uint16_t n;
        uint16_t off[CO_STREAM_INLINE_DAYS];
    } in;
    struct {
        uint16_t n;
        uint16_t words; /* of the bitmap, up to UINT16_MAX; 0 for a list */
        int32_t base;   /* day of the bitmap's bit 0 */
        struct day_spill *spill;
    } out;
} stream_days;

/* Start the set with one day: the customer's first. */
void co__stream_days_start(stream_days *ds);

/* co__stream_days_add() past its inline case. */
int co__stream_days_add_spill(stream_days *ds, int32_t first, int32_t d);

/* Add the offset `off` (1..65535) of a later day to an inline set: 1 when
 * done (there already, or appended), 0 when the set is full. */
static inline int co__stream_days_add_offset(stream_days *ds, uint16_t off)
{
    for (uint16_t i = 0; i < ds->in.n; i++)
        if (ds->in.off[i] == off)
            return 1;
    if (ds->in.n == CO_STREAM_INLINE_DAYS)
        return 0;
    ds->in.off[ds->in.n++] = off;
    return 1;
}

/* Add day `d` (!= first) to the set of a customer whose first day so far is
 * `first`; the caller then makes `d` the first day when it is earlier.
 * CO_OK or CO_ENOMEM (the set unchanged). A later day kept inline, the
 * common case, costs no call. */
static inline int co__stream_days_add(stream_days *ds, int32_t first, int32_t d)
{
    if (ds->in.n != CO_STREAM_DAYS_SPILLED && d > first && (int64_t)d - first <= UINT16_MAX &&
        co__stream_days_add_offset(ds, (uint16_t)(d - first)))
        return CO_OK;
    return co__stream_days_add_spill(ds, first, d);
}

/* Start loading the bitmap word of day `d` of a spilled set (a list's start). */
static inline void co__stream_days_prefetch(const stream_days *ds, int32_t d)
{
    if (ds->in.n != CO_STREAM_DAYS_SPILLED)
        return;
    int64_t word = ((int64_t)d - ds->out.base) / 64;
    const day_spill *b = ds->out.spill;
    CO__PREFETCH_WRITE(word >= 0 && word < ds->out.words ? (const void *)&b->w[word]
                                                         : (const void *)b);
}

/* Start loading what co__stream_days_count() and co__stream_days_last() read. */
static inline void co__stream_days_prefetch_count(const stream_days *ds)
{
    if (ds->in.n == CO_STREAM_DAYS_SPILLED)
        CO__PREFETCH(ds->out.spill);
}

/* Number of distinct days and the last of them. */
uint32_t co__stream_days_count(const stream_days *ds);
int32_t co__stream_days_last(const stream_days *ds, int32_t first);

/* Bytes the set holds outside its 16 bytes. */
size_t co__stream_days_spill_bytes(const stream_days *ds);

/* Free a spilled bitmap; the set is then empty and may only be started again. */
void co__stream_days_free(stream_days *ds);

#endif
