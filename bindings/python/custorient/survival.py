"""Churn and survival: Kaplan-Meier curves, the shifted-beta-geometric model,
retention and cohort matrices, and at-risk ranking.

The classes follow the names lifelines and lifetimes users know
(:class:`KaplanMeierFitter`, in kaplan_meier.py, and :class:`ShiftedBetaGeoFitter`): ``fit()``
returns ``self`` and fitted values end in an underscore. Inputs may be
lists, numpy arrays, array.array or memoryviews; results are numpy arrays
when numpy is installed. Fits run in C with the GIL released.
"""

import numbers

from . import capi as _capi
from . import _arrays
from . import _covariate_models
from . import _covariates
from . import _model_file
from . import _uncertainty
from ._covariates import CoefficientsMixin, _matrix
from ._dates import format_date, parse_date
from .kaplan_meier import KaplanMeierFitter

try:
    import numpy as _np
except ImportError:  # numpy is optional at run time
    _np = None

__all__ = ["KaplanMeierFitter", "ShiftedBetaGeoFitter", "retention_rate", "cohort_retention",
           "CohortMatrix", "at_risk_ranking", "at_risk_backtest"]

def _is_scalar(value):
    if isinstance(value, numbers.Number):
        return True
    return _np is not None and isinstance(value, (_np.generic, _np.ndarray)) and _np.ndim(value) == 0


def _elementwise(fn, values, *args):
    """Apply a C function writing one double per input; a scalar in gives a float out."""
    scalar = _is_scalar(values)
    buf = _arrays.as_buffer([values] if scalar else values, "float64", "times")
    out = _arrays.empty(_arrays.length(buf))
    fn(*args, buf, out)
    return float(out[0]) if scalar else out


def _days(values, name):
    """Day numbers (int64) from ints, datetime.date objects, ISO strings or numpy datetime64."""
    if _np is not None and isinstance(values, _np.ndarray):
        if values.dtype.kind == "M":
            values = values.astype("datetime64[D]").astype("int64")
        return _arrays.as_buffer(values, "int64", name)
    try:
        memoryview(values)
        return _arrays.as_buffer(values, "int64", name)
    except TypeError:
        pass
    values = [_day(v) for v in values]
    return _arrays.as_buffer(values, "int64", name)


def _day(value):
    if _np is not None and isinstance(value, _np.datetime64):
        return int(value.astype("datetime64[D]").astype("int64"))
    if _np is not None and isinstance(value, _np.integer):
        return int(value)
    return parse_date(value)


def _cohort_buffers(survivors):
    """One cohort (a flat sequence) or several (a sequence of sequences) -> (counts, lengths)."""
    if _is_scalar(survivors):
        raise TypeError("survivors must be a sequence of counts or of cohorts")
    items = list(survivors) if not hasattr(survivors, "ndim") or survivors.ndim > 1 else None
    if items is not None and items and not _is_scalar(items[0]):
        flat, lengths = [], []
        for cohort in items:
            cohort = [float(v) for v in cohort]
            flat.extend(cohort)
            lengths.append(len(cohort))
    else:
        flat = survivors
        lengths = [_arrays.length(_arrays.as_buffer(survivors, "float64", "survivors"))]
    return (_arrays.as_buffer(flat, "float64", "survivors"),
            _arrays.as_buffer(lengths, "uint64", "lengths"))


