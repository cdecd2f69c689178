/* The mergeable rows state of custorient/btyd_rows.h, shared by its build and
 * merge, its bytes and the fits from it. */
#ifndef CO_BTYD_ROWS_INTERNAL_H
#define CO_BTYD_ROWS_INTERNAL_H

#include <stdint.h>

#include "btyd_internal.h"
#include "custorient/btyd_rows.h"

/* Whole weights add exactly below 2^53. */
#define CO_BTYD_ROWS_MAX_WEIGHT 9007199254740992.0

struct co_btyd_rows {
    co_btyd_rows_kind kind;
    uint64_t inputs;   /* input customers, zero weights included (the penalty's n) */
    double max_T;      /* largest T of any input customer (the penalty's scale) */
    co_btyd_row *rows; /* sorted by (x, tx, T), distinct, weights whole and > 0 */
    size_t n_rows;
    double weight; /* sum of the weights (exact: whole numbers) */
};

/* A state taking ownership of `rows` (sorted and merged; NULL when n_rows is 0).
 * CO_OK, or CO_ENOMEM with `rows` freed. */
int co__btyd_rows_wrap(co_btyd_rows_kind kind, uint64_t inputs, double max_T, co_btyd_row *rows,
                       size_t n_rows, co_btyd_rows **out);

/* CO_EINVAL unless `rows` is the order and values of a valid state of `kind`
 * (the deserialiser's check; the message names the first bad row). */
int co__btyd_rows_validate(co_btyd_rows_kind kind, const co_btyd_row *rows, size_t n_rows,
                           double max_T);

#endif
