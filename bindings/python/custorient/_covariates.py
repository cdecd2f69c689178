"""Time-invariant covariates in the purchase models (Fader & Hardie 2007), the
part of ``BetaGeoFitter`` and ``ParetoNBDFitter`` behind their covariate
arguments::

    pnf = ParetoNBDFitter().fit(frequency, recency, T,
                                purchase_covariates=X, dropout_covariates=Z)
    pnf.coefficients_          # (process, covariate): coef, se(coef), exp(coef), bounds, p
    pnf.conditional_probability_alive(frequency, recency, T,
                                      purchase_covariates=X, dropout_covariates=Z)

Each covariate argument is a DataFrame (its columns name the covariates) or a
2-D array with one row per customer (columns named x0, x1, ...). Pareto/NBD:
alpha_i = alpha exp(-g . x_i), beta_i = beta exp(-g . z_i), so exp(coef) multiplies
the mean purchase rate (process ``purchase``) or the mean drop-out rate
(``dropout``). BG/NBD: alpha_i as above; a_i = a exp(g_a . z_i) (``dropout_a``)
and b_i = b exp(g_b . z_i) (``dropout_b``). ``params_`` then holds the base
parameters (a customer whose covariates are all 0); the model's other methods
(expected purchases of a new customer, simulation) use those, while the prediction
bands and ``GammaGammaFitter.customer_lifetime_value`` take the covariate arguments too.
docs/models.md has the formulas, docs/python.md the API.
"""

import math
from array import array

from . import capi as _capi
from . import _arrays
from . import _covariate_bands as _bands
from . import _frames
from . import _uncertainty
from ._errors import ConvergenceError

__all__ = ["CoefficientsMixin", "CovariateMixin"]

_PROCESSES = {_capi.CO_PY_PARETONBD: ("purchase", "dropout"),
              _capi.CO_PY_BGNBD: ("purchase", "dropout_a", "dropout_b")}
_Z975 = 1.959963984540054


def _matrix(data, n, name):
    """(row-major float64 buffer or None, column names) of a covariate argument."""
    if data is None:
        return None, []
    names = []
    if hasattr(data, "columns") and hasattr(data, "to_numpy"):  # a DataFrame
        names = [str(c) for c in data.columns]
        data = data.to_numpy(dtype=float)
    if hasattr(data, "ndim"):  # numpy: flattened row by row, without a Python loop
        if data.ndim != 2:
            raise ValueError("%s must be a DataFrame or a 2-D array (one row per customer)"
                             % name)
        rows, k = data.shape
        flat = data.astype(float).ravel()
    else:
        data = [list(r) if hasattr(r, "__len__") else None for r in data]
        if any(r is None for r in data):
            raise ValueError("%s must be a DataFrame or a 2-D array (one row per customer)"
                             % name)
        rows, k = len(data), len(data[0]) if data else 0
        if any(len(r) != k for r in data):
            raise ValueError("%s: rows differ in length" % name)
        flat = [float(v) for r in data for v in r]
    if not names:
        names = ["x%d" % j for j in range(k)]
    if rows != n:
        raise ValueError("%s has %d rows for %d customers" % (name, rows, n))
    return _arrays.as_buffer(flat, "float64", name), names


class _State:
    """A covariate fit: the coefficients' (process, covariate) keys by process, the
    parameters (n_base base values, then the coefficients) and the fit's options."""

    def __init__(self, groups, n_base, params, penalty, equal):
        self.groups, self.n_base = groups, n_base
        self.params = params
        self.penalty, self.equal = penalty, equal

    def index(self):
        """(process, covariate) of each coefficient, in the C library's order."""
        return [(proc, c) for proc, names in self.groups for c in names]

    def names(self, base_names):
        """Every parameter's name: the base ones, then process:covariate."""
        return list(base_names) + ["%s:%s" % key for key in self.index()]


