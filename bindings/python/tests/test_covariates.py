"""Covariates in the purchase models (custorient/_covariates.py).

Expected values come from outside the library: data simulated here with numpy from
the model of Fader & Hardie (2007) with known coefficients, P(alive) from the
BG/NBD closed form (Fader, Hardie & Lee 2005, eq. 13) written here with numpy, and
the normal tail from scipy.
"""
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from custorient import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter, InvalidArgumentError

TRUE = {"r": 0.8, "alpha": 8.0, "s": 0.9, "beta": 12.0, "g_p": 0.5, "g_d": 0.7}


def simulate_pareto(n, seed):
    """Pareto/NBD customers: purchase rate ~ Gamma(r, alpha_i), lifetime ~ Exp(mu),
    mu ~ Gamma(s, beta_i); alpha_i = alpha exp(-g_p x_i), beta_i = beta exp(-g_d z_i)."""
    rng = np.random.default_rng(seed)
    promo = (rng.random(n) < 0.5).astype(float)
    detractor = (rng.random(n) < 0.5).astype(float)
    T = 26.0 + 26.0 * rng.random(n)
    alpha_i = TRUE["alpha"] * np.exp(-TRUE["g_p"] * promo)
    beta_i = TRUE["beta"] * np.exp(-TRUE["g_d"] * detractor)
    lam = rng.gamma(TRUE["r"], 1.0 / alpha_i)
    mu = rng.gamma(TRUE["s"], 1.0 / beta_i)
    end = np.minimum(rng.exponential(1.0 / mu), T)
    x = rng.poisson(lam * end).astype(float)
    tx = np.where(x > 0, end * rng.beta(np.maximum(x, 1.0), 1.0), 0.0)
    return (x, tx, T, pd.DataFrame({"promo": promo}), pd.DataFrame({"detractor": detractor}))


@pytest.fixture(scope="module")
def pareto():
    x, tx, T, X, Z = simulate_pareto(4000, 7)
    f = ParetoNBDFitter().fit(x, tx, T, purchase_covariates=X, dropout_covariates=Z)
    return f, (x, tx, T, X, Z)


def test_pareto_fit_recovers_the_simulated_coefficients(pareto):
    f, _ = pareto
    c = f.coefficients_
    assert list(c.index) == [("purchase", "promo"), ("dropout", "detractor")]
    assert list(c.columns) == ["coef", "se(coef)", "exp(coef)", "lower 95% bound",
                               "upper 95% bound", "p"]
    for key, truth in ((("purchase", "promo"), TRUE["g_p"]),
                       (("dropout", "detractor"), TRUE["g_d"])):
        row = c.loc[key]
        assert row["lower 95% bound"] <= truth <= row["upper 95% bound"], (key, row)
        # Wald bounds and p-value, recomputed with scipy
        z = stats.norm.ppf(0.975)
        assert row["lower 95% bound"] == pytest.approx(row["coef"] - z * row["se(coef)"], rel=1e-12)
        assert row["p"] == pytest.approx(2 * stats.norm.sf(abs(row["coef"] / row["se(coef)"])),
                                         rel=1e-9)
        assert row["exp(coef)"] == pytest.approx(math.exp(row["coef"]), rel=1e-15)
    # the base parameters are the baseline customer's (covariates 0)
    assert list(f.params_.index) == ["r", "alpha", "s", "beta"]
    assert f.summary.loc["r", "lower 95% bound"] <= TRUE["r"] <= f.summary.loc["r", "upper 95% bound"]


def test_pareto_predictions_use_each_customers_covariates(pareto):
    f, (x, tx, T, X, Z) = pareto
    p = f.params_
    coef = f.coefficients_["coef"]
    alive = f.conditional_probability_alive(x[:5], tx[:5], T[:5], purchase_covariates=X[:5],
                                            dropout_covariates=Z[:5])
    expected = f.conditional_expected_number_of_purchases_up_to_time(
        10.0, x[:5], tx[:5], T[:5], purchase_covariates=X[:5], dropout_covariates=Z[:5])
    clv = GammaGammaFitter.from_params(p=6.25, q=3.74, v=15.44).customer_lifetime_value(
        f, x[:5], tx[:5], T[:5], np.full(5, 30.0), time=6, freq="W",
        purchase_covariates=X[:5], dropout_covariates=Z[:5])
    for i in range(5):
        own = ParetoNBDFitter.from_params(
            r=p["r"], alpha=p["alpha"] * math.exp(-coef["purchase", "promo"] * X["promo"][i]),
            s=p["s"], beta=p["beta"] * math.exp(-coef["dropout", "detractor"] * Z["detractor"][i]))
        assert alive[i] == pytest.approx(own.conditional_probability_alive(x[i], tx[i], T[i]),
                                         rel=1e-12)
        assert expected[i] == pytest.approx(
            own.conditional_expected_number_of_purchases_up_to_time(10.0, x[i], tx[i], T[i]),
            rel=1e-12)
        # CLV under the customer's own parameters, worked out here from the coefficients
        gg = GammaGammaFitter.from_params(p=6.25, q=3.74, v=15.44)
        assert clv[i] == pytest.approx(gg.customer_lifetime_value(
            own, x[i], tx[i], T[i], 30.0, time=6, freq="W"), rel=1e-12)
    with pytest.raises(ValueError, match="fitted with 1 columns"):
        f.conditional_probability_alive(x[:5], tx[:5], T[:5], purchase_covariates=X[:5])


