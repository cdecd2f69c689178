/* Customer base and activity: who is there, who buys, how much. The same
 * section for a loaded store and for `report --stream`, which has the
 * per-customer summary and the feedback tally but no customers or contacts. */
#include <math.h>
#include <stdlib.h>

#include "report.h"

/* Window of "recent" activity, in days. */
#define ACTIVE_DAYS 90

/* Customers known and new in the window, from the store's signup days. */
static int count_customers(const report_ctx *ctx, size_t *known, size_t *joined)
{
    const co_store *store = ctx->data->store;
    size_t customers = co_store_count(store, CO_RECORD_CUSTOMERS);
    co_day *signup = malloc((customers ? customers : 1) * sizeof *signup);
    if (!signup)
        return -1;
    co_store_customer_arrays(store, signup, NULL, NULL);
    *known = *joined = 0;
    for (size_t i = 0; i < customers; i++) {
        *known += signup[i] <= ctx->as_of;
        *joined += signup[i] <= ctx->as_of && signup[i] > ctx->as_of - ACTIVE_DAYS;
    }
    free(signup);
    return 0;
}

int section_customers(const report_ctx *ctx, report_sink *s)
{
    const co_store *store = ctx->data->store;
    const co_summary *sum = ctx->stream ? co_stream_summary_rows(ctx->stream) : ctx->summary;

    /* Orders, revenue and activity up to the as-of day. */
    uint64_t orders = 0;
    double revenue = 0;
    size_t active = 0, single = 0, known = 0, joined = 0;
    co_day first = INT64_MAX, last = INT64_MIN;
    for (size_t i = 0; i < sum->n; i++) {
        orders += sum->orders[i];
        revenue += sum->total_spend[i];
        active += sum->days_since_last[i] <= ACTIVE_DAYS;
        single += sum->orders[i] == 1;
        if (sum->first_order[i] < first)
            first = sum->first_order[i];
        if (sum->last_order[i] > last)
            last = sum->last_order[i];
    }
    if (store && count_customers(ctx, &known, &joined) < 0)
        return -1;

    s->section_begin(s, "customers", "Customer base and activity");
    if (store) {
        s->figure(s, "customers", "Customers", cell_int((long long)known), NULL);
        s->figure(s, "new_customers_90d", "New in the last 90 days", cell_int((long long)joined),
                  NULL);
    }
    s->figure(s, "buyers", "Customers with orders", cell_int((long long)sum->n), NULL);
    s->figure(s, "active_90d", "Bought in the last 90 days", cell_int((long long)active), NULL);
    s->figure(s, "one_time_buyers", "Bought only once", cell_int((long long)single), NULL);
    s->figure(s, "orders", "Orders", cell_int((long long)orders), NULL);
    s->figure(s, "revenue", "Revenue", cell_number(revenue, 2), NULL);
    s->figure(s, "revenue_per_buyer", "Revenue per buying customer",
              cell_number(sum->n ? revenue / (double)sum->n : NAN, 2), NULL);
    s->figure(s, "average_order_value", "Average order value",
              cell_number(orders ? revenue / (double)orders : NAN, 2), NULL);
    char a[11], b[11];
    day_text(first, a);
    day_text(last, b);
    s->figure(s, "first_order", "First order", cell_text(sum->n ? a : NULL), NULL);
    s->figure(s, "last_order", "Last order", cell_text(sum->n ? b : NULL), NULL);
    if (store) {
        s->figure(s, "feedback", "Feedback records",
                  cell_int((long long)co_store_count(store, CO_RECORD_FEEDBACK)), NULL);
        s->figure(s, "contacts", "Support contacts",
                  cell_int((long long)co_store_count(store, CO_RECORD_CONTACTS)), NULL);
    } else {
        if (ctx->tally)
            s->figure(s, "feedback", "Feedback records", cell_int((long long)ctx->tally->rows),
                      NULL);
        s->note(s, "Streamed: customers without orders, new customers and support contacts "
                   "need the customers and contacts files, which --stream does not read.");
    }
    s->section_end(s);
    return 0;
}
