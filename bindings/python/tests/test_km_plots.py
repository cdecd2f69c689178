"""KaplanMeierFitter's plots, drawn with matplotlib's Agg backend; each test checks what
was drawn (line and band data, at-risk counts) against the fitted frames or hand counts."""

import numpy as np
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from custorient import KaplanMeierFitter  # noqa: E402

AML_T = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
AML_E = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]


@pytest.fixture
def kmf():
    yield KaplanMeierFitter().fit(AML_T, AML_E, label="aml")
    plt.close("all")


def test_survival_plot_draws_the_steps_and_the_band(kmf):
    ax = kmf.plot_survival_function()
    assert ax is plt.gca()
    line = ax.get_lines()[0]
    assert line.get_label() == "aml" and line.get_drawstyle() == "steps-post"
    assert np.array_equal(line.get_xdata(), kmf.timeline)
    assert np.array_equal(line.get_ydata(), kmf.survival_function_["aml"].to_numpy())
    (band,) = ax.collections  # the shaded band
    ys = np.concatenate([p.vertices[:, 1] for p in band.get_paths()])
    lower, upper = kmf.confidence_interval_.to_numpy().T
    assert ys.min() == pytest.approx(lower.min()) and ys.max() == pytest.approx(upper.max())
    assert np.allclose(band.get_facecolor()[0][:3], matplotlib.colors.to_rgb(line.get_color()))
    assert kmf.plot() is not None  # lifelines' older name


def test_cumulative_density_plot_and_band_lines(kmf):
    fig, ax = plt.subplots()
    out = kmf.plot_cumulative_density(ax=ax, ci_only_lines=True, color="red")
    assert out is ax
    line, lower, upper = ax.get_lines()
    assert np.array_equal(line.get_ydata(), 1 - kmf.survival_function_["aml"].to_numpy())
    band = kmf.confidence_interval_cumulative_density_.to_numpy()
    assert np.array_equal(lower.get_ydata(), band[:, 0])
    assert np.array_equal(upper.get_ydata(), band[:, 1])
    assert line.get_color() == "red" and not ax.collections


def test_pandas_plot_options_lifelines_passes_on(kmf):
    ax = kmf.plot_survival_function(legend=False, title="aml", xlim=(0, 50))
    assert ax.get_legend() is None and ax.get_title() == "aml" and ax.get_xlim() == (0, 50)
    ax = kmf.plot_survival_function(ax=ax, label="again")
    # a second curve on the same Axes: both named in the legend
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["aml", "again"]


def test_no_band_censor_marks_and_slices(kmf):
    ax = kmf.plot_survival_function(ci_show=False, show_censors=True, loc=slice(0, 30))
    line, marks = ax.get_lines()
    assert not ax.collections
    assert line.get_xdata().max() == 30  # the last timeline time <= 30
    # censored at 13, 16 and 28 (AML_E == 0 at those durations)
    assert marks.get_xdata().tolist() == [13, 16, 28] and marks.get_marker() == "+"
    assert marks.get_ydata() == pytest.approx(kmf.predict([13, 16, 28]).tolist())


def test_at_risk_counts_under_the_plot(kmf):
    fig, ax = plt.subplots()
    kmf.plot_survival_function(ax=ax, at_risk_counts=True)
    ax.figure.canvas.draw()
    table = [a for a in ax.figure.axes if a is not ax][0]
    ticks = table.get_xticks().tolist()
    labels = [t.get_text() for t in table.get_xticklabels()]
    # By hand at tick 0: 23 at risk, none censored or dead. At 20 (rows up to 18): 8 events
    # (two at 5 and 8, one at 9, 12, 13, 18), censored at 13 and 16, 23 - 10 = 13 at risk.
    counts = dict(zip(ticks, labels))
    assert counts[0.0] == "23\n0\n0"
    assert counts[20.0] == "13\n2\n8"
    assert "At risk" in table.get_xlabel()
