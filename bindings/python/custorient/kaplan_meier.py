"""Kaplan-Meier estimates with the interface lifelines users know.

The curve is computed in C (custorient/survival.h: right censoring, left
truncation, case weights, Greenwood errors); this module turns its table into
the pandas frames of lifelines' ``KaplanMeierFitter``::

    kmf = KaplanMeierFitter().fit(waltons["T"], waltons["E"], label="all")
    kmf.survival_function_            # DataFrame indexed by timeline, column "all"
    kmf.confidence_interval_          # columns "all_lower_0.95", "all_upper_0.95"
    kmf.event_table                   # removed, observed, censored, entrance, at_risk
    kmf.median_survival_time_, kmf.predict(30), kmf.plot_survival_function()

numpy and pandas are needed; matplotlib only when a plot is drawn.
"""

import copy
import warnings

from . import capi as _capi
from . import _arrays
from ._errors import InvalidArgumentError
from ._dask_hook import accepts_dask

__all__ = ["KaplanMeierFitter", "StatisticalWarning"]

_BANDS = {"log-log": _capi.CO_KM_BAND_LOGLOG, "log": _capi.CO_KM_BAND_LOG,
          "plain": _capi.CO_KM_BAND_PLAIN}
_VARIANCES = {"lifelines": _capi.CO_KM_VARIANCE_WHOLE_AT_RISK,
              "greenwood": _capi.CO_KM_VARIANCE_GREENWOOD}
_TABLE_COLUMNS = ["removed", "observed", "censored", "entrance", "at_risk"]


class StatisticalWarning(RuntimeWarning):
    """A result is computed, but a statistical assumption behind it may not hold
    (as lifelines.exceptions.StatisticalWarning)."""


def _np():
    import numpy
    return numpy


def _pd():
    import pandas
    return pandas


def _values(x, name, dtype="float64"):
    """A contiguous 1-D numpy array of a list, array, Series or one-column DataFrame."""
    np = _np()
    arr = np.asarray(x)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError("%s must be one-dimensional" % name)
    if dtype == "float64" and arr.dtype.kind not in "biuf":
        raise TypeError("%s must be numbers, not %s" % (name, arr.dtype))
    return np.ascontiguousarray(arr, dtype=dtype)


def _flags(event_observed, n):
    """0/1 event flags as uint8; a float other than 0 or 1 names its index."""
    np = _np()
    flags = np.asarray(event_observed)
    if flags.ndim == 2 and flags.shape[1] == 1:
        flags = flags[:, 0]
    if flags.dtype.kind == "f":
        bad = np.flatnonzero((flags != 0) & (flags != 1))
        if bad.size:
            raise InvalidArgumentError("observed flag %r at index %d is not 0 or 1"
                                       % (float(flags[bad[0]]), bad[0]))
    observed = np.asarray(_arrays.as_buffer(flags, "uint8", "event_observed"))
    _same_length("event_observed", observed, n)
    return observed


def _same_length(name, values, n):
    if len(values) != n:
        raise ValueError("durations and %s must have the same length (%d != %d)"
                         % (name, n, len(values)))


def _warn_fractional(stacklevel):
    warnings.warn("Some weights are not whole numbers (propensity scores?): the Greenwood "
                  "variance treats them as counts of subjects, which such weights are not; "
                  "prefer a bootstrap for the bands.", StatisticalWarning,
                  stacklevel=stacklevel + 1)


def _step_index(times, at):
    """Index of the last table time <= each of `at`; -1 before the first."""
    return _np().searchsorted(times, at, side="right") - 1


def _first_at_or_below(values, index, q):
    """First index value where the non-increasing `values` are <= q (inf if never),
    elementwise in q, as lifelines' qth_survival_time reads a survival column."""
    np = _np()
    q = np.asarray(q, dtype=float)
    pos = np.searchsorted(-values, -q, side="left")
    out = np.full(q.shape, np.inf)
    found = pos < len(values)
    out[found] = np.asarray(index, dtype=float)[pos[found]]
    return out


class _Curve:
    """One fit's results, replaced as a whole by the next fit (so a reader in
    another thread sees one fit or the other, never a mixture)."""

    def __init__(self, **fields):
        vars(self).update(fields)


