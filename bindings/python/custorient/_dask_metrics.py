"""NPS, CSAT/CES, Kaplan-Meier and RFM on Dask Series, from merged partial states
(used by custorient.dask)."""

import inspect

import numpy as np
import pandas as pd

from . import _dask_partials as parts
from ._dask_hook import is_dask


def nps(fn, scores, weights=None):
    """custorient.nps over a Dask Series: the sum of the partitions' counts, so the
    same NPS, to the bit, as one pass."""
    del fn
    series = (scores,) if weights is None else (scores, weights)
    return parts.reduce(series, parts.nps_state, parts.nps_merge)


def ratings(fn, ratings_, *args, **kwargs):
    """csat/ces over a Dask Series: the merged counts of each answer, summarised by
    the same function over the answers they stand for (whole-number answers: the same
    score, share and mean as one pass; the sd up to rounding)."""
    values, counts = parts.histogram(ratings_)
    return fn(parts.expand(values, counts), *args, **kwargs)


def fit_km(fit, self, *args, **kwargs):
    """KaplanMeierFitter.fit over Dask Series: the merged counts of each distinct
    (duration, event[, entry]) with their summed weights, fitted once as case weights
    (the same curve as one pass; the fitter's durations are then the distinct rows)."""
    bound = inspect.signature(fit).bind(self, *args, **kwargs)
    named = bound.arguments
    keys = [k for k in ("durations", "event_observed", "entry") if named.get(k) is not None]
    for k in keys + (["weights"] if named.get("weights") is not None else []):
        if not is_dask(named[k]):
            raise TypeError("%s must be a Dask Series like durations" % k)
    if named.get("event_observed") is not None:  # flags as numbers, as the fit reads them
        named["event_observed"] = named["event_observed"].astype("float64")
    has_w = named.get("weights") is not None
    series = [named[k] for k in keys] + ([named["weights"]] if has_w else [])

    def state(*part):
        return parts.rows_state(*part[:len(keys)], weights=part[-1] if has_w else None)

    rows = parts.reduce(series, state, parts.rows_merge)
    cols, w = parts.rows_columns(rows)
    for k, values in zip(keys, cols):
        named[k] = values
    named["weights"] = w
    return fit(*bound.args, **bound.kwargs)


def _scores(recency, frequency, monetary, bins, offset, rules, cuts):
    from .rfm import rfm  # pylint: disable=import-outside-toplevel
    result = rfm(np.asarray(recency, dtype=np.float64), np.asarray(frequency, dtype=np.float64),
                 np.asarray(monetary, dtype=np.float64), bins=bins, offset=offset,
                 rules=rules, **cuts)
    return pd.DataFrame({"recency_score": np.asarray(result.recency_score, dtype=np.uint8),
                         "frequency_score": np.asarray(result.frequency_score, dtype=np.uint8),
                         "monetary_score": np.asarray(result.monetary_score, dtype=np.uint8),
                         "rfm_score": np.asarray(result.rfm_score, dtype=np.int64),
                         "segment": pd.Series(result.segment, dtype=object).to_numpy()},
                        index=recency.index)


def rfm_cuts_of(fn_cuts, series, bins, offset):
    """Cut points of one Dask Series: type-7 quantiles of its merged value counts."""
    values, counts = parts.histogram(series)
    return np.asarray(fn_cuts(parts.expand(values, counts), bins, offset), dtype=np.float64)


def rfm(fn, recency, frequency, monetary, bins=5, offset=1.0, rules=None, **cuts):
    """custorient.rfm over Dask Series: the cut points from the merged value counts
    of each variable (exact quantiles, so the same scores as one pass), then the
    scores and segments per partition. Returns an RFMResult of lazy Dask Series."""
    del fn
    import dask.dataframe as dd  # pylint: disable=import-outside-toplevel
    from .rfm import RFMResult, rfm_cuts  # pylint: disable=import-outside-toplevel
    rb, fb, mb = (bins, bins, bins) if isinstance(bins, int) else tuple(bins)
    given = dict(cuts)
    for name, series, b in (("recency_cuts", recency, rb), ("frequency_cuts", frequency, fb),
                            ("monetary_cuts", monetary, mb)):
        if given.get(name) is None:
            given[name] = rfm_cuts_of(rfm_cuts, series, b, offset)
    parts.partitions(recency, frequency, monetary)
    meta = pd.DataFrame({"recency_score": pd.Series([], dtype=np.uint8),
                         "frequency_score": pd.Series([], dtype=np.uint8),
                         "monetary_score": pd.Series([], dtype=np.uint8),
                         "rfm_score": pd.Series([], dtype=np.int64),
                         "segment": pd.Series([], dtype=object)},
                        index=recency._meta.index)
    frame = dd.map_partitions(_scores, recency, frequency, monetary, bins, offset, rules,
                              given, meta=meta, align_dataframes=False)
    return RFMResult(frame["recency_score"], frame["frequency_score"], frame["monetary_score"],
                     frame["rfm_score"], frame["segment"])
