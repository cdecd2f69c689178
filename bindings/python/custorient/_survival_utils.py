"""Survival helpers of lifelines.utils (exported by custorient.utils): medians and
quantiles of survival curves, restricted mean survival time, the event table of
raw durations, and durations from dates. numpy and pandas are needed."""

import datetime
import warnings

__all__ = ["qth_survival_time", "qth_survival_times", "median_survival_times",
           "restricted_mean_survival_time", "survival_table_from_events",
           "datetimes_to_durations"]


def _np():
    import numpy
    return numpy


def _pd():
    import pandas
    return pandas


def _is_fitter(obj):
    from .kaplan_meier import KaplanMeierFitter
    return isinstance(obj, KaplanMeierFitter)


def qth_survival_time(q, model_or_survival_function):
    """The first time a survival curve is <= q (inf if it never falls that far): of a
    fitted KaplanMeierFitter, a Series or a one-column DataFrame indexed by time."""
    from .kaplan_meier import _first_at_or_below
    np, pd = _np(), _pd()
    if _is_fitter(model_or_survival_function):
        return model_or_survival_function.percentile(q)
    curve = model_or_survival_function
    if isinstance(curve, pd.DataFrame):
        if curve.shape[1] != 1:
            raise ValueError("expected a single survival column; use qth_survival_times")
        curve = curve.iloc[:, 0]
    if not isinstance(curve, pd.Series):
        raise ValueError("cannot read a survival time off %r" % (type(curve).__name__,))
    return float(_first_at_or_below(curve.to_numpy(dtype=float), curve.index, q))


def qth_survival_times(q, survival_functions):
    """qth_survival_time for each column (and each q): a float for one column and one q,
    else a DataFrame with a row per q and a column per curve."""
    np, pd = _np(), _pd()
    qs = np.atleast_1d(np.asarray(q, dtype=float))
    if np.any((qs < 0) | (qs > 1)):
        raise ValueError("q must be between 0 and 1")
    frame = pd.DataFrame(survival_functions)
    if frame.shape[1] == 1 and qs.size == 1:
        return qth_survival_time(float(qs[0]), frame)
    return pd.DataFrame({c: [qth_survival_time(v, frame[[c]]) for v in qs] for c in frame.columns},
                        index=qs)


def median_survival_times(model_or_survival_function):
    """Median of a fitted KaplanMeierFitter, or of each column of survival curves (a
    confidence band's two columns give the median's confidence limits)."""
    pd = _pd()
    if _is_fitter(model_or_survival_function):
        return model_or_survival_function.median_survival_time_
    if isinstance(model_or_survival_function, (pd.DataFrame, pd.Series)):
        return qth_survival_times(0.5, model_or_survival_function)
    raise ValueError("cannot compute the median survival time of %r"
                     % (type(model_or_survival_function).__name__,))


def _step_moments(times, survival, t):
    """Integrals of S(u) and of 2 u S(u) for u in [times[0], t], S a right-continuous step
    function with values `survival` from each of `times`."""
    np = _np()
    ends = np.minimum(np.append(times[1:], t), t)
    starts = np.minimum(times, t)
    return (float(np.sum(survival * (ends - starts))),
            float(np.sum(survival * (ends ** 2 - starts ** 2))))


def restricted_mean_survival_time(model_or_survival_function, t=float("inf"),
                                  return_variance=False):
    """RMST(t) = integral of S from 0 to t, the mean lifetime capped at t.

    Of a fitted KaplanMeierFitter the step function is integrated exactly; t = inf
    (the default) stops at the last time of its timeline. A DataFrame of one survival
    column is integrated by the trapezoid rule from S(0) = 1 (with a warning, as
    lifelines). ``return_variance=True`` gives (mean, variance), the variance of the
    capped lifetime min(T, t) under the curve, 2 * integral of u S(u) - mean^2.
    """
    np, pd = _np(), _pd()
    if t is None:
        t = float("inf")
    if _is_fitter(model_or_survival_function):
        model = model_or_survival_function
        sf = model.survival_function_
        times = sf.index.to_numpy(dtype=float)
        s = sf.iloc[:, 0].to_numpy(dtype=float)
        end = min(float(t), times[-1]) if np.isinf(t) else float(t)
        keep = times <= end
        mean, squares = _step_moments(times[keep], np.nan_to_num(s[keep], nan=1.0), end)
    elif isinstance(model_or_survival_function, pd.DataFrame):
        warnings.warn("Approximating the RMST from the precomputed survival function; the "
                      "fitted model gives the exact value.", RuntimeWarning, stacklevel=2)
        sf = model_or_survival_function.loc[:t]
        times = np.concatenate(([0.0], sf.index.to_numpy(dtype=float)))
        s = np.concatenate(([1.0], sf.iloc[:, 0].to_numpy(dtype=float)))
        order = np.argsort(times, kind="stable")
        times, s = times[order], s[order]
        mean = float(np.sum((s[1:] + s[:-1]) / 2 * np.diff(times)))
        ts = times * s
        squares = float(2 * np.sum((ts[1:] + ts[:-1]) / 2 * np.diff(times)))
    else:
        raise ValueError("cannot compute the RMST of %r"
                         % (type(model_or_survival_function).__name__,))
    if return_variance:
        return mean, squares - mean ** 2
    return mean


