"""Holdout validation of the purchase models on pandas transaction tables.

The functions keep the names, arguments and results of ``lifetimes.utils``::

    summary = calibration_and_holdout_data(tx, "id", "date", "1997-09-30", "1998-06-30",
                                           freq="D", freq_multiplier=7)
    bgf = BetaGeoFitter().fit(summary["frequency_cal"], summary["recency_cal"],
                              summary["T_cal"])
    calibration_vs_holdout(bgf, summary)       # mean holdout purchases by frequency_cal
    compare_models(summary).summary()          # BG/NBD vs Pareto/NBD vs baselines

The computations are the library's (custorient/holdout.h); these functions
only turn tables into arrays and back. They need pandas. Periods are days
("D") or ISO weeks ("W", Monday to Sunday) for expected_cumulative_transactions
and calculate_alive_path; summary_data_from_transaction_data and
calibration_and_holdout_data take any pandas period frequency of fixed or mean
length (D, W, M, Q, Y, h, min, s). Timestamps count by their day for
frequencies of a day or longer, so a purchase on the calibration end day
belongs to the calibration period.
"""

from array import array

from . import capi as _capi
from . import _arrays
from .btyd import BetaGeoFitter, ParetoNBDFitter, _PurchaseFitter
from ._transactions import summary_frame, holdout_frame

__all__ = ["summary_data_from_transaction_data", "calibration_and_holdout_data", "expected_cumulative_transactions",
           "calculate_alive_path", "period_transactions", "calibration_vs_holdout",
           "holdout_metrics", "compare_models", "ModelComparison"]

_PERIODS = {"D": _capi.CO_PERIOD_DAY, "W": _capi.CO_PERIOD_WEEK, "W-SUN": _capi.CO_PERIOD_WEEK}
_METRICS = ("mae", "rmse", "correlation", "actual_total", "predicted_total", "total_error")


def _pd():
    import pandas
    return pandas


def _np():
    import numpy
    return numpy


def _period(freq):
    if freq not in _PERIODS:
        raise ValueError("freq must be 'D' (days) or 'W' (weeks), not %r" % (freq,))
    return _PERIODS[freq]


def _days(values, datetime_format=None):
    """Day numbers (days since 1970-01-01) of dates, as an int64 array."""
    pd, np = _pd(), _np()
    stamps = pd.to_datetime(values, format=datetime_format)
    return np.ascontiguousarray(np.asarray(stamps, dtype="datetime64[ns]")
                                .astype("datetime64[D]").astype(np.int64))


def _day(value, datetime_format=None):
    return int(_days([value], datetime_format)[0])


def _model(model):
    if not isinstance(model, _PurchaseFitter):
        raise TypeError("model must be a fitted BetaGeoFitter or ParetoNBDFitter")
    return model._model, model._require_fit()


def _customers(transactions, customer_id_col):
    """(codes as size_t, sorted distinct ids) of the customer column."""
    pd, np = _pd(), _np()
    codes, ids = pd.factorize(transactions[customer_id_col], sort=True)
    return np.ascontiguousarray(codes.astype(np.uint64)), ids


def summary_data_from_transaction_data(transactions, customer_id_col, datetime_col,
                                       monetary_value_col=None, datetime_format=None,
                                       observation_period_end=None, freq="D", freq_multiplier=1,
                                       include_first_transaction=False):
    """Per-customer frequency, recency, T[, monetary_value], as lifetimes defines them.

    One row per customer with a purchase in a period up to the period of
    ``observation_period_end`` (default: the last purchase), indexed by
    ``customer_id_col`` (any hashable ids; rows without an id are dropped) in
    sorted order, all columns float. Purchases in one period of ``freq`` count
    once; durations run between period starts and are in units of ``freq``
    (months and years: numpy's mean month and year, as lifetimes) divided by
    ``freq_multiplier``. monetary_value is the mean spend per repeat period (0
    without repeats). With include_first_transaction the first period counts in
    frequency and monetary_value too.
    """
    return summary_frame(transactions, customer_id_col, datetime_col, monetary_value_col,
                         datetime_format, observation_period_end, freq, freq_multiplier,
                         include_first_transaction)


