"""GammaGammaFitter.customer_lifetime_value_band: the CLV under the parameter
uncertainty of both models.

Expected numbers: tests/reference/clv_band_reference.py (400,000 numpy draws of the
BG/NBD and Gamma-Gamma parameters at the mpmath covariances on CDNOW; the CLV from the
papers' formulas with scipy; clv_band_reference.out). The fits here land within about
1e-6 of the estimates used there, far below the 0.1 sd tolerance.
"""

import os

import pytest

import custorient
from custorient import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter

np = pytest.importorskip("numpy")

SOURCE = os.environ.get("CO_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CDNOW = os.path.join(SOURCE, "tests", "data", "cdnow",
                     "cdnow_customers_summary_with_transactions.csv")
# clv_band_reference.out: (x, tx, T, mean spend) -> point CLV, 5% and 95% quantiles, sd
REFERENCE = [((2, 30.43, 38.86, 22.35), 36.2785, 33.7591, 39.3206, 1.69),
             ((1, 1.71, 38.86, 11.77), 4.63747, 3.7715, 5.70225, 0.59),
             ((7, 29.43, 35.0, 73.74), 370.071, 321.028, 420.74, 30.3),
             ((0, 0.0, 38.86, 0.0), 8.34409, 7.64771, 9.11994, 0.448)]


def fitted(copies=1, model=BetaGeoFitter):
    data = np.genfromtxt(CDNOW, delimiter=",", names=True)
    x, tx, T, z = (np.tile(data[k], copies) for k in ("x", "t_x", "T", "zbar"))
    purchases = model().fit(x, tx, T)
    spend = GammaGammaFitter().fit(x[x > 0], z[x > 0])
    return purchases, spend, (x, tx, T, z)


@pytest.fixture(scope="module")
def cdnow():
    return fitted()


def test_matches_numpy_draws(cdnow):
    bgf, ggf, _ = cdnow
    x, tx, T, m = (np.array([c[0][i] for c in REFERENCE]) for i in range(4))
    lo, hi = ggf.customer_lifetime_value_band(bgf, x, tx, T, m, freq="W", draws=20000,
                                              level=0.90, seed=4, threads=2)
    point = ggf.customer_lifetime_value(bgf, x, tx, T, m, freq="W")
    for i, (_, clv, want_lo, want_hi, sd) in enumerate(REFERENCE):
        assert abs(point[i] - clv) < 1e-4 * clv
        assert abs(lo[i] - want_lo) < 0.1 * sd and abs(hi[i] - want_hi) < 0.1 * sd
        assert lo[i] < point[i] < hi[i]


def test_holds_the_point_and_is_the_same_for_any_thread_count():
    pnf, ggf, (x, tx, T, m) = fitted(model=ParetoNBDFitter)
    args = (pnf, x[:300], tx[:300], T[:300], m[:300])
    one = ggf.customer_lifetime_value_band(*args, freq="W", draws=200, level=0.9)
    two = ggf.customer_lifetime_value_band(*args, freq="W", draws=200, level=0.9, threads=2)
    assert np.array_equal(one[0], two[0]) and np.array_equal(one[1], two[1])
    point = ggf.customer_lifetime_value(*args, freq="W")
    assert ((one[0] <= point) & (point <= one[1])).all()


def test_narrows_as_the_data_grow(cdnow):
    # The same customers four times over: the same estimates, a quarter of the
    # variance, so bands half as wide (the asymptotic scale goes as 1/sqrt(n)).
    bgf, ggf, _ = cdnow
    bgf4, ggf4, _ = fitted(copies=4)
    x, tx, T, m = (np.array([c[0][i] for c in REFERENCE]) for i in range(4))
    lo, hi = ggf.customer_lifetime_value_band(bgf, x, tx, T, m, freq="W", draws=4000)
    lo4, hi4 = ggf4.customer_lifetime_value_band(bgf4, x, tx, T, m, freq="W", draws=4000)
    ratio = (hi - lo) / (hi4 - lo4)
    assert ((ratio > 1.8) & (ratio < 2.2)).all(), ratio


def test_bad_input(cdnow):
    bgf, ggf, _ = cdnow
    with pytest.raises(custorient.InvalidArgumentError):
        ggf.customer_lifetime_value_band(bgf, 1, 2, 3, 10, draws=1)
    with pytest.raises(custorient.InvalidArgumentError):
        ggf.customer_lifetime_value_band(bgf, 1, 2, 3, -10)
    with pytest.raises(TypeError):
        ggf.customer_lifetime_value_band(ggf, 1, 2, 3, 10)
    with pytest.raises(RuntimeError):  # parameters set by hand: no data, no variance
        GammaGammaFitter.from_params(p=6, q=4, v=15).customer_lifetime_value_band(
            bgf, 1, 2, 3, 10)
