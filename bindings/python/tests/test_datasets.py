"""custorient.datasets: the loaders of lifetimes and lifelines, with their shapes.

Expected values are those the peers document: lifetimes' Quickstart and
loader docstrings (lifetimes commit 4f2833f4), lifelines' load_waltons
docstring (commit ad023a01), and the donations paper's cohort of 11,104 donors
(Fader, Hardie and Shang 2010).
"""

from custorient import datasets


def test_cdnow_summary_loads_as_read_csv():
    raw = datasets.load_cdnow_summary()
    assert list(raw.columns) == ["ID", "frequency", "recency", "T"] and len(raw) == 2357
    assert datasets.load_cdnow_summary(index_col=[0]).index.name == "ID"


def test_cdnow_with_monetary_value():
    df = datasets.load_cdnow_summary_data_with_monetary_value()
    assert df.index.name == "customer_id"
    assert list(df.columns) == ["frequency", "recency", "T", "monetary_value"]
    assert df.loc[1].tolist() == [2, 30.43, 38.86, 22.35]


def test_transaction_data():
    df = datasets.load_transaction_data()
    assert df.head(3).values.tolist() == [["2014-03-08 00:00:00", 0], ["2014-05-21 00:00:00", 1],
                                          ["2014-03-14 00:00:00", 2]]
    assert df["id"].nunique() == 5000


def test_donations():
    df = datasets.load_donations()
    assert list(df.columns) == ["frequency", "recency", "periods", "weights"]
    assert df["weights"].sum() == 11104 and set(df["periods"]) == {6}


def test_waltons():
    df = datasets.load_waltons()
    assert df.shape == (163, 3) and list(df.columns) == ["T", "E", "group"]
    assert df.head().values.tolist() == [[6, 1, "miR-137"], [13, 1, "miR-137"],
                                         [13, 1, "miR-137"], [13, 1, "miR-137"],
                                         [19, 1, "miR-137"]]


def test_keyword_arguments_reach_read_csv():
    df = datasets.load_waltons(usecols=["T", "E"], nrows=3)
    assert df.shape == (3, 2)


def test_dd():
    # lifelines' load_dd docstring: Size (1808, 12), first row Afghanistan, Mohammad Zahir
    # Shah, Non-democracy, Monarchy, 1946, duration 7, observed 1.
    df = datasets.load_dd()
    assert df.shape == (1808, 12)
    first = df.iloc[0]
    assert (first["ctryname"], first["ehead"], first["democracy"], first["regime"]) == (
        "Afghanistan", "Mohammad Zahir Shah", "Non-democracy", "Monarchy")
    assert (first["start_year"], first["duration"], first["observed"]) == (1946, 7, 1)
