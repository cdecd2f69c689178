/* The rows state: built with the fits' own merging of identical histories,
 * merged by a sorted merge, read back as columns and totals. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "btyd_rows_internal.h"
#include "error_internal.h"

int co__btyd_rows_wrap(co_btyd_rows_kind kind, uint64_t inputs, double max_T, co_btyd_row *rows,
                       size_t n_rows, co_btyd_rows **out)
{
    co_btyd_rows *s = co__malloc(sizeof *s);
    if (!s) {
        co__free(rows);
        return co__fail_nomem();
    }
    *s = (co_btyd_rows){kind, inputs, max_T, rows, n_rows, 0.0};
    for (size_t i = 0; i < n_rows; i++)
        s->weight += rows[i].w;
    *out = s;
    return CO_OK;
}

/* Whole weights whose total stays below 2^53, so that every merge adds exactly. */
static int check_weights(const double *weights, size_t n)
{
    if (!weights)
        return (double)n < CO_BTYD_ROWS_MAX_WEIGHT
                   ? CO_OK
                   : co__fail(CO_EOVERFLOW, "%zu customers exceed 2^53", n);
    int rc = co__btyd_check_nonneg("weights", weights, n, 1);
    double total = 0.0;
    for (size_t i = 0; rc == CO_OK && i < n; i++)
        if ((total += weights[i]) >= CO_BTYD_ROWS_MAX_WEIGHT)
            rc = co__fail(CO_EOVERFLOW, "the weights up to weights[%zu] add up to 2^53 or more", i);
    return rc;
}

/* The state of checked arrays: the fits' merge (co__btyd_data_build()) gives the rows. */
static int build(co_btyd_rows_kind kind, const double *x, const double *tx, const double *T,
                 const double *w, size_t n, co_btyd_rows **out)
{
    double max_T = 0.0;
    for (size_t i = 0; T && i < n; i++)
        if (T[i] > max_T)
            max_T = T[i];
    int any = 0;
    for (size_t i = 0; i < n && !any; i++)
        any = !w || w[i] != 0.0;
    co_btyd_data d;
    if (!any)
        return co__btyd_rows_wrap(kind, n, max_T, NULL, 0, out);
    int rc = co__btyd_data_build(&d, x, tx, T, w, n);
    if (rc != CO_OK)
        return rc;
    co_btyd_row *rows = d.rows;
    const size_t n_rows = d.n_rows;
    d.rows = NULL;
    co__btyd_data_free(&d);
    return co__btyd_rows_wrap(kind, n, max_T, rows, n_rows, out);
}

int co_btyd_rows_from_purchases(const double *frequency, const double *recency, const double *T,
                                const double *weights, size_t n, co_btyd_rows **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_btyd_rows_from_purchases: out is NULL");
    int rc = n == 0 ? CO_OK : co__btyd_check(frequency, recency, T, NULL, n);
    if (rc == CO_OK)
        rc = check_weights(weights, n);
    return rc == CO_OK ? build(CO_BTYD_ROWS_PURCHASES, frequency, recency, T, weights, n, out) : rc;
}

int co_btyd_rows_from_spend(const double *frequency, const double *monetary, const double *weights,
                            size_t n, co_btyd_rows **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_btyd_rows_from_spend: out is NULL");
    int rc = n == 0 ? CO_OK : co__gammagamma_check_spend(frequency, monetary, NULL, n);
    if (rc == CO_OK)
        rc = check_weights(weights, n);
    return rc == CO_OK ? build(CO_BTYD_ROWS_SPEND, frequency, monetary, NULL, weights, n, out) : rc;
}

void co_btyd_rows_free(co_btyd_rows *rows)
{
    if (!rows)
        return;
    co__free(rows->rows);
    co__free(rows);
}

/* The state's order: x, then tx, then T. */
static int row_cmp(const co_btyd_row *a, const co_btyd_row *b)
{
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    if (a->tx != b->tx)
        return a->tx < b->tx ? -1 : 1;
    return a->T < b->T ? -1 : a->T > b->T;
}

int co_btyd_rows_merge(co_btyd_rows *into, const co_btyd_rows *other)
{
    if (!into || !other)
        return co__fail(CO_EINVAL, "co_btyd_rows_merge: NULL argument");
    if (into->kind != other->kind)
        return co__fail(CO_EINVAL, "co_btyd_rows_merge: a %s state and a %s state",
                        into->kind == CO_BTYD_ROWS_SPEND ? "spend" : "purchases",
                        other->kind == CO_BTYD_ROWS_SPEND ? "spend" : "purchases");
    if (into->weight + other->weight >= CO_BTYD_ROWS_MAX_WEIGHT ||
        into->inputs > UINT64_MAX - other->inputs)
        return co__fail(CO_EOVERFLOW, "co_btyd_rows_merge: the total weight would reach 2^53");
    const size_t na = into->n_rows, nb = other->n_rows;
    co_btyd_row *rows = co__malloc_array(na + nb + 1, sizeof *rows); /* never 0 bytes */
    if (!rows)
        return co__fail_nomem();
    size_t i = 0, j = 0, k = 0;
    while (i < na || j < nb) {
        const int c = i == na ? 1 : j == nb ? -1 : row_cmp(&into->rows[i], &other->rows[j]);
        if (c == 0) {
            rows[k] = into->rows[i++];
            rows[k++].w += other->rows[j++].w;
        } else
            rows[k++] = c < 0 ? into->rows[i++] : other->rows[j++];
    }
    co__free(into->rows);
    into->rows = rows;
    into->n_rows = k;
    into->inputs += other->inputs;
    into->weight += other->weight;
    if (other->max_T > into->max_T)
        into->max_T = other->max_T;
    return CO_OK;
}

