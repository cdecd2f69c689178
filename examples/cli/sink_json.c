/* JSON report: sections are objects, figures members, tables arrays of
 * objects keyed by column. The schema is documented in docs/report.md. */
#include <assert.h>
#include <stdlib.h>

#include "sink.h"

enum { MAX_COLS = SINK_MAX_COLUMNS };

typedef struct json_sink {
    report_sink base;
    json_writer w;
    size_t ncols;
    const char *col_keys[MAX_COLS];
} json_sink;

static void json_cell(json_writer *w, const char *key, const cell *c)
{
    switch (c->kind) {
    case CELL_NUMBER: json_number(w, key, c->number); break;
    case CELL_INT: json_int(w, key, c->integer); break;
    default: json_string(w, key, c->text);
    }
}

static void j_section_begin(report_sink *s, const char *key, const char *title)
{
    (void)title;
    json_object_begin(&((json_sink *)s)->w, key);
}

static void j_section_end(report_sink *s) { json_object_end(&((json_sink *)s)->w); }

static void j_figure(report_sink *s, const char *key, const char *label, cell value,
                     const char *unit)
{
    (void)label;
    (void)unit;
    json_cell(&((json_sink *)s)->w, key, &value);
}

static void j_table_begin(report_sink *s, const char *key, const char *title, size_t ncols,
                          const char *const *col_keys, const char *const *col_labels)
{
    json_sink *j = (json_sink *)s;
    (void)title;
    (void)col_labels;
    assert(ncols <= MAX_COLS); /* the sections' tables are fixed in code */
    j->ncols = ncols < MAX_COLS ? ncols : MAX_COLS;
    for (size_t c = 0; c < j->ncols; c++)
        j->col_keys[c] = col_keys[c];
    json_array_begin(&j->w, key);
}

static void j_row(report_sink *s, const cell *cells)
{
    json_sink *j = (json_sink *)s;
    json_object_begin(&j->w, NULL);
    for (size_t c = 0; c < j->ncols; c++)
        json_cell(&j->w, j->col_keys[c], &cells[c]);
    json_object_end(&j->w);
}

static void j_table_end(report_sink *s) { json_array_end(&((json_sink *)s)->w); }

static void j_chart(report_sink *s, chart_kind kind, const void *spec)
{
    (void)s;
    (void)kind;
    (void)spec;
}

static void j_note(report_sink *s, const char *text)
{
    (void)s;
    (void)text;
}

static int j_finish(report_sink *s)
{
    json_sink *j = (json_sink *)s;
    json_object_end(&j->w);
    return json_finish(&j->w);
}

static void j_destroy(report_sink *s) { free(s); }

report_sink *sink_json_new(FILE *out, const report_meta *meta)
{
    json_sink *j = calloc(1, sizeof *j);
    if (!j)
        return NULL;
    j->base = (report_sink){j_section_begin, j_section_end, j_figure, j_table_begin, j_row,
                            j_table_end,     j_chart,       j_note,   j_finish,      j_destroy};
    json_init(&j->w, out);
    json_object_begin(&j->w, NULL);
    json_string(&j->w, "schema", "custorient-report/2");
    json_string(&j->w, "title", meta->title);
    json_string(&j->w, "library_version", meta->version);
    json_string(&j->w, "data_source", meta->data_source);
    json_string(&j->w, "as_of", meta->as_of);
    return &j->base;
}
