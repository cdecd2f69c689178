"""save_model() / load_model() of the fitters, through the C library's model files
(custorient/model_io.h, docs/model-file.md), so that Python and C read and write
the same files.

A fitter class that mixes in SavableModel names its ``_file_kind`` and implements
``_file_state()`` (what to write) and ``_file_restore(state)`` (what was read).
"""

import math
from array import array

from . import capi as _capi
from . import _arrays
from ._paths import fspath

_KINDS = {"bgnbd": _capi.CO_MODEL_BGNBD, "paretonbd": _capi.CO_MODEL_PARETONBD,
          "gammagamma": _capi.CO_MODEL_GAMMAGAMMA, "sbg": _capi.CO_MODEL_SBG,
          "mbgnbd": _capi.CO_MODEL_MBGNBD, "bgbb": _capi.CO_MODEL_BGBB}
_BY_CODE = {code: name for name, code in _KINDS.items()}
_HEADER = 4 + 4 + 8 + 64


def _known(value):
    return float("nan") if value is None else float(value)


def _unknown(value):
    return None if math.isnan(value) else value


class ModelState:
    """What a model file holds: kind, parameters in the kind's order, fit figures
    (None when unknown), variance (lists of floats over the parameters and then the
    coefficients, or None), data (a dict of column name to array of float, or None)
    and coefficients (a covariate fit's (process, covariate, value) in the order of
    its parameter vector, or None)."""

    def __init__(self, kind, params, log_likelihood=None, n_observations=None,
                 iterations=None, penalizer=None, variance=None, data=None,
                 coefficients=None):
        self.kind, self.params = kind, [float(p) for p in params]
        self.log_likelihood, self.n_observations = log_likelihood, n_observations
        self.iterations, self.penalizer = iterations, penalizer
        self.variance, self.data = variance, data
        self.coefficients = [(str(p), str(c), float(v)) for p, c, v in coefficients or ()]


def save(path, state):
    """Write `state` (a ModelState) to `path` with co_model_save()."""
    k = len(state.params) + len(state.coefficients)
    figures = array("d", [_known(state.log_likelihood), _known(state.n_observations),
                          _known(state.iterations), _known(state.penalizer)])
    variance = None
    if state.variance is not None:
        variance = array("d", [float(v) for row in state.variance for v in row])
        if len(variance) != k * k:
            raise ValueError("variance must be %d x %d" % (k, k))
    names, values = b"", array("d")
    for process, covariate, _ in state.coefficients:
        names += process.encode("utf-8") + b"\0" + covariate.encode("utf-8") + b"\0"
    coefs = array("d", [v for _, _, v in state.coefficients])
    for name, column in (state.data or {}).items():
        buf = _arrays.as_buffer(column, "float64", name)
        names += name.encode("utf-8") + b"\0"
        values.extend(memoryview(buf).cast("B").cast("d"))
    _capi.co_py_model_save(fspath(path), _KINDS[state.kind], array("d", state.params),
                           figures, variance, names, values, len(coefs),
                           coefs if coefs else None)


def load(path):
    """Read a model file with co_model_load(): a ModelState."""
    model = _capi.co_model_load(fspath(path))
    try:
        head = array("d", [0.0] * _HEADER)
        _capi.co_py_model_header(model, head)
        kind = _BY_CODE[int(head[0])]
        k = {"bgnbd": 4, "paretonbd": 4, "gammagamma": 3, "sbg": 2, "mbgnbd": 4,
             "bgbb": 4}[kind]
        columns, rows = int(head[2]), int(head[3])
        data = None
        if columns:
            data = {}
            for c in range(columns):
                values = array("d", [0.0] * rows)
                _capi.co_py_model_column(model, c, values)
                data[_capi.co_py_model_column_name(model, c)] = values
        coefficients = [(_capi.co_py_model_coefficient_name(model, i, 0),
                         _capi.co_py_model_coefficient_name(model, i, 1),
                         _capi.co_py_model_coefficient(model, i))
                        for i in range(_capi.co_model_file_coefficient_count(model))]
        variance = None
        if head[1] and coefficients:
            side = k + len(coefficients)
            flat = array("d", [0.0] * (side * side))
            _capi.co_py_model_variance(model, side, flat)
            variance = [list(flat[i * side:(i + 1) * side]) for i in range(side)]
        elif head[1]:
            variance = [list(head[16 + i * k:16 + (i + 1) * k]) for i in range(k)]
        iterations = _unknown(head[6])
        return ModelState(kind, list(head[8:8 + k]), _unknown(head[4]), _unknown(head[5]),
                          None if iterations is None else int(iterations), _unknown(head[7]),
                          variance, data, coefficients)
    finally:
        _capi.co_model_file_free(model)


class SavableModel:
    """save_model() and load_model() with lifetimes' names over the C model files."""

    _file_kind = None

    def save_model(self, path, save_data=False, save_generate_data_method=True,
                   values_to_save=None):
        """Save the fitted model to `path` as a JSON model file (docs/model-file.md):
        parameters and fit figures, the variance matrix if it was computed, and the
        fitted data only when `save_data` is true. The file is replaced atomically.
        `save_generate_data_method` and `values_to_save` belong to lifetimes' pickle
        files and are accepted and ignored: generate_new_data() is a method here."""
        del save_generate_data_method, values_to_save
        save(path, self._file_state(bool(save_data)))

    def load_model(self, path):
        """Replace this fitter's state with the model saved in `path` (a model file of
        the same kind); returns self. Raises ValueError for a file of another kind."""
        state = load(path)
        if state.kind != self._file_kind:
            raise ValueError("%s holds a %s model, not a %s one" % (path, state.kind,
                                                                   self._file_kind))
        self._file_restore(state)
        return self
