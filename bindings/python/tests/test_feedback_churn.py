"""custorient.feedback_churn on the built-in sample, whose generator makes a
detractor's answer multiply the drop-out rate by exp(0.75) and an unresolved
complaint by exp(0.5) (custorient/generate.h). The covariates are built here
with pandas from the records, and the likelihood-ratio test is recomputed with
scipy."""

import math
import os
import pathlib

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2

import custorient
from custorient.store import DAY_NONE

SOURCE = pathlib.Path(os.environ.get("CO_SOURCE_DIR", pathlib.Path(__file__).parents[3]))
SAMPLE = SOURCE / "data" / "sample"


def sample_store():
    store = custorient.Store()
    for kind in ("customers", "orders", "feedback", "contacts"):
        store.import_csv(kind, SAMPLE / ("%s.csv" % kind))
    return store


def pandas_covariates(store, as_of):
    """The latest NPS answer's category (the later-added on a tie) and the open
    contacts, per row of the summary as of the day."""
    rows = store.summary(as_of, unit="weeks").customer_index
    f = pd.DataFrame(store.feedback())
    f = f[(f["kind"] == custorient.store.FEEDBACK_KINDS.index("nps")) & (f["day"] <= as_of)]
    latest = f.reset_index().sort_values(["day", "index"]).groupby("customer_index").last()
    score = pd.Series(latest["score"]).reindex(rows)
    k = pd.DataFrame(store.contacts())
    open_ = k[(k["opened"] <= as_of) & ((k["resolved"] == DAY_NONE) | (k["resolved"] > as_of))]
    count = open_.groupby("customer_index").size().reindex(rows, fill_value=0)
    return pd.DataFrame({
        "nps_detractor": (score <= 6).to_numpy(float),
        "nps_passive": ((score >= 7) & (score <= 8)).to_numpy(float),
        "nps_none": score.isna().to_numpy(float),
        "contacts_open": count.to_numpy(float),
    })


@pytest.fixture(scope="module")
def result():
    store = sample_store()
    as_of = custorient.parse_date("2024-12-31")
    return feedback(store, as_of)


def feedback(store, as_of):
    return custorient.feedback_churn(store, as_of, covariates=pandas_covariates(store, as_of))


def test_the_generators_detractor_effect_is_found(result):
    assert list(result.index) == ["nps_detractor", "nps_passive", "nps_none", "open_contact"]
    d = result.loc["nps_detractor"]
    assert d["lower"] <= math.exp(0.75) <= d["upper"] and d["clear"]
    assert result.loc["open_contact", "lower"] > 1
    p = result.loc["nps_passive"]
    assert p["lower"] < 1 < p["upper"] and not p["clear"]
    assert d["exp(coef)"] == pytest.approx(
        math.exp(result.attrs["model"].coefficients_.loc[("dropout", "nps_detractor"), "coef"]))


def test_likelihood_ratio_test_from_the_two_fits(result):
    a = result.attrs
    ll0, ll1 = a["plain"].log_likelihood_, a["model"].log_likelihood_
    assert a["lr_df"] == 4
    assert a["lr_statistic"] == pytest.approx(2 * (ll1 - ll0), rel=1e-12)
    assert a["lr_p"] == pytest.approx(chi2.sf(2 * (ll1 - ll0), 4), rel=1e-6)
    assert a["aic_plain"] == pytest.approx(8 - 2 * ll0, rel=1e-12)
    assert a["aic_feedback"] == pytest.approx(16 - 2 * ll1, rel=1e-12)
    assert a["better"] is True


def test_covariates_must_fit_the_summary():
    store = sample_store()
    as_of = custorient.parse_date("2024-12-31")
    x = pandas_covariates(store, as_of)
    with pytest.raises(ValueError, match="rows"):
        custorient.feedback_churn(store, as_of, covariates=x.iloc[:10])
    with pytest.raises(ValueError, match="no feedback that differs"):
        custorient.feedback_churn(store, as_of, covariates=x.assign(nps_detractor=0.0)[
            ["nps_detractor"]])


def test_the_stores_covariates_by_default():
    """Without covariates the store's (every answer and text, whatever its age) give
    the report's ten indicators; the detractor effect is found as with the pandas ones."""
    store = sample_store()
    got = custorient.feedback_churn(store, "2024-12-31")
    assert list(got.index) == ["nps_detractor", "nps_passive", "nps_none", "open_contact",
                               "csat_low", "csat_missing", "ces_low", "ces_missing",
                               "sentiment_negative", "text_missing"]
    d = got.loc["nps_detractor"]
    assert d["lower"] <= math.exp(0.75) <= d["upper"] and d["clear"]
    assert got.attrs["lr_df"] == 10 and got.attrs["better"]
