"""The Python face of NPS. Reference numbers: docs/references.md
(R package NPS) and tests/reference/nps_reference.py (numpy/scipy)."""

import array
import datetime
import importlib

import numpy as np
import pytest

import custorient
nps_module = importlib.import_module("custorient.nps")


def counts(det, pas, pro):
    return [3] * det + [7] * pas + [10] * pro


ROCKS = [
    # D/Pa/Pr, NPS, Wald SE, Wald CI, adjusted SE, adjusted CI (95%, [-1, 1] scale)
    ((362, 176, 462), 0.100, 0.028531, (0.044081, 0.155919), 0.028472, (0.043897, 0.155505)),
    ((20, 30, 50), 0.300, 0.078102, (0.146922, 0.453078), 0.076915, (0.140511, 0.442013)),
    ((2, 3, 5), 0.300, 0.246982, (-0.184075, 0.784075), 0.214940, (-0.190506, 0.652045)),
    ((0, 0, 10), 1.0, 0.0, (1.0, 1.0), 0.150102, (0.475036, 1.0)),
]


@pytest.mark.parametrize("row", ROCKS)
def test_published_intervals(row):
    (d, p, r), score, se, wald, adj_se, adj = row
    result = custorient.nps(counts(d, p, r))
    assert (result.detractors, result.passives, result.promoters, result.n) == (d, p, r, d + p + r)
    assert result.score == pytest.approx(100 * score, abs=1e-4)
    assert result.se == pytest.approx(100 * se, abs=1e-4)
    ci = result.interval()
    assert (ci.lower, ci.upper) == pytest.approx((100 * wald[0], 100 * wald[1]), abs=1e-4)
    ci = result.interval(0.95, method="adjusted")
    assert ci.se == pytest.approx(100 * adj_se, abs=1e-4)
    assert (ci.lower, ci.upper) == pytest.approx((100 * adj[0], 100 * adj[1]), abs=1e-4)


def test_all_detractors():
    result = custorient.nps([0, 1, 2, 6])
    assert result.score == -100
    assert result.se == 0
    assert result.interval(method="adjusted").lower == -100


def test_inputs_of_every_kind_agree():
    scores = [0, 6, 7, 8, 9, 10, 10]
    expected = custorient.nps(scores)
    assert expected.score == pytest.approx(100 * (3 - 2) / 7)
    for value in (np.array(scores, dtype=np.uint8), np.array(scores, dtype=np.int32),
                  np.array(scores, dtype=np.int64), np.array(scores, dtype=float),
                  array.array("B", scores), array.array("i", scores), tuple(scores)):
        assert custorient.nps(value) == expected


def test_numpy_arrays_are_read_in_place():
    for dtype in (np.uint8, np.int32):
        a = np.array([1, 9, 10], dtype=dtype)
        assert nps_module._checked_scores(a) is a


def test_out_of_range_raises_and_counts_nothing():
    acc = custorient.nps([10])
    with pytest.raises(custorient.RangeError, match="index 2"):
        acc.add(np.array([1, 2, 11], dtype=np.uint8))
    with pytest.raises(custorient.RangeError, match="index 1"):
        acc.add([5, -1])
    with pytest.raises(custorient.RangeError):
        acc.add(np.array([5, 2**40]))
    with pytest.raises(custorient.RangeError):
        acc.add([5.5])
    with pytest.raises(custorient.RangeError):
        acc.add([np.nan])
    assert acc.n == 1


