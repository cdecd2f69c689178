"""Buy-till-you-die purchase models, the Gamma-Gamma spend model and CLV.

The classes follow the names and methods of the ``lifetimes`` package, the
uncertainty attributes included (``summary``, ``standard_errors_``,
``confidence_intervals_``, ``variance_matrix_``, ``aic_``, ``bic_``, computed on
first use; see custorient/_uncertainty.py)::

    bgf = BetaGeoFitter().fit(frequency, recency, T)
    bgf.conditional_expected_number_of_purchases_up_to_time(30, frequency, recency, T)
    ggf = GammaGammaFitter().fit(frequency[frequency > 0], monetary[frequency > 0])
    ggf.customer_lifetime_value(bgf, frequency, recency, T, monetary, time=12)

Inputs are scalars, sequences or buffers (numpy arrays pass without a copy);
scalars broadcast against arrays; results are arrays (numpy when installed),
a pandas Series with the input's index for a Series, a float for scalars
(custorient/_frames.py).
Times are in whatever unit the data use. Fits run without the GIL.
"""

import random
import warnings
from array import array

from . import capi as _capi
from . import _arrays
from . import _uncertainty
from . import _frames
from . import _model_file
from . import _covariate_models
from . import _covariates
from . import btyd_rows as _rows
from ._errors import ConvergenceError
from ._covariates import CoefficientsMixin, CovariateMixin
from ._dask_hook import accepts_dask

__all__ = ["BetaGeoFitter", "ParetoNBDFitter", "GammaGammaFitter"]

# lifetimes' customer_lifetime_value `freq` codes; the library knows each unit's length.
_UNITS = {"D": _capi.CO_UNIT_DAYS, "W": _capi.CO_UNIT_WEEKS, "M": _capi.CO_UNIT_MONTHS,
          "H": _capi.CO_UNIT_HOURS}


def _columns(**named):
    """Buffers of float64 of one common length; length-1 inputs broadcast, as in
    numpy (against empty inputs too, giving empty ones)."""
    bufs = {k: _arrays.as_buffer(v, "float64", k) for k, v in named.items()}
    lengths = {k: _arrays.length(b) for k, b in bufs.items()}
    other = {k: m for k, m in lengths.items() if m != 1}
    if len(set(other.values())) > 1:
        raise ValueError("inputs differ in length (%s): each needs the same number of "
                         "values, or a single value that applies to all"
                         % ", ".join("%s has %d values" % (k, m) for k, m in other.items()))
    n = next(iter(other.values()), 1)
    for k, b in bufs.items():
        if lengths[k] == n:
            continue
        value = memoryview(b).cast("B").cast("d")[0]
        bufs[k] = _arrays.as_buffer(array("d", [value]) * n, "float64", k)
    return n, bufs


def _purchase_band(model, what, estimate, variance, b, n, draws, level, seed, threads):
    """(lower, upper) of a purchase model's band for the n customers of columns b
    (frequency, recency, T, t) at parameters `estimate` with their `variance`."""
    lower, upper = _arrays.empty(n), _arrays.empty(n)
    _capi.co_py_purchase_band(
        model, what, array("d", estimate), array("d", [v for row in variance for v in row]),
        b["frequency"], b["recency"], b["T"], b["t"], _arrays.as_int(draws, "uint64", "draws"),
        float(level), _arrays.as_int(seed, "uint64", "seed"),
        _arrays.as_int(threads, "uint64", "threads"), lower, upper)
    return lower, upper


def _clv_band(model, purchase, spend, b, n, time, discount_rate, per_month, draws, level,
              seed, threads):
    """(lower, upper) of the CLV band for the n customers of columns b (frequency,
    recency, T, monetary_value); purchase and spend are (estimate, variance) pairs."""
    lower, upper = _arrays.empty(n), _arrays.empty(n)
    _capi.co_py_clv_band(
        model, array("d", purchase[0]), array("d", [v for row in purchase[1] for v in row]),
        array("d", spend[0]), array("d", [v for row in spend[1] for v in row]), b["frequency"],
        b["recency"], b["T"], b["monetary_value"], time, float(discount_rate), per_month,
        _arrays.as_int(draws, "uint64", "draws"), float(level),
        _arrays.as_int(seed, "uint64", "seed"), _arrays.as_int(threads, "uint64", "threads"),
        lower, upper)
    return lower, upper


def _params_buffer(values):
    return array("d", values)


