"""custorient.utils: holdout validation on pandas transaction tables.

Expected numbers come from the published expectations of lifetimes' tests of
calibration_and_holdout_data and expected_cumulative_transactions (the latter
quoting the R BTYD walkthrough), from hand calculations in the comments, and
from tests/reference/holdout_reference.py (pandas + scipy, run offline).
"""

import math
import os

import pytest

from custorient import BetaGeoFitter, ParetoNBDFitter
from custorient.utils import (calibration_and_holdout_data, calculate_alive_path,
                              calibration_vs_holdout, compare_models,
                              expected_cumulative_transactions, holdout_metrics,
                              period_transactions)

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

SOURCE = os.environ.get("CO_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CDNOW = os.path.join(SOURCE, "tests", "data", "cdnow", "CDNOW_sample.txt")
BG = dict(r=0.242592907285, alpha=4.41353170934, a=0.792886313089, b=2.42575404218)
PN = dict(r=0.553275490167, alpha=10.5776120186, s=0.606213594822, beta=11.6679112693)


@pytest.fixture()
def small():
    """lifetimes' small transaction log (ids 1-6) with amounts."""
    rows = [[1, "2015-01-01", 1], [1, "2015-02-06", 2], [2, "2015-01-01", 2],
            [3, "2015-01-01", 3], [3, "2015-01-02", 1], [3, "2015-01-05", 5],
            [4, "2015-01-16", 6], [4, "2015-02-02", 3], [4, "2015-02-05", 3],
            [5, "2015-01-16", 3], [5, "2015-01-17", 1], [5, "2015-01-18", 8],
            [6, "2015-02-02", 5]]
    return pd.DataFrame(rows, columns=["id", "date", "monetary_value"])


@pytest.fixture(scope="module")
def cdnow():
    return pd.read_csv(CDNOW, sep=r"\s+", header=None,
                       names=["id_total", "id", "date", "cds", "amount"])


@pytest.fixture(scope="module")
def split(cdnow):
    return calibration_and_holdout_data(cdnow, "id", "date", "19970930", "19980630",
                                        freq="D", freq_multiplier=7, datetime_format="%Y%m%d")


def test_weekly_split_is_lifetimes_published_table(small):
    got = calibration_and_holdout_data(small[["id", "date"]], "id", "date", "2015-02-01",
                                       observation_period_end="2015-02-07", freq="W")
    want = pd.DataFrame([[1, 0.0, 0.0, 4.0, 1, 1], [2, 0.0, 0.0, 4.0, 0, 1],
                         [3, 1.0, 1.0, 4.0, 0, 1], [4, 0.0, 0.0, 2.0, 1, 1],
                         [5, 0.0, 0.0, 2.0, 0, 1]],
                        columns=["id", "frequency_cal", "recency_cal", "T_cal",
                                 "frequency_holdout", "duration_holdout"]).set_index("id")
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    with pytest.raises(KeyError):
        got.loc[6]  # first bought in the holdout


def test_monetary_columns_are_lifetimes_published_values(small):
    got = calibration_and_holdout_data(small, "id", "date", "2015-02-01",
                                       observation_period_end="2015-02-07",
                                       monetary_value_col="monetary_value")
    assert list(got.columns) == ["frequency_cal", "recency_cal", "T_cal", "monetary_value_cal",
                                 "frequency_holdout", "monetary_value_holdout",
                                 "duration_holdout"]
    assert list(got["monetary_value_cal"]) == [0, 0, 3, 0, 4.5]
    assert list(got["monetary_value_holdout"]) == [2, 0, 0, 3, 0]
    # By hand: id 3 bought on 01-01, 01-02, 01-05: T_cal 31 days, recency 4.
    assert list(got.loc[3, ["frequency_cal", "recency_cal", "T_cal"]]) == [2, 4, 31]
    assert (got["duration_holdout"] == 6).all()


def test_observation_end_bounds_the_holdout(small):
    got = calibration_and_holdout_data(small, "id", "date", "2015-02-01",
                                       observation_period_end="2015-02-04")
    assert got.loc[1, "frequency_holdout"] == 0
    assert got.loc[4, "frequency_holdout"] == 1


def test_no_holdout_purchase_is_an_error(small):
    with pytest.raises(ValueError, match="no purchase falls in the holdout"):
        calibration_and_holdout_data(small, "id", "date", "2014-02-01",
                                     observation_period_end="2014-02-07")
    # Business days have neither a fixed nor a mean length.
    with pytest.raises(ValueError, match="freq"):
        calibration_and_holdout_data(small, "id", "date", "2015-02-01", freq="B")


def test_cdnow_split_matches_the_pandas_reference(split, cdnow):
    # reference: 2357 customers, sums 2457 and 1882, duration 39; customer 1:
    # 2, 30.4285714286, 38.8571428571, 1.
    assert len(split) == 2357 and split.index.name == "id"
    assert split["frequency_cal"].sum() == 2457
    assert split["frequency_holdout"].sum() == 1882
    assert (split["duration_holdout"] == 39).all()
    assert np.allclose(split.loc[1, ["frequency_cal", "recency_cal", "T_cal",
                                     "frequency_holdout"]].values,
                       [2, 30.4285714286, 38.8571428571, 1], rtol=1e-11)
    weekly = calibration_and_holdout_data(cdnow, "id", "date", "19970930", "19980630",
                                          freq="W", datetime_format="%Y%m%d")
    # reference, weekly periods: sums 2216 and 1788.
    assert weekly["frequency_cal"].sum() == 2216
    assert weekly["frequency_holdout"].sum() == 1788


def test_comparison_recommends_pareto_nbd_on_cdnow(split):
    c = compare_models(split)
    # reference: 39-week totals BG/NBD 1653.416, Pareto/NBD 1665.529 against 1882 actual;
    # MAE 0.785454, 0.754525; baselines MAE 1.023669 (rate), 0.798473 (no purchases).
    t = c.table
    assert list(t.index) == ["BG/NBD", "Pareto/NBD", "rate carried forward", "no purchases"]
    assert np.allclose(t["mae"], [0.785454388951, 0.754525207628, 1.02366916327,
                                  0.798472634705], rtol=1e-5)
    assert np.allclose(t["predicted_total"][:2], [1653.41603542, 1665.52946222], rtol=1e-5)
    assert (t["actual_total"] == 1882).all()
    assert abs(t.loc["BG/NBD", "log_likelihood"] + 9582.4) < 0.05  # the paper's
    assert c.recommended == "Pareto/NBD" and c.beats_baseline
    assert "Recommended: Pareto/NBD, because it has the lowest holdout MAE." in c.summary()
    assert isinstance(c.models["BG/NBD"], BetaGeoFitter)
    bias = c.bias_by_frequency()
    # reference: customers by frequency_cal; mean actual of bucket 0 0.236711552091; BG/NBD
    # mean predicted 0.225085992037 at the scipy estimate; "no purchases" bias = -actual.
    assert list(bias["customers"]) == [1411, 439, 214, 100, 62, 38, 29, 64]
    assert np.allclose(bias["no purchases"], -bias["actual"])
    assert bias.loc[0, "BG/NBD"] == pytest.approx(0.225085992037 - 0.236711552091, rel=1e-3)
    # reference: rate carried forward bias by bucket.
    assert np.allclose(bias["rate carried forward"],
                       [-0.236711552091, 0.508470782121, 1.02609209597, 2.0650086437,
                        2.20995297119, 3.0172003014, 3.32483938667, 6.01104439968], rtol=1e-10)
    assert list(bias.columns) == ["customers", "actual", "BG/NBD", "Pareto/NBD",
                                  "rate carried forward", "no purchases"]


def test_comparison_says_when_no_model_beats_the_baseline(split):
    # Nobody buys again: "no purchases" is exact (MAE 0), so no model can beat it.
    c = compare_models(split.assign(frequency_holdout=0.0))
    assert c.table.loc["no purchases", "mae"] == 0
    assert not c.beats_baseline
    assert "No model beats the baselines" in c.summary()


def test_calibration_vs_holdout_and_period_transactions_match_scipy(split):
    bgf = BetaGeoFitter.from_params(**BG)
    table = calibration_vs_holdout(bgf, split)
    # reference, buckets 0..6, 7+
    assert list(table["customers"]) == [1411, 439, 214, 100, 62, 38, 29, 64]
    assert np.allclose(table["actual"], [0.236711552091, 0.697038724374, 1.39252336449, 1.56,
                                         2.53225806452, 2.94736842105, 3.86206896552,
                                         6.359375], rtol=1e-11)
    assert np.allclose(table["predicted"], [0.225085992037, 0.523126762194, 1.04413688205,
                                            1.52029112214, 2.163887762, 2.65387660551,
                                            3.50408835756, 6.15727706969], rtol=1e-9)
    assert np.allclose(table["bias"], table["predicted"] - table["actual"])
    pt = period_transactions(bgf, split["frequency_cal"], split["T_cal"])
    assert list(pt["observed"]) == [1411, 439, 214, 100, 62, 38, 29, 64]
    assert np.allclose(pt["expected"], [1407.6843882, 460.324544763, 192.460320625,
                                        101.163472115, 59.8467268176, 38.1195791448,
                                        25.5491052735, 71.851863061], rtol=1e-6)


def test_cumulative_transactions_match_the_btyd_walkthrough(cdnow):
    # R BTYD walkthrough, as lifetimes' tests quote it (weeks 20-25).
    pn = ParetoNBDFitter.from_params(**PN)
    cum = expected_cumulative_transactions(pn, cdnow, "date", "id", 25 * 7,
                                           datetime_format="%Y%m%d", freq_multiplier=7)
    assert len(cum) == 25
    assert list(cum["actual"].iloc[19:25]) == [1359, 1414, 1484, 1517, 1573, 1672]
    assert list(cum["predicted"].iloc[19:25].round()) == [1309, 1385, 1460, 1533, 1604, 1674]


def test_cumulative_transactions_by_date_as_lifetimes(cdnow):
    # lifetimes' daily case: BG/NBD on the daily calibration summary, 14 days; published
    # last four dates 1997-01-11..14, actual 11 12 15 19, predicted 10.67 12.67 14.87 17.24.
    daily = calibration_and_holdout_data(cdnow, "id", "date", "19970930", "19980630",
                                         datetime_format="%Y%m%d")
    bgf = BetaGeoFitter().fit(daily["frequency_cal"], daily["recency_cal"], daily["T_cal"])
    cum = expected_cumulative_transactions(bgf, cdnow, "date", "id", 14,
                                           datetime_format="%Y%m%d", set_index_date=True)
    assert [str(p) for p in cum.index[-4:]] == ["1997-01-11", "1997-01-12", "1997-01-13",
                                                 "1997-01-14"]
    assert list(cum["actual"].iloc[-4:]) == [11, 12, 15, 19]
    assert np.allclose(cum["predicted"].iloc[-4:], [10.67, 12.67, 14.87, 17.24], atol=0.0051)


def test_alive_path_by_hand():
    # BG/NBD (0.243, 4.414, 0.793, 2.426), purchases on days 0, 2 and 4:
    # P = 1 / (1 + a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)).
    bgf = BetaGeoFitter.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
    tx = pd.DataFrame({"date": ["2020-03-04", "2020-03-02", "2020-03-06"]})
    path = calculate_alive_path(bgf, tx, "date", 5)
    assert np.allclose(path, [1, 1, 0.753650201926064, 0.7187119306423656,
                              0.8120407679544915, 0.7705526527615597], rtol=1e-13)


def test_holdout_metrics_by_hand():
    # errors 0 1 0 1: MAE 0.5, RMSE sqrt(0.5); correlation 10.25 / sqrt(8.75 * 12.75).
    m = holdout_metrics([0, 1, 2, 4], [0, 2, 2, 5])
    assert m["mae"] == 0.5 and math.isclose(m["rmse"], math.sqrt(0.5))
    assert math.isclose(m["correlation"], 10.25 / math.sqrt(8.75 * 12.75), rel_tol=1e-14)
    assert m["actual_total"] == 7 and m["predicted_total"] == 9 and m["total_error"] == 2
    assert math.isnan(holdout_metrics([0, 1], [1, 1])["correlation"])
    with pytest.raises(ValueError):
        holdout_metrics([0, 1], [1])
    with pytest.raises(ValueError):
        holdout_metrics([0, float("nan")], [1, 1])
