"""Covariates in the sBG and the Gamma-Gamma (custorient/_covariate_models.py).

Expected values come from outside the library: the published sBG fits of the
'regular' and 'high end' cohorts (Fader & Hardie 2007, "How to project customer
retention"), data simulated here with numpy from the models with known coefficients,
and the closed forms of S(t) (scipy's Beta function) and of the Gamma-Gamma's expected
order value (Fader & Hardie 2013) written here with numpy.
"""
import math

import numpy as np
import pandas as pd
import pytest
from scipy import special

from custorient import (BetaGeoFitter, GammaGammaFitter, InvalidArgumentError,
                        ShiftedBetaGeoFitter)

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]


def test_a_cohort_indicator_gives_the_published_fits_of_both_cohorts():
    # Saturated: the regular cohort (x = 0) gets the base values, the high-end cohort
    # (x = 1) alpha exp(g_alpha) and beta exp(g_beta). Published: regular 0.704, 1.182;
    # high end 0.668, 3.806.
    f = ShiftedBetaGeoFitter().fit([REGULAR, HIGH_END],
                                   covariates=pd.DataFrame({"high_end": [0.0, 1.0]}))
    assert round(f.params_["alpha"], 3) == 0.704
    assert round(f.params_["beta"], 3) == 1.182
    c = f.coefficients_
    assert list(c.index) == [("alpha", "high_end"), ("beta", "high_end")]
    assert round(f.params_["alpha"] * c.loc[("alpha", "high_end"), "exp(coef)"], 3) == 0.668
    assert round(f.params_["beta"] * c.loc[("beta", "high_end"), "exp(coef)"], 3) == 3.806
    # the retention of the high-end cohort's customers is the higher one
    s = f.survival_function(7, covariates=[[0.0], [1.0]])
    assert s[1] > s[0]


def simulate_sbg(n, seed):
    rng = np.random.default_rng(seed)
    x = np.column_stack([rng.random(n) < 0.5, rng.normal(size=n)]).astype(float)
    a = 0.8 * np.exp(0.6 * x[:, 0] + 0.3 * x[:, 1])
    b = 2.5 * np.exp(-0.4 * x[:, 0] + 0.2 * x[:, 1])
    theta = rng.beta(a, b)
    seen = rng.integers(1, 9, n)
    t = rng.geometric(theta)
    churned = (t <= seen).astype(np.uint8)
    return np.where(churned == 1, t, seen).astype(float), churned, x


@pytest.fixture(scope="module")
def sbg():
    periods, churned, x = simulate_sbg(4000, 1)
    return ShiftedBetaGeoFitter().fit_customers(periods, churned, covariates=x), x


def test_sbg_fit_recovers_coefficients_and_predicts_per_customer(sbg):
    f, x = sbg
    c = f.coefficients_
    truth = {("alpha", "x0"): 0.6, ("alpha", "x1"): 0.3, ("beta", "x0"): -0.4,
             ("beta", "x1"): 0.2}
    for key, value in truth.items():
        assert c.loc[key, "lower 95% bound"] <= value <= c.loc[key, "upper 95% bound"], key
    assert list(f.summary.index) == ["alpha", "beta", "alpha:x0", "alpha:x1", "beta:x0",
                                     "beta:x1"]
    # S(t) = B(a_i, b_i + t) / B(a_i, b_i) at each customer's own parameters
    a = f.params_["alpha"] * np.exp(x[:5] @ c.loc["alpha", "coef"].to_numpy())
    b = f.params_["beta"] * np.exp(x[:5] @ c.loc["beta", "coef"].to_numpy())
    want = special.beta(a, b + 3) / special.beta(a, b)
    np.testing.assert_allclose(f.survival_function(3, covariates=x[:5]), want, rtol=1e-12)
    t = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    np.testing.assert_allclose(f.retention_rate(t, covariates=x[:5]),
                               (b + t - 1) / (a + b + t - 1), rtol=1e-12)
    assert f.discounted_expected_residual_lifetime(0.1, 2, covariates=x[:5]).shape == (5,)


