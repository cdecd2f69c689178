/* Forecast errors of holdout predictions and the comparison of the purchase
 * models with two naive baselines. */
#include <math.h>
#include <string.h>

#include "alloc_internal.h"
#include "error_internal.h"
#include "holdout_internal.h"
#include "sized_internal.h"

int co_holdout_score(const double *actual, const double *predicted, size_t n,
                     co_holdout_metrics *out)
{
    if (!actual || !predicted || !out || n == 0)
        return co__fail(CO_EINVAL, "%s: NULL argument or no values", __func__);
    if (co__sized_check(out, sizeof *out, "co_holdout_metrics") < 0)
        return CO_EINVAL;
    double sa = 0, sp = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(actual[i]) || !isfinite(predicted[i]))
            return co__fail(CO_EINVAL, "%s: value %zu is not finite", __func__, i);
        sa += actual[i];
        sp += predicted[i];
    }
    double ma = sa / (double)n, mp = sp / (double)n;
    double abs_err = 0, sq_err = 0, cov = 0, va = 0, vp = 0;
    for (size_t i = 0; i < n; i++) {
        double e = predicted[i] - actual[i], da = actual[i] - ma, dp = predicted[i] - mp;
        abs_err += fabs(e);
        sq_err += e * e;
        cov += da * dp;
        va += da * da;
        vp += dp * dp;
    }
    co_holdout_metrics m = {.size = sizeof m};
    m.mae = abs_err / (double)n;
    m.rmse = sqrt(sq_err / (double)n);
    m.correlation = va > 0 && vp > 0 ? cov / sqrt(va * vp) : NAN;
    m.actual_total = sa;
    m.predicted_total = sp;
    m.total_error = sp - sa;
    co__sized_store(out, &m, sizeof m);
    return CO_OK;
}

const char *co_forecaster_name(co_forecaster f)
{
    static const char *const names[CO_FORECAST_COUNT] = {"BG/NBD", "Pareto/NBD",
                                                         "rate carried forward", "no purchases"};
    return (unsigned)f < CO_FORECAST_COUNT ? names[f] : NULL;
}

void co_holdout_comparison_free(co_holdout_comparison *c)
{
    if (!c)
        return;
    co__free(c->rows);
    co__free(c);
}

static void set_scores(co_holdout_row *row, const co_holdout_metrics *m)
{
    row->mae = m->mae;
    row->rmse = m->rmse;
    row->correlation = m->correlation;
    row->actual_total = m->actual_total;
    row->predicted_total = m->predicted_total;
    row->total_error = m->total_error;
}

/* The columns a comparison reads, named as in co_holdout_data. */
typedef struct columns {
    const double *frequency_cal, *recency_cal, *T_cal, *frequency_holdout;
    size_t n;
    double duration_holdout;
} columns;

/* Fit one model on the calibration columns and score its holdout forecast.
 * A failed fit is recorded in the row; only CO_ENOMEM is returned. */
static int model_row(const columns *d, const co_btyd_fit_options *opt, co_btyd_model_kind kind,
                     double *pred, co_holdout_row *row)
{
    co_btyd_fit_info info = {.size = sizeof info};
    co_btyd_model m = {.kind = kind};
    int rc;
    if (kind == CO_BTYD_BGNBD) {
        co_bgnbd_params p;
        rc = co_bgnbd_fit(d->frequency_cal, d->recency_cal, d->T_cal, NULL, d->n, opt, &p, &info);
        if (rc == CO_OK)
            memcpy(m.param, (double[4]){p.r, p.alpha, p.a, p.b}, sizeof m.param);
    } else {
        co_paretonbd_params p;
        rc = co_paretonbd_fit(d->frequency_cal, d->recency_cal, d->T_cal, NULL, d->n, opt, &p,
                              &info);
        if (rc == CO_OK)
            memcpy(m.param, (double[4]){p.r, p.alpha, p.s, p.beta}, sizeof m.param);
    }
    co_holdout_metrics s = {.size = sizeof s};
    if (rc == CO_OK && (rc = co_holdout_predict(&m, d->frequency_cal, d->recency_cal, d->T_cal,
                                                d->n, d->duration_holdout, pred)) == CO_OK)
        rc = co_holdout_score(d->frequency_holdout, pred, d->n, &s);
    row->status = rc;
    row->model = m;
    if (rc != CO_OK)
        return rc == CO_ENOMEM ? rc : CO_OK;
    const double k = 4.0;
    row->log_likelihood = info.log_likelihood;
    row->aic = 2.0 * k - 2.0 * info.log_likelihood;
    row->bic = k * log((double)d->n) - 2.0 * info.log_likelihood;
    set_scores(row, &s);
    return CO_OK;
}

int co_holdout_row_predict(const co_holdout_row *row, const double *frequency_cal,
                           const double *recency_cal, const double *T_cal, size_t n,
                           double duration, double *out)
{
    if (!row || !frequency_cal || !recency_cal || !T_cal || !out)
        return co__fail(CO_EINVAL, "%s: NULL argument", __func__);
    if ((unsigned)row->forecaster >= CO_FORECAST_COUNT || row->status != CO_OK)
        return co__fail(CO_EINVAL, "%s: the row holds no usable forecaster", __func__);
    if (row->forecaster == CO_FORECAST_BGNBD || row->forecaster == CO_FORECAST_PARETONBD)
        return co_holdout_predict(&row->model, frequency_cal, recency_cal, T_cal, n, duration, out);
    if (!isfinite(duration) || duration < 0.0)
        return co__fail(CO_EINVAL, "%s: duration %g is not >= 0", __func__, duration);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(frequency_cal[i]) || !isfinite(T_cal[i]))
            return co__fail(CO_EINVAL, "%s: customer %zu has a non-finite frequency or T", __func__,
                            i);
    for (size_t i = 0; i < n; i++)
        out[i] = row->forecaster == CO_FORECAST_RATE && T_cal[i] > 0
                     ? frequency_cal[i] / T_cal[i] * duration
                     : 0.0;
    return CO_OK;
}

