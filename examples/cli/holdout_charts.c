/* The recommended model's checks, as tables and charts (see holdout_check.h):
 * period transactions, calibration vs holdout by calibration frequency, and
 * the cumulative repeat transactions by calendar week. Each chart draws the
 * rows of the table before it, so the two never disagree. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "holdout_check.h"
#include "report.h"

enum {
    MAX_FREQUENCY = 7, /* the last row holds every customer with 7 or more */
    MAX_POINTS = 26    /* rows of the cumulative table: weekly, or every few weeks */
};

static const char *const freq_keys[] = {"frequency_cal", "customers",      "expected_customers",
                                        "mean_actual",   "mean_predicted", "bias"};
static const char *const freq_labels[] = {"Repeat purchases", "Customers", "Expected",
                                          "Holdout actual",   "Predicted", "Bias"};
static const char *const cum_keys[] = {"week", "date", "actual", "predicted"};
static const char *const cum_labels[] = {"Week", "Ends", "Actual", "Predicted"};

static const char *model_name(const co_btyd_model *m)
{
    return co_forecaster_name(m->kind == CO_BTYD_PARETONBD ? CO_FORECAST_PARETONBD
                                                           : CO_FORECAST_BGNBD);
}

static void chart_id(char *buf, size_t size, const char *prefix, const char *name)
{
    snprintf(buf, size, "%s%s", prefix, name);
}

/* Customers observed with each repeat count and the model's expected number,
 * their mean holdout purchases, actual and predicted: a table and two charts.
 * Returns a status. */
static int by_frequency(const co_holdout_data *h, const co_btyd_model *m, const char *prefix,
                        report_sink *s)
{
    enum { K = MAX_FREQUENCY + 1 };
    double observed[K], expected[K], customers[K], actual[K], predicted[K];
    double *pred = malloc(h->n * sizeof *pred);
    if (!pred)
        return CO_ENOMEM;
    int rc = co_holdout_predict(m, h->frequency_cal, h->recency_cal, h->T_cal, h->n,
                                h->duration_holdout, pred);
    if (rc == CO_OK)
        rc = co_holdout_by_frequency(h->frequency_cal, h->frequency_holdout, pred, h->n,
                                     MAX_FREQUENCY, customers, actual, predicted);
    if (rc == CO_OK)
        rc = co_period_transactions(m, h->frequency_cal, h->T_cal, h->n, MAX_FREQUENCY, observed,
                                    expected);
    free(pred);
    if (rc != CO_OK)
        return rc;
    char text[K][16], title[96];
    const char *names[K];
    double x[K];
    snprintf(title, sizeof title, "Checks of %s by repeat purchases in the calibration period",
             model_name(m));
    s->table_begin(s, "by_frequency", title, 6, freq_keys, freq_labels);
    for (int k = 0; k < K; k++) {
        snprintf(text[k], sizeof text[k], k == MAX_FREQUENCY ? "%d+" : "%d", k);
        names[k] = text[k];
        cell row[6] = {cell_text(text[k]),           cell_int((long long)observed[k]),
                       cell_number(expected[k], 1),  cell_number(actual[k], 3),
                       cell_number(predicted[k], 3), cell_number(predicted[k] - actual[k], 3)};
        s->row(s, row);
    }
    s->table_end(s);
    /* The lines skip counts nobody had (their means do not exist). */
    const char *line_names[K];
    size_t kept = 0;
    for (int k = 0; k < K; k++)
        if (customers[k] > 0) {
            line_names[kept] = names[k];
            x[kept] = k;
            actual[kept] = actual[k];
            predicted[kept] = predicted[k];
            kept++;
        }
    char id[64];
    chart_id(id, sizeof id, prefix, "period-transactions");
    snprintf(title, sizeof title, "Customers by calibration repeat purchases (%s)", model_name(m));
    svg_bar_chart bars = {.id = id,
                          .title = title,
                          .n = K,
                          .names = names,
                          .values = observed,
                          .decimals = 0,
                          .values2 = expected,
                          .name1 = "observed",
                          .name2 = "expected"};
    s->chart(s, CHART_BARS, &bars);
    chart_id(id, sizeof id, prefix, "calibration-holdout");
    snprintf(title, sizeof title, "Mean holdout purchases by calibration repeat purchases (%s)",
             model_name(m));
    svg_line_chart lines = {.id = id,
                            .title = title,
                            .x_label = "repeat purchases in the calibration period",
                            .y_label = "holdout purchases per customer",
                            .n = kept,
                            .x = x,
                            .x_names = line_names,
                            .y = actual,
                            .y2 = predicted,
                            .y_name = "actual",
                            .y2_name = "predicted"};
    s->chart(s, CHART_LINE, &lines);
    return CO_OK;
}