def test_sbg_covariate_arguments_are_checked(sbg, tmp_path):
    f, x = sbg
    with pytest.raises(ValueError, match="2 columns"):
        f.survival_function(3, covariates=x[:5, :1])
    with pytest.raises(ValueError, match="columns"):
        f.survival_function(3)
    with pytest.raises(ValueError, match="without"):
        ShiftedBetaGeoFitter().fit(REGULAR).survival_function(3, covariates=x[:2])
    with pytest.raises(ValueError, match="equal_coefficients"):
        ShiftedBetaGeoFitter().fit(REGULAR, equal_coefficients=[(("alpha", "x0"),
                                                                 ("beta", "x0"))])
    with pytest.raises(InvalidArgumentError, match="churned"):
        ShiftedBetaGeoFitter().fit_customers([1.0, 2.0], [1, 3], covariates=[[0.0], [1.0]])
    f.save_model(str(tmp_path / "m.json"))  # with its coefficients: test_covariate_model_file.py
    assert "coefficients" in (tmp_path / "m.json").read_text()
    tied = ShiftedBetaGeoFitter().fit_customers(
        *simulate_sbg(500, 2)[:2], covariates=x[:500],
        equal_coefficients=[(("alpha", "x0"), ("beta", "x0"))])
    c = tied.coefficients_
    assert c.loc[("alpha", "x0"), "coef"] == c.loc[("beta", "x0"), "coef"]


def simulate_spend(n, seed):
    rng = np.random.default_rng(seed)
    x = np.column_stack([rng.random(n) < 0.5, rng.normal(size=n)]).astype(float)
    v = 30.0 * np.exp(0.5 * x[:, 0] - 0.2 * x[:, 1])
    freq = (1 + rng.poisson(3, n)).astype(float)
    nu = rng.gamma(5.0, 1.0 / v)
    return freq, rng.gamma(4.0 * freq, 1.0 / (freq * nu)), x


def test_spend_fit_recovers_coefficients_and_predicts_per_customer():
    freq, z, x = simulate_spend(3000, 3)
    frame = pd.DataFrame(x, columns=["vip", "tenure"])
    gg = GammaGammaFitter().fit(freq, z, spend_covariates=frame)
    c = gg.coefficients_
    assert list(c.index) == [("spend", "vip"), ("spend", "tenure")]
    for key, value in ((("spend", "vip"), 0.5), (("spend", "tenure"), -0.2)):
        assert c.loc[key, "lower 95% bound"] <= value <= c.loc[key, "upper 95% bound"], key
    # E[M | x, zbar] = (q - 1)/(px + q - 1) p v_i/(q - 1) + px/(px + q - 1) zbar
    p, q = gg.params_["p"], gg.params_["q"]
    v = gg.params_["v"] * np.exp(x[:4] @ c["coef"].to_numpy())
    px = p * freq[:4]
    want = (q - 1) / (px + q - 1) * p * v / (q - 1) + px / (px + q - 1) * z[:4]
    np.testing.assert_allclose(
        gg.conditional_expected_average_profit(freq[:4], z[:4], spend_covariates=x[:4]),
        want, rtol=1e-12)
    np.testing.assert_allclose(gg.conditional_expected_average_profit()[:4], want, rtol=1e-12)
    # CLV: each customer's is the plain CLV at its own v_i
    bg = BetaGeoFitter.from_params(r=0.24, alpha=4.4, a=0.79, b=2.4)
    rec, T = np.full(4, 20.0), np.full(4, 40.0)
    got = gg.customer_lifetime_value(bg, freq[:4], rec, T, z[:4], spend_covariates=x[:4])
    for i in range(4):
        plain = GammaGammaFitter.from_params(p=p, q=q, v=v[i])
        one = plain.customer_lifetime_value(bg, freq[i:i + 1], rec[:1], T[:1], z[i:i + 1])
        assert got[i] == pytest.approx(float(one[0]), rel=1e-12)
    assert math.isfinite(gg.aic_)


def test_spend_covariate_arguments_are_checked(tmp_path):
    freq, z, x = simulate_spend(300, 4)
    gg = GammaGammaFitter().fit(freq, z, spend_covariates=x)
    bg = BetaGeoFitter.from_params(r=0.24, alpha=4.4, a=0.79, b=2.4)
    with pytest.raises(ValueError, match="2 columns"):
        gg.conditional_expected_average_profit(freq, z, spend_covariates=x[:, :1])
    with pytest.raises(ValueError, match="q_constraint"):
        GammaGammaFitter().fit(freq, z, spend_covariates=x, q_constraint=True)
    with pytest.raises(ValueError, match="without"):
        GammaGammaFitter().fit(freq, z).conditional_expected_average_profit(
            freq, z, spend_covariates=x)
    with pytest.raises(ValueError, match="spend_covariates: the model was fitted with 2"):
        gg.customer_lifetime_value_band(bg, freq, freq, freq + 1, z)
    gg.save_model(str(tmp_path / "m.json"))  # with its coefficients: test_covariate_model_file.py
    assert "coefficients" in (tmp_path / "m.json").read_text()
    bad = x.copy()
    bad[5, 1] = np.nan
    with pytest.raises(InvalidArgumentError, match="row 5"):
        GammaGammaFitter().fit(freq, z, spend_covariates=bad)
