"""custorient on a Dask cluster: the summary, the fits, predictions, the feedback metrics
and the report over Dask DataFrames and Series, with the library's C code on the workers.

Needs dask and distributed (Debian: python3-dask, python3-distributed); the rest of the
package works without them and imports neither. The same code runs on a LocalCluster
and on a cluster of many machines (docs/scale.md)::

    from dask.distributed import Client
    import dask.dataframe as dd
import pandas as pd
    import custorient, custorient.dask

    client = Client("tcp://scheduler:8786")
    orders = dd.read_csv("orders-*.csv")
    summary = custorient.dask.summary_data_from_transaction_data(
        orders, "customer_id", "date", "amount")
    bgf = custorient.BetaGeoFitter().fit(summary["frequency"], summary["recency"],
                                         summary["T"])
    alive = bgf.conditional_probability_alive(summary["frequency"], summary["recency"],
                                              summary["T"])        # a lazy Dask Series
    score = custorient.nps(feedback["score"])                   # merged NPS counts

The plain package's functions take Dask Series themselves: the fitters' fit (BG/NBD,
Pareto/NBD, MBG/NBD, BG/BB, Gamma-Gamma; without covariates) fits once on the
library's rows states (custorient.BTYDRows) of the partitions merged on the workers,
so the parameters are, bit for bit, those of a single-process fit; when even the
merged rows are too many, fit_partitioned() sums the partitions' log-likelihoods
instead. Predictions return lazy Dask Series (map_partitions); nps, csat, ces,
KaplanMeierFitter.fit and rfm merge partial states computed per partition.

Run the report against a scheduler from the shell::

    python3 -m custorient.dask report DATA_DIR --scheduler tcp://host:8786 [--as-of DATE]

or ``custorient report DATA_DIR --scheduler tcp://host:8786``, which runs this.
"""

import argparse
import json
import os
import sys

import dask  # noqa: F401  (a clear ImportError here when dask is missing)
import dask.dataframe as dd
import pandas as pd

from . import _dask_metrics
from . import _dask_models
from . import _dask_report
from . import _dask_summary
from . import _report_text

__all__ = ["summary_data_from_transaction_data", "fit_partitioned", "report", "read_data",
           "read_contacts", "read_customers", "main"]


def summary_data_from_transaction_data(transactions, customer_id_col, datetime_col,
                                       monetary_value_col=None, datetime_format=None,
                                       observation_period_end=None, freq="D",
                                       freq_multiplier=1, include_first_transaction=False,
                                       npartitions=None):
    """custorient.utils.summary_data_from_transaction_data on a Dask DataFrame.

    The transactions are shuffled by customer (Dask's shuffle, so that each customer's
    rows meet in one partition), then each partition is summarised by the library as
    the pandas version does. Returns a lazy Dask DataFrame indexed by
    ``customer_id_col`` with the pandas version's columns (frequency, recency, T
    [, monetary_value], float), the same rows and values; customers are sorted within
    a partition, not across partitions. Without ``observation_period_end`` the last
    transaction is found first (one more pass). ``npartitions``: partitions after the
    shuffle (default: as many as the input).
    """
    return _dask_summary.summary(transactions, customer_id_col, datetime_col,
                                 monetary_value_col, datetime_format, observation_period_end,
                                 freq, freq_multiplier, include_first_transaction, npartitions)


def fit_partitioned(fitter, *columns, weights=None, client=None, **options):
    """Fit `fitter` (a purchase or spend fitter) on Dask Series when even the distinct
    rows are too many for the client: each partition keeps its rows state on its
    worker (persisted), and every step of the optimiser, which alone runs here, sums
    the partitions' log-likelihoods and gradients in partition order (the fitter's
    fit_distributed()). ``columns``: frequency, recency, T (BG/BB: n_periods) or, for
    Gamma-Gamma, frequency, monetary_value; ``options``: fit_distributed()'s
    (initial_params, tol, max_iter...). The estimate equals fitter.fit() on the same
    data to the precision ``tol`` asks for (1e-11: about 1e-9 relative); ``data`` is
    None. Returns the fitter.
    """
    return _dask_models.fit_partitioned(fitter, *columns, weights=weights, client=client,
                                        **options)


def report(client, transactions, feedback=None, as_of=None, customer_id_col="customer_id",
           datetime_col="date", monetary_value_col="amount", contacts=None, customers=None,
           top=10):
    """The report's figures from Dask DataFrames, computed on `client`'s cluster.

    transactions: orders with customer_id_col, datetime_col and monetary_value_col;
    feedback: answers with the columns of feedback.csv (customer_id, date, kind,
    score, and text for the text sections), or None; contacts: support contacts
    with the columns of contacts.csv (customer_id, opened, resolved), or None;
    customers: the customer table (customer_id, name, signup_date), or None, for the
    names on the at-risk list. as_of: "YYYY-MM-DD", a date or a day number (default:
    the last day of any record, as the program's).
    top: rows of the at-risk list. Returns a dict with the sections customers, nps,
    csat, ces (with feedback), sentiment and intents (with feedback texts),
    retention, model_check, models, feedback_churn, at_risk and rfm, each with the keys
    and meanings of the program's JSON report (docs/report.md; what differs is in docs/scale.md).
    `client` None: the current Dask client or scheduler.
    """
    return _dask_report.report(client, transactions, feedback, as_of, customer_id_col,
                               datetime_col, monetary_value_col, contacts, customers, top)


