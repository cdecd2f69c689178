"""Densities and quantiles of the models' mixing distributions (gamma, beta), for the
heterogeneity plots. Pure Python with math.lgamma, so plotting needs no scipy.

The quantiles only fix the plotted range: the CDFs are the textbook power series
of the regularised incomplete gamma and beta functions, inverted by bisection to
about 1e-12 relative.
"""

import math

__all__ = ["gamma_pdf", "gamma_quantile", "beta_pdf", "beta_quantile"]

_HUGE = 1e300


def _series(log_prefactor, ratio, x):
    """exp(log_prefactor) * sum_n prod_{k<=n} ratio(k) x, summed until the terms
    vanish; the running sum is rescaled so that it cannot overflow."""
    term = total = 1.0
    log_scale = 0.0
    n = 0
    while term > 1e-17 * total:
        n += 1
        term *= ratio(n) * x
        total += term
        if total > _HUGE:
            term, total, log_scale = term / _HUGE, total / _HUGE, log_scale + math.log(_HUGE)
    return math.exp(log_prefactor + log_scale + math.log(total))


def _gamma_cdf(shape, x):
    """P(shape, x) = x^s e^-x / Gamma(s + 1) * sum_n x^n / ((s + 1) ... (s + n))."""
    if x <= 0.0:
        return 0.0
    prefactor = shape * math.log(x) - x - math.lgamma(shape + 1.0)
    return min(1.0, _series(prefactor, lambda n: 1.0 / (shape + n), x))


def _beta_cdf(a, b, x):
    """I_x(a, b) = x^a (1 - x)^b / (a B(a, b)) * sum_n (a + b)_n / (a + 1)_n x^n; past the
    mean the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) keeps the series short."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if x > (a + 1.0) / (a + b + 2.0):
        return 1.0 - _beta_cdf(b, a, 1.0 - x)
    lbeta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    prefactor = a * math.log(x) + b * math.log1p(-x) - math.log(a) - lbeta
    return min(1.0, _series(prefactor, lambda n: (a + b + n - 1.0) / (a + n), x))


def _bisect(cdf, p, lo, hi):
    while cdf(hi) < p:
        lo, hi = hi, 2.0 * hi
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if cdf(mid) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * hi:
            break
    return 0.5 * (lo + hi)


def gamma_quantile(p, shape, rate):
    """The p quantile of Gamma(shape, rate)."""
    return _bisect(lambda x: _gamma_cdf(shape, x), p, 0.0, shape + 1.0) / rate


def beta_quantile(p, a, b):
    """The p quantile of Beta(a, b)."""
    return _bisect(lambda x: _beta_cdf(a, b, x), p, 0.0, 1.0)


def _power_log(c, log_x):
    """c log x, 0 when c is 0 (x^0 = 1 at x = 0 too)."""
    import numpy as np
    return np.zeros_like(log_x) if c == 0.0 else c * log_x


def gamma_pdf(x, shape, rate):
    """Gamma(shape, rate) density at the numpy array x (inf at 0 when shape < 1)."""
    import numpy as np
    with np.errstate(divide="ignore"):
        log_x = np.log(x)
    log_pdf = shape * math.log(rate) - math.lgamma(shape) + _power_log(shape - 1.0, log_x) \
        - rate * x
    return np.exp(log_pdf)


def beta_pdf(x, a, b):
    """Beta(a, b) density at the numpy array x in [0, 1] (inf at an end whose exponent
    is below 1)."""
    import numpy as np
    lbeta = math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    with np.errstate(divide="ignore"):
        log_x, log_1mx = np.log(x), np.log1p(-x)
    log_pdf = _power_log(a - 1.0, log_x) + _power_log(b - 1.0, log_1mx) - lbeta
    return np.exp(log_pdf)
