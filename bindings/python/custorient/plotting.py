"""Plots of the purchase models, with the function names and arguments of
``lifetimes.plotting``::

    from custorient.plotting import plot_period_transactions
    ax = plot_period_transactions(bgf)          # bgf: a fitted BetaGeoFitter

Every function draws with matplotlib and returns the Axes it drew on: the one
given as ``ax=``, else the current one (the heterogeneity plots open a figure
of their own, as lifetimes does). Other keyword arguments go to the matplotlib
or pandas call that draws the data, as in lifetimes. matplotlib is imported
when a plot is asked for, so the rest of the package works without it; pandas
is needed too.

The numbers are the library's: expected counts by frequency, conditional
expectations, P(alive), the cumulative transactions and alive paths of
custorient.utils. The plots that default to the data of the fit (frequency,
recency, T) read the model's ``data`` table. Differences from lifetimes are
listed in docs/python.md ("Plots").
"""

from . import _mixing

__all__ = ["plot_period_transactions", "plot_calibration_purchases_vs_holdout_purchases",
           "plot_frequency_recency_matrix", "plot_probability_alive_matrix",
           "plot_expected_repeat_purchases", "plot_history_alive",
           "plot_cumulative_transactions", "plot_incremental_transactions",
           "plot_transaction_rate_heterogeneity", "plot_dropout_rate_heterogeneity"]

_QUANTILE = 0.99  # the heterogeneity plots cover the mixing distribution up to this quantile
_POINTS = 100     # points of each drawn curve


def _pyplot():
    try:
        from matplotlib import pyplot
    except ImportError as e:
        raise ImportError("custorient.plotting needs matplotlib, which is not installed "
                          "(Debian: apt-get install python3-matplotlib; pip: pip install "
                          "matplotlib)") from e
    return pyplot


def _axes(ax):
    return _pyplot().gca() if ax is None else ax


def _np():
    import numpy
    return numpy


def _pd():
    import pandas
    return pandas


def _fitted_data(model):
    """The model's table of frequency, recency and T (and weights, if any)."""
    data = getattr(model, "data", None)
    if data is None:
        raise ValueError("%s holds no fitted data: fit it first (a model made from "
                         "parameters has none), or give the limits of the plot explicitly"
                         % type(model).__name__)
    return data


def _has_params(model, *names):
    params = getattr(model, "params_", None)
    if params is None:
        raise RuntimeError("call fit() first")
    return all(n in params for n in names)


def _params(model, *names):
    if not _has_params(model, *names):
        raise TypeError("%s has no parameters %s" % (type(model).__name__, ", ".join(names)))
    return [float(model.params_[n]) for n in names]


def _labels(ax, title=None, xlabel=None, ylabel=None):
    if title is not None:
        ax.set_title(title)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)


def plot_period_transactions(model, max_frequency=7, title="Frequency of Repeat Transactions",
                             xlabel="Number of Calibration Period Transactions",
                             ylabel="Customers", ax=None, **kwargs):
    """Bars of the number of customers with 0 .. max_frequency - 1 repeat purchases in
    the fitted data (first bar group, "Actual") and the number the model expects for
    customers observed as long ("Model": the sum over customers of P(X(T) = k), exact
    rather than lifetimes' one simulated draw). Rows of the data count by their
    ``weights`` if the data have them.

    label: the two legend entries (default ["Actual", "Model"]); other keyword
    arguments go to pandas.DataFrame.plot(kind="bar"). Returns the Axes.
    """
    np, pd = _np(), _pd()
    ax = _axes(ax)
    labels = kwargs.pop("label", ["Actual", "Model"])
    data = _fitted_data(model)
    frequency = np.asarray(data["frequency"], dtype=float)
    weights = np.asarray(data["weights"], dtype=float) if "weights" in data \
        else np.ones_like(frequency)
    # Customers observed equally long share the model's probabilities: one call per T.
    T, which = np.unique(np.asarray(data["T"], dtype=float), return_inverse=True)
    weight_of_T = np.bincount(which, weights=weights, minlength=len(T))
    counts = range(int(max_frequency))
    actual = [weights[frequency == k].sum() for k in counts]
    expected = [float(np.dot(weight_of_T, np.asarray(
        model.probability_of_n_purchases_up_to_time(T, k), dtype=float))) for k in counts]
    table = pd.DataFrame({labels[0]: actual, labels[1]: expected}, index=counts)
    table.plot(kind="bar", ax=ax, **kwargs)
    ax.legend()
    _labels(ax, title, xlabel, ylabel)
    return ax


