"""Store.covariates(): the covariate matrix against the same definitions
computed here with pandas from the store's raw records (docs/data-format.md,
"Covariates"). Only the per-text sentiment score and topic match come from
the library (their own tests check them); every window, cut-off, mean, fill,
count, level and standardisation is redone below."""

import numpy as np
import pandas as pd
import pytest

import custorient
from custorient import Lexicon, Store, Topics
from custorient.store import DAY_NONE, COVARIATE_FEATURES

AS_OF = "2024-06-30"
NPS, CSAT, CES = 0, 1, 2  # FEEDBACK_KINDS codes


@pytest.fixture(scope="module")
def store():
    return custorient.generate(seed=3, customers=300)


def _mean_with_missing(values, rows, neutral, name, missing):
    """A per-customer mean over `rows`: the rows without one get the mean of
    the others (neutral when none has one) and a 1 in the missing column."""
    mean = values.reindex(rows)
    fill = mean.mean() if mean.notna().any() else neutral
    out = {name: mean.fillna(fill)}
    if missing:
        out[missing] = mean.isna().astype(float)
    return out


def expected(store, as_of, text_window=365, rating_window=365, contact_window=90, cap=365.0,
             topics=None, lexicon=None):
    day = (pd.Timestamp(as_of) - pd.Timestamp("1970-01-01")).days
    orders = pd.DataFrame(store.orders())
    rows = sorted(orders.loc[orders.day <= day, "customer_index"].astype(int).unique())
    fb = pd.DataFrame(store.feedback())
    fb["order"] = np.arange(len(fb))
    fb = fb[fb.day <= day]
    fb["customer_index"] = fb.customer_index.astype(int)
    cols = {}

    # latest NPS answer (the later-added on a day)
    nps = fb[fb.kind == NPS].sort_values(["day", "order"]).groupby("customer_index").score.last()
    score = nps.reindex(rows)
    cols["nps_promoter"] = (score >= 9).astype(float)
    cols["nps_passive"] = ((score >= 7) & (score <= 8)).astype(float)
    cols["nps_detractor"] = (score <= 6).astype(float)
    cols["nps_none"] = score.isna().astype(float)

    texts = fb[(fb.text != "") & (fb.day > day - text_window)].copy()
    texts["compound"] = [custorient.sentiment(t, lexicon).compound for t in texts.text]
    cols.update(_mean_with_missing(texts.groupby("customer_index").compound.mean(), rows, 0.0,
                                   "sentiment_mean", "text_missing"))
    for kind, name, midpoint in ((CES, "ces", 4.0), (CSAT, "csat", 3.0)):
        answers = fb[(fb.kind == kind) & (fb.day > day - rating_window)]
        cols.update(_mean_with_missing(answers.groupby("customer_index").score.mean(), rows,
                                       midpoint, name + "_mean", name + "_missing"))

    ct = pd.DataFrame(store.contacts())
    ct = ct[ct.opened <= day]
    still_open = (ct.resolved == DAY_NONE) | (ct.resolved > day)
    closed = ~still_open & (ct.resolved > day - contact_window)
    idx = ct.customer_index.astype(int)
    cols["contacts_open"] = still_open.groupby(idx).sum().reindex(rows, fill_value=0).astype(float)
    cols["contacts_closed"] = closed.groupby(idx).sum().reindex(rows, fill_value=0).astype(float)

    detractor = fb[(fb.kind == NPS) & (fb.score <= 6)].groupby("customer_index").day.max()
    age = (day - detractor.reindex(rows)).clip(upper=cap)
    cols["days_since_detractor"] = age.fillna(cap).astype(float)
    cols["days_since_detractor_missing"] = age.isna().astype(float)

    topics = Topics() if topics is None else topics
    mentioned = {name: set() for name in topics.names}
    for c, text in zip(texts.customer_index, texts.text):
        for name in topics.match(text):
            mentioned[name].add(c)
    for name in topics.names:
        cols["topic:" + name] = pd.Series([float(c in mentioned[name]) for c in rows], index=rows)

    ids = store.customers()["customer_id"]
    people = [store[ids[c]] for c in rows]
    segments = pd.Series([p.segment for p in people], index=rows)
    for level in sorted(set(segments) - {""}):
        cols["segment:" + level] = (segments == level).astype(float)
    if (segments == "").any():
        cols["segment_missing"] = (segments == "").astype(float)
    for tag in sorted({t for p in people for t in p.tags}):
        cols["tag:" + tag] = pd.Series([float(tag in p.tags) for p in people], index=rows)

    frame = pd.DataFrame({name: pd.Series(col, index=rows) for name, col in cols.items()})
    frame.index = pd.Index([ids[c] for c in rows], name="customer_id", dtype=object)
    return frame


def test_every_column_matches_pandas(store):
    got = store.covariates(AS_OF)
    want = expected(store, AS_OF)
    assert len(got) > 100
    assert list(got.columns) == list(want.columns)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12, atol=1e-12)
    # the fills are the documented ones
    assert got.attrs["fill"]["days_since_detractor"] == 365
    assert got.attrs["fill"]["ces_mean"] == pytest.approx(
        want.loc[want.ces_missing == 0, "ces_mean"].mean(), rel=1e-12)
    assert got.attrs["column_kind"]["nps_none"] == "missing"
    assert got.attrs["feature"]["text_missing"] == "text"