class _Fitted(_State):
    """What a purchase model's covariate fit keeps: also the model and both name lists."""

    def __init__(self, model, purchase_names, dropout_names, params, penalty, equal):
        procs = _PROCESSES[model]
        groups = [(procs[0], purchase_names)] + [(p, dropout_names) for p in procs[1:]]
        super().__init__(groups, 4, params, penalty, equal)
        self.model = model
        self.purchase_names, self.dropout_names = purchase_names, dropout_names


def file_coefficients(state):
    """A covariate fit's coefficients as its model file keeps them: (process, covariate,
    value) in the order of the parameter vector (None for a fit without covariates)."""
    if state is None:
        return None
    return [(p, c, float(state.params[state.n_base + i]))
            for i, (p, c) in enumerate(state.index())]


def file_groups(coefficients, processes):
    """The (process, covariate names) groups of a model file's coefficients, which must
    come by process in the model's order `processes`."""
    groups = []
    for process, covariate, _ in coefficients:
        if not groups or groups[-1][0] != process:
            if process not in processes or (groups and processes.index(process) <=
                                            processes.index(groups[-1][0])):
                raise ValueError("the model file's coefficient on %r does not fit this model "
                                 "(processes %s, in that order)" % (process, list(processes)))
            groups.append((process, []))
        groups[-1][1].append(covariate)
    return groups


def restore(fitter, state, base_names, processes, n_base):
    """Set a covariate fit read from a model file into `fitter`: its _State and, with the
    saved variance, the figures (coefficients_ and the rest); returns the _State, or None
    for a file without coefficients."""
    if not state.coefficients:
        return None
    groups = file_groups(state.coefficients, processes)
    params = array("d", list(state.params) + [v for _, _, v in state.coefficients])
    fitted = _State(groups, n_base, params, state.penalizer or 0.0, None)
    names = fitted.names(base_names)
    fitter._uncertainty = None if state.variance is None else figures_from_variance(
        names, params, n_base, state.variance, state.log_likelihood, state.n_observations)
    return fitted


def figures_from_variance(names, estimate, n_base, variance, log_likelihood, n_observations):
    """The figures of a covariate model loaded with its variance matrix: log-scale
    intervals for the base parameters (as _uncertainty.from_variance), plain Wald
    intervals for the coefficients, AIC and BIC over every parameter."""
    base = _uncertainty.from_variance(names, estimate, variance, log_likelihood,
                                      n_observations)
    k = len(names)
    lower, upper = list(base.lower), list(base.upper)
    for i in range(n_base, k):
        lower[i] = estimate[i] - _Z975 * base.standard_errors[i]
        upper[i] = estimate[i] + _Z975 * base.standard_errors[i]
    packed = [base.log_likelihood, base.aic, base.bic, base.n_observations, 0.0, k] + \
        base.standard_errors + lower + upper + [v for row in variance for v in row]
    return _Figures(names, estimate, packed)


def _equal_pairs(equal, index):
    """Constraint pairs of (process, covariate) keys as int64 positions."""
    pos = {key: i for i, key in enumerate(index)}
    flat = []
    for pair in equal or ():
        if len(pair) != 2:
            raise ValueError("each equality constraint is a pair of (process, covariate) keys")
        for key in pair:
            key = tuple(key)
            if key not in pos:
                raise ValueError("no coefficient %r; the coefficients are %s" % (key, index))
            flat.append(pos[key])
    return array("q", flat), len(flat) // 2


class _Figures(_uncertainty._Figures):
    """The uncertainty of every parameter (base, then coefficients)."""

    def __init__(self, names, estimate, packed):  # pylint: disable=super-init-not-called
        k = len(names)
        values = [float(v) for v in packed]
        self.names = tuple(names)
        self.estimate = [float(v) for v in estimate]
        (self.log_likelihood, self.aic, self.bic, self.n_observations,
         self.hessian_error, n_free) = values[:6]
        self.n_free = int(n_free)
        self.standard_errors = values[6:6 + k]
        self.lower = values[6 + k:6 + 2 * k]
        self.upper = values[6 + 2 * k:6 + 3 * k]
        flat = values[6 + 3 * k:]
        self.variance = [flat[i * k:(i + 1) * k] for i in range(k)]


