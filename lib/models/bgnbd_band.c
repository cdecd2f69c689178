/* The BG/NBD's P(alive) of every parameter draw at once, for the bands
 * (band_internal.h): with log(alpha + t) per draw and distinct time and the
 * terms of x per draw computed once, a distinct customer costs one exponential
 * per draw. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "band_internal.h"

typedef struct bgnbd_ws {
    co_band_setup setup;
    co_band_logs log_alpha_t;
    double x;              /* the x of `odds0` and `power`; NaN before the first */
    double *odds0, *power; /* per draw: log a - log(b + x - 1), r + x */
    double *at_T, *at_tx;  /* scratch for logs computed without a table */
} bgnbd_ws;

void *co__bgnbd_band_ws_new(const void *ctx, const co_band_setup *setup)
{
    (void)ctx;
    bgnbd_ws *w = co__calloc(1, sizeof *w);
    double *buf = co__malloc_array(setup->n_draws, 4 * sizeof *buf);
    if (!w || !buf) {
        co__free(w);
        co__free(buf);
        return NULL;
    }
    const size_t nd = setup->n_draws;
    w->setup = *setup;
    w->x = NAN;
    w->odds0 = buf;
    w->power = buf + nd;
    w->at_T = buf + 2 * nd;
    w->at_tx = buf + 3 * nd;
    if (co__band_logs_init(&w->log_alpha_t, setup, 1) != CO_OK) {
        co__free(buf);
        co__free(w);
        return NULL;
    }
    return w;
}

void co__bgnbd_band_ws_free(void *ws)
{
    bgnbd_ws *w = ws;
    co__band_logs_free(&w->log_alpha_t);
    co__free(w->odds0);
    co__free(w);
}

/* 1 / (1 + a / (b + x - 1) ((alpha + T) / (alpha + tx))^(r + x)), 1 for x = 0. */
/* It never fails; failed_draw is there for the type of co_band_model.alive_all. */
/* NOLINTNEXTLINE(readability-non-const-parameter) */
int co__bgnbd_band_alive_all(void *ws, const co_band_row *row, double *out, size_t *failed_draw)
{
    (void)failed_draw;
    bgnbd_ws *w = ws;
    const co_band_setup *s = &w->setup;
    const size_t nd = s->n_draws, k = s->k;
    const double x = row->x;
    if (x == 0.0) {
        for (size_t d = 0; d < nd; d++)
            out[d] = 1.0;
        return CO_OK;
    }
    if (x != w->x) {
        for (size_t d = 0; d < nd; d++) {
            const double *p = s->draws + d * k;
            w->odds0[d] = log(p[2]) - log(p[3] + x - 1.0);
            w->power[d] = p[0] + x;
        }
        w->x = x;
    }
    const double *lT = co__band_logs_at(&w->log_alpha_t, row->T_id, row->T, w->at_T);
    const double *ltx = co__band_logs_at(&w->log_alpha_t, row->tx_id, row->tx, w->at_tx);
    for (size_t d = 0; d < nd; d++)
        out[d] = 1.0 / (1.0 + exp(w->odds0[d] + w->power[d] * (lT[d] - ltx[d])));
    return CO_OK;
}