def test_bgnbd_alive_matches_the_closed_form_and_arrays_name_columns():
    x, tx, T, X, Z = simulate_pareto(3000, 11)  # any purchase histories will do
    f = BetaGeoFitter().fit(x, tx, T, purchase_covariates=X.to_numpy(),
                            dropout_covariates=Z.to_numpy())
    c = f.coefficients_
    assert list(c.index) == [("purchase", "x0"), ("dropout_a", "x0"), ("dropout_b", "x0")]
    p, g = f.params_, c["coef"].to_numpy()
    alpha = p["alpha"] * np.exp(-g[0] * X["promo"].to_numpy())
    a = p["a"] * np.exp(g[1] * Z["detractor"].to_numpy())
    b = p["b"] * np.exp(g[2] * Z["detractor"].to_numpy())
    odds = np.where(x > 0, a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (p["r"] + x), 0.0)
    got = f.conditional_probability_alive(x, tx, T, purchase_covariates=X.to_numpy(),
                                          dropout_covariates=Z.to_numpy())
    np.testing.assert_allclose(got, 1.0 / (1.0 + odds), rtol=1e-12)


def test_equal_coefficients_tie_purchase_and_dropout(pareto):
    _, (x, tx, T, X, _) = pareto
    both = X.rename(columns={"promo": "c"})
    f = ParetoNBDFitter().fit(x, tx, T, purchase_covariates=both, dropout_covariates=both,
                              equal_coefficients=[(("purchase", "c"), ("dropout", "c"))])
    c = f.coefficients_
    assert c.loc[("purchase", "c"), "coef"] == c.loc[("dropout", "c"), "coef"]
    assert c.loc[("purchase", "c"), "se(coef)"] == c.loc[("dropout", "c"), "se(coef)"]
    # one free coefficient: AIC = 2 (4 + 1) - 2 ll
    assert f.aic_ == pytest.approx(10.0 - 2.0 * f.log_likelihood_, rel=1e-12)
    with pytest.raises(ValueError, match="no coefficient"):
        ParetoNBDFitter().fit(x, tx, T, purchase_covariates=both,
                              equal_coefficients=[(("purchase", "c"), ("dropout", "c"))])


def test_penalty_shrinks_coefficients_and_plain_fit_is_unchanged(pareto):
    _, (x, tx, T, X, Z) = pareto
    free = ParetoNBDFitter().fit(x, tx, T, purchase_covariates=X, dropout_covariates=Z)
    shrunk = ParetoNBDFitter(penalizer_coef=0.05).fit(x, tx, T, purchase_covariates=X,
                                                      dropout_covariates=Z)
    assert (abs(shrunk.coefficients_["coef"]) < abs(free.coefficients_["coef"])).all()
    plain = ParetoNBDFitter().fit(x, tx, T)
    again = ParetoNBDFitter().fit(x, tx, T, purchase_covariates=None)
    assert plain.params_.equals(again.params_)
    with pytest.raises(RuntimeError):
        plain.coefficients_


def test_bad_covariates_are_refused(pareto):
    _, (x, tx, T, X, _) = pareto
    with pytest.raises(ValueError, match="rows"):
        ParetoNBDFitter().fit(x, tx, T, purchase_covariates=X[:10])
    bad = X.copy()
    bad.iloc[3, 0] = float("nan")
    with pytest.raises(InvalidArgumentError, match="row 3"):
        ParetoNBDFitter().fit(x, tx, T, purchase_covariates=bad)


def test_covariate_fit_takes_fits_arguments_and_refuses_what_it_cannot_hold(pareto, tmp_path):
    _, (x, tx, T, X, Z) = pareto
    idx = pd.RangeIndex(100, 100 + len(x))
    f = BetaGeoFitter().fit(x, tx, T, purchase_covariates=X, dropout_covariates=Z,
                            index=idx, maxiter=200, threads=2)
    assert list(f.data.index[:2]) == [100, 101]  # fit's index names the kept data
    with pytest.raises(ValueError, match="initial_params"):
        BetaGeoFitter().fit(x, tx, T, purchase_covariates=X, initial_params=[1, 1, 1, 1])
    f.save_model(str(tmp_path / "m.json"))  # with its coefficients: test_covariate_model_file.py
    assert "coefficients" in (tmp_path / "m.json").read_text()
