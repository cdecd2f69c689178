"""Prediction bands of fits with covariates (custorient/_covariate_bands.py).

Expected values come from outside the code under test: an independent Monte-Carlo
written here with numpy, which draws the base parameters (log scale) and the
coefficients jointly from the fit's variance matrix, gives every draw and customer its
own parameters and evaluates the BG/NBD P(alive) closed form (Fader, Hardie & Lee 2005,
eq. 13); and, for the CLV band, each customer's parameter variance computed here by a
finite-difference Jacobian of its log-parameters.
"""
import numpy as np
import pandas as pd
import pytest

from custorient import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter

from test_covariates import simulate_pareto


@pytest.fixture(scope="module")
def bgnbd():
    x, tx, T, X, Z = simulate_pareto(3000, 11)
    f = BetaGeoFitter().fit(x, tx, T, purchase_covariates=X, dropout_covariates=Z)
    return f, (x, tx, T, X, Z)


def joint_draws(f, draws, seed):
    """Draws of (base parameters, coefficients): log base and coefficients jointly
    normal, the covariance the fit's variance matrix scaled by 1/estimate for the base."""
    base = f.params_.to_numpy()
    coef = f.coefficients_["coef"].to_numpy()
    V = f.variance_matrix_.to_numpy()
    scale = np.concatenate([1.0 / base, np.ones(len(coef))])
    cov = V * np.outer(scale, scale)
    mean = np.concatenate([np.log(base), coef])
    z = np.random.default_rng(seed).multivariate_normal(mean, cov, size=draws)
    return np.exp(z[:, :4]), z[:, 4:]


def test_alive_band_matches_a_joint_monte_carlo(bgnbd):
    f, (x, tx, T, X, Z) = bgnbd
    # repeat buyers with every combination of the two indicators
    pick = []
    for promo in (0.0, 1.0):
        for detractor in (0.0, 1.0):
            i = np.flatnonzero((X["promo"] == promo) & (Z["detractor"] == detractor) & (x > 1))
            pick += list(i[:2])
    x, tx, T, X, Z = x[pick], tx[pick], T[pick], X.iloc[pick], Z.iloc[pick]
    lo, hi = f.conditional_probability_alive_band(x, tx, T, draws=20000, level=0.9,
                                                  purchase_covariates=X, dropout_covariates=Z)
    base, g = joint_draws(f, 200_000, 5)
    r, alpha, a, b = base.T
    for i in range(len(x)):
        al = alpha * np.exp(-g[:, 0] * X["promo"].iloc[i])
        ai = a * np.exp(g[:, 1] * Z["detractor"].iloc[i])
        bi = b * np.exp(g[:, 2] * Z["detractor"].iloc[i])
        odds = ai / (bi + x[i] - 1) * ((al + T[i]) / (al + tx[i])) ** (r + x[i])
        p = 1.0 / (1.0 + odds)
        q5, q95, sd = np.quantile(p, 0.05), np.quantile(p, 0.95), p.std()
        assert abs(lo[i] - q5) < 0.1 * sd, (i, lo[i], q5, sd)
        assert abs(hi[i] - q95) < 0.1 * sd, (i, hi[i], q95, sd)
    # the point estimate lies inside each band
    point = f.conditional_probability_alive(x, tx, T, purchase_covariates=X,
                                            dropout_covariates=Z)
    assert np.all((lo <= point) & (point <= hi))


def test_customers_get_the_same_band_alone_or_together_and_for_any_threads(bgnbd):
    f, (x, tx, T, X, Z) = bgnbd
    n = 40
    cov = dict(purchase_covariates=X[:n], dropout_covariates=Z[:n])
    lo, hi = f.conditional_expected_number_of_purchases_up_to_time_band(
        10.0, x[:n], tx[:n], T[:n], draws=300, **cov)
    lo2, hi2 = f.conditional_expected_number_of_purchases_up_to_time_band(
        10.0, x[:n], tx[:n], T[:n], draws=300, threads=2, **cov)
    np.testing.assert_array_equal(lo, lo2)
    np.testing.assert_array_equal(hi, hi2)
    for i in (0, 7, 23):
        one = f.conditional_expected_number_of_purchases_up_to_time_band(
            10.0, x[i:i + 1], tx[i:i + 1], T[i:i + 1], draws=300,
            purchase_covariates=X[i:i + 1], dropout_covariates=Z[i:i + 1])
        assert (one[0][0], one[1][0]) == (lo[i], hi[i])


