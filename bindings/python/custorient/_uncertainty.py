"""Standard errors, 95% intervals and information criteria of a fitted model,
under the attribute names of ``lifetimes`` (``variance_matrix_``,
``standard_errors_``, ``confidence_intervals_``, ``summary``, ``aic_``,
``bic_``). The C library computes them when one is first read (for the
Pareto/NBD that costs about as much as the fit), from a copy of the fitted data
that ``fit()`` keeps; pandas is imported only when a table attribute is read.

Intervals are Wald intervals on the log scale, exp(log p -+ 1.96 se/p): both
bounds stay positive (lifetimes reports p -+ 1.96 se instead).
"""

from array import array

from . import _arrays
from ._errors import ConvergenceError

_BOUNDS = ("lower 95% bound", "upper 95% bound")


class _Figures:
    """A co_model_uncertainty unpacked from the capi helpers' flat array."""

    def __init__(self, names, estimate, packed):
        k = len(names)
        values = [float(v) for v in packed]
        self.names = tuple(names)
        self.estimate = [float(v) for v in estimate]
        (self.log_likelihood, self.aic, self.bic, self.n_observations,
         self.hessian_error) = values[:5]
        self.standard_errors = values[5:5 + k]
        self.lower = values[5 + k:5 + 2 * k]
        self.upper = values[5 + 2 * k:5 + 3 * k]
        flat = values[5 + 3 * k:]
        self.variance = [flat[i * k:(i + 1) * k] for i in range(k)]


def _copy(arg):
    """A private copy of a data buffer (the caller's arrays may change after fit())."""
    if arg is None or isinstance(arg, (int, float)):
        return arg
    view = memoryview(arg)
    return array(view.format, view.tobytes())


class _Pending:
    """The call that computes the figures, made on first use."""

    def __init__(self, names, estimate, helper, args, owned=False):
        self.names, self.helper = names, helper
        self.estimate = [float(v) for v in estimate]
        self.args = list(args) if owned else [_copy(a) for a in args]

    def run(self):
        """The figures, or the ConvergenceError the helper raised (a Hessian that is
        not positive definite): the fit stands and reading the attributes raises it."""
        k = len(self.names)
        out = _arrays.empty(5 + 3 * k + k * k)
        try:
            self.helper(*self.args, out)
        except ConvergenceError as e:
            return e
        return _Figures(self.names, self.estimate, out)


def pending(names, estimate, helper, *args, owned=False):
    """Defer a capi uncertainty helper (its output array goes last) until first use;
    `owned`: the buffers are private copies already."""
    return _Pending(names, estimate, helper, args, owned)


def compute(names, estimate, helper, *args):
    """Run a capi uncertainty helper now; the figures or the ConvergenceError."""
    return _Pending(names, estimate, helper, args).run()


def _pandas():
    import pandas  # pylint: disable=import-outside-toplevel
    return pandas


class UncertaintyMixin:
    """The lifetimes attributes over ``self._uncertainty`` (set by ``fit()``)."""

    _uncertainty = None

    def _figures(self):
        u = self._uncertainty
        if isinstance(u, _Pending):
            u = self._uncertainty = u.run()
        if u is None:
            raise RuntimeError("call fit() first: the uncertainty comes from the fitted data")
        if isinstance(u, Exception):
            raise ConvergenceError(u.message, u.status)
        return u

    @property
    def variance_matrix_(self):
        """Asymptotic covariance of the parameters (inverse observed information), a
        DataFrame with the parameter names as index and columns."""
        u = self._figures()
        return _pandas().DataFrame(u.variance, index=list(u.names), columns=list(u.names))

    @property
    def standard_errors_(self):
        """Standard error of each parameter, a Series."""
        u = self._figures()
        return _pandas().Series(u.standard_errors, index=list(u.names))

    @property
    def confidence_intervals_(self):
        """95% intervals (log-scale Wald), a DataFrame: rows parameters, columns
        ``lower 95% bound`` and ``upper 95% bound``."""
        u = self._figures()
        return _pandas().DataFrame({_BOUNDS[0]: u.lower, _BOUNDS[1]: u.upper},
                                   index=list(u.names))

    @property
    def summary(self):
        """Estimates with ``coef``, ``se(coef)`` and the 95% bounds, a DataFrame."""
        u = self._figures()
        return _pandas().DataFrame({"coef": u.estimate, "se(coef)": u.standard_errors,
                                    _BOUNDS[0]: u.lower, _BOUNDS[1]: u.upper},
                                   index=list(u.names))

    @property
    def aic_(self):
        """Akaike information criterion, 2 k - 2 log-likelihood."""
        return self._figures().aic

    @property
    def bic_(self):
        """Bayesian information criterion, k ln(n) - 2 log-likelihood, n the customers."""
        return self._figures().bic


def from_variance(names, estimate, variance, log_likelihood, n_observations):
    """The figures of a model loaded with its variance matrix but without the data to
    recompute it: standard errors, log-scale 95% intervals and information criteria as
    custorient/uncertainty.h defines them (NaN where the log-likelihood or n is unknown)."""
    import math  # pylint: disable=import-outside-toplevel
    k, z, nan = len(names), 1.959963984540054, float("nan")
    se = [math.sqrt(variance[i][i]) for i in range(k)]
    lower = [p * math.exp(-z * s / p) for p, s in zip(estimate, se)]
    upper = [p * math.exp(z * s / p) for p, s in zip(estimate, se)]
    ll = nan if log_likelihood is None else log_likelihood
    n = nan if n_observations is None else n_observations
    bic = k * math.log(n) - 2 * ll if n == n and n > 0 else nan
    packed = [ll, 2 * k - 2 * ll, bic, n, 0.0] + se + lower + upper + \
        [v for row in variance for v in row]
    return _Figures(names, estimate, packed)