def _fit_controls(names, initial_params, maxiter, max_iter, kwargs):
    """The optimiser's start (None or the model's parameters) and iteration limit from
    lifetimes' and this package's argument names."""
    covariates = sorted(k for k in kwargs if k.endswith("_covariates"))
    if covariates:
        # Only the BG/NBD and Pareto/NBD have covariate versions (custorient/_covariates.py).
        raise TypeError("this model takes no covariates: %s" % ", ".join(covariates))
    if kwargs:
        warnings.warn("ignored: %s (options of scipy's optimiser, which custorient does not "
                      "use)" % ", ".join(sorted(kwargs)), stacklevel=3)
    start = None
    if initial_params is not None:
        values = initial_params
        if hasattr(values, "keys"):
            values = [values[k] for k in names]
        start = array("d", [float(v) for v in values])
        if len(start) != len(names):
            raise ValueError("initial_params needs %d values (%s)"
                             % (len(names), ", ".join(names)))
    if maxiter is None:
        return start, _arrays.as_int(max_iter, "uint64", "max_iter")
    return start, _arrays.as_int(maxiter, "uint64", "maxiter")


def _column(buf):
    """A float64 buffer as a numpy array (a copy), or an array('d') without numpy."""
    try:
        import numpy  # pylint: disable=import-outside-toplevel
    except ImportError:
        return array("d", memoryview(buf).cast("B").cast("d"))
    return numpy.frombuffer(memoryview(buf).cast("B"), dtype=numpy.float64).copy()


def _data_frame(columns, index, whole=()):
    """The fitted data as lifetimes keeps it in `data`: a DataFrame (columns in the
    given order, those named in `whole` as integers) or, without pandas, a dict."""
    n = next(_arrays.length(v) for v in columns.values() if v is not None)
    cols = {k: _column(array("d", [1.0]) * n if v is None else v)  # None: weights of 1
            for k, v in columns.items()}
    try:
        import pandas  # pylint: disable=import-outside-toplevel
    except ImportError:
        return cols
    frame = pandas.DataFrame(cols, index=None if index is None else list(index))
    for k in whole:
        frame[k] = frame[k].astype("int64")
    return frame


