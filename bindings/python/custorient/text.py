"""Sentiment of free-text feedback and the topics negative feedback is about.

>>> import custorient
>>> s = custorient.sentiment("Delivery was late but the support was great")
>>> s.label
'positive'
>>> custorient.pain_points(["The parcel was late", "Great support"])[0].topic
'delivery'
"""

from collections import namedtuple
from contextlib import nullcontext

from . import capi as _capi
from . import _arrays
from ._handle import Owned
from ._paths import fspath

__all__ = ["Sentiment", "sentiment", "sentiments", "Lexicon", "Topics", "PainPoint",
           "pain_points", "POSITIVE_AT", "NEGATIVE_AT"]

#: Conventional label thresholds on the compound score.
POSITIVE_AT = _capi.CO_SENTIMENT_POSITIVE
NEGATIVE_AT = _capi.CO_SENTIMENT_NEGATIVE


class Sentiment(namedtuple("Sentiment", "compound pos neu neg")):
    """Sentiment of one text: ``compound`` in [-1, 1] and the positive,
    neutral and negative shares (which add up to 1)."""

    __slots__ = ()

    @property
    def label(self):
        """"positive", "negative" or "neutral" by the conventional thresholds."""
        if self.compound >= POSITIVE_AT:
            return "positive"
        if self.compound <= NEGATIVE_AT:
            return "negative"
        return "neutral"


def _reading_lexicon(lexicon):
    """Context manager giving the lexicon's handle (None for the built-in
    lexicon) with the lexicon held for reading."""
    if lexicon is None:
        return nullcontext(None)
    if not isinstance(lexicon, Lexicon):
        raise TypeError("lexicon must be a custorient.Lexicon or None")
    return lexicon._reading()


def _as_utf8(text):
    if isinstance(text, str):
        return text.encode("utf-8", "surrogatepass")
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    raise TypeError("expected str or bytes, got %s" % type(text).__name__)


def _pack(texts):
    """One UTF-8 buffer holding every text, and n + 1 byte offsets."""
    n = len(texts)
    if _arrays._np is not None:
        # Fast path for str texts without NUL: join with NUL and find the
        # separators with numpy. Each text but the last keeps its trailing NUL,
        # which the tokenizer reads as a space: no effect on scores or topics.
        np = _arrays._np
        try:
            joined = "\x00".join(texts)
        except TypeError:  # some texts are bytes
            joined = None
        if joined is not None and joined.count("\x00") == max(n - 1, 0):
            data = joined.encode("utf-8", "surrogatepass")
            offsets = np.empty(n + 1, dtype=np.uint64)
            offsets[0] = 0
            offsets[1:n] = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0) + 1
            offsets[n] = len(data)
            return data, offsets
    parts = [_as_utf8(t) for t in texts]
    offsets = _arrays.empty(len(parts) + 1, "uint64")
    total = 0
    for i, part in enumerate(parts):
        offsets[i] = total
        total += len(part)
    offsets[len(parts)] = total
    return b"".join(parts), offsets


def sentiment(text, lexicon=None):
    """Score one text (str or UTF-8 bytes) with the built-in English lexicon or
    a :class:`Lexicon`. Returns a :class:`Sentiment`."""
    text = _as_utf8(text)
    with _reading_lexicon(lexicon) as handle:
        return Sentiment(*_capi.co_sentiment_score(handle, text))


def sentiments(texts, lexicon=None):
    """Score many texts in one call (the GIL is released while scoring).

    Returns a dict of four arrays, ``compound``, ``pos``, ``neu`` and ``neg``,
    ready for ``pandas.DataFrame``.
    """
    texts = list(texts)
    data, offsets = _pack(texts)
    out = {name: _arrays.empty(len(texts)) for name in ("compound", "pos", "neu", "neg")}
    with _reading_lexicon(lexicon) as handle:
        _capi.co_py_sentiment_packed(handle, data, offsets, out["compound"], out["pos"],
                                     out["neu"], out["neg"])
    return out


class Lexicon(Owned):
    """A valence lexicon of your own.

    ``Lexicon()`` starts as a copy of the built-in English lexicon;
    ``Lexicon(base="empty")`` keeps only the rule words (negators,
    intensifiers, "but"). ``path`` loads a "word TAB valence" file on top.

    Threads: any number of threads may score with one lexicon or look words
    up at once; setting a word or loading entries waits for them, and they
    wait for it, so a score never sees a half-made change. close() waits for
    the calls in flight.

    ``copy.copy`` and ``copy.deepcopy`` give a whole, independent lexicon
    (setting words in one leaves the other alone); pickling is a TypeError.
    """

    _BASES = {"english": _capi.CO_LEXICON_ENGLISH, "empty": _capi.CO_LEXICON_EMPTY}
    _what = "lexicon"
    _copy_hint = ": copy.copy() it, or build another the same way"
    _free = staticmethod(_capi.co_lexicon_free)

    def __init__(self, path=None, base="english"):
        if base not in self._BASES:
            raise ValueError("base must be 'english' or 'empty', not %r" % (base,))
        self._own(_capi.co_lexicon_new(self._BASES[base]))
        if path is not None:
            self.load(path)

    def load(self, path):
        """Add the entries of a lexicon file (path: str, bytes or os.PathLike;
        all or nothing; ParseError names the line and column of a bad entry,
        a NUL byte included). Returns self."""
        self._write(_capi.co_lexicon_load, fspath(path))
        return self

    def load_text(self, text, source=None):
        """As :meth:`load`, from a string; ``source`` names it in errors."""
        self._write(_capi.co_lexicon_load_buffer, _as_utf8(text), source)
        return self

    def __setitem__(self, word, valence):
        self._write(_capi.co_lexicon_set, word, float(valence))

    def __getitem__(self, word):
        return self._read(_capi.co_lexicon_get, word)

    def get(self, word, default=None):
        """The valence of `word`, or `default` when the lexicon lacks it."""
        try:
            return self[word]
        except KeyError:
            return default

    def __contains__(self, word):
        return self.get(word) is not None

    def __len__(self):
        return self._read(_capi.co_lexicon_count)

    def __copy__(self):
        return self._adopt(self._read(_capi.co_lexicon_copy))

    def __deepcopy__(self, memo):
        return self.__copy__()


