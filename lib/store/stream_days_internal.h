/* The distinct order days of one customer of a streaming summary, in any
 * order, in memory bounded by the customer's span of days and never by its
 * number of orders: up to 10 days after the first day inline, as 16-bit
 * offsets, then a list, then a bitmap over the days from the first to the last (grown
 * as days outside it arrive). */
#ifndef CO_STREAM_DAYS_INTERNAL_H
#define CO_STREAM_DAYS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "custorient/core.h"
#include "memory_hints_internal.h"

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#define CO_STREAM_INLINE_DAYS 10
/* The first lane of a set that is not inline holds one of these, which no
 * offset takes. */
#define CO_STREAM_DAYS_SPILLED UINT16_MAX
#define CO_STREAM_DAYS_SETTLED (UINT16_MAX - 1)
#define CO_STREAM_DAYS_MAX_OFFSET (UINT16_MAX - 2)

/* A customer's days past the inline ones: a list or a bitmap. */
typedef struct day_spill {
    uint32_t count; /* distinct days */
    uint32_t cap;   /* days the list holds; 0 for a bitmap */
    int32_t lo;     /* earliest day (a list) */
    int32_t last;   /* latest day */
    uint64_t words; /* of 64 days each (a bitmap) */
    uint64_t w[];   /* the bitmap, or the list's int32_t days */
} day_spill;

/* 20 bytes, 4-byte aligned (so the pointer is kept as bytes); the first
 * lane tells the form. Inline: off[] are the distinct
 * days after the first day, as day - first (1..CO_STREAM_DAYS_MAX_OFFSET),
 * unordered, in the first lanes; a lane of 0 is free, and so are all after
 * it. Spilled (form CO_STREAM_DAYS_SPILLED): a list or a bitmap, and for a
 * bitmap the day of its bit 0. Settled (form CO_STREAM_DAYS_SETTLED): only the count and the last
 * day, once no day will be added. */
typedef union stream_days {
    uint16_t off[CO_STREAM_INLINE_DAYS];
    struct {
        uint16_t form;
        uint16_t unused;
        int32_t base;                        /* day of the bitmap's bit 0 */
        unsigned char spill[sizeof(void *)]; /* the list or bitmap (co__stream_days_spill()) */
    } out;
    struct {
        uint16_t form;
        uint16_t unused;
        uint32_t count;
        int32_t last;
    } settled;
} stream_days;

_Static_assert(sizeof(stream_days) == sizeof(uint16_t) * CO_STREAM_INLINE_DAYS, "offsets only");

/* The list or bitmap of a spilled set. */
static inline struct day_spill *co__stream_days_spill(const stream_days *ds)
{
    void *p;
    memcpy(&p, ds->out.spill, sizeof p);
    return p;
}

/* Where the first lists of spilled sets are allocated: most spilled sets
 * never grow past their first list, so these take one size, carved from
 * large blocks and given back to a free list, and are freed with the blocks
 * at the end, not one by one. Longer lists and bitmaps come from the
 * allocator. Blocks no longer needed elsewhere can be given to the arena:
 * their pages are mapped already, so carving them costs no fresh memory. */
typedef struct day_arena {
    char *block;            /* the block being carved; its first word links the one before */
    size_t used;            /* bytes of it carved */
    size_t size;            /* its bytes */
    char *given;            /* blocks given, not carved yet: first word links, second the size */
    struct day_spill *free; /* first lists given back, linked through their first word */
    size_t outside;         /* sets held in the allocator's blocks */
} day_arena;

/* Give the arena a block of the allocator, `bytes` long (NULL: none), to
 * carve before it allocates any; it is freed with the arena, or at once
 * when it cannot hold a first list. */
void co__day_arena_give(day_arena *a, void *block, size_t bytes);

/* Free the arena's blocks, which must hold no set in use. */
void co__day_arena_free(day_arena *a);

/* Start the set with one day: the customer's first. */
static inline void co__stream_days_start(stream_days *ds) { memset(ds, 0, sizeof *ds); }

/* co__stream_days_add() of a day the inline set cannot take: the set
 * becomes, or already is, a list or a bitmap. */
int co__stream_days_add_spill(stream_days *ds, int32_t first, int32_t d, day_arena *a);

/* Add day d (!= first) to an inline set whose first day is `first`: the
 * day that is not the first of the two, `off` = |d - first| days after the
 * earlier one, joins the offsets, which move by `gap` = first - d when d
 * is earlier. 1 when done (the caller then makes d the first day when it
 * is earlier), 0 when the set has to spill. */
int co__stream_days_add_inline(stream_days *ds, int32_t first, int32_t d);

#if defined(__SSE2__) && defined(__GNUC__)
/* The same in a few vector steps and without a branch that depends on the
 * days: orders arrive in any order, so which of d and first is earlier and
 * whether d is among the offsets are coin tosses a loop would mispredict. */
