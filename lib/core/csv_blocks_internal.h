/* CSV records read from a file (or text) in blocks, for inputs larger than
 * memory. Lines without a quote, NUL or stray carriage return are split in
 * place; any other record goes through the RFC 4180 parser of csv_parser.c,
 * so every record is read, and every error reported, as a whole-file parse
 * would. */
#ifndef CO_CSV_BLOCKS_INTERNAL_H
#define CO_CSV_BLOCKS_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "csv_parser_internal.h"

/* Default bytes read at a time. */
#define CO_CSV_BLOCK_DEFAULT ((size_t)1 << 20)

typedef struct co_csv_blocks {
    FILE *fp;         /* NULL when reading `text` */
    const char *text; /* the whole input when it is held in memory */
    size_t text_len;
    size_t text_pos;
    const char *source; /* names the input in messages */
    char *buf;          /* window [start, end) of bytes not yet parsed; one spare byte */
    size_t cap, start, end;
    size_t block;      /* bytes read at a time */
    size_t max_field;  /* longest field accepted, in bytes */
    size_t line;       /* line of buf[start], 1-based */
    size_t line_start; /* column 1 of that line: `start`, or past a byte-order mark */
    size_t bytes;      /* bytes read so far */
    int eof;
    co_vec cells; /* co_csv_cell of the current record, pointing into `buf` */
} co_csv_blocks;

/* Open `path` for reading in blocks of `block` bytes (0 for the default).
 * CO_OK, CO_EIO naming the path, or CO_ENOMEM. */
int co__csv_blocks_open(co_csv_blocks *b, const char *path, size_t block, size_t max_field);

/* Read `len` bytes of `text` (borrowed) in blocks, as if it were a file. */
int co__csv_blocks_open_text(co_csv_blocks *b, const char *text, size_t len, const char *source,
                             size_t block, size_t max_field);

/* The next record in b->cells (fields NUL-terminated in place, valid until
 * the next call); *got is 0 at the end. Blank lines are skipped. CO_EPARSE or
 * CO_ERANGE with "source:line:column: what", CO_EIO or CO_ENOMEM. */
int co__csv_blocks_next(co_csv_blocks *b, int *got);

void co__csv_blocks_close(co_csv_blocks *b);

#endif
