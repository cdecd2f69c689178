"""What in the feedback predicts who stops buying: the Pareto/NBD with feedback
covariates on drop-out against the plain Pareto/NBD, as the report's section of
that name (docs/models.md, "What the feedback says about who stops buying")."""

import math
from array import array

from . import capi as _capi
from .btyd import ParetoNBDFitter

__all__ = ["feedback_churn"]

# The analysis's indicators, as the report's (examples/cli/feedback_churn.c): its
# name, the covariate column, and how it is read: as it is, "> 0", or "below a
# cut" among the rows whose missing indicator is 0.
_COLUMNS = (("nps_detractor", "nps_detractor", None), ("nps_passive", "nps_passive", None),
            ("nps_none", "nps_none", None), ("open_contact", "contacts_open", (">", 0)),
            ("csat_low", "csat_mean", ("<", 3, "csat_missing")),
            ("csat_missing", "csat_missing", None),
            ("ces_low", "ces_mean", ("<", 4, "ces_missing")), ("ces_missing", "ces_missing", None),
            ("sentiment_negative", "sentiment_mean", ("<", -0.05, "text_missing")),
            ("text_missing", "text_missing", None))


def _design(covariates):
    """The analysis's indicators from a covariate DataFrame, those with the data for an
    effect (co_covariate_screen(): at least CO_COVARIATE_MIN_PER_SIDE customers with the
    indicator and as many without, as the report keeps them)."""
    import pandas as pd  # pylint: disable=import-outside-toplevel
    out = {}
    for name, source, how in _COLUMNS:
        if source not in covariates.columns:
            continue
        col = covariates[source].astype(float)
        if how and how[0] == ">":
            col = col > how[1]
        elif how:
            has = covariates[how[2]] == 0 if how[2] in covariates.columns else True
            col = (col < how[1]) & has
        out[name] = col.astype(float).to_numpy()
    x = pd.DataFrame(out)
    keep = array("B", bytes(x.shape[1]))
    if x.shape[1]:
        _capi.co_py_covariate_screen(array("d", x.to_numpy().ravel()), len(x), x.shape[1], keep)
    return x.loc[:, [bool(k) for k in keep]]


def feedback_churn(store, as_of, covariates=None):
    """Each feedback covariate's effect on the drop-out rate, as a DataFrame indexed by
    covariate with ``exp(coef)`` (the factor on the Pareto/NBD drop-out rate of the
    customers the indicator marks), its 95% bounds ``lower`` and ``upper``,
    ``p`` (Wald) and ``clear`` (the interval excludes 1).

    store: a Store; as_of: the day (the summary's rows in weeks). covariates: a
    DataFrame with one row per row of ``store.summary(as_of)`` and the columns of the
    store's covariate matrix (``nps_detractor``, ``nps_passive``, ``nps_none``,
    ``contacts_open`` > 0, ``csat_mean`` < 3, ``csat_missing``, ``ces_mean`` < 4,
    ``ces_missing``, ``sentiment_mean`` < -0.05, ``text_missing``; the means among the
    rows with a value); None takes ``store.covariates(as_of, text_window=0,
    rating_window=0)``. As in the report, an indicator is kept only when at least
    ``CO_COVARIATE_MIN_PER_SIDE`` (10) customers have it and as many lack it, and the
    fit needs ``CO_COVARIATE_MIN_PER_PARAMETER`` (10) customers per parameter (4 plus
    the indicators kept), else InvalidArgumentError (custorient/covariate_screen.h).
    The comparison with the plain Pareto/NBD is in ``attrs``: ``lr_statistic``,
    ``lr_df``, ``lr_p``, ``aic_plain``, ``aic_feedback``, ``better`` (lr_p < 0.05 and the
    lower AIC) and the two fitters, ``plain`` and ``model``."""
    summary = store.summary(as_of, unit="weeks")
    if covariates is None:
        covariates = store.covariates(as_of, text_window=0, rating_window=0)
    if len(covariates) != len(summary):
        raise ValueError("covariates has %d rows, the summary as of the day %d"
                         % (len(covariates), len(summary)))
    x = _design(covariates)
    if x.shape[1] == 0:
        raise ValueError("no feedback that differs between the customers (an indicator needs "
                         "%d customers with it and %d without)"
                         % (_capi.CO_COVARIATE_MIN_PER_SIDE, _capi.CO_COVARIATE_MIN_PER_SIDE))
    _capi.co_covariate_check_size(len(summary), 4 + x.shape[1])
    plain = ParetoNBDFitter().fit(summary.frequency, summary.recency, summary.T)
    model = ParetoNBDFitter().fit(summary.frequency, summary.recency, summary.T,
                                  dropout_covariates=x)
    lr = array("d", [0.0] * 5)
    _capi.co_py_likelihood_ratio_test(plain.log_likelihood_, 4, model.log_likelihood_,
                                      4 + x.shape[1], lr)
    c = model.coefficients_.loc["dropout"]
    out = c[["exp(coef)", "p"]].copy()
    out.insert(1, "lower", [math.exp(v) for v in c["lower 95% bound"]])
    out.insert(2, "upper", [math.exp(v) for v in c["upper 95% bound"]])
    out["clear"] = (out["lower"] > 1) | (out["upper"] < 1)
    out.attrs.update(lr_statistic=lr[0], lr_df=int(lr[1]), lr_p=lr[2], aic_plain=lr[3],
                     aic_feedback=lr[4], better=bool(lr[2] < 0.05 and lr[4] < lr[3]),
                     plain=plain, model=model)
    return out
