"""KaplanMeierFitter as lifelines users know it, custorient.statistics and the survival
helpers of custorient.utils.

Expected numbers come from R's survival package (tests/reference/km_aml.out and
km_lifelines.out, made by the scripts beside them), from lifelines' own published
tests (lifelines/tests/test_statistics.py, tests/utils/test_utils.py), or from hand
calculations written beside them.
"""

import math
import pickle
import warnings

import numpy as np
import pandas as pd
import pytest

import custorient
from custorient import KaplanMeierFitter, StatisticalWarning
from custorient.datasets import load_waltons
from custorient.statistics import logrank_test
from custorient.utils import (datetimes_to_durations, median_survival_times,
                              restricted_mean_survival_time, survival_table_from_events)

AML_T = np.array([9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30,
                  33, 43, 45], dtype=float)
AML_E = np.array([1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1])
AML_MAINTAINED = np.arange(23) < 11  # R's aml$x: the first 11 rows
# The inputs of tests/reference/km_lifelines.R: weights 1 + (i mod 4) / 4 for row i = 1..23,
# entries floor(time / 3).
AML_W = 1 + (np.arange(1, 24) % 4) / 4
AML_ENTRY = np.floor(AML_T / 3)


def _at(frame, t):
    return frame.loc[t].to_numpy()


# -- the fitter -------------------------------------------------------------------------------

def test_frames_have_lifelines_names_and_r_values():
    kmf = KaplanMeierFitter().fit(AML_T, AML_E)
    sf = kmf.survival_function_
    assert isinstance(sf, pd.DataFrame) and list(sf) == ["KM_estimate"]
    assert sf.index.name == "timeline" and sf.index[0] == 0
    assert sf.loc[23.0, "KM_estimate"] == pytest.approx(0.546583850931677, abs=1e-12)  # R
    assert list(kmf.confidence_interval_) == ["KM_estimate_lower_0.95", "KM_estimate_upper_0.95"]
    assert kmf.confidence_interval_survival_function_ is kmf.confidence_interval_
    # R log-log band at 8 (km_aml.out)
    assert _at(kmf.confidence_interval_, 8.0) == pytest.approx(
        [0.60061041123719894, 0.930903558387115], abs=1e-12)
    assert np.array_equal(kmf.cumulative_density_.to_numpy(), 1 - sf.to_numpy())
    # the band of 1 - S is 1 minus the band of S, its columns swapped
    assert _at(kmf.confidence_interval_cumulative_density_, 8.0) == pytest.approx(
        [1 - 0.930903558387115, 1 - 0.60061041123719894], abs=1e-12)
    assert kmf.median_survival_time_ == 27  # R
    assert repr(kmf) == ('<custorient.KaplanMeierFitter:"KM_estimate", fitted with 23 total '
                         'observations, 5 right-censored observations>')
    assert repr(KaplanMeierFitter()) == "<custorient.KaplanMeierFitter>"
    assert np.array_equal(kmf.durations, AML_T) and kmf.entry is None
    assert kmf.weights.tolist() == [1.0] * 23


def test_event_table_columns_and_counts():
    kmf = KaplanMeierFitter().fit(AML_T, AML_E)
    table = kmf.event_table
    assert list(table) == ["removed", "observed", "censored", "entrance", "at_risk"]
    assert table.index.name == "event_at"
    assert table.dtypes.unique().tolist() == [np.dtype("int64")]
    # by hand from AML_T, AML_E: at 0 all 23 enter; at 13 one event and one censoring
    assert table.loc[0.0].tolist() == [0, 0, 0, 23, 23]
    assert table.loc[13.0].tolist() == [2, 1, 1, 0, 17]
    assert table.loc[161.0].tolist() == [1, 0, 1, 0, 1]


def test_label_alpha_and_ci_labels_apply_as_in_lifelines():
    kmf = KaplanMeierFitter()
    kmf.fit(AML_T, AML_E, label="aml", alpha=0.1)
    assert list(kmf.survival_function_) == ["aml"]
    assert list(kmf.confidence_interval_) == ["aml_lower_0.9", "aml_upper_0.9"]
    # R, conf.int = 0.90, log-log, at 5 (km_aml.out)
    assert _at(kmf.confidence_interval_, 5.0) == pytest.approx(
        [0.747360254419914, 0.971980934866370], abs=1e-12)
    assert kmf.alpha == 0.05  # alpha of one call only
    kmf.fit(AML_T, AML_E)  # the label stays, the level goes back to 95%
    assert list(kmf.confidence_interval_) == ["aml_lower_0.95", "aml_upper_0.95"]
    kmf.fit(AML_T, AML_E, ci_labels=["lo", "hi"])
    assert list(kmf.confidence_interval_) == ["lo", "hi"]
    with pytest.raises(ValueError):
        kmf.fit(AML_T, AML_E, ci_labels=["only one"])
    with pytest.raises(ValueError):
        KaplanMeierFitter(alpha=0)


