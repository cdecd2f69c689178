"""The purchase and spend models' data as mergeable partial states.

A :class:`BTYDRows` holds the distinct customer histories of a data set and how
many customers each stands for: (frequency, recency, T) for the purchase models,
(frequency, monetary value) for Gamma-Gamma. States built on parts of the data
(partitions, files, workers) and merged in any order give, bit for bit, the state
of the whole, and every fitter's ``fit_rows()`` gives from it the parameters its
``fit()`` gives on the whole arrays. States pickle (and ship) as their bytes.

When even the distinct rows are too many for one process, each partition
evaluates :meth:`BTYDRows.loglik_gradient` and a fitter's ``fit_distributed()``
runs only the optimiser, calling a function that sums the partitions' values.
"""

from array import array

from . import capi as _capi
from . import _arrays
from ._handle import Owned
from ._model_file import _KINDS

__all__ = ["BTYDRows", "RowsTotals", "sum_loglik_gradients", "model_kind"]

_TOTAL_FIELDS = ("kind", "inputs", "weight", "repeat_weight", "weighted_x", "weighted_value",
                 "max_T")


def _buffers(**named):
    """float64 buffers of one common length (None passes through)."""
    bufs = {k: None if v is None else _arrays.as_buffer(v, "float64", k)
            for k, v in named.items()}
    lengths = {k: _arrays.length(b) for k, b in bufs.items() if b is not None}
    if len(set(lengths.values())) > 1:
        raise ValueError("inputs differ in length (%s)"
                         % ", ".join("%s has %d values" % kv for kv in lengths.items()))
    return next(iter(lengths.values()), 0), bufs


def model_kind(model):
    """The C model kind of a fitter (class or instance) or of a model-file kind name
    ("bgnbd", "paretonbd", "mbgnbd", "bgbb", "gammagamma")."""
    name = model if isinstance(model, str) else getattr(model, "_file_kind", None)
    if name not in _KINDS or name == "sbg":
        raise ValueError("not a purchase or spend model: %r" % (model,))
    return _KINDS[name]


