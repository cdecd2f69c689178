"""custorient.summarize_csv and feedback_scores_csv: order and feedback files
read once, in blocks, in any row order. The summary is checked against
custorient.utils.summary_data_from_transaction_data on the same rows loaded
with pandas, the scores against nps/csat/ces of the Store's answers."""

import numpy as np
import pandas as pd
import pytest

import custorient
from custorient.utils import summary_data_from_transaction_data


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """A generated data set, its orders shuffled into three files (one CRLF)."""
    d = tmp_path_factory.mktemp("stream")
    custorient.generate_sample(d, seed=11, customers=500)
    orders = pd.read_csv(d / "orders.csv", dtype={"customer_id": str, "order_id": str})
    mixed = orders.sample(frac=1.0, random_state=5)
    parts = [d / ("part%d.csv" % k) for k in range(3)]
    for k, path in enumerate(parts):
        mixed.iloc[k::3].to_csv(path, index=False, lineterminator="\r\n" if k == 1 else "\n")
    return d, orders, parts


def test_summary_equals_the_in_memory_one(data):
    _, orders, parts = data
    got = custorient.summarize_csv(parts, as_of="2024-06-30")
    want = summary_data_from_transaction_data(orders, "customer_id", "date",
                                              monetary_value_col="amount",
                                              observation_period_end="2024-06-30")
    assert list(got.columns) == list(want.columns)
    assert list(got.index) == list(want.index)
    for col in ("frequency", "recency", "T"):
        np.testing.assert_array_equal(got[col].values, want[col].values)
    np.testing.assert_allclose(got["monetary_value"].values, want["monetary_value"].values,
                               rtol=1e-12)


def test_weeks_and_extra_columns(data):
    _, orders, parts = data
    days = custorient.summarize_csv(parts, extra_columns=True)
    weeks = custorient.summarize_csv(parts, freq="W")
    np.testing.assert_allclose(weeks["T"].values, days["T"].values / 7.0, rtol=1e-15)
    amount = orders.groupby("customer_id")["amount"].sum().sort_index()
    np.testing.assert_allclose(days["total_spend"].values, amount.values, rtol=1e-12)
    count = orders.groupby("customer_id").size().sort_index()
    np.testing.assert_array_equal(days["orders"].values, count.values)
    first = pd.to_datetime(orders.groupby("customer_id")["date"].min().sort_index())
    np.testing.assert_array_equal(days["first_order"].values.astype("datetime64[D]"),
                                  first.values.astype("datetime64[D]"))
    with pytest.raises(ValueError):
        custorient.summarize_csv(parts, freq="M")


def test_feedback_scores_equal_the_store(data):
    d, _, _ = data
    store = custorient.Store()
    for kind in ("customers", "feedback"):
        store.import_csv(kind, d / ("%s.csv" % kind))
    got = custorient.feedback_scores_csv(d / "feedback.csv", as_of="2024-06-30")
    assert got.as_of == "2024-06-30"
    want = custorient.nps(store.feedback_answers("nps", "2024-06-30").score)
    assert got.nps.score == want.score and got.nps.n == want.n
    csat = custorient.csat(store.feedback_answers("csat", "2024-06-30").score)
    assert got.csat.score == csat.score and got.csat.n == csat.n
    assert got.csat.mean == pytest.approx(csat.mean, rel=1e-14)
    assert got.csat.sd == pytest.approx(csat.sd, rel=1e-12)


def test_bad_rows_raise_with_their_place(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("order_id,customer_id,date,amount\n1,a,2024-01-01,1\n2,a,2024-01-02,-3\n")
    with pytest.raises(custorient.RangeError) as e:
        custorient.summarize_csv(bad)
    # "2,a,2024-01-02,": 15 bytes before the amount
    assert (e.value.path, e.value.line, e.value.column) == (str(bad), 3, 16)
    with pytest.raises(custorient.FileError):
        custorient.summarize_csv(tmp_path / "missing.csv")
    with pytest.raises(ValueError):
        custorient.summarize_csv([])
    empty = tmp_path / "empty.csv"
    empty.write_text("order_id,customer_id,date,amount\n")
    assert len(custorient.summarize_csv(empty)) == 0