class ShiftedBetaGeoFitter(CoefficientsMixin, _uncertainty.UncertaintyMixin,
                           _model_file.SavableModel):
    """Shifted-beta-geometric model of contractual churn (Fader & Hardie 2007).

    Fit to survivor counts per period: one cohort as a flat sequence
    ``[1000, 631, 468, ...]`` (customers at the start, then after each
    period) or several cohorts as a sequence of such sequences, possibly of
    different lengths; or to one row per customer with ``fit_customers()``.
    ``params_`` holds ``alpha`` and ``beta``; ``summary``,
    ``standard_errors_``, ``confidence_intervals_``, ``variance_matrix_``, ``aic_``
    and ``bic_`` their uncertainty (BIC with n the customers of all cohorts).

    With ``covariates`` (one row per cohort in ``fit``, per customer in
    ``fit_customers``) each customer has alpha_i = alpha exp(g_alpha . x_i) and
    beta_i = beta exp(g_beta . x_i): ``coefficients_`` has them by (process, covariate),
    process ``alpha`` (exp(coef) > 1: churn more likely) or ``beta`` (churn less likely);
    ``params_`` are then the base values of a customer whose covariates are all 0, and
    the predictions take each customer's covariates. ``penalizer_coef`` is an L2
    penalty on the coefficients only.
    """

    _file_kind = "sbg"
    _covariate_args = "covariates"

    def __init__(self, penalizer_coef=0.0):
        self.penalizer_coef = float(penalizer_coef)
        self.params_ = None
        self.log_likelihood_ = None
        self.iterations_ = None

    def _file_state(self, save_data):
        """The model file's content; survivor counts are not saved (save_data is ignored)."""
        del save_data
        u = self._uncertainty
        figures = u if isinstance(u, _uncertainty._Figures) else None
        return _model_file.ModelState(
            "sbg", self._params(), self.log_likelihood_,
            figures.n_observations if figures else None, self.iterations_, None,
            figures.variance if figures else None, None,
            _covariates.file_coefficients(self._covariates))

    def _file_restore(self, state):
        self.params_ = {"alpha": state.params[0], "beta": state.params[1]}
        self.log_likelihood_, self.iterations_ = state.log_likelihood, state.iterations
        self._covariates = None
        self._uncertainty = None
        if state.coefficients:
            fitted = _covariates.restore(self, state, ("alpha", "beta"), ("alpha", "beta"), 2)
            names = dict(fitted.groups)
            if names.get("alpha") != names.get("beta"):
                raise ValueError("the model file's alpha and beta coefficients name different "
                                 "covariates")
            self._covariates = fitted
        elif state.variance is not None:
            self._uncertainty = _uncertainty.from_variance(
                ("alpha", "beta"), state.params, state.variance, state.log_likelihood,
                state.n_observations)

    def fit(self, survivors, max_iterations=500, tolerance=None, covariates=None,
            equal_coefficients=None):
        """Maximum-likelihood fit; returns self. Raises ConvergenceError on failure.

        covariates: a DataFrame or 2-D array with one row per cohort (the sBG with
        covariates, fitted to the cohorts' customers); equal_coefficients: pairs of
        coefficient keys held equal, e.g. ``[(("alpha", "x0"), ("beta", "x0"))]``.
        tolerance: on the gradient of the mean log-likelihood; None for 1e-9 without
        covariates and 1e-7 with them (the C defaults).
        """
        self._covariates = None
        if covariates is not None:
            periods, churned, weights, rows, names = _covariate_models.cohort_rows(
                survivors, covariates)
            _covariate_models.fit_sbg(self, periods, churned, weights, rows if names else None,
                                      names, equal_coefficients, max_iterations,
                                      1e-7 if tolerance is None else tolerance)
            return self
        if equal_coefficients:
            raise ValueError("equal_coefficients needs covariates")
        counts, lengths = _cohort_buffers(survivors)
        out = _arrays.empty(4)
        max_iterations = _arrays.as_int(max_iterations, "uint64", "max_iterations")
        _capi.co_py_sbg_fit(counts, lengths, max_iterations,
                            1e-9 if tolerance is None else float(tolerance), out)
        self.params_ = {"alpha": float(out[0]), "beta": float(out[1])}
        self.log_likelihood_ = float(out[2])
        self.iterations_ = int(out[3])
        self._uncertainty = _uncertainty.pending(
            ("alpha", "beta"), out[:2], _capi.co_py_sbg_uncertainty, float(out[0]),
            float(out[1]), counts, lengths)
        return self

    def fit_customers(self, periods, churned, covariates=None, weights=None, max_iterations=500,
                      tolerance=1e-7, equal_coefficients=None):
        """Fit to one row per customer; returns self.

        periods: the period in which the customer churned (churned 1, periods >= 1) or
        the periods it has been observed active (churned 0); covariates: None or a
        DataFrame / 2-D array with one row per customer; weights: customers per row.
        """
        pb = _arrays.as_buffer(periods, "float64", "periods")
        cb = _arrays.as_buffer(churned, "uint8", "churned")
        wb = None if weights is None else _arrays.as_buffer(weights, "float64", "weights")
        x, names = _matrix(covariates, _arrays.length(pb), "covariates")
        if equal_coefficients and not names:
            raise ValueError("equal_coefficients needs covariates")
        _covariate_models.fit_sbg(self, pb, cb, wb, x, names, equal_coefficients,
                                  max_iterations, tolerance)
        return self

    @classmethod
    def from_params(cls, alpha, beta):
        """A fitter with the given parameters, as if fitted (no log-likelihood)."""
        f = cls()
        f.params_ = {"alpha": float(alpha), "beta": float(beta)}
        return f

    def __repr__(self):
        if self.params_ is None:
            return "<ShiftedBetaGeoFitter: not fitted>"
        return "<ShiftedBetaGeoFitter: alpha: %.4g, beta: %.4g>" % self._params()

    def _params(self):
        if self.params_ is None:
            raise RuntimeError("call fit() first")
        return self.params_["alpha"], self.params_["beta"]

    def log_likelihood(self, survivors, covariates=None):
        """Log-likelihood of the fitted parameters for other survivor counts (with one
        covariate row per cohort for a covariate fit)."""
        if self._covariates is not None:
            return _covariate_models.sbg_log_likelihood(self, survivors, covariates)
        counts, lengths = _cohort_buffers(survivors)
        return _capi.co_py_sbg_log_likelihood(*self._params(), counts, lengths)

    def _predict(self, what, t, covariates, discount):
        if self._covariates is not None:
            return _covariate_models.sbg_predict(self, what, t, covariates, discount)
        if covariates is not None:
            raise ValueError("covariates given, but the model was fitted without them")
        return _elementwise(_capi.co_py_sbg_predict, t, *self._params(), what, discount)

    def survival_function(self, t, covariates=None):
        """S(t): share of a starting cohort still active after t periods; for a
        covariate fit, of each customer (one row of covariates each; a scalar t is
        the same for all)."""
        return self._predict(0, t, covariates, 0.0)

    def retention_rate(self, t, covariates=None):
        """r(t) = S(t) / S(t - 1), the renewal rate in period t >= 1 (per customer for
        a covariate fit, as survival_function)."""
        return self._predict(1, t, covariates, 0.0)

    def discounted_expected_residual_lifetime(self, discount_rate, renewals=0,
                                              covariates=None):
        """DERL in periods for an active customer with the given number of renewals
        (per customer for a covariate fit, as survival_function)."""
        return self._predict(2, renewals, covariates, float(discount_rate))


