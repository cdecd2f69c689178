"""Example data sets, loaded as lifetimes and lifelines load them (pandas needed).

Each loader passes its keyword arguments to pandas.read_csv, so
``load_cdnow_summary(index_col=[0])`` gives the table of lifetimes' Quickstart.
The files are installed with the package, in custorient/data; its README.md
gives their origin and terms.
"""

import os

__all__ = ["load_cdnow_summary", "load_cdnow_summary_data_with_monetary_value",
           "load_transaction_data", "load_donations", "load_waltons", "load_dd", "data_path"]


def data_path(filename):
    """Path of a file shipped in custorient/data."""
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", filename)


def _load(filename, **kwargs):
    import pandas
    return pandas.read_csv(data_path(filename), **kwargs)


def load_cdnow_summary(**kwargs):
    """CDNOW sample, 2,357 customers: ID, frequency, recency, T (weeks), calibration
    period to 1997-09-30 (Fader, Hardie and Lee 2005)."""
    return _load("cdnow_customers_summary.csv", **kwargs)


def load_cdnow_summary_data_with_monetary_value(**kwargs):
    """The CDNOW summary with the mean repeat spend: index customer_id, columns
    frequency, recency, T, monetary_value."""
    df = _load("cdnow_customers_summary_with_transactions.csv", **kwargs)
    df.columns = ["customer_id", "frequency", "recency", "T", "monetary_value"]
    return df.set_index("customer_id")


def load_transaction_data(**kwargs):
    """Simulated purchases of 5,000 customers in 2014, one row per purchase: date, id."""
    return _load("example_transactions.csv", **kwargs)


def load_donations(**kwargs):
    """Repeat donations of 11,104 donors over 6 yearly occasions, as counts of identical
    histories: frequency, recency, periods, weights (Fader, Hardie and Shang 2010)."""
    return _load("donations.csv", **kwargs)


def load_waltons(**kwargs):
    """Days survived by 163 fruit flies (Drosophila) of two genotypes: T, E (1 = death
    observed, 0 = censored), group."""
    return _load("waltons_dataset.csv", **kwargs)


def load_dd(**kwargs):
    """Tenures of 1,808 political leaders of 202 countries, 1946-2008 (Cheibub, Gandhi and
    Vreeland 2010): duration in years, observed (1 = left office, 0 = died in office or
    still in office in 2008), democracy, regime and descriptive columns."""
    return _load("dd.csv", **kwargs)
