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


def test_an_indicator_needs_ten_customers_each_side():
    """The report's rule: an indicator held by 9 customers is left out, one held by 10
    is kept (counted here with pandas on the covariates handed in)."""
    store = sample_store()
    as_of = custorient.parse_date("2024-12-31")
    x = pandas_covariates(store, as_of)
    n = len(x)
    nine = np.zeros(n)
    nine[:9] = 1.0
    ten = np.zeros(n)
    ten[:10] = 1.0
    got = custorient.feedback_churn(store, as_of, covariates=x.assign(nps_none=nine))
    assert "nps_none" not in got.index and got.attrs["lr_df"] == 3
    got = custorient.feedback_churn(store, as_of, covariates=x.assign(nps_none=ten))
    assert "nps_none" in got.index and got.attrs["lr_df"] == 4


def test_ten_customers_per_parameter(tmp_path):
    """30 buyers, one indicator held by 15: 5 parameters need 50 customers."""
    lines = ["order_id,customer_id,date,amount"]
    for i in range(30):
        lines.append("%d,c%d,2024-01-%02d,10" % (2 * i, i, 1 + i % 20))
        lines.append("%d,c%d,2024-03-%02d,10" % (2 * i + 1, i, 1 + i % 25))
    (tmp_path / "orders.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "customers.csv").write_text(
        "customer_id,name,email,signup_date,segment\n"
        + "".join("c%d,,,2024-01-01,\n" % i for i in range(30)))
    store = custorient.Store()
    store.import_csv("customers", tmp_path / "customers.csv")
    store.import_csv("orders", tmp_path / "orders.csv")
    x = pd.DataFrame({"nps_detractor": [float(i % 2) for i in range(30)]})
    with pytest.raises(custorient.InvalidArgumentError,
                       match="30 customers are too few for 5 parameters"):
        custorient.feedback_churn(store, "2024-06-30", covariates=x)
