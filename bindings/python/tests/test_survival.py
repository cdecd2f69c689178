"""The Python face of the churn and survival modules.

Expected numbers come from R's survival package (tests/reference/km_aml.out),
the scipy implementation in tests/reference/sbg_reference.py (its output is
sbg_reference.out), Fader & Hardie (2007), or hand counts noted beside them.
"""

import array
import math
import threading

import numpy as np
import pytest

import custorient
from custorient import KaplanMeierFitter, ShiftedBetaGeoFitter

AML_T = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
AML_E = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]


def test_kaplan_meier_matches_r_survival_on_aml():
    km = KaplanMeierFitter().fit(AML_T, event_observed=AML_E)
    assert km.timeline[:4].tolist() == [0, 5, 8, 9]
    # R: S at 5, 8, 23, 27, 48 (references.md, km_aml.out).
    s = km.survival_function_["KM_estimate"].to_dict()
    for t, want in ((5, 0.913043478260870), (8, 0.826086956521739), (23, 0.546583850931677),
                    (27, 0.496894409937888), (48, 0.082815734989648)):
        assert s[t] == pytest.approx(want, abs=1e-12)
    assert km.standard_errors_[1] == pytest.approx(0.0587533847558414, abs=1e-12)
    assert km.median_survival_time_ == 27
    assert km.median_confidence_interval_ == (13, 34)  # R, conf.type = "log-log"
    assert KaplanMeierFitter(ci_type="log").fit(AML_T, AML_E).median_confidence_interval_ == (
        18, 45)  # R's default band
    lo, hi = km.percentile_confidence_interval(0.25)  # S <= 0.25: R gives 30 and NA
    assert lo == 30 and math.isinf(hi)
    # log-log band (lifelines' default; R conf.type = "log-log") at t = 5 and 8.
    assert km.confidence_interval_.shape == (19, 2)
    band = km.confidence_interval_.to_numpy()
    assert band[1] == pytest.approx([0.69494753753205873, 0.977515669900713], abs=1e-12)
    assert band[2] == pytest.approx([0.60061041123719894, 0.930903558387115], abs=1e-12)
    assert km.event_table["at_risk"].iloc[:3].tolist() == [23, 23, 21]
    assert km.event_table["observed"].iloc[1] == 2


def test_kaplan_meier_log_band_and_level():
    km = KaplanMeierFitter(alpha=0.05, ci_type="log").fit(AML_T, AML_E)
    assert km.confidence_interval_.iloc[2].tolist() == pytest.approx(
        [0.6848394680718987, 0.996466605022982], abs=1e-12)
    km90 = KaplanMeierFitter().fit(AML_T, AML_E, alpha=0.10)
    assert km90.confidence_interval_.iloc[1].tolist() == pytest.approx(
        [0.747360254419914, 0.971980934866370], abs=1e-12)
    assert list(km90.confidence_interval_) == ["KM_estimate_lower_0.9", "KM_estimate_upper_0.9"]


def test_kaplan_meier_accepts_any_sequence_and_predicts():
    as_numpy = KaplanMeierFitter().fit(np.array(AML_T, dtype=float),
                                       np.array(AML_E, dtype=bool))
    as_array = KaplanMeierFitter().fit(array.array("d", AML_T), array.array("B", AML_E))
    assert as_numpy.survival_function_.equals(as_array.survival_function_)
    assert as_numpy.predict(26.5) == pytest.approx(0.546583850931677, abs=1e-12)
    assert isinstance(as_numpy.predict(26.5), float)
    assert as_numpy.predict([0, 5]).tolist() == pytest.approx([1.0, 0.913043478260870])
    assert as_numpy.percentile(0.5) == 27
    # No event flags: every duration is an event. Hand count: 1, 2, 3 -> S = 2/3, 1/3, 0.
    km = KaplanMeierFitter().fit([3, 1, 2])
    assert km.survival_function_["KM_estimate"].tolist() == pytest.approx([1, 2 / 3, 1 / 3, 0])


