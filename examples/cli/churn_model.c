/* Fitting the report's purchase and spend models (see churn_model.h). */
#include "churn_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void record(int *status, char *error, size_t size, int rc)
{
    *status = rc;
    snprintf(error, size, "%s", co_errmsg());
}

int spend_fit(const co_summary *w, double *frequency, double *penalizer, co_gammagamma_params *out)
{
    for (size_t i = 0; i < w->n; i++)
        frequency[i] = w->monetary_value[i] > 0 ? w->frequency[i] : 0;
    co_btyd_fit_options fit;
    co_btyd_fit_options_init(&fit, sizeof fit);
    fit.penalizer = *penalizer;
    int rc = co_gammagamma_fit(frequency, w->monetary_value, NULL, w->n, &fit, out, NULL);
    if (rc == CO_ENOCONV && fit.penalizer == 0) {
        fit.penalizer = *penalizer = FALLBACK_PENALIZER;
        rc = co_gammagamma_fit(frequency, w->monetary_value, NULL, w->n, &fit, out, NULL);
    }
    return rc;
}

int churn_model_fit(churn_model *m, const co_summary *weeks)
{
    if (m->fitted)
        return 0;
    m->fitted = 1;
    m->weeks = weeks;
    const co_summary *w = weeks;
    size_t n = w->n;
    if (n == 0) {
        m->status = CO_EINVAL;
        snprintf(m->error, sizeof m->error, "no orders up to the as-of day");
        return 0;
    }
    co_btyd_fit_options fit;
    co_btyd_fit_options_init(&fit, sizeof fit);
    int rc = co_bgnbd_fit(w->frequency, w->recency, w->T, NULL, n, &fit, &m->bgnbd, NULL);
    if (rc == CO_ENOCONV) {
        fit.penalizer = FALLBACK_PENALIZER;
        rc = co_bgnbd_fit(w->frequency, w->recency, w->T, NULL, n, &fit, &m->bgnbd, NULL);
    }
    m->penalizer = fit.penalizer;
    if (rc < 0) {
        record(&m->status, m->error, sizeof m->error, rc);
        return rc == CO_ENOMEM ? -1 : 0;
    }
    m->p_alive = malloc(n * sizeof *m->p_alive);
    m->expected_90d = malloc(n * sizeof *m->expected_90d);
    m->clv = malloc(n * sizeof *m->clv);
    double *horizon = malloc(n * sizeof *horizon);
    double *spend_freq = malloc(n * sizeof *spend_freq);
    if (!m->p_alive || !m->expected_90d || !m->clv || !horizon || !spend_freq) {
        free(horizon);
        free(spend_freq);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        horizon[i] = CHURN_HORIZON_DAYS / 7.0;
        m->clv[i] = NAN;
    }
    rc = co_bgnbd_probability_alive(&m->bgnbd, w->frequency, w->recency, w->T, n, m->p_alive);
    if (rc == CO_OK)
        rc = co_bgnbd_conditional_expected_purchases(&m->bgnbd, horizon, w->frequency, w->recency,
                                                     w->T, n, m->expected_90d);
    free(horizon);
    if (rc < 0) {
        free(spend_freq);
        record(&m->status, m->error, sizeof m->error, rc);
        return rc == CO_ENOMEM ? -1 : 0;
    }
    int src = spend_fit(w, spend_freq, &m->penalizer, &m->spend);
    if (src == CO_OK) {
        co_clv_options opt;
        co_clv_options_init(&opt, sizeof opt);
        opt.months = CLV_MONTHS;
        co_time_unit_per_month(CO_UNIT_WEEKS, &opt.periods_per_month);
        src = co_bgnbd_clv(&m->bgnbd, &m->spend, w->frequency, w->recency, w->T, w->monetary_value,
                           n, &opt, m->clv);
    }
    free(spend_freq);
    if (src < 0) {
        record(&m->spend_status, m->spend_error, sizeof m->spend_error, src);
        for (size_t i = 0; i < n; i++)
            m->clv[i] = NAN;
        return src == CO_ENOMEM ? -1 : 0;
    }
    m->has_spend = 1;
    return 0;
}

void churn_model_free(churn_model *m)
{
    free(m->p_alive);
    free(m->expected_90d);
    free(m->clv);
    memset(m, 0, sizeof *m);
}
