/**
 * @file custorient/holdout.h
 * @brief Holdout validation of the purchase models (BG/NBD, Pareto/NBD):
 *        the calibration/holdout split of a transaction log, the model
 *        checks of `lifetimes` as numbers, forecast errors against naive
 *        baselines and a model comparison.
 *
 * The split follows `lifetimes.utils.calibration_and_holdout_data`: the
 * calibration period ends on `calibration_end` (inclusive), the holdout runs
 * from the day after to `observation_end` (inclusive). Transactions are
 * grouped into periods (days or ISO weeks, Monday to Sunday); a customer's
 * purchases in one period count once, and durations are in periods divided by
 * `multiplier` (days with multiplier 7 give weeks at a resolution of days, as
 * the CDNOW summaries of Fader, Hardie and Lee are built).
 *
 * Every function is reentrant and keeps no state; outputs are written only on
 * success. docs/models.md ("Validation") gives the definitions.
 */
#ifndef CUSTORIENT_HOLDOUT_H
#define CUSTORIENT_HOLDOUT_H

#include <stddef.h>

#include "custorient/btyd.h"
#include "custorient/core.h"
#include "custorient/store.h"
#include "custorient/units.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Calibration / holdout split ---------------------------------------- */

/**
 * Per-customer calibration and holdout figures, one row per customer with a
 * purchase in the calibration period, in customer order. Durations are in
 * periods / multiplier.
 *
 * ABI: allocated and freed by the library only, so it can grow at the end:
 * never allocate, copy or take the sizeof of a co_holdout_data.
 */
typedef struct co_holdout_data {
    size_t n;                       /**< rows */
    size_t *customer;               /**< customer index of each row */
    double *frequency_cal;          /**< calibration periods with a purchase, minus one */
    double *recency_cal;            /**< first to last purchase period in the calibration */
    double *T_cal;                  /**< first purchase period to the calibration end's period */
    double *monetary_value_cal;     /**< mean spend per repeat period (the first period's
                                         spend excluded); 0 when frequency_cal is 0 */
    double *frequency_holdout;      /**< holdout periods with a purchase (every one counts) */
    double *monetary_value_holdout; /**< mean amount of the holdout transactions (each
                                         transaction, not each period, as lifetimes); 0 if none */
    double duration_holdout;        /**< calibration end's period to the observation end's */
} co_holdout_data;

/**
 * Split a transaction log at `calibration_end`.
 * @param customer   n customer indices, each < n_customers.
 * @param day        n transaction days; those after `observation_end` are ignored.
 * @param amount     n finite amounts, or NULL (monetary columns are then 0).
 * @param period     CO_PERIOD_DAY or CO_PERIOD_WEEK.
 * @param multiplier periods per unit of the output durations, finite and > 0 (1: durations in
 *                   periods; 7 with days: weeks).
 * @param[out] out   the split; caller frees with co_holdout_data_free().
 * @return CO_OK; CO_EINVAL for a NULL argument (with n > 0), another period, a bad
 *         multiplier, an `observation_end` not after `calibration_end` or a non-finite
 *         amount; CO_ERANGE for a customer index >= n_customers or a day outside years
 *         0001-9999, naming the index; CO_EOVERFLOW for n_customers = SIZE_MAX; CO_ENOMEM.
 */
CO_API int co_calibration_holdout(const size_t *customer, const co_day *day, const double *amount,
                                  size_t n, size_t n_customers, co_day calibration_end,
                                  co_day observation_end, co_period period, double multiplier,
                                  co_holdout_data **out);

/**
 * co_calibration_holdout() over the orders of a store (customer indices are
 * store indices, amounts the order amounts).
 * @return as co_calibration_holdout(); CO_EINVAL also for a NULL store.
 */
CO_API int co_store_calibration_holdout(const co_store *store, co_day calibration_end,
                                        co_day observation_end, co_period period, double multiplier,
                                        co_holdout_data **out);

/** Free a split; NULL is a no-op. */
CO_API void co_holdout_data_free(co_holdout_data *data);

/* ---- A fitted purchase model --------------------------------------------- */

/** Which purchase model a co_btyd_model holds. */
typedef enum co_btyd_model_kind {
    CO_BTYD_BGNBD = 0,    /**< param = r, alpha, a, b */
    CO_BTYD_PARETONBD = 1 /**< param = r, alpha, s, beta */
} co_btyd_model_kind;

/** A fitted BG/NBD or Pareto/NBD, so the checks below take either.
 *  ABI: frozen, the parameters of a published model never change. */
typedef struct co_btyd_model {
    co_btyd_model_kind kind;
    double param[4];
} co_btyd_model;

