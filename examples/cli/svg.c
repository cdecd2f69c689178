/* SVG charts (see svg.h). Fixed 640 x 320 canvas scaled by the viewBox, so
 * the charts reflow with the page. */
#include "svg.h"

#include <math.h>
#include <string.h>

enum { WIDTH = 640, HEIGHT = 320, LEFT = 64, RIGHT = 24, TOP = 40, BOTTOM = 56 };

void svg_write_escaped(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(*s, out);
        }
    }
}

static void text(FILE *out, double x, double y, const char *anchor, const char *cls, const char *s)
{
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"%s\">", x, y, anchor, cls);
    svg_write_escaped(out, s);
    fputs("</text>\n", out);
}

static void open_svg(FILE *out, const char *id, const char *title, int height)
{
    fprintf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"");
    svg_write_escaped(out, id);
    fprintf(out, "\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"", WIDTH, height);
    svg_write_escaped(out, id);
    fputs("-title\">\n<title id=\"", out);
    svg_write_escaped(out, id);
    fputs("-title\">", out);
    svg_write_escaped(out, title);
    fputs("</title>\n<style>text{font:12px sans-serif;fill:#333}.h{font-size:15px;"
          "font-weight:bold}.s{font-size:10px}</style>\n",
          out);
    text(out, WIDTH / 2.0, 22, "middle", "h", title);
}

