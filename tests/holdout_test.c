/* Holdout validation (custorient/holdout.h). Expected values: the published
 * expectations of lifetimes' calibration_and_holdout_data and
 * expected_cumulative_transactions tests (R BTYD walkthrough numbers),
 * hand calculations in the comments, and tests/reference/holdout_reference.py
 * (pandas + scipy, run offline; output quoted in each test). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btyd_fixtures.h"
#include "custorient.h"
#include "fail_alloc.h"

static co_day day(const char *iso)
{
    co_day d;
    cr_assert_eq(co_date_parse(iso, strlen(iso), &d), CO_OK);
    return d;
}

/* lifetimes' small transaction log (ids 1-6 as indices 0-5) with amounts. */
static const size_t small_cust[] = {0, 0, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5};
static const char *const small_date[] = {"2015-01-01", "2015-02-06", "2015-01-01", "2015-01-01",
                                         "2015-01-02", "2015-01-05", "2015-01-16", "2015-02-02",
                                         "2015-02-05", "2015-01-16", "2015-01-17", "2015-01-18",
                                         "2015-02-02"};
static const double small_amount[] = {1, 2, 2, 3, 1, 5, 6, 3, 3, 3, 1, 8, 5};
#define SMALL_N 13

static void small_days(co_day *d)
{
    for (size_t i = 0; i < SMALL_N; i++)
        d[i] = day(small_date[i]);
}

/* Weekly periods, calibration to Sunday 2015-02-01, observation to 2015-02-07.
 * lifetimes' published expectation (id: f_cal, r_cal, T_cal, f_hold, duration):
 * 1: 0 0 4 1 1; 2: 0 0 4 0 1; 3: 1 1 4 0 1; 4: 0 0 2 1 1; 5: 0 0 2 0 1; 6 absent
 * (first bought after the calibration). By hand: 2015-01-01 lies in the week of
 * Monday 2014-12-29, four weeks before the week of 2015-01-26; 01-16..01-18 are one
 * week (of 01-12); 02-02 and 02-05 are one holdout week. */
Test(holdout_split, weekly_periods_as_lifetimes)
{
    co_day d[SMALL_N];
    small_days(d);
    co_holdout_data *h = NULL;
    cr_assert_eq(co_calibration_holdout(small_cust, d, NULL, SMALL_N, 6, day("2015-02-01"),
                                        day("2015-02-07"), CO_PERIOD_WEEK, 1.0, &h),
                 CO_OK, "%s", co_errmsg());
    const double want[5][4] = {
        {0, 0, 4, 1}, {0, 0, 4, 0}, {1, 1, 4, 0}, {0, 0, 2, 1}, {0, 0, 2, 0}};
    cr_assert_eq(h->n, 5);
    for (size_t i = 0; i < 5; i++) {
        cr_assert_eq(h->customer[i], i);
        cr_assert_eq(h->frequency_cal[i], want[i][0], "row %zu", i);
        cr_assert_eq(h->recency_cal[i], want[i][1], "row %zu", i);
        cr_assert_eq(h->T_cal[i], want[i][2], "row %zu", i);
        cr_assert_eq(h->frequency_holdout[i], want[i][3], "row %zu", i);
        cr_assert_eq(h->monetary_value_cal[i], 0.0);
    }
    cr_assert_eq(h->duration_holdout, 1.0);
    co_holdout_data_free(h);
}

/* Daily periods with amounts: lifetimes publishes monetary_value_cal
 * [0, 0, 3, 0, 4.5] ((1 + 5) / 2 and (1 + 8) / 2 over the repeat days) and
 * monetary_value_holdout [2, 0, 0, 3, 0]; durations by hand: T_cal of id 3 is
 * 01-01 to 02-01 = 31 days, duration 6 days; in weeks (multiplier 7) 31/7, 6/7. */
Test(holdout_split, daily_periods_with_amounts)
{
    co_day d[SMALL_N];
    small_days(d);
    co_holdout_data *h = NULL;
    cr_assert_eq(co_calibration_holdout(small_cust, d, small_amount, SMALL_N, 6, day("2015-02-01"),
                                        day("2015-02-07"), CO_PERIOD_DAY, 7.0, &h),
                 CO_OK);
    const double mcal[] = {0, 0, 3, 0, 4.5}, mhold[] = {2, 0, 0, 3, 0}, fcal[] = {0, 0, 2, 0, 2};
    const double fhold[] = {1, 0, 0, 2, 0};
    cr_assert_eq(h->n, 5);
    for (size_t i = 0; i < 5; i++) {
        cr_assert_eq(h->monetary_value_cal[i], mcal[i], "row %zu", i);
        cr_assert_eq(h->monetary_value_holdout[i], mhold[i], "row %zu", i);
        cr_assert_eq(h->frequency_cal[i], fcal[i], "row %zu", i);
        cr_assert_eq(h->frequency_holdout[i], fhold[i], "row %zu", i);
    }
    assert_rel(h->T_cal[2], 31.0 / 7.0, 1e-15, "T_cal");
    assert_rel(h->recency_cal[2], 4.0 / 7.0, 1e-15, "recency_cal");
    assert_rel(h->duration_holdout, 6.0 / 7.0, 1e-15, "duration");
    co_holdout_data_free(h);
}