/* ---- Model checks --------------------------------------------------------- */

/**
 * Observed and model-expected number of customers by repeat purchases in
 * their calibration time: bucket k < max_count holds customers with
 * frequency k, bucket max_count those with max_count or more. The expected
 * count is sum_i P(X(T[i]) = k) (the "k+" bucket n minus the others), the
 * analytic counterpart of lifetimes' plot_period_transactions.
 * @param observed, expected max_count + 1 values each.
 * @return CO_OK; CO_EINVAL for a NULL argument, an unknown model kind or bad
 *         customer data (as the model's functions); CO_ENOCONV; CO_ENOMEM.
 */
CO_API int co_period_transactions(const co_btyd_model *model, const double *frequency,
                                  const double *T, size_t n, size_t max_count, double *observed,
                                  double *expected);

/**
 * Mean actual and predicted holdout purchases by calibration frequency
 * (buckets as co_period_transactions(): 0, 1, ..., max_count or more).
 * Empty buckets give 0 customers and NaN means. The bias of a bucket is
 * mean_predicted - mean_actual.
 * @param customers, mean_actual, mean_predicted max_count + 1 values each.
 * @return CO_OK; CO_EINVAL for a NULL argument or a negative or non-finite value.
 */
CO_API int co_holdout_by_frequency(const double *frequency_cal, const double *actual,
                                   const double *predicted, size_t n, size_t max_count,
                                   double *customers, double *mean_actual, double *mean_predicted);

/**
 * Holdout purchases predicted by `model` for n customers: the conditional
 * expectation over `duration` (duration_holdout) given each calibration history
 * (the calibration columns of a co_holdout_data, or any in the same unit).
 * @param out n values.
 * @return CO_OK; CO_EINVAL (NULL, model, bad history or duration); CO_ENOCONV; CO_ENOMEM.
 */
CO_API int co_holdout_predict(const co_btyd_model *model, const double *frequency_cal,
                              const double *recency_cal, const double *T_cal, size_t n,
                              double duration, double *out);

/**
 * Actual and expected cumulative repeat transactions over calendar time, as
 * lifetimes' expected_cumulative_transactions: periods are counted from the
 * period of the first transaction; a customer's first period holds its first
 * purchase, every later period with a purchase one repeat transaction. Entry
 * j (0-based) covers periods 0 .. (j + 1) multiplier - 1: actual[j] counts the
 * repeat transactions in them, predicted[j] = sum over customers born in a
 * period p < (j + 1) multiplier of E[X(((j + 1) multiplier - p) / multiplier)].
 * Transactions after period t are ignored.
 * @param multiplier periods per model time unit (>= 1), as the fit's data.
 * @param actual, predicted t / multiplier values each.
 * @return CO_OK; CO_EINVAL (NULL, period, multiplier 0, model); CO_ERANGE
 *         (customer index or day); CO_ENOCONV; CO_ENOMEM.
 */
CO_API int co_expected_cumulative_transactions(const co_btyd_model *model, const size_t *customer,
                                               const co_day *day, size_t n, size_t n_customers,
                                               co_period period, unsigned multiplier, size_t t,
                                               double *actual, double *predicted);

/**
 * One customer's P(alive) path, as lifetimes' calculate_alive_path: periods
 * are counted from the period of the customer's first transaction; at age
 * T = 0..t the history is (periods with a purchase up to T minus one, last
 * such period, T), in periods.
 * @param day   the customer's n >= 1 transaction days, any order.
 * @param out   t + 1 values.
 * @return CO_OK; CO_EINVAL (NULL, n = 0, period, model); CO_ERANGE (a day);
 *         CO_ENOCONV; CO_ENOMEM.
 */
CO_API int co_alive_path(const co_btyd_model *model, const co_day *day, size_t n, co_period period,
                         size_t t, double *out);

/* ---- Forecast errors and model choice ------------------------------------- */

/**
 * Forecast errors of per-customer holdout predictions. Sized by the caller:
 * `co_holdout_metrics m = {.size = sizeof m};`.
 */
typedef struct co_holdout_metrics {
    size_t size;            /**< In: sizeof(co_holdout_metrics) as the caller knows it. */
    double mae;             /**< mean |predicted - actual| */
    double rmse;            /**< sqrt(mean (predicted - actual)^2) */
    double correlation;     /**< Pearson correlation; NaN if either side is constant */
    double actual_total;    /**< sum of actual */
    double predicted_total; /**< sum of predicted */
    double total_error;     /**< predicted_total - actual_total */
} co_holdout_metrics;

/**
 * Errors of `predicted` against `actual` (n >= 1 finite values each).
 * @return CO_OK; CO_EINVAL for NULL, n = 0, a non-finite value or a bad size.
 */
