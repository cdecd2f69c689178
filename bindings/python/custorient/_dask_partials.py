"""Partial states of Dask partitions and their merge (used by custorient.dask).

Each aggregate is the library's partial state (custorient.partial; NPS counts, rating
counts, Kaplan-Meier counts, RFM histograms, topic and sentiment tallies, cohort
matrices, the purchase models' rows), built per partition on a worker and shipped as
its bytes: the frame of custorient/partial.h, with its kind, version and checksum.
Merges are the library's: a merge reads the bytes back (damaged bytes raise
CorruptError, so a state broken in transit is refused, not merged), merges them in C
and writes bytes again, in a tree on the workers; the client merges the last few and
reads the result. Merging in any order or grouping gives the same state, so the figure
equals one pass over all the data.

The generic helpers at the end (counts_*, rows_*) group rows of any values in pandas,
for tables no C state covers.
"""

import functools

import numpy as np
import pandas as pd

# Partitions merged per tree node: small enough to keep each merge cheap,
# large enough that the tree stays shallow.
_FAN_IN = 8


def _delayed():
    from dask import delayed  # pylint: disable=import-outside-toplevel
    return delayed


def partitions(*series):
    """Delayed partitions of Dask collections split alike, zipped (one tuple per
    partition). They must have the same number of partitions (columns of one
    DataFrame, or Series made from one another by map_partitions)."""
    counts = {s.npartitions for s in series}
    if len(counts) != 1:
        raise ValueError("Dask inputs differ in their number of partitions (%s): give "
                         "columns of one DataFrame" % sorted(counts))
    return list(zip(*(s.to_delayed(optimize_graph=False) for s in series)))


def _tree(series, state, merge, args):
    """The delayed states of the last tree level (at most _FAN_IN of them)."""
    delayed = _delayed()
    states = [delayed(state, pure=True)(*parts, *args) for parts in partitions(*series)]
    while len(states) > _FAN_IN:
        states = [delayed(merge, pure=True)(states[i:i + _FAN_IN])
                  for i in range(0, len(states), _FAN_IN)]
    return states


def reduce(series, state, merge, *args):
    """The merged state of the zipped partitions of `series`: state(*parts, *args)
    per partition, merge(list of states) in a tree on the workers, the last merge on
    the client. Computed now. A merged state in bytes (state and merge of this
    module) comes back as the custorient.partial object they hold."""
    return reduce_many([(series, state, merge) + args])[0]


def reduce_many(jobs):
    """reduce(*job) for each job of `jobs`, in one computation (inputs they share,
    such as columns of one frame, are computed once)."""
    import dask  # pylint: disable=import-outside-toplevel
    trees = [_tree(job[0], job[1], job[2], job[3:]) for job in jobs]
    levels = dask.compute(*trees)
    out = []
    for job, level in zip(jobs, levels):
        merged = job[2](list(level))
        out.append(state_of(merged) if isinstance(merged, bytes) else merged)
    return out


def partial_bytes(series, state, *args):
    """The per-partition states of `series` as delayed values (the bytes each worker
    sends), without merging them."""
    delayed = _delayed()
    return [delayed(state, pure=True)(*parts, *args) for parts in partitions(*series)]


def state_of(data):
    """The custorient.partial object held by serialised bytes; TypeError for anything
    but bytes, CorruptError for damaged bytes."""
    from .partial import from_bytes  # pylint: disable=import-outside-toplevel
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError("a partial state travels as bytes, not %s" % type(data).__name__)
    return from_bytes(bytes(data))


def merge_bytes(blobs):
    """Serialised partial states of one kind merged by the library, as bytes."""
    from .btyd_rows import BTYDRows  # pylint: disable=import-outside-toplevel
    states = [state_of(b) for b in blobs]
    if not states:
        raise ValueError("no partial states to merge")
    kinds = sorted({type(s).__name__ for s in states})
    if len(kinds) > 1:
        raise TypeError("cannot merge partial states of different kinds (%s)"
                        % ", ".join(kinds))
    if isinstance(states[0], BTYDRows):
        return BTYDRows.merge_all(states).to_bytes()
    out = states[0]
    for s in states[1:]:
        out.merge(s)
    return out.to_bytes()


def _column(values, dtype=np.float64):
    return np.ascontiguousarray(values, dtype=dtype)


# Per-partition states, each returned as its bytes.
def nps_state(scores, weights=None):
    """NPS counts of one partition's answers."""
    from .nps import NPS  # pylint: disable=import-outside-toplevel
    scores = np.asarray(scores)
    return NPS().add(scores, None if weights is None else np.asarray(weights)).to_bytes()


nps_merge = merge_bytes


def ratings_state(ratings, scale_min, scale_max):
    """Counts of one partition's CSAT/CES answers on the scale."""
    from .partial import RatingCounts  # pylint: disable=import-outside-toplevel
    return RatingCounts(scale_min, scale_max).add(np.asarray(ratings)).to_bytes()