/* lifetimes' boundary case: observation to 2015-02-04 drops 02-05 and 02-06, so
 * id 1 has no holdout purchase and id 4 one. */
Test(holdout_split, observation_end_is_inclusive_and_later_orders_ignored)
{
    co_day d[SMALL_N];
    small_days(d);
    co_holdout_data *h = NULL;
    cr_assert_eq(co_calibration_holdout(small_cust, d, NULL, SMALL_N, 6, day("2015-02-01"),
                                        day("2015-02-04"), CO_PERIOD_DAY, 1.0, &h),
                 CO_OK);
    cr_assert_eq(h->frequency_holdout[0], 0.0);
    cr_assert_eq(h->frequency_holdout[3], 1.0);
    cr_assert_eq(h->duration_holdout, 3.0);
    co_holdout_data_free(h);
}

Test(holdout_split, bad_input_changes_nothing)
{
    co_day d[SMALL_N];
    small_days(d);
    co_holdout_data *h = (co_holdout_data *)&d; /* a sentinel that must stay */
    co_day c = day("2015-02-01"), o = day("2015-02-07");
    cr_assert_eq(co_calibration_holdout(small_cust, d, NULL, SMALL_N, 6, c, o, CO_PERIOD_MONTH, 1.0,
                                        &h),
                 CO_EINVAL);
    cr_assert_eq(co_calibration_holdout(small_cust, d, NULL, SMALL_N, 6, c, o, CO_PERIOD_DAY, 0.0,
                                        &h),
                 CO_EINVAL);
    cr_assert_eq(co_calibration_holdout(small_cust, d, NULL, SMALL_N, 6, c, c, CO_PERIOD_DAY, 1.0,
                                        &h),
                 CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "co_calibration_holdout: observation end must come after the "
                                  "calibration end, so that there is a holdout period");
    cr_assert_eq(co_calibration_holdout(small_cust, d, NULL, SMALL_N, 5, c, o, CO_PERIOD_DAY, 1.0,
                                        &h),
                 CO_ERANGE);
    cr_assert_str_eq(co_errmsg(), "customer[12] = 5 is past the last customer (count 5)");
    double amount[SMALL_N];
    memcpy(amount, small_amount, sizeof amount);
    amount[4] = NAN;
    cr_assert_eq(co_calibration_holdout(small_cust, d, amount, SMALL_N, 6, c, o, CO_PERIOD_DAY, 1.0,
                                        &h),
                 CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "amount[4] is not finite");
    cr_assert_eq(co_calibration_holdout(NULL, d, NULL, SMALL_N, 6, c, o, CO_PERIOD_DAY, 1.0, &h),
                 CO_EINVAL);
    cr_assert_eq(h, (co_holdout_data *)&d);
    co_holdout_data_free(NULL);
}

/* ---- CDNOW ---- */

typedef struct cdnow_log {
    size_t n, cust[6919];
    co_day day[6919];
    double amount[6919];
} cdnow_log;

/* CDNOW_sample.txt: full id, sample id (1..2357), YYYYMMDD, CDs, amount. */
static void cdnow_log_load(cdnow_log *log)
{
    FILE *f = fopen(CO_TEST_DATA_DIR "/cdnow/CDNOW_sample.txt", "r");
    cr_assert_not_null(f);
    char full[16], date[16];
    long id;
    int qty;
    log->n = 0;
    while (log->n < 6919 &&
           fscanf(f, "%15s %ld %15s %d %lf", full, &id, date, &qty, &log->amount[log->n]) == 5) {
        char iso[11] = {date[0], date[1], date[2], date[3], '-', date[4],
                        date[5], '-',     date[6], date[7], '\0'};
        log->cust[log->n] = (size_t)(id - 1);
        log->day[log->n] = day(iso);
        log->n++;
    }
    fclose(f);
    cr_assert_eq(log->n, 6919);
}

static cdnow_log cdlog;
static cdnow summary;

static co_holdout_data *cdnow_split(co_period period, double multiplier)
{
    co_holdout_data *h = NULL;
    cr_assert_eq(co_calibration_holdout(cdlog.cust, cdlog.day, cdlog.amount, cdlog.n, 2357,
                                        day("1997-09-30"), day("1998-06-30"), period, multiplier,
                                        &h),
                 CO_OK, "%s", co_errmsg());
    return h;
}

static void cdnow_setup(void)
{
    cdnow_log_load(&cdlog);
    cdnow_load(&summary);
}

