"""One 0-100 feedback score per customer, with recency decay."""

from . import _arrays
from . import capi as _capi
from ._errors import InvalidArgumentError
from ._dates import parse_date
from .nps import _day_numbers
from .store import FEEDBACK_KINDS

__all__ = ["feedback_scores", "rank_by_feedback_score"]

# Feedback kinds by name, in the order of co_feedback_kind (shared with the store).
_KIND_CODES = {name: code for code, name in enumerate(FEEDBACK_KINDS)}


def _kind_codes(kinds):
    if _arrays._np is not None:
        arr = _arrays._np.asarray(kinds)
        if arr.dtype.kind in "iu":
            return _arrays.as_buffer(arr, "int32", "kinds")
    try:
        return _arrays.as_buffer([_KIND_CODES[k] if isinstance(k, str)
                                  else _arrays.as_int(k, "int32", "kinds[%d]" % i)
                                  for i, k in enumerate(kinds)], "int32", "kinds")
    except KeyError as e:
        raise InvalidArgumentError("unknown feedback kind %s (expected one of %s)"
                                   % (e, ", ".join(FEEDBACK_KINDS))) from None


def feedback_scores(customers, days, kinds, values, as_of, n_customers=None, half_life=90.0,
                    prior_weight=0.0, prior_score=50.0, kind_weights=None,
                    return_weights=False):
    """Per-customer feedback score in 0-100.

    ``customers`` are store indices and ``kinds`` names or codes: whole
    numbers, else RangeError (no index is truncated or wrapped).

    Each piece of feedback i (customer index, day, kind, value) is put on
    0-100 by its kind ("nps" 0-10, "csat" 1-5, "ces" 1-7, "rating" 1-5,
    "text" the compound sentiment -1..1) and weighted by 2 ** (-(as_of - day) / half_life). A
    customer's score is the weighted mean, shrunk towards `prior_score` by a
    pseudo-answer of weight `prior_weight`; NaN without feedback or prior.
    `kind_weights` maps kinds to relative weights. With `return_weights`,
    also returns each customer's total decayed weight.
    """
    c = _arrays.as_buffer(customers, "uint64", "customers")
    d = _day_numbers(days)
    k = _kind_codes(kinds)
    v = _arrays.as_buffer(values, "float64", "values")
    for name, buf in (("days", d), ("kinds", k), ("values", v)):
        _arrays.same_length("customers", c, name, buf)
    n = _arrays.length(c)
    if n_customers is None:
        n_customers = int(max(memoryview(c).tolist() or [-1])) + 1
    opts = _capi.co_feedback_options()
    _capi.co_feedback_options_init(opts)
    opts.as_of = int(parse_date(as_of))
    opts.half_life_days = float(half_life)
    opts.prior_weight = float(prior_weight)
    opts.prior_score = float(prior_score)
    for kind, weight in (kind_weights or {}).items():
        code = (_KIND_CODES[kind] if isinstance(kind, str)
                else _arrays.as_int(kind, "int32", "kind_weights key"))
        _capi.co_py_feedback_kind_weight(opts, code, float(weight))
    scores = _arrays.empty(n_customers, "float64")
    weights = _arrays.empty(n_customers, "float64")
    _capi.co_feedback_score(c, d, k, v, n, n_customers, opts, scores, weights)
    return (scores, weights) if return_weights else scores


def rank_by_feedback_score(scores):
    """Customer indices from the lowest score (most at risk) to the highest;
    customers without a score (NaN) last."""
    buf = _arrays.as_buffer(scores, "float64", "scores")
    order = _arrays.empty(_arrays.length(buf), "uint64")
    _capi.co_feedback_rank(buf, order)
    return order