class _Fitter(_uncertainty.UncertaintyMixin, _model_file.SavableModel):
    _param_names = ()
    _data_frame = None  # the fitted data, once built
    _data_parts = None  # or what builds it: (copied columns, index, whole columns)

    @property
    def data(self):
        """The fitted data, as lifetimes keeps them: a DataFrame (a dict without
        pandas), built from a copy of the fit's input at first use."""
        if self._data_parts is not None:
            self._data_frame = _data_frame(*self._data_parts)
            self._data_parts = None
        return self._data_frame

    @data.setter
    def data(self, value):
        self._data_frame, self._data_parts = value, None

    def __init__(self, penalizer_coef=0.0):
        self.penalizer_coef = float(penalizer_coef)
        self.params_ = None
        self.log_likelihood_ = None
        self.fit_info_ = None

    def _report(self, verbose):
        if verbose:
            info = self.fit_info_
            print("%s: converged after %d iterations (%d evaluations%s), log-likelihood %.6f"
                  % (type(self).__name__, info["iterations"], info["evaluations"],
                     ", Nelder-Mead fallback" if info["used_fallback"] else "",
                     self.log_likelihood_))

    def _file_state(self, save_data):
        self._require_fit()
        fit = self.fit_info_ or {}
        u = self._uncertainty
        variance = u.variance if isinstance(u, _uncertainty._Figures) else None
        data = None
        if save_data and self.data is not None:
            data = {k: self.data[k] for k in self._data_columns}
        return _model_file.ModelState(
            self._file_kind, [self.params_[k] for k in self._param_names], self.log_likelihood_,
            getattr(self, "_n_observations", None), fit.get("iterations"), self.penalizer_coef,
            variance, data, _covariates.file_coefficients(getattr(self, "_covariates", None)))

    def _file_restore(self, state):
        self.params_ = _frames.params(self._param_names, state.params)
        self.log_likelihood_ = state.log_likelihood
        self._n_observations = state.n_observations
        self.fit_info_ = None if state.iterations is None else {"iterations": state.iterations}
        if state.penalizer is not None:
            self.penalizer_coef = float(state.penalizer)
        self.data, self._uncertainty = None, None
        if state.data is not None and set(self._data_columns) <= set(state.data):
            cols = {k: state.data[k] for k in self._data_columns}
            self._keep_data(cols, None)
            self._uncertainty = self._pending_uncertainty(
                {k: _arrays.as_buffer(v, "float64", k) for k, v in cols.items()})
        elif state.variance is not None and not state.coefficients:
            self._uncertainty = _uncertainty.from_variance(
                self._param_names, state.params, state.variance, state.log_likelihood,
                state.n_observations)
        self._covariates = self._covariates_from_file(state) if state.coefficients else None

    def _covariates_from_file(self, state):
        """The covariate fit of a model file with coefficients (and its figures)."""
        raise ValueError("the %s model file holds coefficients, and %s takes no covariates"
                         % (state.kind, type(self).__name__))

    def _require_fit(self):
        if self.params_ is None:
            raise RuntimeError("call fit() first")
        return _params_buffer([self.params_[k] for k in self._param_names])

    def _store(self, params, info):
        self.params_ = _frames.params(self._param_names, params)
        self.log_likelihood_ = float(info[0])
        self.fit_info_ = {"iterations": int(info[1]), "evaluations": int(info[2]),
                          "distinct_rows": int(info[3]), "used_fallback": bool(info[4])}

    def fit_rows(self, rows, initial_params=None, verbose=False, tol=1e-7, maxiter=None,
                 max_iter=500, threads=1):
        """Fit to a :class:`~custorient.BTYDRows` state (the merged partial states of
        partitions): the parameters, bit for bit, that fit() gives on the arrays the
        state was built from. Arguments as in fit(). ``data`` then holds the distinct
        rows with their weights. Returns self."""
        return self._fit_rows(rows, None, initial_params, verbose, tol, maxiter, max_iter,
                              threads)

    def _fit_rows(self, rows, lower, initial_params, verbose, tol, maxiter, max_iter, threads):
        if not isinstance(rows, _rows.BTYDRows):
            raise TypeError("fit_rows() takes a BTYDRows, not %s" % type(rows).__name__)
        start, limit = _fit_controls(self._param_names, initial_params, maxiter, max_iter, {})
        params = array("d", [0.0] * len(self._param_names))
        info = array("d", [0.0] * 5)
        rows._read(_capi.co_py_rows_fit, _rows.model_kind(self), self.penalizer_coef, limit,
                   float(tol), start, lower, _arrays.as_int(threads, "uint64", "threads"),
                   params, info)
        self._store(params, info)
        cols, totals = rows.columns(), rows.totals()
        spend = rows.kind == "spend"
        order = (("frequency", "monetary_value", "weights") if spend
                 else ("frequency", "recency", "T", "weights"))
        # the fitter's names of the same columns (n_periods for the BG/BB)
        names = order if spend else self._data_columns
        b = {name: _arrays.as_buffer(cols[src], "float64", name)
             for name, src in zip(names, order)}
        self._n_observations = totals.repeat_weight if spend else totals.weight
        self._covariates = None
        self._keep_data(b, None)
        self._uncertainty = self._pending_uncertainty(b)
        self._report(verbose)
        return self

    def fit_distributed(self, totals, loglik_sum, initial_params=None, verbose=False,
                        tol=1e-7, maxiter=None, max_iter=500):
        """Fit when the rows stay with their partitions: only the optimiser runs here.

        `totals`: the partitions' :meth:`BTYDRows.totals` merged in partition order
        (:class:`~custorient.RowsTotals`). `loglik_sum(params)`: called with the natural
        parameters (a tuple in the model's order), returns the (log-likelihood,
        gradient in log-parameters) summed over the partitions in a fixed order, each
        from :meth:`BTYDRows.loglik_gradient` (:func:`sum_loglik_gradients` adds
        them); raising ConvergenceError marks the point as unusable. The estimate equals
        fit_rows() on the merged rows to the precision `tol` asks for (1e-11: about
        1e-9 relative). ``data`` is None and there is no uncertainty (no rows here).
        Returns self."""
        return self._fit_distributed(totals, loglik_sum, None, initial_params, verbose, tol,
                                     maxiter, max_iter)

    def _fit_distributed(self, totals, loglik_sum, lower, initial_params, verbose, tol,
                         maxiter, max_iter):
        start, limit = _fit_controls(self._param_names, initial_params, maxiter, max_iter, {})
        kind = _rows.model_kind(self)

        def call(params):
            try:
                return loglik_sum(params)
            except ConvergenceError:
                return None

        params = array("d", [0.0] * len(self._param_names))
        info = array("d", [0.0] * 5)
        _capi.co_py_fit_distributed(kind, totals._values(), call, self.penalizer_coef, limit,
                                    float(tol), start, lower, params, info)
        self._store(params, info)
        self._n_observations = totals.repeat_weight if kind == _capi.CO_MODEL_GAMMAGAMMA \
            else totals.weight
        self._covariates = None
        self.data, self._uncertainty = None, None
        self._report(verbose)
        return self

    @classmethod
    def from_params(cls, **params):
        """A fitter with the given parameters, as if fitted (no log-likelihood)."""
        f = cls()
        missing = set(cls._param_names) - set(params)
        if missing:
            raise TypeError("missing parameters: %s" % ", ".join(sorted(missing)))
        f.params_ = _frames.params(cls._param_names, [params[k] for k in cls._param_names])
        return f

    def __repr__(self):
        # The peers' form: parameters in name order, two decimals.
        name = "custorient." + type(self).__name__
        if self.params_ is None:
            return "<%s: not fitted>" % name
        fitted = "" if self.data is None else "fitted with %d subjects, " % len(self.data)
        return "<%s: %s%s>" % (name, fitted, ", ".join(
            "%s: %.2f" % kv for kv in sorted(self.params_.items())))