class KaplanMeierFitter:
    """Kaplan-Meier estimate of a survival function (lifelines' class of the same name).

    ``alpha`` is one minus the confidence level of the bands (0.05: 95%); ``label``
    names the estimate's column (default "KM_estimate"). Beyond lifelines:
    ``ci_type`` picks the band form, "log-log" (lifelines' exponential Greenwood,
    the default), "log" (R survival's default) or "plain"; ``variance`` how
    non-integer case weights enter the Greenwood variance: "lifelines" (the
    weighted number at risk truncated to a whole number, as lifelines computes
    it) or "greenwood" (the weighted counts as they are, as R's survfit). With
    whole weights, or none, both agree.

    After :meth:`fit`, as in lifelines: ``survival_function_``,
    ``cumulative_density_``, ``confidence_interval_`` (alias
    ``confidence_interval_survival_function_``),
    ``confidence_interval_cumulative_density_``, ``event_table``, ``timeline``,
    ``median_survival_time_``, ``conditional_time_to_event_``, ``durations``,
    ``event_observed``, ``entry``, ``weights``; and the custorient extras
    ``standard_errors_`` (Greenwood SE of S on the timeline) and
    ``median_confidence_interval_`` (the median's limits read off the band).

    Fitted values are replaced together by each fit; any number of threads may
    predict while another refits. ``copy.copy``, ``copy.deepcopy`` and pickling
    give independent fitters with the same curve. ``close()`` drops the fit.
    """

    def __init__(self, alpha=0.05, label=None, *, ci_type="log-log", variance="lifelines"):
        if not 0 < alpha <= 1:
            raise ValueError("alpha parameter must be between 0 and 1.")
        if ci_type not in _BANDS:
            raise ValueError("ci_type must be one of %s" % ", ".join(sorted(_BANDS)))
        if variance not in _VARIANCES:
            raise ValueError("variance must be 'lifelines' or 'greenwood'")
        self.alpha = alpha
        self.ci_type = ci_type
        self.variance = variance
        self._label = label
        self._curve = None

    # -- fitting ---------------------------------------------------------------

    @accepts_dask("_fit_km")
    def fit(self, durations, event_observed=None, timeline=None, entry=None, label=None,
            alpha=None, ci_labels=None, weights=None, ci_type=None):
        """Fit to right-censored durations (>= 0). Returns self.

        ``event_observed``: 1 (or True) where the event was seen, 0 where censored;
        None: all seen. ``timeline``: the times the frames are given at (default:
        every duration and entry time). ``entry``: times the subjects entered
        observation (left truncation; each <= its duration). ``label``: the column
        name (kept for later fits). ``alpha`` and ``ci_type``: for this fit only.
        ``ci_labels``: the two band column names. ``weights``: case weights (need
        not be whole; a StatisticalWarning says the variance is then naive).
        Dask Series: the curve of the partitions' Kaplan-Meier counts (KMCounts)
        merged, the same as one pass; durations, event_observed and weights are then
        the merged rows, entry None (custorient.dask).
        """
        np = _np()
        alpha = alpha if alpha else self.alpha
        ci_type = self.ci_type if ci_type is None else ci_type
        if ci_type not in _BANDS:
            raise ValueError("ci_type must be one of %s" % ", ".join(sorted(_BANDS)))
        d = _values(durations, "durations")
        n = len(d)
        observed = None if event_observed is None else _flags(event_observed, n)
        entries = None
        if entry is not None:
            entries = _values(entry, "entry")
            _same_length("entry", entries, n)
        w = None
        if weights is not None:
            w = _values(weights, "weights")
            _same_length("weights", w, n)
            if np.any(w.astype(np.int64) != w):
                _warn_fractional(stacklevel=3)
        handle = _capi.co_py_km_fit(d, observed, entries, w, 1.0 - alpha, _BANDS[ci_type],
                                    _VARIANCES[self.variance])
        try:
            table = self._table(handle)
        finally:
            _capi.co_km_free(handle)
        return self._fitted_from(table, timeline, label, alpha, ci_labels, ci_type,
                                 durations=d,
                                 event_observed=(observed.astype(int) if observed is not None
                                                 else np.ones(n, dtype=int)),
                                 entry=entries, weights=w if w is not None else np.ones(n))

    def _fitted_from(self, table, timeline, label, alpha, ci_labels, ci_type, **data):
        """Take the curve of a C table (fit() and custorient.dask); returns self."""
        self._label = label if label is not None else (self._label or "KM_estimate")
        if ci_labels is None:
            ci_labels = ["%s_lower_%g" % (self._label, 1 - alpha),
                         "%s_upper_%g" % (self._label, 1 - alpha)]
        if len(ci_labels) != 2:
            raise ValueError("ci_labels should be a length 2 array.")
        self._curve = self._frames(table, timeline, list(ci_labels), alpha, ci_type, **data)
        return self

    fit_right_censoring = fit

    @staticmethod
    def _table(handle):
        """The C curve's table as numpy columns."""
        np = _np()
        n = _capi.co_km_count(handle)
        cols = [np.empty(n) for _ in range(5)]
        counts = [np.empty(n, dtype=np.uint64) for _ in range(3)]
        _capi.co_py_km_columns(handle, *cols, *counts)
        weighted = [np.empty(n) for _ in range(4)]
        _capi.co_py_km_weighted_columns(handle, *weighted)
        names = ("time", "survival", "std_err", "lower", "upper")
        table = dict(zip(names, cols))
        table.update(zip(("at_risk", "observed", "censored", "entrance"), weighted))
        return table

    def _frames(self, table, timeline, ci_labels, alpha, ci_type, **data):
        np, pd = _np(), _pd()
        times = table["time"]
        if timeline is None:
            timeline = times.copy()
            at = np.arange(len(times))
        else:
            timeline = np.sort(_values(timeline, "timeline"))
            at = _step_index(times, timeline)
        before = at < 0  # timeline points before the table's first time: NaN, as lifelines

        def on_timeline(column, fill):
            out = column[np.maximum(at, 0)].copy()
            out[before] = fill
            return out

        index = pd.Index(timeline, name="timeline")
        survival = pd.DataFrame({self._label: on_timeline(table["survival"], np.nan)},
                                index=index)
        band = pd.DataFrame({ci_labels[0]: on_timeline(table["lower"], 1.0),
                             ci_labels[1]: on_timeline(table["upper"], 1.0)}, index=index)
        cumulative_band = pd.DataFrame({ci_labels[0]: 1.0 - band.iloc[:, 1].to_numpy(),
                                        ci_labels[1]: 1.0 - band.iloc[:, 0].to_numpy()},
                                       index=index)
        removed = table["observed"] + table["censored"]
        # lifelines' at-risk column: entered up to t less removed before t
        at_risk = np.cumsum(table["entrance"]) - np.concatenate(([0.0], np.cumsum(removed)[:-1]))
        events = pd.DataFrame({"removed": removed, "observed": table["observed"],
                               "censored": table["censored"], "entrance": table["entrance"],
                               "at_risk": at_risk},
                              index=pd.Index(times, name="event_at"))[_TABLE_COLUMNS]
        if np.all(data["weights"] == np.round(data["weights"])):
            events = events.astype(np.int64)
        s = survival.iloc[:, 0].to_numpy()
        median = float(_first_at_or_below(s, timeline, 0.5))
        return _Curve(timeline=timeline, survival_function_=survival,
                      cumulative_density_=1.0 - survival, confidence_interval_=band,
                      confidence_interval_cumulative_density_=cumulative_band,
                      event_table=events, median_survival_time_=median,
                      standard_errors_=on_timeline(table["std_err"], np.nan),
                      median_confidence_interval_=(
                          float(_first_at_or_below(table["lower"], times, 0.5)),
                          float(_first_at_or_below(table["upper"], times, 0.5))),
                      alpha_=alpha, ci_type_=ci_type, ci_labels=ci_labels, _table=table,
                      **data)

    # -- fitted values -----------------------------------------------------------

    def _fitted(self):
        curve = self._curve
        if curve is None:
            raise RuntimeError("call fit() first")
        return curve

    def __getattr__(self, name):
        # the fitted values live in one _Curve; reading them needs a fit
        if name.startswith("_"):
            raise AttributeError(name)
        curve = vars(self).get("_curve")
        if curve is None:
            raise AttributeError("%r has no %r before fit(): call fit() first"
                                 % (type(self).__name__, name))
        if not hasattr(curve, name):
            raise AttributeError("%r object has no attribute %r" % (type(self).__name__, name))
        return getattr(curve, name)

    @property
    def label(self):
        """The estimate's column name."""
        return self._label

    @property
    def confidence_interval_survival_function_(self):
        """Alias of ``confidence_interval_``."""
        return self._fitted().confidence_interval_

    @property
    def conditional_time_to_event_(self):
        """For each time t of the timeline, the median remaining time of those who
        survived to t: the first time S falls to S(t) / 2, less t (inf if never)."""
        np, pd = _np(), _pd()
        curve = self._fitted()
        s = curve.survival_function_.iloc[:, 0].to_numpy()
        remaining = _first_at_or_below(s, curve.timeline, s * 0.5) - curve.timeline
        return pd.DataFrame({"%s - Conditional median duration remaining to event" % self._label:
                             remaining}, index=curve.survival_function_.index)

    def predict(self, times, interpolate=False):
        """S at `times`, read off ``survival_function_`` (the last timeline point at or
        before each time; NaN before the first). A scalar or single time gives a float,
        several a Series indexed by the times. ``interpolate=True`` interpolates
        linearly between timeline points instead."""
        np, pd = _np(), _pd()
        curve = self._fitted()
        t = np.atleast_1d(np.asarray(times, dtype=float))
        s = curve.survival_function_.iloc[:, 0].to_numpy()
        if interpolate:
            values = np.interp(t, curve.timeline, s)
        else:
            at = _step_index(curve.timeline, t)
            values = np.where(at >= 0, s[np.maximum(at, 0)], np.nan)
        if values.size == 1:
            return float(values[0])
        return pd.Series(values, index=t, name=self._label)

    def survival_function_at_times(self, times, label=None):
        """S at `times` as a Series indexed by the times (NaN before the timeline)."""
        return self._at_times(times, label, lambda s: s)

    def cumulative_density_at_times(self, times, label=None):
        """1 - S at `times` as a Series indexed by the times."""
        return self._at_times(times, label, lambda s: 1.0 - s)

    def _at_times(self, times, label, transform):
        np, pd = _np(), _pd()
        t = np.atleast_1d(np.asarray(times, dtype=float))
        values = np.atleast_1d(np.asarray(self.predict(t), dtype=float))
        return pd.Series(transform(values), index=t, name=label or self._label)

    def percentile(self, p):
        """The first timeline time at which S(t) <= p (p = 0.5: the median); inf if never."""
        curve = self._fitted()
        return float(_first_at_or_below(curve.survival_function_.iloc[:, 0].to_numpy(),
                                        curve.timeline, p))

    def percentile_confidence_interval(self, p):
        """(lower, upper) limits of percentile(p) read off the confidence band, as R reports
        them for the median; inf where the band never falls to p."""
        table = self._fitted()._table
        return (float(_first_at_or_below(table["lower"], table["time"], p)),
                float(_first_at_or_below(table["upper"], table["time"], p)))

    # -- plots (custorient/_km_plot.py) ---------------------------------------------

    def plot_survival_function(self, **kwargs):
        """Plot S with its confidence band; returns the matplotlib Axes. Takes
        lifelines' arguments (ax, ci_show, ci_alpha, ci_only_lines, show_censors,
        censor_styles, at_risk_counts, loc, iloc, logx) and matplotlib line styles."""
        from ._km_plot import plot_estimate
        return plot_estimate(self, "survival_function_", **kwargs)

    def plot_cumulative_density(self, **kwargs):
        """Plot 1 - S with its band; the arguments of :meth:`plot_survival_function`."""
        from ._km_plot import plot_estimate
        return plot_estimate(self, "cumulative_density_", **kwargs)

    plot = plot_survival_function

    # -- life cycle ----------------------------------------------------------------

    def close(self):
        """Drop the fit (later reads raise RuntimeError until the next fit)."""
        self._curve = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __copy__(self):
        clone = object.__new__(type(self))
        vars(clone).update(vars(self))
        curve = self._curve
        if curve is not None:  # frames are mutable: the copy gets its own
            clone._curve = copy.deepcopy(curve)
        return clone

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __repr__(self):
        curve = self._curve
        if curve is None:
            return "<custorient.KaplanMeierFitter>"
        total = curve.weights.sum()
        censored = total - curve.weights[curve.event_observed > 0].sum()
        label = '"%s",' % self._label if self._label else ""
        return ("<custorient.KaplanMeierFitter:%s fitted with %g total observations, "
                "%g right-censored observations>" % (label, total, censored))
