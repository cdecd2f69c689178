/* Escaping text for a terminal (see term.h). */
#include "term.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Length (1-4) of the valid UTF-8 sequence at s and its code point, or 0 for
 * a byte that starts none (overlong forms and surrogates are invalid). */
static size_t term_decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    uint32_t c;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2;
        c = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3;
        c = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4;
        c = s[0] & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    static const uint32_t min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min_for_len[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* Characters a terminal acts on or that reorder or break a line. */
static int term_unsafe(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E ||
           cp == 0x200F || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

/* Columns a printable character takes: combining marks and zero-width
 * characters 0, East Asian wide and fullwidth forms and emoji 2, others 1. */
static size_t term_char_width(uint32_t cp)
{
    static const uint32_t zero[][2] = {{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD},
                                       {0x0610, 0x061A}, {0x064B, 0x065F}, {0x200B, 0x200D},
                                       {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F},
                                       {0xFEFF, 0xFEFF}};
    static const uint32_t wide[][2] = {{0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},
                                       {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
                                       {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},
                                       {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
                                       {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD}};
    for (size_t i = 0; i < sizeof zero / sizeof zero[0]; i++)
        if (cp >= zero[i][0] && cp <= zero[i][1])
            return 0;
    for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++)
        if (cp >= wide[i][0] && cp <= wide[i][1])
            return 2;
    return 1;
}

/* One character (or invalid byte) at s as it is printed: its text in `out`
 * (at most 7 bytes, not terminated), its length, width and the bytes used. */
typedef struct term_unit {
    char text[8];
    size_t len, width, used;
} term_unit;

static void term_next(const unsigned char *s, term_unit *u)
{
    uint32_t cp = 0;
    size_t len = term_decode(s, &cp);
    if (len == 0 || cp < 0x20 || cp == 0x7F) {
        snprintf(u->text, sizeof u->text, "\\x%02x", s[0]);
        u->len = u->width = 4;
        u->used = 1;
    } else if (term_unsafe(cp)) {
        snprintf(u->text, sizeof u->text, "\\u%04x", (unsigned)cp);
        u->len = u->width = 6;
        u->used = len;
    } else {
        memcpy(u->text, s, len);
        u->len = u->used = len;
        u->width = term_char_width(cp);
    }
}

size_t term_escape(const char *s, char *buf, size_t size)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t k = 0, width = 0;
    while (*p) {
        term_unit u;
        term_next(p, &u);
        if (k + u.len >= size)
            break;
        memcpy(buf + k, u.text, u.len);
        k += u.len;
        width += u.width;
        p += u.used;
    }
    buf[k] = '\0';
    return width;
}

size_t term_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t width = 0;
    while (*p) {
        term_unit u;
        term_next(p, &u);
        width += u.width;
        p += u.used;
    }
    return width;
}

void term_fputs(const char *s, FILE *out)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        term_unit u;
        term_next(p, &u);
        fwrite(u.text, 1, u.len, out);
        p += u.used;
    }
}

void term_vprintf(FILE *out, const char *fmt, va_list ap)
{
    char small[1024];
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    char *text = small;
    if (n >= (int)sizeof small) {
        char *big = malloc((size_t)n + 1);
        if (big) {
            vsnprintf(big, (size_t)n + 1, fmt, again);
            text = big;
        } /* else the message is cut to what fits */
    }
    va_end(again);
    if (n >= 0)
        term_fputs(text, out);
    if (text != small)
        free(text);
}

void term_printf(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    term_vprintf(out, fmt, ap);
    va_end(ap);
}

void term_error(const char *fmt, ...)
{
    fputs("custorient: ", stderr);
    va_list ap;
    va_start(ap, fmt);
    term_vprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
