"""What customers want: cancel, refund, complaint, question, praise.

>>> import custorient
>>> [i.name for i in custorient.intents("Cancel my plan and give me my money back.")]
['cancel', 'refund']
>>> custorient.intents("I am not going to cancel.")
[]
"""

from collections import namedtuple

from . import capi as _capi
from . import _arrays
from ._handle import Owned
from ._paths import fspath
from .text import _as_utf8, _pack

__all__ = ["Intent", "IntentRules", "intents", "intents_many", "intents_per_customer",
           "MIN_CONFIDENCE"]

#: Intents below this confidence are not reported.
MIN_CONFIDENCE = _capi.CO_INTENT_MIN_CONFIDENCE

Intent = namedtuple("Intent", "name confidence evidence")
Intent.__doc__ = """One intent found in a text: its name, a confidence in
[0.5, 1] and ``evidence``, the words that triggered it (a slice of the text)."""


class IntentRules(Owned):
    """A set of intent rules: ``IntentRules()`` holds the built-in English
    intents and cues; ``path`` adds a definition file on top (docs/intents.md).

    Threads: any number of threads may detect with one rule set at once;
    loading waits for them, and they wait for it.
    """

    _what = "intent rule set"
    _copy_hint = ": build another the same way"
    _free = staticmethod(_capi.co_intents_free)

    def __init__(self, path=None):
        self._own(_capi.co_intents_new())
        if path is not None:
            self.load(path)

    def load(self, path):
        """Add the intents and cues of a definition file (all or nothing;
        ParseError names the line and column). Returns self."""
        self._write(_capi.co_intents_load, fspath(path))
        return self

    def load_text(self, text, source=None):
        """As :meth:`load`, from a string; ``source`` names it in errors."""
        self._write(_capi.co_intents_load_buffer, _as_utf8(text), source)
        return self

    @staticmethod
    def _names(handle):
        return [_capi.co_intents_get_name(handle, i)
                for i in range(_capi.co_intents_count(handle))]

    @property
    def names(self):
        """Intent names in index order (the built-in five first)."""
        return self._read(self._names)

    def __len__(self):
        return self._read(_capi.co_intents_count)


_default = None


def _rules(rules):
    global _default
    if rules is None:
        if _default is None:
            _default = IntentRules()
        return _default
    if not isinstance(rules, IntentRules):
        raise TypeError("rules must be a custorient.IntentRules or None")
    return rules


def intents(text, rules=None):
    """The intents of one text (str or UTF-8 bytes), in intent order, as a
    list of :class:`Intent`."""
    data = _as_utf8(text)
    with _rules(rules)._reading() as handle:
        k = _capi.co_intents_count(handle)
        index, begin, end = (_arrays.empty(k, "uint64") for _ in range(3))
        n = _arrays.empty(1, "uint64")
        confidence = _arrays.empty(k)
        _capi.co_py_intents_detect(handle, data, index, confidence, begin, end, n)
        names = IntentRules._names(handle)
    return [Intent(names[index[i]], float(confidence[i]),
                   data[begin[i]:end[i]].decode("utf-8", "replace"))
            for i in range(int(n[0]))]


def intents_many(texts, rules=None):
    """Intents of many texts in one call (the GIL is released): a dict of one
    array per intent name, the confidence of each text (0 where not found)."""
    texts = list(texts)
    data, offsets = _pack(texts)
    with _rules(rules)._reading() as handle:
        k = _capi.co_intents_count(handle)
        out = _arrays.empty(len(texts) * k)
        _capi.co_py_intents_packed(handle, data, offsets, out)
        names = IntentRules._names(handle)
    return {name: out[j::k] for j, name in enumerate(names)}


def intents_per_customer(store, as_of, rules=None):
    """What each customer of a :class:`custorient.Store` said in their feedback
    texts up to ``as_of``: a dict of intent name -> (count, last_day), two
    arrays in store customer order, the number of texts holding the intent and
    the day number of the latest (INT64_MIN where count is 0)."""
    answers = store.feedback_texts(as_of)
    data, offsets = _pack(answers.text)
    n_customers = store.count("customers")
    customer = _arrays.as_buffer(answers.customer_index, "uint64", "customer_index")
    day = _arrays.as_buffer(answers.day, "int64", "day")
    with _rules(rules)._reading() as handle:
        k = _capi.co_intents_count(handle)
        count = _arrays.empty(n_customers * k, "uint64")
        last = _arrays.empty(n_customers * k, "int64")
        _capi.co_py_intents_per_customer(handle, data, offsets, customer, day, n_customers,
                                         answers.as_of, count, last)
        names = IntentRules._names(handle)
    return {name: (count[j::k], last[j::k]) for j, name in enumerate(names)}
