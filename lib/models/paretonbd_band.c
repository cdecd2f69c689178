/* The Pareto/NBD's P(alive) of every parameter draw at once, for the bands
 * (band_internal.h). Per draw, log G(t) (paretonbd_terms.c) depends on the
 * customer through (x, t) alone, and whole-day data hold few such pairs: each
 * is summed once per draw and kept while x stays the same (the rows come sorted
 * by x). The terms of (x, T) are kept for the rows of one T, so a distinct
 * customer costs one exponential per draw:
 *   odds = s G(tx) / F - s G(T) / F,  F = (alpha + T)^-(r + x) (beta + T)^-s,
 * P(alive) = 1 / (1 + odds). As s G(T) <= F, the subtraction loses nothing
 * that matters: the error of P(alive) stays a few units of rounding. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "band_internal.h"
#include "paretonbd_internal.h"

/* Most doubles the table of log G may hold (32 MB); above it, no table. */
#define G_TABLE_MAX ((size_t)1 << 22)

typedef struct paretonbd_ws {
    co_band_setup setup;
    co_band_logs log_alpha_t, log_beta_t;
    co_pnbd_tables *tables; /* per draw: the series coefficients of the current x */
    double *g;              /* n_times x n_draws log G(x, t), or NULL */
    double *g_x;            /* per time id: the x of its row of g (NaN: none) */
    double T_x;             /* the (x, T_id) of `scale`, `at_T_term` and `g_at_T` */
    size_t T_id;
    const double *g_at_T;                             /* log G(T) per draw */
    double *scale;                                    /* per draw: log s - log F */
    double *at_T_term;                                /* per draw: s G(T) / F */
    double *la_T, *lb_T, *la_tx, *lb_tx, *g_T, *g_tx; /* scratch without tables */
} paretonbd_ws;

void *co__paretonbd_band_ws_new(const void *ctx, const co_band_setup *setup)
{
    (void)ctx;
    const size_t nd = setup->n_draws;
    paretonbd_ws *w = co__calloc(1, sizeof *w);
    double *buf = co__malloc_array(nd, 8 * sizeof *buf);
    co_pnbd_tables *tables = co__malloc_array(nd, sizeof *tables);
    if (!w || !buf || !tables) {
        co__free(w);
        co__free(buf);
        co__free(tables);
        return NULL;
    }
    w->setup = *setup;
    w->tables = tables;
    for (size_t d = 0; d < nd; d++)
        co__pnbd_tables_init(&tables[d], 0);
    w->scale = buf;
    w->at_T_term = buf + nd;
    w->la_T = buf + 2 * nd;
    w->lb_T = buf + 3 * nd;
    w->la_tx = buf + 4 * nd;
    w->lb_tx = buf + 5 * nd;
    w->g_T = buf + 6 * nd;
    w->g_tx = buf + 7 * nd;
    w->T_x = NAN;
    int ok = co__band_logs_init(&w->log_alpha_t, setup, 1) == CO_OK &&
             co__band_logs_init(&w->log_beta_t, setup, 3) == CO_OK;
    if (ok && nd > 0 && setup->n_times > 0 && setup->n_times <= G_TABLE_MAX / nd) {
        w->g = co__malloc_array(setup->n_times * nd, sizeof *w->g);
        w->g_x = co__malloc_array(setup->n_times, sizeof *w->g_x);
        ok = w->g && w->g_x;
        for (size_t i = 0; ok && i < setup->n_times; i++)
            w->g_x[i] = NAN;
    }
    if (!ok) {
        co__paretonbd_band_ws_free(w);
        return NULL;
    }
    return w;
}

void co__paretonbd_band_ws_free(void *ws)
{
    paretonbd_ws *w = ws;
    co__band_logs_free(&w->log_alpha_t);
    co__band_logs_free(&w->log_beta_t);
    co__free(w->g);
    co__free(w->g_x);
    co__free(w->tables);
    co__free(w->scale);
    co__free(w);
}

