/* Making the at-risk list as of a day (see atrisk_list.h). */
#include "atrisk_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn_model.h"

/* Record a failed fit or prediction; -1 only for running out of memory. */
static int failed(atrisk_list *l, int rc)
{
    l->status = rc;
    snprintf(l->error, sizeof l->error, "%s", co_errmsg());
    return rc == CO_ENOMEM ? -1 : 0;
}

/* Below this P(alive), CLV / P(alive) could lose digits to underflow. */
#define RATIO_MIN_P_ALIVE 1e-100

/* The value if retained of the repeat buyers whose P(alive) is below
 * RATIO_MIN_P_ALIVE. Given that a customer is alive on the as-of day,
 * Pareto/NBD's future does not depend on the day of the last purchase, so the
 * CLV of the same history with its last purchase on the as-of day (recency =
 * T, where P(alive) is 1) is the value if retained. */
static int value_kept_exactly(atrisk_list *l, const co_paretonbd_params *purchases,
                              const co_gammagamma_params *spend, const co_clv_options *opt)
{
    const co_summary *w = l->weeks;
    size_t k = 0;
    for (size_t i = 0; i < w->n; i++)
        k += w->frequency[i] > 0 && l->p_alive[i] < RATIO_MIN_P_ALIVE;
    if (k == 0)
        return CO_OK;
    double *x = malloc(4 * k * sizeof *x), *t = x + k, *m = t + k, *v = m + k;
    if (!x)
        return CO_ENOMEM;
    k = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->frequency[i] > 0 && l->p_alive[i] < RATIO_MIN_P_ALIVE) {
            x[k] = w->frequency[i];
            t[k] = w->T[i];
            m[k++] = w->monetary_value[i];
        }
    int rc = co_paretonbd_clv(purchases, spend, x, t, t, m, k, opt, v);
    k = 0;
    for (size_t i = 0; i < w->n && rc == CO_OK; i++)
        if (w->frequency[i] > 0 && l->p_alive[i] < RATIO_MIN_P_ALIVE)
            l->value_kept[i] = v[k++];
    free(x);
    return rc;
}

/* P(alive), CLV and value if retained: CLV = P(alive) x value if retained. */
static int predict(atrisk_list *l, const co_paretonbd_params *purchases,
                   const co_gammagamma_params *spend)
{
    const co_summary *w = l->weeks;
    co_clv_options opt;
    churn_clv_options(&opt);
    int rc =
        co_paretonbd_probability_alive(purchases, w->frequency, w->recency, w->T, w->n, l->p_alive);
    if (rc == CO_OK)
        rc = co_paretonbd_clv(purchases, spend, w->frequency, w->recency, w->T, w->monetary_value,
                              w->n, &opt, l->clv);
    if (rc < 0)
        return rc;
    /* A one-time buyer's P(alive) stays moderate: the ratio always serves. */
    for (size_t i = 0; i < w->n; i++)
        l->value_kept[i] = l->p_alive[i] > 0 ? l->clv[i] / l->p_alive[i] : 0;
    return value_kept_exactly(l, purchases, spend, &opt);
}

/* As predict(), with each customer's own parameters under the covariate model. */
static int predict_feedback(atrisk_list *l, const feedback_churn *f,
                            const co_gammagamma_params *spend)
{
    const co_summary *w = l->weeks;
    co_clv_options opt;
    churn_clv_options(&opt);
    int rc = CO_OK;
    for (size_t i = 0; i < w->n && rc == CO_OK; i++) {
        co_paretonbd_params p = feedback_churn_customer(f, i);
        const double *x = w->frequency + i, *tx = w->recency + i, *T = w->T + i;
        rc = co_paretonbd_probability_alive(&p, x, tx, T, 1, l->p_alive + i);
        if (rc == CO_OK)
            rc = co_paretonbd_clv(&p, spend, x, tx, T, w->monetary_value + i, 1, &opt, l->clv + i);
        if (rc == CO_OK && *x > 0 && l->p_alive[i] < RATIO_MIN_P_ALIVE) /* as value_kept_exactly */
            rc = co_paretonbd_clv(&p, spend, x, T, T, w->monetary_value + i, 1, &opt,
                                  l->value_kept + i);
        else if (rc == CO_OK)
            l->value_kept[i] = l->p_alive[i] > 0 ? l->clv[i] / l->p_alive[i] : 0;
    }
    return rc;
}

