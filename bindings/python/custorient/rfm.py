"""RFM analysis: recency, frequency and monetary scores and named segments.

Scores follow the R package ``rfm`` by default: type-7 quantile cut points
plus one, equal values share a score, and the fewest recency days score
highest. See docs/rfm.md for the segment rules.
"""

from collections import namedtuple

from . import capi as _capi
from . import _arrays
from ._dask_hook import accepts_dask

__all__ = ["SEGMENTS", "DEFAULT_RULES", "RFMResult", "rfm_cuts", "rfm_score", "rfm_scores",
           "rfm_segments", "rfm_summary", "rfm"]

#: Names of the default segments in rule order, then "Others".
SEGMENTS = tuple(_capi.co_rfm_segment_name(k) for k in range(_capi.CO_RFM_SEGMENT_COUNT))


def _default_rules():
    rules = {}
    for k in range(_capi.CO_RFM_OTHERS):
        out = _arrays.empty(6, "uint8")
        _capi.co_py_rfm_default_rule(k, out)
        b = [int(v) for v in out]
        rules[SEGMENTS[k]] = ((b[0], b[1]), (b[2], b[3]), (b[4], b[5]))
    return rules


#: The default rules: name -> ((r_min, r_max), (f_min, f_max), (m_min, m_max)), in order.
DEFAULT_RULES = _default_rules()

RFMResult = namedtuple("RFMResult", "recency_score frequency_score monetary_score "
                                    "rfm_score segment")
RFMResult.__doc__ = """Scores and segments of a customer base, one entry per customer."""


def _bins(bins, name):
    if not isinstance(bins, int) or isinstance(bins, bool):
        raise TypeError("%s must be an int" % name)
    return bins


def rfm_cuts(values, bins=5, offset=1.0):
    """Cut points (``bins - 1``) at the type-7 quantiles k/bins, each plus ``offset``."""
    buf = _arrays.as_buffer(values, "float64", "values")
    bins = _bins(bins, "bins")
    out = _arrays.empty(max(bins - 1, 0))
    _capi.co_py_rfm_cuts(buf, bins, float(offset), out)
    return out


def rfm_score(values, cuts, reverse=False):
    """Score 1 + number of cut points reached (value >= cut); reversed: len(cuts) + 1 - that."""
    buf = _arrays.as_buffer(values, "float64", "values")
    cuts = _arrays.as_buffer(cuts, "float64", "cuts")
    out = _arrays.empty(_arrays.length(buf), "uint8")
    _capi.co_py_rfm_score(buf, cuts, 1 if reverse else 0, out)
    return out


def _custom_cuts(cuts, bins, name):
    if cuts is None:
        return None
    buf = _arrays.as_buffer(cuts, "float64", name)
    if _arrays.length(buf) != bins - 1:
        raise ValueError("%s needs %d values for %d bins (got %d)"
                         % (name, bins - 1, bins, _arrays.length(buf)))
    return buf


def rfm_scores(recency, frequency, monetary, bins=5, offset=1.0, recency_cuts=None,
               frequency_cuts=None, monetary_cuts=None):
    """Recency, frequency and monetary scores (three uint8 arrays).

    ``bins`` is one int for all three variables or a (recency, frequency,
    monetary) triple. Custom cut points replace the quantiles of a variable.
    """
    r = _arrays.as_buffer(recency, "float64", "recency")
    f = _arrays.as_buffer(frequency, "float64", "frequency")
    m = _arrays.as_buffer(monetary, "float64", "monetary")
    _arrays.same_length("recency", r, "frequency", f)
    _arrays.same_length("recency", r, "monetary", m)
    rb, fb, mb = (bins, bins, bins) if isinstance(bins, int) else tuple(bins)
    rb, fb, mb = _bins(rb, "bins"), _bins(fb, "bins"), _bins(mb, "bins")
    rc = _custom_cuts(recency_cuts, rb, "recency_cuts")
    fc = _custom_cuts(frequency_cuts, fb, "frequency_cuts")
    mc = _custom_cuts(monetary_cuts, mb, "monetary_cuts")
    n = _arrays.length(r)
    outs = [_arrays.empty(n, "uint8") for _ in range(3)]
    _capi.co_py_rfm_scores(r, f, m, rb, fb, mb, float(offset), rc, fc, mc, *outs)
    return tuple(outs)