class _Pending(_uncertainty._Pending):
    def run(self):
        k = len(self.names)
        out = _arrays.empty(6 + 3 * k + k * k)
        try:
            self.helper(*self.args, out)
        except ConvergenceError as e:
            return e
        return _Figures(self.names, self.estimate, out)


def _p_value(z):
    """Two-sided normal p-value of a Wald statistic."""
    return math.erfc(abs(z) / math.sqrt(2.0))


def clv(spend, model, frequency, recency, T, monetary_value, months, discount_rate,
        periods_per_month, purchase, dropout, spend_covariates):
    """CLV of each customer under its own purchase and spend parameters, either model
    fitted with covariates or not (the arguments checked by
    GammaGammaFitter.customer_lifetime_value())."""
    from .btyd import _columns  # pylint: disable=import-outside-toplevel
    n, b = _columns(frequency=frequency, recency=recency, T=T, monetary_value=monetary_value)
    state, spend_state = model._covariates, spend._covariates
    own = _purchase_columns(model, n, purchase, dropout) or {}
    xp, xd = own.get("purchase"), own.get("dropout")
    if state is not None:
        params, kp, kd = state.params, len(state.purchase_names), len(state.dropout_names)
    else:
        params, kp, kd = model._require_fit(), 0, 0
    xs = (_spend_columns(spend, n, spend_covariates) or {}).get("spend")
    if spend_state is not None:
        spend_params, ks = spend_state.params, len(spend_state.index())
    else:
        spend_params, ks = spend._require_fit(), 0
    out = _arrays.empty(n)
    _capi.co_py_cov_clv(model._model, int(state is not None), params, spend_params,
                        b["frequency"], b["recency"], b["T"], b["monetary_value"], xp, kp, xd,
                        kd, xs, ks, months, discount_rate, periods_per_month, out)
    return out


def clv_band(spend, model, b, n, time, discount_rate, per_month, draws, level, seed, threads,
             purchase, dropout, spend_covariates):
    """The CLV band of GammaGammaFitter.customer_lifetime_value_band() when either model
    was fitted with covariates: each distinct pair of covariate rows draws its own
    parameters (custorient/_covariate_bands.py)."""
    from .btyd import _clv_band  # pylint: disable=import-outside-toplevel
    keys, sides = [], []
    for fitter, own in ((model, _purchase_columns(model, n, purchase, dropout)),
                        (spend, _spend_columns(spend, n, spend_covariates))):
        figures, state = fitter._figures(), fitter._covariates
        sides.append((figures, state))
        keys.append(_bands.row_values(state, own) if state is not None else lambda i: ())

    def band(key, index):
        (pf, ps), (sf, ss) = sides
        purchase_side = _bands.own_uncertainty(pf, ps, key[0]) if ps else \
            (pf.estimate, pf.variance)
        spend_side = _bands.own_uncertainty(sf, ss, key[1]) if ss else (sf.estimate, sf.variance)
        return _clv_band(model._model, purchase_side, spend_side, _bands.subset(b, index),
                         len(index), time, discount_rate, per_month, draws, level, seed,
                         threads)
    return _bands.band_by_group(n, _bands.groups_of(n, *keys), band)


def _purchase_columns(model, n, purchase, dropout):
    """The covariate buffers of a purchase model by process (None without covariates)."""
    state = model._covariates
    if state is None:
        _refuse(purchase, dropout, "the purchase model was fitted without covariates")
        return None
    xp, xd = _checked(state, n, purchase, dropout)
    return {"purchase": xp, "dropout": xd, "dropout_a": xd, "dropout_b": xd}


