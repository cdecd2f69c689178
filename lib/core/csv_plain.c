/* Splitting plain rows straight from the window (csv_plain_internal.h): 64
 * bytes at a time into bit masks of commas, line feeds, carriage returns and
 * bytes that need the full parser (quote, NUL, any byte >= 0x80), the last
 * two only in a block that holds any of them, then one step per separator. */
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "csv_plain_internal.h"

typedef struct masks {
    uint64_t comma, lf, cr, other;
} masks;

#if defined(__SSE2__) && defined(__GNUC__)
/* The top bits of the bytes of four vectors, as one 64-bit mask. */
static uint64_t mask64(__m128i a, __m128i b, __m128i c, __m128i d)
{
    return (uint64_t)(unsigned)_mm_movemask_epi8(a) |
           (uint64_t)(unsigned)_mm_movemask_epi8(b) << 16 |
           (uint64_t)(unsigned)_mm_movemask_epi8(c) << 32 |
           (uint64_t)(unsigned)_mm_movemask_epi8(d) << 48;
}

static __m128i is(__m128i v, char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); }

/* A byte the plain rows rarely hold: CR, quote, NUL or >= 0x80 (its top bit). */
static __m128i rare(__m128i v)
{
    return _mm_or_si128(_mm_or_si128(is(v, '\r'), is(v, '"')), _mm_or_si128(is(v, '\0'), v));
}

/* Commas and line feeds first; carriage returns apart from the other rare
 * bytes only in a block that has any. */
static masks classify(const unsigned char *p)
{
    const __m128i *q = (const __m128i *)(const void *)p;
    __m128i a = _mm_loadu_si128(q), b = _mm_loadu_si128(q + 1), c = _mm_loadu_si128(q + 2),
            d = _mm_loadu_si128(q + 3);
    masks m = {mask64(is(a, ','), is(b, ','), is(c, ','), is(d, ',')),
               mask64(is(a, '\n'), is(b, '\n'), is(c, '\n'), is(d, '\n')), 0, 0};
    uint64_t any = mask64(rare(a), rare(b), rare(c), rare(d));
    if (any) {
        m.cr = mask64(is(a, '\r'), is(b, '\r'), is(c, '\r'), is(d, '\r'));
        m.other = any & ~m.cr;
    }
    return m;
}
#else
static masks classify(const unsigned char *p)
{
    masks m = {0, 0, 0, 0};
    for (int i = 0; i < 64; i++) {
        uint64_t bit = (uint64_t)1 << i;
        m.comma |= p[i] == ',' ? bit : 0;
        m.lf |= p[i] == '\n' ? bit : 0;
        m.cr |= p[i] == '\r' ? bit : 0;
        m.other |= p[i] == '"' || p[i] == '\0' || p[i] >= 0x80 ? bit : 0;
    }
    return m;
}
#endif

void co__csv_plain_split(const co_csv_blocks *b, size_t width, co_csv_plain *out)
{
    const unsigned char *base = (const unsigned char *)b->buf + b->start;
    size_t avail = b->end - b->start, max = b->max_field;
    out->base = (const char *)base;
    out->n = 0;
    out->width = width;
    if (width == 0 || width > CO_CSV_PLAIN_MAX_FIELDS || avail > UINT32_MAX)
        return;
    /* the rows split, the current row's start and field, and its field ends */
    size_t n = 0, row = 0, field = 0;
    uint32_t *end = out->end[0];
    for (size_t at = 0; at + 64 <= avail; at += 64) {
        masks m = classify(base + at);
        for (uint64_t hits = m.comma | m.lf | m.cr | m.other; hits; hits &= hits - 1) {
            unsigned bit = (unsigned)__builtin_ctzll(hits);
            size_t i = at + bit;
            if (m.comma >> bit & 1) {
                if (field + 1 == width)
                    goto done; /* too many fields */
                end[++field] = (uint32_t)i;
                continue;
            }
            if (m.other >> bit & 1)
                goto done;
            size_t stop = i;
            if (m.cr >> bit & 1) { /* only as CRLF */
                if (i + 1 >= avail || base[i + 1] != '\n')
                    goto done;
                if (bit < 63)
                    hits &= ~((uint64_t)2 << bit); /* the LF after it */
                i++;
            }
            /* too few fields, a blank line, or a line long enough that a field
             * may pass the longest allowed: the full parser's */
            if (field + 1 != width || i == row + (stop != i) || i - row > max)
                goto done;
            end[field + 1] = (uint32_t)stop;
            end[0] = (uint32_t)row - 1;
            out->next[n] = (uint32_t)(i + 1);
            row = i + 1;
            field = 0;
            if (++n == CO_CSV_PLAIN_ROWS)
                goto done;
            end = out->end[n];
            if (i >= at + 64) { /* a CRLF across blocks: resume after the LF */
                at = i + 1 - 64;
                break;
            }
        }
    }
done:
    out->n = n;
}

void co__csv_plain_consume(co_csv_blocks *b, const co_csv_plain *p, size_t rows)
{
    if (rows == 0)
        return;
    b->start += p->next[rows - 1];
    b->line += rows;
}