def histogram_state(values):
    """Exact histogram of one partition's values (NaN and infinities refused)."""
    from .partial import RFMHistogram  # pylint: disable=import-outside-toplevel
    return RFMHistogram().add(_column(values)).to_bytes()


def km_state(keys, *columns):
    """Kaplan-Meier counts of one partition: columns named by `keys` (durations, and any
    of event_observed, entry, weights), checked as KaplanMeierFitter.fit checks them."""
    from .kaplan_meier import _flags, _values  # pylint: disable=import-outside-toplevel
    from .partial import KMCounts  # pylint: disable=import-outside-toplevel
    named = dict(zip(keys, columns))
    durations = _values(named["durations"], "durations")
    counts = KMCounts()
    if len(durations):  # an empty partition adds nothing
        extra = {k: _values(named[k], k) for k in ("entry", "weights") if k in named}
        if "event_observed" in named:
            extra["event_observed"] = _flags(named["event_observed"], len(durations))
        counts.add(durations, **extra)
    return counts.to_bytes()


def km_state_of(keys):
    """km_state for the columns `keys` (a picklable function of the columns)."""
    return functools.partial(km_state, tuple(keys))


def topic_state(texts, negative_at, mapping=None, default=True, compound=None):
    """Topic tally of one partition's texts with Topics(default, mapping) (maps are
    built on the worker: a Topics object does not pickle)."""
    from .partial import TopicTally  # pylint: disable=import-outside-toplevel
    from .text import Topics  # pylint: disable=import-outside-toplevel
    texts = ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t)
             for t in texts]
    compound = None if compound is None else _column(compound)
    return TopicTally(Topics(default, mapping), negative_at).add(texts, compound).to_bytes()


def sentiment_state(compound):
    """Sentiment tally of one partition's compound scores."""
    from .partial import SentimentTally  # pylint: disable=import-outside-toplevel
    return SentimentTally().add(_column(compound)).to_bytes()


def cohorts_state(customer, day, as_of):
    """Cohort matrix of one partition's orders as of day `as_of`: `customer` the
    customer of each order, `day` its day number; every order of a customer must lie in
    this partition (after a shuffle by customer), each customer's first order being
    their start."""
    from .partial import Cohorts  # pylint: disable=import-outside-toplevel
    codes, uniques = pd.factorize(np.asarray(customer), sort=False)
    day = _column(day, np.int64)
    first = np.full(len(uniques), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, codes, day)
    return Cohorts.build(first, codes.astype(np.uint64), day, int(as_of)).to_bytes()


def histogram(series):
    """(distinct values in ascending order, their counts) of a Dask Series, from the
    merged exact histograms (custorient.RFMHistogram) of its partitions."""
    values, counts = reduce((series,), histogram_state, merge_bytes).items()
    return np.asarray(values, dtype=np.float64), np.asarray(counts, dtype=np.int64)


def expand(values, counts):
    """The multiset a histogram stands for, in ascending order."""
    return np.repeat(values, counts)


# Value counts: exact for any values, small for integers on a scale (ratings, days,
# order counts); for amounts of money as large as the distinct values.
def counts_state(frame):
    """Rows of `frame` (a DataFrame or Series) grouped by all its columns: a Series
    of counts indexed by the distinct rows."""
    frame = frame.to_frame() if isinstance(frame, pd.Series) else frame
    return frame.value_counts(sort=False, dropna=False)


def counts_merge(states):
    """Sum of count states."""
    states = [s for s in states if len(s)]
    if not states:
        return pd.Series([], dtype=np.int64)
    return pd.concat(states).groupby(level=list(range(states[0].index.nlevels)),
                                     sort=False).sum()


# Distinct rows of several columns with their summed weights.
def rows_state(*columns, weights=None):
    """Distinct rows of aligned pandas Series: a DataFrame with the columns c0..ck and
    w (summed weights, 1 per row without weights)."""
    frame = pd.DataFrame({"c%d" % k: np.asarray(c, dtype=np.float64)
                          for k, c in enumerate(columns)})
    frame["w"] = 1.0 if weights is None else np.asarray(weights, dtype=np.float64)
    return _rows_group(frame)


def _rows_group(frame):
    keys = [c for c in frame.columns if c.startswith("c")]
    return frame.groupby(keys, sort=False, as_index=False, dropna=False)["w"].sum()


def rows_merge(states):
    """Merge of row states: weights summed."""
    return _rows_group(pd.concat(states, ignore_index=True))


def rows_columns(rows):
    """Merged rows in ascending order of their values, as numpy columns
    ([c0, ..., ck], weights)."""
    keys = [c for c in rows.columns if c.startswith("c")]
    rows = rows.sort_values(keys, kind="mergesort")
    cols = [np.ascontiguousarray(rows[c], dtype=np.float64) for c in keys]
    return cols, np.ascontiguousarray(rows["w"], dtype=np.float64)
