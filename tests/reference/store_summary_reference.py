"""Independent reference for co_store_summary(): the `lifetimes` definitions
written directly in pandas (not using libcustorient).

Run offline from the repository root:
    /usr/bin/python3 tests/reference/store_summary_reference.py
It prints (1) the check that the CDNOW sample reproduces the published
summary in tests/data/cdnow/cdnow_customers_summary.csv, (2) selected
CDNOW rows including monetary value, and (3) the summary of the small fixture
tests/data/store/orders.csv. tests/store_test.c records the printed numbers.

Definitions (lifetimes.utils.summary_data_from_transaction_data, daily
periods, freq_multiplier = 7 for weeks): orders after the as-of date are
dropped; orders of one day are summed into one purchase; frequency = distinct
days - 1; recency = last - first day; T = as-of - first day; monetary value =
mean of the daily sums after the first day (0 if frequency is 0).
"""
import os
import sys

import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(ROOT, "tests", "data")


def summary(tx, as_of, multiplier):
    tx = tx[tx["date"] <= as_of]
    daily = tx.groupby(["customer_id", "date"], sort=True)["amount"].sum().reset_index()
    g = daily.groupby("customer_id", sort=False)
    first = g["date"].min()
    last = g["date"].max()
    out = pd.DataFrame({
        "frequency": g.size() - 1,
        "recency": (last - first).dt.days / multiplier,
        "T": (pd.Timestamp(as_of) - first).dt.days / multiplier,
    })
    repeat = daily[daily["date"] != daily["customer_id"].map(first)]
    out["monetary_value"] = repeat.groupby("customer_id")["amount"].mean()
    out["monetary_value"] = out["monetary_value"].fillna(0.0)
    return out


def cdnow():
    tx = pd.read_csv(os.path.join(DATA, "cdnow", "CDNOW_sample.txt"), sep=r"\s+", header=None,
                     names=["id_raw", "customer_id", "date", "quantity", "amount"],
                     dtype={"date": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    published = pd.read_csv(os.path.join(DATA, "cdnow", "cdnow_customers_summary.csv"),
                            index_col="ID")
    for as_of in ["1997-09-30", "1998-06-30"]:
        s = summary(tx, pd.Timestamp(as_of), 7.0)
        common = published.index.intersection(s.index)
        diff = max((s.loc[common, c].round(2) - published.loc[common, c]).abs().max()
                   for c in ["frequency", "recency", "T"])
        print("as_of %s weeks: %d rows (published %d), max abs diff %.4f"
              % (as_of, len(s), len(published), diff))
    s = summary(tx, pd.Timestamp("1997-09-30"), 7.0)
    pd.set_option("display.precision", 17)
    print(s.loc[[1, 2, 3, 18, 100, 1000, 2357]].to_string(float_format=lambda v: "%.17g" % v))
    print("sums: frequency %.17g recency %.17g T %.17g monetary %.17g"
          % tuple(s[c].sum() for c in ["frequency", "recency", "T", "monetary_value"]))


def fixture():
    tx = pd.read_csv(os.path.join(ROOT, "tests", "data", "store", "orders.csv"),
                     dtype={"customer_id": str, "order_id": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y-%m-%d")
    for unit, mult in [("days", 1.0), ("weeks", 7.0)]:
        s = summary(tx, pd.Timestamp("2024-03-31"), mult)
        print("fixture as of 2024-03-31 in", unit)
        print(s.to_string(float_format=lambda v: "%.17g" % v))


if __name__ == "__main__":
    cdnow()
    if os.path.exists(os.path.join(ROOT, "tests", "data", "store", "orders.csv")):
        fixture()
    sys.exit(0)
