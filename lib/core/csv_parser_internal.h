/* The RFC 4180 record parser behind every CSV reader of the library: the
 * store's importer and the public co_csv_reader. */
#ifndef CO_CSV_PARSER_INTERNAL_H
#define CO_CSV_PARSER_INTERNAL_H

#include <stddef.h>

#include "vec_internal.h"

/* One field of the current record: unquoted, unescaped and NUL-terminated in
 * place; `line` and `column` (1-based) locate its first byte in the file. */
typedef struct co_csv_cell {
    char *p;
    size_t len;
    size_t line, column;
} co_csv_cell;

typedef struct co_csv_parser {
    char *buf; /* the whole text, writable, with one spare byte after `len` */
    size_t len;
    size_t pos;
    size_t line;       /* current physical line, 1-based */
    size_t line_start; /* offset of its first byte */
    size_t max_field;  /* longest field accepted, in bytes */
    const char *source;
    co_vec cells; /* co_csv_cell of the current record */
} co_csv_parser;

/* Start parsing `buf` (skips a UTF-8 byte-order mark). `buf` and `source`
 * are borrowed for the parser's life; `buf[len]` must be writable. Fields
 * longer than `max_field` bytes are CO_ERANGE. */
void co__csv_parser_init(co_csv_parser *r, char *buf, size_t len, const char *source,
                         size_t max_field);
void co__csv_parser_free(co_csv_parser *r);

/* Parse the next record into r->cells; *got is 0 at the end of the text.
 * Blank lines are skipped. CO_EPARSE/CO_ERANGE (syntax, a NUL byte, overlong field) with
 * "source:line:column: what", or CO_ENOMEM. */
int co__csv_next_record(co_csv_parser *r, int *got);

/* Offset of the first byte in buf[i, n) that ends or breaks an unquoted field
 * (',', LF, CR, '"' or NUL), or n. */
size_t co__csv_find_stop(const unsigned char *buf, size_t i, size_t n);

#endif
