"""pandas in, pandas out: the shapes lifetimes users get back.

The values are those of test_btyd.py (BG/NBD at r=0.243, alpha=4.414, a=0.793,
b=2.426, from tests/reference/btyd_reference.py, scipy).
"""

import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import custorient
from custorient import BetaGeoFitter, GammaGammaFitter

ALIVE = [1, 0.726578570081, 0.212100985377, 0.778977117406]
EXPECTED_39 = [0.195098052011, 1.22602817477, 0.20318698708, 4.36928194852]


@pytest.fixture
def bgf():
    return BetaGeoFitter.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)


@pytest.fixture
def table():
    return pd.DataFrame({"frequency": [0, 2, 1, 7], "recency": [0.0, 30.43, 1.71, 29.43],
                         "T": [38.86, 38.86, 38.86, 35.0]},
                        index=pd.Index(["c", "a", "d", "b"], name="customer"))


def test_series_in_series_out_with_the_index(bgf, table):
    got = bgf.conditional_probability_alive(table["frequency"], table["recency"], table["T"])
    assert isinstance(got, pd.Series)
    assert list(got.index) == ["c", "a", "d", "b"] and got.index.name == "customer"
    assert np.allclose(got.to_numpy(), ALIVE, rtol=1e-9)
    got = bgf.conditional_expected_number_of_purchases_up_to_time(
        39, table["frequency"], table["recency"], table["T"])
    assert list(got.index) == list(table.index)
    assert np.allclose(got.to_numpy(), EXPECTED_39, rtol=1e-9)
    # predict is lifetimes' alias.
    assert np.allclose(bgf.predict(39, table["frequency"], table["recency"], table["T"]),
                       EXPECTED_39, rtol=1e-9)


def test_a_series_of_times_keeps_its_index(bgf):
    t = pd.Series([1.0, 39.0], index=[10, 20])
    got = bgf.expected_number_of_purchases_up_to_time(t)
    assert list(got.index) == [10, 20]
    assert got[20] == pytest.approx(1.19672319332, rel=1e-9)


def test_scalars_give_a_float_and_numpy_gives_numpy(bgf, table):
    got = bgf.expected_number_of_purchases_up_to_time(39)
    assert type(got) is float and got == pytest.approx(1.19672319332, rel=1e-9)
    got = bgf.probability_of_n_purchases_up_to_time(39, 0)
    assert type(got) is float and got == pytest.approx(0.573786352096, rel=1e-9)
    got = bgf.conditional_probability_alive(*(table[c].to_numpy() for c in table))
    assert type(got) is np.ndarray and np.allclose(got, ALIVE, rtol=1e-9)


def test_gamma_gamma_and_clv_keep_the_index(bgf, table):
    ggf = GammaGammaFitter.from_params(p=6.25, q=3.74, v=15.44)
    money = pd.Series([0.0, 22.35, 11.77, 30.0], index=table.index)
    profit = ggf.conditional_expected_average_profit(table["frequency"], money)
    assert list(profit.index) == list(table.index)
    # Hand calculation, customer "a": weight p x / (p x + q - 1) = 12.5 / 15.24; population
    # mean v p / (q - 1) = 96.5 / 2.74 = 35.2189781; (1 - w) 35.2189781 + w 22.35 = 24.6637139
    assert profit["a"] == pytest.approx(24.66371391, rel=1e-8)
    clv = ggf.customer_lifetime_value(bgf, table["frequency"], table["recency"], table["T"],
                                      money, time=12, freq="W")
    assert isinstance(clv, pd.Series) and clv.name == "clv"
    assert list(clv.index) == list(table.index)
    scalar = ggf.customer_lifetime_value(bgf, 2, 30.43, 38.86, 22.35, time=12, freq="W")
    assert type(scalar) is float and scalar == pytest.approx(clv["a"], rel=1e-12)


def test_params_is_a_series_in_lifetimes_order(bgf):
    assert isinstance(bgf.params_, pd.Series)
    assert list(bgf.params_.index) == ["r", "alpha", "a", "b"]
    assert bgf.params_["alpha"] == 4.414


def test_convergence_error_is_a_value_error():
    # lifetimes' ConvergenceError derives from ValueError; code catching that still works.
    assert issubclass(custorient.ConvergenceError, ValueError)
    assert issubclass(custorient.ConvergenceError, custorient.Error)


def test_without_pandas_the_fitters_give_dicts_and_arrays():
    # pandas hidden from a fresh interpreter: the package must not need it.
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "from custorient import BetaGeoFitter\n"
        "f = BetaGeoFitter.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)\n"
        "assert type(f.params_) is dict, type(f.params_)\n"
        "out = f.conditional_probability_alive([0, 2], [0, 30.43], [38.86, 38.86])\n"
        "assert abs(out[1] - 0.726578570081) < 1e-9\n"
        "assert type(f.expected_number_of_purchases_up_to_time(39)) is float\n"
    )
    run = subprocess.run([sys.executable, "-c", code], env=dict(os.environ),
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