def test_kaplan_meier_errors():
    with pytest.raises(custorient.InvalidArgumentError, match="index 2"):
        KaplanMeierFitter().fit([1, 2, -3])
    with pytest.raises(custorient.InvalidArgumentError, match="index 1"):
        KaplanMeierFitter().fit([1, 2], [1, 5])
    with pytest.raises(custorient.InvalidArgumentError, match="index 1"):
        KaplanMeierFitter().fit([1, 2], np.array([1.0, 0.5]))
    with pytest.raises(custorient.InvalidArgumentError):
        KaplanMeierFitter().fit([])
    with pytest.raises(ValueError, match="same length"):
        KaplanMeierFitter().fit([1, 2], [1])
    with pytest.raises(ValueError):
        KaplanMeierFitter(ci_type="linear").fit([1, 2])
    with pytest.raises(RuntimeError):
        KaplanMeierFitter().predict(1.0)
    with pytest.raises(AttributeError, match="fit"):
        KaplanMeierFitter().survival_function_


def test_shifted_beta_geo_reproduces_fader_hardie():
    high = ShiftedBetaGeoFitter().fit(HIGH_END)
    regular = ShiftedBetaGeoFitter().fit(np.array(REGULAR, dtype=float))
    assert round(high.params_["alpha"], 3) == 0.668 and round(high.params_["beta"], 3) == 3.806
    assert round(regular.params_["alpha"], 3) == 0.704
    assert round(regular.params_["beta"], 3) == 1.182
    assert regular.log_likelihood_ == pytest.approx(-1680.2651884633, rel=1e-11)
    # Projections (sbg_reference.out, regular cohort).
    assert regular.survival_function([0, 1, 12]).tolist() == pytest.approx(
        [1.0, 0.626706054084, 0.170037452812], abs=1e-8)
    assert regular.retention_rate(3) == pytest.approx(0.818822568616, abs=1e-8)
    assert regular.log_likelihood(REGULAR) == pytest.approx(regular.log_likelihood_, rel=1e-14)


def test_shifted_beta_geo_several_cohorts_and_derl():
    # sbg_reference.out: ragged cohorts (regular, regular[:5], high_end[:3]).
    fit = ShiftedBetaGeoFitter().fit([REGULAR, REGULAR[:5], HIGH_END[:3]])
    assert fit.params_["alpha"] == pytest.approx(0.827402297238, rel=1e-7)
    assert fit.params_["beta"] == pytest.approx(2.024631915236, rel=1e-7)
    fixed = ShiftedBetaGeoFitter.from_params(alpha=0.704, beta=1.182)
    derl = fixed.discounted_expected_residual_lifetime(0.10, [0, 4])
    assert derl.tolist() == pytest.approx([2.964662146132, 5.894422859844], rel=1e-11)


def test_shifted_beta_geo_errors():
    with pytest.raises(custorient.InvalidArgumentError, match="index 2"):
        ShiftedBetaGeoFitter().fit([100, 80, 90])
    with pytest.raises(custorient.InvalidArgumentError, match="no customer churned"):
        ShiftedBetaGeoFitter().fit([100, 100, 100])
    with pytest.raises(custorient.ConvergenceError):
        ShiftedBetaGeoFitter().fit([1600, 800, 400, 200, 100])
    with pytest.raises(RuntimeError):
        ShiftedBetaGeoFitter().survival_function(1)


def test_fits_in_threads_agree():
    """Fits release the GIL and share no state: threads get identical answers."""
    durations = np.random.default_rng(3).exponential(10.0, 200_000)
    results = [None] * 4

    def work(i):
        results[i] = KaplanMeierFitter().fit(durations).median_survival_time_

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 1 and results[0] == pytest.approx(10 * math.log(2), rel=0.02)


