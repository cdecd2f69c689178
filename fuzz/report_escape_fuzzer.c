/* Fuzz target: the report program's escaping of text from the data. Any
 * bytes written as a JSON string must come out as valid JSON that decodes to
 * the input (each invalid UTF-8 byte replaced by U+FFFD), and as XML text
 * without a raw markup character. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../examples/cli/json.c"
#include "../examples/cli/svg.c"

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
    free(decoded);
    free(want);
    free(text);
    return 0;
}
