/* The distinct days of a customer (stream_days_internal.h). The bitmap
 * grows at least by its own size towards a day outside it, so days arriving
 * in date order cost few reallocations, and it stays within twice the
 * customer's span: one bit a day. */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "stream_days_internal.h"

/* The bitmap; the day of its bit 0 is kept in the set's bytes 4..7, so
 * that the word of a day can be prefetched before the bitmap is read. */
typedef struct day_bits {
    uint64_t words; /* of 64 days each */
    uint32_t count; /* bits set */
    int32_t last;   /* latest day set */
    uint64_t w[];
} day_bits;

static day_bits *bits_of(const stream_days *ds)
{
    day_bits *b;
    memcpy(&b, (const char *)ds + 8, sizeof b);
    return b;
}

static int32_t base_of(const stream_days *ds)
{
    int32_t base;
    memcpy(&base, (const char *)ds + 4, sizeof base);
    return base;
}

static void set_bits(stream_days *ds, day_bits *b, int64_t base)
{
    int32_t b32 = (int32_t)base; /* days of years 1-9999, widened by at most twice */
    memcpy((char *)ds + 8, &b, sizeof b);
    memcpy((char *)ds + 4, &b32, sizeof b32);
    ds->n = CO_STREAM_DAYS_SPILLED;
}

void co__stream_days_prefetch(const stream_days *ds, int32_t d)
{
    if (ds->n != CO_STREAM_DAYS_SPILLED)
        return;
    uintptr_t at = (uintptr_t)bits_of(ds) + sizeof(day_bits) +
                   (uintptr_t)(((int64_t)d - base_of(ds)) / 64 * 8);
    __builtin_prefetch((const void *)at, 1); /* a day outside the bitmap: a harmless hint */
}

void co__stream_days_start(stream_days *ds) { memset(ds, 0, sizeof *ds); }

/* A bitmap over [lo, hi], zeroed. */
static day_bits *bits_new(int64_t lo, int64_t hi)
{
    uint64_t words = (uint64_t)(hi - lo) / 64 + 1;
    day_bits *b = co__calloc(1, sizeof *b + words * sizeof(uint64_t));
    if (b) {
        b->words = words;
        b->last = INT32_MIN;
    }
    return b;
}

static void bits_set(day_bits *b, int64_t base, int32_t d)
{
    uint64_t at = (uint64_t)((int64_t)d - base), bit = (uint64_t)1 << (at % 64);
    if (!(b->w[at / 64] & bit)) {
        b->w[at / 64] |= bit;
        b->count++;
    }
    if (d > b->last)
        b->last = d;
}

/* Make room in the bitmap for day d. */
static int bits_cover(stream_days *ds, int32_t d)
{
    day_bits *b = bits_of(ds);
    int64_t base = base_of(ds), end = base + (int64_t)(64 * b->words);
    if (d >= base && d < end)
        return CO_OK;
    int64_t grow = (int64_t)(64 * b->words);
    int64_t lo = d < base ? (d < base - grow ? d : base - grow) : base;
    int64_t hi = d >= end ? (d >= end + grow ? d : end + grow - 1) : end - 1;
    day_bits *nb = bits_new(lo, hi);
    if (!nb)
        return co__fail_nomem();
    uint64_t shift = (uint64_t)(base - lo); /* bits before the old ones */
    for (uint64_t i = 0; i < b->words; i++) {
        for (uint64_t w = b->w[i]; w; w &= w - 1) {
            uint64_t at = shift + 64 * i + (uint64_t)__builtin_ctzll(w);
            nb->w[at / 64] |= (uint64_t)1 << (at % 64);
        }
    }
    nb->count = b->count;
    nb->last = b->last;
    co__free(b);
    set_bits(ds, nb, lo);
    return CO_OK;
}

/* Move the inline days, with the first, to a bitmap. */
static int spill(stream_days *ds, int32_t first)
{
    int64_t hi = first;
    for (uint16_t i = 0; i < ds->n; i++)
        if (first + (int64_t)ds->off[i] > hi)
            hi = first + (int64_t)ds->off[i];
    day_bits *b = bits_new(first, hi);
    if (!b)
        return co__fail_nomem();
    bits_set(b, first, first);
    for (uint16_t i = 0; i < ds->n; i++)
        bits_set(b, first, (int32_t)(first + ds->off[i]));
    set_bits(ds, b, first);
    return CO_OK;
}

/* Add d inline if it fits; 1 when done, 0 when the set has to spill. */
static int add_inline(stream_days *ds, int32_t first, int32_t d)
{
    if (d > first) {
        int64_t off = (int64_t)d - first;
        if (off > UINT16_MAX)
            return 0;
        for (uint16_t i = 0; i < ds->n; i++)
            if (ds->off[i] == off)
                return 1;
        if (ds->n == CO_STREAM_INLINE_DAYS)
            return 0;
        ds->off[ds->n++] = (uint16_t)off;
        return 1;
    }
    /* An earlier first day: the offsets move by the gap and the old first joins them. */
    int64_t gap = (int64_t)first - d;
    if (gap > UINT16_MAX || ds->n == CO_STREAM_INLINE_DAYS)
        return 0;
    for (uint16_t i = 0; i < ds->n; i++)
        if (ds->off[i] + gap > UINT16_MAX)
            return 0;
    for (uint16_t i = 0; i < ds->n; i++)
        ds->off[i] = (uint16_t)(ds->off[i] + gap);
    ds->off[ds->n++] = (uint16_t)gap;
    return 1;
}

int co__stream_days_add(stream_days *ds, int32_t first, int32_t d)
{
    if (ds->n != CO_STREAM_DAYS_SPILLED && add_inline(ds, first, d))
        return CO_OK;
    int rc;
    if (ds->n != CO_STREAM_DAYS_SPILLED && (rc = spill(ds, first)) < 0)
        return rc;
    if ((rc = bits_cover(ds, d)) < 0)
        return rc;
    bits_set(bits_of(ds), base_of(ds), d);
    return CO_OK;
}

uint32_t co__stream_days_count(const stream_days *ds)
{
    return ds->n == CO_STREAM_DAYS_SPILLED ? bits_of(ds)->count : (uint32_t)ds->n + 1;
}

int32_t co__stream_days_last(const stream_days *ds, int32_t first)
{
    if (ds->n == CO_STREAM_DAYS_SPILLED)
        return bits_of(ds)->last;
    int32_t last = first;
    for (uint16_t i = 0; i < ds->n; i++)
        if (first + ds->off[i] > last)
            last = first + ds->off[i];
    return last;
}

size_t co__stream_days_spill_bytes(const stream_days *ds)
{
    return ds->n == CO_STREAM_DAYS_SPILLED
               ? sizeof(day_bits) + bits_of(ds)->words * sizeof(uint64_t)
               : 0;
}

void co__stream_days_free(stream_days *ds)
{
    if (ds->n == CO_STREAM_DAYS_SPILLED)
        co__free(bits_of(ds));
    memset(ds, 0, sizeof *ds);
}