co_btyd_rows_kind co_btyd_rows_get_kind(const co_btyd_rows *rows)
{
    return rows ? rows->kind : CO_BTYD_ROWS_KIND_COUNT;
}

size_t co_btyd_rows_count(const co_btyd_rows *rows) { return rows ? rows->n_rows : 0; }

int co_btyd_rows_get_columns(const co_btyd_rows *rows, double *frequency, double *recency,
                             double *T, double *weights)
{
    if (!rows)
        return co__fail(CO_EINVAL, "co_btyd_rows_get_columns: rows is NULL");
    for (size_t i = 0; i < rows->n_rows; i++) {
        const co_btyd_row *r = &rows->rows[i];
        if (frequency)
            frequency[i] = r->x;
        if (recency)
            recency[i] = r->tx;
        if (T)
            T[i] = r->T;
        if (weights)
            weights[i] = r->w;
    }
    return CO_OK;
}

int co_btyd_rows_totals(const co_btyd_rows *rows, co_btyd_totals *out)
{
    if (!rows || !out)
        return co__fail(CO_EINVAL, "co_btyd_rows_totals: NULL argument");
    co_btyd_totals t = {(int)rows->kind, rows->inputs, 0.0, 0.0, 0.0, 0.0, rows->max_T};
    for (size_t i = 0; i < rows->n_rows; i++) {
        const co_btyd_row *r = &rows->rows[i];
        t.weight += r->w;
        t.weighted_x += r->w * r->x;
        if (r->x > 0.0)
            t.repeat_weight += r->w;
        if (rows->kind == CO_BTYD_ROWS_PURCHASES)
            t.weighted_value += r->w * r->T;
        else if (r->x > 0.0)
            t.weighted_value += r->w * r->tx;
    }
    *out = t;
    return CO_OK;
}

int co_btyd_totals_merge(co_btyd_totals *into, const co_btyd_totals *other)
{
    if (!into || !other)
        return co__fail(CO_EINVAL, "co_btyd_totals_merge: NULL argument");
    if (into->kind != other->kind)
        return co__fail(CO_EINVAL, "co_btyd_totals_merge: totals of kinds %d and %d", into->kind,
                        other->kind);
    if (into->inputs > UINT64_MAX - other->inputs)
        return co__fail(CO_EOVERFLOW, "co_btyd_totals_merge: input count past 2^64");
    into->inputs += other->inputs;
    into->weight += other->weight;
    into->repeat_weight += other->repeat_weight;
    into->weighted_x += other->weighted_x;
    into->weighted_value += other->weighted_value;
    if (other->max_T > into->max_T)
        into->max_T = other->max_T;
    return CO_OK;
}

int co__btyd_rows_validate(co_btyd_rows_kind kind, const co_btyd_row *rows, size_t n_rows,
                           double max_T)
{
    double total = 0.0;
    for (size_t i = 0; i < n_rows; i++) {
        const co_btyd_row *r = &rows[i];
        if (!(r->x >= 0.0 && r->x == floor(r->x) && isfinite(r->x) && r->tx >= 0.0 &&
              isfinite(r->tx) && r->T >= 0.0 && isfinite(r->T)))
            return co__fail(CO_EINVAL, "row %zu: a value negative, not finite or x not whole", i);
        if (!(r->w > 0.0 && r->w == floor(r->w) && (total += r->w) < CO_BTYD_ROWS_MAX_WEIGHT))
            return co__fail(CO_EINVAL, "row %zu: weight %g not whole and > 0, or total >= 2^53", i,
                            r->w);
        if (i > 0 && row_cmp(&rows[i - 1], r) >= 0)
            return co__fail(CO_EINVAL, "row %zu: out of order or repeated", i);
        /* -0.0 is stored as 0.0, so that equal rows are equal bits. */
        if (signbit(r->x) || signbit(r->tx) || signbit(r->T))
            return co__fail(CO_EINVAL, "row %zu: a negative zero", i);
        int ok = kind == CO_BTYD_ROWS_PURCHASES
                     ? r->tx <= r->T && (r->x > 0.0 || r->tx == 0.0) && r->T <= max_T
                     : r->T == 0.0 && (r->x == 0.0 || r->tx > 0.0);
        if (!ok)
            return co__fail(CO_EINVAL, "row %zu: (%g, %g, %g) is not a %s history", i, r->x, r->tx,
                            r->T, kind == CO_BTYD_ROWS_PURCHASES ? "purchase" : "spend");
    }
    return CO_OK;
}
