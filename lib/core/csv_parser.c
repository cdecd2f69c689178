/* Parsing RFC 4180 records from a buffer held in memory. Fields are
 * unescaped in place (a quoted field only ever shrinks) and NUL-terminated
 * over their separator, so readers get C strings without copies. A NUL byte
 * in the text is refused: every reader would see the field end there. */
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "csv_parser_internal.h"
#include "error_internal.h"

void co__csv_parser_init(co_csv_parser *r, char *buf, size_t len, const char *source,
                         size_t max_field)
{
    *r = (co_csv_parser){
        .buf = buf, .len = len, .line = 1, .max_field = max_field, .source = source};
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        r->pos = r->line_start = 3;
}

void co__csv_parser_free(co_csv_parser *r) { co__vec_free(&r->cells); }

static int fail_here(const co_csv_parser *r, int status, size_t line, size_t line_start, size_t at,
                     const char *what)
{
    return co__fail_at(status, r->source, line, at - line_start + 1, "%s", what);
}

/* After a field: consume its terminator. *end_of_record is set at a line end
 * or at the end of the text. */
static int finish_field(co_csv_parser *r, int *end_of_record)
{
    if (r->pos >= r->len) {
        *end_of_record = 1;
        return CO_OK;
    }
    char c = r->buf[r->pos];
    if (c == ',') {
        r->pos++;
        *end_of_record = 0;
        return CO_OK;
    }
    if (c == '\r' && r->pos + 1 < r->len && r->buf[r->pos + 1] == '\n')
        r->pos++;
    else if (c != '\n')
        return fail_here(r, CO_EPARSE, r->line, r->line_start, r->pos,
                         c == '\r' ? "carriage return without a line feed"
                                   : "unexpected character after a closing quote");
    r->pos++;
    r->line++;
    r->line_start = r->pos;
    *end_of_record = 1;
    return CO_OK;
}

static int read_quoted(co_csv_parser *r, co_csv_cell *f)
{
    size_t open = r->pos, open_line = r->line, open_line_start = r->line_start;
    char *buf = r->buf;
    size_t w = ++r->pos; /* unescaped bytes are written back from here */
    f->p = buf + w;
    for (;;) {
        if (r->pos >= r->len)
            return fail_here(r, CO_EPARSE, open_line, open_line_start, open,
                             "unterminated quoted field");
        char c = buf[r->pos];
        if (c == '"') {
            if (r->pos + 1 < r->len && buf[r->pos + 1] == '"') {
                buf[w++] = '"';
                r->pos += 2;
                continue;
            }
            r->pos++;
            break;
        }
        if (c == '\0')
            return fail_here(r, CO_EPARSE, r->line, r->line_start, r->pos, "NUL byte in a field");
        if (c == '\n') {
            r->line++;
            r->line_start = r->pos + 1;
        }
        buf[w++] = c;
        r->pos++;
    }
    f->len = (size_t)(buf + w - f->p);
    return CO_OK;
}

/* Bytes that end or break an unquoted field: ',' LF CR '"' and NUL. */
static const unsigned char stops[256] = {['\0'] = 1, ['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1};

/* Offset of the first stop byte in [i, n), or n. Sixteen bytes at a time
 * where SSE2 is there: most fields end within the first block, so the branch
 * is predictable, unlike a byte loop that ends at a different count each time. */
size_t co__csv_find_stop(const unsigned char *buf, size_t i, size_t n)
{
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                  quote = _mm_set1_epi8('"'), nul = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(buf + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, comma), _mm_cmpeq_epi8(b, lf)),
                                   _mm_or_si128(_mm_cmpeq_epi8(b, cr), _mm_cmpeq_epi8(b, quote)));
        hit = _mm_or_si128(hit, _mm_cmpeq_epi8(b, nul));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
    }
#endif
    while (i < n && !stops[buf[i]])
        i++;
    return i;
}

static int read_unquoted(co_csv_parser *r, co_csv_cell *f)
{
    const unsigned char *buf = (const unsigned char *)r->buf;
    size_t n = r->len, i = co__csv_find_stop(buf, r->pos, n);
    if (i < n && buf[i] == '"')
        return fail_here(r, CO_EPARSE, r->line, r->line_start, i, "quote inside an unquoted field");
    if (i < n && buf[i] == '\0')
        return fail_here(r, CO_EPARSE, r->line, r->line_start, i, "NUL byte in a field");
    f->p = r->buf + r->pos;
    f->len = i - r->pos;
    r->pos = i;
    return CO_OK;
}

int co__csv_next_record(co_csv_parser *r, int *got)
{
    /* Skip blank lines (LF or CRLF). */
    while (r->pos < r->len) {
        size_t eol = r->buf[r->pos] == '\n' ? 1
                     : (r->buf[r->pos] == '\r' && r->pos + 1 < r->len && r->buf[r->pos + 1] == '\n')
                         ? 2
                         : 0;
        if (!eol)
            break;
        r->pos += eol;
        r->line++;
        r->line_start = r->pos;
    }
    r->cells.len = 0;
    if (r->pos >= r->len) {
        *got = 0;
        return CO_OK;
    }
    for (;;) {
        int rc;
        if (r->cells.len == r->cells.cap &&
            (rc = co__vec_reserve(&r->cells, sizeof(co_csv_cell), r->cells.len + 1)) < 0)
            return rc;
        co_csv_cell *f = &CO_VEC_AT(&r->cells, co_csv_cell, r->cells.len++);
        f->line = r->line;
        f->column = r->pos - r->line_start + 1;
        rc = r->pos < r->len && r->buf[r->pos] == '"' ? read_quoted(r, f) : read_unquoted(r, f);
        if (rc < 0)
            return rc;
        if (f->len > r->max_field)
            return co__fail_at(CO_ERANGE, r->source, f->line, f->column,
                               "field longer than %zu bytes", r->max_field);
        int end;
        rc = finish_field(r, &end);
        if (rc < 0)
            return rc;
        f->p[f->len] = '\0'; /* over the separator or closing quote already read */
        if (end)
            break;
    }
    *got = 1;
    return CO_OK;
}
