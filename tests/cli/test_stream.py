"""`custorient summarize` and `custorient report --stream`: files read once, in
blocks. The summary is checked against a pandas groupby written here from the
definitions (lifetimes' summary_data_from_transaction_data, daily periods), the
streamed report against the report that loads everything."""

import io
import json
import os
import subprocess

import numpy as np
import pandas as pd
import pytest

PROGRAM = os.environ.get("CUSTORIENT", "custorient")
SOURCE = os.environ.get("CO_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
SAMPLE = os.path.join(SOURCE, "data", "sample")


def run(*args):
    return subprocess.run([PROGRAM, *args], capture_output=True, text=True, timeout=300)


def pandas_summary(orders, as_of):
    """Per customer: distinct order days, first and last, spend per day."""
    o = orders[orders["date"] <= as_of]
    per_day = o.groupby(["customer_id", "date"], as_index=False)["amount"].sum()
    g = per_day.groupby("customer_id")
    first, last, days = g["date"].min(), g["date"].max(), g.size()
    repeat = per_day[per_day["date"].values != first.reindex(per_day["customer_id"]).values]
    out = pd.DataFrame({
        "frequency": (days - 1).astype(float),
        "recency": (last - first).dt.days.astype(float),
        "T": (pd.Timestamp(as_of) - first).dt.days.astype(float),
        "monetary_value": repeat.groupby("customer_id")["amount"].mean().reindex(first.index)
        .fillna(0.0),
        "total_spend": o.groupby("customer_id")["amount"].sum(),
        "orders": o.groupby("customer_id").size(),
    })
    return out


@pytest.fixture(scope="module")
def shuffled(tmp_path_factory):
    """The sample's orders shuffled into two files."""
    d = tmp_path_factory.mktemp("orders")
    orders = pd.read_csv(os.path.join(SAMPLE, "orders.csv"), dtype={"customer_id": str})
    mixed = orders.sample(frac=1.0, random_state=3)
    half = len(mixed) // 2
    paths = [str(d / "a.csv"), str(d / "b.csv")]
    mixed.iloc[:half].to_csv(paths[0], index=False)
    mixed.iloc[half:].to_csv(paths[1], index=False, lineterminator="\r\n")
    orders["date"] = pd.to_datetime(orders["date"])
    return orders, paths


def test_summarize_matches_pandas(shuffled, tmp_path):
    orders, paths = shuffled
    out = tmp_path / "summary.csv"
    p = run("summarize", *paths, "--as-of", "2024-06-30", "--output", str(out))
    assert p.returncode == 0, p.stderr
    got = pd.read_csv(out, dtype={"customer_id": str}).set_index("customer_id").sort_index()
    want = pandas_summary(orders, pd.Timestamp("2024-06-30")).sort_index()
    assert list(got.index) == list(want.index)
    for col in ("frequency", "recency", "T", "orders"):
        assert (got[col].values == want[col].values).all(), col
    for col in ("monetary_value", "total_spend"):
        np.testing.assert_allclose(got[col].values, want[col].values, rtol=1e-12)
    first = orders[orders["date"] <= "2024-06-30"].groupby("customer_id")["date"].min()
    assert (pd.to_datetime(got["first_order"]).values == first.sort_index().values).all()


def test_summarize_weeks_and_stdout(shuffled):
    _, paths = shuffled
    days = pd.read_csv(io.StringIO(run("summarize", *paths).stdout))
    p = run("summarize", *paths, "--weeks")
    assert p.returncode == 0, p.stderr
    weeks = pd.read_csv(io.StringIO(p.stdout))
    np.testing.assert_allclose(weeks["T"].values, days["T"].values / 7.0, rtol=1e-15)


def test_summarize_errors(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("order_id,customer_id,date,amount\n1,a,2024-01-01,1\n2,a,2024-02-30,1\n")
    p = run("summarize", str(bad))
    assert p.returncode == 4
    assert f"{bad}:3:5: bad date '2024-02-30'" in p.stderr
    p = run("summarize", str(tmp_path / "missing.csv"))
    assert p.returncode == 3
    p = run("summarize")
    assert p.returncode == 2 and "missing FILE" in p.stderr
    p = run("summarize", "--help")
    assert p.returncode == 0 and p.stdout.startswith("Usage: custorient summarize")


def test_streamed_report_equals_the_loaded_one():
    full = json.loads(run("report", SAMPLE, "--json").stdout)
    p = run("report", SAMPLE, "--stream", "--json")
    assert p.returncode == 0, p.stderr
    streamed = json.loads(p.stdout)
    assert streamed["as_of"] == full["as_of"]
    for section in ("customers", "nps", "csat", "ces"):
        for key, value in streamed[section].items():
            if key in ("mean_lower", "mean_upper"):  # squares added per value, not per answer
                assert value == pytest.approx(full[section][key], rel=1e-12)
            else:
                assert value == full[section][key], (section, key)
    assert "retention" not in streamed and "skipped" in streamed
    text = run("report", SAMPLE, "--stream").stdout
    assert "Left out by --stream" in text and "RFM segments" in text


def test_stream_needs_a_directory():
    p = run("report", "--stream")
    assert p.returncode == 2 and "--stream needs DATA_DIR" in p.stderr
