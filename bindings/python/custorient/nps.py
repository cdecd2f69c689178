"""Net Promoter Score: counts, intervals, comparisons and periods.

Answers to "how likely are you to recommend us?" on 0-10 are detractors
(0-6), passives (7-8) or promoters (9-10); the score is
100 * (promoters - detractors) / answers, in NPS points.
"""

import collections
import datetime

from . import _arrays
from . import capi as _capi
from ._dates import parse_date
from ._errors import InvalidArgumentError
from ._handle import Guarded
from ._dask_hook import accepts_dask

__all__ = ["NPS", "NPSInterval", "NPSComparison", "NPSPeriod", "nps", "nps_compare",
           "nps_by_period"]

NPSInterval = collections.namedtuple("NPSInterval", "lower upper center se")
NPSInterval.__doc__ = """A confidence interval in NPS points (center: the score it is built
around, the adjusted score for the adjusted method; se: the standard error used)."""

NPSComparison = collections.namedtuple("NPSComparison", "difference se z p_value")
NPSComparison.__doc__ = """score(a) - score(b) in NPS points, its standard error, z and the
two-sided p-value."""

NPSPeriod = collections.namedtuple("NPSPeriod", "start nps")
NPSPeriod.__doc__ = """The NPS of the calendar period starting on `start` (datetime.date)."""

_METHODS = {"wald": _capi.CO_NPS_WALD, "adjusted": _capi.CO_NPS_ADJUSTED}
_PERIODS = {"day": _capi.CO_PERIOD_DAY, "week": _capi.CO_PERIOD_WEEK,
            "month": _capi.CO_PERIOD_MONTH}
_EPOCH = datetime.date(1970, 1, 1)


def _checked_scores(scores, name="scores"):
    """A uint8 or int32 buffer of 0-10 scores. uint8 and int32 arrays pass
    through untouched; anything else is converted by _arrays.as_buffer(), which
    refuses a fraction or a value beyond int32 (RangeError) so that nothing is
    truncated or wraps around. The C layer checks the range 0-10."""
    np = _arrays._np
    if np is not None:
        scores = np.asarray(scores)
        if scores.dtype == np.uint8:
            return _arrays.as_buffer(scores, "uint8", name)
    return _arrays.as_buffer(scores, "int32", name)


class NPS(Guarded):
    """Counts of an NPS survey, possibly weighted.

    Build one with :func:`nps`; combine two with ``a + b`` or
    :meth:`merge` (e.g. results counted on different machines: an NPS
    pickles to its counts, exactly, and merges after the round trip).
    copy.copy and copy.deepcopy give an independent NPS with the same counts.

    Threads: reading the figures may happen in any number of threads at
    once; :meth:`add` and :meth:`merge` wait for them and for each other, so
    concurrent adds are all counted.
    """

    def __init__(self):
        self._guard()
        self._acc = _capi.co_nps()

    @property
    def _handle(self):
        return self._acc

    @classmethod
    def _from_counts(cls, counts):
        obj = cls()
        _capi.co_py_nps_set(obj._acc, *counts)
        return obj

    def __reduce__(self):
        return (_nps_from_counts, (self._counts(),))

    def __copy__(self):
        return NPS._from_counts(self._counts())

    def __deepcopy__(self, memo):
        return self.__copy__()

    def add(self, scores, weights=None):
        """Count more answers (0-10), optionally weighted; returns self.
        Nothing is counted if any score or weight is invalid."""
        if weights is None:
            buf = _checked_scores(scores)
            if _arrays._matches(memoryview(buf), "uint8"):
                self._write(_capi.co_nps_add_many_u8, buf)
            else:
                self._write(_capi.co_nps_add_many_int, buf)
        else:
            buf = _arrays.as_buffer(_checked_scores(scores), "int32", "scores")
            w = _arrays.as_buffer(weights, "float64", "weights")
            _arrays.same_length("scores", buf, "weights", w)
            self._write(_capi.co_nps_add_many_weighted, buf, w, _arrays.length(w))
        return self

    def merge(self, other):
        """Add the answers of another NPS to this one; returns self."""
        # Copy the other's counts first: no thread ever holds two NPS locks,
        # so a.merge(b) and b.merge(a) in two threads cannot deadlock.
        counts = NPS._from_counts(other._counts())
        self._write(_capi.co_nps_merge, counts._acc)
        return self

    def to_bytes(self):
        """The counts as bytes with a checksum (docs/formats.md), exactly."""
        return self._read(_capi.co_nps_serialize)

    @classmethod
    def from_bytes(cls, data):
        """An NPS read from bytes written by :meth:`to_bytes`."""
        obj = cls()
        _capi.co_nps_deserialize(data, obj._acc)
        return obj

    def __add__(self, other):
        if not isinstance(other, NPS):
            return NotImplemented
        return NPS._from_counts(self._counts()).merge(other)

    def _counts(self):
        return self._read(_capi.co_py_nps_get)

    @property
    def detractors(self):
        """Number of detractor answers (0-6)."""
        return self._counts()[0]

    @property
    def passives(self):
        """Number of passive answers (7-8)."""
        return self._counts()[1]

    @property
    def promoters(self):
        """Number of promoter answers (9-10)."""
        return self._counts()[2]

    @property
    def n(self):
        """Number of answers."""
        return self._read(_capi.co_nps_count)

    @property
    def weights(self):
        """Total weight of detractors, passives and promoters."""
        return self._counts()[3:6]

    @property
    def effective_n(self):
        """Kish effective sample size (equals n when unweighted)."""
        return self._read(_capi.co_nps_effective_n)

    @property
    def score(self):
        """The score in NPS points, -100 to 100."""
        return self._read(_capi.co_nps_score)

    @property
    def se(self):
        """Standard error of the score in NPS points."""
        return self._read(_capi.co_nps_se)

    @property
    def variance(self):
        """Variance of one answer (-100/0/+100) in squared NPS points."""
        return self._read(_capi.co_nps_variance)

    def interval(self, level=0.95, method="wald"):
        """Two-sided confidence interval: method "wald" or "adjusted" (adds
        0.75 detractors, 1.5 passives and 0.75 promoters; better for small
        samples and extreme scores)."""
        try:
            m = _METHODS[method]
        except KeyError:
            raise InvalidArgumentError("method must be 'wald' or 'adjusted', not %r"
                                       % (method,)) from None
        ci = self._read(_capi.co_nps_confint, float(level), m)
        return NPSInterval(ci.lower, ci.upper, ci.center, ci.se)

    def __eq__(self, other):
        return isinstance(other, NPS) and self._counts() == other._counts()

    def __repr__(self):
        d, p, r = self._counts()[:3]
        return "NPS(n=%d, detractors=%d, passives=%d, promoters=%d)" % (d + p + r, d, p, r)


