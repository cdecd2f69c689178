/* The distinct days of a customer (stream_days_internal.h). Past the 11 days
 * kept inline the days go to a list of whole day numbers (the first list of
 * 16 from the table's arena, longer ones from the allocator), and once the list
 * would take more room than one bit per day of the customer's span, to a
 * bitmap over that span. The bitmap grows at least by its own size towards a
 * day outside it, so days arriving in date order cost few reallocations, and
 * it stays within twice the span: memory never grows with repeated days. */
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "stream_days_internal.h"

#define FIRST_LIST 16 /* days a list holds at first */
#define FIRST_BYTES (sizeof(day_spill) + FIRST_LIST * sizeof(int32_t))
/* Not hinted for huge pages: at 5 M customers, faulting those in cost
 * more than the misses of the address translation they save. */
#define ARENA_BLOCK ((size_t)4 << 20)
#define ARENA_HEAD 16 /* the link to the block before and the block's size */

/* A first list given back holds, in its first bytes, the next one given back. */
static day_spill *next_given_back(const day_spill *b)
{
    void *next;
    memcpy(&next, b, sizeof next);
    return next;
}

static void link_given_back(day_spill *b, day_spill *next)
{
    void *p = next;
    memcpy(b, &p, sizeof p);
}

/* A block's header: the block linked before it, and its size (a block given). */
static char *block_link(const char *block)
{
    char *link;
    memcpy(&link, block, sizeof link);
    return link;
}

static size_t block_size(const char *block)
{
    size_t size;
    memcpy(&size, block + sizeof(char *), sizeof size);
    return size;
}

static void set_block_header(char *block, char *link, size_t size)
{
    memcpy(block, &link, sizeof link);
    memcpy(block + sizeof link, &size, sizeof size);
}

void co__day_arena_give(day_arena *a, void *block, size_t bytes)
{
    if (block && bytes < ARENA_HEAD + FIRST_BYTES)
        co__free(block);
    else if (block) {
        set_block_header(block, a->given, bytes);
        a->given = block;
    }
}

/* Start carving the next block: one given, else a new one. */
static int next_block(day_arena *a)
{
    char *block = a->given;
    size_t size = ARENA_BLOCK;
    if (block) {
        size = block_size(block);
        a->given = block_link(block);
    } else if (!(block = co__malloc(ARENA_BLOCK))) {
        return co__fail_nomem();
    }
    set_block_header(block, a->block, size);
    a->block = block;
    a->used = ARENA_HEAD;
    a->size = size;
    return CO_OK;
}

/* A first list of the arena (contents undefined), or NULL. */
static day_spill *first_list_new(day_arena *a)
{
    day_spill *b = a->free;
    if (b) {
        a->free = next_given_back(b);
        return b;
    }
    if ((!a->block || a->used + FIRST_BYTES > a->size) && next_block(a) < 0)
        return NULL;
    b = (day_spill *)(void *)(a->block + a->used);
    a->used += FIRST_BYTES;
    return b;
}

/* Give a spilled set's block back: a first list to the arena's free list,
 * any other to the allocator. */
static void spill_release(day_arena *a, day_spill *b)
{
    if (b->cap != FIRST_LIST) {
        co__free(b);
        a->outside--;
        return;
    }
    link_given_back(b, a->free);
    a->free = b;
}

static void free_blocks(char *block)
{
    while (block) {
        char *before = block_link(block);
        co__free(block);
        block = before;
    }
}

void co__day_arena_free(day_arena *a)
{
    free_blocks(a->block);
    free_blocks(a->given);
    memset(a, 0, sizeof *a);
}

static day_spill *spill_of(const stream_days *ds) { return co__stream_days_spill(ds); }

static int32_t base_of(const stream_days *ds) { return ds->out.base; }

static void set_spill(stream_days *ds, day_spill *b, int64_t base)
{
    ds->out.form = CO_STREAM_DAYS_SPILLED;
    ds->out.base = (int32_t)base; /* days of years 1-9999, widened by at most twice */
    ds->out.unused = 0;
    void *p = b;
    memcpy(ds->out.spill, &p, sizeof p);
}

static int32_t *list_of(day_spill *b) { return (int32_t *)(void *)b->w; }

