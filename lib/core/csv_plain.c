/* Splitting plain rows straight from the window (csv_plain_internal.h): 64
 * bytes at a time into bit masks of commas, line feeds, carriage returns and
 * bytes that need the full parser (quote, NUL, any byte >= 0x80), then one
 * step per separator. */
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "csv_plain_internal.h"

typedef struct masks {
    uint64_t comma, lf, cr, other;
} masks;

#if defined(__SSE2__) && defined(__GNUC__)
static uint64_t mask16(__m128i v, char c, int k)
{
    return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(c))) << (16 * k);
}

static masks classify(const unsigned char *p)
{
    masks m = {0, 0, 0, 0};
    for (int k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + (size_t)16 * k));
        m.comma |= mask16(v, ',', k);
        m.lf |= mask16(v, '\n', k);
        m.cr |= mask16(v, '\r', k);
        m.other |= mask16(v, '"', k) | mask16(v, '\0', k) |
                   (uint64_t)(unsigned)_mm_movemask_epi8(v) << (16 * k);
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
    size_t row = 0, field = 0, from = 0; /* the current row's start and field, the field's start */
    for (size_t at = 0; at + 64 <= avail; at += 64) {
        masks m = classify(base + at);
        for (uint64_t hits = m.comma | m.lf | m.cr | m.other; hits; hits &= hits - 1) {
            unsigned bit = (unsigned)__builtin_ctzll(hits);
            size_t i = at + bit;
            uint64_t one = (uint64_t)1 << bit;
            if (i - from > max || (m.other & one))
                return;
            if (m.comma & one) {
                if (field + 1 == width)
                    return; /* too many fields */
                out->end[out->n][field++] = (uint32_t)i;
                from = i + 1;
                continue;
            }
            size_t stop = i;
            if (m.cr & one) { /* only as CRLF */
                if (i + 1 >= avail || base[i + 1] != '\n')
                    return;
                if (bit < 63)
                    hits &= ~(one << 1); /* the LF after it */
                i++;
            }
            if (field + 1 != width || i == row + (size_t)(stop != i))
                return; /* too few fields, or a blank line */
            out->end[out->n][field] = (uint32_t)stop;
            out->start[out->n] = (uint32_t)row;
            out->next[out->n] = (uint32_t)(i + 1);
            row = from = i + 1;
            field = 0;
            if (++out->n == CO_CSV_PLAIN_ROWS)
                return;
            if (i >= at + 64) { /* a CRLF across chunks: resume after the LF */
                at = i + 1 - 64;
                break;
            }
        }
    }
}

void co__csv_plain_consume(co_csv_blocks *b, const co_csv_plain *p, size_t rows)
{
    if (rows == 0)
        return;
    b->start += p->next[rows - 1];
    b->line += rows;
}
