/* HTML report: one self-contained page (inline CSS and SVG, no scripts, no
 * external files), readable when printed. */
#include <assert.h>
#include <stdlib.h>

#include "sink.h"

enum { MAX_COLS = SINK_MAX_COLUMNS };

typedef struct html_sink {
    report_sink base;
    FILE *out;
    size_t ncols;
    int in_figures; /* a <dl> of figures is open */
    int failed;
} html_sink;

static const char css[] =
    "body{font:15px/1.45 system-ui,sans-serif;color:#222;max-width:980px;margin:0 auto;"
    "padding:24px}h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;"
    "border-bottom:2px solid #3b5bdb;padding-bottom:4px}.meta{color:#666;margin:0}"
    "dl{display:grid;grid-template-columns:max-content auto;gap:2px 24px;margin:8px 0}"
    "dt{color:#555}dd{margin:0;font-variant-numeric:tabular-nums;font-weight:600}"
    "table{border-collapse:collapse;margin:8px 0 16px;font-variant-numeric:tabular-nums}"
    "th,td{padding:3px 10px;border-bottom:1px solid #e5e5e5;text-align:left}"
    "td.n{text-align:right}caption{text-align:left;font-weight:600;padding:4px 0}"
    "svg.chart{width:100%;height:auto;max-width:760px;display:block;margin:8px 0}"
    ".note{color:#555;font-size:14px}";

static void esc(FILE *out, const char *s) { svg_write_escaped(out, s); }

static void close_figures(html_sink *h)
{
    if (h->in_figures) {
        fputs("</dl>\n", h->out);
        h->in_figures = 0;
    }
}

static void h_section_begin(report_sink *s, const char *key, const char *title)
{
    html_sink *h = (html_sink *)s;
    fputs("<section id=\"", h->out);
    esc(h->out, key);
    fputs("\">\n<h2>", h->out);
    esc(h->out, title);
    fputs("</h2>\n", h->out);
}

static void h_section_end(report_sink *s)
{
    html_sink *h = (html_sink *)s;
    close_figures(h);
    fputs("</section>\n", h->out);
}

static void h_figure(report_sink *s, const char *key, const char *label, cell value,
                     const char *unit)
{
    html_sink *h = (html_sink *)s;
    if (!h->in_figures) {
        fputs("<dl>\n", h->out);
        h->in_figures = 1;
    }
    char buf[64];
    cell_format(&value, buf, sizeof buf);
    fputs("<dt>", h->out);
    esc(h->out, label);
    fputs("</dt><dd data-key=\"", h->out);
    esc(h->out, key);
    fputs("\">", h->out);
    esc(h->out, buf);
    if (unit && !cell_missing(&value)) {
        fputc(' ', h->out);
        esc(h->out, unit);
    }
    fputs("</dd>\n", h->out);
}

static void h_table_begin(report_sink *s, const char *key, const char *title, size_t ncols,
                          const char *const *col_keys, const char *const *col_labels)
{
    html_sink *h = (html_sink *)s;
    (void)col_keys;
    close_figures(h);
    assert(ncols <= MAX_COLS); /* the sections' tables are fixed in code */
    h->ncols = ncols < MAX_COLS ? ncols : MAX_COLS;
    fputs("<table id=\"", h->out);
    esc(h->out, key);
    fputs("\">", h->out);
    if (title) {
        fputs("<caption>", h->out);
        esc(h->out, title);
        fputs("</caption>", h->out);
    }
    fputs("\n<tr>", h->out);
    for (size_t c = 0; c < h->ncols; c++) {
        fputs("<th>", h->out);
        esc(h->out, col_labels[c]);
        fputs("</th>", h->out);
    }
    fputs("</tr>\n", h->out);
}

static void h_row(report_sink *s, const cell *cells)
{
    html_sink *h = (html_sink *)s;
    char buf[256];
    fputs("<tr>", h->out);
    for (size_t c = 0; c < h->ncols; c++) {
        cell_format(&cells[c], buf, sizeof buf);
        fputs(cells[c].kind == CELL_TEXT ? "<td>" : "<td class=\"n\">", h->out);
        esc(h->out, buf);
        fputs("</td>", h->out);
    }
    fputs("</tr>\n", h->out);
}

static void h_table_end(report_sink *s) { fputs("</table>\n", ((html_sink *)s)->out); }

static void h_chart(report_sink *s, chart_kind kind, const void *spec)
{
    html_sink *h = (html_sink *)s;
    close_figures(h);
    int rc = kind == CHART_LINE   ? svg_write_line_chart(h->out, spec)
             : kind == CHART_BARS ? svg_write_bar_chart(h->out, spec)
                                  : svg_write_heat_map(h->out, spec);
    if (rc < 0) /* nothing was written: say so in place of the chart */
        fputs("<p class=\"note\">This chart cannot be drawn from the data.</p>\n", h->out);
}

static void h_note(report_sink *s, const char *text)
{
    html_sink *h = (html_sink *)s;
    close_figures(h);
    fputs("<p class=\"note\">", h->out);
    esc(h->out, text);
    fputs("</p>\n", h->out);
}

static int h_finish(report_sink *s)
{
    html_sink *h = (html_sink *)s;
    fputs("</main>\n</body>\n</html>\n", h->out);
    if (fflush(h->out) != 0 || ferror(h->out))
        h->failed = 1;
    return h->failed ? -1 : 0;
}

static void h_destroy(report_sink *s) { free(s); }

report_sink *sink_html_new(FILE *out, const report_meta *meta)
{
    html_sink *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->base = (report_sink){h_section_begin, h_section_end, h_figure, h_table_begin, h_row,
                            h_table_end,     h_chart,       h_note,   h_finish,      h_destroy};
    h->out = out;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          out);
    esc(out, meta->title);
    fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<main id=\"report\">\n<h1>", css);
    esc(out, meta->title);
    fputs("</h1>\n<p class=\"meta\">Data: ", out);
    esc(out, meta->data_source);
    fputs(" &middot; as of ", out);
    esc(out, meta->as_of);
    fputs(" &middot; libcustorient ", out);
    esc(out, meta->version);
    fputs("</p>\n", out);
    return &h->base;
}