_CALIBRATION_AXES = {
    "frequency_cal": "Repeat purchases in the calibration period",
    "recency_cal": "Age at the last calibration purchase",
    "T_cal": "Age at the end of the calibration period",
    "time_since_last_purchase": "Time from the last purchase to the calibration end",
}


def plot_calibration_purchases_vs_holdout_purchases(model, calibration_holdout_matrix,
                                                    kind="frequency_cal", n=7, ax=None,
                                                    title=None, xlabel=None, ylabel=None,
                                                    **kwargs):
    """Mean actual holdout purchases (line "frequency_holdout") and the model's mean
    conditional expectation over the holdout duration ("model_predictions") by one
    calibration column of a calibration_and_holdout_data() table: ``kind`` is
    "frequency_cal", "recency_cal", "T_cal" or "time_since_last_purchase" (T_cal -
    recency_cal). The first ``n`` distinct values are drawn.

    title, xlabel, ylabel: texts instead of the defaults; other keyword arguments go
    to pandas.DataFrame.plot. Returns the Axes.
    """
    np, pd = _np(), _pd()
    if kind not in _CALIBRATION_AXES:
        raise ValueError("kind must be one of %s, not %r" % (", ".join(_CALIBRATION_AXES), kind))
    summary = calibration_holdout_matrix
    duration = float(np.asarray(summary["duration_holdout"], dtype=float)[0])
    predicted = model.conditional_expected_number_of_purchases_up_to_time(
        duration, summary["frequency_cal"], summary["recency_cal"], summary["T_cal"])
    if kind == "time_since_last_purchase":
        key = np.asarray(summary["T_cal"], dtype=float) - np.asarray(summary["recency_cal"],
                                                                     dtype=float)
    else:
        key = np.asarray(summary[kind], dtype=float)
    table = pd.DataFrame({"frequency_holdout": np.asarray(summary["frequency_holdout"],
                                                          dtype=float),
                          "model_predictions": np.asarray(predicted, dtype=float)})
    means = table.groupby(key).mean().iloc[:n]
    means.index.name = kind
    ax = means.plot(ax=_axes(ax), **kwargs)
    ax.legend()
    _labels(ax, "Mean holdout purchases: actual and predicted" if title is None else title,
            _CALIBRATION_AXES[kind] if xlabel is None else xlabel,
            "Mean purchases in the holdout period" if ylabel is None else ylabel)
    return ax


def _grid_limits(model, max_frequency, max_recency):
    if max_frequency is None or max_recency is None:
        data = _fitted_data(model)
        if max_frequency is None:
            max_frequency = int(_np().max(data["frequency"]))
        if max_recency is None:
            max_recency = int(_np().max(data["T"]))
    return int(max_frequency), int(max_recency)


def _grid(max_frequency, max_recency):
    """Frequencies and recencies of a (max_recency + 1) x (max_frequency + 1) grid:
    row = recency, column = frequency, as lifetimes' matrices. Without repeat
    purchases the recency is 0 by definition, so column 0 repeats that customer."""
    np = _np()
    frequency, recency = np.meshgrid(np.arange(max_frequency + 1.0),
                                     np.arange(max_recency + 1.0))
    recency[:, 0] = 0.0
    return frequency, recency


