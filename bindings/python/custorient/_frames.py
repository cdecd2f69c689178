"""pandas in, pandas out for the fitters' predictions, as lifetimes users expect.

A prediction given a pandas Series returns a Series with that Series' index
(the first Series among the arguments); given only scalars it returns a
float; given a Dask Series, a lazy Dask Series (custorient.dask); otherwise the array the method computed. Fitted parameters are a
pandas Series when pandas is installed, a dict otherwise. pandas is imported
only when it is installed and needed: the package works without it.
"""

import functools
import numbers

from ._dask_hook import any_dask, engine

__all__ = ["pandas_io", "params"]


def _pandas():
    try:
        import pandas
    except ImportError:
        return None
    return pandas


def _is_series(value):
    # By the type's module, so that no argument makes us import pandas.
    return type(value).__module__.startswith("pandas") and hasattr(value, "index") \
        and getattr(value, "ndim", 0) == 1


def _is_scalar(value):
    return isinstance(value, numbers.Number) or getattr(value, "ndim", None) == 0


def _data(args, kwargs):
    """The numeric arguments of a call (a fitted model, a freq string are not data)."""
    values = list(args) + list(kwargs.values())
    return [v for v in values if _is_scalar(v) or _is_series(v) or hasattr(v, "__len__")
            and not isinstance(v, str)]


def shape_like(out, data, name=None):
    """`out` (an array) shaped as the inputs `data` ask: see the module docstring."""
    series = next((v for v in data if _is_series(v)), None)
    if series is not None and len(series) == len(out):
        return _pandas().Series(out, index=series.index, name=name)
    if data and all(_is_scalar(v) for v in data) and len(out) == 1:
        return float(out[0])
    return out


def pandas_io(cls, *methods, names=None):
    """Wrap the named methods of cls with shape_like(); names maps a method to the
    name of the Series it returns."""
    names = names or {}
    for method_name in methods:
        method = getattr(cls, method_name)

        def wrapper(self, *args, _method=method, _name=names.get(method_name), **kwargs):
            if any_dask(args, kwargs):  # a lazy Dask Series (custorient.dask)
                return engine()._lazy_method(_method, self, _name, args, kwargs)
            return shape_like(_method(self, *args, **kwargs), _data(args, kwargs), _name)

        setattr(cls, method_name, functools.wraps(method)(wrapper))


_PARAM_INDEX = {}  # names -> their pandas Index (immutable), made once


def params(names, values):
    """Fitted parameters: a float Series indexed by names, or a dict without pandas."""
    values = [float(v) for v in values]
    pd = _pandas()
    if pd is None:
        return dict(zip(names, values))
    index = _PARAM_INDEX.get(tuple(names))
    if index is None:
        index = _PARAM_INDEX[tuple(names)] = pd.Index(list(names))
    import numpy  # pylint: disable=import-outside-toplevel  (pandas needs it: present)
    # From a float64 array: from a list pandas takes about 0.1 ms more to infer the type.
    # The index is copied: a name set on one Series stays there.
    return pd.Series(numpy.array(values, dtype=float), index=index.copy())
