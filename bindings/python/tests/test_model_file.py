"""save_model() / load_model() through the C library's model files
(docs/model-file.md): what a file holds, that a C program scores a model Python
saved to the same numbers, and that pickling still works.

The C program is tests/support/score_model.c (built as co_score_model); the numbers it
prints are compared with Python's predictions of the model before saving."""

import json
import os
import pickle
import subprocess

import pytest

from custorient import (BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter, ParseError,
                        ShiftedBetaGeoFitter, CorruptError)
from custorient.datasets import (load_cdnow_summary,
                                 load_cdnow_summary_data_with_monetary_value)

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

SCORER = os.path.join(os.environ.get("CO_BUILD_DIR", ""), "tests", "co_score_model")
CUSTOMERS = [(2, 30.43, 38.86, 10), (0, 0, 38.86, 39), (7, 29.43, 35.0, 52), (1, 1.71, 38.86, 1)]


@pytest.fixture(scope="module")
def cdnow():
    return load_cdnow_summary(index_col=[0])


@pytest.fixture(scope="module")
def bgf(cdnow):
    return BetaGeoFitter(penalizer_coef=0.001).fit(cdnow["frequency"], cdnow["recency"],
                                                   cdnow["T"])


def test_the_file_holds_parameters_and_fit_figures_but_no_data_by_default(bgf, tmp_path):
    path = tmp_path / "bgf.json"
    bgf.save_model(path)
    saved = json.loads(path.read_text())
    assert saved["format"] == "custorient-model" and saved["version"] == 1
    assert saved["kind"] == "bgnbd"
    assert list(saved["params"]) == ["r", "alpha", "a", "b"]
    assert [saved["params"][k] for k in bgf.params_.index] == list(bgf.params_)  # every bit
    assert saved["fit"]["penalizer"] == 0.001
    assert saved["fit"]["n_observations"] == 2357
    assert saved["fit"]["log_likelihood"] == bgf.log_likelihood_
    assert "data" not in saved and "variance" not in saved["fit"]


def test_a_loaded_model_predicts_as_the_saved_one(bgf, cdnow, tmp_path):
    path = tmp_path / "bgf.json"
    bgf.summary  # computes the variance, which is then saved
    bgf.save_model(path, save_data=True)
    loaded = BetaGeoFitter().load_model(path)
    assert loaded.penalizer_coef == 0.001
    assert (loaded.params_ == bgf.params_).all()
    x, tx, T = cdnow["frequency"], cdnow["recency"], cdnow["T"]
    assert (loaded.predict(30, x, tx, T) == bgf.predict(30, x, tx, T)).all()
    assert loaded.data[["frequency", "recency", "T"]].values.tolist() == \
        bgf.data[["frequency", "recency", "T"]].values.tolist()
    assert (loaded.variance_matrix_.values == bgf.variance_matrix_.values).all()
    assert loaded.summary.values == pytest.approx(bgf.summary.values, rel=1e-12)
    # without data, the intervals come from the saved variance
    bgf.save_model(path)
    alone = BetaGeoFitter().load_model(path)
    assert alone.data is None
    assert alone.summary.values == pytest.approx(bgf.summary.values, rel=1e-12)
    assert alone.aic_ == pytest.approx(bgf.aic_, rel=1e-12)


@pytest.mark.skipif(not os.path.exists(SCORER), reason="needs the build's co_score_model")
@pytest.mark.parametrize("fitter", [BetaGeoFitter, ParetoNBDFitter])
def test_a_c_program_scores_a_model_python_saved(fitter, cdnow, tmp_path):
    model = fitter().fit(cdnow["frequency"], cdnow["recency"], cdnow["T"])
    path = tmp_path / "model.json"
    model.save_model(path)
    lines = "".join("%r %r %r %r\n" % c for c in CUSTOMERS)
    out = subprocess.run([SCORER, str(path)], input=lines, capture_output=True, text=True,
                         check=True).stdout.split("\n")
    for (x, tx, T, t), line in zip(CUSTOMERS, out):
        alive, expected = (float(v) for v in line.split())
        assert alive == model.conditional_probability_alive(x, tx, T)
        assert expected == model.conditional_expected_number_of_purchases_up_to_time(t, x, tx, T)


def test_every_kind_round_trips(tmp_path):
    spend = load_cdnow_summary_data_with_monetary_value()
    spend = spend[spend["frequency"] > 0]
    ggf = GammaGammaFitter().fit(spend["frequency"], spend["monetary_value"])
    ggf.save_model(tmp_path / "gg.json", save_data=True)
    gg2 = GammaGammaFitter().load_model(tmp_path / "gg.json")
    assert (gg2.params_ == ggf.params_).all()
    assert list(gg2.data.columns) == ["monetary_value", "frequency", "weights"]
    assert gg2.standard_errors_.values == pytest.approx(ggf.standard_errors_.values, rel=1e-12)
    # sBG, Fader & Hardie (2007) regular customers
    sbg = ShiftedBetaGeoFitter().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    sbg.summary
    sbg.save_model(tmp_path / "sbg.json")
    sbg2 = ShiftedBetaGeoFitter().load_model(tmp_path / "sbg.json")
    assert sbg2.params_ == sbg.params_
    assert sbg2.survival_function(12) == sbg.survival_function(12)
    assert sbg2.bic_ == pytest.approx(sbg.bic_, rel=1e-12)


def test_refusals_name_the_place(bgf, tmp_path):
    path = tmp_path / "bgf.json"
    bgf.save_model(path)
    with pytest.raises(ValueError, match="bgnbd model, not a paretonbd"):
        ParetoNBDFitter().load_model(path)
    text = path.read_text().replace('"alpha": ', '"alpha": -', 1)
    path.write_text(text)
    with pytest.raises(ParseError) as err:
        BetaGeoFitter().load_model(path)
    assert err.value.path == str(path) and err.value.line == 7
    path.write_text(text.replace('"version": 1', '"version": 3'))
    with pytest.raises(CorruptError, match="newer"):
        BetaGeoFitter().load_model(path)


def test_pickling_still_works(bgf):
    copy = pickle.loads(pickle.dumps(bgf))
    assert (copy.params_ == bgf.params_).all()
    assert copy.data.equals(bgf.data)
    assert copy.predict(10, 2, 30.43, 38.86) == bgf.predict(10, 2, 30.43, 38.86)
    assert copy.generate_new_data(5, seed=1).equals(bgf.generate_new_data(5, seed=1))
