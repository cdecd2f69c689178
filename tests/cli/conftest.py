"""Fixtures shared by the command's tests."""

import os

import pandas as pd
import pytest

SOURCE = os.environ.get("CO_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CDNOW = os.path.join(SOURCE, "tests", "data", "cdnow", "CDNOW_sample.txt")


@pytest.fixture(scope="session")
def cdnow_dir(tmp_path_factory):
    """The CDNOW sample as a data directory (customers.csv and orders.csv)."""
    d = tmp_path_factory.mktemp("cdnow")
    tx = pd.read_csv(CDNOW, sep=r"\s+", header=None,
                     names=["id_total", "id", "date", "cds", "amount"])
    tx["date"] = pd.to_datetime(tx["date"].astype(str), format="%Y%m%d").dt.strftime("%Y-%m-%d")
    first = tx.groupby("id")["date"].min()
    pd.DataFrame({"customer_id": first.index, "name": "", "email": "", "signup_date": first.values,
                  "segment": ""}).to_csv(d / "customers.csv", index=False)
    pd.DataFrame({"order_id": range(len(tx)), "customer_id": tx["id"], "date": tx["date"],
                  "amount": tx["amount"]}).to_csv(d / "orders.csv", index=False)
    return str(d)