def test_timeline_and_predict_before_the_first_time():
    kmf = KaplanMeierFitter().fit(AML_T, AML_E, timeline=[200, -1, 0, 5, 6.5])
    sf = kmf.survival_function_["KM_estimate"]
    assert sf.index.tolist() == [-1, 0, 5, 6.5, 200]  # sorted
    assert math.isnan(sf[-1.0])  # before the table: NaN, as lifelines
    assert sf[0.0] == 1 and sf[6.5] == pytest.approx(0.913043478260870, abs=1e-12)  # R, S(5)
    assert sf[200.0] == pytest.approx(0.082815734989648, abs=1e-12)  # R, S(161)
    assert _at(kmf.confidence_interval_, -1.0).tolist() == [1.0, 1.0]  # lifelines fills 1
    # predict reads the frame: a float for one time, a Series for several
    assert math.isnan(kmf.predict(-0.5))
    assert kmf.predict(100) == pytest.approx(0.913043478260870, abs=1e-12)  # last point 6.5
    both = kmf.predict([-1, 5])
    assert isinstance(both, pd.Series) and both.index.tolist() == [-1, 5]
    # linear between timeline points 0 (S = 1) and 5 (S = 21/23): at 2.5, 22/23
    assert kmf.predict(2.5, interpolate=True) == pytest.approx(22 / 23, abs=1e-12)
    at = kmf.survival_function_at_times([0, 5])
    assert isinstance(at, pd.Series) and at.name == "KM_estimate"
    assert at.tolist() == pytest.approx([1.0, 0.913043478260870], abs=1e-12)
    assert kmf.cumulative_density_at_times(5).tolist() == pytest.approx([1 - 0.913043478260870])


def test_conditional_time_to_event_by_hand():
    # Events at 1, 2, 3, 4: S = 1, 3/4, 1/2, 1/4, 0 from 0, 1, 2, 3, 4. At t the first time
    # S falls to S(t)/2: t=0 -> 2, t=1 -> 3, t=2 -> 3, t=3 -> 4, t=4 (S = 0) -> 4.
    kmf = KaplanMeierFitter().fit([1, 2, 3, 4])
    frame = kmf.conditional_time_to_event_
    assert list(frame) == ["KM_estimate - Conditional median duration remaining to event"]
    assert frame.iloc[:, 0].tolist() == [2, 2, 1, 1, 0]


@pytest.mark.filterwarnings("ignore::custorient.StatisticalWarning")
def test_weights_and_entry_match_r_survfit():
    kmf = KaplanMeierFitter(variance="greenwood")
    kmf.fit(AML_T, AML_E, weights=AML_W)  # R: survfit(..., weights = w, robust = FALSE)
    sf, band = kmf.survival_function_["KM_estimate"], kmf.confidence_interval_
    assert sf[13.0] == pytest.approx(0.7109375, abs=1e-12)
    assert kmf.standard_errors_[list(kmf.timeline).index(31.0)] == pytest.approx(
        0.0933317794189311, abs=1e-12)
    assert _at(band, 48.0) == pytest.approx([0.0170986094470289, 0.263930703972368], abs=1e-12)
    table = kmf.event_table
    assert table.dtypes.unique().tolist() == [np.dtype("float64")]
    # R's n.risk at 5 and 31: 32 and 11.75 (no late entries: lifelines' at_risk is the same)
    assert table.loc[[5.0, 31.0], "at_risk"].tolist() == pytest.approx([32.0, 11.75])
    assert table.loc[31.0, "observed"] == pytest.approx(1.75)

    kmf = KaplanMeierFitter().fit(AML_T, AML_E, entry=AML_ENTRY)  # R: Surv(entry, time, status)
    sf = kmf.survival_function_["KM_estimate"]
    assert sf.index[0] == 1.0  # the first entry: no row at 0
    assert sf[12.0] == pytest.approx(0.4846153846153848, abs=1e-12)
    assert _at(kmf.confidence_interval_, 45.0) == pytest.approx(
        [0.0120155231122163, 0.225713703767437], abs=1e-12)
    table = kmf.event_table
    # lifelines' at_risk counts those entering at t; R's n.risk (8 at 5, 13 at 12) does not
    assert (table["at_risk"] - table["entrance"]).loc[[5.0, 12.0]].tolist() == [8, 13]
    assert table["entrance"].sum() == 23 and table.loc[5.0, "entrance"] == 1

    kmf = KaplanMeierFitter(variance="greenwood").fit(AML_T, AML_E, entry=AML_ENTRY,
                                                      weights=AML_W)
    assert kmf.survival_function_.loc[45.0, "KM_estimate"] == pytest.approx(
        0.0796315426997245, abs=1e-12)
    assert _at(kmf.confidence_interval_, 12.0) == pytest.approx(
        [0.2471047959556734, 0.715502694115871], abs=1e-12)