def _orders(first_day, order_customer, order_day):
    days = _days(first_day, "first_day")
    when = _days(order_day, "order_day")
    who = _arrays.as_buffer(order_customer, "uint64", "order_customer")
    _arrays.same_length("order_day", when, "order_customer", who)
    return days, when, who


def retention_rate(first_day, order_customer, order_day, start, period_days):
    """Retention of the window [start, start + period_days) against the one before.

    ``first_day`` gives each customer's start day; order k was placed by
    customer ``order_customer[k]`` on ``order_day[k]``. Days are day numbers,
    datetime.date objects, ISO strings or numpy datetime64 values. Returns a
    dict with base, retained, churned, active, new_customers, reactivated,
    retention_rate and churn_rate (rates are NaN when the base is empty).
    """
    days, when, who = _orders(first_day, order_customer, order_day)
    out = _arrays.empty(8)
    period_days = _arrays.as_int(period_days, "int64", "period_days")
    _capi.co_py_retention_rate(days, when, who, _day(start), period_days, out)
    keys = ("base", "retained", "churned", "active", "new_customers", "reactivated")
    result = {k: int(v) for k, v in zip(keys, out[:6])}
    result["retention_rate"] = float(out[6])
    result["churn_rate"] = float(out[7])
    return result


class CohortMatrix:
    """Customers active per acquisition month (rows) and months since (columns).

    ``months``: ISO date of each cohort's first day of month; ``sizes``: customers
    per cohort; ``active`` and ``rates``: rows x rows matrices (numpy 2-D arrays,
    or lists of rows without numpy). Rates are NaN for months after the as-of
    day and for empty cohorts.
    """

    def __init__(self, months, sizes, active, rates):
        self.months, self.sizes, self.active, self.rates = months, sizes, active, rates

    def __repr__(self):
        return "CohortMatrix(%d cohorts from %s)" % (len(self.months), self.months[0])


