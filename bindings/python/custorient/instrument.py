"""Multi-item Likert survey instruments: scoring and Cronbach's alpha."""

import collections

from . import _arrays
from . import capi as _capi
from ._owned import Owned
from ._paths import fspath

__all__ = ["Instrument", "InstrumentItem", "Subscale", "cronbach_alpha"]

InstrumentItem = collections.namedtuple("InstrumentItem", "id text reversed")
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
    """

    _what = "instrument"
    _free = staticmethod(_capi.co_instrument_free)

    def __init__(self, handle):
        self._own(handle)

    @classmethod
    def builtin(cls, name):
        """A built-in instrument: see :meth:`builtin_names`."""
        return cls(_capi.co_instrument_builtin(name))

    @staticmethod
    def builtin_names():
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
        return _capi.co_instrument_title(self._handle)

    @property
    def scale(self):
        """(lowest, highest) answer."""
        return tuple(_capi.co_instrument_scale(self._handle))

    @property
    def items(self):
        out = []
        for i in range(_capi.co_instrument_item_count(self._handle)):
            item = _capi.co_instrument_get_item(self._handle, i)
            out.append(InstrumentItem(item.id, item.text, bool(item.reversed)))
        return out

    @property
    def subscales(self):
        ids = [item.id for item in self.items]
        out = []
        for s in range(_capi.co_instrument_subscale_count(self._handle)):
            sub = _capi.co_instrument_get_subscale(self._handle, s)
            out.append(Subscale(sub.id, sub.title, "mean" if sub.mean else "sum",
                                [ids[i] for i in _capi.co_py_subscale_items(self._handle, s)]))
        return out

    def score(self, answers):
        """Subscale scores: a respondents x subscales array (NaN where too few
        items were answered)."""
        k = _capi.co_instrument_item_count(self._handle)
        m = _capi.co_instrument_subscale_count(self._handle)
        buf, n = _matrix(answers, k, "answers")
        out = _arrays.empty(n * m, "float64")
        _capi.co_instrument_score(self._handle, buf, n, out)
        return out.reshape(n, m) if hasattr(out, "reshape") else out

    def alpha(self, answers, subscale):
        """Cronbach's alpha of a subscale (id or index) over complete respondents."""
        if isinstance(subscale, str):
            ids = [s.id for s in self.subscales]
            if subscale not in ids:
                raise KeyError("no subscale %r (have %s)" % (subscale, ", ".join(ids)))
            subscale = ids.index(subscale)
        buf, n = _matrix(answers, _capi.co_instrument_item_count(self._handle), "answers")
        return _capi.co_instrument_alpha(self._handle, buf, n,
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
