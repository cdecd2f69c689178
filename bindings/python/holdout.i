/* Holdout validation (custorient/holdout.h) for the Python layer in
 * custorient/utils.py. Models cross as in btyd.i (kind CO_PY_BGNBD or
 * CO_PY_PARETONBD and four parameters); results fill arrays the Python layer
 * allocates and sizes. Each helper is one C call and runs without the GIL. */

%apply (const size_t *IN_ARRAY, size_t IN_LEN) { (const size_t *txn_customer, size_t n) };
%apply (const int64_t *IN_ARRAY, size_t IN_LEN) { (const co_day *path_days, size_t n) };
%apply (const double *IN_ARRAY, size_t IN_LEN) { (const double *actual, size_t n) };
%apply const double *IN_ARRAY_SAME { const double *amount, const double *predicted,
                                     const double *holdout };
%apply double *OUT_ARRAY { double *scalars_out, double *observed_out, double *expected_out,
                           double *customers_out, double *actual_out, double *predicted_out,
                           double *rows_out };
%apply size_t *OUT_ARRAY { size_t *index_out };
%apply int *OUT_ARRAY { int *choice_out };

%{
static co_btyd_model co_py_model(int model, const double *p)
{
    co_btyd_model m = {model == CO_PY_BGNBD ? CO_BTYD_BGNBD : CO_BTYD_PARETONBD,
                       {p[0], p[1], p[2], p[3]}};
    return m;
}
%}