/* Score a baseline row, whose forecaster is already set. */
static void baseline_row(const columns *d, double *pred, co_holdout_row *row)
{
    row->status = co_holdout_row_predict(row, d->frequency_cal, d->recency_cal, d->T_cal, d->n,
                                         d->duration_holdout, pred);
    co_holdout_metrics s = {.size = sizeof s};
    if (row->status == CO_OK)
        row->status = co_holdout_score(d->frequency_holdout, pred, d->n, &s);
    if (row->status == CO_OK)
        set_scores(row, &s);
}

static void choose(co_holdout_comparison *c)
{
    const co_holdout_row *bg = &c->rows[CO_FORECAST_BGNBD], *pn = &c->rows[CO_FORECAST_PARETONBD];
    if (bg->status != CO_OK && pn->status != CO_OK) {
        c->reason = CO_CHOICE_NONE;
        return;
    }
    if (bg->status != CO_OK || pn->status != CO_OK) {
        c->recommended = bg->status == CO_OK ? CO_FORECAST_BGNBD : CO_FORECAST_PARETONBD;
        c->reason = CO_CHOICE_ONLY_FIT;
    } else if (fabs(bg->mae - pn->mae) <= 0.01 * fmin(bg->mae, pn->mae)) {
        c->recommended = bg->bic <= pn->bic ? CO_FORECAST_BGNBD : CO_FORECAST_PARETONBD;
        c->reason = CO_CHOICE_CLOSE_MAE_BIC;
    } else {
        c->recommended = bg->mae < pn->mae ? CO_FORECAST_BGNBD : CO_FORECAST_PARETONBD;
        c->reason = CO_CHOICE_LOWEST_MAE;
    }
    double mae = c->rows[c->recommended].mae;
    c->beats_baseline =
        mae < c->rows[CO_FORECAST_RATE].mae && mae < c->rows[CO_FORECAST_NOTHING].mae;
}

int co_holdout_compare(const double *frequency_cal, const double *recency_cal, const double *T_cal,
                       const double *frequency_holdout, size_t n, double duration,
                       const co_btyd_fit_options *opt, co_holdout_comparison **out)
{
    if (!frequency_cal || !recency_cal || !T_cal || !frequency_holdout || !out)
        return co__fail(CO_EINVAL, "%s: NULL argument", __func__);
    if (n == 0)
        return co__fail(CO_EINVAL, "%s: no customers", __func__);
    if (!isfinite(duration) || duration < 0.0)
        return co__fail(CO_EINVAL, "%s: duration %g is not >= 0", __func__, duration);
    for (size_t i = 0; i < n; i++)
        if (!isfinite(frequency_holdout[i]) || frequency_holdout[i] < 0.0)
            return co__fail(CO_EINVAL, "frequency_holdout[%zu] = %g is not a count >= 0", i,
                            frequency_holdout[i]);
    const columns cols = {frequency_cal, recency_cal, T_cal, frequency_holdout, n, duration};
    const columns *data = &cols;
    co_btyd_fit_options check;
    co_btyd_fit_options_init(&check, sizeof check);
    if (opt && co__options_resolve(&check, sizeof check, opt, "co_btyd_fit_options") < 0)
        return CO_EINVAL;
    co_holdout_comparison *c = co__calloc(1, sizeof *c);
    co_holdout_row *rows = c ? co__calloc(CO_FORECAST_COUNT, sizeof *rows) : NULL;
    double *pred = rows ? co__malloc_array(data->n, sizeof *pred) : NULL;
    if (!pred) {
        co__free(rows);
        co__free(c);
        return co__fail_nomem();
    }
    c->n = CO_FORECAST_COUNT;
    c->rows = rows;
    for (size_t f = 0; f < CO_FORECAST_COUNT; f++) {
        rows[f] = (co_holdout_row){.forecaster = (co_forecaster)f, .status = CO_OK};
        rows[f].log_likelihood = rows[f].aic = rows[f].bic = NAN;
        rows[f].mae = rows[f].rmse = rows[f].correlation = NAN;
        rows[f].actual_total = rows[f].predicted_total = rows[f].total_error = NAN;
    }
    int rc = model_row(data, opt, CO_BTYD_BGNBD, pred, &rows[CO_FORECAST_BGNBD]);
    if (rc == CO_OK)
        rc = model_row(data, opt, CO_BTYD_PARETONBD, pred, &rows[CO_FORECAST_PARETONBD]);
    if (rc != CO_OK) {
        co__free(pred);
        co_holdout_comparison_free(c);
        return rc;
    }
    baseline_row(data, pred, &rows[CO_FORECAST_RATE]);
    baseline_row(data, pred, &rows[CO_FORECAST_NOTHING]);
    co__free(pred);
    choose(c);
    *out = c;
    return CO_OK;
}
