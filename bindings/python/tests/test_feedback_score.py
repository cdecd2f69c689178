"""The Python face of per-customer feedback scores. Reference numbers:
tests/reference/feedback_score_reference.py (numpy)."""

import math

import numpy as np
import pytest

import custorient


def test_matches_the_reference():
    # plain: 78.143157726686, 48.666666666667, 30, nan; weights 2.60215996843, 1.25, ...
    customers = [0, 0, 0, 1, 1, 2, 0]
    days = [1000, 970, 910, 940, 1000, 400, 999]
    kinds = ["nps", "csat", "text", "ces", "rating", "nps", "csat"]
    values = [9, 2, -0.5, 6, 2.6, 3, 5]
    scores, weights = custorient.feedback_scores(customers, days, kinds, values, as_of=1000,
                                                 n_customers=4, half_life=30,
                                                 return_weights=True)
    assert scores[:3] == pytest.approx([78.143157726686, 48.666666666667, 30.0], abs=1e-10)
    assert math.isnan(scores[3])
    assert weights[:2] == pytest.approx([2.60215996843, 1.25], abs=1e-10)
    # CSAT weighted 3x: 76.266448858360 for customer 0.
    scores = custorient.feedback_scores(customers, days, kinds, values, as_of=1000,
                                        half_life=30, kind_weights={"csat": 3})
    assert len(scores) == 3
    assert scores[0] == pytest.approx(76.266448858360, abs=1e-10)
    order = custorient.rank_by_feedback_score(scores)
    assert list(order) == [2, 1, 0]


def test_errors():
    with pytest.raises(custorient.RangeError, match="after the as-of day"):
        custorient.feedback_scores([0], [11], ["nps"], [5], as_of=10)
    with pytest.raises(custorient.InvalidArgumentError, match="unknown feedback kind"):
        custorient.feedback_scores([0], [1], ["stars"], [5], as_of=10)
    with pytest.raises(ValueError, match="same length"):
        custorient.feedback_scores([0, 1], [1], ["nps"], [5], as_of=10)


def test_dates_as_text():
    scores = custorient.feedback_scores(np.array([0], dtype=np.uint64), ["2024-01-01"], [1],
                                        [4.0], as_of="2024-03-01")
    assert scores[0] == 75.0  # CSAT 4 -> 25 * 3 (hand)