/* A bitmap over [lo, hi], zeroed, from the allocator. */
static day_spill *bits_new(day_arena *a, int64_t lo, int64_t hi)
{
    uint64_t words = (uint64_t)(hi - lo) / 64 + 1;
    day_spill *b = co__calloc(1, sizeof *b + words * sizeof(uint64_t));
    if (b) {
        b->words = words;
        b->last = INT32_MIN;
        a->outside++;
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
static int bits_cover(stream_days *ds, int32_t d, day_arena *a)
{
    day_spill *b = spill_of(ds);
    int64_t base = base_of(ds), end = base + (int64_t)(64 * b->words);
    if (d >= base && d < end)
        return CO_OK;
    int64_t grow = (int64_t)(64 * b->words);
    int64_t lo = d < base ? (d < base - grow ? d : base - grow) : base;
    int64_t hi = d >= end ? (d >= end + grow ? d : end + grow - 1) : end - 1;
    day_spill *nb = bits_new(a, lo, hi);
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
    spill_release(a, b);
    set_spill(ds, nb, lo);
    return CO_OK;
}

/* The inline days, with the first, into a first list. */
static int to_list(stream_days *ds, int32_t first, day_arena *a)
{
    day_spill *b = first_list_new(a);
    if (!b)
        return co__fail_nomem();
    int32_t *days = list_of(b);
    *b = (day_spill){.count = 1, .cap = FIRST_LIST, .lo = first, .last = first};
    days[0] = first;
    for (unsigned i = 0; i < CO_STREAM_INLINE_DAYS && ds->off[i]; i++) {
        days[b->count++] = first + ds->off[i];
        if (first + ds->off[i] > b->last)
            b->last = first + ds->off[i];
    }
    set_spill(ds, b, 0);
    return CO_OK;
}

/* A list of twice the capacity of list b, with its days, from the
 * allocator (b given back), or NULL (b unchanged). */
static day_spill *list_doubled(day_arena *a, day_spill *b)
{
    size_t bytes = sizeof *b + (size_t)b->cap * 2 * sizeof(int32_t);
    day_spill *nb;
    if (b->cap != FIRST_LIST)
        nb = co__realloc(b, bytes);
    else if ((nb = co__malloc(bytes)) != NULL) {
        memcpy(nb, b, FIRST_BYTES);
        spill_release(a, b);
        a->outside++;
    }
    if (nb)
        nb->cap *= 2;
    return nb;
}

/* Add d to a list: appended, or the list doubled, or, when one bit a day
 * of the span would take less room, turned into a bitmap. */
static int list_add(stream_days *ds, int32_t d, day_arena *a)
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
        day_spill *nb = list_doubled(a, b);
        if (!nb)
            return co__fail_nomem();
        set_spill(ds, nb, 0);
        return list_add(ds, d, a);
    }
    day_spill *nb = bits_new(a, lo, hi);
    if (!nb)
        return co__fail_nomem();
    for (uint32_t i = 0; i < b->count; i++)
        bits_set(nb, lo, days[i]);
    bits_set(nb, lo, d);
    spill_release(a, b);
    set_spill(ds, nb, lo);
    return CO_OK;
}

int co__stream_days_add_inline(stream_days *ds, int32_t first, int32_t d)
{
    if (ds->out.form > CO_STREAM_DAYS_MAX_OFFSET)
        return 0;
    int64_t delta = (int64_t)d - first;
    int64_t off = delta < 0 ? -delta : delta, gap = delta < 0 ? off : 0;
    if (off > CO_STREAM_DAYS_MAX_OFFSET)
        return 0;
    unsigned n = co__stream_days_inline_count(ds);
    for (unsigned i = 0; i < n; i++) {
        if (ds->off[i] + gap > CO_STREAM_DAYS_MAX_OFFSET)
            return 0;
        if (ds->off[i] + gap == off)
            return 1; /* there already (never so when d is the earlier: moved offsets exceed gap) */
    }
    if (n == CO_STREAM_INLINE_DAYS)
        return 0;
    for (unsigned i = 0; i < n; i++)
        ds->off[i] = (uint16_t)(ds->off[i] + gap);
    ds->off[n] = (uint16_t)off;
    return 1;
}

int co__stream_days_add_spill(stream_days *ds, int32_t first, int32_t d, day_arena *a)
{
    int rc;
    if (ds->out.form != CO_STREAM_DAYS_SPILLED && (rc = to_list(ds, first, a)) < 0)
        return rc;
    if (spill_of(ds)->cap)
        return list_add(ds, d, a);
    if ((rc = bits_cover(ds, d, a)) < 0)
        return rc;
    bits_set(spill_of(ds), base_of(ds), d);
    return CO_OK;
}

size_t co__stream_days_spill_bytes(const stream_days *ds)
{
    if (ds->out.form != CO_STREAM_DAYS_SPILLED)
        return 0;
    const day_spill *b = spill_of(ds);
    return sizeof *b + (b->cap ? b->cap * sizeof(int32_t) : b->words * sizeof(uint64_t));
}

int co__stream_days_outside(const stream_days *ds)
{
    return ds->out.form == CO_STREAM_DAYS_SPILLED && spill_of(ds)->cap != FIRST_LIST;
}

void co__stream_days_settle(stream_days *ds, day_arena *a)
{
    if (ds->out.form != CO_STREAM_DAYS_SPILLED)
        return;
    day_spill *b = spill_of(ds);
    uint32_t count = b->count;
    int32_t last = b->last;
    spill_release(a, b);
    memset(ds, 0, sizeof *ds);
    ds->settled.form = CO_STREAM_DAYS_SETTLED;
    ds->settled.count = count;
    ds->settled.last = last;
}

void co__stream_days_free(stream_days *ds, day_arena *a)
{
    if (ds->out.form == CO_STREAM_DAYS_SPILLED)
        spill_release(a, spill_of(ds));
    memset(ds, 0, sizeof *ds);
}
