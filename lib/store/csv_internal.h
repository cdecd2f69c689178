/* The RFC 4180 record reader and the number/text helpers of the CSV code. */
#ifndef CO_CSV_INTERNAL_H
#define CO_CSV_INTERNAL_H

#include <stddef.h>

#include "vec_internal.h"

/* One field of the current record: unquoted, unescaped and NUL-terminated in
 * place; `line` and `column` (1-based) locate its first byte in the file. */
typedef struct csv_field {
    char *p;
    size_t len;
    size_t line, column;
} csv_field;

typedef struct csv_reader {
    char *buf;  /* the whole text, writable, with one spare byte after `len` */
    size_t len;
    size_t pos;
    size_t line;       /* current physical line, 1-based */
    size_t line_start; /* offset of its first byte */
    const char *source;
    co_vec fields;     /* csv_field of the current record */
} csv_reader;

/* Start reading `buf` (skips a UTF-8 byte-order mark). */
void co__csv_reader_init(csv_reader *r, char *buf, size_t len, const char *source);
void co__csv_reader_free(csv_reader *r);

/* Read the next record into r->fields; *got is 0 at the end of the text.
 * Blank lines are skipped. CO_EPARSE/CO_ERANGE (syntax, overlong field) with
 * "source:line:column: what", or CO_ENOMEM. */
int co__csv_read_record(csv_reader *r, int *got);

/* Parse a decimal number ("-12.5", "3e4"); CO_OK or CO_EPARSE (no message).
 * Locale-independent and correctly rounded. */
int co__csv_parse_double(const char *p, size_t len, double *out);

/* Shortest text that parses back to exactly `value` (finite), as "%.*g"
 * with '.' as decimal point; returns its length. `out` holds 32 bytes. */
size_t co__csv_format_double(double value, char out[32]);

#endif
