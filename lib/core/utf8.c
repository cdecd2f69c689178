/* UTF-8 decoding and validation (see utf8_internal.h). */
#include <stdint.h>
#include <string.h>

#include "utf8_internal.h"

long co__utf8_decode(const unsigned char *p, const unsigned char *end, size_t *n)
{
    unsigned c = p[0];
    if (c < 0x80) {
        *n = 1;
        return (long)c;
    }
    size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    long cp = len == 4 ? (long)(c & 0x07) : len == 3 ? (long)(c & 0x0F) : (long)(c & 0x1F);
    *n = 1;
    if (c < 0xC2 || c > 0xF4 || (size_t)(end - p) < len)
        return -1;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    /* Shortest form only, no UTF-16 surrogates, nothing past U+10FFFF. */
    static const long min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *n = len;
    return cp;
}

size_t co__utf8_first_invalid(const char *text, size_t len)
{
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    size_t i = 0;
    while (i < len) {
        /* Plain ASCII eight bytes at a time. */
        while (len - i >= 8) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080u)
                break;
            i += 8;
        }
        if (i >= len)
            break;
        size_t n;
        if (co__utf8_decode(p + i, end, &n) < 0)
            return i;
        i += n;
    }
    return len;
}

int co__utf8_valid(const char *text, size_t len)
{
    return co__utf8_first_invalid(text, len) == len;
}