def _nps_from_counts(counts):
    """An NPS with the given counts (what an NPS pickles to)."""
    return NPS._from_counts(counts)


@accepts_dask("_nps")
def nps(scores, weights=None):
    """NPS of 0-10 answers (list, array.array, numpy array; uint8 and int32
    numpy arrays are read in place), optionally weighted. Dask Series: the sum of
    the partitions' counts (custorient.dask), the same NPS as one pass."""
    return NPS().add(scores, weights)


def nps_compare(a, b):
    """Two-sample test of the difference between two NPS (objects or answer arrays)."""
    a = a if isinstance(a, NPS) else nps(a)
    b = b if isinstance(b, NPS) else nps(b)
    # Copies, so that no thread holds two NPS locks at once.
    a, b = NPS._from_counts(a._counts()), NPS._from_counts(b._counts())
    d = _capi.co_nps_compare(a._acc, b._acc)
    return NPSComparison(d.difference, d.se, d.z, d.p_value)


def _day_numbers(days):
    if _arrays._np is not None:
        arr = _arrays._np.asarray(days)
        if arr.dtype.kind == "M":
            return arr.astype("datetime64[D]").astype("i8")
        if arr.dtype.kind in "iu":
            return _arrays.as_buffer(arr, "int64", "days")
    return _arrays.as_buffer([parse_date(d) for d in days], "int64", "days")


def nps_by_period(days, scores, period="month", weights=None):
    """NPS per calendar period ("day", "week" = ISO week from Monday,
    "month") of dated answers. `days` are day numbers since 1970-01-01,
    ISO strings, dates or numpy datetime64. Returns a list of NPSPeriod in
    date order, one per period that has answers."""
    try:
        p = _PERIODS[period]
    except KeyError:
        raise InvalidArgumentError("period must be 'day', 'week' or 'month', not %r"
                                   % (period,)) from None
    d = _day_numbers(days)
    s = _arrays.as_buffer(_checked_scores(scores), "int32", "scores")
    _arrays.same_length("days", d, "scores", s)
    w = None
    if weights is not None:
        w = _arrays.as_buffer(weights, "float64", "weights")
        _arrays.same_length("scores", s, "weights", w)
    rows = _capi.co_nps_by_period(d, s, w, _arrays.length(s), p)
    return [NPSPeriod(_EPOCH + datetime.timedelta(days=r[0]), NPS._from_counts(r[1:]))
            for r in rows]