def test_weighted_matches_numpy():
    # nps_reference.py: score -5.8823529412, var 8788.9273356401, n_eff
    # 7.1260273973, se 35.1191659359; adjusted [-58.0942025676, 49.8149817884].
    scores = [10, 9, 3, 7, 10, 0, 8, 6, 9, 10]
    weights = [1.5, 0.5, 2.0, 1.0, 1.0, 3.0, 0.5, 1.0, 2.0, 0.25]
    result = custorient.nps(scores, weights=weights)
    assert result.score == pytest.approx(-5.8823529412, abs=1e-9)
    assert result.variance == pytest.approx(8788.9273356401, abs=1e-7)
    assert result.effective_n == pytest.approx(7.1260273973, abs=1e-9)
    assert result.se == pytest.approx(35.1191659359, abs=1e-8)
    ci = result.interval(method="adjusted")
    assert (ci.lower, ci.upper) == pytest.approx((-58.0942025676, 49.8149817884), abs=1e-8)
    # The same from numpy right here: weighted mean of the -1/0/+1 coding.
    x = np.where(np.array(scores) >= 9, 1.0, np.where(np.array(scores) >= 7, 0.0, -1.0))
    assert result.score == pytest.approx(100 * np.average(x, weights=weights))
    with pytest.raises(ValueError, match="same length"):
        custorient.nps(scores, weights=weights[:-1])
    with pytest.raises(custorient.InvalidArgumentError, match="index 1"):
        custorient.nps([1, 2], weights=[1.0, -1.0])


def test_merge_and_add():
    a, b = custorient.nps([0, 9, 10]), custorient.nps([7, 8])
    total = a + b
    assert total == custorient.nps([0, 9, 10, 7, 8])
    assert a.n == 3
    a.merge(b)
    assert a == total


def test_compare_matches_the_published_test():
    # references.md: diff 0.067982, SE 0.06881, p 0.323128.
    result = custorient.nps_compare(custorient.nps(counts(184, 83, 240)),
                                    custorient.nps(counts(99, 50, 110)))
    assert result.difference == pytest.approx(6.7982, abs=1e-4)
    assert result.se == pytest.approx(6.881, abs=1e-3)
    assert result.p_value == pytest.approx(0.323128, abs=1e-6)
    # Raw answer lists are accepted too.
    again = custorient.nps_compare(counts(184, 83, 240), counts(99, 50, 110))
    assert again == result


def test_interval_arguments():
    result = custorient.nps(counts(20, 30, 50))
    # nps_reference.py: 90% Wald [17.1532824932, 42.8467175068].
    ci = result.interval(0.90)
    assert (ci.lower, ci.upper) == pytest.approx((17.1532824932, 42.8467175068), abs=1e-8)
    with pytest.raises(custorient.InvalidArgumentError):
        result.interval(1.5)
    with pytest.raises(custorient.InvalidArgumentError, match="method"):
        result.interval(method="exact")


def test_empty_has_no_score():
    with pytest.raises(custorient.InvalidArgumentError, match="no answers"):
        custorient.nps([]).score


def test_by_period():
    # Hand: January 10, 3, 9 -> 33.33; February 8, 7 -> 0; March 0 -> -100.
    days = ["2024-03-31", "2024-01-31", "2024-02-01", "2024-01-01", "2024-02-29",
            datetime.date(2024, 1, 15)]
    rows = custorient.nps_by_period(days, [0, 10, 8, 3, 7, 9], period="month")
    assert [r.start for r in rows] == [datetime.date(2024, m, 1) for m in (1, 2, 3)]
    assert [r.nps.score for r in rows] == pytest.approx([100 / 3, 0, -100])
    # Weeks from Monday: 2024-01-07 is a Sunday, 2024-01-08 a Monday.
    day_numbers = np.array(["2024-01-07", "2024-01-08", "2024-01-01"], dtype="datetime64[D]")
    rows = custorient.nps_by_period(day_numbers, [10, 9, 0], period="week",
                                    weights=[3.0, 2.0, 1.0])
    assert [r.start for r in rows] == [datetime.date(2024, 1, 1), datetime.date(2024, 1, 8)]
    assert rows[0].nps.score == pytest.approx(50.0)
    with pytest.raises(custorient.InvalidArgumentError, match="period"):
        custorient.nps_by_period([0], [1], period="year")
    with pytest.raises(ValueError, match="same length"):
        custorient.nps_by_period([0, 1], [1], period="day")