/* Actual and predicted repeat purchases by calendar week since the first
 * order, every `step` weeks (and the last week), as a table and a chart with
 * the calibration end marked. Returns a status. */
static int cumulative(const holdout_check *c, const co_store *store, const co_btyd_model *m,
                      const char *prefix, report_sink *s)
{
    size_t cap = co_store_count(store, CO_RECORD_ORDERS) + 1, n = 0;
    size_t n_customers = co_store_count(store, CO_RECORD_CUSTOMERS);
    size_t *customer = malloc(cap * sizeof *customer);
    co_day *day = malloc(cap * sizeof *day);
    int rc = customer && day
                 ? co_store_orders_as_of(store, c->observation_end, customer, day, NULL, &n)
                 : CO_ENOMEM;
    co_day first = c->observation_end;
    for (size_t i = 0; rc == CO_OK && i < n; i++)
        first = day[i] < first ? day[i] : first;
    /* Days from the first order's to the observation end, whole weeks. */
    size_t t = (size_t)(c->observation_end - first + 1), weeks = t / 7;
    double *actual = NULL, *predicted = NULL;
    if (rc == CO_OK && weeks == 0)
        rc = CO_EINVAL;
    if (rc == CO_OK) {
        actual = malloc(weeks * sizeof *actual);
        predicted = malloc(weeks * sizeof *predicted);
        rc = actual && predicted
                 ? co_expected_cumulative_transactions(m, customer, day, n, n_customers,
                                                       CO_PERIOD_DAY, 7, t, actual, predicted)
                 : CO_ENOMEM;
    }
    free(customer);
    free(day);
    if (rc == CO_OK) {
        /* Keep every step-th week, counted back from the last. */
        size_t step = (weeks + MAX_POINTS - 1) / MAX_POINTS, kept = 0;
        double x[MAX_POINTS];
        char title[96];
        snprintf(title, sizeof title, "Cumulative repeat purchases by week, actual and %s",
                 model_name(m));
        s->table_begin(s, "cumulative", title, 4, cum_keys, cum_labels);
        for (size_t j = (weeks - 1) % step; j < weeks; j += step) {
            char ends[11];
            day_text(first + (co_day)(7 * (j + 1)) - 1, ends);
            cell row[4] = {cell_int((long long)(j + 1)), cell_text(ends), cell_number(actual[j], 0),
                           cell_number(predicted[j], 1)};
            s->row(s, row);
            x[kept] = (double)(j + 1);
            actual[kept] = actual[j];
            predicted[kept] = predicted[j];
            kept++;
        }
        s->table_end(s);
        char id[64], mark[32];
        chart_id(id, sizeof id, prefix, "cumulative");
        day_text(c->calibration_end, mark);
        svg_line_chart lines = {.id = id,
                                .title = title,
                                .x_label = "weeks since the first order",
                                .y_label = "repeat purchases",
                                .n = kept,
                                .x = x,
                                .y = actual,
                                .y2 = predicted,
                                .y_name = "actual",
                                .y2_name = "predicted",
                                .has_x_mark = 1,
                                .x_mark = (double)(c->calibration_end - first + 1) / 7.0,
                                .x_mark_label = "calibration end"};
        s->chart(s, CHART_LINE, &lines);
    }
    free(actual);
    free(predicted);
    return rc;
}

int holdout_check_emit_checks(const holdout_check *c, const co_store *store, const char *id_prefix,
                              report_sink *s)
{
    const co_holdout_row *best = holdout_check_recommended(c);
    if (!best)
        return 0;
    int rc = by_frequency(c->data, &best->model, id_prefix, s);
    if (rc == CO_OK)
        rc = cumulative(c, store, &best->model, id_prefix, s);
    if (rc == CO_ENOMEM)
        return -1;
    if (rc != CO_OK)
        s->note(s, "Checks of the recommended model not computed: its predictions failed.");
    return 0;
}
