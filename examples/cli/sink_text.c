/* Plain-text report for the terminal: aligned figures and tables. */
#include <stdlib.h>
#include <string.h>

#include "sink.h"

enum { MAX_COLS = 12, CELL_CHARS = 96, LABEL_WIDTH = 38, NOTE_WIDTH = 76 };

typedef struct text_sink {
    report_sink base;
    FILE *out;
    /* The open table, kept until its end to size the columns. */
    size_t ncols, nrows, cap;
    char (*rows)[MAX_COLS][CELL_CHARS];
    int numeric[MAX_COLS];
    int failed;
} text_sink;

static void text_section_begin(report_sink *s, const char *key, const char *title)
{
    text_sink *t = (text_sink *)s;
    (void)key;
    fprintf(t->out, "\n%s\n", title);
    for (size_t i = strlen(title); i > 0; i--)
        fputc('-', t->out);
    fputc('\n', t->out);
}

static void text_section_end(report_sink *s) { (void)s; }

static void text_figure(report_sink *s, const char *key, const char *label, cell value,
                        const char *unit)
{
    text_sink *t = (text_sink *)s;
    (void)key;
    char buf[CELL_CHARS];
    cell_format(&value, buf, sizeof buf);
    if (cell_missing(&value))
        unit = NULL; /* "-", not "- %" */
    fprintf(t->out, "  %-*s %s%s%s\n", LABEL_WIDTH, label, buf, unit ? " " : "", unit ? unit : "");
}

static void text_table_begin(report_sink *s, const char *key, const char *title, size_t ncols,
                             const char *const *col_keys, const char *const *col_labels)
{
    text_sink *t = (text_sink *)s;
    (void)key;
    (void)col_keys;
    if (title)
        fprintf(t->out, "  %s\n", title);
    t->ncols = ncols < MAX_COLS ? ncols : MAX_COLS;
    t->nrows = 0;
    memset(t->numeric, 0, sizeof t->numeric);
    /* Row 0 holds the column labels. */
    t->cap = 16;
    t->rows = calloc(t->cap, sizeof *t->rows);
    if (!t->rows) {
        t->failed = 1;
        return;
    }
    for (size_t c = 0; c < t->ncols; c++)
        snprintf(t->rows[0][c], CELL_CHARS, "%s", col_labels[c]);
    t->nrows = 1;
}

static void text_row(report_sink *s, const cell *cells)
{
    text_sink *t = (text_sink *)s;
    if (!t->rows)
        return;
    if (t->nrows == t->cap) {
        void *grown = realloc(t->rows, 2 * t->cap * sizeof *t->rows);
        if (!grown) {
            t->failed = 1;
            return;
        }
        t->rows = grown;
        t->cap *= 2;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        cell_format(&cells[c], t->rows[t->nrows][c], CELL_CHARS);
        if (cells[c].kind != CELL_TEXT)
            t->numeric[c] = 1;
    }
    t->nrows++;
}

static void text_table_end(report_sink *s)
{
    text_sink *t = (text_sink *)s;
    int width[MAX_COLS] = {0};
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            int w = (int)strlen(t->rows[r][c]);
            if (w > width[c])
                width[c] = w;
        }
    for (size_t r = 0; r < t->nrows; r++) {
        fputs("  ", t->out);
        for (size_t c = 0; c < t->ncols; c++) {
            /* No trailing blanks: the last column is not padded unless right-aligned. */
            int w = t->numeric[c] ? width[c] : c + 1 < t->ncols ? -width[c] : 0;
            fprintf(t->out, "%s%*s", c ? "  " : "", w, t->rows[r][c]);
        }
        fputc('\n', t->out);
    }
    free(t->rows);
    t->rows = NULL;
    t->nrows = 0;
}

static void text_chart(report_sink *s, chart_kind kind, const void *spec)
{
    (void)s;
    (void)kind;
    (void)spec;
}

/* Notes wrap at word boundaries to fit NOTE_WIDTH columns after the indent. */
static void text_note(report_sink *s, const char *note)
{
    text_sink *t = (text_sink *)s;
    const char *p = note;
    while (*p) {
        size_t len = strlen(p), cut = len;
        if (len > NOTE_WIDTH) {
            cut = NOTE_WIDTH;
            while (cut > 0 && p[cut] != ' ')
                cut--;
            if (cut == 0) /* one long word: break it */
                cut = NOTE_WIDTH;
        }
        fprintf(t->out, "  %.*s\n", (int)cut, p);
        p += cut;
        while (*p == ' ')
            p++;
    }
}

static int text_finish(report_sink *s)
{
    text_sink *t = (text_sink *)s;
    if (fflush(t->out) != 0 || ferror(t->out))
        t->failed = 1;
    return t->failed ? -1 : 0;
}

static void text_destroy(report_sink *s)
{
    text_sink *t = (text_sink *)s;
    free(t->rows);
    free(t);
}

report_sink *sink_text_new(FILE *out, const report_meta *meta)
{
    text_sink *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->base = (report_sink){text_section_begin, text_section_end, text_figure, text_table_begin,
                            text_row,           text_table_end,   text_chart,  text_note,
                            text_finish,        text_destroy};
    t->out = out;
    fprintf(out, "%s\n  data: %s\n  as of: %s\n  libcustorient %s\n", meta->title,
            meta->data_source, meta->as_of, meta->version);
    return &t->base;
}