%inline %{
/* Number of values per row of co_py_holdout_compare()'s rows_out. */
enum { CO_PY_HOLDOUT_ROW = 14 };

/* The split of n transactions: index_out (n_customers) gets the customer
 * index of each row; values_out (6 n_customers) the columns frequency_cal,
 * recency_cal, T_cal, monetary_value_cal, frequency_holdout,
 * monetary_value_holdout, each n_customers long, rows first; scalars_out[2]
 * the number of rows and duration_holdout. */
static int co_py_calibration_holdout(const size_t *txn_customer, size_t n, const co_day *day,
                                     const double *amount, size_t n_customers,
                                     co_day calibration_end, co_day observation_end, int period,
                                     double multiplier, size_t *index_out, double *values_out,
                                     double *scalars_out)
{
    co_holdout_data *h = NULL;
    int rc = co_calibration_holdout(txn_customer, day, amount, n, n_customers, calibration_end,
                                    observation_end, (co_period)period, multiplier, &h);
    if (rc != CO_OK)
        return rc;
    const double *cols[6] = {h->frequency_cal, h->recency_cal, h->T_cal, h->monetary_value_cal,
                             h->frequency_holdout, h->monetary_value_holdout};
    for (size_t i = 0; i < h->n; i++) {
        index_out[i] = h->customer[i];
        for (size_t c = 0; c < 6; c++)
            values_out[c * n_customers + i] = cols[c][i];
    }
    scalars_out[0] = (double)h->n;
    scalars_out[1] = h->duration_holdout;
    co_holdout_data_free(h);
    return CO_OK;
}

static int co_py_period_transactions(int model, const double *model_params,
                                     const double *frequency, size_t n, const double *T,
                                     size_t max_count, double *observed_out,
                                     double *expected_out)
{
    co_btyd_model m = co_py_model(model, model_params);
    return co_period_transactions(&m, frequency, T, n, max_count, observed_out, expected_out);
}

static int co_py_holdout_by_frequency(const double *frequency, size_t n, const double *holdout,
                                      const double *predicted, size_t max_count,
                                      double *customers_out, double *actual_out,
                                      double *predicted_out)
{
    return co_holdout_by_frequency(frequency, holdout, predicted, n, max_count, customers_out,
                                   actual_out, predicted_out);
}

static int co_py_cumulative_transactions(int model, const double *model_params,
                                         const size_t *txn_customer, size_t n, const co_day *day,
                                         size_t n_customers, int period, unsigned multiplier,
                                         size_t t, double *actual_out, double *predicted_out)
{
    co_btyd_model m = co_py_model(model, model_params);
    return co_expected_cumulative_transactions(&m, txn_customer, day, n, n_customers,
                                               (co_period)period, multiplier, t, actual_out,
                                               predicted_out);
}

static int co_py_alive_path(int model, const double *model_params, const co_day *path_days,
                            size_t n, int period, size_t t, double *values_out)
{
    co_btyd_model m = co_py_model(model, model_params);
    return co_alive_path(&m, path_days, n, (co_period)period, t, values_out);
}

/* Holdout predictions of a comparison row (forecaster, its fitted parameters). */
static int co_py_holdout_row_predict(int forecaster, const double *model_params,
                                     const double *frequency, size_t n, const double *recency,
                                     const double *T, double duration, double *values_out)
{
    co_holdout_row row;
    memset(&row, 0, sizeof row);
    row.forecaster = (co_forecaster)forecaster;
    row.status = CO_OK;
    row.model = co_py_model(forecaster == CO_FORECAST_BGNBD ? CO_PY_BGNBD : CO_PY_PARETONBD,
                            model_params);
    return co_holdout_row_predict(&row, frequency, recency, T, n, duration, values_out);
}

/* scalars_out[6]: MAE, RMSE, correlation, actual total, predicted total, total error. */
static int co_py_holdout_score(const double *actual, size_t n, const double *predicted,
                               double *scalars_out)
{
    co_holdout_metrics s = {.size = sizeof s};
    int rc = co_holdout_score(actual, predicted, n, &s);
    if (rc == CO_OK) {
        const double v[6] = {s.mae, s.rmse, s.correlation, s.actual_total, s.predicted_total,
                             s.total_error};
        memcpy(scalars_out, v, sizeof v);
    }
    return rc;
}

/* rows_out[CO_FORECAST_COUNT * CO_PY_HOLDOUT_ROW]: per forecaster its status, the
 * four parameters, log-likelihood, AIC, BIC, MAE, RMSE, correlation, actual total,
 * predicted total, total error; choice_out[3]: recommended, reason, beats_baseline. */
static int co_py_holdout_compare(const double *frequency, size_t n, const double *recency,
                                 const double *T, const double *holdout, double duration,
                                 double penalizer, size_t max_iter, double tolerance,
                                 double *rows_out, int *choice_out)
{
    co_btyd_fit_options opt;
    co_btyd_fit_options_init(&opt, sizeof opt);
    opt.penalizer = penalizer;
    opt.max_iter = max_iter;
    opt.tolerance = tolerance;
    co_holdout_comparison *c = NULL;
    int rc = co_holdout_compare(frequency, recency, T, holdout, n, duration, &opt, &c);
    if (rc != CO_OK)
        return rc;
    for (size_t f = 0; f < c->n; f++) {
        const co_holdout_row *r = &c->rows[f];
        const double v[CO_PY_HOLDOUT_ROW] = {
            (double)r->status, r->model.param[0], r->model.param[1], r->model.param[2],
            r->model.param[3], r->log_likelihood, r->aic, r->bic, r->mae, r->rmse,
            r->correlation, r->actual_total, r->predicted_total, r->total_error};
        memcpy(rows_out + f * CO_PY_HOLDOUT_ROW, v, sizeof v);
    }
    choice_out[0] = (int)c->recommended;
    choice_out[1] = (int)c->reason;
    choice_out[2] = c->beats_baseline;
    co_holdout_comparison_free(c);
    return CO_OK;
}
%}

%constant int CO_FORECAST_BGNBD = CO_FORECAST_BGNBD;
%constant int CO_FORECAST_PARETONBD = CO_FORECAST_PARETONBD;
%constant int CO_FORECAST_RATE = CO_FORECAST_RATE;
%constant int CO_FORECAST_NOTHING = CO_FORECAST_NOTHING;
%constant int CO_FORECAST_COUNT = CO_FORECAST_COUNT;
%constant int CO_CHOICE_LOWEST_MAE = CO_CHOICE_LOWEST_MAE;
%constant int CO_CHOICE_CLOSE_MAE_BIC = CO_CHOICE_CLOSE_MAE_BIC;
%constant int CO_CHOICE_ONLY_FIT = CO_CHOICE_ONLY_FIT;
%constant int CO_CHOICE_NONE = CO_CHOICE_NONE;
const char *co_forecaster_name(int forecaster);
