"""Partial states of Dask partitions and their merge (used by custorient.dask).

Each aggregate is computed as a state per partition, states are merged pairwise
in a tree on the workers, and only the merged state reaches the client. A state
here is an object that pickles exactly (NPS counts, value counts, the library's
purchase-model rows as bytes); merging in any order or grouping gives the
same state. The functions below are the only place that knows how a state is
built and merged, so a state kept by the C library (serialised bytes) replaces
one of them without touching the callers.
"""

import numpy as np
import pandas as pd

from .nps import NPS

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
    return list(zip(*(s.to_delayed() for s in series)))


def reduce(series, state, merge, *args):
    """The merged state of the zipped partitions of `series`: state(*parts, *args)
    per partition, then merge(list of states) in a tree. Computed now."""
    delayed = _delayed()
    states = [delayed(state, pure=True)(*parts, *args) for parts in partitions(*series)]
    while len(states) > 1:
        states = [delayed(merge, pure=True)(states[i:i + _FAN_IN])
                  for i in range(0, len(states), _FAN_IN)]
    return states[0].compute()


# NPS: the accumulator's counts; NPS objects pickle to them exactly.
def nps_state(scores, weights=None):
    """NPS of one partition's answers."""
    return NPS().add(np.asarray(scores), None if weights is None else np.asarray(weights))


def nps_merge(states):
    """Sum of NPS states."""
    out = NPS()
    for s in states:
        out.merge(s)
    return out


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


def histogram(series):
    """(distinct values in ascending order, their counts) of a Dask Series."""
    merged = reduce((series,), lambda p: counts_state(p.rename("v")), counts_merge)
    merged = merged.sort_index()
    values = np.asarray(merged.index.get_level_values(0), dtype=np.float64)
    return values, np.asarray(merged, dtype=np.int64)


def expand(values, counts):
    """The multiset a histogram stands for, in ascending order."""
    return np.repeat(values, counts)


# Distinct rows of several columns with their summed weights (Kaplan-Meier's
# (duration, event, entry) rows; the purchase models' rows are the library's
# BTYDRows states, custorient/btyd_rows.py).
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
