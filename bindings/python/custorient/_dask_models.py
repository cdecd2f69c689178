"""The fitters on Dask Series: a fit on the merged rows states of the partitions, or
on their summed log-likelihoods; predictions as lazy Dask Series (used by
custorient.dask)."""

import functools
import inspect

import numpy as np
import pandas as pd

from . import _dask_partials as parts
from ._dask_hook import is_dask


def _spend(fitter):
    return fitter._file_kind == "gammagamma"


def _columns(fit, self, args, kwargs):
    """(bound arguments, the Dask data columns in order, weights or None) of a fit call."""
    bound = inspect.signature(fit).bind(self, *args, **kwargs)
    named = bound.arguments
    names = [k for k, v in named.items() if is_dask(v) and k != "weights"]
    weights = named.get("weights")
    if weights is not None and not is_dask(weights):
        raise TypeError("weights must be a Dask Series like the other columns")
    if named.get("index") is not None:
        raise TypeError("index is not taken with Dask inputs: the fitted data are the "
                        "merged rows")
    if len(names) != (2 if _spend(self) else 3):
        raise TypeError("give every data column of the fit as a Dask Series")
    return bound, [named[k] for k in names], weights


def _state(spend, *part):
    """The library's rows state of one partition's columns (and weights)."""
    from .btyd_rows import BTYDRows  # pylint: disable=import-outside-toplevel
    n = 2 if spend else 3
    cols = [np.asarray(c, dtype=np.float64) for c in part[:n]]
    weights = np.asarray(part[n], dtype=np.float64) if len(part) > n else None
    build = BTYDRows.spend if spend else BTYDRows.purchases
    return build(*cols, weights=weights)


def _state_bytes(spend, *part):
    """The rows state of one partition as the bytes its worker sends."""
    return _state(spend, *part).to_bytes()


def _options(method, bound):
    """The fit's arguments that `method` (fit_rows, fit_distributed) takes too."""
    taken = inspect.signature(method).parameters
    return {k: v for k, v in bound.arguments.items() if k in taken and k != "self"}


def fit_rows(fit, self, *args, **kwargs):
    """fit(self, ...) on Dask Series: each partition's rows state (custorient.BTYDRows,
    shipped as its bytes), merged by the library in a tree on the workers, and one
    fit_rows() on the merged state: bit for bit the parameters fit() gives on the
    whole arrays in any order. Returns self."""
    bound, series, weights = _columns(fit, self, args, kwargs)
    spend = _spend(self)
    merged = parts.reduce(series + ([weights] if weights is not None else []),
                          functools.partial(_state_bytes, spend), parts.merge_bytes)
    return self.fit_rows(merged, **_options(self.fit_rows, bound))


def _loglik(state, kind, params):
    return state.loglik_gradient(kind, params)


def fit_partitioned(fitter, *columns, weights=None, client=None, **options):
    """See custorient.dask.fit_partitioned."""
    import dask  # pylint: disable=import-outside-toplevel
    from .btyd_rows import sum_loglik_gradients  # pylint: disable=import-outside-toplevel
    spend = _spend(fitter)
    if len(columns) != (2 if spend else 3) or not all(is_dask(c) for c in columns):
        raise TypeError("give every data column of the fit as a Dask Series")
    series = list(columns) + ([weights] if weights is not None else [])
    delayed = dask.delayed
    states = [delayed(_state, pure=True)(spend, *p) for p in parts.partitions(*series)]
    states = list((client.persist(states) if client is not None else dask.persist(*states)))
    totals = dask.compute(*[delayed(lambda s: s.totals(), pure=True)(s) for s in states])
    merged = totals[0]
    for t in totals[1:]:  # in partition order: the same sums on every run
        merged = merged.merge(t)
    kind = fitter._file_kind

    def loglik_sum(params):
        params = tuple(float(v) for v in params)
        return sum_loglik_gradients(dask.compute(
            *[delayed(_loglik, pure=True)(s, kind, params) for s in states]))

    return fitter.fit_distributed(merged, loglik_sum, **options)


def _light(model):
    """A copy of a fitted model that carries its parameters only (what a worker needs)."""
    if getattr(model, "_covariates", None) is not None:
        raise TypeError("predictions on Dask inputs take a model fitted without covariates")
    params = model.params_
    return type(model).from_params(**{k: float(params[k]) for k in model._param_names})


def _on_partition(method, model, name, spec, *values):
    """method(model, ...) on one partition's pandas objects; spec says where each
    argument goes (("arg", i) / ("kw", key)) and which come from `values`."""
    args, kwargs, it = list(spec[0]), dict(spec[1]), iter(values)
    for i, v in enumerate(args):
        if isinstance(v, _Slot):
            args[i] = next(it)
    for k, v in kwargs.items():
        if isinstance(v, _Slot):
            kwargs[k] = next(it)
    out = method(model, *args, **kwargs)
    index = next(v.index for v in values if isinstance(v, pd.Series))
    return pd.Series(np.asarray(out, dtype=np.float64), index=index, name=name)


class _Slot:
    def __repr__(self):
        return "<Dask argument>"


_DASK = _Slot()


def lazy_method(method, self, name, args, kwargs):
    """method(self, *args, **kwargs) over Dask Series as a lazy Dask Series, computed
    partition by partition with map_partitions (the model shipped as its parameters;
    a fitted model among the arguments as well)."""
    import dask.dataframe as dd  # pylint: disable=import-outside-toplevel
    from .btyd import _Fitter  # pylint: disable=import-outside-toplevel
    values = [v for v in args if is_dask(v)] + [v for v in kwargs.values() if is_dask(v)]
    if any(not isinstance(v, dd.Series) for v in values):
        raise TypeError("Dask inputs of a prediction must be Dask Series")
    args = [_DASK if is_dask(v) else _light(v) if isinstance(v, _Fitter) else v for v in args]
    kwargs = {k: _DASK if is_dask(v) else _light(v) if isinstance(v, _Fitter) else v
              for k, v in kwargs.items()}
    parts.partitions(*values)  # the same number of partitions, or a clear error
    meta = pd.Series([], dtype="float64", name=name, index=values[0]._meta.index)
    return dd.map_partitions(_on_partition, method, _light(self), name, (args, kwargs),
                             *values, meta=meta, align_dataframes=False)
