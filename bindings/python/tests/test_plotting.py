"""custorient.plotting: each plot drawn with the Agg backend on CDNOW data, and what it
drew (bar heights, line data, image arrays, labels) checked against

- the BG/NBD formulas of Fader, Hardie & Lee (2005), evaluated here with math and numpy
  (eq. 8: P(X(t) = x); eq. 9: E[X(t)]; eq. 10: the conditional expectation; P(alive));
- the values lifetimes' tests publish for the same plots (tests/test_plotting.py of
  lifetimes, commit 4f2833f4) and the R BTYD walkthrough's cumulative transactions;
- scipy's quantiles and densities, run offline (tests/reference/plotting_reference.py).

Skipped when matplotlib is not installed (Debian: python3-matplotlib), except the check
that the package imports without it.
"""

import math
import os
import subprocess
import sys

import pytest

from custorient import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter
from custorient import plotting
from custorient.datasets import load_cdnow_summary, load_transaction_data
from custorient.utils import calibration_and_holdout_data

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

SOURCE = os.environ.get("CO_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CDNOW = os.path.join(SOURCE, "tests", "data", "cdnow", "CDNOW_sample.txt")
# The scipy estimates on the CDNOW summary (as test_holdout.py).
BG = dict(r=0.242592907285, alpha=4.41353170934, a=0.792886313089, b=2.42575404218)
PN = dict(r=0.553275490167, alpha=10.5776120186, s=0.606213594822, beta=11.6679112693)


@pytest.fixture(scope="module")
def plt():
    matplotlib = pytest.importorskip(
        "matplotlib", reason="custorient.plotting needs matplotlib (python3-matplotlib)")
    matplotlib.use("Agg")
    from matplotlib import pyplot
    yield pyplot
    pyplot.close("all")


@pytest.fixture(autouse=True)
def fresh_figure(request):
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture(scope="module")
def summary():
    return load_cdnow_summary(index_col=[0])


@pytest.fixture(scope="module")
def bgf(summary):
    bgf = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    if getattr(bgf, "data", None) is None:  # a fitter that does not keep its data
        bgf.data = summary
    return bgf


def bg(model):
    p = model.params_
    return p["r"], p["alpha"], p["a"], p["b"]


def hyp2f1(a, b, c, z):
    """Gauss's series, for 0 <= z < 1."""
    term = total = 1.0
    n = 0
    while abs(term) > 1e-17 * abs(total):
        term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
        total += term
        n += 1
    return total


def lbeta(x, y):
    return math.lgamma(x) + math.lgamma(y) - math.lgamma(x + y)


def bg_pmf(params, t, x):
    """FHL eq. 8: P(X(t) = x), t > 0."""
    r, alpha, a, b = params
    log_nbd = [math.lgamma(r + j) - math.lgamma(r) - math.lgamma(j + 1)
               + r * math.log(alpha / (alpha + t)) + j * math.log(t / (alpha + t))
               for j in range(x + 1)]
    head = math.exp(lbeta(a, b + x) - lbeta(a, b) + log_nbd[x])
    if x == 0:
        return head
    tail = 1 - sum(math.exp(v) for v in log_nbd[:x])
    return head + math.exp(lbeta(a + 1, b + x - 1) - lbeta(a, b)) * tail


def bg_expected(params, t):
    """FHL eq. 9: E[X(t)] for a new customer."""
    r, alpha, a, b = params
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r
                                    * hyp2f1(r, b, a + b - 1, t / (alpha + t)))


