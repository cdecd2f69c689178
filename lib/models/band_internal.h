/* The distinct customers of a prediction band (band_rows.c), so that each
 * parameter draw evaluates a prediction once per distinct history. */
#ifndef CO_BAND_INTERNAL_H
#define CO_BAND_INTERNAL_H

#include <stddef.h>

#include "btyd_internal.h"

/* Customers sorted by (x, T, t, tx, m, index). Row r (distinct (x, T, t, tx, m))
 * is held by the customers customer[row_start[r] .. row_start[r + 1]); group g
 * (distinct (x, T, t)) is rows group_start[g] .. group_start[g + 1]. The rows'
 * distinct tx and T values, ascending, are times[0 .. n_times). */
typedef struct co_band_rows {
    co_band_row *rows;
    size_t n_rows, n_groups, n_times;
    size_t *row_start, *group_start, *customer;
    double *times;
} co_band_rows;

/* t or m NULL: 0 for every customer. CO_OK or CO_ENOMEM (nothing to free then). */
int co__band_rows_build(const double *x, const double *tx, const double *T, const double *t,
                        const double *m, size_t n, co_band_rows *out);
void co__band_rows_free(co_band_rows *r);

/* log(p + t) of every draw's parameter p = draw[param] at a distinct time t of
 * the setup, kept per time id once computed when all of them fit in a modest
 * table (whole days or weeks do), else computed at each call. */
typedef struct co_band_logs {
    co_band_setup setup;
    size_t param;
    double *table;       /* n_times x n_draws, or NULL */
    unsigned char *have; /* per time id: table row filled */
} co_band_logs;

/* CO_OK or CO_ENOMEM (then nothing to free). */
int co__band_logs_init(co_band_logs *l, const co_band_setup *setup, size_t param);
/* The n_draws values at time `t` with id `id`: a row of the table, or
 * `scratch` (n_draws) filled. */
const double *co__band_logs_at(co_band_logs *l, size_t id, double t, double *scratch);
void co__band_logs_free(co_band_logs *l);

/* The co_band_model accelerators (ws_new, ws_free, alive_all) of P(alive),
 * reading the purchase parameters from draw[0..3]. */
void *co__bgnbd_band_ws_new(const void *ctx, const co_band_setup *setup);
void co__bgnbd_band_ws_free(void *ws);
int co__bgnbd_band_alive_all(void *ws, const co_band_row *row, double *out, size_t *failed_draw);
void *co__paretonbd_band_ws_new(const void *ctx, const co_band_setup *setup);
void co__paretonbd_band_ws_free(void *ws);
int co__paretonbd_band_alive_all(void *ws, const co_band_row *row, double *out,
                                 size_t *failed_draw);

#endif