TestSuite(holdout_cdnow, .init = cdnow_setup);

/* Calibration to 1997-09-30, holdout to 1998-06-30, days in weeks (multiplier 7).
 * The calibration columns are the published summary (x, t_x, T to two decimals);
 * reference: 2357 customers, duration 39, sum frequency_cal 2457, sum
 * frequency_holdout 1882 (1959 holdout orders on 1882 distinct customer-days);
 * customer 1: 2, 30.4285714286, 38.8571428571, 1, 26.48. */
Test(holdout_cdnow, split_matches_the_published_summary_and_pandas)
{
    co_holdout_data *h = cdnow_split(CO_PERIOD_DAY, 7.0);
    cr_assert_eq(h->n, 2357);
    cr_assert_eq(h->duration_holdout, 39.0);
    double fcal = 0, fhold = 0;
    for (size_t i = 0; i < h->n; i++) {
        cr_assert_eq(h->customer[i], i);
        cr_assert_eq(h->frequency_cal[i], summary.x[i], "customer %zu", i + 1);
        cr_assert(fabs(h->recency_cal[i] - summary.tx[i]) <= 0.005 + 1e-9, "customer %zu", i + 1);
        cr_assert(fabs(h->T_cal[i] - summary.T[i]) <= 0.005 + 1e-9, "customer %zu", i + 1);
        fcal += h->frequency_cal[i];
        fhold += h->frequency_holdout[i];
    }
    cr_assert_eq(fcal, 2457.0);
    cr_assert_eq(fhold, 1882.0);
    assert_rel(h->recency_cal[0], 30.4285714286, 1e-11, "recency_cal[0]");
    assert_rel(h->T_cal[0], 38.8571428571, 1e-11, "T_cal[0]");
    cr_assert_eq(h->frequency_holdout[0], 1.0);
    assert_rel(h->monetary_value_holdout[0], 26.48, 1e-12, "monetary_value_holdout[0]");
    co_holdout_data_free(h);
}

/* Weekly periods (ISO weeks): reference sums 2216 (calibration) and 1788
 * (holdout), duration 39 weeks; customer 18: f_cal 1, T_cal 39, f_hold 0. */
Test(holdout_cdnow, weekly_periods_match_pandas)
{
    co_holdout_data *h = cdnow_split(CO_PERIOD_WEEK, 1.0);
    double fcal = 0, fhold = 0;
    for (size_t i = 0; i < h->n; i++) {
        fcal += h->frequency_cal[i];
        fhold += h->frequency_holdout[i];
    }
    cr_assert_eq(fcal, 2216.0);
    cr_assert_eq(fhold, 1788.0);
    cr_assert_eq(h->duration_holdout, 39.0);
    cr_assert_eq(h->frequency_cal[17], 1.0);
    cr_assert_eq(h->T_cal[17], 39.0);
    co_holdout_data_free(h);
}

/* The 39-week forecasts at the scipy estimates (reference: total, MAE, RMSE,
 * correlation). BG/NBD: 1653.41603542, 0.785454388951, 1.60798227731,
 * 0.625647452083; Pareto/NBD: 1665.52946222, 0.754525207628, 1.60284832603,
 * 0.630222529754; actual total 1882. */
Test(holdout_cdnow, forecast_totals_and_errors_match_scipy)
{
    co_holdout_data *h = cdnow_split(CO_PERIOD_DAY, 7.0);
    const co_btyd_model bg = {CO_BTYD_BGNBD,
                              {0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218}};
    const co_btyd_model pn = {CO_BTYD_PARETONBD,
                              {0.553275490167, 10.5776120186, 0.606213594822, 11.6679112693}};
    const double want[2][4] = {{1653.41603542, 0.785454388951, 1.60798227731, 0.625647452083},
                               {1665.52946222, 0.754525207628, 1.60284832603, 0.630222529754}};
    const co_btyd_model *models[2] = {&bg, &pn};
    double *pred = malloc(h->n * sizeof *pred);
    for (int k = 0; k < 2; k++) {
        cr_assert_eq(co_holdout_predict(models[k], h->frequency_cal, h->recency_cal, h->T_cal, h->n,
                                        h->duration_holdout, pred),
                     CO_OK, "%s", co_errmsg());
        co_holdout_metrics m = {.size = sizeof m};
        cr_assert_eq(co_holdout_score(h->frequency_holdout, pred, h->n, &m), CO_OK);
        assert_rel(m.predicted_total, want[k][0], 1e-9, "total");
        assert_rel(m.mae, want[k][1], 1e-9, "mae");
        assert_rel(m.rmse, want[k][2], 1e-9, "rmse");
        assert_rel(m.correlation, want[k][3], 1e-9, "correlation");
        cr_assert_eq(m.actual_total, 1882.0);
        assert_rel(m.total_error, want[k][0] - 1882.0, 1e-9, "total error");
    }
    free(pred);
    co_holdout_data_free(h);
}