def read_data(directory, blocksize="64MB"):
    """(orders, feedback) of a data directory as Dask DataFrames: orders.csv (or every
    orders*.csv), feedback.csv (or feedback*.csv; None if there is none), read in
    blocks of `blocksize`. Dates stay text; scores are float (empty for texts); the
    text column is read when the files have one."""
    orders = _files(directory, "orders")
    if not orders:
        raise FileNotFoundError("no orders*.csv in %s" % directory)
    frame = dd.read_csv(orders, blocksize=blocksize,
                        dtype={"order_id": str, "customer_id": str, "date": str,
                               "amount": "float64"})
    answers = _files(directory, "feedback")
    if not answers:
        return frame, None
    header = pd.read_csv(answers[0], nrows=0).columns
    columns = ["customer_id", "date", "kind", "score"] + (["text"] if "text" in header else [])
    feedback = dd.read_csv(answers, blocksize=blocksize, usecols=columns,
                           dtype={"customer_id": str, "date": str, "kind": str,
                                  "score": "float64", "text": str})
    return frame, feedback


def read_contacts(directory, blocksize="64MB"):
    """The support contacts of a data directory (contacts.csv or every contacts*.csv)
    as a Dask DataFrame with customer_id, opened and resolved as text (resolved
    empty while open), or None when there is none."""
    names = _files(directory, "contacts")
    return None if not names else dd.read_csv(
        names, blocksize=blocksize, usecols=["customer_id", "opened", "resolved"],
        dtype={"customer_id": str, "opened": str, "resolved": str})


def read_customers(directory, blocksize="64MB"):
    """The customers of a data directory (customers.csv or every customers*.csv) as a
    Dask DataFrame with customer_id, name and signup_date as text, or None when there
    is none."""
    names = _files(directory, "customers")
    return None if not names else dd.read_csv(
        names, blocksize=blocksize, usecols=["customer_id", "name", "signup_date"],
        dtype={"customer_id": str, "name": str, "signup_date": str})


def _files(directory, stem):
    names = sorted(n for n in os.listdir(directory) if n.startswith(stem) and n.endswith(".csv"))
    return [os.path.join(directory, n) for n in names]


def main(argv=None):
    """``python3 -m custorient.dask report DATA_DIR --scheduler ADDRESS [--as-of DATE]
    [--blocksize SIZE] [--top N] [--json]``: the report of a data directory computed on
    the Dask scheduler at ADDRESS (without it, on a LocalCluster of this machine's
    cores), printed as text, or as JSON with --json. Returns the exit status."""
    parser = argparse.ArgumentParser(prog="python3 -m custorient.dask")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="the report of DATA_DIR on a Dask cluster")
    rep.add_argument("data_dir")
    rep.add_argument("--scheduler", help="address of the Dask scheduler, e.g. tcp://host:8786")
    rep.add_argument("--as-of", dest="as_of")
    rep.add_argument("--blocksize", default="64MB")
    rep.add_argument("--top", type=int, default=10, help="rows of the at-risk list")
    rep.add_argument("--json", action="store_true",
                     help="JSON (schema custorient-dask-report/2) instead of text")
    args = parser.parse_args(argv)
    from dask.distributed import Client  # pylint: disable=import-outside-toplevel
    with Client(args.scheduler) if args.scheduler else Client(processes=True) as client:
        orders, feedback = read_data(args.data_dir, args.blocksize)
        out = report(client, orders, feedback, args.as_of,
                     contacts=read_contacts(args.data_dir, args.blocksize),
                     customers=read_customers(args.data_dir, args.blocksize), top=args.top)
    out = dict(out, data_source=args.data_dir)
    if args.json:
        json.dump(out, sys.stdout, indent=2, allow_nan=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_report_text.render(out))
    return 0


# The plain package hands Dask inputs to these (custorient/_dask_hook.py).
_fit_rows = _dask_models.fit_rows
_nps = _dask_metrics.nps
_ratings = _dask_metrics.ratings
_fit_km = _dask_metrics.fit_km
_rfm = _dask_metrics.rfm


def _lazy_method(method, self, name, args, kwargs):
    return _dask_models.lazy_method(method, self, name, args, kwargs)


if __name__ == "__main__":
    sys.exit(main())
