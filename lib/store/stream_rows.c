/* Header, row checks and dates of the streaming readers, with the messages
 * of the store's importer (csv_import.c) so that a bad file reads the same
 * whichever way it is loaded. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "alloc_internal.h"
#include "date_internal.h"
#include "day_cache_internal.h"
#include "index_map_internal.h"
#include "sized_internal.h"
#include "store_internal.h"
#include "stream_rows_internal.h"
#include "utf8_internal.h"

/* Date cache slots: year mod 4, month, day of month (as the importer). */

int co__stream_fail(const stream_file *f, const co_csv_cell *c, int status, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return co__fail_at(status, f->in.source, c->line, c->column, "%s", what);
}

static const char *cell_key(const void *ctx, size_t i) { return ((const co_csv_cell *)ctx)[i].p; }

static int read_header(stream_file *f, const char *const *names)
{
    int got, rc = co__csv_blocks_next(&f->in, &got);
    if (rc < 0)
        return rc;
    if (!got)
        return co__fail_at(CO_EPARSE, f->in.source, 1, 1, "empty file: a header row is required");
    const co_csv_cell *c = f->in.cells.data;
    size_t n = f->in.cells.len;
    f->width = n;
    for (size_t i = 0; i < n; i++)
        if (!co__utf8_valid(c[i].p, c[i].len))
            return co__stream_fail(f, &c[i], CO_EPARSE, "invalid UTF-8 in the header");
    co_index_map seen = {0};
    rc = co__index_map_reserve(&seen, n);
    for (size_t i = 0; i < n && rc == CO_OK; i++) {
        uint32_t hash = co__hash_text(c[i].p, c[i].len);
        if (co__index_map_find_text(&seen, c[i].p, c[i].len, hash, cell_key, c) != SIZE_MAX)
            rc = co__stream_fail(f, &c[i], CO_EPARSE, "column '%s' appears twice", c[i].p);
        else
            co__index_map_insert(&seen, hash, i);
    }
    co__index_map_free(&seen);
    for (size_t k = 0; names[k] && rc == CO_OK; k++) {
        f->col[k] = SIZE_MAX;
        for (size_t i = 0; i < n; i++)
            if (strcmp(c[i].p, names[k]) == 0)
                f->col[k] = i;
        if (f->col[k] == SIZE_MAX)
            rc = co__fail_at(CO_EPARSE, f->in.source, c[0].line, 1, "missing required column '%s'",
                             names[k]);
    }
    return rc;
}

int co__stream_file_open(stream_file *f, const char *path, const char *text, size_t len,
                         const char *source, size_t block, const char *const *names)
{
    *f = (stream_file){0};
    int rc = path ? co__csv_blocks_open(&f->in, path, block, CO_STORE_FIELD_MAX)
                  : co__csv_blocks_open_text(&f->in, text, len, source, block, CO_STORE_FIELD_MAX);
    if (rc == CO_OK && !(f->days = co__day_cache_new()))
        rc = co__fail_nomem();
    if (rc == CO_OK)
        rc = read_header(f, names);
    if (rc < 0)
        co__stream_file_close(f);
    return rc;
}

void co__stream_file_close(stream_file *f)
{
    co__csv_blocks_close(&f->in);
    co__day_cache_free(f->days);
    f->days = NULL;
}

int co__stream_file_row(stream_file *f, const co_csv_cell **row)
{
    int got, rc = co__csv_blocks_next(&f->in, &got);
    *row = NULL;
    if (rc < 0 || !got)
        return rc;
    const co_csv_cell *c = f->in.cells.data;
    size_t n = f->in.cells.len;
    if (n != f->width)
        return co__stream_fail(f, &c[0], CO_EPARSE, "expected %zu fields, found %zu", f->width, n);
    const co_csv_cell *last = &c[n - 1];
    if (!co__ascii_only(c[0].p, (size_t)(last->p + last->len - c[0].p))) {
        for (size_t i = 0; i < n; i++) {
            size_t bad = co__utf8_first_invalid(c[i].p, c[i].len);
            if (bad != c[i].len) {
                co_csv_cell at = c[i];
                if (!memchr(at.p, '\n', bad))
                    at.column += bad;
                return co__stream_fail(f, &at, CO_EPARSE, "invalid UTF-8");
            }
        }
    }
    *row = c;
    return CO_OK;
}

int co__stream_day(stream_file *f, const co_csv_cell *c, co_day *out)
{
    if (co__day_cache_parse(f->days, c->p, c->len, out) < 0)
        return co__stream_fail(f, c, CO_EPARSE, "bad date '%s': expected YYYY-MM-DD", c->p);
    return CO_OK;
}

static co_stream_options defaults(void)
{
    co_stream_options d;
    memset(&d, 0, sizeof d);
    d.size = sizeof d;
    d.as_of = CO_DAY_NONE;
    d.as_of_at_least = CO_DAY_NONE;
    d.unit = CO_UNIT_DAYS;
    return d;
}

int co_stream_options_init(co_stream_options *opts, size_t size)
{
    co_stream_options d = defaults();
    return co__options_init(opts, size, &d, sizeof d, __func__);
}

int co__stream_options(const co_stream_options *given, co_stream_options *out)
{
    *out = defaults();
    if (co__options_resolve(out, sizeof *out, given, "co_stream_options") < 0)
        return CO_EINVAL;
    if (out->unit != CO_UNIT_DAYS && out->unit != CO_UNIT_WEEKS)
        return co__fail(CO_EINVAL, "streaming summary: time unit %d is not days or weeks",
                        (int)out->unit);
    if (out->as_of != CO_DAY_NONE)
        return co__day_check("as-of day", out->as_of);
    if (out->as_of_at_least != CO_DAY_NONE)
        return co__day_check("as_of_at_least day", out->as_of_at_least);
    return CO_OK;
}
