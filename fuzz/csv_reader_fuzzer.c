/* Fuzz target: the public CSV reader. Any bytes must read as records or
 * stop at an error with a "source:line:column: " message, never crash.
 * Every field lies inside the input at or after the place of the one before
 * it, is NUL-terminated at its length and holds no NUL before it (the
 * reader refuses a NUL byte), and, unquoted, is the input's bytes at its
 * place; an error, location included, repeats on the next call. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Offset of the first byte of 1-based `line` in the input (after a BOM). */
static size_t line_offset(const uint8_t *data, size_t size, size_t line)
{
    size_t at = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    for (size_t l = 1; l < line; l++) {
        const uint8_t *nl = memchr(data + at, '\n', size - at);
        if (!nl)
            abort(); /* a field on a line the input does not have */
        at = (size_t)(nl - data) + 1;
    }
    return at;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    co_csv_reader *r = NULL;
    if (co_csv_reader_new((const char *)data, size, "fuzz.csv", &r) != CO_OK)
        return 0; /* out of memory only */
    size_t n, last_line = 1, last_at = 0;
    int rc;
    while ((rc = co_csv_reader_next(r, &n)) == CO_OK && n > 0) {
        for (size_t i = 0; i < n; i++) {
            co_csv_field f;
            if (co_csv_reader_get_field(r, i, &f) != CO_OK || f.text[f.len] != '\0' ||
                memchr(f.text, '\0', f.len) || f.line < last_line || f.column < 1)
                abort();
            size_t at = line_offset(data, size, f.line) + f.column - 1;
            if (at > size || (f.line == last_line && at < last_at))
                abort();
            if (at < size && data[at] != '"' && memcmp(data + at, f.text, f.len) != 0)
                abort();
            last_line = f.line;
            last_at = at;
        }
        if (co_csv_reader_get_field(r, n, &(co_csv_field){0}) != CO_ERANGE)
            abort();
    }
    if (rc < 0) {
        char first[1024];
        snprintf(first, sizeof first, "%s", co_errmsg());
        size_t line = co_errline(), column = co_errcolumn();
        if (rc != CO_EPARSE && rc != CO_ENOMEM)
            abort();
        if (rc == CO_EPARSE && strncmp(first, "fuzz.csv:", 9) != 0)
            abort();
        if (co_csv_reader_next(r, &n) != rc || strcmp(first, co_errmsg()) != 0 ||
            co_errline() != line || co_errcolumn() != column)
            abort();
    }
    co_csv_reader_free(r);
    return 0;
}