class _PurchaseFitter(_Fitter):
    _model = None

    _data_columns = ("frequency", "recency", "T", "weights")

    @accepts_dask("_fit_rows")
    def fit(self, frequency, recency, T, weights=None, initial_params=None, verbose=False,
            tol=1e-7, index=None, maxiter=None, max_iter=500, threads=1, **kwargs):
        """Maximum-likelihood fit; identical customers are merged first. Returns self.
        Dask Series fit once on the rows merged over their partitions (custorient.dask).

        lifetimes' arguments: `weights` (customers per row), `initial_params` (the
        starting parameters in the model's order and the data's time unit; lifetimes
        takes them on its internal log and time scale), `verbose` (print the fit's
        iterations and log-likelihood), `tol` (gradient tolerance of the mean
        log-likelihood), `index` (the index of `data`), `maxiter` (alias `max_iter`).
        `threads`: threads the fit may use (1..256); the estimate is the same for any count.
        Other keyword arguments, scipy's optimiser options in lifetimes, are ignored
        with a warning. The fitted data are kept in `data`, as lifetimes keeps them.

        Raises InvalidArgumentError naming the first bad index, ConvergenceError
        when the optimiser does not converge.
        """
        start, limit = _fit_controls(self._param_names, initial_params, maxiter, max_iter,
                                     kwargs)
        cols = dict(frequency=frequency, recency=recency, T=T)
        if weights is not None:
            cols["weights"] = weights
        n, b = _columns(**cols)
        params, info = array("d", [0.0] * 4), array("d", [0.0] * 5)
        # The copies for `data` come first: made after the fit, they would fault in
        # the pages the fit's scratch had just given back.
        kept = self._copy_columns(b)
        _capi.co_py_purchase_fit(self._model, b["frequency"], b["recency"], b["T"],
                                 b.get("weights"), self.penalizer_coef, limit, float(tol), start,
                                 _arrays.as_int(threads, "uint64", "threads"),
                                 params, info)
        self._store(params, info)
        # without weights each row is one customer: no column of ones to make and add up
        self._n_observations = float(n) if "weights" not in b else \
            float(sum(memoryview(b["weights"]).cast("B").cast("d")))
        self._keep_copies(kept, index)
        self._uncertainty = self._pending_uncertainty(kept, owned=True, params=params)
        self._report(verbose)
        return self

    def _keep_data(self, b, index):
        """Keep private copies of the fitted columns for `data` (built on first use);
        returns them (weights None when the fit had none)."""
        return self._keep_copies(self._copy_columns(b), index)

    def _copy_columns(self, b):
        """Private copies of the fitted columns (weights None when the fit had none)."""
        return {k: _column(b[k]) if k in b else None for k in self._data_columns}

    def _keep_copies(self, kept, index):
        self._data_frame = None
        self._data_parts = (kept, None if index is None else list(index), ("frequency",))
        return kept

    def _pending_uncertainty(self, b, owned=False, params=None):
        if params is None:
            params = _params_buffer([self.params_[k] for k in self._param_names])
        return _uncertainty.pending(
            self._param_names, params, _capi.co_py_purchase_uncertainty, self._model, params,
            b["frequency"], b["recency"], b["T"], b.get("weights"), self.penalizer_coef,
            owned=owned)

    def _predict(self, what, frequency, recency=0.0, T=0.0, t=0.0):
        p = self._require_fit()
        n, b = _columns(frequency=frequency, recency=recency, T=T, t=t)
        out = _arrays.empty(n)
        _capi.co_py_purchase_predict(self._model, what, p, b["frequency"], b["recency"],
                                     b["T"], b["t"], out)
        return out

    def conditional_probability_alive(self, frequency, recency, T):
        """P(alive at T | frequency, recency, T) per customer."""
        return self._predict(_capi.CO_PY_ALIVE, frequency, recency, T)

    def _band(self, what, frequency, recency, T, t, draws, level, seed, threads):
        u = self._figures()
        n, b = _columns(frequency=frequency, recency=recency, T=T, t=t)
        return _purchase_band(self._model, what, u.estimate, u.variance, b, n, draws, level,
                              seed, threads)

    def conditional_probability_alive_band(self, frequency, recency, T, draws=2000,
                                           level=0.95, seed=1, threads=1):
        """(lower, upper): the central `level` band of P(alive) per customer over
        `draws` parameter sets drawn from the fit's asymptotic normal (log scale).
        It covers the estimation uncertainty of the parameters only. Seeded; the
        same for any number of threads."""
        return self._band(_capi.CO_PY_ALIVE, frequency, recency, T, 0.0, draws, level, seed,
                          threads)

    def conditional_expected_number_of_purchases_up_to_time_band(
            self, t, frequency, recency, T, draws=2000, level=0.95, seed=1, threads=1):
        """(lower, upper): the band of the expected purchases in the next t per customer
        under parameter uncertainty (not the spread of the purchase count itself); as
        conditional_probability_alive_band()."""
        return self._band(_capi.CO_PY_CONDITIONAL, frequency, recency, T, t, draws, level,
                          seed, threads)

    def expected_number_of_purchases_up_to_time(self, t):
        """E[purchases in (0, t]] for a new customer."""
        return self._predict(_capi.CO_PY_EXPECTED, 0.0, t=t)

    def conditional_expected_number_of_purchases_up_to_time(self, t, frequency, recency, T):
        """E[purchases in the next t | history] per customer."""
        return self._predict(_capi.CO_PY_CONDITIONAL, frequency, recency, T, t)

    def probability_of_n_purchases_up_to_time(self, t, n):
        """P(exactly n purchases in (0, t]) for a new customer."""
        return self._predict(_capi.CO_PY_PMF, n, t=t)

    def log_likelihood(self, frequency, recency, T):
        """Log-likelihood of data under the fitted parameters (a float)."""
        out = self._predict(_capi.CO_PY_LOGLIK, frequency, recency, T)
        return float(out[0])

    def simulate(self, T, seed=0):
        """Simulate customers observed for T each: returns (frequency, recency)."""
        p = self._require_fit()
        n, b = _columns(T=T)
        freq, rec = _arrays.empty(n), _arrays.empty(n)
        seed = _arrays.as_int(seed, "uint64", "seed")
        _capi.co_py_purchase_simulate(self._model, p, b["T"], seed, freq, rec)
        return freq, rec

    def generate_new_data(self, size=1, seed=None):
        """Simulate `size` customers from the fitted model, observed for the fitted data's
        T (the first `size` of them, repeated if needed), as lifetimes'
        generate_new_data: a DataFrame indexed by customer_id with frequency, recency,
        T, lambda (purchase rate), p (BG/NBD drop-out probability) or mu (Pareto/NBD
        drop-out rate) and alive (1 if alive at T). `seed` (default: a random one)
        makes it reproducible."""
        p = self._require_fit()
        if self.data is None:
            raise RuntimeError("generate_new_data() needs the fitted data: call fit() first")
        size = _arrays.as_int(size, "uint64", "size")
        ages = [float(v) for v in self.data["T"]]
        T = array("d", [ages[i % len(ages)] for i in range(size)])
        seed = random.getrandbits(64) if seed is None else _arrays.as_int(seed, "uint64", "seed")
        out = {k: _arrays.empty(size) for k in ("frequency", "recency", "lambda", "drop",
                                                 "alive")}
        _capi.co_py_purchase_simulate_latent(self._model, p, T, seed, out["frequency"],
                                             out["recency"], out["lambda"], out["drop"],
                                             out["alive"])
        cols = {"frequency": out["frequency"], "recency": out["recency"], "T": T,
                "lambda": out["lambda"], self._dropout_name: out["drop"], "alive": out["alive"]}
        frame = _data_frame(cols, None)
        if hasattr(frame, "index"):
            frame.index.name = "customer_id"
        return frame

    def conditional_probability_alive_matrix(self, max_frequency=None, max_recency=None):
        """P(alive) over a grid, as lifetimes: row recency t_x = 0..max_recency, column
        frequency x = 0..max_frequency, every customer of age T = max_recency. The
        defaults are the fitted data's largest frequency and T. Customers without a
        repeat purchase have recency 0 whatever the row (lifetimes evaluates the
        impossible pairs of x = 0 and t_x > 0 as given)."""
        self._require_fit()
        if (max_frequency is None or max_recency is None) and self.data is None:
            raise RuntimeError("give max_frequency and max_recency, or call fit() first")
        max_frequency = max_frequency or int(max(self.data["frequency"]))
        max_recency = max_recency or int(max(self.data["T"]))
        rows, cols = max_recency + 1, max_frequency + 1
        freq = array("d", [float(j) for i in range(rows) for j in range(cols)])
        rec = array("d", [float(i) if j else 0.0 for i in range(rows) for j in range(cols)])
        alive = self.conditional_probability_alive(freq, rec, float(max_recency))
        try:
            import numpy  # pylint: disable=import-outside-toplevel
        except ImportError:
            return [list(alive[i * cols:(i + 1) * cols]) for i in range(rows)]
        return numpy.asarray(alive, dtype=float).reshape(rows, cols)

