"""The fitters on Dask Series: a fit on the merged compressed rows, predictions as lazy
Dask Series (used by custorient.dask)."""

import inspect

import numpy as np
import pandas as pd

from . import _dask_partials as parts
from ._dask_hook import is_dask


def fit_rows(fit, self, *args, **kwargs):
    """fit(self, ...) with the Dask Series among its arguments replaced by their distinct
    rows: every Dask argument but `weights` is a column of the rows, `weights` (Dask or
    not given) is summed per row. The rows are ordered as one pass over the data
    sorted by the Series' index first meets them, so the fit is the one a single
    process makes on that sorted data. Returns self."""
    bound = inspect.signature(fit).bind(self, *args, **kwargs)
    named = bound.arguments
    weights = named.get("weights")
    columns = [k for k, v in named.items() if is_dask(v) and k != "weights"]
    if weights is not None and not is_dask(weights):
        raise TypeError("weights must be a Dask Series like the other columns")
    if named.get("index") is not None:
        raise TypeError("index is not taken with Dask inputs: the fitted data are the "
                        "merged rows")
    series = [named[k] for k in columns] + ([weights] if weights is not None else [])
    has_w = weights is not None

    def state(*part):
        return parts.rows_state(*part[:len(columns)], weights=part[-1] if has_w else None)

    cols, w = parts.rows_ordered(parts.reduce(series, state, parts.rows_merge))
    for k, values in zip(columns, cols):
        named[k] = values
    named["weights"] = w
    return fit(*bound.args, **bound.kwargs)


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