def test_non_integer_weights_warn_and_use_lifelines_variance():
    # Events at 1, 2, 3 of weights 0.5, 1.5, 1 (hand, as tests/km_weighted_test.c): at 2,
    # S = 1/3; lifelines truncates the 2.5 at risk to 2: terms 1/15 + 1.5 (R: 1/15 + 0.6).
    with pytest.warns(StatisticalWarning):
        kmf = KaplanMeierFitter().fit([1, 2, 3], weights=[0.5, 1.5, 1.0])
    assert kmf.standard_errors_[2] == pytest.approx(math.sqrt(1 / 15 + 1.5) / 3, abs=1e-15)
    with pytest.warns(StatisticalWarning):
        r = KaplanMeierFitter(variance="greenwood").fit([1, 2, 3], weights=[0.5, 1.5, 1.0])
    assert r.standard_errors_[2] == pytest.approx(math.sqrt(1 / 15 + 0.6) / 3, abs=1e-15)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        KaplanMeierFitter().fit([1, 2, 3], weights=[1, 2, 3])  # whole weights: no warning


def test_bad_input():
    with pytest.raises(ValueError, match="same length"):
        KaplanMeierFitter().fit([1, 2], weights=[1])
    with pytest.raises(ValueError, match="same length"):
        KaplanMeierFitter().fit([1, 2], entry=[0])
    with pytest.raises(custorient.InvalidArgumentError, match="index 1"):
        KaplanMeierFitter().fit([1, 2], entry=[0, 3])
    with pytest.raises(custorient.InvalidArgumentError, match="index 0"):
        KaplanMeierFitter().fit([1, 2], weights=[-1, 1])
    with pytest.raises(ValueError):
        KaplanMeierFitter(variance="robust")


def test_waltons_groups_match_r():
    df = load_waltons()
    ix = df["group"] == "miR-137"
    kmf = KaplanMeierFitter()
    assert kmf.fit(df["T"][ix], df["E"][ix], label="miR-137").median_survival_time_ == 26  # R
    assert kmf.fit(df["T"][~ix], df["E"][~ix], label="control").median_survival_time_ == 58
    result = logrank_test(df["T"][ix], df["T"][~ix], df["E"][ix], df["E"][~ix], alpha=0.99)
    # R survdiff (km_lifelines.out)
    assert result.test_statistic == pytest.approx(122.249125573006, rel=1e-12)
    assert result.p_value == pytest.approx(2.0359832222855e-28, rel=1e-9)
    assert result.alpha == 0.99 and result.degrees_of_freedom == 1 and result.t_0 == -1
    assert list(result.summary) == ["test_statistic", "p", "-log2(p)"]
    text = result.to_ascii()
    assert "logrank_test" in text and "122.25" in text and "<0.005" in text


# -- statistics --------------------------------------------------------------------------------

