/* Record arrays up to the as-of day (see records.h). */
#include "records.h"

#include <stdlib.h>
#include <string.h>

/* Keep the elements i of `array` (of `size` bytes each) with day[i] <= as_of,
 * in order, at the front. */
static void keep_until(void *array, size_t size, const co_day *day, size_t n, co_day as_of)
{
    char *bytes = array;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (day[i] <= as_of)
            memmove(bytes + size * k++, bytes + size * i, size);
}

static size_t count_until(const co_day *day, size_t n, co_day as_of)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += day[i] <= as_of;
    return k;
}

void feedback_rows_free(feedback_rows *r)
{
    free(r->customer);
    free(r->day);
    free(r->kind);
    free(r->score);
    free((void *)r->text);
    memset(r, 0, sizeof *r);
}

int feedback_rows_load(const co_store *store, co_day as_of, feedback_rows *out)
{
    memset(out, 0, sizeof *out);
    size_t n = co_store_count(store, CO_RECORD_FEEDBACK), m = n ? n : 1;
    out->customer = malloc(m * sizeof *out->customer);
    out->day = malloc(m * sizeof *out->day);
    out->kind = malloc(m * sizeof *out->kind);
    out->score = malloc(m * sizeof *out->score);
    out->text = malloc(m * sizeof *out->text);
    if (!out->customer || !out->day || !out->kind || !out->score || !out->text) {
        feedback_rows_free(out);
        return -1;
    }
    co_store_feedback_arrays(store, out->customer, out->day, NULL, out->kind, out->score,
                             out->text);
    /* The day column last: the others are filtered by it. */
    keep_until(out->customer, sizeof *out->customer, out->day, n, as_of);
    keep_until(out->kind, sizeof *out->kind, out->day, n, as_of);
    keep_until(out->score, sizeof *out->score, out->day, n, as_of);
    keep_until((void *)out->text, sizeof *out->text, out->day, n, as_of);
    out->n = count_until(out->day, n, as_of);
    keep_until(out->day, sizeof *out->day, out->day, n, as_of);
    return 0;
}

void order_rows_free(order_rows *r)
{
    free(r->customer);
    free(r->day);
    memset(r, 0, sizeof *r);
}

int order_rows_load(const co_store *store, co_day as_of, order_rows *out)
{
    memset(out, 0, sizeof *out);
    size_t n = co_store_count(store, CO_RECORD_ORDERS), m = n ? n : 1;
    out->customer = malloc(m * sizeof *out->customer);
    out->day = malloc(m * sizeof *out->day);
    if (!out->customer || !out->day) {
        order_rows_free(out);
        return -1;
    }
    co_store_order_arrays(store, out->customer, out->day, NULL, NULL);
    keep_until(out->customer, sizeof *out->customer, out->day, n, as_of);
    out->n = count_until(out->day, n, as_of);
    keep_until(out->day, sizeof *out->day, out->day, n, as_of);
    return 0;
}

int feedback_scores(const feedback_rows *rows, int kind, int **scores, co_day **days,
                    size_t *n_out)
{
    size_t n = 0;
    for (size_t i = 0; i < rows->n; i++)
        n += rows->kind[i] == kind;
    *scores = malloc((n ? n : 1) * sizeof **scores);
    *days = malloc((n ? n : 1) * sizeof **days);
    if (!*scores || !*days) {
        free(*scores);
        free(*days);
        *scores = NULL;
        *days = NULL;
        return -1;
    }
    size_t k = 0;
    for (size_t i = 0; i < rows->n; i++) {
        if (rows->kind[i] != kind)
            continue;
        (*scores)[k] = (int)rows->score[i];
        (*days)[k] = rows->day[i];
        k++;
    }
    *n_out = n;
    return 0;
}
