"""NPS, CSAT/CES, Kaplan-Meier and RFM on Dask Series, from the library's partial
states merged as bytes (used by custorient.dask)."""

import inspect

import numpy as np
import pandas as pd

from . import _dask_partials as parts
from ._dask_hook import is_dask
from .kaplan_meier import _warn_fractional
from .satisfaction import _rating_options


def nps(fn, scores, weights=None):
    """custorient.nps over a Dask Series: the library's NPS counts of the partitions,
    shipped as bytes and merged, so the same NPS, to the bit, as one pass."""
    del fn
    series = (scores,) if weights is None else (scores, weights)
    return parts.reduce(series, parts.nps_state, parts.merge_bytes)


def rating_counts(kind, ratings_, scale=None, box=None, level=0.95):
    """(merged custorient.RatingCounts of a Dask Series of answers, the C options of
    csat or ces (``kind``) for these arguments)."""
    opts = _rating_options(kind, scale, box, level)
    counts = parts.reduce((ratings_,), parts.ratings_state, parts.merge_bytes,
                          opts.scale_min, opts.scale_max)
    return counts, opts


def ratings(fn, ratings_, *args, **kwargs):
    """csat/ces over a Dask Series: the library's counts of each answer per partition,
    merged, and summarised from the counts: the same summary, to the bit, as one
    pass."""
    bound = inspect.signature(fn).bind(ratings_, *args, **kwargs)
    bound.apply_defaults()
    named = bound.arguments
    counts, opts = rating_counts(fn.__name__, ratings_, named["scale"], named["box"],
                                 named["level"])
    if counts.n == 0:  # the error one pass gives
        return fn([], *args, **kwargs)
    return counts.summary(box=(opts.box_min, opts.box_max), level=opts.level)


def _km_rows(table):
    """The merged counts as fitted data: one row per time and outcome (event or
    censoring) with the weight of its subjects."""
    times, seen, lost = table["time"], table["observed"], table["censored"]
    durations = np.concatenate([times[seen > 0], times[lost > 0]])
    events = np.concatenate([np.ones(int(np.sum(seen > 0)), dtype=int),
                             np.zeros(int(np.sum(lost > 0)), dtype=int)])
    weights = np.concatenate([seen[seen > 0], lost[lost > 0]])
    order = np.argsort(durations, kind="stable")
    return {"durations": durations[order], "event_observed": events[order],
            "weights": weights[order]}


def fit_km(fit, self, *args, **kwargs):
    """KaplanMeierFitter.fit over Dask Series: the library's Kaplan-Meier counts per
    partition (custorient.KMCounts, shipped as bytes), merged, and the curve from the
    merged counts (the same curve as one pass). The fitter's durations, event_observed
    and weights are then the merged rows (one per time and outcome); entry is None."""
    bound = inspect.signature(fit).bind(self, *args, **kwargs)
    named = bound.arguments
    keys = [k for k in ("durations", "event_observed", "entry", "weights")
            if named.get(k) is not None]
    for k in keys:
        if not is_dask(named[k]):
            raise TypeError("%s must be a Dask Series like durations" % k)
    alpha = named.get("alpha") or self.alpha
    ci_type = named.get("ci_type") or self.ci_type
    counts = parts.reduce([named[k] for k in keys], parts.km_state_of(keys),
                          parts.merge_bytes)
    table = counts.table(alpha, ci_type, self.variance)
    weighted = np.concatenate([table[k] for k in ("observed", "censored", "entrance")])
    if np.any(weighted != np.round(weighted)):
        _warn_fractional(stacklevel=3)
    return self._fitted_from(table, named.get("timeline"), named.get("label"), alpha,
                             named.get("ci_labels"), ci_type, entry=None, **_km_rows(table))


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
    """Cut points of one Dask Series: the quantiles of the merged exact histograms of
    its partitions (custorient.RFMHistogram), to the bit those fn_cuts (rfm_cuts)
    gives on all values."""
    del fn_cuts
    hist = parts.reduce((series,), parts.histogram_state, parts.merge_bytes)
    return np.asarray(hist.cuts(bins, offset), dtype=np.float64)


def rfm(fn, recency, frequency, monetary, bins=5, offset=1.0, rules=None, **cuts):
    """custorient.rfm over Dask Series: the cut points from the merged histograms
    of each variable (exact quantiles, so the same scores as one pass), then the
    scores and segments per partition. Returns an RFMResult of lazy Dask Series."""
    del fn
    import dask.dataframe as dd  # pylint: disable=import-outside-toplevel
    from .rfm import RFMResult  # pylint: disable=import-outside-toplevel
    rb, fb, mb = (bins, bins, bins) if isinstance(bins, int) else tuple(bins)
    given = dict(cuts)
    wanted = [(name, series, b) for name, series, b in (
        ("recency_cuts", recency, rb), ("frequency_cuts", frequency, fb),
        ("monetary_cuts", monetary, mb)) if given.get(name) is None]
    # the three histograms in one pass over the partitions
    hists = parts.reduce_many([((series,), parts.histogram_state, parts.merge_bytes)
                               for _, series, _ in wanted])
    for (name, _, b), hist in zip(wanted, hists):
        given[name] = np.asarray(hist.cuts(b, offset), dtype=np.float64)
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
