/* Record arrays up to the as-of day (see records.h). */
#include "records.h"

#include <stdlib.h>
#include <string.h>

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
    size_t n = co_store_count(store, CO_RECORD_FEEDBACK);
    size_t m = n ? n : 1;
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
    /* Keep the rows on or before the as-of day, in place. */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (out->day[i] > as_of)
            continue;
        out->customer[k] = out->customer[i];
        out->day[k] = out->day[i];
        out->kind[k] = out->kind[i];
        out->score[k] = out->score[i];
        out->text[k] = out->text[i];
        k++;
    }
    out->n = k;
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
    size_t n = co_store_count(store, CO_RECORD_ORDERS);
    size_t m = n ? n : 1;
    out->customer = malloc(m * sizeof *out->customer);
    out->day = malloc(m * sizeof *out->day);
    if (!out->customer || !out->day) {
        order_rows_free(out);
        return -1;
    }
    co_store_order_arrays(store, out->customer, out->day, NULL, NULL);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (out->day[i] > as_of)
            continue;
        out->customer[k] = out->customer[i];
        out->day[k] = out->day[i];
        k++;
    }
    out->n = k;
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
