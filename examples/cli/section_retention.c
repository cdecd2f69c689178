/* Retention: the churn rate between the last two 90-day windows, and the
 * Kaplan-Meier curve of customer lifetimes (a customer counts as lost when
 * they have not ordered in the 90 days up to the as-of day). */
#include <math.h>
#include <stdlib.h>

#include "report.h"

#define WINDOW_DAYS 90

static int emit_window(const report_ctx *ctx, report_sink *s)
{
    const co_store *store = ctx->data->store;
    size_t nc = co_store_count(store, CO_RECORD_CUSTOMERS);
    size_t no = co_store_count(store, CO_RECORD_ORDERS), n_orders = 0;
    co_day *first = malloc((nc ? nc : 1) * sizeof *first);
    size_t *buyer = malloc((no ? no : 1) * sizeof *buyer);
    co_day *bought = malloc((no ? no : 1) * sizeof *bought);
    int rc = first && buyer && bought ? CO_OK : CO_ENOMEM;
    if (rc == CO_OK)
        rc = co_store_start_days(store, ctx->as_of, NULL, nc, first);
    if (rc == CO_OK)
        rc = co_store_orders_as_of(store, ctx->as_of, buyer, bought, NULL, &n_orders);
    co_retention r;
    if (rc == CO_OK)
        rc = nc ? co_retention_rate(first, nc, buyer, bought, n_orders,
                                    ctx->as_of - WINDOW_DAYS + 1, WINDOW_DAYS, &r)
                : CO_EINVAL;
    free(first);
    free(buyer);
    free(bought);
    if (rc == CO_ENOMEM)
        return -1;
    if (rc < 0) {
        s->note(s, co_errmsg());
        return 0;
    }
    s->figure(s, "window_days", "Window", cell_int(WINDOW_DAYS), "days");
    s->figure(s, "active_previous", "Active in the previous window", cell_int((long long)r.base),
              NULL);
    s->figure(s, "retained", "Of those, active again", cell_int((long long)r.retained), NULL);
    s->figure(s, "retention_rate", "Retention rate", cell_number(100 * r.retention_rate, 1), "%");
    s->figure(s, "churn_rate", "Churn rate", cell_number(100 * r.churn_rate, 1), "%");
    s->figure(s, "active", "Active in the last window", cell_int((long long)r.active), NULL);
    s->figure(s, "new_customers", "New in the last window", cell_int((long long)r.new_customers),
              NULL);
    s->figure(s, "reactivated", "Came back in the last window", cell_int((long long)r.reactivated),
              NULL);
    return 0;
}

static int emit_curve(const report_ctx *ctx, report_sink *s)
{
    const co_summary *sum = ctx->summary;
    size_t n = sum->n;
    if (n == 0)
        return 0;
    double *dur = malloc(n * sizeof *dur);
    uint8_t *lost = malloc(n);
    if (!dur || !lost) {
        free(dur);
        free(lost);
        return -1;
    }
    size_t n_lost = 0;
    for (size_t i = 0; i < n; i++) {
        lost[i] = sum->days_since_last[i] > WINDOW_DAYS;
        n_lost += lost[i];
        dur[i] = (double)(lost[i] ? sum->last_order[i] - sum->first_order[i]
                                  : ctx->as_of - sum->first_order[i]);
    }
    co_km *km = NULL;
    int rc = co_km_fit(dur, lost, n, NULL, &km);
    free(dur);
    free(lost);
    if (rc < 0) {
        if (rc == CO_ENOMEM)
            return -1;
        s->note(s, co_errmsg());
        return 0;
    }
    size_t len = co_km_count(km);
    double *cols = malloc(4 * len * sizeof *cols);
    if (!cols) {
        co_km_free(km);
        return -1;
    }
    double *t = cols, *surv = cols + len, *lo = cols + 2 * len, *hi = cols + 3 * len;
    co_km_columns(km, t, surv, NULL, lo, hi);
    double median = INFINITY, at[3] = {90, 180, 365}, s_at[3];
    co_km_median(km, &median);
    co_km_survival_at(km, at, 3, s_at);
    s->figure(s, "customers_lost", "Customers counted as lost", cell_int((long long)n_lost), NULL);
    s->figure(s, "median_lifetime_days", "Median lifetime",
              cell_number(isfinite(median) ? median : NAN, 0), "days");
    s->figure(s, "survival_90d", "Still active after 90 days", cell_number(100 * s_at[0], 1), "%");
    s->figure(s, "survival_180d", "Still active after 180 days", cell_number(100 * s_at[1], 1),
              "%");
    s->figure(s, "survival_365d", "Still active after 365 days", cell_number(100 * s_at[2], 1),
              "%");
    svg_line_chart chart = {.id = "retention-curve",
                            .title = "Customers still active by days since first order (95% band)",
                            .x_label = "days since first order",
                            .y_label = "share still active",
                            .n = len,
                            .x = t,
                            .y = surv,
                            .lo = lo,
                            .hi = hi,
                            .y_min = 0,
                            .y_max = 1,
                            .step = 1};
    s->chart(s, CHART_LINE, &chart);
    s->note(s, "Kaplan-Meier estimate; customers who ordered in the last 90 days are "
               "censored at the as-of day, the others end at their last order.");
    free(cols);
    co_km_free(km);
    return 0;
}

int section_retention(const report_ctx *ctx, report_sink *s)
{
    s->section_begin(s, "retention", "Retention and churn");
    int rc = emit_window(ctx, s);
    if (rc == 0)
        rc = emit_curve(ctx, s);
    s->section_end(s);
    return rc;
}
