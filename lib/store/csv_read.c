/* Reading RFC 4180 records from a buffer held in memory. Fields are
 * unescaped in place (a quoted field only ever shrinks) and NUL-terminated
 * over their separator, so the importer gets C strings without copies. */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__) && defined(__GNUC__)
#include <emmintrin.h>
#endif

#include "csv_internal.h"
#include "custorient/store.h"
#include "error_internal.h"

void co__csv_reader_init(csv_reader *r, char *buf, size_t len, const char *source)
{
    *r = (csv_reader){.buf = buf, .len = len, .line = 1, .source = source};
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        r->pos = r->line_start = 3;
}

void co__csv_reader_free(csv_reader *r) { co__vec_free(&r->fields); }

static int fail_here(const csv_reader *r, int status, size_t line, size_t line_start,
                     size_t at, const char *what)
{
    return co__fail_at(status, r->source, line, at - line_start + 1, "%s", what);
}

/* After a field: consume its terminator. *end_of_record is set at a line end
 * or at the end of the text. */
static int finish_field(csv_reader *r, int *end_of_record)
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

static int read_quoted(csv_reader *r, csv_field *f)
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

/* Bytes that end or break an unquoted field: ',' LF CR and '"'. */
static const unsigned char stops[256] = {['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1};

/* Offset of the first stop byte in [i, n), or n. Sixteen bytes at a time
 * where SSE2 is there: most fields end within the first block, so the branch
 * is predictable, unlike a byte loop that ends at a different count each time. */
static size_t find_stop(const unsigned char *buf, size_t i, size_t n)
{
#if defined(__SSE2__) && defined(__GNUC__)
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'),
                  cr = _mm_set1_epi8('\r'), quote = _mm_set1_epi8('"');
    for (; i + 16 <= n; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(const void *)(buf + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, comma), _mm_cmpeq_epi8(b, lf)),
                                   _mm_or_si128(_mm_cmpeq_epi8(b, cr), _mm_cmpeq_epi8(b, quote)));
        unsigned mask = (unsigned)_mm_movemask_epi8(hit);
        if (mask)
            return i + (size_t)__builtin_ctz(mask);
    }
#endif
    while (i < n && !stops[buf[i]])
        i++;
    return i;
}

static int read_unquoted(csv_reader *r, csv_field *f)
{
    const unsigned char *buf = (const unsigned char *)r->buf;
    size_t n = r->len, i = find_stop(buf, r->pos, n);
    if (i < n && buf[i] == '"')
        return fail_here(r, CO_EPARSE, r->line, r->line_start, i,
                         "quote inside an unquoted field");
    f->p = r->buf + r->pos;
    f->len = i - r->pos;
    r->pos = i;
    return CO_OK;
}

int co__csv_read_record(csv_reader *r, int *got)
{
    /* Skip blank lines (LF or CRLF). */
    while (r->pos < r->len) {
        size_t eol = r->buf[r->pos] == '\n'                                          ? 1
                     : (r->buf[r->pos] == '\r' && r->pos + 1 < r->len &&
                        r->buf[r->pos + 1] == '\n') ? 2
                                                    : 0;
        if (!eol)
            break;
        r->pos += eol;
        r->line++;
        r->line_start = r->pos;
    }
    r->fields.len = 0;
    if (r->pos >= r->len) {
        *got = 0;
        return CO_OK;
    }
    for (;;) {
        int rc;
        if (r->fields.len == r->fields.cap &&
            (rc = co__vec_reserve(&r->fields, sizeof(csv_field), r->fields.len + 1)) < 0)
            return rc;
        csv_field *f = &CO_VEC_AT(&r->fields, csv_field, r->fields.len++);
        f->line = r->line;
        f->column = r->pos - r->line_start + 1;
        rc = r->pos < r->len && r->buf[r->pos] == '"' ? read_quoted(r, f) : read_unquoted(r, f);
        if (rc < 0)
            return rc;
        if (f->len > CO_STORE_FIELD_MAX)
            return co__fail_at(CO_ERANGE, r->source, f->line, f->column,
                              "field longer than %d bytes", CO_STORE_FIELD_MAX);
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

/* ---- Numbers ---- */

static const double exact_pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* strtod on a copy with the C locale's '.' replaced by the current decimal
 * point, for the rare numbers the exact fast path cannot take. */
static int parse_slow(const char *p, size_t len, double *out)
{
    char copy[128];
    if (len >= sizeof copy)
        return CO_EPARSE;
    const char *point = localeconv()->decimal_point;
    for (size_t i = 0; i < len; i++)
        copy[i] = p[i] == '.' && point && point[0] && !point[1] ? point[0] : p[i];
    copy[len] = '\0';
    char *end;
    double v = strtod(copy, &end);
    if (end != copy + len)
        return CO_EPARSE;
    *out = v;
    return CO_OK;
}

int co__csv_parse_double(const char *p, size_t len, double *out)
{
    size_t i = 0;
    int neg = 0;
    if (i < len && (p[i] == '+' || p[i] == '-'))
        neg = p[i++] == '-';
    uint64_t mant = 0;
    int digits = 0, significant = 0, exp10 = 0;
    for (; i < len && p[i] >= '0' && p[i] <= '9'; i++, digits++) {
        if (significant < 19) {
            mant = mant * 10 + (uint64_t)(p[i] - '0');
            significant += mant != 0;
        } else {
            exp10++;
            significant++;
        }
    }
    if (i < len && p[i] == '.') {
        for (i++; i < len && p[i] >= '0' && p[i] <= '9'; i++, digits++) {
            if (significant < 19) {
                mant = mant * 10 + (uint64_t)(p[i] - '0');
                significant += mant != 0;
                exp10--;
            } else {
                significant++;
            }
        }
    }
    if (digits == 0)
        return CO_EPARSE;
    if (i < len && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        int eneg = 0, edigits = 0;
        long e = 0;
        if (i < len && (p[i] == '+' || p[i] == '-'))
            eneg = p[i++] == '-';
        for (; i < len && p[i] >= '0' && p[i] <= '9'; i++, edigits++)
            if (e < 100000)
                e = e * 10 + (p[i] - '0');
        if (!edigits)
            return CO_EPARSE;
        exp10 += (int)(eneg ? -e : e);
    }
    if (i != len)
        return CO_EPARSE;
    if (significant <= 19 && mant <= (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22) {
        /* Both operands are exact doubles, so one IEEE operation rounds correctly. */
        double v = (double)mant;
        v = exp10 < 0 ? v / exact_pow10[-exp10] : v * exact_pow10[exp10];
        *out = neg ? -v : v;
        return CO_OK;
    }
    return parse_slow(p, len, out);
}

size_t co__csv_format_double(double value, char out[32])
{
    const char *point = localeconv()->decimal_point;
    char sep = point && point[0] && !point[1] ? point[0] : '.';
    int n = 0;
    for (int prec = 15; prec <= 17; prec++) {
        n = snprintf(out, 32, "%.*g", prec, value);
        if (sep != '.')
            for (int i = 0; i < n; i++)
                if (out[i] == sep)
                    out[i] = '.';
        double back;
        if (co__csv_parse_double(out, (size_t)n, &back) == CO_OK && back == value &&
            signbit(back) == signbit(value))
            break;
    }
    return (size_t)n;
}
