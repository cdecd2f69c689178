/* The distinct customers of a prediction band (band_rows.c), so that each
 * parameter draw evaluates a prediction once per distinct history. */
#ifndef CO_BAND_INTERNAL_H
#define CO_BAND_INTERNAL_H

#include <stddef.h>

#include "btyd_internal.h"

/* Customers sorted by (x, T, t, tx, m, index). Row r (distinct (x, T, t, tx, m))
 * is held by the customers customer[row_start[r] .. row_start[r + 1]); group g
 * (distinct (x, T, t)) is rows group_start[g] .. group_start[g + 1]. */
typedef struct co_band_rows {
    co_band_row *rows;
    size_t n_rows, n_groups;
    size_t *row_start, *group_start, *customer;
} co_band_rows;

/* t or m NULL: 0 for every customer. CO_OK or CO_ENOMEM (nothing to free then). */
int co__band_rows_build(const double *x, const double *tx, const double *T, const double *t,
                        const double *m, size_t n, co_band_rows *out);
void co__band_rows_free(co_band_rows *r);

#endif
