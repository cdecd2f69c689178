/* The purchase model the holdout check recommends (BG/NBD without one) and
 * Gamma-Gamma: parameters, the P(alive) distribution and its map over
 * frequency x recency, expected purchases and the CLV of the base, each
 * labelled with its model. BG/NBD's parameters are always shown. */
#include <math.h>
#include <stdio.h>
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
    size_t n = (size_t)(MAP_ROWS * ncols);
    return m->kind == CO_BTYD_PARETONBD
               ? co_paretonbd_probability_alive(&m->paretonbd, f, r, T, n, values)
               : co_bgnbd_probability_alive(&m->bgnbd, f, r, T, n, values);
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
    char title[96];
    snprintf(title, sizeof title, "%s P(alive) by repeat purchases and recency",
             churn_model_name(m->kind));
    svg_heat_map map = {"palive-map",
                        title,
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

/* The purchase model to use and why: the holdout check's recommendation. */
static co_btyd_model_kind choose(const holdout_check *c, char *why, size_t size)
{
    const co_holdout_row *best = holdout_check_recommended(c);
    char cal[11];
    day_text(c->calibration_end, cal);
    if (best) {
        snprintf(why, size, "holdout check (calibration to %s): %s", cal,
                 holdout_reason_text(c->cmp->reason));
        return best->model.kind;
    }
    snprintf(why, size, "BG/NBD by default: %s",
             c->status != CO_OK ? c->error : "no model could be fitted in the holdout check");
    return CO_BTYD_BGNBD;
}

/* "label (model)" into buf. */
static const char *named(char *buf, size_t size, const char *label, const char *model)
{
    snprintf(buf, size, "%s (%s)", label, model);
    return buf;
}

int section_models(const report_ctx *ctx, report_sink *s)
{
    churn_model *m = ctx->model;
    const holdout_check *check = report_holdout_check(ctx);
    if (!check)
        return -1;
    char why[320];
    co_btyd_model_kind kind = choose(check, why, sizeof why);
    if (churn_model_fit(m, ctx->summary, kind, why) < 0)
        return -1;
    const char *name = churn_model_name(m->kind);
    char title[96], label[192];
    snprintf(title, sizeof title, "Purchase and spend models (%s, Gamma-Gamma)", name);
    s->section_begin(s, "models", title);
    if (m->status != CO_OK) {
        s->note(s, m->error);
        s->section_end(s);
        return 0;
    }
    const co_summary *w = m->weeks;
    size_t n = w->n;
    s->figure(s, "customers", "Customers modelled", cell_int((long long)n), NULL);
    s->figure(s, "purchase_model", "Purchase model", cell_text(name), NULL);
    s->figure(s, "purchase_model_reason", "Chosen by", cell_text(m->why), NULL);
    s->figure(s, "penalizer", "L2 penalty of the fits", cell_number(m->penalizer, 3), NULL);
    s->figure(s, "bgnbd_r", "BG/NBD r", cell_number(m->bgnbd.r, 4), NULL);
    s->figure(s, "bgnbd_alpha", "BG/NBD alpha", cell_number(m->bgnbd.alpha, 4), "weeks");
    s->figure(s, "bgnbd_a", "BG/NBD a", cell_number(m->bgnbd.a, 4), NULL);
    s->figure(s, "bgnbd_b", "BG/NBD b", cell_number(m->bgnbd.b, 4), NULL);
    const co_paretonbd_params *p = m->has_paretonbd ? &m->paretonbd : NULL;
    s->figure(s, "paretonbd_r", "Pareto/NBD r", cell_number(p ? p->r : NAN, 4), NULL);
    s->figure(s, "paretonbd_alpha", "Pareto/NBD alpha", cell_number(p ? p->alpha : NAN, 4),
              p ? "weeks" : NULL);
    s->figure(s, "paretonbd_s", "Pareto/NBD s", cell_number(p ? p->s : NAN, 4), NULL);
    s->figure(s, "paretonbd_beta", "Pareto/NBD beta", cell_number(p ? p->beta : NAN, 4),
              p ? "weeks" : NULL);

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
    s->figure(s, "mean_p_alive", named(label, sizeof label, "Mean P(alive)", name),
              cell_number(mean_alive, 3), NULL);
    s->figure(s, "p_alive_below_half",
              named(label, sizeof label, "Customers, P(alive) < 0.5", name),
              cell_int((long long)below_half), NULL);
    s->figure(s, "expected_purchases_90d",
              named(label, sizeof label, "Purchases, next 90 days", name), cell_number(expected, 1),
              NULL);
    if (m->has_spend) {
        s->figure(s, "gammagamma_p", "Gamma-Gamma p", cell_number(m->spend.p, 4), NULL);
        s->figure(s, "gammagamma_q", "Gamma-Gamma q", cell_number(m->spend.q, 4), NULL);
        s->figure(s, "gammagamma_v", "Gamma-Gamma v", cell_number(m->spend.v, 4), NULL);
        s->figure(s, "clv_12m_total", named(label, sizeof label, "12-month CLV of the base", name),
                  cell_number(clv, 2), NULL);
        s->figure(s, "clv_12m_mean", named(label, sizeof label, "12-month CLV per customer", name),
                  cell_number(clv / (double)n, 2), NULL);
    } else {
        s->note(s, m->spend_error);
    }
    s->table_begin(s, "p_alive_distribution",
                   named(label, sizeof label, "P(alive) distribution", name), 3, hist_keys,
                   hist_labels);
    for (int b = 0; b < BINS; b++) {
        cell row[3] = {cell_number((double)b / BINS, 1), cell_number((double)(b + 1) / BINS, 1),
                       cell_int((long long)hist[b])};
        s->row(s, row);
    }
    s->table_end(s);
    emit_map(m, s);
    snprintf(label, sizeof label,
             "Weekly periods; CLV = %s purchases x Gamma-Gamma spend, discounted 1%% a month "
             "(the lifetimes package's definition).",
             name);
    s->note(s, label);
    if (m->penalizer > 0)
        s->note(s, "The maximum-likelihood fit did not converge on this data (too few customers "
                   "to pin every parameter down); the figures use a small L2 penalty.");
    s->section_end(s);
    return 0;
}
