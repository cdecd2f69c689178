"""The BG/BB model of discrete purchase opportunities under lifetimes' name,
``BetaGeoBetaBinomFitter`` (Fader, Hardie & Shang 2010).

Histories are counted in opportunities (years of a donation drive, annual events):
``frequency`` the opportunities with a transaction after the first, ``recency`` the
opportunity of the last one, ``n_periods`` the opportunities observed, and
``weights`` how many customers share a history, as lifetimes takes them::

    donations = custorient.datasets.load_donations()
    bbf = BetaGeoBetaBinomFitter().fit(donations["frequency"], donations["recency"],
                                       donations["periods"], donations["weights"])
    bbf.conditional_probability_alive(1, frequency, recency, n_periods)

Predictions take and give what the other fitters do (custorient/_frames.py); the
uncertainty attributes (``summary``, ``standard_errors_``...) come from the C
library's analytic Hessian (custorient/_uncertainty.py).
"""

import random
from array import array

from . import capi as _capi
from . import _arrays
from . import _frames
from ._dask_hook import accepts_dask
from . import _uncertainty
from .btyd import _Fitter, _columns, _fit_controls

__all__ = ["BetaGeoBetaBinomFitter"]


class BetaGeoBetaBinomFitter(_Fitter):
    """BG/BB model; params_ alpha, beta (transaction probability ~ Beta(alpha, beta)),
    gamma, delta (drop-out probability ~ Beta(gamma, delta))."""
    _param_names = ("alpha", "beta", "gamma", "delta")

    _file_kind = "bgbb"

    @accepts_dask("_fit_rows")
    def fit(self, frequency, recency, n_periods, weights=None, initial_params=None,
            verbose=False, tol=1e-7, index=None, maxiter=None, max_iter=500, **kwargs):
        """Maximum-likelihood fit; `weights` counts the customers of each history (None: 1
        each). Returns self; ``data`` then holds the fitted columns (a DataFrame indexed by
        `index` when pandas is installed).

        lifetimes' arguments: `initial_params` (alpha, beta, gamma, delta to start from;
        default Beta(1, 1) mixtures), `verbose`, `tol` (gradient tolerance of the mean
        log-likelihood), `index`, `maxiter` (alias `max_iter`); other keyword arguments,
        scipy's optimiser options in lifetimes, are ignored with a warning.
        Raises InvalidArgumentError naming the first bad index, ConvergenceError when the
        optimiser does not converge.
        """
        start, limit = _fit_controls(self._param_names, initial_params, maxiter, max_iter,
                                     kwargs)
        cols = dict(frequency=frequency, recency=recency, n_periods=n_periods)
        if weights is not None:
            cols["weights"] = weights
        n, b = _columns(**cols)
        params, info = array("d", [0.0] * 4), array("d", [0.0] * 5)
        _capi.co_py_bgbb_fit(b["frequency"], b["recency"], b["n_periods"], b.get("weights"),
                             self.penalizer_coef, limit, float(tol), start, params, info)
        self._store(params, info)
        if "weights" not in b:
            b["weights"] = _arrays.as_buffer(array("d", [1.0]) * n, "float64", "weights")
        self._n_observations = float(sum(memoryview(b["weights"]).cast("B").cast("d")))
        self._keep_data(b, index)
        self._uncertainty = self._pending_uncertainty(b)
        self._report(verbose)
        return self

    _data_columns = ("frequency", "recency", "n_periods", "weights")

    def _keep_data(self, b, index):
        """``data``: the fitted columns of `b` (buffers by name), copied; a DataFrame
        indexed by `index`, else a dict of arrays."""
        columns = {k: _uncertainty._copy(_arrays.as_buffer(b[k], "float64", k))
                   for k in self._data_columns}
        pd = _frames._pandas()
        if pd is None:
            self.data = columns
            return
        import numpy  # pylint: disable=import-outside-toplevel
        self.data = pd.DataFrame({k: numpy.frombuffer(v, dtype=float)
                                  for k, v in columns.items()}, index=index)

    def _pending_uncertainty(self, b):
        """The uncertainty of the fitted parameters on the columns of `b`, on first use."""
        params = array("d", [self.params_[k] for k in self._param_names])
        return _uncertainty.pending(
            self._param_names, params, _capi.co_py_bgbb_uncertainty, params, b["frequency"],
            b["recency"], b["n_periods"], b.get("weights"), self.penalizer_coef)

    def _predict(self, what, frequency=0.0, recency=0.0, n_periods=0.0, future=0.0):
        p = self._require_fit()
        n, b = _columns(frequency=frequency, recency=recency, n_periods=n_periods,
                        future=future)
        out = _arrays.empty(n)
        _capi.co_py_bgbb_predict(what, p, b["frequency"], b["recency"], b["n_periods"],
                                 b["future"], out)
        return out

    def conditional_probability_alive(self, m_periods_in_future, frequency, recency,
                                      n_periods):
        """P(alive at opportunity n_periods + m_periods_in_future | history) per customer
        (1: alive at the next opportunity, the paper's Table 6)."""
        return self._predict(_capi.CO_PY_ALIVE, frequency, recency, n_periods,
                             m_periods_in_future)

    def conditional_expected_number_of_purchases_up_to_time(self, m_periods_in_future,
                                                            frequency, recency, n_periods):
        """E[transactions in the next m_periods_in_future opportunities | history]."""
        return self._predict(_capi.CO_PY_CONDITIONAL, frequency, recency, n_periods,
                             m_periods_in_future)

    def _band(self, what, m_periods_in_future, frequency, recency, n_periods, draws, level,
              seed, threads):
        u = self._figures()
        n, b = _columns(frequency=frequency, recency=recency, n_periods=n_periods,
                        future=m_periods_in_future)
        lower, upper = _arrays.empty(n), _arrays.empty(n)
        variance = array("d", [v for row in u.variance for v in row])
        _capi.co_py_bgbb_band(
            what, array("d", u.estimate), variance, b["frequency"], b["recency"],
            b["n_periods"], b["future"], _arrays.as_int(draws, "uint64", "draws"), float(level),
            _arrays.as_int(seed, "uint64", "seed"), _arrays.as_int(threads, "uint64", "threads"),
            lower, upper)
        return lower, upper

    def conditional_probability_alive_band(self, m_periods_in_future, frequency, recency,
                                           n_periods, draws=2000, level=0.95, seed=1,
                                           threads=1):
        """(lower, upper): the central `level` band of P(alive) per customer over `draws`
        parameter sets drawn from the fit's asymptotic normal (log scale). It covers the
        estimation uncertainty of the parameters only. Seeded; the same for any number of
        threads."""
        return self._band(_capi.CO_PY_ALIVE, m_periods_in_future, frequency, recency,
                          n_periods, draws, level, seed, threads)

    def conditional_expected_number_of_purchases_up_to_time_band(
            self, m_periods_in_future, frequency, recency, n_periods, draws=2000, level=0.95,
            seed=1, threads=1):
        """(lower, upper): the band of the expected transactions in the next
        m_periods_in_future opportunities under parameter uncertainty; as
        conditional_probability_alive_band()."""
        return self._band(_capi.CO_PY_CONDITIONAL, m_periods_in_future, frequency, recency,
                          n_periods, draws, level, seed, threads)

    def expected_number_of_purchases_up_to_time(self, n_periods):
        """E[transactions in the first n_periods opportunities] for a new customer."""
        return self._predict(_capi.CO_PY_EXPECTED, future=n_periods)

    def probability_of_n_purchases_up_to_time(self, n_periods, n):
        """P(exactly n transactions in the first n_periods opportunities), new customer."""
        return self._predict(_capi.CO_PY_PMF, frequency=n, future=n_periods)

    def expected_number_of_transactions_in_first_n_periods(self, n):
        """Expected customers by their number of transactions in the first n opportunities,
        as lifetimes gives it: a DataFrame indexed by the fitted data's frequencies
        (``frequency``), column ``model``, the total weight times P(X(n) = frequency)."""
        if getattr(self, "data", None) is None:
            raise RuntimeError("call fit() first: the counts come from the fitted data")
        pd = _frames._pandas()
        counts = pd.DataFrame(self.data).groupby("frequency")["weights"].sum()
        probability = self.probability_of_n_purchases_up_to_time(
            float(n), [float(x) for x in counts.index])
        return pd.DataFrame({"model": [float(v) * counts.sum() for v in probability]},
                            index=pd.Index(counts.index, name="frequency"))

    def log_likelihood(self, frequency, recency, n_periods):
        """Log-likelihood of histories under the fitted parameters (a float)."""
        return float(self._predict(_capi.CO_PY_LOGLIK, frequency, recency, n_periods)[0])

    def simulate(self, n_periods, seed=0):
        """Simulate customers observed for n_periods opportunities each: returns
        (frequency, recency)."""
        p = self._require_fit()
        n, b = _columns(n_periods=n_periods)
        freq, rec = _arrays.empty(n), _arrays.empty(n)
        _capi.co_py_bgbb_simulate(p, b["n_periods"], _arrays.as_int(seed, "uint64", "seed"),
                                  freq, rec)
        return freq, rec

    def generate_new_data(self, size=1, seed=None):
        """Simulate `size` customers from the fitted model over the fitted data's
        n_periods (the first `size` rows, repeated if needed), as lifetimes'
        generate_new_data: a DataFrame indexed by customer_id with frequency, recency,
        n_periods, p (transaction probability), theta (drop-out probability) and alive
        (1 if alive at the last opportunity). `seed` (default: a random one) makes it
        reproducible."""
        p = self._require_fit()
        if getattr(self, "data", None) is None:
            raise RuntimeError("generate_new_data() needs the fitted data: call fit() first")
        size = _arrays.as_int(size, "uint64", "size")
        periods = [float(v) for v in self.data["n_periods"]]
        n_periods = array("d", [periods[i % len(periods)] for i in range(size)])
        seed = random.getrandbits(64) if seed is None else _arrays.as_int(seed, "uint64", "seed")
        names = ("frequency", "recency", "p", "theta", "alive")
        out = {k: _arrays.empty(size) for k in names}
        _capi.co_py_bgbb_simulate_latent(p, n_periods, seed, *[out[k] for k in names])
        columns = {"frequency": out["frequency"], "recency": out["recency"],
                   "n_periods": n_periods, "p": out["p"], "theta": out["theta"],
                   "alive": out["alive"]}
        pd = _frames._pandas()
        if pd is None:
            return columns
        import numpy  # pylint: disable=import-outside-toplevel
        frame = pd.DataFrame({k: numpy.asarray(v, dtype=float) for k, v in columns.items()})
        frame.index.name = "customer_id"
        return frame


_frames.pandas_io(BetaGeoBetaBinomFitter, "conditional_probability_alive",
                  "conditional_expected_number_of_purchases_up_to_time",
                  "expected_number_of_purchases_up_to_time",
                  "probability_of_n_purchases_up_to_time")
