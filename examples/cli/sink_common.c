/* Cells and the tee sink. */
#include <math.h>
#include <stdlib.h>

#include "sink.h"

cell cell_number(double v, int decimals)
{
    cell c = {CELL_NUMBER, v, 0, NULL, decimals};
    return c;
}

cell cell_int(long long v)
{
    cell c = {CELL_INT, 0, v, NULL, 0};
    return c;
}

cell cell_text(const char *s)
{
    cell c = {CELL_TEXT, 0, 0, s, 0};
    return c;
}

int cell_missing(const cell *c)
{
    return c->kind == CELL_NUMBER ? !isfinite(c->number) : c->kind == CELL_TEXT && !c->text;
}

void cell_format(const cell *c, char *buf, size_t size)
{
    switch (c->kind) {
    case CELL_NUMBER:
        if (!isfinite(c->number))
            snprintf(buf, size, "-");
        else
            snprintf(buf, size, "%.*f", c->decimals, c->number);
        break;
    case CELL_INT: snprintf(buf, size, "%lld", c->integer); break;
    default: snprintf(buf, size, "%s", c->text ? c->text : "-");
    }
}

typedef struct tee_sink {
    report_sink base;
    report_sink *a, *b;
} tee_sink;

#define EACH(s, call)                                                                              \
    do {                                                                                           \
        tee_sink *t_ = (tee_sink *)(s);                                                            \
        report_sink *both_[2] = {t_->a, t_->b};                                                    \
        for (int i_ = 0; i_ < 2; i_++) {                                                           \
            report_sink *x = both_[i_];                                                            \
            if (x)                                                                                 \
                call;                                                                              \
        }                                                                                          \
    } while (0)

static void tee_section_begin(report_sink *s, const char *key, const char *title)
{
    EACH(s, x->section_begin(x, key, title));
}

static void tee_section_end(report_sink *s) { EACH(s, x->section_end(x)); }

static void tee_figure(report_sink *s, const char *key, const char *label, cell value,
                       const char *unit)
{
    EACH(s, x->figure(x, key, label, value, unit));
}

static void tee_table_begin(report_sink *s, const char *key, const char *title, size_t ncols,
                            const char *const *col_keys, const char *const *col_labels)
{
    EACH(s, x->table_begin(x, key, title, ncols, col_keys, col_labels));
}

static void tee_row(report_sink *s, const cell *cells) { EACH(s, x->row(x, cells)); }

static void tee_table_end(report_sink *s) { EACH(s, x->table_end(x)); }

static void tee_chart(report_sink *s, chart_kind kind, const void *spec)
{
    EACH(s, x->chart(x, kind, spec));
}

static void tee_note(report_sink *s, const char *text) { EACH(s, x->note(x, text)); }

static int tee_finish(report_sink *s)
{
    int rc = 0;
    EACH(s, rc |= x->finish(x));
    return rc ? -1 : 0;
}

static void tee_destroy(report_sink *s)
{
    EACH(s, x->destroy(x));
    free(s);
}

report_sink *sink_tee_new(report_sink *a, report_sink *b)
{
    tee_sink *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->base =
        (report_sink){tee_section_begin, tee_section_end, tee_figure, tee_table_begin, tee_row,
                      tee_table_end,     tee_chart,       tee_note,   tee_finish,      tee_destroy};
    t->a = a;
    t->b = b;
    return &t->base;
}