class BTYDRows(Owned):
    """Distinct customer histories with the number of customers each stands for.

    Build with :meth:`purchases` or :meth:`spend`, combine with :meth:`merge`,
    ship with :meth:`to_bytes` / :meth:`from_bytes` (or pickle, which uses them).
    ``len()`` is the number of distinct rows. Weights are whole numbers (customers).

    Threads: any number of threads may read one state; :meth:`merge` waits for them.
    """

    _what = "rows state"
    _free = staticmethod(_capi.co_btyd_rows_free)

    def __init__(self, handle):
        """Own a C state; use :meth:`purchases`, :meth:`spend` or :meth:`from_bytes`."""
        self._own(handle)

    @classmethod
    def purchases(cls, frequency, recency, T, weights=None):
        """The state of customers' (frequency, recency, T) in the fitters' time unit
        (for the BG/BB, T is the number of opportunities); `weights`: customers per row,
        whole numbers (0 drops a row). Raises InvalidArgumentError naming the first bad
        index, as the fits do."""
        n, b = _buffers(frequency=frequency, recency=recency, T=T, weights=weights)
        return cls(_capi.co_py_rows_build(0, b["frequency"], b["recency"], b["T"],
                                          b["weights"]))

    @classmethod
    def spend(cls, frequency, monetary_value, weights=None):
        """The state of customers' (frequency, mean spend per repeat purchase) for
        Gamma-Gamma; weights as in :meth:`purchases`."""
        n, b = _buffers(frequency=frequency, monetary_value=monetary_value, weights=weights)
        return cls(_capi.co_py_rows_build(1, b["frequency"], b["monetary_value"], None,
                                          b["weights"]))

    @classmethod
    def from_bytes(cls, data):
        """A state from :meth:`to_bytes`; CorruptError for damaged bytes,
        InvalidArgumentError for another kind of partial state."""
        return cls(_capi.co_btyd_rows_deserialize(bytes(data)))

    def to_bytes(self):
        """The state as bytes (docs/formats.md), exactly: from_bytes() gives it back."""
        return self._read(_capi.co_py_rows_serialize)

    def __reduce__(self):
        return (BTYDRows.from_bytes, (self.to_bytes(),))

    def __reduce_ex__(self, protocol):
        return self.__reduce__()

    def __copy__(self):
        return BTYDRows.from_bytes(self.to_bytes())

    def __deepcopy__(self, memo):
        return self.__copy__()

    def merge(self, other):
        """Add `other`'s rows to this state (identical rows add their weights) and
        return self. Any order and grouping of merges gives the same state, bit for bit.
        InvalidArgumentError for a purchases state and a spend state."""
        if not isinstance(other, BTYDRows):
            raise TypeError("merge() takes a BTYDRows, not %s" % type(other).__name__)
        if other is self:
            with self._writing() as h:
                _capi.co_btyd_rows_merge(h, h)
            return self
        # Both locks in one global order (by id), so that a.merge(b) and b.merge(a) in
        # two threads cannot wait for each other.
        if id(self) < id(other):
            with self._writing() as h, other._reading() as o:
                _capi.co_btyd_rows_merge(h, o)
        else:
            with other._reading() as o, self._writing() as h:
                _capi.co_btyd_rows_merge(h, o)
        return self

    @classmethod
    def merge_all(cls, states):
        """A new state merging `states` (an iterable of BTYDRows or their bytes), which
        are left as they were."""
        out = None
        for s in states:
            s = s if isinstance(s, BTYDRows) else cls.from_bytes(s)
            if out is None:
                out = s.__copy__()
            else:
                out.merge(s)
        if out is None:
            raise ValueError("merge_all() needs at least one state")
        return out

    @property
    def kind(self):
        """"purchases" or "spend"."""
        k = self._read(_capi.co_py_rows_kind)
        return "spend" if k == _capi.CO_BTYD_ROWS_SPEND else "purchases"

    def __len__(self):
        return self._read(_capi.co_btyd_rows_count)

    def columns(self):
        """The rows as a dict of arrays in the state's order: frequency, recency, T
        and weights (purchases), or frequency, monetary_value and weights (spend)."""
        with self._reading() as h:
            n = _capi.co_btyd_rows_count(h)
            x, tx, T, w = (_arrays.empty(n) for _ in range(4))
            _capi.co_py_rows_columns(h, x, tx, T, w)
        if self.kind == "spend":
            return {"frequency": x, "monetary_value": tx, "weights": w}
        return {"frequency": x, "recency": tx, "T": T, "weights": w}

    def totals(self):
        """The sums a distributed fit needs besides the likelihood (:class:`RowsTotals`)."""
        out = array("d", [0.0] * 7)
        self._read(_capi.co_py_rows_totals, out)
        return RowsTotals(*out)

    def loglik_gradient(self, model, params):
        """(log-likelihood, gradient in the log-parameters) of these rows under `model`
        (a fitter or a kind name, see :func:`model_kind`) at natural parameters `params`
        (a sequence in the model's order, or a dict). An empty state gives (0, zeros)."""
        kind = model_kind(model)
        k = _capi.co_py_model_param_count(kind)
        if hasattr(params, "keys"):
            params = [params[_capi.co_py_model_param_name(kind, i)] for i in range(k)]
        p = array("d", [float(v) for v in params])
        if len(p) != k:
            raise ValueError("%d parameters needed, got %d" % (k, len(p)))
        out = array("d", [0.0] * (k + 1))
        self._read(_capi.co_py_rows_loglik_gradient, kind, p, out)
        return out[0], list(out[1:])

    def __repr__(self):
        if self._ptr is None:
            return "<custorient.BTYDRows: closed>"
        return "<custorient.BTYDRows: %s, %d distinct rows>" % (self.kind, len(self))


class RowsTotals:
    """Sums over a rows state that a fit needs for its start and penalty: input
    customers, total weight, weight of repeat customers, weighted frequency, weighted
    T (purchases) or mean spend (spend), the largest T. Merge partitions' totals with
    :meth:`merge` in partition order. Plain numbers: pickles as it is."""

    __slots__ = _TOTAL_FIELDS

    def __init__(self, kind, inputs, weight, repeat_weight, weighted_x, weighted_value, max_T):
        self.kind, self.inputs, self.weight = int(kind), int(inputs), float(weight)
        self.repeat_weight, self.weighted_x = float(repeat_weight), float(weighted_x)
        self.weighted_value, self.max_T = float(weighted_value), float(max_T)

    def merge(self, other):
        """Add `other` (of the same kind) to these totals; returns self."""
        if self.kind != other.kind:
            raise ValueError("totals of a purchases state and of a spend state")
        self.inputs += other.inputs
        self.weight += other.weight
        self.repeat_weight += other.repeat_weight
        self.weighted_x += other.weighted_x
        self.weighted_value += other.weighted_value
        self.max_T = max(self.max_T, other.max_T)
        return self

    def __getstate__(self):
        return tuple(getattr(self, k) for k in _TOTAL_FIELDS)

    def __setstate__(self, state):
        RowsTotals.__init__(self, *state)

    def _values(self):
        return array("d", [float(getattr(self, k)) for k in _TOTAL_FIELDS])

    def __repr__(self):
        return "RowsTotals(%s)" % ", ".join("%s=%r" % (k, getattr(self, k))
                                            for k in _TOTAL_FIELDS)


def sum_loglik_gradients(results):
    """Add partitions' (log-likelihood, gradient) pairs in the order given (the
    partition order), as a distributed fit's sum needs them."""
    total, grad = 0.0, None
    for ll, g in results:
        total += ll
        grad = list(g) if grad is None else [a + b for a, b in zip(grad, g)]
    if grad is None:
        raise ValueError("no partition results")
    return total, grad
