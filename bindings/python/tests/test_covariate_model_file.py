"""save_model() / load_model() of fits with covariates (docs/model-file.md,
"coefficients"): the file holds the coefficients under their process and covariate
names, read here with the json module; the loaded fitter predicts as the saved one and
gives the published sBG cohort fits; its intervals follow from the saved variance
(coef -+ 1.959964 se, computed here)."""

import json

import pytest

from custorient import (BetaGeoFitter, GammaGammaFitter, ModifiedBetaGeoFitter,
                        ParetoNBDFitter, ShiftedBetaGeoFitter)
from custorient.datasets import load_cdnow_summary

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]
Z = 1.959963984540054


@pytest.fixture(scope="module")
def cdnow():
    d = load_cdnow_summary(index_col=[0])
    i = np.arange(len(d))
    x = pd.DataFrame({"third": (i % 3 == 1).astype(float), "wave": np.sin(i / 7.0)})
    return d, x


def assert_same_coefficients(got, want):
    pd.testing.assert_frame_equal(got.coefficients_, want.coefficients_, rtol=1e-12)
    c = got.coefficients_
    np.testing.assert_allclose(c["lower 95% bound"], c["coef"] - Z * c["se(coef)"], rtol=1e-12)
    np.testing.assert_allclose(c["upper 95% bound"], c["coef"] + Z * c["se(coef)"], rtol=1e-12)


def test_sbg_cohorts_keep_the_published_fits(tmp_path):
    f = ShiftedBetaGeoFitter().fit([REGULAR, HIGH_END],
                                   covariates=pd.DataFrame({"high_end": [0.0, 1.0]}))
    f.coefficients_  # computes the variance, which the file then holds
    path = tmp_path / "sbg.json"
    f.save_model(path)
    raw = json.loads(path.read_text())
    assert raw["version"] == 2
    assert [(c["process"], c["covariate"]) for c in raw["coefficients"]] == [
        ("alpha", "high_end"), ("beta", "high_end")]
    assert len(raw["fit"]["variance"]) == 4
    g = ShiftedBetaGeoFitter().load_model(path)
    # Fader & Hardie (2007): regular 0.704, 1.182; high end 0.668, 3.806
    assert round(g.params_["alpha"], 3) == 0.704 and round(g.params_["beta"], 3) == 1.182
    c = g.coefficients_
    assert round(g.params_["alpha"] * c.loc[("alpha", "high_end"), "exp(coef)"], 3) == 0.668
    assert round(g.params_["beta"] * c.loc[("beta", "high_end"), "exp(coef)"], 3) == 3.806
    assert_same_coefficients(g, f)
    x = [[0.0], [1.0]]
    np.testing.assert_array_equal(g.survival_function(7, covariates=x),
                                  f.survival_function(7, covariates=x))


@pytest.mark.parametrize("fitter", [ParetoNBDFitter, BetaGeoFitter])
def test_purchase_models_round_trip(fitter, cdnow, tmp_path):
    d, x = cdnow
    f = fitter().fit(d["frequency"], d["recency"], d["T"], purchase_covariates=x[["wave"]],
                     dropout_covariates=x)
    f.coefficients_
    path = tmp_path / "m.json"
    f.save_model(path)
    raw = json.loads(path.read_text())
    dropout = ["dropout"] if fitter is ParetoNBDFitter else ["dropout_a", "dropout_b"]
    want = [("purchase", "wave")] + [(p, c) for p in dropout for c in ("third", "wave")]
    assert [(c["process"], c["covariate"]) for c in raw["coefficients"]] == want
    assert [c["value"] for c in raw["coefficients"]] == list(f.coefficients_["coef"])
    assert len(raw["fit"]["variance"]) == 4 + len(want)
    g = fitter().load_model(path)
    assert_same_coefficients(g, f)
    pd.testing.assert_frame_equal(g.variance_matrix_, f.variance_matrix_)
    pd.testing.assert_series_equal(g.params_, f.params_)
    args = (d["frequency"][:50], d["recency"][:50], d["T"][:50])
    cov = dict(purchase_covariates=x[["wave"]][:50], dropout_covariates=x[:50])
    np.testing.assert_array_equal(
        np.asarray(g.conditional_expected_number_of_purchases_up_to_time(10, *args, **cov)),
        np.asarray(f.conditional_expected_number_of_purchases_up_to_time(10, *args, **cov)))
    # the bands of the loaded fit, drawn from its saved variance, are the original's
    for got, want in zip(g.conditional_probability_alive_band(*args, draws=200, **cov),
                         f.conditional_probability_alive_band(*args, draws=200, **cov)):
        np.testing.assert_array_equal(got, want)


def test_gamma_gamma_round_trips(tmp_path):
    rng = np.random.default_rng(4)
    n = 2000
    x = pd.DataFrame({"vip": (rng.random(n) < 0.5).astype(float)})
    v = 30.0 * np.exp(0.5 * x["vip"].to_numpy())
    freq = (1 + rng.poisson(3, n)).astype(float)
    z = rng.gamma(4.0 * freq, 1.0 / (freq * rng.gamma(5.0, 1.0 / v)))
    f = GammaGammaFitter().fit(freq, z, spend_covariates=x)
    f.coefficients_
    path = tmp_path / "gg.json"
    f.save_model(path, save_data=True)
    assert [c["process"] for c in json.loads(path.read_text())["coefficients"]] == ["spend"]
    g = GammaGammaFitter().load_model(path)
    assert_same_coefficients(g, f)
    # the fitted customers come back, their covariates do not: they must be given
    np.testing.assert_array_equal(
        np.asarray(g.conditional_expected_average_profit(spend_covariates=x)),
        np.asarray(f.conditional_expected_average_profit()))
    with pytest.raises(ValueError, match="fitted with 1 columns"):
        g.conditional_expected_average_profit()
    np.testing.assert_array_equal(
        np.asarray(g.conditional_expected_average_profit(freq[:20], z[:20],
                                                         spend_covariates=x[:20])),
        np.asarray(f.conditional_expected_average_profit(freq[:20], z[:20],
                                                         spend_covariates=x[:20])))


def test_a_fitter_without_covariates_refuses_coefficients(cdnow, tmp_path):
    d, x = cdnow
    f = BetaGeoFitter().fit(d["frequency"], d["recency"], d["T"], dropout_covariates=x)
    path = tmp_path / "m.json"
    f.save_model(path)
    raw = json.loads(path.read_text())
    raw["kind"] = "mbgnbd"  # the same parameter names
    path.write_text(json.dumps(raw))
    with pytest.raises(ValueError, match="takes no covariates"):
        ModifiedBetaGeoFitter().load_model(path)
