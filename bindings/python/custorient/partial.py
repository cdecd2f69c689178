"""Partial states: figures over parts of the data that merge exactly and travel as bytes.

Each worker builds a state over its part (answers, durations, values, texts), ships it
with ``to_bytes()`` (or pickle, which uses the same bytes), and one place merges them
and computes the figure. Merging in any order and grouping gives what one pass over all
the data gives (docs/formats.md). Bytes are read back with the class's ``from_bytes()``
or with :func:`from_bytes`, which picks the class from the bytes; damaged bytes raise
:class:`~custorient.CorruptError`, bytes of another kind
:class:`~custorient.InvalidArgumentError`.

:class:`~custorient.NPS` is a partial state too (``NPS.to_bytes()``,
``NPS.from_bytes()``). Retention counts and cohort matrices merge when the parts hold
different customers (split by customer).

Threads: a state may be read by any number of threads at once; ``add`` and ``merge``
wait for them and for each other.
"""

from . import _arrays
from . import _errors
from . import capi as _capi
from ._dates import format_date
from ._handle import Owned
from .kaplan_meier import KaplanMeierFitter, _BANDS, _VARIANCES
from .satisfaction import RatingSummary
from .survival import CohortMatrix, _day, _orders, _np
from .text import NEGATIVE_AT, PainPoint, Topics, _pack, _reading_lexicon

__all__ = ["RatingCounts", "KMCounts", "RFMHistogram", "TopicTally", "SentimentTally",
           "Cohorts", "retention_merge", "retention_to_bytes", "retention_from_bytes",
           "partial_kind", "from_bytes"]


class _State(Owned):
    """A C partial state owned by Python: bytes out and in, merge, pickle."""

    _serialize = _deserialize = _merge_c = None

    def to_bytes(self):
        """The state as bytes (docs/formats.md)."""
        return self._read(type(self)._serialize)

    @classmethod
    def from_bytes(cls, data):
        """A state read from bytes written by :meth:`to_bytes`."""
        obj = object.__new__(cls)
        obj._own(cls._deserialize(data))
        return obj

    def merge(self, other):
        """Add the state of ``other`` (the same class) to this one; returns self."""
        if type(other) is not type(self):
            raise TypeError("cannot merge a %s into a %s"
                            % (type(other).__name__, type(self).__name__))
        # a copy of the other first: no thread ever holds two locks, so a.merge(b) and
        # b.merge(a) in two threads cannot deadlock
        copy = type(self).from_bytes(other.to_bytes())
        with copy._reading() as theirs:
            self._write(type(self)._merge_c, theirs)
        return self

    def __add__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return type(self).from_bytes(self.to_bytes()).merge(other)

    def __copy__(self):
        return type(self).from_bytes(self.to_bytes())

    def __deepcopy__(self, memo):
        return self.__copy__()

    def __reduce__(self):
        return (from_bytes, (self.to_bytes(),))

    __reduce_ex__ = object.__reduce_ex__


class RatingCounts(_State):
    """CSAT/CES answers counted per point of one scale (at most 101 points).

    ``RatingCounts(1, 5).add(ratings)``; :meth:`summary` gives what
    :func:`~custorient.csat` gives on all answers, to the last bit.
    """

    _what = "rating counts"
    _free = staticmethod(_capi.co_rating_counts_free)
    _serialize = staticmethod(_capi.co_rating_counts_serialize)
    _deserialize = staticmethod(_capi.co_rating_counts_deserialize)
    _merge_c = staticmethod(_capi.co_rating_counts_merge)

    def __init__(self, scale_min=1, scale_max=5):
        self._own(_capi.co_rating_counts_new(_arrays.as_int(scale_min, "int32", "scale_min"),
                                             _arrays.as_int(scale_max, "int32", "scale_max")))

    def add(self, ratings):
        """Count whole-number answers on the scale; returns self."""
        self._write(_capi.co_rating_counts_add, _arrays.as_buffer(ratings, "int32", "ratings"))
        return self

    @property
    def n(self):
        """Answers counted."""
        return self._read(_capi.co_rating_counts_total)

    @property
    def scale(self):
        """(scale_min, scale_max)."""
        return tuple(self._read(_capi.co_rating_counts_scale))

    def summary(self, box=None, level=0.95):
        """:class:`~custorient.RatingSummary` of the answers: the customary top box of the
        scale (4-5 of 1-5, 5-7 of 1-7), or ``box`` = (low, high)."""
        low, high = self.scale
        opts = _capi.co_rating_options()
        _capi.co_rating_options_for_scale(opts, low, high)
        if box is not None:
            opts.box_min = _arrays.as_int(box[0], "int32", "box[0]")
            opts.box_max = _arrays.as_int(box[1], "int32", "box[1]")
        opts.level = float(level)
        s = self._read(_capi.co_rating_counts_summarize, opts)
        return RatingSummary(s.share, s.n, s.in_box, (s.share_lower, s.share_upper), s.mean,
                             s.sd, (s.mean_lower, s.mean_upper))


