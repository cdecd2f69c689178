/* The distinct days of a customer (stream_days_internal.h). Past the 8 days
 * kept inline the days go to a list of whole day numbers, and once the list
 * would take more room than one bit per day of the customer's span, to a
 * bitmap over that span. The bitmap grows at least by its own size towards a
 * day outside it, so days arriving in date order cost few reallocations, and
 * it stays within twice the span: memory never grows with repeated days. */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "stream_days_internal.h"

#define FIRST_LIST 16 /* days a list holds at first */

static day_spill *spill_of(const stream_days *ds) { return ds->out.spill; }

static int32_t base_of(const stream_days *ds) { return ds->out.base; }

static void set_spill(stream_days *ds, day_spill *b, int64_t base)
{
    ds->out.n = CO_STREAM_DAYS_SPILLED;
    ds->out.base = (int32_t)base; /* days of years 1-9999, widened by at most twice */
    ds->out.words = b->cap ? 0 : (uint16_t)(b->words < UINT16_MAX ? b->words : UINT16_MAX);
    ds->out.spill = b;
}

static int32_t *list_of(day_spill *b) { return (int32_t *)(void *)b->w; }

/* A bitmap over [lo, hi], zeroed. */
static day_spill *bits_new(int64_t lo, int64_t hi)
{
    uint64_t words = (uint64_t)(hi - lo) / 64 + 1;
    day_spill *b = co__calloc(1, sizeof *b + words * sizeof(uint64_t));
    if (b) {
        b->words = words;
        b->last = INT32_MIN;
    }
    return b;
}

static void bits_set(day_spill *b, int64_t base, int32_t d)
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
    day_spill *b = spill_of(ds);
    int64_t base = base_of(ds), end = base + (int64_t)(64 * b->words);
    if (d >= base && d < end)
        return CO_OK;
    int64_t grow = (int64_t)(64 * b->words);
    int64_t lo = d < base ? (d < base - grow ? d : base - grow) : base;
    int64_t hi = d >= end ? (d >= end + grow ? d : end + grow - 1) : end - 1;
    day_spill *nb = bits_new(lo, hi);
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
    set_spill(ds, nb, lo);
    return CO_OK;
}

/* The inline days, with the first, into a list. */
static int to_list(stream_days *ds, int32_t first)
{
    day_spill *b = co__malloc(sizeof *b + FIRST_LIST * sizeof(int32_t));
    if (!b)
        return co__fail_nomem();
    int32_t *days = list_of(b);
    *b = (day_spill){.count = 1, .cap = FIRST_LIST, .lo = first, .last = first};
    days[0] = first;
    for (uint16_t i = 0; i < ds->in.n; i++) {
        days[b->count++] = first + ds->in.off[i];
        if (first + ds->in.off[i] > b->last)
            b->last = first + ds->in.off[i];
    }
    set_spill(ds, b, 0);
    return CO_OK;
}

/* Add d to a list: appended, or the list doubled, or, when one bit a day
 * of the span would take less room, turned into a bitmap. */
static int list_add(stream_days *ds, int32_t d)
{
    day_spill *b = spill_of(ds);
    int32_t *days = list_of(b);
    for (uint32_t i = 0; i < b->count; i++)
        if (days[i] == d)
            return CO_OK;
    if (b->count < b->cap) {
        days[b->count++] = d;
        b->lo = d < b->lo ? d : b->lo;
        b->last = d > b->last ? d : b->last;
        return CO_OK;
    }
    int64_t lo = d < b->lo ? d : b->lo, hi = d > b->last ? d : b->last;
    if ((uint64_t)b->cap * 2 * sizeof(int32_t) < (uint64_t)(hi - lo) / 8 + 8) {
        day_spill *nb = co__realloc(b, sizeof *b + (size_t)b->cap * 2 * sizeof(int32_t));
        if (!nb)
            return co__fail_nomem();
        nb->cap *= 2;
        set_spill(ds, nb, 0);
        return list_add(ds, d);
    }
    day_spill *nb = bits_new(lo, hi);
    if (!nb)
        return co__fail_nomem();
    for (uint32_t i = 0; i < b->count; i++)
        bits_set(nb, lo, days[i]);
    bits_set(nb, lo, d);
    co__free(b);
    set_spill(ds, nb, lo);
    return CO_OK;
}

int co__stream_days_add_inline(stream_days *ds, int32_t first, int32_t d)
{
    if (ds->in.n == CO_STREAM_DAYS_SPILLED)
        return 0;
    int64_t delta = (int64_t)d - first;
    int64_t off = delta < 0 ? -delta : delta, gap = delta < 0 ? off : 0;
    if (off > UINT16_MAX)
        return 0;
    for (uint16_t i = 0; i < ds->in.n; i++) {
        if (ds->in.off[i] + gap > UINT16_MAX)
            return 0;
        if (ds->in.off[i] + gap == off)
            return 1; /* there already (never so when d is the earlier: moved offsets exceed gap) */
    }
    if (ds->in.n == CO_STREAM_INLINE_DAYS)
        return 0;
    for (uint16_t i = 0; i < ds->in.n; i++)
        ds->in.off[i] = (uint16_t)(ds->in.off[i] + gap);
    ds->in.off[ds->in.n++] = (uint16_t)off;
    return 1;
}

int co__stream_days_add_spill(stream_days *ds, int32_t first, int32_t d)
{
    int rc;
    if (ds->in.n != CO_STREAM_DAYS_SPILLED && (rc = to_list(ds, first)) < 0)
        return rc;
    if (spill_of(ds)->cap)
        return list_add(ds, d);
    if ((rc = bits_cover(ds, d)) < 0)
        return rc;
    bits_set(spill_of(ds), base_of(ds), d);
    return CO_OK;
}

size_t co__stream_days_spill_bytes(const stream_days *ds)
{
    if (ds->in.n != CO_STREAM_DAYS_SPILLED)
        return 0;
    const day_spill *b = spill_of(ds);
    return sizeof *b + (b->cap ? b->cap * sizeof(int32_t) : b->words * sizeof(uint64_t));
}

void co__stream_days_free(stream_days *ds)
{
    if (ds->in.n == CO_STREAM_DAYS_SPILLED)
        co__free(spill_of(ds));
    memset(ds, 0, sizeof *ds);
}
