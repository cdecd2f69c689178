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

from array import array

from . import capi as _capi
from . import _arrays
from . import _uncertainty
from . import _frames

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


def _params_buffer(values):
    return array("d", values)


class _Fitter(_uncertainty.UncertaintyMixin):
    _param_names = ()

    def __init__(self, penalizer_coef=0.0):
        self.penalizer_coef = float(penalizer_coef)
        self.params_ = None
        self.log_likelihood_ = None
        self.fit_info_ = None

    def _require_fit(self):
        if self.params_ is None:
            raise RuntimeError("call fit() first")
        return _params_buffer([self.params_[k] for k in self._param_names])

    def _store(self, params, info):
        self.params_ = _frames.params(self._param_names, params)
        self.log_likelihood_ = float(info[0])
        self.fit_info_ = {"iterations": int(info[1]), "evaluations": int(info[2]),
                          "distinct_rows": int(info[3]), "used_fallback": bool(info[4])}

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
        if self.params_ is None:
            return "<%s: not fitted>" % type(self).__name__
        return "<%s: %s>" % (type(self).__name__, ", ".join(
            "%s: %.4g" % kv for kv in self.params_.items()))


class _PurchaseFitter(_Fitter):
    _model = None

    def fit(self, frequency, recency, T, weights=None, max_iter=500, tol=1e-7):
        """Maximum-likelihood fit; identical customers are merged first. Returns self.

        Raises InvalidArgumentError naming the first bad index, ConvergenceError
        when the optimiser does not converge.
        """
        cols = dict(frequency=frequency, recency=recency, T=T)
        if weights is not None:
            cols["weights"] = weights
        n, b = _columns(**cols)
        params, info = array("d", [0.0] * 4), array("d", [0.0] * 5)
        max_iter = _arrays.as_int(max_iter, "uint64", "max_iter")
        _capi.co_py_purchase_fit(self._model, b["frequency"], b["recency"], b["T"],
                                 b.get("weights"), self.penalizer_coef, max_iter,
                                 float(tol), params, info)
        self._store(params, info)
        self._uncertainty = _uncertainty.pending(
            self._param_names, params, _capi.co_py_purchase_uncertainty, self._model, params,
            b["frequency"], b["recency"], b["T"], b.get("weights"), self.penalizer_coef)
        return self

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
        lower, upper = _arrays.empty(n), _arrays.empty(n)
        variance = array("d", [v for row in u.variance for v in row])
        _capi.co_py_purchase_band(
            self._model, what, array("d", u.estimate), variance, b["frequency"], b["recency"],
            b["T"], b["t"], _arrays.as_int(draws, "uint64", "draws"), float(level),
            _arrays.as_int(seed, "uint64", "seed"), _arrays.as_int(threads, "uint64", "threads"),
            lower, upper)
        return lower, upper

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

class BetaGeoFitter(_PurchaseFitter):
    """BG/NBD model (Fader, Hardie & Lee 2005); params_ r, alpha, a, b."""
    _param_names = ("r", "alpha", "a", "b")
    _model = _capi.CO_PY_BGNBD


class ParetoNBDFitter(_PurchaseFitter):
    """Pareto/NBD model (Schmittlein, Morrison & Colombo 1987); params_ r, alpha, s, beta."""
    _param_names = ("r", "alpha", "s", "beta")
    _model = _capi.CO_PY_PARETONBD


class GammaGammaFitter(_Fitter):
    """Gamma-Gamma spend model (Fader & Hardie 2013); params_ p, q, v."""
    _param_names = ("p", "q", "v")

    def fit(self, frequency, monetary_value, weights=None, max_iter=500, tol=1e-7):
        """Fit on repeat customers (rows with frequency 0 are ignored). Returns self."""
        cols = dict(frequency=frequency, monetary_value=monetary_value)
        if weights is not None:
            cols["weights"] = weights
        n, b = _columns(**cols)
        params, info = array("d", [0.0] * 3), array("d", [0.0] * 5)
        max_iter = _arrays.as_int(max_iter, "uint64", "max_iter")
        _capi.co_py_gammagamma_fit(b["frequency"], b["monetary_value"], b.get("weights"),
                                   self.penalizer_coef, max_iter, float(tol), params, info)
        self._store(params, info)
        self._uncertainty = _uncertainty.pending(
            self._param_names, params, _capi.co_py_gammagamma_uncertainty, params,
            b["frequency"], b["monetary_value"], b.get("weights"), self.penalizer_coef)
        return self

    def conditional_expected_average_profit(self, frequency, monetary_value):
        """E[mean order value | frequency, monetary_value] per customer."""
        p = self._require_fit()
        n, b = _columns(frequency=frequency, monetary_value=monetary_value)
        out = _arrays.empty(n)
        _capi.co_py_gammagamma_predict(0, p, b["frequency"], b["monetary_value"], out)
        return out

    def customer_lifetime_value(self, transaction_prediction_model, frequency, recency, T,
                                monetary_value, time=12, discount_rate=0.01, freq="D"):
        """Discounted value over `time` months, as lifetimes defines it.

        transaction_prediction_model: a fitted BetaGeoFitter or ParetoNBDFitter.
        freq: the data's time unit, "D" days, "W" weeks, "M" months, "H" hours.
        discount_rate: per month.
        """
        p = self._require_fit()
        if not isinstance(transaction_prediction_model, _PurchaseFitter):
            raise TypeError("transaction_prediction_model must be a BetaGeoFitter or "
                            "ParetoNBDFitter")
        mp = transaction_prediction_model._require_fit()
        if freq not in _UNITS:
            raise ValueError("freq must be one of %s" % ", ".join(sorted(_UNITS)))
        time = _arrays.as_int(time, "int32", "time")
        if time < 0:
            raise _arrays.RangeError("time must be a whole number of months >= 0")
        n, b = _columns(frequency=frequency, recency=recency, T=T, monetary_value=monetary_value)
        out = _arrays.empty(n)
        _capi.co_py_clv(transaction_prediction_model._model, mp, p, b["frequency"],
                        b["recency"], b["T"], b["monetary_value"], time,
                        float(discount_rate), _capi.co_time_unit_per_month(_UNITS[freq]), out)
        return out


# pandas in, pandas out (custorient/_frames.py); predict as lifetimes' alias.
_frames.pandas_io(_PurchaseFitter, "conditional_probability_alive",
                  "expected_number_of_purchases_up_to_time",
                  "conditional_expected_number_of_purchases_up_to_time",
                  "probability_of_n_purchases_up_to_time")
_PurchaseFitter.predict = _PurchaseFitter.conditional_expected_number_of_purchases_up_to_time
_frames.pandas_io(GammaGammaFitter, "conditional_expected_average_profit",
                  "customer_lifetime_value", names={"customer_lifetime_value": "clv"})