def test_logrank_matches_r_and_lifelines_published_values():
    # R survdiff on aml by x (km_lifelines.out)
    r = logrank_test(AML_T[AML_MAINTAINED], AML_T[~AML_MAINTAINED], AML_E[AML_MAINTAINED],
                     AML_E[~AML_MAINTAINED])
    assert r.test_statistic == pytest.approx(3.3963886989776, rel=1e-12)
    assert r.p_value == pytest.approx(0.0653393220405051, rel=1e-12)
    # t_0 = 30: the same with events after 30 censored (R on the censored data)
    r30 = logrank_test(AML_T[AML_MAINTAINED], AML_T[~AML_MAINTAINED], AML_E[AML_MAINTAINED],
                       AML_E[~AML_MAINTAINED], t_0=30)
    assert r30.test_statistic == pytest.approx(2.13015456374673, rel=1e-12)
    # lifelines' test_logrank_test_output_against_R_2: statistic 16.8, p 4.17e-05
    control_t = [1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23]
    treat_t = [6, 6, 6, 7, 10, 13, 16, 22, 23, 6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 25]
    treat_e = [1] * 9 + [0] * 12
    r = logrank_test(control_t, treat_t, event_observed_B=treat_e)
    assert abs(r.test_statistic - 16.8) < 0.1 and abs(r.p_value - 4.17e-05) < 1e-6


def test_logrank_weights_equal_replicated_data_and_weightings_by_hand():
    twice = logrank_test(np.repeat(AML_T[AML_MAINTAINED], 2), np.repeat(AML_T[~AML_MAINTAINED], 2),
                         np.repeat(AML_E[AML_MAINTAINED], 2), np.repeat(AML_E[~AML_MAINTAINED], 2))
    weighted = logrank_test(AML_T[AML_MAINTAINED], AML_T[~AML_MAINTAINED],
                            AML_E[AML_MAINTAINED], AML_E[~AML_MAINTAINED],
                            weights_A=np.full(11, 2.0), weights_B=np.full(12, 2.0))
    assert weighted.test_statistic == pytest.approx(twice.test_statistic, rel=1e-13)
    # A = {1, 3}, B = {2, 4}, all events. Times 1..4 at risk (n, n_A): (4,2) (3,1) (2,1) (1,0);
    # d = 1 each, d_A = 1, 0, 1, 0. O - E per time: 1/2, -1/3, 1/2, 0; variance n_A n_B / n^2:
    # 1/4, 2/9, 1/4, 0. Wilcoxon (w = n): U = (2 - 1 + 1)^2 / (4 + 2 + 1) = 4/7;
    # Tarone-Ware (w = sqrt n): (sqrt4/2 - sqrt3/3 + sqrt2/2)^2 / (1 + 2/3 + 1/2).
    w = logrank_test([1, 3], [2, 4], weightings="wilcoxon")
    assert w.test_statistic == pytest.approx(4 / 7, rel=1e-14) and w.test_name == "Wilcoxon_test"
    tw = logrank_test([1, 3], [2, 4], weightings="tarone-ware")
    num = (1 - math.sqrt(3) / 3 + math.sqrt(2) / 2) ** 2
    assert tw.test_statistic == pytest.approx(num / (1 + 2 / 3 + 1 / 2), rel=1e-14)
    with pytest.raises(ValueError):
        logrank_test([1], [2], weightings="peto")


# -- utils ------------------------------------------------------------------------------------

def test_median_survival_times_of_a_band_match_r():
    kmf = KaplanMeierFitter().fit(AML_T, AML_E)
    limits = median_survival_times(kmf.confidence_interval_)
    assert limits.index.tolist() == [0.5]
    assert limits.iloc[0].tolist() == [13, 34]  # R, log-log band (km_aml.out)
    assert median_survival_times(kmf) == 27
    assert median_survival_times(kmf.survival_function_) == 27


def test_restricted_mean_matches_r_and_lifelines_tests():
    kmf = KaplanMeierFitter().fit(AML_T, AML_E)
    # R: print(survfit, rmean = 30) and rmean = 161 (km_lifelines.out)
    assert restricted_mean_survival_time(kmf, t=30) == pytest.approx(22.0372670807453, rel=1e-12)
    assert restricted_mean_survival_time(kmf, t=161) == pytest.approx(36.3643892339544, rel=1e-12)
    # lifelines' test_rmst_works_at_kaplan_meier_edge_case
    kmf = KaplanMeierFitter().fit([1, 2, 3, 4, 10])
    assert restricted_mean_survival_time(kmf, t=10) == restricted_mean_survival_time(kmf, t=10.001)
    assert abs(restricted_mean_survival_time(kmf, t=4) - (1.0 + 0.8 + 0.6 + 0.4)) < 1e-4
    assert abs(restricted_mean_survival_time(kmf, t=4.1) - (2.8 + 0.2 * 0.1)) < 1e-4