class KMCounts(_State):
    """Kaplan-Meier counts per distinct time (events, censorings, entries and weights).

    :meth:`table` gives the columns :class:`~custorient.KaplanMeierFitter` computes on all
    subjects at once (exactly for unweighted subjects and whole weights).
    """

    _what = "Kaplan-Meier counts"
    _free = staticmethod(_capi.co_km_counts_free)
    _serialize = staticmethod(_capi.co_km_counts_serialize)
    _deserialize = staticmethod(_capi.co_km_counts_deserialize)
    _merge_c = staticmethod(_capi.co_km_counts_merge)

    def __init__(self):
        self._own(_capi.co_km_counts_new())

    def add(self, durations, event_observed=None, entry=None, weights=None):
        """Count subjects (the arguments of KaplanMeierFitter.fit); returns self."""
        d = _arrays.as_buffer(durations, "float64", "durations")
        n = _arrays.length(d)
        extra = []
        for name, values, dtype in (("event_observed", event_observed, "uint8"),
                                    ("entry", entry, "float64"), ("weights", weights, "float64")):
            if values is not None:
                values = _arrays.as_buffer(values, dtype, name)
                _arrays.same_length("durations", d, name, values)
            extra.append(values)
        self._write(_capi.co_py_km_counts_add, d, *extra)
        return self

    def __len__(self):
        return self._read(_capi.co_km_counts_count)

    def table(self, alpha=0.05, ci_type="log-log", variance="greenwood"):
        """The curve's table as numpy columns: time, survival, std_err, lower, upper and
        the weighted at_risk, observed, censored and entrance."""
        if ci_type not in _BANDS or variance not in _VARIANCES:
            raise ValueError("ci_type must be one of %s and variance one of %s"
                             % (", ".join(sorted(_BANDS)), ", ".join(sorted(_VARIANCES))))
        handle = self._read(_capi.co_py_km_counts_fit, 1.0 - alpha, _BANDS[ci_type],
                            _VARIANCES[variance])
        try:
            return KaplanMeierFitter._table(handle)
        finally:
            _capi.co_km_free(handle)


class RFMHistogram(_State):
    """Exact histogram of one RFM variable: each distinct value and its count.

    :meth:`cuts` gives the cut points :func:`~custorient.rfm_cuts` gives on all values,
    to the bit; the size is the number of distinct values (days, order counts, amounts
    in whole cents).
    """

    _what = "RFM histogram"
    _free = staticmethod(_capi.co_rfm_histogram_free)
    _serialize = staticmethod(_capi.co_rfm_histogram_serialize)
    _deserialize = staticmethod(_capi.co_rfm_histogram_deserialize)
    _merge_c = staticmethod(_capi.co_rfm_histogram_merge)

    def __init__(self):
        self._own(_capi.co_rfm_histogram_new())

    def add(self, values):
        """Count finite values; returns self."""
        self._write(_capi.co_rfm_histogram_add, _arrays.as_buffer(values, "float64", "values"))
        return self

    def __len__(self):
        return self._read(_capi.co_rfm_histogram_count)

    @property
    def n(self):
        """Values counted, repeats included."""
        return self._read(_capi.co_rfm_histogram_total)

    def items(self):
        """(distinct values in ascending order, how many times each was counted): a
        float64 and a uint64 array."""
        with self._reading() as handle:
            k = _capi.co_rfm_histogram_count(handle)
            values, counts = _arrays.empty(k), _arrays.empty(k, "uint64")
            _capi.co_py_rfm_histogram_items(handle, values, counts)
        return values, counts

    def cuts(self, bins=5, offset=1.0):
        """The ``bins - 1`` quantile cut points plus ``offset`` (as rfm_cuts)."""
        bins = _arrays.as_int(bins, "int32", "bins")
        out = _arrays.empty(max(bins - 1, 0))
        self._read(_capi.co_rfm_histogram_cuts, bins, float(offset), out)
        return out