/* log G(t) of every draw for x purchases at time id `id`: the table's row, or
 * `scratch` filled. NULL on failure (*failed_draw set). */
static const double *log_g(paretonbd_ws *w, double x, size_t id, double t, const double *la,
                           const double *lb, double *scratch, int *rc, size_t *failed_draw)
{
    const co_band_setup *s = &w->setup;
    double *row = w->g ? w->g + id * s->n_draws : scratch;
    if (w->g && w->g_x[id] == x)
        return row;
    for (size_t d = 0; d < s->n_draws; d++) {
        const co_pnbd_time tm = {t, la[d], lb[d]};
        co_pnbd_log_g g;
        *rc = co__pnbd_eval_log_g(s->draws + d * s->k, x, &tm, &w->tables[d], 0, &g);
        if (*rc != CO_OK) {
            if (w->g)
                w->g_x[id] = NAN;
            *failed_draw = d;
            return NULL;
        }
        row[d] = g.value;
    }
    if (w->g)
        w->g_x[id] = x;
    return row;
}

/* The terms of (x, T): log s - log F and s G(T) / F per draw. */
static int at_T(paretonbd_ws *w, const co_band_row *row, size_t *failed_draw)
{
    const co_band_setup *s = &w->setup;
    const double x = row->x;
    const double *la = co__band_logs_at(&w->log_alpha_t, row->T_id, row->T, w->la_T);
    const double *lb = co__band_logs_at(&w->log_beta_t, row->T_id, row->T, w->lb_T);
    int rc = CO_OK;
    const double *g = log_g(w, x, row->T_id, row->T, la, lb, w->g_T, &rc, failed_draw);
    if (!g)
        return rc;
    for (size_t d = 0; d < s->n_draws; d++) {
        const double *p = s->draws + d * s->k;
        w->scale[d] = log(p[2]) + (p[0] + x) * la[d] + p[2] * lb[d];
        w->at_T_term[d] = exp(w->scale[d] + g[d]);
    }
    w->g_at_T = g;
    return CO_OK;
}

int co__paretonbd_band_alive_all(void *ws, const co_band_row *row, double *out, size_t *failed_draw)
{
    paretonbd_ws *w = ws;
    const co_band_setup *s = &w->setup;
    const double x = row->x;
    int rc = CO_OK;
    if (row->T_id != w->T_id || x != w->T_x) {
        w->T_x = NAN;
        if ((rc = at_T(w, row, failed_draw)) != CO_OK)
            return rc;
        w->T_x = x;
        w->T_id = row->T_id;
    }
    const double *gT = w->g_at_T;
    const double *la = co__band_logs_at(&w->log_alpha_t, row->tx_id, row->tx, w->la_tx);
    const double *lb = co__band_logs_at(&w->log_beta_t, row->tx_id, row->tx, w->lb_tx);
    const double *g = log_g(w, x, row->tx_id, row->tx, la, lb, w->g_tx, &rc, failed_draw);
    if (!g)
        return rc;
    for (size_t d = 0; d < s->n_draws; d++) {
        double odds = exp(w->scale[d] + g[d]) - w->at_T_term[d];
        if (!isfinite(odds)) { /* both terms overflowed: the exact combination */
            const double *p = s->draws + d * s->k;
            const co_pnbd_time tm = {row->T, log(p[1] + row->T), log(p[3] + row->T)};
            const co_pnbd_log_g g_tx = {g[d], {0}}, g_T = {gT[d], {0}};
            co_pnbd_terms t;
            co__pnbd_combine(p, x, &tm, log(p[2]), &g_tx, &g_T, 0.0, &t);
            out[d] = t.alive;
            continue;
        }
        out[d] = 1.0 / (1.0 + (odds > 0.0 ? odds : 0.0));
    }
    return CO_OK;
}
