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

static int spend_fit(const co_summary *w, double *frequency, double *penalizer,
                     co_gammagamma_params *out)
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

int spend_fit_once(spend_once *f, const co_summary *w, double *frequency, double penalizer)
{
    if (f->of == w && f->penalizer_in == penalizer) {
        for (size_t i = 0; i < w->n; i++)
            frequency[i] = w->monetary_value[i] > 0 ? w->frequency[i] : 0;
        return f->status;
    }
    f->penalizer_in = f->penalizer = penalizer;
    f->status = spend_fit(w, frequency, &f->penalizer, &f->params);
    f->of = f->status == CO_ENOMEM ? NULL : w;
    if (f->status != CO_OK)
        record(&f->status, f->error, sizeof f->error, f->status);
    return f->status;
}

void churn_clv_options(co_clv_options *opt)
{
    co_clv_options_init(opt, sizeof *opt);
    opt->months = CLV_MONTHS;
    co_time_unit_per_month(CO_UNIT_WEEKS, &opt->periods_per_month);
}

const char *churn_model_name(co_btyd_model_kind kind)
{
    return kind == CO_BTYD_PARETONBD ? "Pareto/NBD" : "BG/NBD";
}

/* The fit of one purchase model, retried with the fallback penalty when the
 * plain fit does not converge (the penalty used is stored in *penalizer). */
static int purchase_fit(const co_summary *w, co_btyd_model_kind kind, void *out, double *penalizer)
{
    co_btyd_fit_options fit;
    co_btyd_fit_options_init(&fit, sizeof fit);
    int rc = CO_ENOCONV;
    for (int attempt = 0; attempt < 2 && rc == CO_ENOCONV; attempt++) {
        fit.penalizer = attempt ? FALLBACK_PENALIZER : 0;
        rc = kind == CO_BTYD_PARETONBD
                 ? co_paretonbd_fit(w->frequency, w->recency, w->T, NULL, w->n, &fit, out, NULL)
                 : co_bgnbd_fit(w->frequency, w->recency, w->T, NULL, w->n, &fit, out, NULL);
    }
    *penalizer = fmax(*penalizer, fit.penalizer);
    return rc;
}

int paretonbd_fit_once(paretonbd_once *f, const co_summary *w)
{
    if (f->of == w)
        return f->status;
    f->of = w;
    f->penalizer = 0;
    f->status = purchase_fit(w, CO_BTYD_PARETONBD, &f->params, &f->penalizer);
    if (f->status != CO_OK)
        record(&f->status, f->error, sizeof f->error, f->status);
    return f->status;
}

/* P(alive) and expected purchases over the horizon of the chosen model. */
static int predict(churn_model *m, const double *horizon)
{
    const co_summary *w = m->weeks;
    if (m->kind == CO_BTYD_PARETONBD) {
        int rc = co_paretonbd_probability_alive(&m->paretonbd, w->frequency, w->recency, w->T, w->n,
                                                m->p_alive);
        return rc != CO_OK
                   ? rc
                   : co_paretonbd_conditional_expected_purchases(&m->paretonbd, horizon,
                                                                 w->frequency, w->recency, w->T,
                                                                 w->n, m->expected_90d);
    }
    int rc =
        co_bgnbd_probability_alive(&m->bgnbd, w->frequency, w->recency, w->T, w->n, m->p_alive);
    return rc != CO_OK
               ? rc
               : co_bgnbd_conditional_expected_purchases(&m->bgnbd, horizon, w->frequency,
                                                         w->recency, w->T, w->n, m->expected_90d);
}

static int clv(churn_model *m, const co_clv_options *opt)
{
    const co_summary *w = m->weeks;
    return m->kind == CO_BTYD_PARETONBD
               ? co_paretonbd_clv(&m->paretonbd, &m->spend, w->frequency, w->recency, w->T,
                                  w->monetary_value, w->n, opt, m->clv)
               : co_bgnbd_clv(&m->bgnbd, &m->spend, w->frequency, w->recency, w->T,
                              w->monetary_value, w->n, opt, m->clv);
}

int churn_model_fit(churn_model *m, const co_summary *weeks, co_btyd_model_kind kind,
                    const char *why)
{
    if (m->fitted)
        return 0;
    m->fitted = 1;
    m->weeks = weeks;
    m->kind = CO_BTYD_BGNBD;
    snprintf(m->why, sizeof m->why, "%s", why);
    const co_summary *w = weeks;
    size_t n = w->n;
    if (n == 0) {
        m->status = CO_EINVAL;
        snprintf(m->error, sizeof m->error, "no orders up to the as-of day");
        return 0;
    }
    int rc = purchase_fit(w, CO_BTYD_BGNBD, &m->bgnbd, &m->penalizer);
    if (rc < 0) {
        record(&m->status, m->error, sizeof m->error, rc);
        return rc == CO_ENOMEM ? -1 : 0;
    }
    if (kind == CO_BTYD_PARETONBD) {
        rc = paretonbd_fit_once(&m->paretonbd_fit, w);
        if (rc == CO_ENOMEM)
            return -1;
        m->has_paretonbd = rc == CO_OK;
        if (rc == CO_OK) {
            m->kind = CO_BTYD_PARETONBD;
            m->paretonbd = m->paretonbd_fit.params;
            m->penalizer = fmax(m->penalizer, m->paretonbd_fit.penalizer);
        } else { /* keep BG/NBD and say why */
            snprintf(m->why, sizeof m->why,
                     "Pareto/NBD was recommended, but its fit on the whole history failed (%.200s)",
                     m->paretonbd_fit.error);
        }
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
    rc = predict(m, horizon);
    free(horizon);
    if (rc < 0) {
        free(spend_freq);
        record(&m->status, m->error, sizeof m->error, rc);
        return rc == CO_ENOMEM ? -1 : 0;
    }
    int src = spend_fit_once(&m->spend_fit, w, spend_freq, m->penalizer);
    free(spend_freq);
    m->penalizer = m->spend_fit.penalizer;
    if (src < 0) {
        m->spend_status = src;
        snprintf(m->spend_error, sizeof m->spend_error, "%s", m->spend_fit.error);
        return src == CO_ENOMEM ? -1 : 0;
    }
    m->spend = m->spend_fit.params;
    co_clv_options opt;
    churn_clv_options(&opt);
    src = clv(m, &opt);
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
