"""Uncertainty attributes of the fitters (lifetimes' names and shapes).

Expected numbers: lifetimes' published BG/NBD summary for CDNOW, and
tests/reference/uncertainty_reference.py (mpmath Hessians of independently written
log-likelihoods at the scipy estimates; uncertainty_reference.out). The fits here
land within about 1e-6 of those estimates, so standard errors agree to about 1e-5.
"""

import math
import os

import pytest

import custorient
from custorient import (BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter,
                        ShiftedBetaGeoFitter)
from custorient import _uncertainty, capi

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

SOURCE = os.environ.get("CO_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..", ".."))
CDNOW = os.path.join(SOURCE, "tests", "data", "cdnow",
                     "cdnow_customers_summary_with_transactions.csv")
BOUNDS = ["lower 95% bound", "upper 95% bound"]
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]


@pytest.fixture(scope="module")
def cdnow():
    data = np.genfromtxt(CDNOW, delimiter=",", names=True)
    return data["x"], data["t_x"], data["T"], data["zbar"]


@pytest.fixture(scope="module")
def bgf(cdnow):
    x, tx, T, _ = cdnow
    return BetaGeoFitter().fit(x, tx, T)


def test_bgnbd_reproduces_lifetimes_summary(bgf):
    # lifetimes' documentation, BetaGeoFitter on CDNOW: se(coef) r 0.012557,
    # alpha 0.378221, a 0.185719, b 0.705345; coef 0.242593, 4.413532, 0.792886, 2.425752.
    s = bgf.summary
    assert list(s.columns) == ["coef", "se(coef)"] + BOUNDS
    assert list(s.index) == ["r", "alpha", "a", "b"]
    assert np.allclose(s["se(coef)"], [0.012557, 0.378221, 0.185719, 0.705345], rtol=3e-5)
    assert np.allclose(s["coef"], [0.242593, 4.413532, 0.792886, 2.425752], rtol=2e-6)
    assert s.loc["b", "coef"] == bgf.params_["b"]


def test_shapes_and_types(bgf):
    names = ["r", "alpha", "a", "b"]
    v = bgf.variance_matrix_
    assert isinstance(v, pd.DataFrame)
    assert list(v.index) == names and list(v.columns) == names
    assert np.allclose(v.values, v.values.T, rtol=1e-12, atol=0)
    se = bgf.standard_errors_
    assert isinstance(se, pd.Series) and list(se.index) == names
    assert np.allclose(se.values ** 2, np.diag(v.values), rtol=1e-12)
    ci = bgf.confidence_intervals_
    assert list(ci.columns) == BOUNDS and list(ci.index) == names
    # log-scale Wald: log(upper / p) = log(p / lower) = 1.959964 se / p
    p = bgf.summary["coef"]
    half = 1.959963984540054 * se / p
    assert np.allclose(np.log(ci[BOUNDS[1]] / p), half, rtol=1e-10)
    assert np.allclose(np.log(p / ci[BOUNDS[0]]), half, rtol=1e-10)
    # n = 2357, ll -9582.42556057: AIC = 8 + 19164.85112114, BIC = 4 ln 2357 + 19164.85112114
    assert bgf.aic_ == pytest.approx(19172.85112114, rel=1e-10)
    assert bgf.bic_ == pytest.approx(19164.85112114 + 4 * math.log(2357), rel=1e-10)


def test_paretonbd_matches_mpmath(cdnow):
    x, tx, T, _ = cdnow
    pnf = ParetoNBDFitter().fit(x, tx, T)
    want = [0.0476287376263, 0.842723825237, 0.187279499976, 6.21102578546]
    assert np.allclose(pnf.standard_errors_, want, rtol=1e-4)
    assert list(pnf.summary.index) == ["r", "alpha", "s", "beta"]


def test_gammagamma_matches_mpmath(cdnow):
    x, _, _, z = cdnow
    ggf = GammaGammaFitter().fit(x[x > 0], z[x > 0])
    assert np.allclose(ggf.standard_errors_, [1.18968537248, 0.290165369398, 4.15998764342],
                       rtol=1e-5)
    # 946 repeat customers, ll -4055.92324350: BIC = 3 ln 946 + 8111.846487
    assert ggf.bic_ == pytest.approx(8111.8464870057 + 3 * math.log(946), rel=1e-10)


def test_sbg_matches_mpmath():
    sbg = ShiftedBetaGeoFitter().fit(REGULAR)
    assert np.allclose(sbg.standard_errors_, [0.0655989642341, 0.152475631676], rtol=1e-6)
    assert sbg.variance_matrix_.loc["alpha", "beta"] == pytest.approx(0.00889119255242, rel=1e-6)
    assert list(sbg.confidence_intervals_.index) == ["alpha", "beta"]
    # 1000 customers, ll -1680.26518846: AIC = 4 + 3360.53037693
    assert sbg.aic_ == pytest.approx(3364.53037692658, rel=1e-10)