/* A step of 1, 2 or 5 times a power of ten giving about `want` intervals. */
static double nice_step(double range, int want)
{
    double raw = range / want;
    double mag = pow(10, floor(log10(raw)));
    double f = raw / mag;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

static int all_finite(const double *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

struct frame {
    double x0, x1, y0, y1; /* data ranges */
};

static double px(const struct frame *f, double x)
{
    double span = f->x1 > f->x0 ? f->x1 - f->x0 : 1;
    return LEFT + (x - f->x0) / span * (WIDTH - LEFT - RIGHT);
}

static double py(const struct frame *f, double y)
{
    double span = f->y1 > f->y0 ? f->y1 - f->y0 : 1;
    return HEIGHT - BOTTOM - (y - f->y0) / span * (HEIGHT - TOP - BOTTOM);
}

static double xval(const svg_line_chart *c, size_t i) { return c->x ? c->x[i] : (double)i; }

static void axes(FILE *out, const struct frame *f, const svg_line_chart *c)
{
    double step = nice_step(f->y1 - f->y0, 5);
    fprintf(out, "<g class=\"axes\" stroke=\"#ccc\">\n");
    for (double t = ceil(f->y0 / step) * step; t <= f->y1 + step * 1e-9; t += step)
        fprintf(out, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>\n", LEFT, WIDTH - RIGHT,
                py(f, t), py(f, t));
    fputs("</g>\n", out);
    char buf[32];
    for (double t = ceil(f->y0 / step) * step; t <= f->y1 + step * 1e-9; t += step) {
        snprintf(buf, sizeof buf, "%g", fabs(t) < step * 1e-9 ? 0.0 : t);
        text(out, LEFT - 6, py(f, t) + 4, "end", "s", buf);
    }
    if (c->x_names) {
        /* At most about ten names, evenly spaced over the points. */
        size_t every = c->n > 10 ? (c->n + 9) / 10 : 1;
        for (size_t i = 0; i < c->n; i += every)
            text(out, px(f, xval(c, i)), HEIGHT - BOTTOM + 16, "middle", "s", c->x_names[i]);
    } else if (f->x1 > f->x0) {
        /* Round numbers along a numeric axis. */
        double xstep = nice_step(f->x1 - f->x0, 8);
        for (double t = ceil(f->x0 / xstep) * xstep; t <= f->x1 + xstep * 1e-9; t += xstep) {
            snprintf(buf, sizeof buf, "%g", fabs(t) < xstep * 1e-9 ? 0.0 : t);
            text(out, px(f, t), HEIGHT - BOTTOM + 16, "middle", "s", buf);
        }
    }
    if (c->x_label)
        text(out, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 12, "middle", "", c->x_label);
    if (c->y_label) {
        fprintf(out, "<g transform=\"translate(16 %.1f) rotate(-90)\">\n",
                (TOP + HEIGHT - BOTTOM) / 2.0);
        text(out, 0, 0, "middle", "", c->y_label);
        fputs("</g>\n", out);
    }
}

/* Path through (x[i], v[i]); as steps when asked. `move` starts the path. */
static void path_points(FILE *out, const struct frame *f, const svg_line_chart *c, const double *v,
                        int reverse, int move)
{
    for (size_t k = 0; k < c->n; k++) {
        size_t i = reverse ? c->n - 1 - k : k;
        double x = px(f, xval(c, i)), y = py(f, v[i]);
        if (k == 0) {
            fprintf(out, "%s%.1f %.1f", move ? "M" : " L", x, y);
            continue;
        }
        if (c->step) {
            /* Forward: hold the previous level until x; backward: mirror it. */
            size_t prev = reverse ? i + 1 : i - 1;
            if (!reverse)
                fprintf(out, " L%.1f %.1f", x, py(f, v[prev]));
            else
                fprintf(out, " L%.1f %.1f", px(f, xval(c, prev)), y);
        }
        fprintf(out, " L%.1f %.1f", x, y);
    }
}

static const char *const series_colour[2] = {"#3b5bdb", "#e8590c"};

/* Names of the two series in one row under the title, from x = `left`. */
static void legend(FILE *out, const char *kind, const char *name1, const char *name2, int left)
{
    const char *names[2] = {name1, name2};
    const double y = TOP - 4;
    for (int k = 0; k < 2; k++) {
        int x = left + 130 * k;
        if (kind[0] == 'l')
            fprintf(out,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    "stroke-width=\"2\"%s/>\n",
                    x, x + 20, y - 4, y - 4, series_colour[k],
                    k ? " stroke-dasharray=\"5 3\"" : "");
        else
            fprintf(out, "<rect x=\"%d\" y=\"%.1f\" width=\"20\" height=\"8\" fill=\"%s\"/>\n", x,
                    y - 8, series_colour[k]);
        text(out, x + 26, y, "start", "s", names[k] ? names[k] : "");
    }
}

/* One series of a line chart: its path, and its points with their values
 * while there are few enough to tell apart. */
static void series(FILE *out, const struct frame *f, const svg_line_chart *c, const double *v,
                   int k)
{
    fprintf(out,
            "<path class=\"line\" data-series=\"%d\" fill=\"none\" stroke=\"%s\" "
            "stroke-width=\"2\"%s d=\"",
            k, series_colour[k - 1], k == 2 ? " stroke-dasharray=\"5 3\"" : "");
    path_points(out, f, c, v, 0, 1);
    fputs("\"/>\n", out);
    for (size_t i = 0; c->n <= 60 && i < c->n; i++)
        fprintf(out,
                "<circle class=\"point\" data-series=\"%d\" data-value=\"%.9g\" cx=\"%.1f\" "
                "cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>\n",
                k, v[i], px(f, xval(c, i)), py(f, v[i]), series_colour[k - 1]);
}

/* A dotted vertical line across the plot at x_mark, named at its top. */
static void x_mark(FILE *out, const struct frame *f, const svg_line_chart *c)
{
    double x = px(f, c->x_mark);
    fprintf(out,
            "<line class=\"x-mark\" data-value=\"%.9g\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" "
            "y2=\"%d\" stroke=\"#868e96\" stroke-dasharray=\"2 3\"/>\n",
            c->x_mark, x, x, TOP, HEIGHT - BOTTOM);
    if (c->x_mark_label)
        text(out, x + 4, TOP + 10, "start", "s", c->x_mark_label);
}

int svg_write_line_chart(FILE *out, const svg_line_chart *c)
{
    if (!c || !c->id || !c->title || !c->y || c->n == 0 || !all_finite(c->y, c->n) ||
        !all_finite(c->x, c->n) || (!c->lo) != (!c->hi) || !all_finite(c->lo, c->n) ||
        !all_finite(c->hi, c->n) || !all_finite(c->y2, c->n) ||
        (c->has_x_mark && !isfinite(c->x_mark)))
        return -1;
    struct frame f = {xval(c, 0), xval(c, 0), c->y[0], c->y[0]};
    for (size_t i = 0; i < c->n; i++) {
        f.x0 = fmin(f.x0, xval(c, i));
        f.x1 = fmax(f.x1, xval(c, i));
        double lo = c->lo ? fmin(c->lo[i], c->y[i]) : c->y[i];
        double hi = c->hi ? fmax(c->hi[i], c->y[i]) : c->y[i];
        if (c->y2) {
            lo = fmin(lo, c->y2[i]);
            hi = fmax(hi, c->y2[i]);
        }
        f.y0 = fmin(f.y0, lo);
        f.y1 = fmax(f.y1, hi);
    }
    if (c->y_max > c->y_min) {
        f.y0 = c->y_min;
        f.y1 = c->y_max;
    } else if (f.y1 - f.y0 < 1e-9) {
        f.y0 -= 1;
        f.y1 += 1;
    }
    open_svg(out, c->id, c->title, HEIGHT);
    axes(out, &f, c);
    if (c->lo) {
        fputs("<path class=\"band\" fill=\"#3b5bdb\" fill-opacity=\"0.18\" stroke=\"none\" d=\"",
              out);
        path_points(out, &f, c, c->hi, 0, 1);
        path_points(out, &f, c, c->lo, 1, 0);
        fputs(" Z\"/>\n", out);
    }
    if (c->has_x_mark)
        x_mark(out, &f, c);
    series(out, &f, c, c->y, 1);
    if (c->y2) {
        series(out, &f, c, c->y2, 2);
        legend(out, "line", c->y_name, c->y2_name, LEFT);
    }
    for (size_t i = 0; c->marked && i < c->n; i++)
        if (c->marked[i])
            fprintf(out,
                    "<circle class=\"mark\" cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"none\" "
                    "stroke=\"#e03131\" stroke-width=\"2\"/>\n",
                    px(&f, xval(c, i)), py(&f, c->y[i]));
    fputs("</svg>\n", out);
    return 0;
}

int svg_write_bar_chart(FILE *out, const svg_bar_chart *c)
{
    if (!c || !c->id || !c->title || !c->names || !c->values || c->n == 0 ||
        !all_finite(c->values, c->n) || !all_finite(c->values2, c->n))
        return -1;
    double max = 0;
    for (size_t i = 0; i < c->n; i++) {
        double v2 = c->values2 ? c->values2[i] : 0;
        if (c->values[i] < 0 || v2 < 0)
            return -1;
        max = fmax(max, fmax(c->values[i], v2));
    }
    const int k = c->values2 ? 2 : 1, row = 24 * k, label_w = 150, value_w = 70;
    const int top = TOP + (c->values2 ? 8 : 0); /* room for the legend */
    int height = top + (int)c->n * row + 16;
    open_svg(out, c->id, c->title, height);
    char buf[64];
    for (size_t i = 0; i < c->n; i++) {
        double y = top + (double)i * row;
        text(out, label_w - 8, y + row * 0.5 + 4, "end", "", c->names[i]);
        for (int j = 0; j < k; j++) {
            double v = j ? c->values2[i] : c->values[i], yj = y + 24.0 * j;
            double w = max > 0 ? v / max * (WIDTH - label_w - value_w) : 0;
            fprintf(out,
                    "<rect class=\"bar\" data-series=\"%d\" data-value=\"%.9g\" x=\"%d\" "
                    "y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
                    j + 1, v, label_w, yj + 3, w, 24 - 6, series_colour[j]);
            snprintf(buf, sizeof buf, "%.*f", c->decimals, v);
            text(out, label_w + w + 6, yj + 24 * 0.65, "start", "s", buf);
        }
    }
    if (c->values2)
        legend(out, "bar", c->name1, c->name2, label_w);
    fputs("</svg>\n", out);
    return 0;
}

/* White (0) to a deep blue (1). */
static void shade(double t, char out[8])
{
    t = fmin(fmax(t, 0), 1);
    int r = (int)lround(255 - t * (255 - 0x1c));
    int g = (int)lround(255 - t * (255 - 0x3f));
    int b = (int)lround(255 - t * (255 - 0x94));
    snprintf(out, 8, "#%02x%02x%02x", r, g, b);
}

int svg_write_heat_map(FILE *out, const svg_heat_map *m)
{
    if (!m || !m->id || !m->title || !m->values || m->rows == 0 || m->cols == 0 || !m->row_names ||
        !m->col_names || !(m->v_max > m->v_min))
        return -1;
    const double x0 = 90, y0 = TOP + 10;
    const double cw = (WIDTH - x0 - RIGHT) / (double)m->cols;
    const double ch = fmin(28, (HEIGHT - y0 - BOTTOM) / (double)m->rows);
    int height = (int)(y0 + ch * (double)m->rows + BOTTOM);
    open_svg(out, m->id, m->title, height);
    char buf[64], colour[8];
    for (size_t r = 0; r < m->rows; r++) {
        text(out, x0 - 6, y0 + ch * ((double)r + 0.65), "end", "s", m->row_names[r]);
        for (size_t c = 0; c < m->cols; c++) {
            double v = m->values[r * m->cols + c];
            double x = x0 + cw * (double)c, y = y0 + ch * (double)r;
            int finite = isfinite(v);
            double t = finite ? (v - m->v_min) / (m->v_max - m->v_min) : 0;
            if (finite)
                shade(t, colour);
            fprintf(out,
                    "<rect class=\"cell\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    "height=\"%.1f\" fill=\"%s\" stroke=\"#fff\"/>\n",
                    x, y, cw, ch, finite ? colour : "#e9ecef");
            if (finite && cw >= 24) {
                snprintf(buf, sizeof buf, "%.*f", m->decimals, v);
                fprintf(out,
                        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"s\" "
                        "style=\"fill:%s\">",
                        x + cw / 2, y + ch * 0.65, t > 0.55 ? "#fff" : "#333");
                svg_write_escaped(out, buf);
                fputs("</text>\n", out);
            }
        }
    }
    double bottom = y0 + ch * (double)m->rows;
    for (size_t c = 0; c < m->cols; c++)
        text(out, x0 + cw * ((double)c + 0.5), bottom + 14, "middle", "s", m->col_names[c]);
    if (m->x_label)
        text(out, x0 + (WIDTH - x0 - RIGHT) / 2, bottom + 34, "middle", "", m->x_label);
    if (m->y_label) {
        fprintf(out, "<g transform=\"translate(14 %.1f) rotate(-90)\">\n", (y0 + bottom) / 2);
        text(out, 0, 0, "middle", "", m->y_label);
        fputs("</g>\n", out);
    }
    fputs("</svg>\n", out);
    return 0;
}