/* The comparison fits both models itself (log-likelihoods near the
 * papers' -9582.4 and -9595.0) and scores the baselines (reference: rate carried
 * forward total 2930.10112572, MAE 1.02366916327; no purchases MAE
 * 0.798472634705, RMSE 2.20636638146). Pareto/NBD has the lowest MAE (more
 * than 1% below BG/NBD's) and beats both baselines. */
Test(holdout_cdnow, comparison_recommends_the_lowest_mae)
{
    co_holdout_data *h = cdnow_split(CO_PERIOD_DAY, 7.0);
    co_holdout_comparison *c = NULL;
    cr_assert_eq(co_holdout_compare(h->frequency_cal, h->recency_cal, h->T_cal,
                                    h->frequency_holdout, h->n, h->duration_holdout, NULL, &c),
                 CO_OK, "%s", co_errmsg());
    cr_assert_eq(c->n, CO_FORECAST_COUNT);
    const co_holdout_row *r = c->rows;
    cr_assert_eq(r[CO_FORECAST_BGNBD].status, CO_OK);
    cr_assert_eq(r[CO_FORECAST_PARETONBD].status, CO_OK);
    /* The papers' -9582.4 and -9595.0 (the split's durations are exact, the
     * published summary's rounded to two decimals: the likelihoods differ by < 0.01). */
    const co_holdout_row *bg = &r[CO_FORECAST_BGNBD];
    cr_assert(fabs(bg->log_likelihood + 9582.4) < 0.05, "bg ll %.6f", bg->log_likelihood);
    cr_assert(fabs(r[CO_FORECAST_PARETONBD].log_likelihood + 9595.0) < 0.05);
    /* AIC = 2 k - 2 ll, BIC = k ln n - 2 ll with k = 4, n = 2357. */
    assert_rel(bg->aic, 8.0 - 2.0 * bg->log_likelihood, 1e-15, "bg aic");
    assert_rel(bg->bic, 4.0 * log(2357.0) - 2.0 * bg->log_likelihood, 1e-15, "bg bic");
    assert_rel(r[CO_FORECAST_BGNBD].mae, 0.785454388951, 1e-5, "bg mae");
    assert_rel(r[CO_FORECAST_PARETONBD].mae, 0.754525207628, 1e-5, "pn mae");
    assert_rel(r[CO_FORECAST_BGNBD].predicted_total, 1653.41603542, 1e-5, "bg total");
    assert_rel(r[CO_FORECAST_PARETONBD].predicted_total, 1665.52946222, 1e-5, "pn total");
    assert_rel(r[CO_FORECAST_RATE].predicted_total, 2930.10112572, 1e-10, "rate total");
    assert_rel(r[CO_FORECAST_RATE].mae, 1.02366916327, 1e-10, "rate mae");
    assert_rel(r[CO_FORECAST_NOTHING].mae, 0.798472634705, 1e-10, "nothing mae");
    assert_rel(r[CO_FORECAST_NOTHING].rmse, 2.20636638146, 1e-10, "nothing rmse");
    cr_assert(isnan(r[CO_FORECAST_NOTHING].correlation));
    cr_assert(isnan(r[CO_FORECAST_RATE].log_likelihood));
    cr_assert_eq(c->recommended, CO_FORECAST_PARETONBD);
    cr_assert_eq(c->reason, CO_CHOICE_LOWEST_MAE);
    cr_assert_eq(c->beats_baseline, 1);
    cr_assert_str_eq(co_forecaster_name(c->recommended), "Pareto/NBD");
    cr_assert_null(co_forecaster_name(CO_FORECAST_COUNT));
    co_holdout_comparison_free(c);
    co_holdout_data_free(h);
}

/* Reference (BG/NBD at the scipy estimate), buckets 0..6 and 7+: customers 1411,
 * 439, 214, 100, 62, 38, 29, 64; mean actual 0.236711552091, 0.697038724374,
 * 1.39252336449, 1.56, 2.53225806452, 2.94736842105, 3.86206896552, 6.359375; mean
 * predicted 0.225085992037, 0.523126762194, 1.04413688205, 1.52029112214,
 * 2.163887762, 2.65387660551, 3.50408835756, 6.15727706969. */
