/* Where report sections go. A section describes itself once -- headings,
 * figures, tables and charts -- through these calls, and each output format
 * (text, JSON, HTML) is one implementation, so the three never drift apart.
 * Charts only appear in HTML; notes only in text and HTML. */
#ifndef CLI_SINK_H
#define CLI_SINK_H

#include <stddef.h>
#include <stdio.h>

#include "json.h"
#include "svg.h"

/* One table cell: a number (NaN prints as "-" / null), an integer or a text. */
typedef struct cell {
    enum { CELL_NUMBER, CELL_INT, CELL_TEXT } kind;
    double number;
    long long integer;
    const char *text;
    int decimals; /* digits after the point of a number in text and HTML */
} cell;

cell cell_number(double v, int decimals);
cell cell_int(long long v);
cell cell_text(const char *s);

typedef enum chart_kind { CHART_LINE, CHART_BARS, CHART_HEAT } chart_kind;

/* Most columns a table has (the at-risk list has 15); more is a programming error,
 * asserted by every sink. */
#define SINK_MAX_COLUMNS 16

typedef struct report_sink report_sink;
struct report_sink {
    void (*section_begin)(report_sink *s, const char *key, const char *title);
    void (*section_end)(report_sink *s);
    /* A named figure; `unit` (may be NULL) follows the value in text and HTML. */
    void (*figure)(report_sink *s, const char *key, const char *label, cell value,
                   const char *unit);
    void (*table_begin)(report_sink *s, const char *key, const char *title, size_t ncols,
                        const char *const *col_keys, const char *const *col_labels);
    void (*row)(report_sink *s, const cell *cells);
    void (*table_end)(report_sink *s);
    void (*chart)(report_sink *s, chart_kind kind, const void *spec);
    void (*note)(report_sink *s, const char *text);
    int (*finish)(report_sink *s); /* 0 or -1 (write error) */
    void (*destroy)(report_sink *s);
};

/* Report header information shared by every format. */
typedef struct report_meta {
    const char *title;
    const char *data_source; /* directory or "built-in sample" */
    const char *as_of;       /* YYYY-MM-DD */
    const char *version;
} report_meta;

report_sink *sink_text_new(FILE *out, const report_meta *meta);
report_sink *sink_json_new(FILE *out, const report_meta *meta);
report_sink *sink_html_new(FILE *out, const report_meta *meta);
/* Forward every call to both sinks (either may be NULL); owns them. */
report_sink *sink_tee_new(report_sink *a, report_sink *b);

/* 1 for a number that is NaN or infinite and a NULL text: printed "-", null in JSON. */
int cell_missing(const cell *c);

/* Format a cell as text ("-" for NaN). */
void cell_format(const cell *c, char *buf, size_t size);

#endif