PainPoint = namedtuple("PainPoint", "topic mentions negative negative_share negative_rate")
PainPoint.__doc__ = """Per topic: texts that mention it, how many of those are
negative, their share of all negative texts and the negative rate among the
mentions."""


class Topics(Owned):
    """A keyword-to-topic map; ``Topics()`` holds the default topics (price,
    delivery, quality, support, billing, usability), ``Topics(default=False)``
    starts empty. A keyword ending in ``*`` matches by prefix.

    Threads: any number of threads may match texts or count pain points with
    one topic map at once; :meth:`add` waits for them, and they wait for it
    (a pain_points() table is sized and filled under one hold). close()
    waits for the calls in flight.

    ``copy.copy`` and ``copy.deepcopy`` give a whole, independent map (the
    same topics in the same order, with their keywords); pickling is a
    TypeError.
    """

    _what = "topic map"
    _copy_hint = ": copy.copy() it, or build another the same way"
    _free = staticmethod(_capi.co_topics_free)

    def __init__(self, default=True, mapping=None):
        self._own(_capi.co_topics_new_default() if default else _capi.co_topics_new())
        for topic, keywords in (mapping or {}).items():
            self.add(topic, *keywords)

    def add(self, topic, *keywords):
        """Map each keyword to ``topic`` (created if new). Returns self."""
        with self._writing() as handle:
            for keyword in keywords:
                _capi.co_topics_add(handle, topic, keyword)
        return self

    @staticmethod
    def _names(handle):
        return [_capi.co_topics_get_name(handle, i) for i in range(_capi.co_topics_count(handle))]

    @property
    def names(self):
        """Topic names in index order."""
        return self._read(self._names)

    def __len__(self):
        return self._read(_capi.co_topics_count)

    def __copy__(self):
        return self._adopt(self._read(_capi.co_topics_copy))

    def __deepcopy__(self, memo):
        return self.__copy__()

    def match(self, text):
        """Names of the topics one text mentions."""
        text = _as_utf8(text)
        with self._reading() as handle:  # the count sizes the output: one hold for both
            hits = _arrays.empty(_capi.co_topics_count(handle), "uint8")
            _capi.co_topics_match(handle, text, hits)
            names = self._names(handle)
        return [name for name, hit in zip(names, hits) if hit]


class PainPoints(list):
    """A list of :class:`PainPoint`, most negative mentions first, with
    ``n_negative``, the number of negative texts."""

    n_negative = 0


def pain_points(texts, topics=None, compound=None, lexicon=None, negative_at=NEGATIVE_AT):
    """Count negative feedback per topic.

    ``texts``: the feedback texts. ``topics``: a :class:`Topics` (default
    topics when None). ``compound``: precomputed compound scores (one per
    text), else the texts are scored with ``lexicon``. A text is negative when
    its compound is at most ``negative_at``.
    """
    texts = list(texts)
    topics = topics if topics is not None else Topics()
    data, offsets = _pack(texts)
    if compound is not None:
        compound = _arrays.as_buffer(compound, "float64", "compound")
        if _arrays.length(compound) != len(texts):
            raise ValueError("compound must have one score per text (%d != %d)"
                             % (_arrays.length(compound), len(texts)))
    if not isinstance(topics, Topics):
        raise TypeError("topics must be a custorient.Topics or None")
    # The topic count sizes the outputs, so the topics stay held from the count
    # to the names. Locks are always taken topics first, then the lexicon.
    with topics._reading() as topics_handle, _reading_lexicon(lexicon) as lexicon_handle:
        k = _capi.co_topics_count(topics_handle)
        mentions, negative = _arrays.empty(k, "uint64"), _arrays.empty(k, "uint64")
        share, rate, total = _arrays.empty(k), _arrays.empty(k), _arrays.empty(1, "uint64")
        _capi.co_py_topics_tally_packed(topics_handle, lexicon_handle, data, offsets, compound,
                                        float(negative_at), mentions, negative, share, rate,
                                        total)
        names = Topics._names(topics_handle)
    rows = [PainPoint(name, int(mentions[i]), int(negative[i]), float(share[i]), float(rate[i]))
            for i, name in enumerate(names)]
    result = PainPoints(sorted(rows, key=lambda r: -r.negative))
    result.n_negative = int(total[0])
    return result