def _spend_columns(spend, n, spend_covariates):
    """The covariate buffer of a spend model by process (None without covariates)."""
    state = spend._covariates
    if state is None:
        _refuse(spend_covariates, None, "the spend model was fitted without covariates")
        return None
    return {"spend": checked_columns(state.index(), n, spend_covariates, "spend_covariates")}


def _rows_of(buf, k):
    """A flat row-major buffer of k columns as a list of rows (None for no columns)."""
    if buf is None or k == 0:
        return None
    v = memoryview(buf).cast("B").cast("d")
    return [list(v[i:i + k]) for i in range(0, len(v), k)]


def _refuse(a, b, why):
    if a is not None or b is not None:
        raise ValueError("covariates given, but %s" % why)


def checked_columns(keys, n, data, arg):
    """The buffer of a prediction's covariate argument, with as many columns as the
    fit's coefficient keys (process, covariate) of one process."""
    buf, names = _matrix(data, n, arg)
    fitted = [c for _, c in keys]
    if len(names) != len(fitted):
        raise ValueError("%s: the model was fitted with %d columns (%s), got %d"
                         % (arg, len(fitted), ", ".join(fitted), len(names)))
    return buf


def _checked(state, n, purchase, dropout):
    """The covariate buffers of a prediction, with the columns of the fit."""
    return (checked_columns([(0, c) for c in state.purchase_names], n, purchase,
                            "purchase_covariates"),
            checked_columns([(0, c) for c in state.dropout_names], n, dropout,
                            "dropout_covariates"))


class CoefficientsMixin:
    """``coefficients_`` of a fitter whose covariate fit sets ``self._covariates``."""

    _covariates = None
    _covariate_args = "covariates"

    @property
    def coefficients_(self):
        """The covariates' coefficients: a DataFrame indexed by (process, covariate) with
        ``coef``, ``se(coef)``, ``exp(coef)``, the 95% bounds of coef (Wald; exp of them
        bounds exp(coef)) and ``p`` (two-sided Wald test of coef = 0)."""
        state = self._covariates
        if state is None:
            raise RuntimeError("fit with %s first" % self._covariate_args)
        u = self._figures()
        pd = _uncertainty._pandas()
        rows = range(state.n_base, len(u.names))
        coef = [u.estimate[i] for i in rows]
        se = [u.standard_errors[i] for i in rows]
        return pd.DataFrame(
            {"coef": coef, "se(coef)": se, "exp(coef)": [math.exp(c) for c in coef],
             _uncertainty._BOUNDS[0]: [u.lower[i] for i in rows],
             _uncertainty._BOUNDS[1]: [u.upper[i] for i in rows],
             "p": [_p_value(c / s) if s > 0 else float("nan") for c, s in zip(coef, se)]},
            index=pd.MultiIndex.from_tuples(state.index(), names=["process", "covariate"]))