Test(holdout_cdnow, calibration_vs_holdout_by_frequency)
{
    co_holdout_data *h = cdnow_split(CO_PERIOD_DAY, 7.0);
    const co_btyd_model bg = {CO_BTYD_BGNBD,
                              {0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218}};
    double *pred = malloc(h->n * sizeof *pred);
    cr_assert_eq(co_holdout_predict(&bg, h->frequency_cal, h->recency_cal, h->T_cal, h->n,
                                    h->duration_holdout, pred),
                 CO_OK);
    double n[8], act[8], pre[8];
    cr_assert_eq(co_holdout_by_frequency(h->frequency_cal, h->frequency_holdout, pred, h->n, 7, n,
                                         act, pre),
                 CO_OK);
    const double wn[] = {1411, 439, 214, 100, 62, 38, 29, 64};
    const double wa[] = {0.236711552091, 0.697038724374, 1.39252336449, 1.56,
                         2.53225806452,  2.94736842105,  3.86206896552, 6.359375};
    const double wp[] = {0.225085992037, 0.523126762194, 1.04413688205, 1.52029112214,
                         2.163887762,    2.65387660551,  3.50408835756, 6.15727706969};
    for (int k = 0; k < 8; k++) {
        cr_assert_eq(n[k], wn[k], "bucket %d", k);
        assert_rel(act[k], wa[k], 1e-11, "mean actual");
        assert_rel(pre[k], wp[k], 1e-9, "mean predicted");
    }
    free(pred);
    co_holdout_data_free(h);
}

/* Reference: observed 1411, 439, 214, 100, 62, 38, 29, 64 customers with 0..6, 7+
 * repeat purchases; BG/NBD expects 1407.6843882, 460.324544763, 192.460320625,
 * 101.163472115, 59.8467268176, 38.1195791448, 25.5491052735, 71.851863061. */
Test(holdout_cdnow, period_transactions_match_scipy)
{
    const co_btyd_model bg = {CO_BTYD_BGNBD,
                              {0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218}};
    co_holdout_data *h = cdnow_split(CO_PERIOD_DAY, 7.0);
    double obs[8], ex[8];
    cr_assert_eq(co_period_transactions(&bg, h->frequency_cal, h->T_cal, h->n, 7, obs, ex), CO_OK,
                 "%s", co_errmsg());
    co_holdout_data_free(h);
    const double wo[] = {1411, 439, 214, 100, 62, 38, 29, 64};
    const double we[] = {1407.6843882,  460.324544763, 192.460320625, 101.163472115,
                         59.8467268176, 38.1195791448, 25.5491052735, 71.851863061};
    for (int k = 0; k < 8; k++) {
        cr_assert_eq(obs[k], wo[k], "bucket %d", k);
        assert_rel(ex[k], we[k], 1e-6, "expected");
    }
}

/* R BTYD walkthrough (cum.tracking[, 20:25], Pareto/NBD on the CDNOW calibration,
 * as lifetimes' tests quote it): actual 1359 1414 1484 1517 1573 1672, expected
 * 1309 1385 1460 1533 1604 1674 (rounded); days, multiplier 7, t = 25 weeks. */
Test(holdout_cdnow, cumulative_transactions_match_the_btyd_walkthrough)
{
    const co_btyd_model pn = {CO_BTYD_PARETONBD,
                              {0.553275490167, 10.5776120186, 0.606213594822, 11.6679112693}};
    double act[25], pre[25];
    cr_assert_eq(co_expected_cumulative_transactions(&pn, cdlog.cust, cdlog.day, cdlog.n, 2357,
                                                     CO_PERIOD_DAY, 7, 25 * 7, act, pre),
                 CO_OK, "%s", co_errmsg());
    const double wa[] = {1359, 1414, 1484, 1517, 1573, 1672};
    const double wp[] = {1309, 1385, 1460, 1533, 1604, 1674};
    for (int j = 0; j < 6; j++) {
        cr_assert_eq(act[19 + j], wa[j], "week %d", 20 + j);
        cr_assert_eq(round(pre[19 + j]), wp[j], "week %d: %.3f", 20 + j, pre[19 + j]);
    }
    /* inc.tracking[, 20:25] expected: 78.31 76.42 74.65 72.98 71.41 69.93 (two decimals,
     * from R's slightly different estimate: within 0.01). */
    const double winc[] = {78.31, 76.42, 74.65, 72.98, 71.41, 69.93};
    for (int j = 0; j < 6; j++)
        cr_assert(fabs(pre[19 + j] - pre[18 + j] - winc[j]) <= 0.01, "week %d", 20 + j);
}

/* lifetimes' daily case: BG/NBD fitted on the daily calibration summary, the first
 * 14 days; published last four: actual 11 12 15 19, predicted 10.67 12.67 14.87 17.24. */
Test(holdout_cdnow, cumulative_transactions_daily_as_lifetimes)
{
    co_holdout_data *h = cdnow_split(CO_PERIOD_DAY, 1.0);
    co_bgnbd_params p;
    cr_assert_eq(co_bgnbd_fit(h->frequency_cal, h->recency_cal, h->T_cal, NULL, h->n, NULL, &p,
                              NULL),
                 CO_OK);
    const co_btyd_model bg = {CO_BTYD_BGNBD, {p.r, p.alpha, p.a, p.b}};
    double act[14], pre[14];
    cr_assert_eq(co_expected_cumulative_transactions(&bg, cdlog.cust, cdlog.day, cdlog.n, 2357,
                                                     CO_PERIOD_DAY, 1, 14, act, pre),
                 CO_OK);
    const double wa[] = {11, 12, 15, 19}, wp[] = {10.67, 12.67, 14.87, 17.24};
    for (int j = 0; j < 4; j++) {
        cr_assert_eq(act[10 + j], wa[j]);
        cr_assert(fabs(pre[10 + j] - wp[j]) <= 0.0051, "day %d: %.4f", 11 + j, pre[10 + j]);
    }
    co_holdout_data_free(h);
}