static inline int co__stream_days_add_inline_fast(stream_days *ds, int32_t first, int32_t d)
{
    int64_t delta = (int64_t)d - first;
    uint64_t off = (uint64_t)(delta < 0 ? -delta : delta), gap = delta < 0 ? off : 0;
    if (off > CO_STREAM_DAYS_MAX_OFFSET || ds->out.form > CO_STREAM_DAYS_MAX_OFFSET)
        return 0;
    /* Lanes 0-7 and 2-9, two overlapping vectors; only the lanes held (not 0) move. */
    char *at = (char *)ds;
    __m128i lo = _mm_loadu_si128((const __m128i *)(const void *)at);
    __m128i hi = _mm_loadu_si128((const __m128i *)(const void *)(at + 4));
    __m128i zero = _mm_setzero_si128(), g = _mm_set1_epi16((short)gap);
    __m128i free_lo = _mm_cmpeq_epi16(lo, zero), free_hi = _mm_cmpeq_epi16(hi, zero);
    __m128i moved_lo = _mm_add_epi16(lo, _mm_andnot_si128(free_lo, g));
    __m128i moved_hi = _mm_add_epi16(hi, _mm_andnot_si128(free_hi, g));
    /* An offset that would pass the largest: v + gap + 1 saturates. */
    __m128i g1 = _mm_set1_epi16((short)(gap + 1)), full = _mm_set1_epi16(-1);
    __m128i past =
        _mm_or_si128(_mm_cmpeq_epi16(_mm_adds_epu16(lo, _mm_andnot_si128(free_lo, g1)), full),
                     _mm_cmpeq_epi16(_mm_adds_epu16(hi, _mm_andnot_si128(free_hi, g1)), full));
    if (_mm_movemask_epi8(past))
        return 0;
    /* Free lanes are 0 and off is not: only held lanes can be the same. */
    __m128i o = _mm_set1_epi16((short)off);
    if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi16(moved_lo, o), _mm_cmpeq_epi16(moved_hi, o))))
        return 1; /* there already (never so when d is the earlier: moved offsets exceed gap) */
    /* Lane i at bits 2i and 2i + 1 (lanes 2-7 in both halves, alike). */
    unsigned free_lanes =
        (unsigned)_mm_movemask_epi8(free_lo) | (unsigned)_mm_movemask_epi8(free_hi) << 4;
    if (!free_lanes)
        return 0;
    _mm_storeu_si128((__m128i *)(void *)(at + 4), moved_hi);
    _mm_storeu_si128((__m128i *)(void *)at, moved_lo);
    ds->off[__builtin_ctz(free_lanes) / 2] = (uint16_t)off;
    return 1;
}
#endif

/* Add day `d` (!= first) to the set of a customer whose first day so far is
 * `first`, a spilled set's memory from arena `a`; the caller then makes `d`
 * the first day when it is earlier. CO_OK or CO_ENOMEM (the set unchanged).
 * A day kept inline, the common case, costs no call. */
static inline int co__stream_days_add(stream_days *ds, int32_t first, int32_t d, day_arena *a)
{
#if defined(__SSE2__) && defined(__GNUC__)
    if (co__stream_days_add_inline_fast(ds, first, d))
        return CO_OK;
#else
    if (co__stream_days_add_inline(ds, first, d))
        return CO_OK;
#endif
    return co__stream_days_add_spill(ds, first, d, a);
}

/* Start loading what co__stream_days_settle() reads. */
static inline void co__stream_days_prefetch_spill(const stream_days *ds)
{
    if (ds->out.form == CO_STREAM_DAYS_SPILLED)
        CO__PREFETCH(co__stream_days_spill(ds));
}

/* Keep only the count and the last day of a spilled set, its memory given
 * back to arena `a` (or to the allocator): no day may be added after. The
 * result then reads the table alone, and the spilled sets' memory can be
 * given back before the result's is taken. */
void co__stream_days_settle(stream_days *ds, day_arena *a);

/* Offsets an inline set holds: its lanes up to the first free one. */
static inline unsigned co__stream_days_inline_count(const stream_days *ds)
{
    unsigned n = 0;
    while (n < CO_STREAM_INLINE_DAYS && ds->off[n])
        n++;
    return n;
}

/* Number of distinct days and the last of them (inline: the result reads
 * them once a customer). */
static inline uint32_t co__stream_days_count(const stream_days *ds)
{
    if (ds->out.form == CO_STREAM_DAYS_SETTLED)
        return ds->settled.count;
    if (ds->out.form == CO_STREAM_DAYS_SPILLED)
        return co__stream_days_spill(ds)->count;
    return co__stream_days_inline_count(ds) + 1;
}

static inline int32_t co__stream_days_last(const stream_days *ds, int32_t first)
{
    if (ds->out.form == CO_STREAM_DAYS_SETTLED)
        return ds->settled.last;
    if (ds->out.form == CO_STREAM_DAYS_SPILLED)
        return co__stream_days_spill(ds)->last;
    int32_t last = first;
    for (unsigned i = 0; i < CO_STREAM_INLINE_DAYS && ds->off[i]; i++)
        last = first + ds->off[i] > last ? first + ds->off[i] : last;
    return last;
}

/* Bytes the set holds outside its 16 bytes. */
size_t co__stream_days_spill_bytes(const stream_days *ds);

/* Give a spilled set's memory back (to arena `a`, or to the allocator); the
 * set is then empty and may only be started again. */
void co__stream_days_free(stream_days *ds, day_arena *a);

/* Whether a spilled set holds a block of the allocator rather than of the arena. */
int co__stream_days_outside(const stream_days *ds);

#endif
