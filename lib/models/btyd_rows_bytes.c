/* Rows states as bytes (frame in custorient/partial.h): version 1 is the kind (u8),
 * the input count (u64), max T (f64), the row count (u64), then each row's
 * x, tx, T and weight (f64), in the state's order. */
#include <math.h>
#include <stdio.h>

#include "alloc_internal.h"
#include "btyd_rows_internal.h"
#include "error_internal.h"
#include "partial_internal.h"

#define ROWS_FORMAT 1u
#define ROW_BYTES 32u

int co_btyd_rows_serialize(const co_btyd_rows *rows, void **out, size_t *out_len)
{
    if (!rows || !out || !out_len)
        return co__fail(CO_EINVAL, "co_btyd_rows_serialize: NULL argument");
    co_pwriter w;
    co__pwriter_begin(&w, CO_PARTIAL_PURCHASE_ROWS, ROWS_FORMAT);
    co__pwriter_u8(&w, (uint8_t)rows->kind);
    co__pwriter_u64(&w, rows->inputs);
    co__pwriter_f64(&w, rows->max_T);
    co__pwriter_u64(&w, rows->n_rows);
    for (size_t i = 0; i < rows->n_rows; i++) {
        const co_btyd_row *r = &rows->rows[i];
        co__pwriter_f64(&w, r->x);
        co__pwriter_f64(&w, r->tx);
        co__pwriter_f64(&w, r->T);
        co__pwriter_f64(&w, r->w);
    }
    return co__pwriter_finish(&w, out, out_len);
}

int co_btyd_rows_deserialize(const void *bytes, size_t len, co_btyd_rows **out)
{
    if (!out)
        return co__fail(CO_EINVAL, "co_btyd_rows_deserialize: NULL argument");
    co_preader r;
    int rc = co__preader_open(&r, bytes, len, CO_PARTIAL_PURCHASE_ROWS, ROWS_FORMAT);
    if (rc < 0)
        return rc;
    const unsigned kind = co__preader_u8(&r);
    const uint64_t inputs = co__preader_u64(&r);
    const double max_T = co__preader_f64(&r);
    const uint64_t n = co__preader_u64(&r);
    if (!co__preader_has(&r, n, ROW_BYTES))
        return co__preader_bad(&r, "more rows declared than present");
    if (kind >= CO_BTYD_ROWS_KIND_COUNT)
        return co__preader_bad(&r, "unknown kind of rows");
    if (!(isfinite(max_T) && max_T >= 0.0) || (kind == CO_BTYD_ROWS_SPEND && max_T != 0.0))
        return co__preader_bad(&r, "largest T negative, not finite, or set for spend rows");
    if (n > inputs)
        return co__preader_bad(&r, "more rows than input customers");
    co_btyd_row *rows = co__malloc_array((size_t)n, sizeof *rows);
    if (!rows && n > 0)
        return co__fail_nomem();
    for (size_t i = 0; i < n; i++) {
        rows[i].x = co__preader_f64(&r);
        rows[i].tx = co__preader_f64(&r);
        rows[i].T = co__preader_f64(&r);
        rows[i].w = co__preader_f64(&r);
    }
    if ((rc = co__preader_finish(&r)) == CO_OK &&
        co__btyd_rows_validate((co_btyd_rows_kind)kind, rows, (size_t)n, max_T) != CO_OK) {
        char why[160];
        (void)snprintf(why, sizeof why, "%s", co_errmsg());
        rc = co__fail(CO_ECORRUPT, "partial state damaged: %s", why);
    }
    if (rc != CO_OK) {
        co__free(rows);
        return rc;
    }
    return co__btyd_rows_wrap((co_btyd_rows_kind)kind, inputs, max_T, rows, (size_t)n, out);
}