/* ---- P(alive) path ---- */

/* BG/NBD at the published estimate, purchases on days 0 and 2 (and again on
 * day 2), then day 4: ages 0, 1 have frequency 0 (P = 1); by hand
 * P = 1 / (1 + a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)):
 * T = 2: x 1, t_x 2 -> 0.753650201926; T = 3: 0.718711930642;
 * T = 4: x 2, t_x 4 -> 0.812040767954; T = 5: 0.770552652762. */
Test(alive_path, bgnbd_by_hand)
{
    const co_btyd_model bg = {CO_BTYD_BGNBD, {0.243, 4.414, 0.793, 2.426}};
    const co_day days[] = {10004, 10000, 10002, 10002};
    double out[6];
    cr_assert_eq(co_alive_path(&bg, days, 4, CO_PERIOD_DAY, 5, out), CO_OK, "%s", co_errmsg());
    const double want[] = {
        1, 1, 0.753650201926064, 0.7187119306423656, 0.8120407679544915, 0.7705526527615597};
    for (int i = 0; i < 6; i++)
        assert_rel(out[i], want[i], 1e-13, "P(alive)");
    /* Weekly: day 10000 (1997-05-19) is a Monday; days 10000-10006 are one week. */
    const co_day week[] = {10000, 10006, 10016};
    cr_assert_eq(co_alive_path(&bg, week, 3, CO_PERIOD_WEEK, 3, out), CO_OK);
    cr_assert_eq(out[0], 1.0);
    cr_assert_eq(out[1], 1.0);
    assert_rel(out[2], 0.753650201926064, 1e-13, "weekly");
    double keep = out[0];
    cr_assert_eq(co_alive_path(&bg, week, 0, CO_PERIOD_WEEK, 3, out), CO_EINVAL);
    cr_assert_eq(co_alive_path(&bg, week, 3, CO_PERIOD_MONTH, 3, out), CO_EINVAL);
    const co_btyd_model bad = {(co_btyd_model_kind)7, {1, 1, 1, 1}};
    cr_assert_eq(co_alive_path(&bad, week, 3, CO_PERIOD_WEEK, 3, out), CO_EINVAL);
    cr_assert_eq(out[0], keep);
}

/* ---- scores ---- */

/* By hand: actual 0 1 2 4, predicted 1 1 1 1 -> errors 1 0 -1 -3: MAE 5/4, RMSE
 * sqrt(11/4); predicted constant, so no correlation; totals 7 and 4. Predicted
 * 0 2 2 5: errors 0 1 0 1, MAE 0.5, RMSE sqrt(0.5); correlation: deviations of
 * actual (-1.75 -0.75 0.25 2.25), predicted (-2.25 -0.25 -0.25 2.75): cov 10.25,
 * var 8.75 and 12.75 -> 10.25 / sqrt(8.75 * 12.75) = 0.970442... */
Test(holdout_score, by_hand)
{
    const double a[] = {0, 1, 2, 4}, p1[] = {1, 1, 1, 1}, p2[] = {0, 2, 2, 5};
    co_holdout_metrics m = {.size = sizeof m};
    cr_assert_eq(co_holdout_score(a, p1, 4, &m), CO_OK);
    cr_assert_eq(m.mae, 1.25);
    assert_rel(m.rmse, sqrt(2.75), 1e-15, "rmse");
    cr_assert(isnan(m.correlation));
    cr_assert_eq(m.actual_total, 7.0);
    cr_assert_eq(m.predicted_total, 4.0);
    cr_assert_eq(m.total_error, -3.0);
    cr_assert_eq(co_holdout_score(a, p2, 4, &m), CO_OK);
    cr_assert_eq(m.mae, 0.5);
    assert_rel(m.correlation, 10.25 / sqrt(8.75 * 12.75), 1e-14, "correlation");
    /* An older, smaller struct gets the fields that fit. */
    struct {
        size_t size;
        double mae;
    } old = {sizeof old, -1};
    cr_assert_eq(co_holdout_score(a, p2, 4, (co_holdout_metrics *)(void *)&old), CO_OK);
    cr_assert_eq(old.mae, 0.5);
    const double nan_p[] = {0, NAN, 0, 0};
    co_holdout_metrics keep = m;
    cr_assert_eq(co_holdout_score(a, nan_p, 4, &m), CO_EINVAL);
    cr_assert_eq(co_holdout_score(a, p2, 0, &m), CO_EINVAL);
    cr_assert(memcmp(&keep, &m, sizeof m) == 0);
}

