"""The Python face of RFM scores and segments.

Expected values come from tests/reference/rfm_reference.py, an independent
numpy re-implementation of the R package rfm 0.3.0 (imported here for the
randomised comparison; its printed numbers are quoted for the fixed data).
"""

import array
import importlib.util
import os

import numpy as np
import pytest

import custorient

RECENCY = [3, 10, 10, 45, 60, 60, 120, 200, 250, 365, 400, 400]
FREQUENCY = [12, 1, 5, 5, 2, 9, 1, 3, 1, 7, 2, 1]
MONETARY = [880.5, 20.0, 310.0, 150.0, 75.25, 600.0, 20.0, 210.0, 15.0, 990.0, 60.0, 5.0]


def _reference():
    path = os.path.join(os.environ.get("CO_SOURCE_DIR", os.path.join(
        os.path.dirname(__file__), "..", "..", "..")), "tests", "reference", "rfm_reference.py")
    spec = importlib.util.spec_from_file_location("rfm_reference", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scores_match_the_r_package():
    r, f, m = custorient.rfm_scores(RECENCY, FREQUENCY, MONETARY)
    assert list(r) == [5, 5, 5, 4, 4, 4, 3, 2, 2, 1, 1, 1]
    assert list(f) == [5, 1, 3, 3, 2, 5, 1, 3, 1, 4, 2, 1]
    assert list(m) == [5, 1, 4, 3, 3, 5, 1, 4, 1, 5, 2, 1]


def test_cuts_are_quantiles_plus_one():
    assert np.allclose(custorient.rfm_cuts(FREQUENCY), [2, 3, 5.2, 7.6])
    assert np.allclose(custorient.rfm_cuts(MONETARY), [21, 67.1, 187, 543])
    # Hand check: 1..10 at k/5 without offset -> 2.8, 4.6, 6.4, 8.2.
    assert np.allclose(custorient.rfm_cuts(range(1, 11), offset=0), [2.8, 4.6, 6.4, 8.2])


def test_random_bases_agree_with_the_independent_reference():
    ref = _reference()
    rng = np.random.default_rng(20240501)
    for _ in range(20):
        n = int(rng.integers(1, 300))
        rec = rng.integers(0, 400, n).astype(float)
        freq = rng.integers(1, 12, n).astype(float)
        mon = np.round(rng.gamma(2.0, 80.0, n), 2)
        r, f, m = custorient.rfm_scores(rec, freq, mon)
        assert list(r) == list(ref.r_score(rec, reverse=True)[1])
        assert list(f) == list(ref.r_score(freq)[1])
        assert list(m) == list(ref.r_score(mon)[1])
        ours = custorient.rfm_segments(r, f, m)
        theirs = ref.r_segment(r.astype(int), f.astype(int), m.astype(int))
        for a, b, rr in zip(ours, theirs, r):
            # Hibernating takes what R leaves as Others among recency score 1-2.
            assert a == b or (a == "Hibernating" and b == "Others" and rr <= 2)


def test_rfm_in_one_call_and_summary():
    result = custorient.rfm(RECENCY, FREQUENCY, MONETARY)
    assert result.rfm_score[:3] == [555, 511, 534]
    assert result.segment[:3] == ["Champions", "New Customers", "Potential Loyalist"]
    summary = custorient.rfm_summary(result.segment, FREQUENCY, MONETARY)
    # "summary Potential Loyalist customers 3 orders 19 revenue 1060.00"
    assert summary["Potential Loyalist"]["customers"] == 3
    assert summary["Potential Loyalist"]["orders"] == 19
    assert summary["Potential Loyalist"]["revenue"] == pytest.approx(1060.0)
    assert summary["Lost"]["aov"] == pytest.approx(65.0 / 3)


def test_custom_rules_and_cuts():
    r, f, m = custorient.rfm_scores(RECENCY, FREQUENCY, MONETARY, bins=(4, 3, 5),
                                    recency_cuts=[30, 90, 180], frequency_cuts=[2, 5])
    assert list(r) == [4, 4, 4, 3, 3, 3, 2, 1, 1, 1, 1, 1]
    assert list(f) == [3, 1, 3, 3, 2, 3, 1, 2, 1, 3, 2, 1]
    names = custorient.rfm_segments(r, f, m, rules={"recent": ((3, 4), (1, 3), (1, 5))})
    assert names == ["recent"] * 6 + ["Others"] * 6
    codes = custorient.rfm_segments(r, f, m, rules={"recent": ((3, 4), (1, 3), (1, 5))},
                                    codes=True)
    assert list(codes) == [0] * 6 + [1] * 6


def test_buffers_of_every_kind_are_accepted():
    r = custorient.rfm_score(array.array("d", [1, 2, 3, 4, 9]), [2, 4])
    assert list(r) == [1, 2, 2, 3, 3]
    assert list(custorient.rfm_score(np.array([1, 2, 3, 4, 9.0]), [2, 4], reverse=True)) == \
        [3, 2, 2, 1, 1]


def test_errors_raise_library_exceptions():
    with pytest.raises(custorient.InvalidArgumentError, match="monetary is not finite"):
        custorient.rfm_scores([1, 2], [1, 2], [1, float("nan")])
    with pytest.raises(custorient.InvalidArgumentError, match="bins must be"):
        custorient.rfm_cuts([1, 2, 3], bins=12)
    with pytest.raises(ValueError, match="same length"):
        custorient.rfm_scores([1, 2], [1], [1, 2])
    with pytest.raises(ValueError, match="needs 4 values"):
        custorient.rfm_scores([1, 2], [1, 2], [1, 2], recency_cuts=[1, 2])
    with pytest.raises(custorient.InvalidArgumentError, match="minimum above"):
        custorient.rfm_segments([1], [1], [1], rules={"bad": ((3, 2), (1, 5), (1, 5))})
    with pytest.raises(custorient.InvalidArgumentError, match="scores start at 1"):
        custorient.rfm_segments([0], [1], [1])


def test_default_rules_are_exposed_in_order():
    assert custorient.SEGMENTS[0] == "Champions"
    assert custorient.SEGMENTS[-1] == "Others"
    assert list(custorient.DEFAULT_RULES)[-1] == "Hibernating"
    assert custorient.DEFAULT_RULES["Can't Lose Them"] == ((1, 2), (3, 4), (4, 5))


def test_large_bases_with_heavy_ties_agree_with_the_reference():
    ref = _reference()
    rng = np.random.default_rng(7)
    for n, high in ((20000, 3), (20001, 50), (5000, 100000)):
        x = rng.integers(0, high, n).astype(float)
        want_cuts = ref.r_bins(x)
        assert np.array_equal(custorient.rfm_cuts(x), want_cuts)
        assert list(custorient.rfm_score(x, want_cuts)) == list(ref.r_score(x)[1])
    # Already sorted, reversed and constant inputs (the partition's worst cases).
    for x in (np.arange(10000.0), np.arange(10000.0)[::-1].copy(), np.full(999, 4.0)):
        assert np.array_equal(custorient.rfm_cuts(x), ref.r_bins(x))