class CovariateMixin(CoefficientsMixin):
    """The covariate arguments of a purchase fitter's fit and predictions."""

    _covariate_args = "purchase_covariates or dropout_covariates"

    def fit(self, frequency, recency, T, *args, purchase_covariates=None,
            dropout_covariates=None, equal_coefficients=None, **kwargs):
        """Fit; with covariates, the model of Fader & Hardie (2007).

        purchase_covariates, dropout_covariates: DataFrame or 2-D array, one row per
        customer (either may be None). equal_coefficients: pairs of coefficient keys
        held equal, e.g. ``[(("purchase", "detractor"), ("dropout", "detractor"))]``.
        The fitter's penalizer_coef is then an L2 penalty on the coefficients only:
        mean(-loglik) + penalizer_coef * sum(coef^2). Also takes fit's other arguments
        (weights, verbose, tol, index, maxiter; not initial_params) and threads (the
        likelihood's pass over the customers; the same result for any number).
        """
        self._covariates = None
        if purchase_covariates is None and dropout_covariates is None:
            if equal_coefficients:
                raise ValueError("equal_coefficients needs covariates")
            return super().fit(frequency, recency, T, *args, **kwargs)
        return self._fit_covariates(frequency, recency, T, purchase_covariates,
                                    dropout_covariates, equal_coefficients, *args, **kwargs)

    def _fit_covariates(self, frequency, recency, T, purchase, dropout, equal, weights=None,
                        initial_params=None, verbose=False, tol=1e-7, index=None,
                        maxiter=None, max_iter=500, threads=1, **kwargs):
        # pylint: disable=import-outside-toplevel
        from .btyd import _columns, _fit_controls
        start, max_iter = _fit_controls(self._param_names, initial_params, maxiter, max_iter,
                                        kwargs)
        if start is not None:
            raise ValueError("initial_params is not taken with covariates: the fit starts "
                             "from the plain model's estimate")
        cols = dict(frequency=frequency, recency=recency, T=T)
        if weights is not None:
            cols["weights"] = weights
        n, b = _columns(**cols)
        xp, pnames = _matrix(purchase, n, "purchase_covariates")
        xd, dnames = _matrix(dropout, n, "dropout_covariates")
        state = _Fitted(self._model, pnames, dnames, None, self.penalizer_coef, equal)
        keys = state.index()
        pairs, n_equal = _equal_pairs(equal, keys)
        params, info = array("d", [0.0] * (4 + len(keys))), array("d", [0.0] * 5)
        _capi.co_py_cov_fit(self._model, b["frequency"], b["recency"], b["T"], b.get("weights"),
                            xp, len(pnames), xd, len(dnames), self.penalizer_coef, pairs,
                            n_equal, max_iter, float(tol),
                            _arrays.as_int(threads, "uint64", "threads"), params, info)
        state.params = params
        self._store(params[:4], info)
        self._covariates = state
        if "weights" not in b:
            b["weights"] = _arrays.as_buffer(array("d", [1.0]) * n, "float64", "weights")
        self._n_observations = float(sum(memoryview(b["weights"]).cast("B").cast("d")))
        self._keep_data(b, index)
        self._report(verbose)
        self._uncertainty = _Pending(
            state.names(self._param_names), params, _capi.co_py_cov_uncertainty,
            (self._model, params, b["frequency"], b["recency"], b["T"], b.get("weights"), xp,
             len(pnames), xd, len(dnames), self.penalizer_coef, pairs, n_equal))
        return self

    def _covariates_from_file(self, state):
        procs = _PROCESSES[self._model]
        read = restore(self, state, self._param_names, procs, 4)
        names = dict(read.groups)
        dropout = names.get(procs[1], [])
        if len(procs) == 3 and names.get(procs[2], []) != dropout:
            raise ValueError("the model file's dropout_a and dropout_b coefficients name "
                             "different covariates")
        fitted = _Fitted(self._model, names.get("purchase", []), dropout, read.params,
                         read.penalty, None)
        if len(fitted.index()) != len(state.coefficients):
            raise ValueError("the model file's coefficients do not fit a %s model"
                             % type(self).__name__)
        return fitted

    def _covariate_predict(self, what, frequency, recency, T, t, purchase, dropout):
        from .btyd import _columns  # pylint: disable=import-outside-toplevel
        state = self._covariates
        n, b = _columns(frequency=frequency, recency=recency, T=T, t=t)
        xp, xd = _checked(state, n, purchase, dropout)
        out = _arrays.empty(n)
        _capi.co_py_cov_predict(state.model, what, state.params, b["frequency"], b["recency"],
                                b["T"], b["t"], xp, len(state.purchase_names), xd,
                                len(state.dropout_names), out)
        if what == _capi.CO_PY_LOGLIK:
            return float(out[0])
        return _frames.shape_like(out, [frequency, recency, T])

    def conditional_probability_alive(self, frequency, recency, T, *args,
                                      purchase_covariates=None, dropout_covariates=None,
                                      **kwargs):
        """P(alive at T | history) per customer; a covariate fit needs the customers'
        covariates, with the columns it was fitted with."""
        if self._covariates is None:
            return super().conditional_probability_alive(frequency, recency, T, *args, **kwargs)
        return self._covariate_predict(_capi.CO_PY_ALIVE, frequency, recency, T, 0.0,
                                       purchase_covariates, dropout_covariates)

    def _covariate_band(self, what, frequency, recency, T, t, draws, level, seed, threads,
                        purchase, dropout):
        # pylint: disable=import-outside-toplevel
        from .btyd import _columns, _purchase_band
        n, b = _columns(frequency=frequency, recency=recency, T=T, t=t)
        columns = _purchase_columns(self, n, purchase, dropout)
        figures, state = self._figures(), self._covariates

        def band(key, index):
            estimate, variance = _bands.own_uncertainty(figures, state, key[0])
            return _purchase_band(self._model, what, estimate, variance,
                                  _bands.subset(b, index), len(index), draws, level, seed,
                                  threads)
        return _bands.band_by_group(n, _bands.groups_of(n, _bands.row_values(state, columns)),
                                    band)

    def conditional_probability_alive_band(self, frequency, recency, T, draws=2000, level=0.95,
                                           seed=1, threads=1, purchase_covariates=None,
                                           dropout_covariates=None):
        """(lower, upper) band of P(alive) per customer (see the plain model's); a
        covariate fit needs the customers' covariates and draws, for each customer, its
        own parameters from the joint normal of base parameters and coefficients."""
        if self._covariates is None:
            _refuse(purchase_covariates, dropout_covariates,
                    "the model was fitted without covariates")
            return super().conditional_probability_alive_band(frequency, recency, T, draws,
                                                              level, seed, threads)
        return self._covariate_band(_capi.CO_PY_ALIVE, frequency, recency, T, 0.0, draws,
                                    level, seed, threads, purchase_covariates,
                                    dropout_covariates)

    def conditional_expected_number_of_purchases_up_to_time_band(
            self, t, frequency, recency, T, draws=2000, level=0.95, seed=1, threads=1,
            purchase_covariates=None, dropout_covariates=None):
        """(lower, upper) band of the expected purchases in the next t per customer, with
        each customer's covariates for a covariate fit; as
        conditional_probability_alive_band()."""
        if self._covariates is None:
            _refuse(purchase_covariates, dropout_covariates,
                    "the model was fitted without covariates")
            return super().conditional_expected_number_of_purchases_up_to_time_band(
                t, frequency, recency, T, draws, level, seed, threads)
        return self._covariate_band(_capi.CO_PY_CONDITIONAL, frequency, recency, T, t, draws,
                                    level, seed, threads, purchase_covariates,
                                    dropout_covariates)

    def conditional_expected_number_of_purchases_up_to_time(self, t, frequency, recency, T,
                                                            *args, purchase_covariates=None,
                                                            dropout_covariates=None,
                                                            **kwargs):
        """E[purchases in the next t | history] per customer, with each customer's
        covariates for a covariate fit."""
        if self._covariates is None:
            return super().conditional_expected_number_of_purchases_up_to_time(
                t, frequency, recency, T, *args, **kwargs)
        return self._covariate_predict(_capi.CO_PY_CONDITIONAL, frequency, recency, T, t,
                                       purchase_covariates, dropout_covariates)

    predict = conditional_expected_number_of_purchases_up_to_time

    def log_likelihood(self, frequency, recency, T, *args, purchase_covariates=None,
                       dropout_covariates=None, **kwargs):
        """Log-likelihood of data under the fitted parameters (a float)."""
        if self._covariates is None:
            return super().log_likelihood(frequency, recency, T, *args, **kwargs)
        return self._covariate_predict(_capi.CO_PY_LOGLIK, frequency, recency, T, 0.0,
                                       purchase_covariates, dropout_covariates)
