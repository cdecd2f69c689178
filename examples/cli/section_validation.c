/* Holdout validation: the calibration/holdout split of the orders (weeks at a
 * resolution of days), BG/NBD and Pareto/NBD against two naive baselines, the
 * recommended model, and its checks by calibration frequency. */
#include <math.h>
#include <stdlib.h>

#include "report.h"

enum { MAX_FREQUENCY = 7 };

static const char *const cmp_keys[] = {"forecaster", "status",      "log_likelihood",
                                       "aic",        "bic",         "mae",
                                       "rmse",       "correlation", "predicted_total",
                                       "total_error"};
static const char *const cmp_labels[] = {"Forecaster", "Fit",  "Log-lik.", "AIC",       "BIC",
                                         "MAE",        "RMSE", "Corr.",    "Predicted", "Error"};

/* Customers observed with each repeat count, the model's expected number, and
 * their mean holdout purchases, actual and predicted. */
static const char *const freq_keys[] = {"frequency_cal", "customers",      "expected_customers",
                                        "mean_actual",   "mean_predicted", "bias"};
static const char *const freq_labels[] = {"Repeat purchases", "Customers", "Expected",
                                          "Holdout actual",   "Predicted", "Bias"};

static const char *reason_text(co_choice_reason reason)
{
    switch (reason) {
    case CO_CHOICE_LOWEST_MAE: return "lowest holdout MAE";
    case CO_CHOICE_CLOSE_MAE_BIC: return "holdout MAEs within 1%: lower BIC";
    case CO_CHOICE_ONLY_FIT: return "the other model could not be fitted";
    default: return "no model could be fitted";
    }
}

static void emit_comparison(const co_holdout_comparison *c, report_sink *s)
{
    s->table_begin(s, "comparison", "Holdout forecasts against the baselines", 10, cmp_keys,
                   cmp_labels);
    for (size_t i = 0; i < c->n; i++) {
        const co_holdout_row *r = &c->rows[i];
        cell row[10] = {cell_text(co_forecaster_name(r->forecaster)),
                        cell_text(co_strerror(r->status)),
                        cell_number(r->log_likelihood, 2),
                        cell_number(r->aic, 2),
                        cell_number(r->bic, 2),
                        cell_number(r->mae, 4),
                        cell_number(r->rmse, 4),
                        cell_number(r->correlation, 3),
                        cell_number(r->predicted_total, 1),
                        cell_number(r->total_error, 1)};
        s->row(s, row);
    }
    s->table_end(s);
}

/* Period transactions and calibration vs holdout of the recommended model. */
static int emit_by_frequency(const co_holdout_data *h, const co_btyd_model *m, report_sink *s)
{
    enum { K = MAX_FREQUENCY + 1 };
    double observed[K], expected[K], customers[K], actual[K], predicted[K];
    /* customers[] repeats observed[]: both count customers by frequency_cal. */
    double *pred = malloc(h->n * sizeof *pred);
    if (!pred)
        return -1;
    int rc = co_holdout_predict(m, h->frequency_cal, h->recency_cal, h->T_cal, h->n,
                                h->duration_holdout, pred);
    if (rc == CO_OK)
        rc = co_holdout_by_frequency(h->frequency_cal, h->frequency_holdout, pred, h->n,
                                     MAX_FREQUENCY, customers, actual, predicted);
    if (rc == CO_OK)
        rc = co_period_transactions(m, h->frequency_cal, h->T_cal, h->n, MAX_FREQUENCY, observed,
                                    expected);
    free(pred);
    if (rc != CO_OK) {
        s->note(s, "Checks by repeat purchases not computed: the model's predictions failed.");
        return rc == CO_ENOMEM ? -1 : 0;
    }
    s->table_begin(s, "by_frequency", "Checks by repeat purchases in the calibration period", 6,
                   freq_keys, freq_labels);
    for (int k = 0; k < K; k++) {
        char label[16];
        snprintf(label, sizeof label, k == MAX_FREQUENCY ? "%d+" : "%d", k);
        cell row[6] = {cell_text(label),
                       cell_int((long long)observed[k]),
                       cell_number(expected[k], 1),
                       cell_number(actual[k], 3),
                       cell_number(predicted[k], 3),
                       cell_number(predicted[k] - actual[k], 3)};
        s->row(s, row);
    }
    s->table_end(s);
    return 0;
}

int section_validation(const report_ctx *ctx, report_sink *s)
{
    s->section_begin(s, "validation", "Purchase model validation (holdout)");
    co_holdout_data *h = NULL;
    int rc = co_store_calibration_holdout(ctx->data->store, ctx->calibration_end, ctx->as_of,
                                          CO_PERIOD_DAY, 7.0, &h);
    if (rc == CO_ENOMEM)
        return -1;
    if (rc != CO_OK || h->n == 0) {
        s->note(s, rc != CO_OK ? co_errmsg() : "No customer bought in the calibration period.");
        co_holdout_data_free(h);
        s->section_end(s);
        return 0;
    }
    char cal[11], obs[11];
    day_text(ctx->calibration_end, cal);
    day_text(ctx->as_of, obs);
    double actual = 0;
    for (size_t i = 0; i < h->n; i++)
        actual += h->frequency_holdout[i];
    s->figure(s, "calibration_end", "Calibration period ends", cell_text(cal), NULL);
    s->figure(s, "observation_end", "Holdout period ends", cell_text(obs), NULL);
    s->figure(s, "customers", "Customers with a calibration purchase", cell_int((long long)h->n),
              NULL);
    s->figure(s, "holdout_weeks", "Holdout length", cell_number(h->duration_holdout, 1), "weeks");
    s->figure(s, "holdout_purchases", "Holdout purchases (customer-days)", cell_number(actual, 0),
              NULL);
    co_holdout_comparison *c = NULL;
    rc = co_holdout_compare(h->frequency_cal, h->recency_cal, h->T_cal, h->frequency_holdout, h->n,
                            h->duration_holdout, NULL, &c);
    if (rc != CO_OK) {
        co_holdout_data_free(h);
        if (rc == CO_ENOMEM)
            return -1;
        s->note(s, co_errmsg());
        s->section_end(s);
        return 0;
    }
    emit_comparison(c, s);
    int fitted = c->reason != CO_CHOICE_NONE;
    s->figure(s, "recommended", "Recommended model",
              cell_text(fitted ? co_forecaster_name(c->recommended) : NULL), NULL);
    s->figure(s, "reason", "Because", cell_text(reason_text(c->reason)), NULL);
    s->figure(s, "beats_baseline", "Beats both baselines (MAE)",
              cell_text(fitted ? (c->beats_baseline ? "yes" : "no") : NULL), NULL);
    if (fitted && !c->beats_baseline)
        s->note(s, "No model beats the baselines: a naive forecast has an equal or lower "
                   "holdout MAE.");
    int out = fitted ? emit_by_frequency(h, &c->rows[c->recommended].model, s) : 0;
    co_holdout_comparison_free(c);
    co_holdout_data_free(h);
    s->section_end(s);
    return out;
}
