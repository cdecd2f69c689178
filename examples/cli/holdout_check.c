/* Running the holdout check and showing the comparison (see holdout_check.h). */
#include "holdout_check.h"

#include <stdio.h>
#include <string.h>

#include "report.h"

static const char *const cmp_keys[] = {"forecaster", "status",      "log_likelihood",
                                       "aic",        "bic",         "mae",
                                       "rmse",       "correlation", "predicted_total",
                                       "total_error"};
static const char *const cmp_labels[] = {"Forecaster", "Fit",  "Log-lik.", "AIC",       "BIC",
                                         "MAE",        "RMSE", "Corr.",    "Predicted", "Error"};

static int fail(holdout_check *c, int rc, const char *why)
{
    c->status = rc;
    snprintf(c->error, sizeof c->error, "%s", why);
    return rc == CO_ENOMEM ? -1 : 0;
}

int holdout_check_run(holdout_check *c, const co_store *store, co_day calibration_end,
                      co_day observation_end)
{
    memset(c, 0, sizeof *c);
    c->ran = 1;
    c->calibration_end = calibration_end;
    c->observation_end = observation_end;
    /* Days as periods and weeks as the model unit, as the report's models. */
    int rc = co_store_calibration_holdout(store, calibration_end, observation_end, CO_PERIOD_DAY,
                                          7.0, &c->data);
    if (rc != CO_OK)
        return fail(c, rc, co_errmsg());
    if (c->data->n == 0) {
        char day[11];
        day_text(calibration_end, day);
        snprintf(c->error, sizeof c->error,
                 "too little history: no customer bought on or before the calibration end %s", day);
        c->status = CO_EINVAL;
        return 0;
    }
    const co_holdout_data *h = c->data;
    for (size_t i = 0; i < h->n; i++)
        c->holdout_purchases += h->frequency_holdout[i];
    rc = co_holdout_compare(h->frequency_cal, h->recency_cal, h->T_cal, h->frequency_holdout, h->n,
                            h->duration_holdout, NULL, &c->cmp);
    return rc != CO_OK ? fail(c, rc, co_errmsg()) : 0;
}

void holdout_check_free(holdout_check *c)
{
    co_holdout_comparison_free(c->cmp);
    co_holdout_data_free(c->data);
    memset(c, 0, sizeof *c);
}

const co_holdout_row *holdout_check_recommended(const holdout_check *c)
{
    if (c->status != CO_OK || !c->cmp || c->cmp->reason == CO_CHOICE_NONE)
        return NULL;
    return &c->cmp->rows[c->cmp->recommended];
}

const char *holdout_reason_text(co_choice_reason reason)
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

void holdout_check_emit(const holdout_check *c, report_sink *s)
{
    char cal[11], obs[11];
    day_text(c->calibration_end, cal);
    day_text(c->observation_end, obs);
    const co_holdout_data *h = c->data;
    s->figure(s, "calibration_end", "Calibration period ends", cell_text(cal), NULL);
    s->figure(s, "observation_end", "Holdout period ends", cell_text(obs), NULL);
    s->figure(s, "customers", "Customers with a calibration purchase", cell_int((long long)h->n),
              NULL);
    s->figure(s, "holdout_weeks", "Holdout length", cell_number(h->duration_holdout, 1), "weeks");
    s->figure(s, "holdout_purchases", "Holdout purchases (customer-days)",
              cell_number(c->holdout_purchases, 0), NULL);
    const co_holdout_comparison *cmp = c->cmp;
    emit_comparison(cmp, s);
    int fitted = cmp->reason != CO_CHOICE_NONE;
    s->figure(s, "recommended", "Recommended model",
              cell_text(fitted ? co_forecaster_name(cmp->recommended) : NULL), NULL);
    s->figure(s, "reason", "Because", cell_text(holdout_reason_text(cmp->reason)), NULL);
    s->figure(s, "beats_baseline", "Beats both baselines (MAE)",
              cell_text(fitted ? (cmp->beats_baseline ? "yes" : "no") : NULL), NULL);
    if (fitted && !cmp->beats_baseline)
        s->note(s, "No model beats the baselines: a naive forecast has an equal or lower "
                   "holdout MAE.");
}
