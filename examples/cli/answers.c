/* Instrument answers from CSV text (see answers.h), read with the library's
 * CSV reader. */
#include "answers.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Field `i` of the reader's record with blanks around it trimmed; its
 * column is moved to the first byte kept. */
static co_csv_field trimmed(const co_csv_reader *r, size_t i)
{
    co_csv_field f;
    co_csv_reader_get_field(r, i, &f); /* i is below the record's field count */
    while (f.len > 0 && is_blank(f.text[0])) {
        f.text++;
        f.len--;
        f.column++;
    }
    while (f.len > 0 && is_blank(f.text[f.len - 1]))
        f.len--;
    return f;
}

/* A record of one blank field is a blank line: skipped. */
static int blank_record(const co_csv_reader *r, size_t fields)
{
    return fields == 1 && trimmed(r, 0).len == 0;
}

/* An answer: a finite number, or NaN for an empty field or NA. */
static int parse_value(const char *s, size_t len, double *out)
{
    if (len == 0 || (len == 2 && (memcmp(s, "NA", 2) == 0 || memcmp(s, "na", 2) == 0))) {
        *out = NAN;
        return 0;
    }
    char buf[64];
    if (len >= sizeof buf)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end || errno || !isfinite(v) ||
        !(buf[0] == '-' || buf[0] == '+' || buf[0] == '.' || (buf[0] >= '0' && buf[0] <= '9')))
        return -1;
    *out = v;
    return 0;
}

/* column[k] = the field holding instrument item k, from the header record. */
static int map_items(const co_csv_reader *r, size_t fields, const co_instrument *inst,
                     size_t *column, const char *source, char *err, size_t err_size)
{
    size_t items = co_instrument_item_count(inst);
    for (size_t k = 0; k < items; k++) {
        co_instrument_item item;
        co_instrument_get_item(inst, k, &item);
        size_t c = 0;
        co_csv_field f;
        while (c < fields &&
               !((f = trimmed(r, c)).len == strlen(item.id) && memcmp(f.text, item.id, f.len) == 0))
            c++;
        if (c == fields) {
            f = trimmed(r, 0);
            snprintf(err, err_size, "%s:%zu:1: no column for item '%s'", source, f.line, item.id);
            return -1;
        }
        column[k] = c;
    }
    return 0;
}

/* Append the answers of the current record as row `row` of *values. */
static int read_row(const co_csv_reader *r, const size_t *column, size_t items, double *values,
                    const char *source, char *err, size_t err_size)
{
    for (size_t k = 0; k < items; k++) {
        co_csv_field f = trimmed(r, column[k]);
        if (parse_value(f.text, f.len, &values[k]) < 0) {
            snprintf(err, err_size, "%s:%zu:%zu: '%.*s' is not a number, empty or NA", source,
                     f.line, f.column, (int)(f.len < 40 ? f.len : 40), f.text);
            return -1;
        }
    }
    return 0;
}

/* Read every record of `r`; as answers_parse(). */
static int read_answers(co_csv_reader *r, const char *source, const co_instrument *inst,
                        double **out, size_t *rows, char *err, size_t err_size)
{
    size_t items = co_instrument_item_count(inst);
    size_t *column = malloc((items ? items : 1) * sizeof *column); /* item -> field */
    double *values = NULL;
    size_t n_rows = 0, cap_rows = 0, fields, n_header = 0;
    int rc = -1;
    if (!column) {
        snprintf(err, err_size, "%s: out of memory", source);
        return -1;
    }
    int status;
    while ((status = co_csv_reader_next(r, &fields)) == CO_OK && fields > 0) {
        if (blank_record(r, fields))
            continue;
        if (n_header == 0) {
            if (map_items(r, fields, inst, column, source, err, err_size) < 0)
                goto done;
            n_header = fields;
            continue;
        }
        if (fields != n_header) {
            snprintf(err, err_size, "%s:%zu:1: %zu fields where the header has %zu", source,
                     trimmed(r, 0).line, fields, n_header);
            goto done;
        }
        if (n_rows == cap_rows) {
            size_t cap = cap_rows ? 2 * cap_rows : 64;
            if (items && cap > (size_t)-1 / sizeof(double) / items) {
                snprintf(err, err_size, "%s: too many rows", source);
                goto done;
            }
            double *grown = realloc(values, cap * items * sizeof *grown);
            if (!grown && items) {
                snprintf(err, err_size, "%s: out of memory", source);
                goto done;
            }
            values = grown;
            cap_rows = cap;
        }
        if (read_row(r, column, items, values + n_rows * items, source, err, err_size) < 0)
            goto done;
        n_rows++;
    }
    if (status < 0) {
        snprintf(err, err_size, "%s", co_errmsg()); /* "source:line:column: what" */
        goto done;
    }
    if (n_header == 0) {
        snprintf(err, err_size, "%s:1:1: empty file: a header row naming the items is required",
                 source);
        goto done;
    }
    *out = values;
    *rows = n_rows;
    values = NULL;
    rc = 0;
done:
    free(values);
    free(column);
    return rc;
}

int answers_parse(const char *text, size_t len, const char *source, const co_instrument *inst,
                  double **out, size_t *rows, char *err, size_t err_size)
{
    co_csv_reader *r;
    if (co_csv_reader_new(text, len, source, &r) < 0) {
        snprintf(err, err_size, "%s: %s", source, co_errmsg());
        return -1;
    }
    int rc = read_answers(r, source, inst, out, rows, err, err_size);
    co_csv_reader_free(r);
    return rc;
}

int answers_read(const char *path, const co_instrument *inst, double **out, size_t *rows, char *err,
                 size_t err_size)
{
    co_csv_reader *r;
    int status = co_csv_reader_open(path, &r);
    if (status < 0) {
        snprintf(err, err_size, "%s", co_errmsg()); /* names the path */
        return status == CO_EIO ? -2 : -1;
    }
    int rc = read_answers(r, path, inst, out, rows, err, err_size);
    co_csv_reader_free(r);
    return rc;
}