def calibration_and_holdout_data(transactions, customer_id_col, datetime_col,
                                 calibration_period_end, observation_period_end=None, freq="D",
                                 freq_multiplier=1, datetime_format=None,
                                 monetary_value_col=None, include_first_transaction=False):
    """Per-customer calibration and holdout summary, as lifetimes defines it.

    One row per customer with a purchase on or before ``calibration_period_end``,
    indexed by ``customer_id_col`` in sorted order, with the columns
    frequency_cal, recency_cal, T_cal[, monetary_value_cal], frequency_holdout[,
    monetary_value_holdout], duration_holdout (durations in periods /
    freq_multiplier). Purchases after ``observation_period_end`` (default: the
    last purchase) are ignored. The calibration columns are those of
    summary_data_from_transaction_data() at the calibration end (freq and
    include_first_transaction as there); duration_holdout counts whole periods.
    ValueError when the holdout period holds no purchase.
    """
    if freq not in _PERIODS or include_first_transaction:
        return holdout_frame(transactions, customer_id_col, datetime_col, calibration_period_end,
                             observation_period_end, freq, freq_multiplier, datetime_format,
                             monetary_value_col, include_first_transaction)
    pd, np = _pd(), _np()
    period = _period(freq)
    days = _days(transactions[datetime_col], datetime_format)
    cal_end = _day(calibration_period_end, datetime_format)
    obs_end = int(days.max()) if observation_period_end is None else \
        _day(observation_period_end, datetime_format)
    if not ((days > cal_end) & (days <= obs_end)).any():
        raise ValueError("no purchase falls in the holdout period (%s, %s]: check "
                         "calibration_period_end and observation_period_end"
                         % (calibration_period_end, observation_period_end))
    codes, ids = _customers(transactions, customer_id_col)
    amount = None
    if monetary_value_col is not None:
        amount = np.ascontiguousarray(transactions[monetary_value_col], dtype=np.float64)
    k = len(ids)
    index, values, scalars = np.zeros(k, np.uint64), np.zeros(6 * k), np.zeros(2)
    _capi.co_py_calibration_holdout(codes, days, amount, k, cal_end, obs_end, period,
                                    float(freq_multiplier), index, values, scalars)
    rows = int(scalars[0])
    cols = values.reshape(6, k)[:, :rows]
    data = {"frequency_cal": cols[0], "recency_cal": cols[1], "T_cal": cols[2]}
    if amount is not None:
        data["monetary_value_cal"] = cols[3]
    data["frequency_holdout"] = cols[4]
    if amount is not None:
        data["monetary_value_holdout"] = cols[5]
    data["duration_holdout"] = np.full(rows, scalars[1])
    out = pd.DataFrame(data, index=pd.Index(ids[index[:rows].astype(np.int64)],
                                            name=customer_id_col))
    return out


def expected_cumulative_transactions(model, transactions, datetime_col, customer_id_col, t,
                                     datetime_format=None, freq="D", freq_multiplier=1,
                                     set_index_date=False):
    """Actual and model-expected cumulative repeat transactions, as lifetimes.

    A DataFrame with columns actual and predicted, t // freq_multiplier rows:
    row j covers the first (j + 1) freq_multiplier periods from the period of
    the first transaction. Indexed 0, 1, ... or, with set_index_date, by the
    last period each row covers.
    """
    pd, np = _pd(), _np()
    kind, params = _model(model)
    period = _period(freq)
    t = _arrays.as_int(t, "int64", "t")
    m = _arrays.as_int(freq_multiplier, "int32", "freq_multiplier")
    if t < 0 or m < 1:
        raise _arrays.RangeError("t must be >= 0 and freq_multiplier >= 1")
    days = _days(transactions[datetime_col], datetime_format)
    codes, ids = _customers(transactions, customer_id_col)
    points = t // m
    actual, predicted = np.zeros(points), np.zeros(points)
    _capi.co_py_cumulative_transactions(kind, params, codes, days, len(ids), period, m, t,
                                        actual, predicted)
    if set_index_date:
        start = pd.Timestamp(int(days.min()), unit="D").to_period(freq)
        index = pd.period_range(start, periods=t + 1, freq=freq)[m - 1:-1:m]
    else:
        index = range(points)
    return pd.DataFrame({"actual": actual, "predicted": predicted}, index=index)


def calculate_alive_path(model, transactions, datetime_col, t, freq="D"):
    """One customer's P(alive) at ages 0..t periods since the first purchase, as lifetimes
    (a Series of t + 1 values). ``transactions`` holds that customer's purchases only."""
    pd, np = _pd(), _np()
    kind, params = _model(model)
    t = _arrays.as_int(t, "int64", "t")
    if t < 0:
        raise _arrays.RangeError("t must be >= 0")
    days = _days(transactions[datetime_col])
    out = np.zeros(t + 1)
    _capi.co_py_alive_path(kind, params, days, _period(freq), t, out)
    return pd.Series(out)


