"""The covariate versions of the sBG (``ShiftedBetaGeoFitter``) and the Gamma-Gamma
(``GammaGammaFitter``): the calls behind their covariate arguments, on the shared
parts of custorient/_covariates.py (covariate matrices, constraints, coefficients_).

sBG: alpha_i = alpha exp(g_alpha . x_i), beta_i = beta exp(g_beta . x_i), processes
``alpha`` (exp(coef) multiplies alpha_i: churn more likely) and ``beta`` (multiplies
beta_i: churn less likely). Gamma-Gamma: v_i = v exp(g . x_i), process ``spend``
(exp(coef) multiplies the mean order value). docs/models.md and docs/churn.md have the
formulas, docs/python.md the API.
"""

from array import array

from . import capi as _capi
from . import _arrays
from ._covariates import _Pending, _State, _equal_pairs, _matrix, checked_columns

_SBG_BASE = ("alpha", "beta")


def _values(buf):
    """A float64 buffer as a sequence of floats."""
    return memoryview(buf).cast("B").cast("d")


def cohort_rows(survivors, covariates):
    """Customer rows (periods, churned, weights, covariate buffer, names) of cohorts of
    survivor counts with one covariate row per cohort: churned in period t with weight
    s_{t-1} - s_t, active after the last period with weight s_L."""
    from .survival import _cohort_buffers  # pylint: disable=import-outside-toplevel
    counts, lengths = _cohort_buffers(survivors)
    counts, lengths = _values(counts), memoryview(lengths).cast("B").cast("Q")
    x, names = _matrix(covariates, len(lengths), "covariates")
    k, xv = len(names), _values(x) if x is not None else ()
    periods, churned, weights, rows = array("d"), array("B"), array("d"), array("d")
    at = 0
    for c, length in enumerate(lengths):
        s = counts[at:at + length]
        at += length
        for t in range(1, length + 1):
            last = t == length
            periods.append(float(t - 1 if last else t))
            churned.append(0 if last else 1)
            weights.append(s[-1] if last else s[t - 1] - s[t])
            rows.extend(xv[c * k:(c + 1) * k])
    return periods, churned, weights, rows, names


def _start(fitter, groups, n_base, equal):
    """A covariate fit's state, constraint pairs and their count, and the buffers of its
    parameters (n_base base values, then the coefficients) and fit figures."""
    state = _State(groups, n_base, None, fitter.penalizer_coef, equal)
    pairs, n_equal = _equal_pairs(equal, state.index())
    params = array("d", [0.0] * (n_base + len(state.index())))
    return state, pairs, n_equal, params, array("d", [0.0] * 5)


def fit_sbg(fitter, periods, churned, weights, x, names, equal, max_iterations, tolerance):
    """Fit the sBG with covariates (x: n x len(names) float64 buffer, or None) into
    `fitter`: params_, log_likelihood_, iterations_, _covariates and the uncertainty."""
    n = _arrays.length(periods)
    k = len(names)
    state, pairs, n_equal, params, info = _start(fitter, [("alpha", names), ("beta", names)], 2,
                                                 equal)
    for arg, buf in (("churned", churned), ("weights", weights)):
        if buf is not None and _arrays.length(buf) != n:
            raise ValueError("%s has %d values for %d customers" % (arg, _arrays.length(buf), n))
    _capi.co_py_sbg_cov_fit(periods, churned, weights, x, k, fitter.penalizer_coef, pairs,
                            n_equal, _arrays.as_int(max_iterations, "uint64", "max_iterations"),
                            float(tolerance), params, info)
    state.params = params
    fitter.params_ = {"alpha": float(params[0]), "beta": float(params[1])}
    fitter.log_likelihood_ = float(info[0])
    fitter.iterations_ = int(info[1])
    fitter._covariates = state if k else None
    fitter._uncertainty = _Pending(
        state.names(_SBG_BASE), params, _capi.co_py_sbg_cov_uncertainty,
        (params, periods, churned, weights, x, k, fitter.penalizer_coef, pairs, n_equal))


def sbg_predict(fitter, what, t, covariates, discount):
    """Survival (what 0), retention (1) or DERL (2) of each customer at its own
    parameters; a scalar t applies to every row of covariates."""
    state = fitter._covariates
    from .survival import _is_scalar  # pylint: disable=import-outside-toplevel
    keys = state.groups[0][1]
    n = None if _is_scalar(t) else _arrays.length(_arrays.as_buffer(t, "float64", "t"))
    if n is None:  # one row per customer, the same t for each
        n = 0 if covariates is None else len(covariates)
        t = [float(t)] * n
    x = checked_columns([(0, c) for c in keys], n, covariates, "covariates")
    tb = _arrays.as_buffer(t, "float64", "t")
    out = _arrays.empty(n)
    _capi.co_py_sbg_cov_predict(what, state.params, tb, x, len(keys), float(discount), out)
    return out


def sbg_log_likelihood(fitter, survivors, covariates):
    """Log-likelihood of cohorts with covariates under the fitted parameters."""
    state = fitter._covariates
    periods, churned, weights, rows, names = cohort_rows(survivors, covariates)
    if len(names) != len(state.groups[0][1]):
        raise ValueError("covariates: the model was fitted with %d columns, got %d"
                         % (len(state.groups[0][1]), len(names)))
    out = _arrays.empty(1)
    _capi.co_py_sbg_cov_log_likelihood(state.params, periods, churned, weights,
                                       rows if names else None, len(names), out)
    return float(out[0])


def fit_spend(fitter, b, covariates, equal, max_iter, tol):
    """Fit the Gamma-Gamma with spend covariates into `fitter` (b: its checked columns)."""
    n = _arrays.length(b["frequency"])
    x, names = _matrix(covariates, n, "spend_covariates")
    state, pairs, n_equal, params, info = _start(fitter, [("spend", names)], 3, equal)
    _capi.co_py_gg_cov_fit(b["frequency"], b["monetary_value"], b.get("weights"), x,
                           len(names), fitter.penalizer_coef, pairs, n_equal, max_iter,
                           float(tol), params, info)
    state.params, state.x = params, x
    fitter._store(params[:3], info)
    fitter._covariates = state
    fitter._uncertainty = _Pending(
        state.names(fitter._param_names), params, _capi.co_py_gg_cov_uncertainty,
        (params, b["frequency"], b["monetary_value"], b.get("weights"), x, len(names),
         fitter.penalizer_coef, pairs, n_equal))


def spend_expected(fitter, b, covariates):
    """E[mean order value] of each customer under its own v_i (b: checked columns)."""
    state = fitter._covariates
    n = _arrays.length(b["frequency"])
    x = checked_columns(state.index(), n, covariates, "spend_covariates")
    out = _arrays.empty(n)
    _capi.co_py_gg_cov_predict(0, state.params, b["frequency"], b["monetary_value"], x,
                               len(state.index()), out)
    return out