def cohort_retention(first_day, order_customer, order_day, as_of):
    """Monthly cohort retention matrix (see :class:`CohortMatrix`)."""
    days, when, who = _orders(first_day, order_customer, order_day)
    handle = _capi.co_py_cohorts_build(days, when, who, _day(as_of))
    try:
        rows = _capi.co_cohorts_count(handle)
        months = _arrays.empty(rows, "int64")
        sizes = _arrays.empty(rows, "uint64")
        active = _arrays.empty(rows * rows, "uint64")
        rates = _arrays.empty(rows * rows)
        _capi.co_py_cohorts_fill(handle, months, sizes, active, rates)
    finally:
        _capi.co_cohorts_free(handle)
    labels = [format_date(int(d)) for d in months]
    if _np is not None:
        active, rates = active.reshape(rows, rows), rates.reshape(rows, rows)
    else:
        active = [list(active[r * rows:(r + 1) * rows]) for r in range(rows)]
        rates = [list(rates[r * rows:(r + 1) * rows]) for r in range(rows)]
    return CohortMatrix(labels, sizes, active, rates)


def at_risk_ranking(p_alive, value, top_n=10, days_since_detractor=None, open_contacts=None):
    """The top_n customers by expected value at risk, (1 - p_alive) * value.

    Optional signals: days since each customer's last detractor response
    (negative = none) and open support contacts; they break ties (more
    contacts first, then the more recent detractor response, then the lower
    index). A top_n beyond the number of customers returns them all. Returns a
    dict of arrays: index, value_at_risk, p_churned, value,
    days_since_detractor, open_contacts, best first.
    """
    p = _arrays.as_buffer(p_alive, "float64", "p_alive")
    v = _arrays.as_buffer(value, "float64", "value")
    _arrays.same_length("p_alive", p, "value", v)
    days = contacts = None
    if days_since_detractor is not None:
        days = _arrays.as_buffer(days_since_detractor, "int64", "days_since_detractor")
        _arrays.same_length("p_alive", p, "days_since_detractor", days)
    if open_contacts is not None:
        contacts = _arrays.as_buffer(open_contacts, "uint64", "open_contacts")
        _arrays.same_length("p_alive", p, "open_contacts", contacts)
    top_n = _arrays.as_int(top_n, "uint64", "top_n")
    if top_n < 0:
        raise ValueError("top_n must be >= 0")
    # at most one row per customer: a top_n beyond that only asked for memory
    top_n = count = min(top_n, _arrays.length(p))
    cols = {"index": _arrays.empty(top_n, "uint64"), "value_at_risk": _arrays.empty(top_n),
            "p_churned": _arrays.empty(top_n), "value": _arrays.empty(top_n),
            "days_since_detractor": _arrays.empty(top_n, "int64"),
            "open_contacts": _arrays.empty(top_n, "uint64")}
    _capi.co_py_atrisk_rank(p, v, days, contacts, top_n, *cols.values())
    return {k: c[:count] for k, c in cols.items()}


def at_risk_backtest(ranked_customers, listed, order_customer, order_day, start, days=182):
    """Who of an at-risk list made on `start`, and of all ranked customers,
    ordered in (start, start + days].

    ranked_customers: store index of each ranked customer (a summary's
    customer_index as of start); listed: positions in it of the listed ones
    (the "index" column of at_risk_ranking); order_customer, order_day: the
    orders (Store.orders_as_of's customer_index and day; later orders are
    ignored). start: a date or day number. Returns a dict: ranked,
    ranked_bought, listed, listed_bought, base_rate, listed_rate and lift
    (listed_rate / base_rate, NaN when nobody ordered).
    """
    ranked = _arrays.as_buffer(ranked_customers, "uint64", "ranked_customers")
    rows = _arrays.as_buffer(listed, "uint64", "listed")
    customer = _arrays.as_buffer(order_customer, "uint64", "order_customer")
    day = _days(order_day, "order_day")
    _arrays.same_length("order_customer", customer, "order_day", day)
    days = _arrays.as_int(days, "int64", "days")
    out = _arrays.empty(7)
    _capi.co_py_atrisk_backtest(ranked, rows, customer, day, _day(start), days, out)
    names = ("ranked", "ranked_bought", "listed", "listed_bought")
    result = {k: int(v) for k, v in zip(names, out[:4])}
    result.update(zip(("base_rate", "listed_rate", "lift"), (float(v) for v in out[4:])))
    return result

