"""CSAT, CES and rating-scale normalisation."""

import collections

from . import _arrays
from . import capi as _capi
from ._dask_hook import accepts_dask

__all__ = ["RatingSummary", "csat", "ces", "normalize_scale"]

RatingSummary = collections.namedtuple(
    "RatingSummary", "score n in_box share_interval mean sd mean_interval")
RatingSummary.__doc__ = """Summary of rating answers.

score: percentage of answers in the box (the CSAT score, or CES % easy);
share_interval: its Wilson interval (percent); mean, sd: of the answers;
mean_interval: Student t interval of the mean (NaN for fewer than 2 answers)."""


def _options(scale, box, level, preset):
    opts = _capi.co_rating_options()
    if scale is None:
        preset(opts)
    else:
        _capi.co_rating_options_for_scale(opts, _arrays.as_int(scale[0], "int32", "scale[0]"),
                                          _arrays.as_int(scale[1], "int32", "scale[1]"))
    if box is not None:
        opts.box_min = _arrays.as_int(box[0], "int32", "box[0]")
        opts.box_max = _arrays.as_int(box[1], "int32", "box[1]")
    opts.level = float(level)
    return opts


def _ces_box(scale, box):
    return (scale[1] - 2, scale[1]) if scale is not None and box is None else box


def _rating_options(kind, scale=None, box=None, level=0.95):
    """The C options csat() or ces() (``kind``) use for these arguments: scale_min,
    scale_max, box_min, box_max and level (used by custorient.dask)."""
    if kind == "ces":
        return _options(scale, _ces_box(scale, box), level, _capi.co_ces_options_init)
    return _options(scale, box, level, _capi.co_csat_options_init)


def _summarize(ratings, scale, box, level, preset):
    opts = _options(scale, box, level, preset)
    buf = _arrays.as_buffer(ratings, "int32", "ratings")
    s = _capi.co_rating_summarize(buf, opts)
    return RatingSummary(s.share, s.n, s.in_box, (s.share_lower, s.share_upper), s.mean, s.sd,
                         (s.mean_lower, s.mean_upper))


@accepts_dask("_ratings")
def csat(ratings, scale=None, box=None, level=0.95):
    """Customer satisfaction: share of answers in the top box (4-5 of 1-5 by
    default; for another `scale` = (low, high) the customary top box of that
    length, or `box` = (low, high)) and the mean, with intervals. Ratings,
    scale and box are whole numbers: 4.7, NaN or 2**32 + 5 raise RangeError
    rather than being truncated or wrapped. A Dask Series of ratings is summarised
    from the merged counts of each answer (custorient.dask)."""
    return _summarize(ratings, scale, box, level, _capi.co_csat_options_init)


@accepts_dask("_ratings")
def ces(ratings, scale=None, box=None, level=0.95):
    """Customer effort score (CES 2.0): agreement on 1-7 that the company made
    it easy; share of 5-7 answers (or `box`) and the mean, with intervals.
    Whole-number ratings only, as for :func:`csat`."""
    return _summarize(ratings, scale, _ces_box(scale, box), level, _capi.co_ces_options_init)


def normalize_scale(values, low, high):
    """Map answers on a `low`-`high` scale onto 0-100 (pass low > high when
    the smallest number is the best answer). Returns a new array."""
    buf = _arrays.as_buffer(values, "float64", "values")
    out = _arrays.empty(_arrays.length(buf), "float64")
    _capi.co_scale_normalize(buf, float(low), float(high), out)
    return out
