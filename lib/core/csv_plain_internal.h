/* Rows of plain fields split straight from the window of a co_csv_blocks
 * reader: whole lines of ASCII text without quotes, NUL bytes or stray
 * carriage returns, with exactly the header's number of fields. The caller
 * takes what it can and leaves any other line to co__csv_blocks_next(),
 * which reads and reports it as always. */
#ifndef CO_CSV_PLAIN_INTERNAL_H
#define CO_CSV_PLAIN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "csv_blocks_internal.h"

/* Fields a plain row may have. */
#define CO_CSV_PLAIN_MAX_FIELDS 16
/* Rows split at a time. */
#define CO_CSV_PLAIN_ROWS 64

typedef struct co_csv_plain {
    const char *base; /* the window's first byte: offsets count from here */
    size_t n;         /* rows split */
    size_t width;
    /* Field k of row r starts after end[r][k] and ends at end[r][k + 1] (a
     * comma, CR or LF): end[r][0] is the row's start - 1 (as uint32_t, so
     * that + 1 wraps to 0 for the window's first row). The row after it
     * starts at next[r]. */
    uint32_t next[CO_CSV_PLAIN_ROWS];
    uint32_t end[CO_CSV_PLAIN_ROWS][CO_CSV_PLAIN_MAX_FIELDS + 1];
} co_csv_plain;

/* Split up to CO_CSV_PLAIN_ROWS plain rows of `width` fields at the front of
 * the window into *out, without consuming them; 0 rows when the first line
 * is not plain, is cut by the window's end or the width is above
 * CO_CSV_PLAIN_MAX_FIELDS. */
void co__csv_plain_split(const co_csv_blocks *b, size_t width, co_csv_plain *out);

/* Consume the first `rows` rows of `p` (split from `b` and not consumed yet). */
void co__csv_plain_consume(co_csv_blocks *b, const co_csv_plain *p, size_t rows);

#endif