def _rule_bytes(rules):
    flat = []
    for name, ranges in rules.items():
        if len(ranges) != 3 or any(len(pair) != 2 for pair in ranges):
            raise ValueError("rule %r must be ((r_min, r_max), (f_min, f_max), (m_min, m_max))"
                             % (name,))
        flat.extend(_arrays.as_int(v, "uint8", "rule %r score" % (name,))
                    for pair in ranges for v in pair)
    if not 1 <= len(rules) <= 64:
        raise ValueError("need 1..64 rules (got %d)" % len(rules))
    return bytes(flat)


def rfm_segments(recency_score, frequency_score, monetary_score, rules=None, codes=False):
    """Segment name of each customer: the first matching rule, else "Others".

    ``rules`` is an ordered mapping name -> ((r_min, r_max), (f_min, f_max),
    (m_min, m_max)) with inclusive ranges; None uses :data:`DEFAULT_RULES`.
    With ``codes=True`` the result is an int32 array of rule indices instead
    (len(rules) for "Others"; with the defaults, indices into :data:`SEGMENTS`).
    Scores and rule bounds are whole numbers 0-255: 4.5 or 261 raise RangeError
    rather than being truncated or wrapped.
    """
    r = _arrays.as_buffer(recency_score, "uint8", "recency_score")
    f = _arrays.as_buffer(frequency_score, "uint8", "frequency_score")
    m = _arrays.as_buffer(monetary_score, "uint8", "monetary_score")
    _arrays.same_length("recency_score", r, "frequency_score", f)
    _arrays.same_length("recency_score", r, "monetary_score", m)
    names = list(SEGMENTS) if rules is None else list(rules) + ["Others"]
    packed = b"" if rules is None else _rule_bytes(rules)
    out = _arrays.empty(_arrays.length(r), "int32")
    _capi.co_py_rfm_segments(r, f, m, packed, out)
    if codes:
        return out
    return [names[int(k)] for k in out]


def rfm_summary(segments, frequency, monetary):
    """Per segment (in first-seen order): customers, orders, revenue and average order value."""
    names = []
    index = {}
    for s in segments:
        if s not in index:
            index[s] = len(names)
            names.append(s)
    codes = _arrays.as_buffer([index[s] for s in segments], "int32", "segments")
    f = _arrays.as_buffer(frequency, "float64", "frequency")
    m = _arrays.as_buffer(monetary, "float64", "monetary")
    _arrays.same_length("segments", codes, "frequency", f)
    _arrays.same_length("segments", codes, "monetary", m)
    if not names:
        return {}
    customers = _arrays.empty(len(names), "uint64")
    orders = _arrays.empty(len(names))
    revenue = _arrays.empty(len(names))
    _capi.co_py_rfm_summarize(codes, f, m, len(names), customers, orders, revenue)
    return {name: {"customers": int(customers[k]), "orders": float(orders[k]),
                   "revenue": float(revenue[k]),
                   "aov": float(revenue[k]) / float(orders[k]) if orders[k] else 0.0}
            for k, name in enumerate(names)}


@accepts_dask("_rfm")
def rfm(recency, frequency, monetary, bins=5, offset=1.0, rules=None, **cuts):
    """Scores, the combined score 100 R + 10 F + M, and the segment of each customer.

    Dask Series: cut points from the merged exact histograms (RFMHistogram; the same
    scores as one pass), then an RFMResult of lazy Dask Series (custorient.dask)."""
    rs, fs, ms = rfm_scores(recency, frequency, monetary, bins=bins, offset=offset, **cuts)
    combined = [100 * int(a) + 10 * int(b) + int(c) for a, b, c in zip(rs, fs, ms)]
    return RFMResult(rs, fs, ms, combined, rfm_segments(rs, fs, ms, rules))
