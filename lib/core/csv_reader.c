/* The public record-by-record CSV reader (custorient/csv_reader.h): the
 * core's record parser over a copy of the text the reader owns. */
#include <stdint.h>
#include <string.h>

#include "alloc_internal.h"
#include "csv_parser_internal.h"
#include "custorient/csv_reader.h"
#include "error_internal.h"
#include "file_internal.h"
#include "index_internal.h"

struct co_csv_reader {
    co_csv_parser parser;
    char *text;         /* the text, one writable byte after it */
    char *source;       /* its name in messages */
    size_t fields;      /* fields of the current record, 0 before the first and at the end */
    int failed;         /* 1 once the reader stopped at a failure */
    co_failure failure; /* that failure, message and location */
};

/* Take ownership of `text` (len bytes + 1 spare) and make a reader of it. */
static int reader_of(char *text, size_t len, const char *source, co_csv_reader **out)
{
    co_csv_reader *r = co__calloc(1, sizeof *r);
    char *name = co__strdup(source);
    if (!r || !name) {
        co__free(r);
        co__free(name);
        co__free(text);
        return co__fail_nomem();
    }
    r->text = text;
    r->source = name;
    co__csv_parser_init(&r->parser, text, len, name, SIZE_MAX);
    *out = r;
    return CO_OK;
}

int co_csv_reader_new(const char *text, size_t len, const char *source, co_csv_reader **out)
{
    if (!out || (!text && len))
        return co__fail(CO_EINVAL, "co_csv_reader_new: NULL %s", out ? "text" : "out");
    char *copy = co__malloc(len + 1);
    if (!copy)
        return co__fail_nomem();
    if (len)
        memcpy(copy, text, len);
    return reader_of(copy, len, source ? source : "<text>", out);
}

int co_csv_reader_open(const char *path, co_csv_reader **out)
{
    if (!path || !out)
        return co__fail(CO_EINVAL, "co_csv_reader_open: NULL %s", out ? "path" : "out");
    char *text;
    size_t len;
    int rc = co__read_whole_file(path, 1, CO__LIMIT_CSV_READER, &text, &len);
    return rc < 0 ? rc : reader_of(text, len, path, out);
}

int co_csv_reader_next(co_csv_reader *r, size_t *out)
{
    if (!r || !out)
        return co__fail(CO_EINVAL, "co_csv_reader_next: NULL %s", out ? "reader" : "out");
    if (r->failed)
        return co__failure_restore(&r->failure);
    int got, rc = co__csv_next_record(&r->parser, &got);
    if (rc < 0) {
        /* The parser stopped inside a record: stay there for good. */
        r->fields = 0;
        r->failed = 1;
        co__failure_save(&r->failure);
        return rc;
    }
    r->fields = got ? r->parser.cells.len : 0;
    *out = r->fields;
    return CO_OK;
}

int co_csv_reader_get_field(const co_csv_reader *r, size_t index, co_csv_field *out)
{
    if (!r || !out)
        return co__fail(CO_EINVAL, "co_csv_reader_get_field: NULL %s", out ? "reader" : "out");
    int rc = co__index_check(index, r->fields, "field");
    if (rc < 0)
        return rc;
    const co_csv_cell *c = &CO_VEC_AT(&r->parser.cells, co_csv_cell, index);
    *out = (co_csv_field){c->p, c->len, c->line, c->column};
    return CO_OK;
}

void co_csv_reader_free(co_csv_reader *r)
{
    if (!r)
        return;
    co__csv_parser_free(&r->parser);
    co__free(r->text);
    co__free(r->source);
    co__free(r);
}