class TopicTally(_State):
    """Topic mentions and negative mentions of texts, for one topic map and threshold.

    :meth:`pain_points` gives the table :func:`~custorient.pain_points` gives on all texts.
    """

    _what = "topic tally"
    _free = staticmethod(_capi.co_topic_tally_free)
    _serialize = staticmethod(_capi.co_topic_tally_serialize)
    _deserialize = staticmethod(_capi.co_topic_tally_deserialize)
    _merge_c = staticmethod(_capi.co_topic_tally_merge)

    def __init__(self, topics=None, negative_at=NEGATIVE_AT):
        self._topics = topics if topics is not None else Topics()
        if not isinstance(self._topics, Topics):
            raise TypeError("topics must be a custorient.Topics or None")
        with self._topics._reading() as handle:
            self._own(_capi.co_topic_tally_new(handle, float(negative_at)))

    @classmethod
    def from_bytes(cls, data):
        """A tally read from bytes written by :meth:`to_bytes` (pass ``topics`` to add)."""
        obj = super().from_bytes(data)
        obj._topics = None
        return obj

    def add(self, texts, compound=None, lexicon=None, topics=None):
        """Count texts (scored with ``lexicon`` unless ``compound`` scores are given) with
        ``topics``, the map the tally was made with (needed after from_bytes);
        returns self."""
        texts = list(texts)
        topics = topics if topics is not None else self._topics
        if not isinstance(topics, Topics):
            raise TypeError("topics must be a custorient.Topics (the tally's map)")
        data, offsets = _pack(texts)
        if compound is not None:
            compound = _arrays.as_buffer(compound, "float64", "compound")
            if _arrays.length(compound) != len(texts):
                raise ValueError("compound must have one score per text (%d != %d)"
                                 % (_arrays.length(compound), len(texts)))
        # locks in the order pain_points() takes them: topics, lexicon, then this tally
        with topics._reading() as th, _reading_lexicon(lexicon) as lh:
            self._write(_capi.co_py_topic_tally_add_packed, th, lh, data, offsets, compound)
        return self

    @property
    def n(self):
        """Texts counted."""
        return self._read(_capi.co_topic_tally_texts)

    def pain_points(self):
        """PainPoint rows, most negative mentions first (``.n_negative`` on the list)."""
        from .text import PainPoints
        with self._reading() as handle:
            k = _capi.co_topic_tally_count(handle)
            mentions, negative = _arrays.empty(k, "uint64"), _arrays.empty(k, "uint64")
            share, rate, total = _arrays.empty(k), _arrays.empty(k), _arrays.empty(1, "uint64")
            _capi.co_py_topic_tally_counts(handle, mentions, negative, share, rate, total)
            names = [_capi.co_topic_tally_get_name(handle, i) for i in range(k)]
        rows = [PainPoint(name, int(mentions[i]), int(negative[i]), float(share[i]),
                          float(rate[i])) for i, name in enumerate(names)]
        result = PainPoints(sorted(rows, key=lambda r: -r.negative))
        result.n_negative = int(total[0])
        return result


class SentimentTally(_State):
    """Texts counted by compound score: positive (>= 0.05), negative (<= -0.05) and the
    mean compound (summed in fixed point, within 2^-33 of the plain mean)."""

    _what = "sentiment tally"

    def __init__(self):
        self._guard()
        self._acc = _capi.co_sentiment_tally()

    @property
    def _handle(self):
        return self._acc

    def close(self):
        """Nothing to free (the tally is a plain struct)."""

    def __del__(self):
        pass

    @classmethod
    def from_bytes(cls, data):
        """A tally read from bytes written by :meth:`to_bytes`."""
        obj = cls()
        _capi.co_sentiment_tally_deserialize(data, obj._acc)
        return obj

    @staticmethod
    def _serialize(acc):
        return _capi.co_sentiment_tally_serialize(acc)

    _merge_c = staticmethod(_capi.co_sentiment_tally_merge)

    def add(self, compound):
        """Count texts by their compound scores in [-1, 1]; returns self."""
        self._write(_capi.co_sentiment_tally_add, _arrays.as_buffer(compound, "float64",
                                                                    "compound"))
        return self

    def _field(self, name):
        return self._read(lambda acc: int(getattr(acc, name)))

    @property
    def n(self):
        """Texts counted."""
        return self._field("texts")

    @property
    def positive(self):
        """Texts with compound >= 0.05."""
        return self._field("positive")

    @property
    def negative(self):
        """Texts with compound <= -0.05."""
        return self._field("negative")

    @property
    def mean(self):
        """Mean compound score."""
        return self._read(_capi.co_sentiment_tally_mean)


