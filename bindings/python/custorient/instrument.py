"""Multi-item Likert survey instruments: scoring and Cronbach's alpha."""

import collections

from . import _arrays
from . import capi as _capi
from ._handle import Owned
from ._paths import fspath

__all__ = ["Instrument", "InstrumentItem", "Subscale", "cronbach_alpha"]

InstrumentItem = collections.namedtuple("InstrumentItem", "id text reversed")
InstrumentItem.__doc__ = """An item: its id, its text, and whether it is reverse-scored."""
Subscale = collections.namedtuple("Subscale", "id title aggregate items")
Subscale.__doc__ = """A subscale: aggregate is "mean" or "sum"; items are item ids."""


def _matrix(answers, columns, name):
    """A flat float64 buffer of a respondents x columns matrix and its row count."""
    np = _arrays._np
    if np is not None:
        arr = np.asarray(answers, dtype="f8")
        if arr.ndim == 1:
            arr = arr.reshape(1, -1) if arr.size == columns else arr
        if arr.ndim != 2 or arr.shape[1] != columns:
            raise ValueError("%s must have %d columns, got shape %s" % (name, columns, arr.shape))
        return _arrays.as_buffer(np.ascontiguousarray(arr), "float64", name), arr.shape[0]
    rows = [list(r) for r in answers]
    if any(len(r) != columns for r in rows):
        raise ValueError("every row of %s must have %d values" % (name, columns))
    return _arrays.as_buffer([v for r in rows for v in r], "float64", name), len(rows)


class Instrument(Owned):
    """A survey instrument: items on one scale grouped into subscales.

    Create with :meth:`builtin`, :meth:`parse` or :meth:`load`. Answers are a
    respondents x items matrix (NaN = missing), columns in item order.

    Threads: an instrument never changes, so any number of threads may score
    with it at once; close() waits for them, and later calls raise
    ValueError. An instrument cannot be copied or pickled (TypeError).
    """

    _what = "instrument"
    _copy_hint = ": parse or load the definition again"
    _free = staticmethod(_capi.co_instrument_free)

    def __init__(self, handle):
        self._own(handle)

    @classmethod
    def builtin(cls, name):
        """A built-in instrument: see :meth:`builtin_names`."""
        return cls(_capi.co_instrument_builtin(name))

    @staticmethod
    def builtin_names():
        """Names of the built-in instruments, for :meth:`builtin`."""
        return [_capi.co_instrument_get_builtin_name(i)
                for i in range(_capi.co_instrument_builtin_count())]

    @classmethod
    def parse(cls, text, source=None):
        """Parse a definition (str or bytes); ParseError names line and column."""
        return cls(_capi.co_instrument_parse(text, source))

    @classmethod
    def load(cls, path):
        """Read a definition file (path: str, bytes or os.PathLike)."""
        return cls(_capi.co_instrument_load(fspath(path)))

    @property
    def title(self):
        """The instrument's title."""
        return self._read(_capi.co_instrument_title)

    @property
    def scale(self):
        """(lowest, highest) answer."""
        return tuple(self._read(_capi.co_instrument_scale))

    @staticmethod
    def _items(handle):
        out = []
        for i in range(_capi.co_instrument_item_count(handle)):
            item = _capi.co_instrument_get_item(handle, i)  # text borrowed from the handle
            out.append(InstrumentItem(item.id, item.text, bool(item.reversed)))
        return out

    @property
    def items(self):
        """The items in answer-column order, as :class:`InstrumentItem`."""
        return self._read(self._items)

    @classmethod
    def _subscales(cls, handle):
        ids = [item.id for item in cls._items(handle)]
        out = []
        for s in range(_capi.co_instrument_subscale_count(handle)):
            sub = _capi.co_instrument_get_subscale(handle, s)
            out.append(Subscale(sub.id, sub.title, "mean" if sub.mean else "sum",
                                [ids[i] for i in _capi.co_py_subscale_items(handle, s)]))
        return out

    @property
    def subscales(self):
        """The subscales, as :class:`Subscale`."""
        return self._read(self._subscales)

    def score(self, answers):
        """Subscale scores: a respondents x subscales array (NaN where too few
        items were answered)."""
        with self._reading() as handle:
            k = _capi.co_instrument_item_count(handle)
            m = _capi.co_instrument_subscale_count(handle)
            buf, n = _matrix(answers, k, "answers")
            out = _arrays.empty(n * m, "float64")
            _capi.co_instrument_score(handle, buf, n, out)
        return out.reshape(n, m) if hasattr(out, "reshape") else out

    def alpha(self, answers, subscale):
        """Cronbach's alpha of a subscale (id or index) over complete respondents."""
        with self._reading() as handle:
            if isinstance(subscale, str):
                ids = [s.id for s in self._subscales(handle)]
                if subscale not in ids:
                    raise KeyError("no subscale %r (have %s)" % (subscale, ", ".join(ids)))
                subscale = ids.index(subscale)
            buf, n = _matrix(answers, _capi.co_instrument_item_count(handle), "answers")
            return _capi.co_instrument_alpha(handle, buf, n,
                                            _arrays.as_int(subscale, "uint64", "subscale"))

    def __repr__(self):
        return "Instrument(%r, %d items)" % (self.title, len(self.items))


def cronbach_alpha(matrix):
    """Cronbach's alpha of a respondents x items matrix (rows with NaN skipped)."""
    np = _arrays._np
    if np is not None:
        arr = np.asarray(matrix, dtype="f8")
        if arr.ndim != 2:
            raise ValueError("matrix must be 2-dimensional, got shape %s" % (arr.shape,))
        k = arr.shape[1]
    else:
        k = len(matrix[0])
    buf, n = _matrix(matrix, k, "matrix")
    return _capi.co_cronbach_alpha(buf, n, k)
