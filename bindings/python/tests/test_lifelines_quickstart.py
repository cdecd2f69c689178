"""The Kaplan-Meier part of lifelines' Quickstart (docs/Quickstart.rst of lifelines)
step by step with only the imports changed. The values it prints (the data's head) are
checked as printed; the numbers it only names are checked against R's survival package
(tests/reference/km_lifelines.out: median 56, log-log limits 53 and 58)."""

import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from custorient.datasets import load_waltons  # noqa: E402  was: lifelines.datasets
from custorient import KaplanMeierFitter  # noqa: E402  was: from lifelines import ...
from custorient.utils import median_survival_times  # noqa: E402  was: lifelines.utils


def test_quickstart_kaplan_meier():
    df = load_waltons()  # returns a Pandas DataFrame
    assert df.head()[["T", "E"]].to_numpy().tolist() == [[6, 1], [13, 1], [13, 1], [13, 1],
                                                         [19, 1]]
    assert df.head()["group"].tolist() == ["miR-137"] * 5

    T = df["T"]
    E = df["E"]

    kmf = KaplanMeierFitter()
    kmf.fit(T, event_observed=E)  # or, more succinctly, kmf.fit(T, E)

    kmf.survival_function_
    kmf.cumulative_density_
    ax = kmf.plot_survival_function()
    assert ax.get_lines()[0].get_ydata().tolist() == kmf.survival_function_.iloc[:, 0].tolist()
    ax = kmf.plot_cumulative_density()
    plt.close("all")

    kmf.fit(T, E, timeline=range(0, 100, 2))

    assert kmf.survival_function_.index.tolist() == list(range(0, 100, 2))
    assert kmf.confidence_interval_.index.tolist() == list(range(0, 100, 2))

    median_ = kmf.median_survival_time_
    median_confidence_interval_ = median_survival_times(kmf.confidence_interval_)
    assert median_ == 56  # R (an even day, so on the timeline too)
    # R's limits are 53 and 58 on the daily table; read off the timeline 0, 2, 4, ... the
    # lower band first reaches 0.5 at 54, the timeline point after 53
    assert median_confidence_interval_.to_numpy().tolist() == [[54, 58]]
    kmf.fit(T, E)
    assert median_survival_times(kmf.confidence_interval_).to_numpy().tolist() == [[53, 58]]