def test_rows_line_up_with_the_summary(store):
    got = store.covariates(AS_OF, features="nps")
    summary = store.summary(AS_OF)
    assert np.array_equal(got.attrs["customer_index"], summary.customer_index)
    ids = store.customers()["customer_id"]
    assert list(got.index) == [ids[i] for i in summary.customer_index]


def test_other_windows_cap_and_an_earlier_day(store):
    got = store.covariates("2023-12-31", text_window=30, rating_window=0, contact_window=400,
                           detractor_cap=90)
    want = expected(store, "2023-12-31", text_window=30, rating_window=10 ** 7,
                     contact_window=400, cap=90.0)
    pd.testing.assert_frame_equal(got, want, check_exact=False, rtol=1e-12, atol=1e-12)


def test_own_lexicon_and_topics(store):
    lexicon = Lexicon(base="empty")
    lexicon["late"] = -3
    lexicon["great"] = 2
    topics = Topics(default=False)
    topics.add("waiting", "late", "wait*")
    got = store.covariates(AS_OF, features=["sentiment", "topics"], lexicon=lexicon,
                           topics=topics)
    want = expected(store, AS_OF, lexicon=lexicon, topics=topics)
    pd.testing.assert_frame_equal(got, want[list(got.columns)], check_exact=False, rtol=1e-12,
                                  atol=1e-12)
    assert list(got.columns) == ["sentiment_mean", "text_missing", "topic:waiting"]


def test_standardised_continuous_columns(store):
    got = store.covariates(AS_OF, standardize=True)
    want = expected(store, AS_OF)
    continuous = ["sentiment_mean", "ces_mean", "csat_mean", "contacts_open",
                  "contacts_closed", "days_since_detractor"]
    for name in continuous:
        x = want[name]
        sd = x.std(ddof=1)
        z = (x - x.mean()) / (sd if sd > 0 else 1.0)
        np.testing.assert_allclose(got[name], z, rtol=1e-10, atol=1e-12)
        assert got.attrs["center"][name] == pytest.approx(x.mean(), rel=1e-12)
    indicators = [c for c in got.columns if c not in continuous]
    pd.testing.assert_frame_equal(got[indicators], want[indicators])


def test_drop_reference_and_constant_columns(store):
    want = expected(store, AS_OF)
    got = store.covariates(AS_OF, features=["nps", "segment"], drop_reference=True)
    nps = ["nps_promoter", "nps_passive", "nps_detractor", "nps_none"]
    segment = [c for c in want.columns if c.startswith("segment")]
    dropped = {want[nps].sum().idxmax(), want[segment].sum().idxmax()}
    assert list(got.columns) == [c for c in nps + segment if c not in dropped]
    got = store.covariates(AS_OF, drop_constant=True)
    assert list(got.columns) == [c for c in want.columns if want[c].nunique() > 1]


def test_chosen_customers(store):
    got = store.covariates(AS_OF, features=["contacts"], customers=[5, 0, 5])
    ids = store.customers()["customer_id"]
    assert list(got.index) == [ids[5], ids[0], ids[5]]
    assert list(got.attrs["customer_index"]) == [5, 0, 5]


def test_feature_names():
    assert COVARIATE_FEATURES == ("nps", "sentiment", "ces", "csat", "contacts", "detractor",
                                  "topics", "segment", "tags")


def test_bad_input_raises_and_changes_nothing(store):
    before = store.count("feedback"), store.count("customers")
    with pytest.raises(ValueError, match="unknown feature"):
        store.covariates(AS_OF, features=["nps", "mood"])
    with pytest.raises(ValueError, match="selects nothing"):
        store.covariates(AS_OF, features=[])
    with pytest.raises(custorient.RangeError, match="text_window"):
        store.covariates(AS_OF, text_window=-1)
    with pytest.raises(custorient.RangeError, match="detractor_cap"):
        store.covariates(AS_OF, detractor_cap=0)
    with pytest.raises(custorient.InvalidArgumentError, match="NaN"):
        store.covariates(AS_OF, detractor_cap=float("nan"))
    with pytest.raises(custorient.RangeError, match="entry 1"):
        store.covariates(AS_OF, customers=[0, 10 ** 6])
    with pytest.raises(custorient.RangeError):
        store.covariates("2024-06-30", customers=[-1])
    with pytest.raises(TypeError, match="lexicon"):
        store.covariates(AS_OF, lexicon="english")
    with pytest.raises(TypeError, match="topics"):
        store.covariates(AS_OF, topics=["late"])
    with pytest.raises(TypeError, match="detractor_cap"):
        store.covariates(AS_OF, detractor_cap="long")
    assert (store.count("feedback"), store.count("customers")) == before


def test_an_empty_store_has_the_fixed_columns():
    got = Store().covariates(AS_OF, features=["nps", "ces", "tags"])
    assert got.shape == (0, 6)
    assert got.attrs["fill"]["ces_mean"] == 4