def period_transactions(model, frequency, T, max_frequency=7):
    """Observed and model-expected number of customers by repeat purchases.

    A DataFrame indexed 0..max_frequency (the last row: max_frequency or more)
    with columns observed and expected (sum over customers of P(X(T) = k)): the
    numbers behind lifetimes' plot_period_transactions.
    """
    pd, np = _pd(), _np()
    kind, params = _model(model)
    f = np.ascontiguousarray(frequency, dtype=np.float64)
    T = np.ascontiguousarray(np.broadcast_to(np.asarray(T, dtype=np.float64), f.shape))
    k = _arrays.as_int(max_frequency, "int32", "max_frequency")
    if k < 0:
        raise _arrays.RangeError("max_frequency must be >= 0")
    observed, expected = np.zeros(k + 1), np.zeros(k + 1)
    _capi.co_py_period_transactions(kind, params, f, T, k, observed, expected)
    return pd.DataFrame({"observed": observed, "expected": expected},
                        index=pd.RangeIndex(k + 1, name="frequency"))


def _holdout_columns(summary):
    np = _np()
    cols = {c: np.ascontiguousarray(summary[c], dtype=np.float64)
            for c in ("frequency_cal", "recency_cal", "T_cal", "frequency_holdout")}
    duration = np.asarray(summary["duration_holdout"], dtype=np.float64)
    if len(duration) and (duration != duration[0]).any():
        raise ValueError("duration_holdout differs between customers")
    return cols, float(duration[0]) if len(duration) else 0.0


def calibration_vs_holdout(model, calibration_holdout_summary, n=7):
    """Mean actual and predicted holdout purchases by calibration frequency.

    A DataFrame indexed by frequency_cal 0..n (the last row: n or more) with
    columns customers, actual, predicted and bias (predicted - actual): the
    numbers behind lifetimes' plot_calibration_purchases_vs_holdout_purchases.
    """
    pd, np = _pd(), _np()
    _model(model)
    cols, duration = _holdout_columns(calibration_holdout_summary)
    predicted = np.ascontiguousarray(model.conditional_expected_number_of_purchases_up_to_time(
        duration, cols["frequency_cal"], cols["recency_cal"], cols["T_cal"]), dtype=np.float64)
    return _by_frequency(cols, predicted, n)


def _by_frequency(cols, predicted, n):
    pd, np = _pd(), _np()
    n = _arrays.as_int(n, "int32", "n")
    if n < 0:
        raise _arrays.RangeError("n must be >= 0")
    customers, actual, pred = np.zeros(n + 1), np.zeros(n + 1), np.zeros(n + 1)
    _capi.co_py_holdout_by_frequency(cols["frequency_cal"], cols["frequency_holdout"], predicted,
                                     n, customers, actual, pred)
    return pd.DataFrame({"customers": customers, "actual": actual, "predicted": pred,
                         "bias": pred - actual}, index=pd.RangeIndex(n + 1, name="frequency_cal"))


def holdout_metrics(actual, predicted):
    """Forecast errors of per-customer predictions: a dict of mae, rmse,
    correlation (Pearson; NaN if either side is constant), actual_total,
    predicted_total and total_error (predicted - actual total)."""
    np = _np()
    a = np.ascontiguousarray(actual, dtype=np.float64)
    p = np.ascontiguousarray(predicted, dtype=np.float64)
    if a.shape != p.shape:
        raise ValueError("actual has %d values, predicted %d" % (a.size, p.size))
    out = array("d", [0.0] * 6)
    _capi.co_py_holdout_score(a, p, out)
    return dict(zip(_METRICS, out))


_REASONS = {
    _capi.CO_CHOICE_LOWEST_MAE: "it has the lowest holdout MAE",
    _capi.CO_CHOICE_CLOSE_MAE_BIC: "the holdout MAEs lie within 1% of each other and it has "
                                   "the lower BIC",
    _capi.CO_CHOICE_ONLY_FIT: "the other model could not be fitted",
    _capi.CO_CHOICE_NONE: "no model could be fitted",
}


