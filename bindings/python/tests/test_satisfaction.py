"""The Python face of CSAT, CES and scale normalisation. Reference numbers:
docs/references.md and tests/reference/satisfaction_reference.py."""

import math

import numpy as np
import pytest

import custorient

CSAT = [5] * 42 + [4] * 32 + [3] * 10 + [2] * 9 + [1] * 14


def test_csat_matches_the_published_example():
    # references.md: 69.16, mean 3.738; scipy: Wilson [59.8715091322, 77.1182602521],
    # t [3.4706898213, 4.0059456928].
    s = custorient.csat(CSAT)
    assert s.score == pytest.approx(69.16, abs=5e-3)
    assert s.mean == pytest.approx(3.738, abs=5e-4)
    assert s.share_interval == pytest.approx((59.8715091322, 77.1182602521), abs=1e-8)
    assert s.mean_interval == pytest.approx((3.4706898213, 4.0059456928), abs=1e-9)
    assert (s.n, s.in_box) == (107, 74)
    assert custorient.csat(np.array(CSAT, dtype=np.int32)) == s


def test_csat_scale_and_box():
    # 1-10 scale: customary top box 9-10 (references.md); hand: 2 of 4.
    assert custorient.csat([10, 9, 8, 1], scale=(1, 10)).score == 50.0
    assert custorient.csat([10, 9, 8, 1], scale=(1, 10), box=(8, 10)).score == 75.0
    # scipy at 90%: t [3.5143236869, 3.9623118271].
    assert custorient.csat(CSAT, level=0.90).mean_interval == pytest.approx(
        (3.5143236869, 3.9623118271), abs=1e-9)


def test_ces():
    # scipy "ces": 66.6666666667, mean 4.9166666667, t [3.6327586566, 6.2005746767].
    s = custorient.ces([7, 6, 6, 5, 4, 2, 7, 3, 5, 6, 1, 7])
    assert s.score == pytest.approx(200 / 3)
    assert s.mean_interval == pytest.approx((3.6327586566, 6.2005746767), abs=1e-9)


def test_single_answer_has_no_spread():
    s = custorient.csat([4])
    assert s.score == 100.0
    assert math.isnan(s.sd) and math.isnan(s.mean_interval[0])


def test_rating_errors():
    with pytest.raises(custorient.RangeError, match="index 1"):
        custorient.csat([1, 6])
    with pytest.raises(custorient.InvalidArgumentError):
        custorient.csat([])
    with pytest.raises(custorient.InvalidArgumentError):
        custorient.csat([1], box=(0, 5))


def test_normalize_scale():
    # Hand: 1-5 -> 0, 25, 87.5, 100; reversed 7-1: 1 -> 100.
    assert list(custorient.normalize_scale([1, 2, 4.5, 5], 1, 5)) == [0, 25, 87.5, 100]
    assert list(custorient.normalize_scale(np.array([1.0, 7.0]), 7, 1)) == [100, 0]
    with pytest.raises(custorient.RangeError, match="index 0"):
        custorient.normalize_scale([0], 1, 5)