/* Buckets by hand: frequencies 0 0 1 5 with max 2 -> buckets 0 (2 customers), 1
 * (1), 2+ (1). */
Test(holdout_score, by_frequency_buckets_by_hand)
{
    const double f[] = {0, 0, 1, 5}, a[] = {1, 0, 2, 6}, p[] = {0.5, 0.5, 1, 4};
    double n[3], ma[3], mp[3];
    cr_assert_eq(co_holdout_by_frequency(f, a, p, 4, 2, n, ma, mp), CO_OK);
    cr_assert_eq(n[0], 2.0);
    cr_assert_eq(ma[0], 0.5);
    cr_assert_eq(mp[0], 0.5);
    cr_assert_eq(n[2], 1.0);
    cr_assert_eq(ma[2], 6.0);
    cr_assert_eq(mp[2], 4.0);
    double n4[4], ma4[4], mp4[4];
    cr_assert_eq(co_holdout_by_frequency(f, a, p, 3, 3, n4, ma4, mp4), CO_OK);
    cr_assert_eq(n4[2], 0.0);
    cr_assert(isnan(ma4[2]));
    const double bad[] = {0, -1, 0, 0};
    cr_assert_eq(co_holdout_by_frequency(bad, a, p, 4, 2, n, ma, mp), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "frequency_cal[1] = -1 is not a count >= 0");
}

/* A store's orders give the same split as its arrays. */
Test(holdout_split, from_a_store)
{
    co_store *s = NULL;
    cr_assert_eq(co_store_new(&s), CO_OK);
    co_day d[SMALL_N];
    small_days(d);
    for (size_t c = 0; c < 6; c++) {
        co_customer_input in;
        co_customer_input_init(&in, sizeof in);
        char id[8];
        snprintf(id, sizeof id, "c%zu", c);
        in.id = id;
        cr_assert_eq(co_store_add_customer(s, &in, NULL), CO_OK, "%s", co_errmsg());
    }
    for (size_t i = 0; i < SMALL_N; i++) {
        char id[8], oid[8];
        snprintf(id, sizeof id, "c%zu", small_cust[i]);
        snprintf(oid, sizeof oid, "o%zu", i);
        cr_assert_eq(co_store_add_order(s, oid, id, d[i], small_amount[i]), CO_OK);
    }
    co_holdout_data *h = NULL;
    cr_assert_eq(co_store_calibration_holdout(s, day("2015-02-01"), day("2015-02-07"),
                                              CO_PERIOD_DAY, 1.0, &h),
                 CO_OK);
    cr_assert_eq(h->n, 5);
    cr_assert_eq(h->monetary_value_cal[4], 4.5);
    cr_assert_eq(h->frequency_holdout[3], 2.0);
    cr_assert_eq(h->T_cal[2], 31.0);
    co_holdout_data_free(h);
    cr_assert_eq(co_store_calibration_holdout(NULL, 0, 1, CO_PERIOD_DAY, 1.0, &h), CO_EINVAL);
    co_store_free(s);
}

/* ---- allocation failures: CO_ENOMEM, nothing leaked, outputs untouched ---- */

static co_holdout_data *sweep_split;
static co_holdout_comparison *sweep_cmp;
static double sweep_out[64];

static int op_split(void *ctx)
{
    (void)ctx;
    co_day d[SMALL_N];
    for (size_t i = 0; i < SMALL_N; i++)
        d[i] = 16436 + (co_day)(i * 3); /* 2015-01-01 on, every third day */
    co_holdout_data_free(sweep_split);
    sweep_split = NULL;
    return co_calibration_holdout(small_cust, d, small_amount, SMALL_N, 6, 16456, 16480,
                                  CO_PERIOD_DAY, 1.0, &sweep_split);
}

static int op_compare(void *ctx)
{
    const co_holdout_data *h = ctx;
    return co_holdout_compare(h->frequency_cal, h->recency_cal, h->T_cal, h->frequency_holdout,
                              h->n, h->duration_holdout, NULL, &sweep_cmp);
}

static const co_btyd_model sweep_bg = {CO_BTYD_BGNBD, {0.243, 4.414, 0.793, 2.426}};

static int op_checks(void *ctx)
{
    const co_holdout_data *h = ctx;
    double obs[4], ex[4], act[8], pre[8];
    int rc = co_period_transactions(&sweep_bg, h->frequency_cal, h->T_cal, h->n, 3, obs, ex);
    if (rc == CO_OK)
        rc = co_holdout_predict(&sweep_bg, h->frequency_cal, h->recency_cal, h->T_cal, h->n,
                                h->duration_holdout, sweep_out);
    if (rc == CO_OK)
        rc = co_expected_cumulative_transactions(&sweep_bg, cdlog.cust, cdlog.day, 200, 2357,
                                                 CO_PERIOD_WEEK, 1, 8, act, pre);
    if (rc == CO_OK)
        rc = co_alive_path(&sweep_bg, cdlog.day, 3, CO_PERIOD_DAY, 40, sweep_out);
    return rc;
}