def test_retention_rate_hand_count():
    # Same data as tests/retention_test.c: base 3, retained 2, new 1, reactivated 1.
    r = custorient.retention_rate([10, 20, 30, 105, 72, 90, 130],
                                  [4, 0, 1, 2, 3, 4, 0, 6, 2, 4, 4],
                                  [129, 75, 80, 40, 105, 72, 105, 130, 110, 99, 99], 100, 30)
    assert (r["base"], r["retained"], r["churned"], r["active"]) == (3, 2, 1, 4)
    assert (r["new_customers"], r["reactivated"]) == (1, 1)
    assert r["retention_rate"] == pytest.approx(2 / 3)
    assert r["churn_rate"] == pytest.approx(1 / 3)
    with pytest.raises(custorient.RangeError, match="order 0 names customer 3 of 1"):
        custorient.retention_rate([10], [3], [12], 100, 30)


def test_cohort_retention_by_hand():
    # A starts 2024-01-15 (orders Jan, Feb 20), B starts 2024-02-03; as of 2024-03-05.
    # Rows Jan, Feb, Mar; sizes 1, 1, 0; A active in Jan and Feb, B only in Feb.
    m = custorient.cohort_retention(["2024-01-15", "2024-02-03"], [0, 1, 0],
                                    np.array(["2024-01-15", "2024-02-03", "2024-02-20"],
                                             dtype="datetime64[D]"), "2024-03-05")
    assert m.months == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert m.sizes.tolist() == [1, 1, 0]
    assert m.active.tolist() == [[1, 1, 0], [1, 0, 0], [0, 0, 0]]
    assert m.rates[0].tolist() == [1.0, 1.0, 0.0]
    assert math.isnan(m.rates[1, 2]) and np.isnan(m.rates[2]).all()


def test_cohort_retention_span_is_bounded():
    # 2020-01 .. 9999-12 is 7980 * 12 = 95760 months: a 95760^2 matrix (~150 GB with its
    # rates) was attempted; the limit is 1200 months (100 years).
    with pytest.raises(custorient.RangeError, match="span 95760 months; at most 1200"):
        custorient.cohort_retention(["2020-01-15"], [0], ["2020-01-15"], "9999-12-31")


def test_at_risk_ranking():
    # (1 - p) * value = 10, 40, 40: the tie goes to more open contacts (index 2).
    top = custorient.at_risk_ranking([0.9, 0.2, 0.5], [100, 50, 80], top_n=2,
                                     open_contacts=[0, 1, 2])
    assert top["index"].tolist() == [2, 1]
    assert top["value_at_risk"].tolist() == pytest.approx([40, 40])
    assert top["p_churned"].tolist() == pytest.approx([0.5, 0.8])
    assert top["days_since_detractor"].tolist() == [-1, -1]
    all_rows = custorient.at_risk_ranking([0.9, 0.2], [100, 50], top_n=10,
                                          days_since_detractor=[3, -1])
    assert all_rows["index"].tolist() == [1, 0]
    with pytest.raises(custorient.InvalidArgumentError, match="index 1"):
        custorient.at_risk_ranking([0.5, 1.5], [1, 1])
    with pytest.raises(custorient.InvalidArgumentError):
        custorient.at_risk_ranking([0.5], [1], top_n=0)


def test_at_risk_ranking_top_n_beyond_the_customers():
    # A top_n far beyond the number of customers asks for one row per customer, not for
    # 10**8 rows (which failed as an out-of-memory error reading only "status -3").
    top = custorient.at_risk_ranking([0.9, 0.2, 0.5], [100, 50, 80], top_n=10**8)
    assert top["index"].tolist() == [1, 2, 0]  # (1 - p) * value = 40, 40, 10; tie: lower index
    assert top["value_at_risk"].tolist() == pytest.approx([40, 40, 10])