class Cohorts(_State):
    """A cohort matrix that merges with the matrices of other customers as of the same day.

    Build with :meth:`build` (the arguments of :func:`~custorient.cohort_retention`);
    ``a.merge(b)`` adds b's customers; :meth:`matrix` gives the
    :class:`~custorient.CohortMatrix`.
    """

    _what = "cohort matrix"
    _free = staticmethod(_capi.co_cohorts_free)
    _serialize = staticmethod(_capi.co_cohorts_serialize)
    _deserialize = staticmethod(_capi.co_cohorts_deserialize)
    _merge_c = None  # merging makes a new matrix: see merge()

    def __init__(self):
        raise TypeError("build a Cohorts with Cohorts.build() or Cohorts.from_bytes()")

    @classmethod
    def build(cls, first_day, order_customer, order_day, as_of):
        """The matrix of these customers and orders as of ``as_of``."""
        days, when, who = _orders(first_day, order_customer, order_day)
        obj = object.__new__(cls)
        obj._own(_capi.co_py_cohorts_build(days, when, who, _day(as_of)))
        return obj

    def merge(self, other):
        """Add the customers of ``other`` (as of the same day); returns self."""
        if type(other) is not Cohorts:
            raise TypeError("cannot merge a %s into a Cohorts" % type(other).__name__)
        copy = Cohorts.from_bytes(other.to_bytes())
        with self._exclusive(), copy._reading() as theirs:
            self._replace(_capi.co_cohorts_merge(self._handle, theirs))
        return self

    def matrix(self):
        """The :class:`~custorient.CohortMatrix`."""
        with self._reading() as handle:
            rows = _capi.co_cohorts_count(handle)
            months = _arrays.empty(rows, "int64")
            sizes = _arrays.empty(rows, "uint64")
            active = _arrays.empty(rows * rows, "uint64")
            rates = _arrays.empty(rows * rows)
            _capi.co_py_cohorts_fill(handle, months, sizes, active, rates)
        labels = [format_date(int(d)) for d in months]
        if _np is not None:
            active, rates = active.reshape(rows, rows), rates.reshape(rows, rows)
        else:
            active = [list(active[r * rows:(r + 1) * rows]) for r in range(rows)]
            rates = [list(rates[r * rows:(r + 1) * rows]) for r in range(rows)]
        return CohortMatrix(labels, sizes, active, rates)


_RETENTION_COUNTS = ("base", "retained", "active", "new_customers", "reactivated")


def _retention_dict(counts):
    base, retained = counts[0], counts[1]
    out = {"base": base, "retained": retained, "churned": base - retained}
    out.update(zip(_RETENTION_COUNTS[2:], counts[2:]))
    out["retention_rate"] = retained / base if base else float("nan")
    out["churn_rate"] = (base - retained) / base if base else float("nan")
    return out


def retention_merge(*results):
    """Merge the dicts :func:`~custorient.retention_rate` returns for different customers
    over the same window: the counts add, the rates follow."""
    totals = [sum(int(r[k]) for r in results) for k in _RETENTION_COUNTS]
    return _retention_dict(totals)


def retention_to_bytes(result, start, period_days):
    """A :func:`~custorient.retention_rate` dict and its window as bytes."""
    counts = _arrays.as_buffer([int(result[k]) for k in _RETENTION_COUNTS], "uint64", "counts")
    return _capi.co_py_retention_serialize(counts, _day(start),
                                           _arrays.as_int(period_days, "int64", "period_days"))


def retention_from_bytes(data):
    """(result dict, start day number, period_days) read from :func:`retention_to_bytes`."""
    counts = _arrays.empty(5, "uint64")
    start, period = _capi.co_py_retention_deserialize(data, counts)
    return _retention_dict([int(c) for c in counts]), int(start), int(period)


def partial_kind(data):
    """Name of the kind of partial state in ``data`` (e.g. "NPS counts"), after checking
    its frame; CorruptError for damaged bytes."""
    kind, _version = _capi.co_partial_peek(data)
    return _capi.co_partial_kind_name(kind) or "unknown kind %d" % kind


def from_bytes(data):
    """The partial state in ``data``, of the class its kind names (NPS, RatingCounts,
    KMCounts, Cohorts, RFMHistogram, TopicTally, SentimentTally, BTYDRows); retention
    counts come back as :func:`retention_from_bytes` gives them."""
    from .btyd_rows import BTYDRows
    from .nps import NPS
    kind, _version = _capi.co_partial_peek(data)
    classes = {_capi.CO_PARTIAL_NPS: NPS, _capi.CO_PARTIAL_PURCHASE_ROWS: BTYDRows, _capi.CO_PARTIAL_RATINGS: RatingCounts,
               _capi.CO_PARTIAL_KM: KMCounts, _capi.CO_PARTIAL_COHORTS: Cohorts,
               _capi.CO_PARTIAL_HISTOGRAM: RFMHistogram, _capi.CO_PARTIAL_TOPICS: TopicTally,
               _capi.CO_PARTIAL_SENTIMENT: SentimentTally}
    if kind == _capi.CO_PARTIAL_RETENTION:
        return retention_from_bytes(data)
    if kind not in classes:
        raise _errors.InvalidArgumentError("no Python class reads %s"
                                           % (_capi.co_partial_kind_name(kind)
                                              or "partial states of kind %d" % kind))
    return classes[kind].from_bytes(data)