class BetaGeoFitter(CovariateMixin, _PurchaseFitter):
    """BG/NBD model (Fader, Hardie & Lee 2005); params_ r, alpha, a, b."""
    _param_names = ("r", "alpha", "a", "b")
    _model = _capi.CO_PY_BGNBD
    _file_kind = "bgnbd"
    _dropout_name = "p"


class ParetoNBDFitter(CovariateMixin, _PurchaseFitter):
    """Pareto/NBD model (Schmittlein, Morrison & Colombo 1987); params_ r, alpha, s, beta."""
    _param_names = ("r", "alpha", "s", "beta")
    _model = _capi.CO_PY_PARETONBD
    _file_kind = "paretonbd"
    _dropout_name = "mu"

    def fit(self, frequency, recency, T, weights=None, iterative_fitting=1,
            initial_params=None, verbose=False, tol=1e-7, index=None, fit_method="Nelder-Mead",
            maxiter=None, max_iter=500, **kwargs):
        """Maximum-likelihood fit in lifetimes' argument order; see BetaGeoFitter.fit.

        `iterative_fitting` and `fit_method` are accepted for lifetimes' code and change
        nothing: the fit is deterministic (BFGS with analytic gradients, Nelder-Mead
        only as a fallback), so restarts from random points find the same optimum."""
        if _arrays.as_int(iterative_fitting, "int64", "iterative_fitting") <= 0:
            raise ValueError("iterative_fitting must be > 0, as in lifetimes")
        del fit_method
        # through CovariateMixin.fit, which takes the covariate arguments from kwargs
        return super().fit(frequency, recency, T, weights, initial_params, verbose, tol, index,
                           maxiter, max_iter, **kwargs)

    def conditional_probability_of_n_purchases_up_to_time(self, n, t, frequency, recency, T):
        """P(exactly n purchases in the next t | frequency, recency, T) per customer
        (lifetimes' method; Fader & Hardie's note 028). At t = 0 it is 1 for n = 0 and 0
        otherwise (lifetimes returns 0 for every n)."""
        p = self._require_fit()
        count, b = _columns(n=n, frequency=frequency, recency=recency, T=T, t=t)
        out = _arrays.empty(count)
        _capi.co_py_paretonbd_conditional_pmf(p, b["frequency"], b["recency"], b["T"], b["t"],
                                              b["n"], out)
        return out