def survival_table_from_events(death_times, event_observed, birth_times=None,
                               columns=("removed", "observed", "censored", "entrance",
                                        "at_risk"),
                               weights=None, collapse=False, intervals=None):
    """The event table of raw durations, as KaplanMeierFitter.event_table (computed by the
    same C table): a row per distinct death and birth time (index "event_at"), columns
    removed, observed, censored, entrance, at_risk (renamed by ``columns``). Integers
    unless the weights are not whole. ``collapse`` or ``intervals`` sums the rows into
    bins (Freedman-Diaconis widths when no intervals are given), at_risk being the
    largest in each bin."""
    from .kaplan_meier import KaplanMeierFitter
    np, pd = _np(), _pd()
    from .kaplan_meier import StatisticalWarning
    with warnings.catch_warnings():  # the warning on weights concerns variances, unused here
        warnings.simplefilter("ignore", StatisticalWarning)
        kmf = KaplanMeierFitter().fit(death_times, np.asarray(event_observed) != 0,
                                      entry=birth_times, weights=weights)
    table = kmf.event_table.copy()
    names = list(columns)
    if collapse or intervals is not None:
        table = _by_intervals(table, intervals)
        names = [names[0], names[1], names[2], names[4]]
    table.columns = names
    return table


def _by_intervals(table, intervals):
    np, pd = _np(), _pd()
    times = table.index.to_numpy(dtype=float)
    if intervals is None:
        q75, q25 = np.percentile(times, [75, 25])
        width = 2 * (q75 - q25) * len(times) ** (-1 / 3)
        intervals = np.arange(0, times.max() + width, width)
    bins = pd.cut(times, intervals, include_lowest=True)
    grouped = table.groupby(bins, observed=False).agg(
        {"removed": "sum", "observed": "sum", "censored": "sum", "at_risk": "max"})
    grouped.index.name = "event_at"
    return grouped.bfill().fillna(0)


def datetimes_to_durations(start_times, end_times, fill_date=None, freq="D", dayfirst=False,
                           na_values=None, format=None):
    """Durations and event flags from start and end dates (lifelines' function).

    An end that is missing (None, NaT, or one of ``na_values``, default [""]) is censored
    at ``fill_date`` (default: today), as is an end after it. ``freq`` is the unit of the
    durations ("D", "h", "W", "M", "Y"... numpy's timedelta64 units; whole units, cut
    towards zero). Returns (T as float64, E as bool) numpy arrays.
    """
    np, pd = _np(), _pd()
    if fill_date is None:
        fill_date = datetime.datetime.today()
    fill = pd.Series(fill_date).squeeze()
    start = pd.Series(start_times).copy()
    end = pd.Series(end_times).copy()
    missing = pd.isnull(end).to_numpy() | end.astype(str).isin(na_values or [""]).to_numpy()
    observed = ~missing
    end[missing] = fill
    start = pd.to_datetime(start, dayfirst=dayfirst, format=format)
    end = pd.to_datetime(end, dayfirst=dayfirst, errors="coerce", format=format)
    cutoff = pd.to_datetime(fill)
    late = (end > cutoff).to_numpy()
    observed[late] = False
    end[late] = cutoff
    durations = (end - start).to_numpy().astype("timedelta64[%s]" % freq).astype(float)
    if np.any(durations < 0):
        warnings.warn("some start times are after their end times", UserWarning, stacklevel=2)
    return durations, observed