def test_binding_failures_carry_their_own_message():
    # A failure found by the binding's C code has a message of its own, neither empty
    # ("status -2") nor the text of an earlier failure on the thread.
    with pytest.raises(custorient.InvalidArgumentError, match="index 1"):
        custorient.at_risk_ranking([0.5, 1.5], [1, 1])
    out = array.array("B", bytes(6))
    with pytest.raises(custorient.RangeError) as err:
        custorient.capi.co_py_rfm_default_rule(10**6, out)
    rules = custorient.capi.CO_RFM_OTHERS  # the default table has one rule per segment
    assert str(err.value) == "no default RFM rule at index 1000000 (count %d)" % rules
    assert err.value.path is None and err.value.line is None


def test_at_risk_ranking_from_a_purchase_model():
    """P(alive) from BG/NBD feeds the ranking; the figures are (1 - p) * value."""
    model = custorient.BetaGeoFitter.from_params(r=0.24, alpha=4.41, a=0.79, b=2.43)
    frequency = np.array([0, 2, 5, 1, 8, 3], dtype=float)
    recency = np.array([0, 10, 30, 2, 38, 15], dtype=float)
    T = np.full(6, 40.0)
    value = np.array([50, 120, 300, 80, 900, 200], dtype=float)
    p_alive = model.conditional_probability_alive(frequency, recency, T)
    top = custorient.at_risk_ranking(p_alive, value, top_n=3)
    expected = (1 - p_alive) * value
    order = sorted(range(6), key=lambda i: (-expected[i], i))[:3]
    assert top["index"].tolist() == order
    assert top["value_at_risk"] == pytest.approx(expected[order], rel=1e-15)
    assert top["value_at_risk"][0] > 0


def test_at_risk_backtest_counts_who_ordered_again():
    """The hand-made store of tests/atrisk_backtest_test.c: ranked at day 1000,
    window (1000, 1010]. c0, c2 and c6 of the six ranked customers ordered in
    it (c1's order on day 1000 and c3's on 1011 fall outside, c5 was not
    ranked): base 3/6. The list c3, c1, c6 holds one of them: 1/3, lift 2/3."""
    store = custorient.Store()
    for cid in ("c0", "c1", "c2", "c3", "c4", "c5", "c6"):
        store.add_customer(cid, signup_date=800)
    orders = [("c0", 900), ("c0", 1005), ("c1", 950), ("c1", 1000), ("c2", 980), ("c2", 1010),
              ("c3", 990), ("c3", 1011), ("c4", 995), ("c5", 1003), ("c6", 960), ("c6", 1002),
              ("c6", 1004)]
    for j, (cid, day) in enumerate(orders):
        store.add_order("o%d" % j, cid, day, 10.0)
    summary = store.summary(1000)
    top = custorient.at_risk_ranking([0.9, 0.2, 0.8, 0.1, 0.7, 0.4], [100.0] * 6, top_n=3)
    later = store.orders_as_of(1010)
    got = custorient.at_risk_backtest(summary.customer_index, top["index"],
                                      later["customer_index"], later["day"], 1000, days=10)
    assert got == {"ranked": 6, "ranked_bought": 3, "listed": 3, "listed_bought": 1,
                   "base_rate": 0.5, "listed_rate": pytest.approx(1 / 3, rel=1e-15),
                   "lift": pytest.approx(2 / 3, rel=1e-15)}
    with pytest.raises(custorient.RangeError, match="row 0 names position 6"):
        custorient.at_risk_backtest(summary.customer_index, [6], later["customer_index"],
                                    later["day"], 1000, days=10)
    with pytest.raises(ValueError):
        custorient.at_risk_backtest(summary.customer_index, [0], later["customer_index"][:2],
                                    later["day"], 1000, days=10)
    with pytest.raises(custorient.InvalidArgumentError, match="window of 0 days"):
        custorient.at_risk_backtest(summary.customer_index, [0], later["customer_index"],
                                    later["day"], "1972-09-27", days=0)


