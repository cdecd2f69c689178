"""Comparing survival curves, with the names of ``lifelines.statistics``::

    result = logrank_test(T_a, T_b, event_observed_A=E_a, event_observed_B=E_b)
    result.test_statistic, result.p_value, result.summary, result.print_summary()

Needs numpy and pandas.
"""

import math

__all__ = ["StatisticalResult", "logrank_test"]


class StatisticalResult:
    """A test's statistic and p-value, and what it was run with (``test_name``,
    ``t_0``, ``null_distribution``, ``degrees_of_freedom`` and any keyword given to
    the test, each also an attribute), as lifelines.statistics.StatisticalResult."""

    def __init__(self, p_value, test_statistic, name=None, test_name=None, **kwargs):
        self.p_value = p_value
        self.test_statistic = test_statistic
        self.test_name = test_name
        self.name = name
        vars(self).update(kwargs)
        self._kwargs = dict(kwargs, test_name=test_name)

    @property
    def summary(self):
        """DataFrame of test_statistic, p and -log2(p)."""
        import numpy as np
        import pandas as pd
        p = np.atleast_1d(np.asarray(self.p_value, dtype=float))
        frame = pd.DataFrame({"test_statistic": np.atleast_1d(self.test_statistic), "p": p},
                             index=None if self.name is None else list(np.atleast_1d(self.name)))
        with np.errstate(divide="ignore"):
            frame["-log2(p)"] = -np.log2(p)
        return frame

    def to_ascii(self, decimals=2, **kwargs):
        """The printed form of :meth:`print_summary`."""
        meta = dict(self._kwargs, **kwargs)
        width = max(len(k) for k in meta)
        lines = ["<custorient.StatisticalResult: %s>" % self.test_name]
        lines += ["%s = %s" % (k.rjust(width), v) for k, v in meta.items() if k != "test_name"]
        lines.append("---")
        frame = self.summary

        def p_format(p):
            return "<%s" % (0.5 * 10 ** -decimals) if p < 0.5 * 10 ** -decimals else \
                "%.*f" % (decimals, p)
        lines.append(frame.to_string(float_format=lambda v: "%.*f" % (decimals, v),
                                     formatters={"p": p_format}, index=self.name is not None))
        return "\n".join(lines)

    def print_summary(self, decimals=2, style=None, **kwargs):
        """Print the test, its settings and its results as text."""
        print(self.to_ascii(decimals, **kwargs))

    def __repr__(self):
        return "<custorient.StatisticalResult: %s>" % self.test_name


def _chi2_sf_1(x):
    """P(chi^2 with 1 degree of freedom > x) = erfc(sqrt(x / 2))."""
    return math.erfc(math.sqrt(x / 2.0)) if x > 0 else 1.0


def _group_counts(durations, observed, weights, group):
    """Per distinct time of the pooled data: at risk and events, overall and in group 0."""
    import numpy as np
    times, inverse = np.unique(durations, return_inverse=True)
    k = len(times)
    removed = np.bincount(inverse, weights, minlength=k)
    events = np.bincount(inverse, weights * observed, minlength=k)
    removed_a = np.bincount(inverse, weights * (group == 0), minlength=k)
    events_a = np.bincount(inverse, weights * observed * (group == 0), minlength=k)
    # at risk at t: everyone whose time is >= t, i.e. the total less those removed before t
    at_risk = removed.sum() - np.concatenate(([0.0], np.cumsum(removed)[:-1]))
    at_risk_a = removed_a.sum() - np.concatenate(([0.0], np.cumsum(removed_a)[:-1]))
    return at_risk, events, at_risk_a, events_a


def logrank_test(durations_A, durations_B, event_observed_A=None, event_observed_B=None,
                 t_0=-1, weights_A=None, weights_B=None, weightings=None, **kwargs):
    """Log-rank test that two groups share one survival curve (lifelines' logrank_test).

    Durations are right-censored; ``event_observed_*`` default to all observed;
    ``weights_*`` are case weights; ``t_0`` (when not -1) censors every event after it.
    ``weightings`` None gives the log-rank test, "wilcoxon" weights each event time by
    the number at risk, "tarone-ware" by its square root. The statistic is chi-squared
    with one degree of freedom under the null hypothesis. Returns a
    :class:`StatisticalResult`; other keywords are kept on it (``alpha=0.99``).
    """
    import numpy as np

    def column(values, n, default):
        return np.full(n, default) if values is None else np.asarray(values, dtype=float).ravel()

    ta = np.asarray(durations_A, dtype=float).ravel()
    tb = np.asarray(durations_B, dtype=float).ravel()
    durations = np.concatenate((ta, tb))
    observed = np.concatenate((column(event_observed_A, len(ta), 1.0),
                               column(event_observed_B, len(tb), 1.0))) != 0
    weights = np.concatenate((column(weights_A, len(ta), 1.0), column(weights_B, len(tb), 1.0)))
    if not (len(durations) == len(observed) == len(weights)):
        raise ValueError("durations, event flags and weights of a group must have one length")
    if not np.all(np.isfinite(durations)):
        raise ValueError("durations must be finite numbers")
    group = np.concatenate((np.zeros(len(ta), dtype=int), np.ones(len(tb), dtype=int)))
    if t_0 != -1:
        observed = observed & (durations <= t_0)
    n, d, n_a, d_a = _group_counts(durations, observed.astype(float), weights, group)
    name = "logrank_test"
    if weightings is None:
        w = np.ones_like(n)
    elif weightings == "wilcoxon":
        w, name = n, "Wilcoxon_test"
    elif weightings == "tarone-ware":
        w, name = np.sqrt(n), "Tarone-Ware_test"
    else:
        raise ValueError("weightings must be None, 'wilcoxon' or 'tarone-ware'")
    share = n_a / n
    # hypergeometric variance of the events in group A; (n - d) / (n - 1) is 1 when n = 1
    with np.errstate(divide="ignore", invalid="ignore"):
        ties = np.where(n > 1, (n - d) / (n - 1), 1.0)
    observed_minus_expected = np.sum(w * (d_a - d * share))
    variance = np.sum(w * w * d * share * (1.0 - share) * ties)
    statistic = float(observed_minus_expected ** 2 / variance) if variance > 0 else 0.0
    kwargs.setdefault("test_name", name)
    test_name = kwargs.pop("test_name")
    return StatisticalResult(_chi2_sf_1(statistic), statistic, test_name=test_name, t_0=t_0,
                             null_distribution="chi squared", degrees_of_freedom=1, **kwargs)
