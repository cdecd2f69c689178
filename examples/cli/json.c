/* Streaming JSON writer (see json.h). Output is indented by two spaces per
 * level so that diffs of two reports stay readable. */
#include "json.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void json_init(json_writer *w, FILE *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

static void indent(json_writer *w)
{
    fputc('\n', w->out);
    for (int i = 0; i < w->depth; i++)
        fputs("  ", w->out);
}

/* Separator, indentation and key before a value. */
static void prefix(json_writer *w, const char *key)
{
    if (w->depth == 0 && w->count[0] > 0)
        w->error = 1; /* a second top-level value */
    if (w->count[w->depth] > 0)
        fputc(',', w->out);
    if (w->depth > 0)
        indent(w);
    w->count[w->depth]++;
    if (key) {
        json_write_escaped(w->out, key);
        fputs(": ", w->out);
    }
}

static void open_level(json_writer *w, const char *key, char bracket)
{
    prefix(w, key);
    fputc(bracket, w->out);
    if (w->depth + 1 >= JSON_MAX_DEPTH) {
        w->error = 1;
        return;
    }
    w->depth++;
    w->count[w->depth] = 0;
}

static void close_level(json_writer *w, char bracket)
{
    if (w->depth == 0) {
        w->error = 1;
        return;
    }
    int had = w->count[w->depth];
    w->depth--;
    if (had)
        indent(w);
    fputc(bracket, w->out);
}

void json_object_begin(json_writer *w, const char *key) { open_level(w, key, '{'); }
void json_object_end(json_writer *w) { close_level(w, '}'); }
void json_array_begin(json_writer *w, const char *key) { open_level(w, key, '['); }
void json_array_end(json_writer *w) { close_level(w, ']'); }

void json_string(json_writer *w, const char *key, const char *value)
{
    prefix(w, key);
    if (value)
        json_write_escaped(w->out, value);
    else
        fputs("null", w->out);
}

void json_format_number(double value, char buf[32])
{
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(buf, 32, "%.*g", precision, value);
        if (strtod(buf, NULL) == value)
            break;
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
}

void json_number(json_writer *w, const char *key, double value)
{
    prefix(w, key);
    if (!isfinite(value)) {
        fputs("null", w->out);
        return;
    }
    char buf[32];
    json_format_number(value, buf);
    fputs(buf, w->out);
}

void json_int(json_writer *w, const char *key, long long value)
{
    prefix(w, key);
    fprintf(w->out, "%lld", value);
}

void json_bool(json_writer *w, const char *key, int value)
{
    prefix(w, key);
    fputs(value ? "true" : "false", w->out);
}

void json_null(json_writer *w, const char *key)
{
    prefix(w, key);
    fputs("null", w->out);
}

int json_finish(json_writer *w)
{
    fputc('\n', w->out);
    if (w->depth != 0 || w->count[0] != 1)
        w->error = 1;
    if (fflush(w->out) != 0 || ferror(w->out))
        w->error = 1;
    return w->error ? -1 : 0;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if it is invalid.
 * The library checks UTF-8 only to reject bad text; this writer repairs it
 * byte by byte (U+FFFD), so it keeps its own decoder. */
static size_t utf8_length(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t len;
    uint32_t cp;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2;
        cp = s[0] & 0x1F;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3;
        cp = s[0] & 0x0F;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4;
        cp = s[0] & 0x07;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    static const uint32_t min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

void json_write_escaped(FILE *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', out);
    while (*p) {
        unsigned char c = *p;
        switch (c) {
        case '"':
            fputs("\\\"", out);
            p++;
            continue;
        case '\\':
            fputs("\\\\", out);
            p++;
            continue;
        case '\n':
            fputs("\\n", out);
            p++;
            continue;
        case '\r':
            fputs("\\r", out);
            p++;
            continue;
        case '\t':
            fputs("\\t", out);
            p++;
            continue;
        case '\b':
            fputs("\\b", out);
            p++;
            continue;
        case '\f':
            fputs("\\f", out);
            p++;
            continue;
        default: break;
        }
        if (c < 0x20 || c == 0x7F) {
            fprintf(out, "\\u%04x", c);
            p++;
            continue;
        }
        size_t len = utf8_length(p);
        if (len == 0) {
            fputs("\\ufffd", out);
            p++;
            continue;
        }
        /* C1 controls and bidirectional controls as \u escapes, so JSON read
         * on a terminal cannot drive it either (the decoded text is the same). */
        uint32_t cp = len == 2   ? (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F)
                      : len == 3 ? (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
                                       (p[2] & 0x3F)
                                 : 0;
        if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x61C || cp == 0x200E || cp == 0x200F ||
            (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
            fprintf(out, "\\u%04x", (unsigned)cp);
            p += len;
            continue;
        }
        fwrite(p, 1, len, out);
        p += len;
    }
    fputc('"', out);
}
