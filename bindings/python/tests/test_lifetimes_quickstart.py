"""lifetimes' Quickstart (docs/Quickstart.md of lifetimes, commit 4f2833f4), step by
step with only the imports changed, against the values its documentation prints.

Printed values have 6 significant digits (or 2 in the fitters' repr lines); each
check allows the printed rounding plus the optimiser's tolerance.
"""

import pandas as pd
import pytest

from custorient import BetaGeoFitter, GammaGammaFitter
from custorient.datasets import (load_cdnow_summary, load_cdnow_summary_data_with_monetary_value,
                                 load_transaction_data)
from custorient.utils import calibration_and_holdout_data, summary_data_from_transaction_data


def approx(value, digits=6):
    return pytest.approx(value, rel=2 * 10.0 ** -digits)


@pytest.fixture(scope="module")
def data():
    return load_cdnow_summary(index_col=[0])


@pytest.fixture(scope="module")
def bgf(data):
    bgf = BetaGeoFitter(penalizer_coef=0.0)
    bgf.fit(data["frequency"], data["recency"], data["T"])
    return bgf


def test_cdnow_summary_head(data):
    assert data.index.name == "ID" and list(data.columns) == ["frequency", "recency", "T"]
    assert list(data.loc[1]) == [2, 30.43, 38.86] and list(data.loc[2]) == [1, 1.71, 38.86]
    assert len(data) == 2357


def test_bgnbd_parameters(bgf):
    # bgf.summary: r 0.242593, alpha 4.413532, a 0.792886, b 2.425752 (its standard errors
    # are checked in test_uncertainty.py).
    p = bgf.params_
    assert list(p.index) == ["r", "alpha", "a", "b"]
    assert p["r"] == approx(0.242593) and p["alpha"] == approx(4.413532)
    assert p["a"] == approx(0.792886) and p["b"] == approx(2.425752)


def test_ranking_customers(data, bgf):
    ranked = data.copy()
    t = 1
    ranked["predicted_purchases"] = bgf.conditional_expected_number_of_purchases_up_to_time(
        t, ranked["frequency"], ranked["recency"], ranked["T"])
    tail = ranked.sort_values(by="predicted_purchases").tail(5)
    assert list(tail.index) == [509, 841, 1981, 157, 1516]
    for got, want in zip(tail["predicted_purchases"],
                         [0.424877, 0.474738, 0.486526, 0.662396, 0.710623]):
        assert got == approx(want)


@pytest.fixture(scope="module")
def transaction_data():
    return load_transaction_data()


@pytest.fixture(scope="module")
def summary(transaction_data):
    return summary_data_from_transaction_data(transaction_data, "id", "date",
                                              observation_period_end="2014-12-31")


def test_transactions_to_summary(transaction_data, summary):
    assert list(transaction_data.columns) == ["date", "id"]
    assert list(transaction_data["id"].head()) == [0, 1, 2, 2, 2]
    assert summary.index.name == "id" and list(summary.columns) == ["frequency", "recency", "T"]
    assert summary.head().values.tolist() == [[0, 0, 298], [0, 0, 224], [6, 142, 292],
                                              [0, 0, 147], [2, 9, 183]]
    bgf = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    # <lifetimes.BetaGeoFitter: fitted with 5000 subjects, a: 1.85, alpha: 1.86, b: 3.18, r: 0.16>
    assert len(summary) == 5000
    assert [round(bgf.params_[k], 2) for k in ("a", "alpha", "b", "r")] == [1.85, 1.86, 3.18, 0.16]


def test_calibration_holdout_and_a_prediction(transaction_data, summary):
    cal = calibration_and_holdout_data(transaction_data, "id", "date",
                                       calibration_period_end="2014-09-01",
                                       observation_period_end="2014-12-31")
    assert list(cal.columns) == ["frequency_cal", "recency_cal", "T_cal", "frequency_holdout",
                                 "duration_holdout"]
    assert cal.head().values.tolist() == [[0, 0, 177, 0, 121], [0, 0, 103, 0, 121],
                                          [6, 142, 171, 0, 121], [0, 0, 26, 0, 121],
                                          [2, 9, 62, 0, 121]]
    bgf = BetaGeoFitter().fit(cal["frequency_cal"], cal["recency_cal"], cal["T_cal"])
    individual = summary.iloc[20]
    got = bgf.predict(10, individual["frequency"], individual["recency"], individual["T"])
    assert isinstance(got, float) and got == approx(0.0576511)


@pytest.fixture(scope="module")
def money():
    return load_cdnow_summary_data_with_monetary_value()


@pytest.fixture(scope="module")
def ggf(money):
    returning = money[money["frequency"] > 0]
    ggf = GammaGammaFitter(penalizer_coef=0)
    return ggf.fit(returning["frequency"], returning["monetary_value"])


def test_gamma_gamma(money, ggf):
    returning = money[money["frequency"] > 0]
    assert money.index.name == "customer_id"
    assert list(returning.index[:5]) == [1, 2, 6, 7, 9]
    assert returning.loc[6].tolist() == [7, 29.43, 38.86, 73.74]
    assert len(returning) == 946
    assert returning[["monetary_value", "frequency"]].corr().iloc[0, 1] == approx(0.113884)
    # <lifetimes.GammaGammaFitter: fitted with 946 subjects, p: 6.25, q: 3.74, v: 15.45>
    assert [round(ggf.params_[k], 2) for k in ("p", "q", "v")] == [6.25, 3.74, 15.45]
    profit = ggf.conditional_expected_average_profit(money["frequency"], money["monetary_value"])
    assert list(profit.index[:10]) == list(range(1, 11))
    for got, want in zip(profit.head(10), [24.658619, 18.911489, 35.170981, 35.170981,
                                           35.170981, 71.462843, 18.911489, 35.170981,
                                           27.282408, 35.170981]):
        assert got == approx(want)
    assert profit.mean() == approx(35.2529588256)  # depends on the fit: 6 digits
    assert returning["monetary_value"].mean() == approx(35.078551797, 9)


def test_customer_lifetime_value(money, ggf):
    bgf = BetaGeoFitter()
    bgf.fit(money["frequency"], money["recency"], money["T"])
    clv = ggf.customer_lifetime_value(bgf, money["frequency"], money["recency"], money["T"],
                                      money["monetary_value"], time=12, discount_rate=0.01)
    assert clv.name == "clv" and list(clv.index[:10]) == list(range(1, 11))
    for got, want in zip(clv.head(10), [140.096211, 18.943467, 38.180574, 38.180574, 38.180574,
                                        1003.868107, 28.109683, 38.180574, 167.418216,
                                        38.180574]):
        assert got == approx(want)
