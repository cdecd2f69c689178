"""Dask collections given to the plain package's functions go to custorient.dask.

custorient never imports dask itself: an argument is recognised by its type's
module, and only then is custorient.dask (which imports dask) loaded. So
``custorient.nps(ddf["score"])`` or ``BetaGeoFitter().fit(s.frequency, ...)`` on
Dask Series work where dask is installed, and the package works without it.
"""

import functools
import importlib


def is_dask(value):
    """True for a Dask collection (DataFrame, Series, Array...), by its type's module."""
    return type(value).__module__.split(".", 1)[0] == "dask"


def any_dask(args, kwargs):
    """True when any positional or keyword argument is a Dask collection."""
    return any(is_dask(v) for v in args) or any(is_dask(v) for v in kwargs.values())


def engine():
    """The custorient.dask module, imported on first use."""
    return importlib.import_module("custorient.dask")


def accepts_dask(handler):
    """Decorate a function or method: called with a Dask argument, it runs
    ``custorient.dask.<handler>(original, *args, **kwargs)`` instead."""
    def decorate(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            if any_dask(args, kwargs):
                return getattr(engine(), handler)(fn, *args, **kwargs)
            return fn(*args, **kwargs)
        return wrapper
    return decorate
