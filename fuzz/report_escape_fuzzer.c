/* Fuzz target: the report program's escaping of text from the data. Any
 * bytes written as a JSON string must come out as valid JSON that decodes to
 * the input (each invalid UTF-8 byte replaced by U+FFFD), as XML text
 * without a raw markup character, and as terminal text (term.h) that holds
 * no control character, reads back as the input and is cut only between
 * characters. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../examples/cli/json.c"
#include "../examples/cli/svg.c"
#include "../examples/cli/term.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int hex(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decode the JSON string `s` (with quotes) into UTF-8; abort if malformed. */
static size_t decode(const char *s, size_t len, char *out)
{
    if (len < 2 || s[0] != '"' || s[len - 1] != '"')
        abort();
    size_t k = 0;
    for (size_t i = 1; i + 1 < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"')
            abort();
        if (c != '\\') {
            out[k++] = (char)c;
            continue;
        }
        char e = s[++i];
        const char *simple = strchr("\"\\/bfnrt", e);
        if (e && simple) {
            out[k++] = "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"];
            continue;
        }
        if (e != 'u' || i + 4 >= len)
            abort();
        unsigned cp = 0;
        for (int d = 1; d <= 4; d++) {
            int h = hex(s[i + d]);
            if (h < 0)
                abort();
            cp = cp * 16 + (unsigned)h;
        }
        i += 4;
        if (cp < 0x80) {
            out[k++] = (char)cp;
        } else if (cp < 0x800) {
            out[k++] = (char)(0xC0 | cp >> 6);
            out[k++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[k++] = (char)(0xE0 | cp >> 12);
            out[k++] = (char)(0x80 | (cp >> 6 & 0x3F));
            out[k++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    return k;
}

/* The input with each byte that does not start a valid UTF-8 sequence
 * replaced by U+FFFD (the writer's documented rule). */
static size_t expected(const char *in, char *out)
{
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p;) {
        size_t len = utf8_length(p);
        if (len == 0) {
            memcpy(out + k, "\xef\xbf\xbd", 3);
            k += 3;
            p++;
        } else {
            memcpy(out + k, p, len);
            k += len;
            p += len;
        }
    }
    return k;
}

/* How term.h shows the unit (character, or byte that is not UTF-8) at p: a
 * character the terminal could act on (C0, DEL, C1, bidirectional controls)
 * and each byte that is not UTF-8 as its \x or \u escape, everything else
 * verbatim. Writes it to `want` and returns the input bytes it covers. */
static size_t terminal_unit(const unsigned char *p, char want[16])
{
    size_t len = utf8_length(p);
    unsigned cp = p[0];
    if (len > 1) {
        cp = p[0] & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
        for (size_t i = 1; i < len; i++)
            cp = cp << 6 | (p[i] & 0x3F);
    }
    int control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x61C || cp == 0x200E ||
                  cp == 0x200F || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    if (len == 0 || (len == 1 && control)) {
        snprintf(want, 16, "\\x%02x", p[0]);
        return 1;
    }
    if (control)
        snprintf(want, 16, "\\u%04x", cp);
    else {
        memcpy(want, p, len);
        want[len] = '\0';
    }
    return len;
}

/* Check term_escape()'s output `out` against the input `in` unit by unit;
 * returns the input bytes it covers. */
static size_t check_terminal_text(const char *in, const char *out)
{
    const unsigned char *p = (const unsigned char *)in;
    const char *q = out;
    while (*q) {
        char want[16];
        size_t len = terminal_unit(p, want), n = strlen(want);
        if (*p == '\0' || strncmp(q, want, n) != 0)
            abort();
        q += n;
        p += len;
    }
    return (size_t)((const char *)p - in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0'; /* the writers take C strings: stop at the first NUL */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        abort();
    json_write_escaped(f, text);
    fclose(f);
    char *decoded = malloc(len + 1), *want = malloc(3 * size + 1);
    if (!decoded || !want)
        abort();
    size_t n = decode(buf, len, decoded), m = expected(text, want);
    if (n != m || memcmp(decoded, want, n) != 0)
        abort();
    free(buf);
    buf = NULL;
    f = open_memstream(&buf, &len);
    svg_write_escaped(f, text);
    fclose(f);
    for (size_t i = 0; i < len; i++) {
        if (strchr("<>\"'", buf[i]))
            abort();
        if (buf[i] == '&' && strncmp(buf + i, "&amp;", 5) && strncmp(buf + i, "&lt;", 4) &&
            strncmp(buf + i, "&gt;", 4) && strncmp(buf + i, "&quot;", 6) &&
            strncmp(buf + i, "&#39;", 5))
            abort();
    }
    free(buf);
    /* Terminal text: complete, then cut into a buffer as small as the first byte says. */
    size_t room = 4 * size + 1;
    char *term = malloc(room);
    if (!term)
        abort();
    size_t width = term_escape(text, term, room);
    if (check_terminal_text(text, term) != strlen(text) || width != term_width(term))
        abort();
    for (const char *t = term; *t; t++)
        if ((unsigned char)*t < 0x20 || *t == 0x7F)
            abort();
    size_t small = size ? (size_t)data[0] % 16 + 1 : 1;
    char *cut = malloc(small);
    if (!cut)
        abort();
    width = term_escape(text, cut, small);
    size_t covered = check_terminal_text(text, cut);
    if (strlen(cut) >= small || strncmp(cut, term, strlen(cut)) != 0 || width != term_width(cut))
        abort();
    if (text[covered] != '\0') { /* the next unit did not fit */
        char next[16];
        terminal_unit((const unsigned char *)text + covered, next);
        if (strlen(cut) + strlen(next) < small)
            abort();
    }
    free(cut);
    free(term);
    free(decoded);
    free(want);
    free(text);
    return 0;
}
