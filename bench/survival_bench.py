"""Churn and survival benchmarks: custorient against the peers a Python user
would otherwise pick.

  * Kaplan-Meier on 1M durations against a vectorised numpy implementation of
    the same estimator (lifelines is not packaged here; its fitter does the
    same numpy work plus pandas bookkeeping), including Greenwood errors and
    the log-log band.
  * sBG fit against scipy.optimize on the same likelihood: the Fader & Hardie
    regular cohort, and 120 monthly cohorts observed for 1..120 months.

Run from the worktree after `cmake --preset release && cmake --build --preset release`:
    PYTHONPATH=build/release/bindings/python/site /usr/bin/python3 bench/survival_bench.py
Each timing is the best of several runs in this one process; ratios are peer / custorient.
"""

import time

import numpy as np
from scipy import optimize, special, stats

import custorient


def best_of(fn, repeat):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def numpy_km(durations, observed, alpha=0.05):
    """Vectorised Kaplan-Meier with Greenwood variance and log-log band."""
    order = np.argsort(durations, kind="stable")
    d, e = durations[order], observed[order]
    times, start, removed = np.unique(d, return_index=True, return_counts=True)
    events = np.add.reduceat(e.astype(np.int64), start)
    at_risk = len(d) - np.concatenate(([0], np.cumsum(removed)[:-1]))
    with np.errstate(divide="ignore", invalid="ignore"):
        surv = np.cumprod(1.0 - events / at_risk)
        greenwood = np.cumsum(events / (at_risk * (at_risk - events)))
        z = stats.norm.ppf(1 - alpha / 2)
        log_s = np.log(surv)
        spread = z * np.sqrt(greenwood) / -log_s
        lower = np.exp(-np.exp(np.log(-log_s) + spread))
        upper = np.exp(-np.exp(np.log(-log_s) - spread))
    median = times[np.argmax(surv <= 0.5)] if (surv <= 0.5).any() else np.inf
    return times, surv, lower, upper, median


def scipy_sbg_fit(cohorts):
    """The sBG likelihood with Beta functions, minimised by scipy (BFGS, numeric gradient)."""
    prepared = []
    for s in cohorts:
        s = np.asarray(s, float)
        prepared.append((np.arange(1, len(s)), s[:-1] - s[1:], s[-1], len(s) - 1))

    def negll(x):
        a, b = np.exp(x)
        lb = special.betaln(a, b)
        ll = 0.0
        for t, churned, last, m in prepared:
            ll += np.sum(churned * (special.betaln(a + 1, b + t - 1) - lb))
            ll += last * (special.betaln(a, b + m) - lb)
        return -ll

    res = optimize.minimize(negll, [0.0, 0.0], method="BFGS")
    return np.exp(res.x)


def main():
    print("custorient", custorient.__version__, "numpy", np.__version__)
    rng = np.random.default_rng(42)
    n = 1_000_000
    # Whole-day durations (as churn data come) with 30% censoring.
    durations = np.floor(rng.exponential(400.0, n)).astype(float)
    observed = (rng.random(n) > 0.3).astype(np.uint8)
    t_c, km = best_of(lambda: custorient.KaplanMeierFitter().fit(durations, observed), 5)
    t_np, ref = best_of(lambda: numpy_km(durations, observed), 5)
    assert np.allclose(km.predict(ref[0]), ref[1], rtol=1e-12)
    assert km.median_survival_time_ == ref[4]
    print("KM 1M whole-day durations: custorient %.1f ms, numpy %.1f ms, ratio %.1fx"
          % (t_c * 1e3, t_np * 1e3, t_np / t_c))
    cont = rng.exponential(400.0, n)
    t_c, km = best_of(lambda: custorient.KaplanMeierFitter().fit(cont, observed), 5)
    t_np, ref = best_of(lambda: numpy_km(cont, observed), 5)
    assert np.allclose(km.predict(ref[0]), ref[1], rtol=1e-9)
    print("KM 1M continuous durations: custorient %.1f ms, numpy %.1f ms, ratio %.1fx"
          % (t_c * 1e3, t_np * 1e3, t_np / t_c))

    regular = [1000, 631, 468, 382, 326, 289, 262, 241]
    t_c, fit = best_of(lambda: custorient.ShiftedBetaGeoFitter().fit(regular), 200)
    t_sp, ab = best_of(lambda: scipy_sbg_fit([regular]), 20)
    assert np.allclose([fit.params_["alpha"], fit.params_["beta"]], ab, rtol=1e-4)
    print("sBG fit, 1 cohort x 7 periods: custorient %.1f us, scipy %.1f us, ratio %.0fx"
          % (t_c * 1e6, t_sp * 1e6, t_sp / t_c))
    # 120 monthly cohorts of 1000 customers, the oldest observed for 120 months.
    theta = rng.beta(0.7, 3.0, (120, 1000))
    life = rng.geometric(theta)
    cohorts = [[float((life[c] > t).sum()) for t in range(120 - c + 1)] for c in range(120)]
    t_c, fit = best_of(lambda: custorient.ShiftedBetaGeoFitter().fit(cohorts), 50)
    t_sp, ab = best_of(lambda: scipy_sbg_fit(cohorts), 3)
    assert np.allclose([fit.params_["alpha"], fit.params_["beta"]], ab, rtol=1e-4)
    print("sBG fit, 120 cohorts (7260 counts): custorient %.1f us, scipy %.1f ms, ratio %.0fx"
          % (t_c * 1e6, t_sp * 1e3, t_sp / t_c))


if __name__ == "__main__":
    main()