def test_bands_need_the_fits_covariates(bgnbd):
    f, (x, tx, T, X, Z) = bgnbd
    with pytest.raises(ValueError, match="fitted with 1 columns"):
        f.conditional_probability_alive_band(x[:5], tx[:5], T[:5], purchase_covariates=X[:5])
    plain = BetaGeoFitter().fit(x, tx, T)
    with pytest.raises(ValueError, match="fitted without covariates"):
        plain.conditional_probability_alive_band(x[:5], tx[:5], T[:5],
                                                 purchase_covariates=X[:5])


def own_variance(base, coef, V, scaled, z, h=1e-6):
    """Variance (natural scale) of a customer's own parameters: Jacobian of its log
    parameters in (log base, coefficients) by central differences, then J V_log J^T
    scaled back by the own parameters. scaled: per coefficient, (parameter, sign)."""
    def own_log(theta):
        out = theta[:len(base)].copy()
        for j, (at, sign) in enumerate(scaled):
            out[at] += sign * theta[len(base) + j] * z[j]
        return out
    theta = np.concatenate([np.log(base), coef])
    J = np.empty((len(base), len(theta)))
    for c in range(len(theta)):
        e = np.zeros(len(theta))
        e[c] = h
        J[:, c] = (own_log(theta + e) - own_log(theta - e)) / (2 * h)
    scale = np.concatenate([1.0 / base, np.ones(len(coef))])
    own = np.exp(own_log(theta))
    return own, np.outer(own, own) * (J @ (V * np.outer(scale, scale)) @ J.T)


def test_clv_band_with_covariates_on_both_models():
    x, tx, T, X, Z = simulate_pareto(3000, 3)
    pnbd = ParetoNBDFitter().fit(x, tx, T, purchase_covariates=X, dropout_covariates=Z)
    rng = np.random.default_rng(8)
    rep = x > 0
    vip = pd.DataFrame({"vip": (rng.random(len(x)) < 0.5).astype(float)})
    spend = 30.0 * np.exp(0.4 * vip["vip"].to_numpy()) * rng.gamma(4.0, 0.25, len(x))
    ggf = GammaGammaFitter().fit(x[rep], spend[rep], spend_covariates=vip[rep])
    pick = np.flatnonzero(rep)[:12]
    cov = dict(purchase_covariates=X.iloc[pick], dropout_covariates=Z.iloc[pick],
               spend_covariates=vip.iloc[pick])
    args = (pnbd, x[pick], tx[pick], T[pick], spend[pick])
    lo, hi = ggf.customer_lifetime_value_band(*args, freq="W", draws=400, level=0.9, **cov)
    point = ggf.customer_lifetime_value(*args, freq="W", **cov)
    assert np.all((lo <= point) & (point <= hi))
    # Each customer's band is the plain band at its own parameters and their variance,
    # worked out here by finite differences.
    pbase, pcoef = pnbd.params_.to_numpy(), pnbd.coefficients_["coef"].to_numpy()
    gbase, gcoef = ggf.params_.to_numpy(), ggf.coefficients_["coef"].to_numpy()
    for k, i in enumerate(pick[:4]):
        pown, pvar = own_variance(pbase, pcoef, pnbd.variance_matrix_.to_numpy(),
                                  [(1, -1.0), (3, -1.0)],
                                  [X["promo"].iloc[i], Z["detractor"].iloc[i]])
        gown, gvar = own_variance(gbase, gcoef, ggf.variance_matrix_.to_numpy(), [(2, 1.0)],
                                  [vip["vip"].iloc[i]])
        plain_p = ParetoNBDFitter.from_params(**dict(zip(("r", "alpha", "s", "beta"), pown)))
        plain_g = GammaGammaFitter.from_params(**dict(zip(("p", "q", "v"), gown)))
        plain_p._uncertainty = fixed_uncertainty(plain_p, pown, pvar)
        plain_g._uncertainty = fixed_uncertainty(plain_g, gown, gvar)
        one = plain_g.customer_lifetime_value_band(plain_p, x[i], tx[i], T[i], spend[i],
                                                   freq="W", draws=400, level=0.9)
        assert one[0][0] == pytest.approx(lo[k], rel=1e-9)
        assert one[1][0] == pytest.approx(hi[k], rel=1e-9)
    with pytest.raises(ValueError, match="spend_covariates"):
        ggf.customer_lifetime_value_band(*args, freq="W", purchase_covariates=X.iloc[pick],
                                         dropout_covariates=Z.iloc[pick])


def fixed_uncertainty(fitter, estimate, variance):
    """A fitter's uncertainty set to a given estimate and variance matrix."""
    from custorient import _uncertainty  # pylint: disable=import-outside-toplevel
    return _uncertainty.from_variance(fitter._param_names, list(estimate),
                                      [list(r) for r in variance], float("nan"), 1.0)
