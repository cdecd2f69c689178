/* What the streaming readers of order and feedback files share: the header's
 * column map, the row checks of the store's importer and the date cache. */
#ifndef CO_STREAM_ROWS_INTERNAL_H
#define CO_STREAM_ROWS_INTERNAL_H

#include <stdint.h>

#include "csv_blocks_internal.h"
#include "custorient/stream.h"
#include "day_cache_internal.h"

#define CO_STREAM_MAX_COLUMNS 6

/* One file being read: its records and the field of each required column. */
typedef struct stream_file {
    co_csv_blocks in;
    size_t width;                      /* fields per row, from the header */
    size_t col[CO_STREAM_MAX_COLUMNS]; /* field index of each required column */
    co_day_slot *days;                 /* day numbers of date texts seen */
} stream_file;

/* Open `path` (or `text` when path is NULL) and map the header to `names`
 * (NULL-terminated). CO_OK, or the error of the importer for the same file;
 * the file is closed on failure. */
int co__stream_file_open(stream_file *f, const char *path, const char *text, size_t len,
                         const char *source, size_t block, const char *const *names);
void co__stream_file_close(stream_file *f);

/* The next row, checked for its width and UTF-8 as the importer checks it:
 * *row NULL at the end. */
int co__stream_file_row(stream_file *f, const co_csv_cell **row);

/* The day of a date field, or the importer's error at the field. */
int co__stream_day(stream_file *f, const co_csv_cell *c, co_day *out);

/* Fail at field `c` with status and message, as the importer does. */
int co__stream_fail(const stream_file *f, const co_csv_cell *c, int status, const char *fmt, ...)
    CO_PRINTF(4, 5);

/* Resolve options (NULL for the defaults) and check the unit and as-of day. */
int co__stream_options(const co_stream_options *given, co_stream_options *out);

#endif