def test_penalizer_narrows_the_intervals(cdnow):
    x, tx, T, _ = cdnow
    plain = BetaGeoFitter().fit(x, tx, T)
    penalised = BetaGeoFitter(penalizer_coef=0.01).fit(x, tx, T)
    # lifetimes' penalty weighs a and b fully but alpha in units of max(T) (38.86
    # weeks), so only a and b are held much tighter (docs/models.md, "Penalty")
    ab = ["a", "b"]
    assert (penalised.standard_errors_[ab] < 0.5 * plain.standard_errors_[ab]).all()


def test_unfitted_models_have_no_uncertainty():
    f = BetaGeoFitter.from_params(r=0.24, alpha=4.4, a=0.79, b=2.4)
    for attr in ("summary", "variance_matrix_", "standard_errors_", "confidence_intervals_",
                 "aic_", "bic_"):
        with pytest.raises(RuntimeError, match="fit"):
            getattr(f, attr)
    with pytest.raises(RuntimeError):
        ShiftedBetaGeoFitter().summary


def test_a_hessian_that_is_not_positive_definite_raises_on_reading():
    # alpha = beta = 3 is a saddle of the regular-cohort likelihood (eigenvalues of the
    # negative Hessian -15.25 and 115.9, mpmath): the figures cannot be computed.
    counts = np.array(REGULAR, dtype=float)
    lengths = np.array([8], dtype=np.uint64)
    f = ShiftedBetaGeoFitter.from_params(3.0, 3.0)
    f._uncertainty = _uncertainty.compute(("alpha", "beta"), [3.0, 3.0],
                                          capi.co_py_sbg_uncertainty, 3.0, 3.0, counts, lengths)
    with pytest.raises(custorient.ConvergenceError, match="not positive definite"):
        f.summary
    with pytest.raises(custorient.ConvergenceError):
        f.aic_


def test_bands_match_numpy_draws_and_any_thread_count(cdnow):
    # tests/reference/band_reference.py: 1e6 numpy draws at the mpmath covariance give,
    # for customer (2, 30.43, 38.86), P(alive) in [0.695415, 0.759503] (sd 0.0164) and
    # expected purchases in the next 39 weeks in [1.14141, 1.32023] (sd 0.0455). Our fit's
    # covariance differs from that one by ~1e-6, far below the 0.1 sd tolerance.
    x, tx, T, _ = cdnow
    bgf = BetaGeoFitter().fit(x, tx, T)
    lo, hi = bgf.conditional_probability_alive_band(2, 30.43, 38.86, draws=20000, seed=3)
    assert abs(lo[0] - 0.695415) < 0.1 * 0.0164 and abs(hi[0] - 0.759503) < 0.1 * 0.0164
    lo, hi = bgf.conditional_expected_number_of_purchases_up_to_time_band(
        39, 2, 30.43, 38.86, draws=20000, seed=3, threads=2)
    assert abs(lo[0] - 1.14141) < 0.1 * 0.0455 and abs(hi[0] - 1.32023) < 0.1 * 0.0455
    one = bgf.conditional_probability_alive_band(x[:500], tx[:500], T[:500], draws=100)
    three = bgf.conditional_probability_alive_band(x[:500], tx[:500], T[:500], draws=100,
                                                   threads=3)
    assert np.array_equal(one[0], three[0]) and np.array_equal(one[1], three[1])
    pnf = ParetoNBDFitter().fit(x, tx, T)
    lo, hi = pnf.conditional_expected_number_of_purchases_up_to_time_band(
        39, x[:50], tx[:50], T[:50], draws=100)
    point = pnf.conditional_expected_number_of_purchases_up_to_time(39, x[:50], tx[:50], T[:50])
    assert (lo <= hi).all() and (lo > 0).all()
    assert ((lo <= point * 1.001) & (point <= hi * 1.001)).mean() > 0.9
    with pytest.raises(custorient.InvalidArgumentError):
        bgf.conditional_probability_alive_band(x, tx, T, draws=1)
    with pytest.raises(RuntimeError):
        BetaGeoFitter.from_params(r=1, alpha=1, a=1, b=1).conditional_probability_alive_band(
            1, 1, 2)


def test_figures_come_from_the_data_as_fitted(cdnow):
    # computed on first use from a copy: changing the caller's arrays after fit() changes
    # nothing (lifetimes' standard errors as in the first test)
    x, tx, T = (np.array(a) for a in cdnow[:3])
    bgf = BetaGeoFitter().fit(x, tx, T)
    x[:] = 0.0
    tx[:] = 0.0
    assert np.allclose(bgf.standard_errors_, [0.012557, 0.378221, 0.185719, 0.705345], rtol=3e-5)
