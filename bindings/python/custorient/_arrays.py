"""Turning Python inputs into the C-contiguous buffers the C layer reads.

numpy arrays, array.array and memoryview pass through without a copy when
they already have the right element type; other sequences are converted
once. numpy is used for results when it is installed, array.array otherwise.
"""

from array import array

try:
    import numpy as _np
except ImportError:  # numpy is optional at run time
    _np = None

_TYPECODES = {"float64": "d", "uint8": "B", "int32": "i", "int64": "q", "uint64": "Q"}
_NUMPY_TYPES = {"float64": "f8", "uint8": "u1", "int32": "i4", "int64": "i8", "uint64": "u8"}


def _matches(view, dtype):
    code = view.format.lstrip("@=<")
    want = _TYPECODES[dtype]
    if dtype == "int64":
        return code in ("q", "l") and view.itemsize == 8
    if dtype == "uint64":
        return code in ("Q", "L") and view.itemsize == 8
    return code == want


def as_buffer(values, dtype="float64", name="values"):
    """Return a C-contiguous buffer of `dtype` holding `values`, copying only if needed."""
    if values is None:
        raise TypeError("%s must not be None" % name)
    try:
        view = memoryview(values)
    except TypeError:
        view = None
    if view is not None and view.c_contiguous and _matches(view, dtype) and view.ndim <= 1:
        return values
    if _np is not None:
        return _np.ascontiguousarray(values, dtype=_NUMPY_TYPES[dtype]).reshape(-1)
    if isinstance(values, (int, float)):
        values = [values]
    return array(_TYPECODES[dtype], values)


def length(buf):
    """Number of elements in a buffer returned by as_buffer()."""
    return len(memoryview(buf).cast("B")) // memoryview(buf).itemsize


def empty(n, dtype="float64"):
    """A new writable array of n elements (numpy when available)."""
    if _np is not None:
        return _np.zeros(n, dtype=_NUMPY_TYPES[dtype])
    return array(_TYPECODES[dtype], bytes(8 * n if dtype != "uint8" else n))[:n]


def same_length(name_a, a, name_b, b):
    """Raise ValueError unless buffers a and b have the same number of elements."""
    if length(a) != length(b):
        raise ValueError("%s and %s must have the same length (%d != %d)"
                         % (name_a, name_b, length(a), length(b)))