/* The contacts open on the day and the days since the last detractor answer
 * (CO_ATRISK_NO_DETRACTOR for none). */
static int signals(atrisk_list *l, const co_store *store, co_day as_of)
{
    const co_summary *w = l->weeks;
    co_day *last = l->days_since_detractor; /* each day becomes its age in place */
    int rc = co_store_open_contacts(store, as_of, w->customer, w->n, l->open_contacts);
    if (rc == CO_OK)
        rc = co_store_last_detractor(store, as_of, w->customer, w->n, last);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < w->n; i++)
        l->days_since_detractor[i] =
            last[i] == CO_DAY_NONE ? CO_ATRISK_NO_DETRACTOR : as_of - last[i];
    return CO_OK;
}

int atrisk_list_make(atrisk_list *l, const co_store *store, const co_summary *weeks, co_day as_of,
                     size_t top, paretonbd_once *purchases, spend_once *spend,
                     const feedback_churn *feedback, int with_bands)
{
    memset(l, 0, sizeof *l);
    l->weeks = weeks;
    if (feedback && feedback->status == CO_OK && feedback->better && feedback->weeks == weeks)
        l->feedback = feedback;
    size_t n = weeks->n;
    if (n == 0) {
        l->status = CO_EINVAL;
        snprintf(l->error, sizeof l->error, "no orders up to the day of the list");
        return 0;
    }
    top = top < n ? top : n;
    l->p_alive = malloc(n * sizeof *l->p_alive);
    l->clv = malloc(n * sizeof *l->clv);
    l->value_kept = malloc(n * sizeof *l->value_kept);
    l->days_since_detractor = malloc(n * sizeof *l->days_since_detractor);
    l->open_contacts = malloc(n * sizeof *l->open_contacts);
    l->rows = malloc(top * sizeof *l->rows);
    double *scratch = malloc(n * sizeof *scratch);
    if (!l->p_alive || !l->clv || !l->value_kept || !l->days_since_detractor || !l->open_contacts ||
        !l->rows || !scratch) {
        free(scratch);
        return -1;
    }
    int rc = paretonbd_fit_once(purchases, weeks);
    if (rc != CO_OK) {
        free(scratch);
        l->status = rc;
        snprintf(l->error, sizeof l->error, "%s", purchases->error);
        return rc == CO_ENOMEM ? -1 : 0;
    }
    rc = spend_fit_once(spend, weeks, scratch, purchases->penalizer);
    if (rc != CO_OK) {
        free(scratch);
        l->status = rc;
        snprintf(l->error, sizeof l->error, "%s", spend->error);
        return rc == CO_ENOMEM ? -1 : 0;
    }
    rc = l->feedback ? predict_feedback(l, l->feedback, &spend->params)
                     : predict(l, &purchases->params, &spend->params);
    if (rc == CO_OK)
        rc = signals(l, store, as_of);
    if (rc == CO_OK) {
        co_atrisk_signals sig = {sizeof sig, l->days_since_detractor, l->open_contacts};
        rc = co_atrisk_rank(l->p_alive, l->value_kept, n, &sig, top, l->rows, &l->count);
    }
    if (rc == CO_OK && with_bands &&
        atrisk_list_bands(l, &purchases->params, &spend->params, scratch, spend->penalizer) < 0)
        rc = CO_ENOMEM;
    free(scratch);
    return rc < 0 ? failed(l, rc) : 0;
}

void atrisk_list_free(atrisk_list *l)
{
    free(l->p_alive);
    free(l->clv);
    free(l->value_kept);
    free(l->days_since_detractor);
    free(l->open_contacts);
    free(l->rows);
    free(l->p_alive_lower);
    memset(l, 0, sizeof *l);
}