class ModelComparison:
    """BG/NBD and Pareto/NBD against the baselines on one calibration/holdout split.

    table: a DataFrame indexed by forecaster ("BG/NBD", "Pareto/NBD", "rate carried
    forward", "no purchases") with status, log_likelihood, aic, bic, mae, rmse,
    correlation, actual_total, predicted_total, total_error; models: the fitted
    BetaGeoFitter and ParetoNBDFitter (None if a fit failed); recommended: the
    recommended forecaster's name (None if no model could be fitted); reason: why;
    beats_baseline: whether it has a lower MAE than both baselines;
    bias_by_frequency(): each forecaster's bias by calibration frequency.
    """

    def __init__(self, table, models, recommended, reason, beats_baseline, _data=None):
        self.table = table
        self.models = models
        self.recommended = recommended
        self.reason = reason
        self.beats_baseline = beats_baseline
        self._data = _data  # (columns, duration, parameters per forecaster)

    def bias_by_frequency(self, n=7):
        """Mean predicted - actual holdout purchases by frequency_cal (0..n, the last row
        n or more) for every forecaster that could be fitted: a DataFrame with the
        columns customers, actual (mean holdout purchases) and one per forecaster."""
        np = _np()
        cols, duration, params = self._data
        out = None
        for f, name in enumerate(self.table.index):
            if self.table.loc[name, "status"] != _capi.co_strerror(0):
                continue
            pred = np.zeros(len(cols["frequency_cal"]))
            _capi.co_py_holdout_row_predict(f, params[f], cols["frequency_cal"],
                                            cols["recency_cal"], cols["T_cal"], duration, pred)
            table = _by_frequency(cols, pred, n)
            if out is None:
                out = table[["customers", "actual"]].copy()
            out[name] = table["bias"]
        return out

    def summary(self):
        """The comparison as text, ending with the recommendation."""
        lines = [self.table.to_string(float_format=lambda v: "%.4f" % v), ""]
        if self.recommended is None:
            lines.append("No recommendation: %s." % self.reason)
            return "\n".join(lines)
        lines.append("Recommended: %s, because %s." % (self.recommended, self.reason))
        if not self.beats_baseline:
            lines.append("No model beats the baselines: a naive forecast has an equal or "
                         "lower holdout MAE.")
        return "\n".join(lines)

    def __repr__(self):
        return "<ModelComparison: %s>" % (self.recommended or "no model")


def compare_models(calibration_holdout_summary, penalizer_coef=0.0, max_iter=500, tol=1e-7):
    """Fit BG/NBD and Pareto/NBD on the calibration columns of a
    calibration_and_holdout_data() table and score them and two baselines
    (calibration purchase rate carried forward; no more purchases) on its
    holdout. Recommends the model with the lowest holdout MAE, unless the two
    lie within 1% of each other, when the lower BIC decides. Returns a
    ModelComparison."""
    pd, np = _pd(), _np()
    cols, duration = _holdout_columns(calibration_holdout_summary)
    count = _capi.CO_FORECAST_COUNT
    rows, choice = np.zeros(count * _capi.CO_PY_HOLDOUT_ROW), array("i", [0, 0, 0])
    max_iter = _arrays.as_int(max_iter, "uint64", "max_iter")
    _capi.co_py_holdout_compare(cols["frequency_cal"], cols["recency_cal"], cols["T_cal"],
                                cols["frequency_holdout"], duration, float(penalizer_coef),
                                max_iter, float(tol), rows, choice)
    rows = rows.reshape(count, _capi.CO_PY_HOLDOUT_ROW)
    names = [_capi.co_forecaster_name(f) for f in range(count)]
    table = pd.DataFrame(rows[:, 5:], index=pd.Index(names, name="forecaster"),
                         columns=["log_likelihood", "aic", "bic"] + list(_METRICS))
    table.insert(0, "status", [_capi.co_strerror(int(s)) for s in rows[:, 0]])
    models = {}
    for f, cls in ((_capi.CO_FORECAST_BGNBD, BetaGeoFitter),
                   (_capi.CO_FORECAST_PARETONBD, ParetoNBDFitter)):
        ok = rows[f, 0] == 0
        models[names[f]] = cls.from_params(**dict(zip(cls._param_names, rows[f, 1:5]))) \
            if ok else None
        if ok:
            models[names[f]].log_likelihood_ = float(rows[f, 5])
    reason = choice[1]
    recommended = None if reason == _capi.CO_CHOICE_NONE else names[choice[0]]
    params = [np.ascontiguousarray(rows[f, 1:5]) for f in range(count)]
    return ModelComparison(table, models, recommended, _REASONS[reason], bool(choice[2]),
                           (cols, duration, params))


# Survival helpers with lifelines.utils' names (custorient/_survival_utils.py).
from ._survival_utils import (qth_survival_time, qth_survival_times,  # noqa: E402
                              median_survival_times, restricted_mean_survival_time,
                              survival_table_from_events, datetimes_to_durations)

__all__ += ["qth_survival_time", "qth_survival_times", "median_survival_times",
            "restricted_mean_survival_time", "survival_table_from_events",
            "datetimes_to_durations"]
