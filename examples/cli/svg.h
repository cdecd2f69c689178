/* A small kit of self-contained SVG charts: no scripts, no external fonts or
 * files, every text escaped. Each chart is one <svg> element carrying
 * class="chart" and the given id, so a page can embed several. */
#ifndef CLI_SVG_H
#define CLI_SVG_H

#include <stddef.h>
#include <stdio.h>

/* A line over n points with an optional confidence band and marked points. */
typedef struct svg_line_chart {
    const char *id; /* element id, e.g. "nps-trend" */
    const char *title;
    const char *x_label;
    const char *y_label;
    size_t n;
    const double *x;            /* NULL: 0..n-1 */
    const char *const *x_names; /* NULL: numbers; else a name per point */
    const double *y;
    const double *lo, *hi;        /* band; both NULL for none */
    const unsigned char *marked;  /* NULL or n flags: a ring around flagged points */
    double y_min, y_max;          /* axis range; equal values: from the data */
    int step;                     /* 1: draw as a step function (survival curves) */
    const double *y2;             /* NULL, or a second series over the same x, dashed */
    const char *y_name, *y2_name; /* legend names of the two series (with y2) */
    int has_x_mark;               /* 1: a vertical line at x_mark, named x_mark_label */
    double x_mark;
    const char *x_mark_label;
} svg_line_chart;

/* Horizontal bars, one per category, with the value printed at the end. */
typedef struct svg_bar_chart {
    const char *id;
    const char *title;
    size_t n;
    const char *const *names;
    const double *values;      /* >= 0 */
    int decimals;              /* digits after the point of the printed values */
    const double *values2;     /* NULL, or a second value per category, drawn below */
    const char *name1, *name2; /* legend names of the two series (with values2) */
} svg_bar_chart;

/* A rows x cols grid of values in [v_min, v_max] shaded white to blue,
 * each cell labelled with its value; NaN cells are left grey and blank. */
typedef struct svg_heat_map {
    const char *id;
    const char *title;
    const char *x_label; /* columns */
    const char *y_label; /* rows (first row drawn at the top) */
    size_t rows, cols;
    const char *const *row_names;
    const char *const *col_names;
    const double *values; /* row-major rows * cols */
    double v_min, v_max;
    int decimals; /* digits after the point of the cell labels */
} svg_heat_map;

/* Points of lines (up to 60) and bars carry their value in a data-value
 * attribute (and data-series, 1 or 2), so a reader can check what is drawn.
 * Each returns 0, or -1 for an invalid description (nothing written then). */
int svg_write_line_chart(FILE *out, const svg_line_chart *chart);
int svg_write_bar_chart(FILE *out, const svg_bar_chart *chart);
int svg_write_heat_map(FILE *out, const svg_heat_map *map);

/* Write `s` with &, <, >, " and ' escaped for XML text and attributes. */
void svg_write_escaped(FILE *out, const char *s);

#endif
