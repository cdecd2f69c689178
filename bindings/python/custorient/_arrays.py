"""Turning Python inputs into the C-contiguous buffers the C layer reads.

numpy arrays, array.array and memoryview pass through without a copy when
they already have the right element type; other sequences are converted
once. numpy is used for results when it is installed, array.array otherwise.

Integers are converted here and nowhere else (as_buffer() for arrays,
as_int() for single values): a value that is not a whole number (4.7, NaN)
or lies outside the C type's range (2**32 + 5 for an int32, 256 for a uint8
flag) raises RangeError naming the argument and the index, instead of being
truncated or wrapped around by the cast. Whole-valued floats (4.0) and bools
are accepted.
"""

import numbers
import operator
from array import array

from ._errors import RangeError

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


# Inclusive ranges of the integer element types.
_LIMITS = {"uint8": (0, 2**8 - 1), "int32": (-2**31, 2**31 - 1), "int64": (-2**63, 2**63 - 1),
           "uint64": (0, 2**64 - 1)}


def _bad_int(name, index, value, dtype):
    lo, hi = _LIMITS[dtype]
    where = name if index is None else "%s[%d]" % (name, index)
    if isinstance(value, float) and not value.is_integer():
        return RangeError("%s = %r is not a whole number" % (where, value))
    return RangeError("%s = %r is outside the %s range %d..%d" % (where, value, dtype, lo, hi))


def as_int(value, dtype="int64", name="value"):
    """`value` as a Python int that fits the C type `dtype` (see the module
    docstring); TypeError for a value that is not a number."""
    lo, hi = _LIMITS[dtype]
    try:
        number = operator.index(value)
    except TypeError:
        if not isinstance(value, numbers.Real):
            raise TypeError("%s must be an integer, not %s"
                            % (name, type(value).__name__)) from None
        number = float(value)
        if not number.is_integer():
            raise _bad_int(name, None, number, dtype) from None
    if not lo <= number <= hi:
        raise _bad_int(name, None, number, dtype)
    return int(number)


def _checked_ints_numpy(values, dtype, name):
    np = _np
    arr = np.asarray(values)
    flat = arr.reshape(-1)
    lo, hi = _LIMITS[dtype]
    if arr.dtype.kind == "b":
        return flat.astype(_NUMPY_TYPES[dtype])
    if arr.dtype.kind in "iu":
        if flat.size and (int(flat.min()) < lo or int(flat.max()) > hi):
            i = int(np.argmax((flat < lo) | (flat > hi)))
            raise _bad_int(name, i, flat[i].item(), dtype)
        return flat.astype(_NUMPY_TYPES[dtype])
    if arr.dtype.kind == "f":
        # lo and hi + 1 are powers of two (or 0), exact as doubles.
        ok = np.isfinite(flat) & (flat == np.floor(flat)) & (flat >= lo) & (flat < float(hi + 1))
        if not ok.all():
            i = int(np.argmin(ok))
            raise _bad_int(name, i, flat[i].item(), dtype)
        return flat.astype(_NUMPY_TYPES[dtype])
    if arr.dtype.kind == "O":  # Python ints too large for numpy, or mixed objects
        return np.array(_checked_ints_python(flat.tolist(), dtype, name),
                        dtype=_NUMPY_TYPES[dtype])
    raise TypeError("%s must be integers, got dtype %s" % (name, arr.dtype))


def _checked_ints_python(values, dtype, name):
    if isinstance(values, (int, float)):
        values = [values]
    return [as_int(value, dtype, "%s[%d]" % (name, i)) for i, value in enumerate(values)]


def as_buffer(values, dtype="float64", name="values"):
    """Return a C-contiguous buffer of `dtype` holding `values`, copying only
    if needed. For an integer `dtype`, RangeError if a value would not convert
    exactly (see the module docstring)."""
    if values is None:
        raise TypeError("%s must not be None" % name)
    try:
        view = memoryview(values)
    except TypeError:
        view = None
    if view is not None and view.c_contiguous and _matches(view, dtype) and view.ndim <= 1:
        return values
    if dtype in _LIMITS:
        if _np is not None:
            return _np.ascontiguousarray(_checked_ints_numpy(values, dtype, name))
        return array(_TYPECODES[dtype], _checked_ints_python(values, dtype, name))
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
