/* Bands of the at-risk list: how far P(alive) and the 12-month CLV of each
 * listed customer could move if the Pareto/NBD and Gamma-Gamma parameters were
 * estimated from another sample of the same size (see atrisk_list.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "atrisk_list.h"

/* Record why there are no bands; the columns stay NaN. */
static int no_bands(atrisk_list *l, int rc)
{
    l->band_status = rc;
    snprintf(l->band_error, sizeof l->band_error, "not computed: %s", co_errmsg());
    return rc == CO_ENOMEM ? -1 : 0;
}

static int uncertainties(const atrisk_list *l, const co_paretonbd_params *purchases,
                         const co_gammagamma_params *spend, const double *spend_frequency,
                         double penalizer, co_model_uncertainty *pu, co_model_uncertainty *gu)
{
    const co_summary *w = l->weeks;
    co_btyd_fit_options fit;
    co_btyd_fit_options_init(&fit, sizeof fit);
    fit.penalizer = penalizer;
    int rc =
        co_paretonbd_uncertainty(purchases, w->frequency, w->recency, w->T, NULL, w->n, &fit, pu);
    return rc != CO_OK ? rc
                       : co_gammagamma_uncertainty(spend, spend_frequency, w->monetary_value, NULL,
                                                   w->n, &fit, gu);
}

static void band_options(co_band_options *opt, co_clv_options *clv)
{
    co_band_options_init(opt, sizeof *opt);
    opt->draws = BAND_DRAWS;
    opt->level = BAND_LEVEL;
    opt->threads = 2; /* the same bands on any thread count */
    churn_clv_options(clv);
}

/* Under the covariate model each listed customer has parameters of its own,
 * with their uncertainty by the delta method: one band at a time. */
static int feedback_bands(atrisk_list *l, const co_model_uncertainty *gu, const double *x,
                          const double *tx, const double *T, const double *m)
{
    co_band_options opt;
    co_clv_options clv;
    band_options(&opt, &clv);
    int rc = CO_OK;
    for (size_t r = 0; r < l->count && rc == CO_OK; r++) {
        co_model_uncertainty pu;
        feedback_churn_customer_uncertainty(l->feedback, l->rows[r].index, &pu);
        rc = co_paretonbd_probability_alive_band(&pu, x + r, tx + r, T + r, 1, &opt,
                                                 l->p_alive_lower + r, l->p_alive_upper + r);
        if (rc == CO_OK)
            rc = co_paretonbd_clv_band(&pu, gu, x + r, tx + r, T + r, m + r, 1, &clv, &opt,
                                       l->clv_lower + r, l->clv_upper + r);
    }
    if (rc != CO_OK) {
        for (size_t r = 0; r < l->count; r++)
            l->p_alive_lower[r] = l->p_alive_upper[r] = l->clv_lower[r] = l->clv_upper[r] = NAN;
        return no_bands(l, rc);
    }
    return 0;
}

int atrisk_list_bands(atrisk_list *l, const co_paretonbd_params *purchases,
                      const co_gammagamma_params *spend, const double *spend_frequency,
                      double penalizer)
{
    const size_t k = l->count ? l->count : 1;
    l->p_alive_lower = malloc(8 * k * sizeof *l->p_alive_lower);
    if (!l->p_alive_lower)
        return -1;
    l->p_alive_upper = l->p_alive_lower + k;
    l->clv_lower = l->p_alive_upper + k;
    l->clv_upper = l->clv_lower + k;
    double *x = l->clv_upper + k, *tx = x + k, *T = tx + k, *m = T + k;
    for (size_t r = 0; r < k; r++)
        l->p_alive_lower[r] = l->p_alive_upper[r] = l->clv_lower[r] = l->clv_upper[r] = NAN;
    if (l->count == 0)
        return 0;
    const co_summary *w = l->weeks;
    for (size_t r = 0; r < k; r++) {
        const size_t i = l->rows[r].index;
        x[r] = w->frequency[i];
        tx[r] = w->recency[i];
        T[r] = w->T[i];
        m[r] = w->monetary_value[i];
    }
    co_model_uncertainty pu = {.size = sizeof pu}, gu = {.size = sizeof gu};
    int rc = uncertainties(l, purchases, spend, spend_frequency, penalizer, &pu, &gu);
    if (rc != CO_OK)
        return no_bands(l, rc);
    if (l->feedback)
        return feedback_bands(l, &gu, x, tx, T, m);
    co_band_options opt;
    co_clv_options clv;
    band_options(&opt, &clv);
    rc = co_paretonbd_probability_alive_band(&pu, x, tx, T, k, &opt, l->p_alive_lower,
                                             l->p_alive_upper);
    if (rc == CO_OK)
        rc =
            co_paretonbd_clv_band(&pu, &gu, x, tx, T, m, k, &clv, &opt, l->clv_lower, l->clv_upper);
    if (rc != CO_OK) {
        for (size_t r = 0; r < k; r++)
            l->p_alive_lower[r] = l->p_alive_upper[r] = NAN;
        return no_bands(l, rc);
    }
    return 0;
}