def _heatmap(ax, matrix, title, xlabel, ylabel, kwargs):
    kwargs.setdefault("interpolation", "none")
    ax = _axes(ax)
    image = ax.imshow(matrix, **kwargs)
    _labels(ax, title, xlabel, ylabel)
    rows, columns = matrix.shape
    ax.set_aspect(columns / rows)  # a square picture whatever the grid's proportions
    ax.figure.colorbar(image, ax=ax)
    return ax


def plot_frequency_recency_matrix(model, T=1, max_frequency=None, max_recency=None, title=None,
                                  xlabel="Customer's Historical Frequency",
                                  ylabel="Customer's Recency", ax=None, **kwargs):
    """Heatmap of the expected purchases in the next T by frequency (columns 0 ..
    max_frequency) and recency (rows 0 .. max_recency) of a customer observed for
    max_recency. The limits default to the fitted data's largest frequency and T.
    Keyword arguments go to Axes.imshow (interpolation "none" by default). Returns
    the Axes."""
    np = _np()
    max_frequency, max_recency = _grid_limits(model, max_frequency, max_recency)
    frequency, recency = _grid(max_frequency, max_recency)
    expected = model.conditional_expected_number_of_purchases_up_to_time(
        T, frequency.ravel(), recency.ravel(), float(max_recency))
    matrix = np.asarray(expected, dtype=float).reshape(frequency.shape)
    if title is None:
        unit = "unit" if T == 1 else "units"
        title = "Expected purchases in the next %s %s of time\nby frequency and recency" \
            % (T, unit)
    return _heatmap(ax, matrix, title, xlabel, ylabel, kwargs)


def plot_probability_alive_matrix(model, max_frequency=None, max_recency=None,
                                  title="Probability Customer is Alive,\nby Frequency and "
                                        "Recency of a Customer",
                                  xlabel="Customer's Historical Frequency",
                                  ylabel="Customer's Recency", ax=None, **kwargs):
    """Heatmap of P(alive) by frequency (columns 0 .. max_frequency) and recency (rows
    0 .. max_recency) of a customer observed for max_recency; the limits default as in
    plot_frequency_recency_matrix. Keyword arguments go to Axes.imshow. Returns the
    Axes."""
    np = _np()
    max_frequency, max_recency = _grid_limits(model, max_frequency, max_recency)
    by_method = getattr(model, "conditional_probability_alive_matrix", None)
    if by_method is not None:
        matrix = np.asarray(by_method(max_frequency, max_recency), dtype=float)
    else:
        frequency, recency = _grid(max_frequency, max_recency)
        alive = model.conditional_probability_alive(frequency.ravel(), recency.ravel(),
                                                    float(max_recency))
        matrix = np.asarray(alive, dtype=float).reshape(frequency.shape)
    return _heatmap(ax, matrix, title, xlabel, ylabel, kwargs)


def plot_expected_repeat_purchases(model, title="Expected Number of Repeat Purchases per "
                                                "Customer",
                                   xlabel="Time Since First Purchase", ax=None, label=None,
                                   **kwargs):
    """A new customer's expected repeat purchases E[X(t)] over the longest T of the
    fitted data (solid line, labelled ``label``) and half as long again (dashed, same
    colour). Keyword arguments go to Axes.plot. Returns the Axes."""
    np = _np()
    ax = _axes(ax)
    longest = float(np.max(_fitted_data(model)["T"]))
    inside = np.linspace(0.0, longest, _POINTS)
    beyond = np.linspace(longest, 1.5 * longest, _POINTS)
    expected = model.expected_number_of_purchases_up_to_time
    line, = ax.plot(inside, np.asarray(expected(inside), dtype=float), label=label, **kwargs)
    kwargs.pop("c", None)
    kwargs["color"] = line.get_color()
    kwargs.setdefault("ls", "--")
    ax.plot(beyond, np.asarray(expected(beyond), dtype=float), **kwargs)
    _labels(ax, title, xlabel)
    ax.legend(loc="lower right")
    return ax