class GammaGammaFitter(CoefficientsMixin, _Fitter):
    """Gamma-Gamma spend model (Fader & Hardie 2013); params_ p, q, v.

    With ``spend_covariates`` each customer has v_i = v exp(g . x_i), so exp(coef)
    multiplies the mean order value p v_i / (q - 1); ``coefficients_`` lists them as
    process ``spend``, ``params_`` the base values (covariates all 0)."""
    _param_names = ("p", "q", "v")
    _covariate_args = "spend_covariates"

    _file_kind = "gammagamma"
    _data_columns = ("monetary_value", "frequency", "weights")

    def _covariates_from_file(self, state):
        fitted = _covariates.restore(self, state, self._param_names, ("spend",), 3)
        fitted.x = None  # the fitted customers' covariates are not in the file
        return fitted

    @accepts_dask("_fit_rows")
    def fit(self, frequency, monetary_value, weights=None, initial_params=None, verbose=False,
            tol=1e-7, index=None, q_constraint=False, maxiter=None, max_iter=500,
            spend_covariates=None, equal_coefficients=None, **kwargs):
        """Fit on repeat customers (rows with frequency 0 are ignored). Returns self.

        lifetimes' arguments as in BetaGeoFitter.fit; `q_constraint` keeps q >= 1, as
        lifetimes does, so that the population mean spend p v / (q - 1) stays positive.
        spend_covariates: a DataFrame or 2-D array, one row per customer (v_i = v exp(g .
        x_i)); penalizer_coef is then an L2 penalty on g only; equal_coefficients: pairs
        of ("spend", covariate) keys held equal. Neither q_constraint nor initial_params
        is taken with covariates (the fit starts from the plain model's estimate).
        """
        start, limit = _fit_controls(self._param_names, initial_params, maxiter, max_iter,
                                     kwargs)
        self._covariates = None
        if spend_covariates is None and equal_coefficients:
            raise ValueError("equal_coefficients needs spend_covariates")
        if spend_covariates is not None and (q_constraint or start is not None):
            raise ValueError("q_constraint and initial_params are not taken with "
                             "spend_covariates")
        cols = dict(frequency=frequency, monetary_value=monetary_value)
        if weights is not None:
            cols["weights"] = weights
        n, b = _columns(**cols)
        if spend_covariates is not None:
            _covariate_models.fit_spend(self, b, spend_covariates, equal_coefficients, limit,
                                        tol)
        else:
            params, info = array("d", [0.0] * 3), array("d", [0.0] * 5)
            lower = array("d", [0.0, 1.0, 0.0]) if q_constraint else None
            _capi.co_py_gammagamma_fit(b["frequency"], b["monetary_value"], b.get("weights"),
                                       self.penalizer_coef, limit, float(tol), start, lower,
                                       params, info)
            self._store(params, info)
        if "weights" not in b:
            b["weights"] = _arrays.as_buffer(array("d", [1.0]) * n, "float64", "weights")
        freq = memoryview(b["frequency"]).cast("B").cast("d")
        w = memoryview(b["weights"]).cast("B").cast("d")
        self._n_observations = float(sum(wi for xi, wi in zip(freq, w) if xi > 0))
        self._keep_data(b, index)
        if spend_covariates is None:
            self._uncertainty = self._pending_uncertainty(b)
        self._report(verbose)
        return self

    def fit_rows(self, rows, initial_params=None, verbose=False, tol=1e-7, maxiter=None,
                 max_iter=500, threads=1, q_constraint=False):
        """Fit to a spend :class:`~custorient.BTYDRows` state: the parameters, bit for
        bit, that fit() gives on the arrays it was built from; `q_constraint` as in
        fit(). ``data`` then holds the distinct rows with their weights. Returns self."""
        return self._fit_rows(rows, array("d", [0.0, 1.0, 0.0]) if q_constraint else None,
                              initial_params, verbose, tol, maxiter, max_iter, threads)

    def fit_distributed(self, totals, loglik_sum, initial_params=None, verbose=False,
                        tol=1e-7, maxiter=None, max_iter=500, q_constraint=False):
        """As BetaGeoFitter.fit_distributed() on spend rows; `q_constraint` as in fit()."""
        return self._fit_distributed(totals, loglik_sum,
                                     array("d", [0.0, 1.0, 0.0]) if q_constraint else None,
                                     initial_params, verbose, tol, maxiter, max_iter)

    def _keep_data(self, b, index):
        self._data_frame = None
        self._data_parts = ({k: _column(b[k]) for k in self._data_columns},
                            None if index is None else list(index), ())

    def _pending_uncertainty(self, b):
        params = _params_buffer([self.params_[k] for k in self._param_names])
        return _uncertainty.pending(
            self._param_names, params, _capi.co_py_gammagamma_uncertainty, params,
            b["frequency"], b["monetary_value"], b.get("weights"), self.penalizer_coef)

    def conditional_expected_average_profit(self, frequency=None, monetary_value=None,
                                            spend_covariates=None):
        """E[mean order value | frequency, monetary_value] per customer; by default for
        the fitted data, as lifetimes. For a fit with spend_covariates, each customer's
        (by default the fitted customers')."""
        p = self._require_fit()
        state = self._covariates
        if frequency is None or monetary_value is None:
            if self.data is None:
                raise RuntimeError("give frequency and monetary_value, or call fit() first")
            if state is not None and state.x is not None and spend_covariates is None and \
                    frequency is None and monetary_value is None:
                spend_covariates = _covariates._rows_of(state.x, len(state.index()))
            frequency = self.data["frequency"] if frequency is None else frequency
            monetary_value = (self.data["monetary_value"] if monetary_value is None
                              else monetary_value)
        n, b = _columns(frequency=frequency, monetary_value=monetary_value)
        if state is not None:
            return _covariate_models.spend_expected(self, b, spend_covariates)
        if spend_covariates is not None:
            raise ValueError("spend_covariates given, but the model was fitted without them")
        out = _arrays.empty(n)
        _capi.co_py_gammagamma_predict(0, p, b["frequency"], b["monetary_value"], out)
        return out

    def customer_lifetime_value(self, transaction_prediction_model, frequency, recency, T,
                                monetary_value, time=12, discount_rate=0.01, freq="D",
                                purchase_covariates=None, dropout_covariates=None,
                                spend_covariates=None):
        """Discounted value over `time` months, as lifetimes defines it.

        transaction_prediction_model: a fitted BetaGeoFitter or ParetoNBDFitter; if it
        was fitted with covariates, each customer's (the same arguments as its fit);
        spend_covariates likewise if this model was.
        freq: the data's time unit, "D" days, "W" weeks, "M" months, "H" hours.
        discount_rate: per month.
        """
        p, mp, time = self._clv_checks(transaction_prediction_model, time, freq)
        if getattr(transaction_prediction_model, "_covariates", None) is not None or \
                self._covariates is not None:
            return _covariates.clv(self, transaction_prediction_model, frequency, recency, T,
                                   monetary_value, time, float(discount_rate),
                                   _capi.co_time_unit_per_month(_UNITS[freq]),
                                   purchase_covariates, dropout_covariates, spend_covariates)
        if spend_covariates is not None:
            raise ValueError("spend_covariates given, but the model was fitted without them")
        n, b = _columns(frequency=frequency, recency=recency, T=T, monetary_value=monetary_value)
        out = _arrays.empty(n)
        _capi.co_py_clv(transaction_prediction_model._model, mp, p, b["frequency"],
                        b["recency"], b["T"], b["monetary_value"], time,
                        float(discount_rate), _capi.co_time_unit_per_month(_UNITS[freq]), out)
        return out

    def _clv_checks(self, model, time, freq):
        """Checked arguments of a CLV: (spend params, purchase params, months)."""
        p = self._require_fit()
        if not isinstance(model, _PurchaseFitter):
            raise TypeError("transaction_prediction_model must be a BetaGeoFitter or "
                            "ParetoNBDFitter")
        mp = model._require_fit()
        if freq not in _UNITS:
            raise ValueError("freq must be one of %s" % ", ".join(sorted(_UNITS)))
        time = _arrays.as_int(time, "int32", "time")
        if time < 0:
            raise _arrays.RangeError("time must be a whole number of months >= 0")
        return p, mp, time

    def customer_lifetime_value_band(self, transaction_prediction_model, frequency, recency, T,
                                     monetary_value, time=12, discount_rate=0.01, freq="D",
                                     draws=2000, level=0.95, seed=1, threads=1,
                                     purchase_covariates=None, dropout_covariates=None,
                                     spend_covariates=None):
        """(lower, upper): the central `level` band of customer_lifetime_value() per
        customer over `draws` sets of both models' parameters, each model's drawn from
        its fit's asymptotic normal (log scale), the two independently. It covers the
        estimation uncertainty of the parameters only, not the spread of the customer's
        own purchases and order values. Both fitters need the data of their fit (for the
        variance matrix). Seeded; the same for any number of threads. A model fitted with
        covariates needs the customers' covariates, as customer_lifetime_value(); each
        customer's band then draws its own parameters (docs/models.md, "Prediction
        bands")."""
        _, _, time = self._clv_checks(transaction_prediction_model, time, freq)
        n, b = _columns(frequency=frequency, recency=recency, T=T, monetary_value=monetary_value)
        per_month = _capi.co_time_unit_per_month(_UNITS[freq])
        if getattr(transaction_prediction_model, "_covariates", None) is not None or \
                self._covariates is not None:
            return _covariates.clv_band(self, transaction_prediction_model, b, n, time,
                                        discount_rate, per_month, draws, level, seed, threads,
                                        purchase_covariates, dropout_covariates,
                                        spend_covariates)
        if spend_covariates is not None:
            raise ValueError("spend_covariates given, but the model was fitted without them")
        u, g = transaction_prediction_model._figures(), self._figures()
        return _clv_band(transaction_prediction_model._model, (u.estimate, u.variance),
                         (g.estimate, g.variance), b, n, time, discount_rate, per_month, draws,
                         level, seed, threads)


# pandas in, pandas out (custorient/_frames.py); predict as lifetimes' alias.
_frames.pandas_io(_PurchaseFitter, "conditional_probability_alive",
                  "expected_number_of_purchases_up_to_time",
                  "conditional_expected_number_of_purchases_up_to_time",
                  "probability_of_n_purchases_up_to_time")
_frames.pandas_io(ParetoNBDFitter, "conditional_probability_of_n_purchases_up_to_time")
_PurchaseFitter.predict = _PurchaseFitter.conditional_expected_number_of_purchases_up_to_time
_frames.pandas_io(GammaGammaFitter, "conditional_expected_average_profit",
                  "customer_lifetime_value", names={"customer_lifetime_value": "clv"})