def _random_orders(seed):
    rng = np.random.default_rng(seed)
    n = 400
    base = custorient.parse_date("2023-01-01")
    first = base + rng.integers(0, 500, n)
    who = rng.integers(0, n, 3000)
    when = first[who] + rng.integers(0, 300, who.size)
    return first, who, when


def test_cohort_matrix_agrees_with_pandas():
    """An independent pandas computation: month periods, drop duplicates, crosstab."""
    pd = pytest.importorskip("pandas")
    first, who, when = _random_orders(11)
    as_of = custorient.parse_date("2024-03-20")
    m = custorient.cohort_retention(first, who, when, as_of)
    epoch = pd.Timestamp("1970-01-01")
    cust = pd.DataFrame({"c": np.arange(first.size),
                         "start": epoch + pd.to_timedelta(first, unit="D")})
    cust = cust[cust.start <= epoch + pd.Timedelta(days=as_of)]
    cust["cohort"] = cust.start.dt.to_period("M")
    orders = pd.DataFrame({"c": who, "day": epoch + pd.to_timedelta(when, unit="D")})
    orders = orders[orders.day <= epoch + pd.Timedelta(days=as_of)]
    orders = orders.merge(cust[["c", "cohort"]], on="c")
    orders["k"] = (orders.day.dt.to_period("M") - orders.cohort).apply(lambda d: d.n)
    active = orders.drop_duplicates(["c", "k"]).groupby(["cohort", "k"]).size()
    sizes = cust.groupby("cohort").size()
    first_month = sizes.index.min()
    assert m.months[0] == str(first_month.start_time.date())
    rows = len(m.months)
    for (cohort, k), count in active.items():
        assert m.active[(cohort - first_month).n, k] == count
    assert m.active.sum() == active.sum()
    for cohort, size in sizes.items():
        assert m.sizes[(cohort - first_month).n] == size
    assert m.sizes.sum() == len(cust)
    observed = np.add.outer(np.arange(rows), np.arange(rows)) < rows
    assert np.isnan(m.rates[~observed]).all()


def test_retention_rate_agrees_with_sets():
    first, who, when = _random_orders(12)
    start, period = custorient.parse_date("2023-09-01"), 60
    r = custorient.retention_rate(first, who, when, start, period)
    before = set(who[(when >= start - period) & (when < start)].tolist())
    now = set(who[(when >= start) & (when < start + period)].tolist())
    new = set(np.flatnonzero((first >= start) & (first < start + period)).tolist())
    assert r["base"] == len(before) and r["retained"] == len(before & now)
    assert r["active"] == len(now) and r["new_customers"] == len(new)
    assert r["reactivated"] == len({c for c in now - before if first[c] < start})
    assert r["retention_rate"] == pytest.approx(len(before & now) / len(before))


def test_kaplan_meier_agrees_with_a_numpy_estimator():
    """Independent vectorised estimator (unique + cumprod), with many ties and censoring."""
    rng = np.random.default_rng(5)
    d = np.floor(rng.exponential(30.0, 20_000))
    e = (rng.random(d.size) < 0.7).astype(np.uint8)
    times, inverse = np.unique(d, return_inverse=True)
    events = np.bincount(inverse, weights=e)
    removed = np.bincount(inverse)
    at_risk = d.size - np.concatenate(([0], np.cumsum(removed)[:-1]))
    surv = np.cumprod(1 - events / at_risk)
    greenwood = np.cumsum(events / (at_risk * (at_risk - events)))
    km = KaplanMeierFitter(ci_type="log").fit(d, e)
    assert np.allclose(km.predict(times), surv, rtol=1e-13, atol=0)
    rows = np.searchsorted(km.timeline, times)
    assert km.event_table["at_risk"].iloc[rows].tolist() == at_risk.tolist()
    z = 1.959963984540054
    assert km.confidence_interval_.iloc[rows, 0].to_numpy() == pytest.approx(surv * np.exp(-z * np.sqrt(greenwood)),
                                                             rel=1e-12)