static void no_split(void *ctx)
{
    (void)ctx;
    cr_assert_null(sweep_split);
}

static void no_comparison(void *ctx)
{
    (void)ctx;
    cr_assert_null(sweep_cmp);
}

Test(holdout_cdnow, allocation_failures_leave_nothing_behind)
{
    cr_assert_gt(co_test_alloc_sweep(op_split, no_split, NULL), 0);
    cr_assert_eq(sweep_split->n, 4); /* orders 0-6 fall on or before day 16456: customers 0-3 */
    cr_assert_gt(co_test_alloc_sweep(op_checks, NULL, sweep_split), 0);
    co_holdout_data_free(sweep_split);
    sweep_split = NULL;
    co_holdout_data *h = cdnow_split(CO_PERIOD_WEEK, 1.0);
    cr_assert_gt(co_test_alloc_sweep(op_compare, no_comparison, h), 0);
    cr_assert_eq(sweep_cmp->reason, CO_CHOICE_LOWEST_MAE);
    co_holdout_comparison_free(sweep_cmp);
    co_holdout_data_free(h);
}

Test(holdout_score, comparison_refuses_bad_input)
{
    const double f[] = {0, 1}, r[] = {0, 2}, T[] = {5, 5}, hold[] = {0, -1};
    static char sentinel;
    co_holdout_comparison *const untouched = (co_holdout_comparison *)(void *)&sentinel;
    co_holdout_comparison *c = untouched; /* must stay */
    cr_assert_eq(co_holdout_compare(f, r, T, hold, 2, 5.0, NULL, &c), CO_EINVAL);
    cr_assert_str_eq(co_errmsg(), "frequency_holdout[1] = -1 is not a count >= 0");
    cr_assert_eq(co_holdout_compare(f, r, T, f, 0, 5.0, NULL, &c), CO_EINVAL);
    cr_assert_eq(co_holdout_compare(f, r, T, f, 2, NAN, NULL, &c), CO_EINVAL);
    cr_assert_eq(co_holdout_compare(NULL, r, T, f, 2, 5.0, NULL, &c), CO_EINVAL);
    co_btyd_fit_options opt;
    co_btyd_fit_options_init(&opt, sizeof opt);
    opt.size = 0;
    cr_assert_eq(co_holdout_compare(f, r, T, f, 2, 5.0, &opt, &c), CO_EINVAL);
    cr_assert_eq(c, untouched);
    co_holdout_comparison_free(NULL);
}

/* Any row's predictions, by hand: the rate baseline gives 2 / 4 x 8 = 4 for a
 * customer with 2 repeat purchases in 4 weeks and 0 for T = 0; "no purchases" 0;
 * a row whose fit failed predicts nothing. The BG/NBD row gives the model's
 * conditional expectation (checked against scipy above through co_holdout_predict). */
Test(holdout_score, row_predictions)
{
    const double f[] = {2, 0}, r[] = {3, 0}, T[] = {4, 0};
    double out[2] = {-1, -1};
    co_holdout_row row = {.forecaster = CO_FORECAST_RATE, .status = CO_OK};
    cr_assert_eq(co_holdout_row_predict(&row, f, r, T, 2, 8.0, out), CO_OK);
    cr_assert_eq(out[0], 4.0);
    cr_assert_eq(out[1], 0.0);
    row.forecaster = CO_FORECAST_NOTHING;
    out[0] = -1;
    cr_assert_eq(co_holdout_row_predict(&row, f, r, T, 2, 8.0, out), CO_OK);
    cr_assert_eq(out[0], 0.0);
    row = (co_holdout_row){.forecaster = CO_FORECAST_BGNBD,
                           .status = CO_OK,
                           .model = {CO_BTYD_BGNBD, {0.243, 4.414, 0.793, 2.426}}};
    double direct[2];
    co_bgnbd_params p = {0.243, 4.414, 0.793, 2.426};
    const double t[] = {8.0, 8.0};
    cr_assert_eq(co_bgnbd_conditional_expected_purchases(&p, t, f, r, T, 2, direct), CO_OK);
    cr_assert_eq(co_holdout_row_predict(&row, f, r, T, 2, 8.0, out), CO_OK);
    cr_assert_eq(out[0], direct[0]);
    row.status = CO_ENOCONV;
    out[0] = -1;
    cr_assert_eq(co_holdout_row_predict(&row, f, r, T, 2, 8.0, out), CO_EINVAL);
    cr_assert_eq(out[0], -1.0);
}