def test_restricted_mean_variance_by_hand():
    # Events at 1, 2, 3: min(T, t) takes 1, 2, 3 (t = inf) or 1, 2, 2.5 (t = 2.5), each 1/3.
    # t = inf: mean 2, variance 14/3 - 4 = 2/3. t = 2.5: mean 11/6, E[X^2] = 3.75, 7/18.
    kmf = KaplanMeierFitter().fit([1, 2, 3])
    assert restricted_mean_survival_time(kmf, return_variance=True) == pytest.approx((2, 2 / 3))
    mean, var = restricted_mean_survival_time(kmf, t=2.5, return_variance=True)
    assert (mean, var) == pytest.approx((11 / 6, 7 / 18), rel=1e-14)
    # the frame by the trapezoid rule: (1 + 2/3)/2 + (2/3 + 1/3)/2 + (1/3 + 0)/2 = 1.5
    with pytest.warns(RuntimeWarning):
        assert restricted_mean_survival_time(kmf.survival_function_) == pytest.approx(1.5)


@pytest.mark.filterwarnings("ignore::custorient.StatisticalWarning")
def test_survival_table_from_events_by_hand():
    # Deaths at 2 and 3 (3 censored once), births 0, 1, 1: rows at 0, 1, 2, 3.
    table = survival_table_from_events([2, 3, 3], [1, 1, 0], birth_times=[0, 1, 1])
    assert table.index.tolist() == [0, 1, 2, 3]
    assert table.to_numpy().tolist() == [[0, 0, 0, 1, 1], [0, 0, 0, 2, 3], [1, 1, 0, 0, 3],
                                         [2, 1, 1, 0, 2]]
    df = load_waltons()
    table = survival_table_from_events(df["T"], df["E"])
    kmf = KaplanMeierFitter().fit(df["T"], df["E"])
    assert table.equals(kmf.event_table)
    weighted = survival_table_from_events([1, 2], [1, 1], weights=[0.5, 1.5])
    assert weighted.loc[1.0].tolist() == [0.5, 0.5, 0.0, 0.0, 2.0]
    # bins (0, 2], (2, 4]: sums of removed, observed, censored and the largest at_risk
    binned = survival_table_from_events([1, 2, 3, 4], [1, 0, 1, 1], intervals=[0, 2, 4])
    assert list(binned) == ["removed", "observed", "censored", "at_risk"]
    assert binned.to_numpy().tolist() == [[2, 1, 1, 4], [2, 2, 0, 2]]


def test_datetimes_to_durations_as_lifelines_documents():
    # lifelines' docstring example, with the censoring day fixed: 2015-04-01 to 2019-01-01
    # is 365 * 3 + 1 (2016) + 275 = 1371 days.
    t, e = datetimes_to_durations(["2015-01-01", "2015-04-01", "2014-04-05"],
                                  ["2016-02-02", None, "2014-05-06"], fill_date="2019-01-01")
    assert t.tolist() == [397, 1371, 31] and e.tolist() == [True, False, True]
    # lifelines' test_datetimes_to_durations_with_different_frequencies (which adds
    # format="mixed", a pandas 2 option, for the mixed date forms)
    t, e = datetimes_to_durations(["2013-10-10 0:00:00", "2013-10-09", "2012-10-10"],
                                  ["2013-10-13", "2013-10-10 0:00:00", "2013-10-15"])
    assert t.tolist() == [3, 1, 5 + 365] and e.all()
    t, _ = datetimes_to_durations(["2013-10-10", "2013-10-09", "2012-10-10"],
                                  ["2013-10-13", "2013-10-10", "2013-10-15"], freq="Y")
    assert t.tolist() == [0, 0, 1]
    # an end after the fill date is censored there
    t, e = datetimes_to_durations(["2020-01-01"], ["2020-03-01"], fill_date="2020-01-31")
    assert t.tolist() == [30] and e.tolist() == [False]


@pytest.mark.filterwarnings("ignore::custorient.StatisticalWarning")
def test_pickled_fitter_keeps_weights_and_entry():
    kmf = KaplanMeierFitter(variance="greenwood").fit(AML_T, AML_E, entry=AML_ENTRY,
                                                      weights=AML_W, label="w")
    back = pickle.loads(pickle.dumps(kmf))
    assert back.confidence_interval_.equals(kmf.confidence_interval_)
    assert back.event_table.equals(kmf.event_table) and back.variance == "greenwood"
