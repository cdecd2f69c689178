/* BG/NBD and Gamma-Gamma fits: parameters, the P(alive) distribution and its
 * map over frequency x recency, expected purchases and the CLV of the base. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "churn_model.h"
#include "report.h"

enum { BINS = 10, MAP_ROWS = 8, MAP_COLS = 10 };

static const char *const hist_keys[] = {"from", "to", "customers"};
static const char *const hist_labels[] = {"P(alive) from", "to", "Customers"};

/* P(alive) of a customer with frequency f and recency r (weeks) observed for T. */
static int map_values(const churn_model *m, double t_max, double f_max, int ncols, double *values,
                      double *rows, double *cols)
{
    double f[MAP_ROWS * MAP_COLS], r[MAP_ROWS * MAP_COLS], T[MAP_ROWS * MAP_COLS];
    for (int i = 0; i < MAP_ROWS; i++)
        rows[i] = t_max * (MAP_ROWS - 1 - i) / (MAP_ROWS - 1); /* most recent on top */
    for (int j = 0; j < ncols; j++)
        cols[j] = round(f_max * j / (ncols - 1));
    for (int i = 0; i < MAP_ROWS; i++)
        for (int j = 0; j < ncols; j++) {
            f[i * ncols + j] = cols[j];
            /* A customer without repeat purchases has recency 0 by definition. */
            r[i * ncols + j] = cols[j] > 0 ? rows[i] : 0;
            T[i * ncols + j] = t_max;
        }
    return co_bgnbd_probability_alive(&m->bgnbd, f, r, T, (size_t)(MAP_ROWS * ncols), values);
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void emit_map(const churn_model *m, report_sink *s)
{
    const co_summary *w = m->weeks;
    double t_max = 0, f_max = 1;
    for (size_t i = 0; i < w->n; i++)
        t_max = fmax(t_max, w->T[i]);
    /* Frequencies up to the 95th percentile: a few very frequent buyers would
     * otherwise squeeze everyone else into the first column. */
    double *sorted = malloc(w->n * sizeof *sorted);
    if (sorted) {
        memcpy(sorted, w->frequency, w->n * sizeof *sorted);
        qsort(sorted, w->n, sizeof *sorted, compare_doubles);
        f_max = fmax(1, sorted[(size_t)(0.95 * (double)(w->n - 1))]);
        free(sorted);
    }
    /* One column per repeat count while they fit, else evenly spaced counts. */
    int ncols = f_max + 1 < MAP_COLS ? (int)f_max + 1 : MAP_COLS;
    double values[MAP_ROWS * MAP_COLS], rows[MAP_ROWS], cols[MAP_COLS];
    if (t_max <= 0 || map_values(m, t_max, f_max, ncols, values, rows, cols) < 0) {
        s->note(s, "P(alive) map not drawn: the observation period is too short.");
        return;
    }
    char row_text[MAP_ROWS][16], col_text[MAP_COLS][16];
    const char *row_names[MAP_ROWS], *col_names[MAP_COLS];
    for (int i = 0; i < MAP_ROWS; i++) {
        snprintf(row_text[i], sizeof row_text[i], "%.0f", rows[i]);
        row_names[i] = row_text[i];
    }
    for (int j = 0; j < ncols; j++) {
        snprintf(col_text[j], sizeof col_text[j], "%.0f", cols[j]);
        col_names[j] = col_text[j];
    }
    svg_heat_map map = {"palive-map",
                        "P(alive) by repeat purchases and recency",
                        "repeat purchases (frequency)",
                        "recency (weeks)",
                        MAP_ROWS,
                        (size_t)ncols,
                        row_names,
                        col_names,
                        values,
                        0,
                        1,
                        2};
    s->chart(s, CHART_HEAT, &map);
}

int section_models(const report_ctx *ctx, report_sink *s)
{
    churn_model *m = ctx->model;
    if (churn_model_fit(m, ctx->summary) < 0)
        return -1;
    s->section_begin(s, "models", "Purchase and spend models (BG/NBD, Gamma-Gamma)");
    if (m->status != CO_OK) {
        s->note(s, m->error);
        s->section_end(s);
        return 0;
    }
    const co_summary *w = m->weeks;
    size_t n = w->n;
    s->figure(s, "customers", "Customers modelled", cell_int((long long)n), NULL);
    s->figure(s, "penalizer", "L2 penalty of the fits", cell_number(m->penalizer, 3), NULL);
    s->figure(s, "bgnbd_r", "BG/NBD r", cell_number(m->bgnbd.r, 4), NULL);
    s->figure(s, "bgnbd_alpha", "BG/NBD alpha", cell_number(m->bgnbd.alpha, 4), "weeks");
    s->figure(s, "bgnbd_a", "BG/NBD a", cell_number(m->bgnbd.a, 4), NULL);
    s->figure(s, "bgnbd_b", "BG/NBD b", cell_number(m->bgnbd.b, 4), NULL);

    size_t hist[BINS] = {0}, below_half = 0;
    double mean_alive = 0, expected = 0, clv = 0;
    for (size_t i = 0; i < n; i++) {
        int bin = (int)floor(m->p_alive[i] * BINS);
        hist[bin < 0 ? 0 : bin >= BINS ? BINS - 1 : bin]++;
        below_half += m->p_alive[i] < 0.5;
        mean_alive += m->p_alive[i] / (double)n;
        expected += m->expected_90d[i];
        clv += m->clv[i];
    }
    s->figure(s, "mean_p_alive", "Mean P(alive)", cell_number(mean_alive, 3), NULL);
    s->figure(s, "p_alive_below_half", "Customers with P(alive) < 0.5",
              cell_int((long long)below_half), NULL);
    s->figure(s, "expected_purchases_90d", "Expected purchases, next 90 days",
              cell_number(expected, 1), NULL);
    if (m->has_spend) {
        s->figure(s, "gammagamma_p", "Gamma-Gamma p", cell_number(m->spend.p, 4), NULL);
        s->figure(s, "gammagamma_q", "Gamma-Gamma q", cell_number(m->spend.q, 4), NULL);
        s->figure(s, "gammagamma_v", "Gamma-Gamma v", cell_number(m->spend.v, 4), NULL);
        s->figure(s, "clv_12m_total", "CLV of the base, next 12 months", cell_number(clv, 2), NULL);
        s->figure(s, "clv_12m_mean", "CLV per customer, next 12 months",
                  cell_number(clv / (double)n, 2), NULL);
    } else {
        s->note(s, m->spend_error);
    }
    s->table_begin(s, "p_alive_distribution", "P(alive) distribution", 3, hist_keys, hist_labels);
    for (int b = 0; b < BINS; b++) {
        cell row[3] = {cell_number((double)b / BINS, 1), cell_number((double)(b + 1) / BINS, 1),
                       cell_int((long long)hist[b])};
        s->row(s, row);
    }
    s->table_end(s);
    emit_map(m, s);
    s->note(s, "Weekly periods; CLV discounts 1% a month (the lifetimes package's definition).");
    if (m->penalizer > 0)
        s->note(s, "The maximum-likelihood fit did not converge on this data (too few customers "
                   "to pin every parameter down); the figures use a small L2 penalty.");
    s->section_end(s);
    return 0;
}