def plot_history_alive(model, t, transactions, datetime_col, freq="D", start_date=None,
                       ax=None, **kwargs):
    """One customer's P(alive) at each period from the period of the first purchase to
    t periods later (utils.calculate_alive_path; freq "D" or "W"), drawn at the
    periods' first days, with a dashed red line at each period holding a purchase.
    ``transactions`` holds that customer's purchases; the x axis starts at
    ``start_date`` (default: the first purchase). Keyword arguments go to Axes.plot of
    the path. Returns the Axes."""
    np, pd = _np(), _pd()
    from .utils import calculate_alive_path
    ax = _axes(ax)
    path = np.asarray(calculate_alive_path(model, transactions, datetime_col, t, freq))
    periods = pd.PeriodIndex(pd.to_datetime(transactions[datetime_col]), freq=freq)
    path_days = pd.period_range(periods.min(), periods=len(path), freq=freq).start_time
    purchase_days = periods.unique().start_time
    kwargs.setdefault("label", "P(alive)")
    ax.plot(path_days.to_numpy(), path, **kwargs)
    ax.vlines(purchase_days.to_numpy(), ymin=0, ymax=1, colors="r", linestyles="dashed",
              label="purchases")
    first = pd.to_datetime(transactions[datetime_col]).min() if start_date is None \
        else pd.Timestamp(start_date)
    ax.set_xlim(np.datetime64(first), path_days.to_numpy()[-1])
    ax.set_ylim(0, 1)
    ax.set_yticks(np.linspace(0, 1, 11))
    ax.legend(loc="lower left")
    _labels(ax, "P(alive) over the customer's history", None, "P(alive)")
    return ax


def _tracking(model, transactions, datetime_col, customer_id_col, t, t_cal, datetime_format,
              freq, freq_multiplier, set_index_date, title, xlabel, ylabel, ax, kwargs,
              incremental):
    from .utils import expected_cumulative_transactions
    table = expected_cumulative_transactions(model, transactions, datetime_col,
                                             customer_id_col, t,
                                             datetime_format=datetime_format, freq=freq,
                                             freq_multiplier=freq_multiplier,
                                             set_index_date=set_index_date)
    if incremental:
        # Each row's increase over the one before; the first over zero.
        table = table.diff().fillna(table.iloc[:1])
    ax = table.plot(ax=_axes(ax), title=title, **kwargs)
    if set_index_date:
        ax.axvline(x=table.index[int(t_cal)], color="r", linestyle="--")
        xlabel = "date" if xlabel == "day" else xlabel
    else:
        ax.axvline(x=t_cal, color="r", linestyle="--")
    _labels(ax, None, xlabel, ylabel)
    return ax


def plot_cumulative_transactions(model, transactions, datetime_col, customer_id_col, t, t_cal,
                                 datetime_format=None, freq="D", set_index_date=False,
                                 title="Tracking Cumulative Transactions", xlabel="day",
                                 ylabel="Cumulative Transactions", ax=None, freq_multiplier=1,
                                 **kwargs):
    """Actual and model-expected cumulative repeat transactions
    (utils.expected_cumulative_transactions over t periods of freq, grouped by
    freq_multiplier), with a dashed red line at t_cal, the end of calibration (a row
    number; with set_index_date the x axis shows dates and the line stands at row
    t_cal's date). Keyword arguments go to pandas.DataFrame.plot. Returns the Axes."""
    return _tracking(model, transactions, datetime_col, customer_id_col, t, t_cal,
                     datetime_format, freq, freq_multiplier, set_index_date, title, xlabel,
                     ylabel, ax, kwargs, incremental=False)


