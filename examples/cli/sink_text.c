/* Plain-text report for the terminal: aligned figures and tables. Every text
 * is escaped by term_escape() (term.h), so data cannot drive the terminal, and
 * columns are aligned by display width, not bytes. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "sink.h"
#include "term.h"

/* A cell holds CELL_CHARS - 1 bytes of text, escaped: at most 4 bytes each. */
enum {
    MAX_COLS = SINK_MAX_COLUMNS,
    CELL_CHARS = 96,
    ESCAPED_CHARS = 4 * CELL_CHARS,
    LABEL_WIDTH = 38,
    NOTE_WIDTH = 76
};

typedef struct text_sink {
    report_sink base;
    FILE *out;
    /* The open table, kept until its end to size the columns. */
    size_t ncols, nrows, cap;
    char (*rows)[MAX_COLS][ESCAPED_CHARS];
    int numeric[MAX_COLS];
    int failed;
} text_sink;

static void text_section_begin(report_sink *s, const char *key, const char *title)
{
    text_sink *t = (text_sink *)s;
    (void)key;
    fputc('\n', t->out);
    term_fputs(title, t->out);
    fputc('\n', t->out);
    for (size_t i = term_width(title); i > 0; i--)
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
    fputs("  ", t->out);
    term_fputs(label, t->out);
    for (size_t w = term_width(label); w < LABEL_WIDTH; w++)
        fputc(' ', t->out);
    fputc(' ', t->out);
    term_fputs(buf, t->out);
    if (unit) {
        fputc(' ', t->out);
        term_fputs(unit, t->out);
    }
    fputc('\n', t->out);
}

static void text_table_begin(report_sink *s, const char *key, const char *title, size_t ncols,
                             const char *const *col_keys, const char *const *col_labels)
{
    text_sink *t = (text_sink *)s;
    (void)key;
    (void)col_keys;
    if (title) {
        fputs("  ", t->out);
        term_fputs(title, t->out);
        fputc('\n', t->out);
    }
    assert(ncols <= MAX_COLS); /* the sections' tables are fixed in code */
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
        term_escape(col_labels[c], t->rows[0][c], ESCAPED_CHARS);
    t->nrows = 1;
}

/* A text cut to fit its cell may end inside a UTF-8 sequence: drop that part
 * rather than show its bytes escaped. */
static void drop_cut_character(char *text)
{
    size_t n = strlen(text), i = n;
    while (i > 0 && ((unsigned char)text[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return;
    unsigned char lead = (unsigned char)text[i - 1];
    size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (need > n - (i - 1))
        text[i - 1] = '\0';
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
        char text[CELL_CHARS];
        cell_format(&cells[c], text, sizeof text);
        if (strlen(text) == sizeof text - 1)
            drop_cut_character(text);
        term_escape(text, t->rows[t->nrows][c], ESCAPED_CHARS);
        if (cells[c].kind != CELL_TEXT)
            t->numeric[c] = 1;
    }
    t->nrows++;
}

static void text_table_end(report_sink *s)
{
    text_sink *t = (text_sink *)s;
    size_t width[MAX_COLS] = {0};
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            size_t w = term_width(t->rows[r][c]);
            if (w > width[c])
                width[c] = w;
        }
    for (size_t r = 0; r < t->nrows; r++) {
        fputs("  ", t->out);
        for (size_t c = 0; c < t->ncols; c++) {
            /* No trailing blanks: the last column is not padded unless right-aligned. */
            const char *text = t->rows[r][c];
            size_t pad = width[c] - term_width(text);
            if (c)
                fputs("  ", t->out);
            for (size_t i = t->numeric[c] ? pad : 0; i > 0; i--)
                fputc(' ', t->out);
            fputs(text, t->out); /* escaped in text_row() */
            for (size_t i = !t->numeric[c] && c + 1 < t->ncols ? pad : 0; i > 0; i--)
                fputc(' ', t->out);
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

/* Notes (which may quote data: an error message) are escaped, then wrap at
 * word boundaries to fit NOTE_WIDTH bytes after the indent. */
static void text_note(report_sink *s, const char *note)
{
    text_sink *t = (text_sink *)s;
    size_t size = 4 * strlen(note) + 1;
    char *escaped = malloc(size);
    if (!escaped) {
        t->failed = 1;
        return;
    }
    term_escape(note, escaped, size);
    const char *p = escaped;
    while (*p) {
        size_t len = strlen(p), cut = len;
        if (len > NOTE_WIDTH) {
            cut = NOTE_WIDTH;
            while (cut > 0 && p[cut] != ' ')
                cut--;
            if (cut == 0) { /* one long word: break it, between characters */
                cut = NOTE_WIDTH;
                while (cut > 1 && ((unsigned char)p[cut] & 0xC0) == 0x80)
                    cut--;
            }
        }
        fprintf(t->out, "  %.*s\n", (int)cut, p);
        p += cut;
        while (*p == ' ')
            p++;
    }
    free(escaped);
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
    term_fputs(meta->title, out);
    fputs("\n  data: ", out);
    term_fputs(meta->data_source, out);
    fputs("\n  as of: ", out);
    term_fputs(meta->as_of, out);
    fputs("\n  libcustorient ", out);
    term_fputs(meta->version, out);
    fputc('\n', out);
    return &t->base;
}
