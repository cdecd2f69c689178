/* Fuzz target: the streaming order summary. Any bytes must summarise or fail
 * with a status and message, never crash; the result must not depend on the
 * block size: blocks of 16 bytes (every record split, the window grown for
 * long ones) and of 1 MiB give the same status, message and location, or the
 * same rows bit for bit. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "custorient.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct outcome {
    int rc;
    char msg[512];
    size_t line, column;
    co_stream_summary *s;
} outcome;

static void run(const uint8_t *data, size_t size, size_t block, outcome *o)
{
    co_stream_options opts;
    co_stream_options_init(&opts, sizeof opts);
    opts.block_size = block;
    if (size % 2) /* odd sizes: an as-of day (2024-03-18), so later rows are read, not counted */
        opts.as_of = 19800;
    o->s = NULL;
    o->rc = co_stream_summarize_orders_text((const char *)data, size, "fuzz.csv", &opts, &o->s);
    snprintf(o->msg, sizeof o->msg, "%s", o->rc < 0 ? co_errmsg() : "");
    o->line = o->rc < 0 ? co_errline() : 0;
    o->column = o->rc < 0 ? co_errcolumn() : 0;
}

static int same_rows(const co_summary *a, const co_summary *b)
{
    size_t n = a->n;
    if (n != b->n)
        return 0;
    return !memcmp(a->customer, b->customer, n * sizeof *a->customer) &&
           !memcmp(a->frequency, b->frequency, n * sizeof(double)) &&
           !memcmp(a->recency, b->recency, n * sizeof(double)) &&
           !memcmp(a->T, b->T, n * sizeof(double)) &&
           !memcmp(a->monetary_value, b->monetary_value, n * sizeof(double)) &&
           !memcmp(a->total_spend, b->total_spend, n * sizeof(double)) &&
           !memcmp(a->orders, b->orders, n * sizeof *a->orders) &&
           !memcmp(a->first_order, b->first_order, n * sizeof *a->first_order) &&
           !memcmp(a->last_order, b->last_order, n * sizeof *a->last_order);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    outcome small, large;
    run(data, size, 16, &small);
    run(data, size, 0, &large);
    if (small.rc == CO_ENOMEM || large.rc == CO_ENOMEM) {
        co_stream_summary_free(small.s);
        co_stream_summary_free(large.s);
        return 0;
    }
    if (small.rc != large.rc || strcmp(small.msg, large.msg) != 0 || small.line != large.line ||
        small.column != large.column)
        abort();
    if ((small.rc == CO_EPARSE) && small.line == 0)
        abort(); /* a syntax error always has a place */
    if (small.rc == CO_OK) {
        const co_summary *a = co_stream_summary_rows(small.s), *b = co_stream_summary_rows(large.s);
        if (!same_rows(a, b) ||
            co_stream_summary_count(small.s) != co_stream_summary_count(large.s))
            abort();
        for (size_t c = 0; c < co_stream_summary_count(small.s); c++) {
            const char *x, *y;
            if (co_stream_summary_get_customer(small.s, c, &x) != CO_OK ||
                co_stream_summary_get_customer(large.s, c, &y) != CO_OK || strcmp(x, y) != 0 || !*x)
                abort();
        }
        for (size_t r = 0; r < a->n; r++)
            if (a->frequency[r] < 0 || a->frequency[r] + 1 > (double)a->orders[r] ||
                a->recency[r] > a->T[r] || a->first_order[r] > a->last_order[r])
                abort();
    }
    co_stream_summary_free(small.s);
    co_stream_summary_free(large.s);
    return 0;
}