def plot_incremental_transactions(model, transactions, datetime_col, customer_id_col, t, t_cal,
                                  datetime_format=None, freq="D", set_index_date=False,
                                  title="Tracking Daily Transactions", xlabel="day",
                                  ylabel="Transactions", ax=None, freq_multiplier=1, **kwargs):
    """As plot_cumulative_transactions, the transactions of each row rather than their
    running total (the first row's too, where lifetimes leaves a gap). Returns the
    Axes."""
    return _tracking(model, transactions, datetime_col, customer_id_col, t, t_cal,
                     datetime_format, freq, freq_multiplier, set_index_date, title, xlabel,
                     ylabel, ax, kwargs, incremental=True)


def _density(ax, x, y, mean, variance, suptitle, xlabel, ylabel, suptitle_fontsize, kwargs):
    if ax is None:
        _, ax = _pyplot().subplots(1)
    ax.figure.suptitle(suptitle, fontsize=suptitle_fontsize, fontweight="bold")
    ax.plot(x, y, **kwargs)
    _labels(ax, "mean: %.3f, var: %.3f" % (mean, variance), xlabel, ylabel)
    return ax


def plot_transaction_rate_heterogeneity(model, suptitle="Heterogeneity in Transaction Rate",
                                        xlabel="Transaction Rate", ylabel="Density",
                                        suptitle_fontsize=14, ax=None, **kwargs):
    """Density of the purchase rate lambda ~ Gamma(r, alpha) across customers (BG/NBD,
    MBG/NBD, Pareto/NBD) from 0 to its 99% quantile, its mean and variance in the
    title. Draws on a new figure unless ``ax`` is given; keyword arguments go to
    Axes.plot. Returns the Axes."""
    np = _np()
    r, alpha = _params(model, "r", "alpha")
    x = np.linspace(0.0, _mixing.gamma_quantile(_QUANTILE, r, alpha), _POINTS)
    return _density(ax, x, _mixing.gamma_pdf(x, r, alpha), r / alpha, r / alpha ** 2,
                    suptitle, xlabel, ylabel, suptitle_fontsize, kwargs)


def plot_dropout_rate_heterogeneity(model, suptitle=None, xlabel=None, ylabel="Density",
                                    suptitle_fontsize=14, ax=None, **kwargs):
    """Density of the dropout heterogeneity from 0 to its 99% quantile, its mean and
    variance in the title: the probability p ~ Beta(a, b) of dropping out after a
    purchase (BG/NBD, MBG/NBD; titles "Heterogeneity in Dropout Probability" and
    "Dropout Probability p" by default) or the dropout rate mu ~ Gamma(s, beta)
    (Pareto/NBD; "Heterogeneity in Dropout Rate", "Dropout Rate mu"). Draws on a new
    figure unless ``ax`` is given; keyword arguments go to Axes.plot. Returns the
    Axes."""
    np = _np()
    if _has_params(model, "a", "b"):
        a, b = _params(model, "a", "b")
        x = np.linspace(0.0, _mixing.beta_quantile(_QUANTILE, a, b), _POINTS)
        y, mean = _mixing.beta_pdf(x, a, b), a / (a + b)
        variance = a * b / ((a + b) ** 2 * (a + b + 1.0))
        names = ("Heterogeneity in Dropout Probability", "Dropout Probability p")
    elif _has_params(model, "s", "beta"):
        s, beta = _params(model, "s", "beta")
        x = np.linspace(0.0, _mixing.gamma_quantile(_QUANTILE, s, beta), _POINTS)
        y, mean, variance = _mixing.gamma_pdf(x, s, beta), s / beta, s / beta ** 2
        names = ("Heterogeneity in Dropout Rate", "Dropout Rate mu")
    else:
        raise TypeError("%s has no dropout mixing distribution (parameters a, b or s, beta)"
                        % type(model).__name__)
    return _density(ax, x, y, mean, variance, names[0] if suptitle is None else suptitle,
                    names[1] if xlabel is None else xlabel, ylabel, suptitle_fontsize, kwargs)
