"""Summaries of CSV files larger than memory, read once in blocks.

The files have the layout Store.import_csv reads (orders:
order_id,customer_id,date,amount; feedback:
customer_id,date,channel,kind,score,text), rows in any order, and are never
held whole: memory grows with the customers, not the rows (docs/streaming.md).
"""

import collections

from . import capi as _capi
from ._dates import format_date, parse_date
from ._paths import fspath
from .nps import NPS
from .satisfaction import RatingSummary
from ._transactions import _np, _pd

__all__ = ["summarize_csv", "FeedbackTally", "feedback_scores_csv"]

_UNITS = {"D": 0, "W": 1}


def _paths(paths):
    if isinstance(paths, (str, bytes)) or hasattr(paths, "__fspath__"):
        paths = [paths]
    paths = [fspath(p, "paths[%d]" % i) for i, p in enumerate(paths)]
    if not paths:
        raise ValueError("paths names no file")
    return paths


def _as_of(as_of):
    return (0, 0) if as_of is None else (parse_date(as_of), 1)


def summarize_csv(paths, as_of=None, freq="D", extra_columns=False):
    """Per-customer frequency, recency, T and monetary_value of order CSV files.

    The DataFrame summary_data_from_transaction_data(orders, "customer_id",
    "date", monetary_value_col="amount", observation_period_end=as_of) gives
    for the same rows: indexed by customer_id (str) in sorted order, float
    columns, purchases of one day counted once. ``as_of`` (ISO string, date or
    day number; default the last order day) is the last day counted. ``freq``
    "D" counts durations in days, "W" in weeks of seven days (days / 7, not
    calendar weeks). With extra_columns, also total_spend, orders, first_order
    and last_order (dates as numpy datetime64[D]). Money is added exactly (at
    most 6 decimal places per amount). A bad row raises with its file, line
    and column, as Store.import_csv."""
    pd, np = _pd(), _np()
    if freq not in _UNITS:
        raise ValueError("freq must be 'D' or 'W' (calendar periods need "
                         "custorient.utils.summary_data_from_transaction_data)")
    day, has = _as_of(as_of)
    got = _capi.co_py_stream_summary(_paths(paths), day, has, _UNITS[freq])
    ids, cols = got[0], [np.frombuffer(c, np.float64) for c in got[1:6]]
    frame = pd.DataFrame({"frequency": cols[0], "recency": cols[1], "T": cols[2],
                          "monetary_value": cols[3]},
                         index=pd.Index(ids, name="customer_id", dtype=object))
    if extra_columns:
        frame["total_spend"] = cols[4]
        frame["orders"] = np.frombuffer(got[6], np.uint64).astype(np.int64)
        frame["first_order"] = np.frombuffer(got[7], np.int64).astype("datetime64[D]")
        frame["last_order"] = np.frombuffer(got[8], np.int64).astype("datetime64[D]")
    return frame.sort_index()


FeedbackTally = collections.namedtuple("FeedbackTally", "rows as_of nps csat ces")
FeedbackTally.__doc__ = """Scores of feedback files read once.

rows: feedback rows read (every kind and day); as_of: the last day counted, as
"YYYY-MM-DD" (None for files without rows); nps: an NPS of the answers on or
before it; csat, ces: RatingSummary with the default boxes (top two of 1-5;
5-7 of 1-7), None without answers."""


def _rating(t):
    if t is None:
        return None
    share, n, in_box, lo, hi, mean, sd, mlo, mhi, _ = t
    return RatingSummary(share, n, in_box, (lo, hi), mean, sd, (mlo, mhi))


def feedback_scores_csv(paths, as_of=None):
    """NPS, CSAT and CES of feedback CSV files (a FeedbackTally), rows on or
    before ``as_of`` (default: the last feedback day). Every row is checked as
    Store.import_csv checks it, but customers need not exist anywhere."""
    day, has = _as_of(as_of)
    rows, last, counts, csat, ces = _capi.co_py_stream_feedback(_paths(paths), day, has)
    return FeedbackTally(rows, None if rows == 0 and not has else format_date(last),
                         NPS._from_counts(counts), _rating(csat), _rating(ces))