def bg_conditional(params, t, x, tx, T):
    """FHL eq. 10: E[Y(t) | x, t_x, T]."""
    r, alpha, a, b = params
    top = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x)
                                       * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)))
    return top / (1 + (x > 0) * a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def bg_alive(params, x, tx, T):
    r, alpha, a, b = params
    if x == 0:
        return 1.0
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def texts(legend):
    return [t.get_text() for t in legend.get_texts()]


def test_import_and_a_clear_error_without_matplotlib():
    # A fresh interpreter in which matplotlib cannot be imported.
    code = ("import sys; sys.modules['matplotlib'] = None\n"
            "import custorient, custorient.plotting as p\n"
            "m = custorient.BetaGeoFitter.from_params(r=1, alpha=1, a=1.5, b=1)\n"
            "try:\n    p.plot_transaction_rate_heterogeneity(m)\n"
            "except ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=os.environ, check=True).stdout
    assert "custorient.plotting needs matplotlib" in out and "python3-matplotlib" in out


def test_period_transactions(plt, bgf, summary):
    ax = plotting.plot_period_transactions(bgf)
    heights = [p.get_height() for p in ax.patches]
    assert len(heights) == 14
    # Actual: customers with 0..6 repeat purchases (FHL 2005, Figure 1; lifetimes' test).
    assert heights[:7] == [1411, 439, 214, 100, 62, 38, 29]
    assert heights[:7] == list(np.bincount(summary["frequency"])[:7])
    params = bg(bgf)
    T = summary["T"].to_numpy()
    for k in range(7):
        want = sum(bg_pmf(params, t, k) for t in T)
        assert heights[7 + k] == pytest.approx(want, rel=1e-9)
    assert ax.get_title() == "Frequency of Repeat Transactions"
    assert ax.get_xlabel() == "Number of Calibration Period Transactions"
    assert ax.get_ylabel() == "Customers"
    assert texts(ax.get_legend()) == ["Actual", "Model"]


def test_period_transactions_options(plt, bgf):
    fig, ax = plt.subplots()
    out = plotting.plot_period_transactions(bgf, max_frequency=12, label=["A", "B"], ax=ax,
                                            color=["k", "r"])
    assert out is ax and len(ax.patches) == 24
    assert texts(ax.get_legend()) == ["A", "B"]
    # lifetimes' published bars for 7..11 repeat purchases: 23 7 5 5 5 (actual).
    assert [p.get_height() for p in ax.patches[7:12]] == [23, 7, 5, 5, 5]
    assert ax.patches[0].get_facecolor() == (0, 0, 0, 1)


def test_period_transactions_counts_weights(plt):
    # Two distinct customers, one standing for three: actual = summed weights.
    model = BetaGeoFitter.from_params(**BG)
    model.data = pd.DataFrame({"frequency": [0.0, 2.0], "recency": [0.0, 5.0],
                               "T": [10.0, 20.0], "weights": [3.0, 1.0]})
    ax = plotting.plot_period_transactions(model, max_frequency=3)
    heights = [p.get_height() for p in ax.patches]
    assert heights[:3] == [3, 0, 1]
    params = tuple(BG.values())
    for k in range(3):
        want = 3 * bg_pmf(params, 10.0, k) + bg_pmf(params, 20.0, k)
        assert heights[3 + k] == pytest.approx(want, rel=1e-9)


def test_plots_need_the_fitted_data_or_limits(plt):
    model = BetaGeoFitter.from_params(**BG)
    with pytest.raises(ValueError, match="holds no fitted data"):
        plotting.plot_period_transactions(model)
    with pytest.raises(ValueError, match="holds no fitted data"):
        plotting.plot_frequency_recency_matrix(model)
    ax = plotting.plot_frequency_recency_matrix(model, max_frequency=2, max_recency=3)
    assert ax.get_images()[0].get_array().shape == (4, 3)


@pytest.fixture(scope="module")
def holdout():
    # lifetimes' test: BG/NBD refitted on the calibration columns of the example log.
    split = calibration_and_holdout_data(load_transaction_data(), "id", "date", "2014-09-01",
                                         "2014-12-31")
    model = BetaGeoFitter().fit(split["frequency_cal"], split["recency_cal"], split["T_cal"])
    return split, model


def test_calibration_vs_holdout(plt, holdout):
    split, model = holdout
    ax = plotting.plot_calibration_purchases_vs_holdout_purchases(model, split)
    actual, predicted = ax.lines
    # lifetimes' published means, 3 decimals.
    assert np.allclose(actual.get_ydata(), [0.161, 0.233, 0.348, 0.544, 0.710, 0.704, 1.606],
                       atol=5.1e-4)
    assert np.allclose(predicted.get_ydata(), [0.270, 0.294, 0.402, 0.422, 0.706, 0.809, 1.019],
                       atol=1e-3)
    assert list(actual.get_xdata()) == list(range(7))
    # The same means by pandas, each customer's prediction by FHL eq. 10.
    params = bg(model)
    duration = split["duration_holdout"].iloc[0]
    pred = [bg_conditional(params, duration, x, tx, T) for x, tx, T in
            split[["frequency_cal", "recency_cal", "T_cal"]].itertuples(index=False)]
    means = split.assign(pred=pred).groupby("frequency_cal")[["frequency_holdout", "pred"]].mean()
    assert np.allclose(actual.get_ydata(), means["frequency_holdout"].iloc[:7], rtol=1e-14)
    assert np.allclose(predicted.get_ydata(), means["pred"].iloc[:7], rtol=1e-9)
    assert texts(ax.get_legend()) == ["frequency_holdout", "model_predictions"]
    assert ax.get_xlabel() == "Repeat purchases in the calibration period"


def test_calibration_vs_holdout_by_time_since_last_purchase(plt, holdout):
    split, model = holdout
    ax = plotting.plot_calibration_purchases_vs_holdout_purchases(
        model, split, kind="time_since_last_purchase", n=7, title="t", ylabel="y")
    actual, predicted = ax.lines
    assert np.allclose(actual.get_ydata(), [3.954, 3.431, 3.482, 3.484, 2.75, 2.289, 1.968],
                       atol=5.1e-4)
    assert np.allclose(predicted.get_ydata(), [4.345, 2.993, 3.236, 2.677, 2.240, 2.608, 2.430],
                       atol=1e-3)
    gap = split["T_cal"] - split["recency_cal"]
    assert list(actual.get_xdata()) == sorted(gap.unique())[:7]
    assert (ax.get_title(), ax.get_ylabel()) == ("t", "y")
    with pytest.raises(ValueError, match="kind must be one of"):
        plotting.plot_calibration_purchases_vs_holdout_purchases(model, split, kind="age")


def test_frequency_recency_matrix(plt, bgf):
    ax = plotting.plot_frequency_recency_matrix(bgf)
    z = np.asarray(ax.get_images()[0].get_array())
    # Rows: recency 0..38 (T of the oldest customers, 38.86 weeks), columns: frequency 0..29.
    assert z.shape == (39, 30)
    params = bg(bgf)
    for x in range(30):
        for tx in (0, 10, 29, 38):
            assert z[tx, x] == pytest.approx(bg_conditional(params, 1, x, tx if x else 0, 38),
                                             rel=1e-9)
    # lifetimes' published row 29, 3 decimals.
    assert np.allclose(z[29, :12], [0.005, 0.020, 0.037, 0.054, 0.070, 0.085, 0.099, 0.110,
                                    0.120, 0.127, 0.133, 0.136], atol=0.0021)
    assert ax.get_xlabel() == "Customer's Historical Frequency"
    assert ax.get_ylabel() == "Customer's Recency"
    assert ax.get_title().startswith("Expected purchases in the next 1 unit of time")
    assert len(ax.figure.axes) == 2  # the colour bar


def test_frequency_recency_matrix_limits(plt, bgf):
    ax = plotting.plot_frequency_recency_matrix(bgf, T=2, max_frequency=100, max_recency=100,
                                                cmap="viridis")
    z = np.asarray(ax.get_images()[0].get_array())
    assert z.shape == (101, 101)
    assert z[95, 50] == pytest.approx(bg_conditional(bg(bgf), 2, 50, 95, 100), rel=1e-9)
    assert ax.get_images()[0].get_cmap().name == "viridis"
    assert "next 2 units" in ax.get_title()


def test_probability_alive_matrix(plt, bgf):
    ax = plotting.plot_probability_alive_matrix(bgf)
    z = np.asarray(ax.get_images()[0].get_array())
    assert z.shape == (39, 30)
    params = bg(bgf)
    want = np.array([[bg_alive(params, x, tx, 38) for x in range(30)] for tx in range(39)])
    assert np.allclose(z, want, rtol=1e-12, atol=0)
    # lifetimes' published row 35 (its tolerance, 0.01).
    assert np.allclose(z[35, :8], [1.0, 0.736, 0.785, 0.814, 0.833, 0.846, 0.855, 0.862],
                       atol=0.01)
    assert ax.get_title() == "Probability Customer is Alive,\nby Frequency and Recency of a " \
                             "Customer"


def test_probability_alive_matrix_pareto(plt):
    # Pareto/NBD, no fitted data: the limits are given.
    model = ParetoNBDFitter.from_params(**PN)
    ax = plotting.plot_probability_alive_matrix(model, max_frequency=3, max_recency=5)
    z = np.asarray(ax.get_images()[0].get_array())
    assert z.shape == (6, 4)
    want = [[float(model.conditional_probability_alive(x, tx if x else 0, 5.0))
             for x in range(4)] for tx in range(6)]
    assert np.allclose(z, want, rtol=1e-14)
    assert (z[:, 0] == z[0, 0]).all()  # no repeat purchases: recency 0


def test_expected_repeat_purchases(plt, bgf):
    fig, ax = plt.subplots()
    out = plotting.plot_expected_repeat_purchases(bgf, ax=ax, label="BG/NBD", lw=3)
    assert out is ax
    solid, dashed = ax.lines
    x, y = solid.get_data()
    assert np.allclose(x, np.linspace(0, 38.86, 100), rtol=1e-15)
    assert np.allclose(dashed.get_xdata(), np.linspace(38.86, 58.29, 100), rtol=1e-15)
    params = bg(bgf)
    assert np.allclose(y, [bg_expected(params, t) for t in x], rtol=1e-9, atol=1e-15)
    assert np.allclose(dashed.get_ydata(), [bg_expected(params, t) for t in dashed.get_xdata()],
                       rtol=1e-9)
    # lifetimes' published ends: 1.19 at 38.86 weeks, 1.55 at 58.29.
    assert y[-1] == pytest.approx(1.19, abs=0.005)
    assert dashed.get_ydata()[-1] == pytest.approx(1.55, abs=0.005)
    assert solid.get_color() == dashed.get_color()
    assert (solid.get_linestyle(), dashed.get_linestyle()) == ("-", "--")
    assert solid.get_linewidth() == dashed.get_linewidth() == 3
    assert texts(ax.get_legend()) == ["BG/NBD"]
    assert ax.get_title() == "Expected Number of Repeat Purchases per Customer"
    assert ax.get_xlabel() == "Time Since First Purchase"


def test_history_alive(plt):
    # Purchases on days 0, 2 and 4 (2020-03-02, -04, -06); P(alive) at age T has
    # x = purchase days after the first up to T, t_x the last of them.
    model = BetaGeoFitter.from_params(**BG)
    params = tuple(BG.values())
    tx = pd.DataFrame({"date": ["2020-03-04", "2020-03-02", "2020-03-06"]})
    ax = plotting.plot_history_alive(model, 6, tx, "date")
    path = ax.lines[0]
    days = np.arange(7)
    want = [bg_alive(params, sum(1 for d in (2, 4) if d <= T), max([0] + [d for d in (2, 4)
                                                                          if d <= T]), T)
            for T in days]
    assert np.allclose(path.get_ydata(), want, rtol=1e-12)
    assert list(pd.to_datetime(path.get_xdata())) == list(pd.date_range("2020-03-02",
                                                                        periods=7))
    # One dashed line per purchase day, from 0 to 1.
    marks = sorted(s[0, 0] for s in ax.collections[0].get_segments())
    start = (pd.Timestamp("2020-03-02") - pd.Timestamp("1970-01-01")).days
    assert marks == [start, start + 2, start + 4]
    assert ax.get_ylim() == (0, 1)
    assert ax.get_xlim() == (start, start + 6)
    assert texts(ax.get_legend()) == ["P(alive)", "purchases"]


def test_history_alive_weekly(plt):
    # Weeks from Monday: 2020-03-04 is in the week of Monday 2020-03-02, 03-12 in the next.
    model = BetaGeoFitter.from_params(**BG)
    tx = pd.DataFrame({"date": ["2020-03-04", "2020-03-12"]})
    ax = plotting.plot_history_alive(model, 3, tx, "date", freq="W", start_date="2020-02-20")
    assert list(pd.to_datetime(ax.lines[0].get_xdata())) == list(
        pd.date_range("2020-03-02", periods=4, freq="7D"))
    assert ax.lines[0].get_ydata()[2] == pytest.approx(bg_alive(tuple(BG.values()), 1, 1, 2),
                                                       rel=1e-12)
    start = (pd.Timestamp("2020-02-20") - pd.Timestamp("1970-01-01")).days
    assert ax.get_xlim()[0] == start


@pytest.fixture(scope="module")
def cdnow():
    return pd.read_csv(CDNOW, sep=r"\s+", header=None,
                       names=["id_total", "id", "date", "cds", "amount"])


# The R BTYD walkthrough's weekly cumulative repeat transactions under its Pareto/NBD fit,
# weeks 20..25 (test_holdout.py): actual, and predicted rounded.
WALKTHROUGH_ACTUAL = [1359, 1414, 1484, 1517, 1573, 1672]
WALKTHROUGH_PREDICTED = [1309, 1385, 1460, 1533, 1604, 1674]


def test_cumulative_transactions(plt, cdnow):
    model = ParetoNBDFitter.from_params(**PN)
    ax = plotting.plot_cumulative_transactions(model, cdnow, "date", "id", 25 * 7, 20,
                                               datetime_format="%Y%m%d", freq_multiplier=7)
    actual, predicted, calibration_end = ax.lines
    assert list(actual.get_ydata()[19:]) == WALKTHROUGH_ACTUAL
    assert list(np.round(predicted.get_ydata()[19:])) == WALKTHROUGH_PREDICTED
    assert list(actual.get_xdata()) == list(range(25))
    assert list(calibration_end.get_xdata()) == [20, 20]
    assert calibration_end.get_linestyle() == "--"
    assert texts(ax.get_legend()) == ["actual", "predicted"]
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == (
        "Tracking Cumulative Transactions", "day", "Cumulative Transactions")


def test_incremental_transactions(plt, cdnow):
    model = ParetoNBDFitter.from_params(**PN)
    ax = plotting.plot_incremental_transactions(model, cdnow, "date", "id", 25 * 7, 20,
                                                datetime_format="%Y%m%d", freq_multiplier=7,
                                                set_index_date=True)
    actual, predicted, calibration_end = ax.lines
    # Weeks 21..25: the walkthrough's differences (predicted from rounded totals, +-1).
    assert list(actual.get_ydata()[20:]) == list(np.diff(WALKTHROUGH_ACTUAL))
    assert np.allclose(predicted.get_ydata()[20:], np.diff(WALKTHROUGH_PREDICTED), atol=1)
    # No gap at the start: the increments add up to the totals (no repeat purchase in the
    # first week, where every customer makes a first one).
    assert actual.get_ydata()[0] == 0 and not np.isnan(predicted.get_ydata()).any()
    assert np.cumsum(actual.get_ydata())[-1] == WALKTHROUGH_ACTUAL[-1]
    # Dates: each row's last day, the first row ending on 1997-01-07 (data from 01-01).
    first = pd.Period(actual.get_xdata()[0], freq="D")
    assert str(first) == "1997-01-07"
    assert pd.Period(calibration_end.get_xdata()[0], freq="D") == first + 20 * 7
    assert (ax.get_title(), ax.get_xlabel()) == ("Tracking Daily Transactions", "date")


# tests/reference/plotting_reference.out (scipy 1.10): 99% quantile; density at points 1,
# 50 and 99 of the 100-point grid.
REFERENCE = {"BG lambda": (0.544114614867436, 19.2484176336029, 0.302955288811303,
                           0.0550145615905516),
             "BG p": (0.827118200438434, 4.43852458115405, 0.923999962738269,
                      0.142013022066573),
             "PN mu": (0.310581075025977, 28.0500461448448, 0.999874779922207,
                       0.127106049253106)}


def check_density(ax, name):
    q, *densities = REFERENCE[name]
    x, y = ax.lines[0].get_data()
    assert np.allclose(x, np.linspace(0, q, 100), rtol=1e-10)
    assert y[0] == math.inf
    assert np.allclose(y[[1, 50, 99]], densities, rtol=1e-9)


def test_transaction_rate_heterogeneity(plt):
    model = BetaGeoFitter.from_params(**BG)
    ax = plotting.plot_transaction_rate_heterogeneity(model)
    check_density(ax, "BG lambda")
    # lifetimes' published curve: up to 0.54, density 19.25 and 11.11 at its 2nd and 3rd
    # points; the title's mean r / alpha and variance r / alpha^2 by hand.
    x, y = ax.lines[0].get_data()
    assert x[-1] == pytest.approx(0.54, abs=0.005)
    assert np.allclose(y[1:3], [19.25, 11.11], atol=0.005)
    assert ax.get_title() == "mean: 0.055, var: 0.012"
    assert ax.figure._suptitle.get_text() == "Heterogeneity in Transaction Rate"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("Transaction Rate", "Density")


def test_dropout_rate_heterogeneity(plt):
    model = BetaGeoFitter.from_params(**BG)
    ax = plotting.plot_dropout_rate_heterogeneity(model)
    check_density(ax, "BG p")
    x, y = ax.lines[0].get_data()
    assert x[-1] == pytest.approx(0.83, abs=0.005)  # lifetimes' published end
    assert y[1] == pytest.approx(4.44, abs=0.005)
    # a / (a + b) = 0.24636, ab / ((a + b)^2 (a + b + 1)) = 0.04399.
    assert ax.get_title() == "mean: 0.246, var: 0.044"
    assert ax.figure._suptitle.get_text() == "Heterogeneity in Dropout Probability"
    assert ax.get_xlabel() == "Dropout Probability p"


def test_dropout_rate_heterogeneity_pareto_on_given_axes(plt):
    fig, ax = plt.subplots()
    model = ParetoNBDFitter.from_params(**PN)
    out = plotting.plot_dropout_rate_heterogeneity(model, ax=ax, color="g")
    assert out is ax and len(plt.get_fignums()) == 1
    check_density(ax, "PN mu")
    # s / beta = 0.05196, s / beta^2 = 0.00445.
    assert ax.get_title() == "mean: 0.052, var: 0.004"
    assert ax.get_xlabel() == "Dropout Rate mu"
    assert ax.lines[0].get_color() == "g"


def test_heterogeneity_needs_fitted_parameters(plt):
    with pytest.raises(RuntimeError, match="fit"):
        plotting.plot_transaction_rate_heterogeneity(BetaGeoFitter())
    with pytest.raises(RuntimeError, match="fit"):
        plotting.plot_dropout_rate_heterogeneity(ParetoNBDFitter())
    spend = GammaGammaFitter.from_params(p=6.25, q=3.74, v=15.44)
    with pytest.raises(TypeError, match="no parameters r, alpha"):
        plotting.plot_transaction_rate_heterogeneity(spend)
    with pytest.raises(TypeError, match="no dropout"):
        plotting.plot_dropout_rate_heterogeneity(spend)


def test_every_plot_draws_on_the_axes_given(plt, bgf, holdout, cdnow):
    split, refitted = holdout
    one = pd.DataFrame({"date": ["2020-03-02", "2020-03-04"]})
    calls = [
        lambda ax: plotting.plot_period_transactions(bgf, ax=ax),
        lambda ax: plotting.plot_calibration_purchases_vs_holdout_purchases(refitted, split,
                                                                            ax=ax),
        lambda ax: plotting.plot_frequency_recency_matrix(bgf, ax=ax),
        lambda ax: plotting.plot_probability_alive_matrix(bgf, ax=ax),
        lambda ax: plotting.plot_expected_repeat_purchases(bgf, ax=ax),
        lambda ax: plotting.plot_history_alive(bgf, 3, one, "date", ax=ax),
        lambda ax: plotting.plot_cumulative_transactions(bgf, cdnow, "date", "id", 28, 14,
                                                         datetime_format="%Y%m%d", ax=ax),
        lambda ax: plotting.plot_incremental_transactions(bgf, cdnow, "date", "id", 28, 14,
                                                          datetime_format="%Y%m%d", ax=ax),
        lambda ax: plotting.plot_transaction_rate_heterogeneity(bgf, ax=ax),
        lambda ax: plotting.plot_dropout_rate_heterogeneity(bgf, ax=ax),
    ]
    assert len(calls) == len(plotting.__all__)
    for call in calls:
        fig, (ax, other) = plt.subplots(1, 2)
        assert call(ax) is ax
        drawn = ax.lines or ax.patches or ax.images
        assert len(drawn) > 0 and not (other.lines or other.patches or other.images)
        assert plt.get_fignums() == [fig.number]
        plt.close(fig)