CO_API int co_holdout_score(const double *actual, const double *predicted, size_t n,
                            co_holdout_metrics *out);

/** The forecasters a comparison ranks. */
typedef enum co_forecaster {
    CO_FORECAST_BGNBD = 0,     /**< BG/NBD fitted on the calibration period */
    CO_FORECAST_PARETONBD = 1, /**< Pareto/NBD fitted on the calibration period */
    CO_FORECAST_RATE = 2,      /**< baseline: frequency_cal / T_cal per unit, carried forward
                                    (0 when T_cal is 0) */
    CO_FORECAST_NOTHING = 3,   /**< baseline: no more purchases */
    CO_FORECAST_COUNT = 4
} co_forecaster;

/** Name of a forecaster ("BG/NBD", "Pareto/NBD", "rate carried forward", "no purchases"),
 *  static; NULL for another value. */
CO_API const char *co_forecaster_name(co_forecaster forecaster);

/** Why a comparison recommends its model. */
typedef enum co_choice_reason {
    CO_CHOICE_LOWEST_MAE = 0,    /**< the lowest holdout MAE */
    CO_CHOICE_CLOSE_MAE_BIC = 1, /**< MAEs within 1% of each other: the lower BIC */
    CO_CHOICE_ONLY_FIT = 2,      /**< the other model could not be fitted */
    CO_CHOICE_NONE = 3           /**< no model could be fitted; nothing recommended */
} co_choice_reason;

/** One line of a comparison. ABI: frozen (array element). */
typedef struct co_holdout_row {
    co_forecaster forecaster;
    int status;            /**< CO_OK, or the fit's status (the figures are then NaN) */
    co_btyd_model model;   /**< the fitted model (BG/NBD and Pareto/NBD rows) */
    double log_likelihood; /**< calibration log-likelihood; NaN for baselines */
    double aic;            /**< 2 k - 2 log-likelihood (k = 4); NaN for baselines */
    double bic;            /**< k ln(customers) - 2 log-likelihood; NaN for baselines */
    double mae, rmse, correlation, actual_total, predicted_total, total_error;
} co_holdout_row;

/**
 * A comparison of the models and the baselines on a split.
 * ABI: allocated and freed by the library only; it may grow at the end.
 */
typedef struct co_holdout_comparison {
    size_t n; /**< rows: CO_FORECAST_COUNT, in co_forecaster order */
    co_holdout_row *rows;
    co_forecaster recommended; /**< CO_FORECAST_BGNBD or _PARETONBD; unset for CO_CHOICE_NONE */
    co_choice_reason reason;
    int beats_baseline; /**< 1 if the recommended model's MAE is below both baselines' */
} co_holdout_comparison;

/**
 * Fit BG/NBD and Pareto/NBD on the calibration columns of n customers, predict
 * their holdout purchases over `duration`, and score both models and the two
 * baselines against `frequency_holdout`. The recommended model has the lowest
 * holdout MAE, unless the two MAEs lie within 1% of each other, when the lower
 * BIC decides (a better account of the calibration data at no cost in
 * forecasts). A model that fails to fit is kept as a row with its status.
 * The columns are those of a co_holdout_data.
 * @param opt NULL for the default fit options.
 * @param[out] out caller frees with co_holdout_comparison_free().
 * @return CO_OK (also when no model could be fitted: see `reason`); CO_EINVAL
 *         for NULL, n = 0, a bad holdout count or duration, or bad options; CO_ENOMEM.
 */
CO_API int co_holdout_compare(const double *frequency_cal, const double *recency_cal,
                              const double *T_cal, const double *frequency_holdout, size_t n,
                              double duration, const co_btyd_fit_options *opt,
                              co_holdout_comparison **out);

/**
 * Holdout predictions of one comparison row's forecaster for n customers over
 * `duration`: the fitted model's conditional expectation, the rate baseline
 * frequency_cal / T_cal x duration (0 when T_cal is 0), or 0. With
 * co_holdout_by_frequency() it gives any forecaster's bias by calibration frequency.
 * @param out n values.
 * @return CO_OK; CO_EINVAL (NULL, a row of another forecaster or whose fit failed, bad
 *         input); CO_ENOCONV; CO_ENOMEM.
 */
CO_API int co_holdout_row_predict(const co_holdout_row *row, const double *frequency_cal,
                                  const double *recency_cal, const double *T_cal, size_t n,
                                  double duration, double *out);

/** Free a comparison; NULL is a no-op. */
CO_API void co_holdout_comparison_free(co_holdout_comparison *comparison);

#ifdef __cplusplus
}
#endif

#endif
