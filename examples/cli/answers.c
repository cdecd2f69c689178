/* Instrument answers from CSV text (see answers.h). */
#include "answers.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One line split into fields, pointing into the text. */
typedef struct fields {
    size_t n, cap;
    const char **start;
    size_t *len;
} fields;

static int split(const char *line, size_t len, fields *f)
{
    f->n = 0;
    size_t begin = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && line[i] != ',')
            continue;
        if (f->n == f->cap) {
            size_t cap = f->cap ? 2 * f->cap : 16;
            const char **s = realloc(f->start, cap * sizeof *s);
            if (!s)
                return -1;
            f->start = s;
            size_t *l = realloc(f->len, cap * sizeof *l);
            if (!l)
                return -1;
            f->len = l;
            f->cap = cap;
        }
        /* Trim blanks around the field. */
        size_t a = begin, b = i;
        while (a < b && (line[a] == ' ' || line[a] == '\t'))
            a++;
        while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t'))
            b--;
        f->start[f->n] = line + a;
        f->len[f->n] = b - a;
        f->n++;
        begin = i + 1;
    }
    return 0;
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
    if (*end || errno || !isfinite(v) || !(buf[0] == '-' || buf[0] == '+' || buf[0] == '.' ||
                                          (buf[0] >= '0' && buf[0] <= '9')))
        return -1;
    *out = v;
    return 0;
}

int answers_parse(const char *text, size_t len, const char *source, const co_instrument *inst,
                  double **out, size_t *rows, char *err, size_t err_size)
{
    size_t items = co_instrument_item_count(inst);
    size_t *column = malloc((items ? items : 1) * sizeof *column); /* item -> field */
    fields f = {0, 0, NULL, NULL};
    double *values = NULL;
    size_t n_rows = 0, cap_rows = 0, line_no = 0, n_header = 0;
    int header_done = 0, rc = -1;
    if (!column) {
        snprintf(err, err_size, "%s: out of memory", source);
        return -1;
    }
    for (size_t pos = 0; pos < len;) {
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t line_len = nl ? (size_t)(nl - line) : len - pos;
        pos += line_len + (nl != NULL);
        line_no++;
        if (line_len > 0 && line[line_len - 1] == '\r')
            line_len--;
        if (line_no == 1 && line_len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0) {
            line += 3; /* byte-order mark */
            line_len -= 3;
        }
        size_t blank = 0;
        while (blank < line_len && (line[blank] == ' ' || line[blank] == '\t'))
            blank++;
        if (blank == line_len)
            continue;
        const char *quote = memchr(line, '"', line_len);
        if (quote) {
            snprintf(err, err_size, "%s:%zu:%zu: quoted fields are not supported", source,
                     line_no, (size_t)(quote - line) + 1);
            goto done;
        }
        if (split(line, line_len, &f) < 0) {
            snprintf(err, err_size, "%s: out of memory", source);
            goto done;
        }
        if (!header_done) {
            for (size_t k = 0; k < items; k++) {
                co_instrument_item item;
                co_instrument_get_item(inst, k, &item);
                size_t c = 0;
                while (c < f.n && !(f.len[c] == strlen(item.id) &&
                                    memcmp(f.start[c], item.id, f.len[c]) == 0))
                    c++;
                if (c == f.n) {
                    snprintf(err, err_size, "%s:%zu:1: no column for item '%s'", source,
                             line_no, item.id);
                    goto done;
                }
                column[k] = c;
            }
            n_header = f.n;
            header_done = 1;
            continue;
        }
        if (f.n != n_header) {
            snprintf(err, err_size, "%s:%zu:1: %zu fields where the header has %zu", source,
                     line_no, f.n, n_header);
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
        for (size_t k = 0; k < items; k++) {
            size_t c = column[k];
            if (parse_value(f.start[c], f.len[c], &values[n_rows * items + k]) < 0) {
                snprintf(err, err_size, "%s:%zu:%zu: '%.*s' is not a number, empty or NA",
                         source, line_no, (size_t)(f.start[c] - line) + 1,
                         (int)(f.len[c] < 40 ? f.len[c] : 40), f.start[c]);
                goto done;
            }
        }
        n_rows++;
    }
    if (!header_done) {
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
    free(f.start);
    free(f.len);
    return rc;
}

int answers_read(const char *path, const co_instrument *inst, double **out, size_t *rows,
                 char *err, size_t err_size)
{
    FILE *file = fopen(path, "rb");
    if (!file) {
        snprintf(err, err_size, "%s: %s", path, strerror(errno));
        return -2;
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? 2 * cap : 65536;
            char *grown = realloc(text, cap);
            if (!grown) {
                free(text);
                fclose(file);
                snprintf(err, err_size, "%s: out of memory", path);
                return -1;
            }
            text = grown;
        }
        size_t got = fread(text + len, 1, cap - len, file);
        len += got;
        if (got == 0)
            break;
    }
    int failed = ferror(file);
    fclose(file);
    if (failed) {
        free(text);
        snprintf(err, err_size, "%s: read error", path);
        return -2;
    }
    int rc = answers_parse(text, len, path, inst, out, rows, err, err_size);
    free(text);
    return rc;
}
