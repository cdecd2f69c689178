"""Sentiment of free-text feedback and the topics negative feedback is about.

>>> import custorient
>>> s = custorient.sentiment("Delivery was late but the support was great")
>>> s.label
'positive'
>>> custorient.pain_points(["The parcel was late", "Great support"])[0].topic
'delivery'
"""

from collections import namedtuple

from . import capi as _capi
from . import _arrays
from ._owned import Owned
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


def _lexicon_handle(lexicon):
    if lexicon is None:
        return None
    if not isinstance(lexicon, Lexicon):
        raise TypeError("lexicon must be a custorient.Lexicon or None")
    return lexicon._handle


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
    return Sentiment(*_capi.co_sentiment_score(_lexicon_handle(lexicon), _as_utf8(text)))


def sentiments(texts, lexicon=None):
    """Score many texts in one call (the GIL is released while scoring).

    Returns a dict of four arrays, ``compound``, ``pos``, ``neu`` and ``neg``,
    ready for ``pandas.DataFrame``.
    """
    texts = list(texts)
    data, offsets = _pack(texts)
    out = {name: _arrays.empty(len(texts)) for name in ("compound", "pos", "neu", "neg")}
    _capi.co_py_sentiment_packed(_lexicon_handle(lexicon), data, offsets, out["compound"],
                                 out["pos"], out["neu"], out["neg"])
    return out


class Lexicon(Owned):
    """A valence lexicon of your own.

    ``Lexicon()`` starts as a copy of the built-in English lexicon;
    ``Lexicon(base="empty")`` keeps only the rule words (negators,
    intensifiers, "but"). ``path`` loads a "word TAB valence" file on top.
    """

    _BASES = {"english": _capi.CO_LEXICON_ENGLISH, "empty": _capi.CO_LEXICON_EMPTY}
    _what = "lexicon"
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
        _capi.co_lexicon_load(self._handle, fspath(path))
        return self

    def load_text(self, text, source=None):
        """As :meth:`load`, from a string; ``source`` names it in errors."""
        _capi.co_lexicon_load_buffer(self._handle, _as_utf8(text), source)
        return self

    def __setitem__(self, word, valence):
        _capi.co_lexicon_set(self._handle, word, float(valence))

    def __getitem__(self, word):
        return _capi.co_lexicon_get(self._handle, word)

    def get(self, word, default=None):
        try:
            return self[word]
        except KeyError:
            return default

    def __contains__(self, word):
        return self.get(word) is not None

    def __len__(self):
        return _capi.co_lexicon_count(self._handle)


PainPoint = namedtuple("PainPoint", "topic mentions negative negative_share negative_rate")
PainPoint.__doc__ = """Per topic: texts that mention it, how many of those are
negative, their share of all negative texts and the negative rate among the
mentions."""


class Topics(Owned):
    """A keyword-to-topic map; ``Topics()`` holds the default topics (price,
    delivery, quality, support, billing, usability), ``Topics(default=False)``
    starts empty. A keyword ending in ``*`` matches by prefix."""

    _what = "topic map"
    _free = staticmethod(_capi.co_topics_free)

    def __init__(self, default=True, mapping=None):
        self._own(_capi.co_topics_new_default() if default else _capi.co_topics_new())
        for topic, keywords in (mapping or {}).items():
            self.add(topic, *keywords)

    def add(self, topic, *keywords):
        """Map each keyword to ``topic`` (created if new). Returns self."""
        for keyword in keywords:
            _capi.co_topics_add(self._handle, topic, keyword)
        return self

    @property
    def names(self):
        """Topic names in index order."""
        ptr = self._handle
        return [_capi.co_topics_get_name(ptr, i) for i in range(_capi.co_topics_count(ptr))]

    def __len__(self):
        return _capi.co_topics_count(self._handle)

    def match(self, text):
        """Names of the topics one text mentions."""
        hits = _arrays.empty(len(self), "uint8")
        _capi.co_topics_match(self._handle, _as_utf8(text), hits)
        return [name for name, hit in zip(self.names, hits) if hit]


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
    k = len(topics)
    mentions, negative = _arrays.empty(k, "uint64"), _arrays.empty(k, "uint64")
    share, rate, total = _arrays.empty(k), _arrays.empty(k), _arrays.empty(1, "uint64")
    _capi.co_py_topics_tally_packed(topics._handle, _lexicon_handle(lexicon), data, offsets,
                                    compound, float(negative_at), mentions, negative, share,
                                    rate, total)
    rows = [PainPoint(name, int(mentions[i]), int(negative[i]), float(share[i]), float(rate[i]))
            for i, name in enumerate(topics.names)]
    result = PainPoints(sorted(rows, key=lambda r: -r.negative))
    result.n_negative = int(total[0])
    return result
