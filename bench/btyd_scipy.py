"""BG/NBD and Pareto/NBD fits: custorient against scipy.optimize.

Run (release build, one core):
    cmake --preset release && cmake --build --preset release -j2
    PYTHONPATH=build/release/bindings/python/site taskset -c 0 \
        /usr/bin/python3 bench/btyd_scipy.py [max_n]

Customers are simulated with the library's simulator from the CDNOW
estimates in days (T whole days in 1..546, recency rounded down to whole
days, as summaries of dated transactions are). The scipy side is the way
users fit these models in Python today (as the lifetimes package does):
numpy log-likelihood over every customer, scipy.optimize.minimize(BFGS) on
log-parameters with finite-difference gradients. Where a scipy fit would
take minutes (Pareto/NBD at 1M, whose likelihood calls scipy.special.hyp2f1
per customer), its time is estimated as (evaluations of the 100k fit) x
(measured time of one evaluation at 1M, at the estimate), marked "est".
Up to 100k customers each side's time is the best of three runs.
The last line is the BG/NBD on 47,140 customers with distinct (x, t_x, T)
against scipy's L-BFGS-B (distinct_histories()).
"""
import sys
import time

import numpy as np
from scipy import optimize, special

import custorient


def bgnbd_nll(lp, x, tx, T):
    r, alpha, a, b = np.exp(lp)
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.betaln(a, b + x) - special.betaln(a, b)
    a3 = -(r + x) * np.log(alpha + T)
    d = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300))
                 + (r + x) * (np.log(alpha + T) - np.log(alpha + tx)), -np.inf)
    return -np.mean(a1 + a2 + a3 + np.logaddexp(0, d))


def pnbd_nll(lp, x, tx, T):
    r, alpha, s, beta = np.exp(lp)
    m = r + s + x
    if alpha >= beta:
        def f(t):
            return special.hyp2f1(m, s + 1, m + 1, (alpha - beta) / (alpha + t)) / (alpha + t) ** m
    else:
        def f(t):
            return special.hyp2f1(m, r + x, m + 1, (beta - alpha) / (beta + t)) / (beta + t) ** m
    with np.errstate(all="ignore"):
        a0 = f(tx) - f(T)
        c = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
        ll = c + np.log((alpha + T) ** -(r + x) * (beta + T) ** -s + s / m * a0)
    v = -np.mean(ll)
    return v if np.isfinite(v) else 1e10


def scipy_fit(nll, x, tx, T, start):
    t0 = time.perf_counter()
    res = optimize.minimize(nll, np.log(start), args=(x, tx, T), method="BFGS",
                            options={"gtol": 1e-6})
    return time.perf_counter() - t0, res.nfev, np.exp(res.x)


def one_eval(nll, x, tx, T, start):
    t0 = time.perf_counter()
    nll(np.log(start), x, tx, T)
    return time.perf_counter() - t0


def params_of(fitted):
    """The estimate as an array (params_ is a pandas Series, or a dict without pandas)."""
    p = fitted.params_
    return np.array(list(p.values()) if isinstance(p, dict) else p, dtype=float)


def distinct_histories(n=47_140):
    """BG/NBD on n customers whose (x, t_x, T) all differ (T and recency
    continuous: nothing to merge), against scipy's L-BFGS-B with
    finite-difference gradients on the same likelihood. CPU time of this
    process (time.process_time), best of three on both sides, so that other
    work on a shared machine does not count."""
    T = 1.0 + 545.0 * ((np.arange(n) * 0.6180339887498949) % 1.0)
    freq, rec = custorient.BetaGeoFitter.from_params(
        r=0.243, alpha=30.9, a=0.793, b=2.426).simulate(T, seed=42)
    assert len(set(zip(freq, rec, T))) == n
    ours = theirs = float("inf")
    for _ in range(3):
        t0 = time.process_time()
        fitted = custorient.BetaGeoFitter().fit(freq, rec, T)
        ours = min(ours, time.process_time() - t0)
        t0 = time.process_time()
        res = optimize.minimize(bgnbd_nll, np.log([1.0, 30.0, 1.0, 1.0]), args=(freq, rec, T),
                                method="L-BFGS-B")
        theirs = min(theirs, time.process_time() - t0)
    est, ours_p = np.exp(res.x), params_of(fitted)
    if not np.allclose(ours_p, est, rtol=2e-3):
        print("  note: estimates differ: ours %s scipy %s" % (ours_p, est))
    print("| BG/NBD, distinct histories (CPU s) | %d | %.4f | %.3f | %.0fx | %d (L-BFGS-B) |"
          % (n, ours, theirs, theirs / ours, res.nfev))


def main():
    max_n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    models = [
        ("BG/NBD", custorient.BetaGeoFitter, dict(r=0.243, alpha=30.9, a=0.793, b=2.426),
         bgnbd_nll, [1.0, 30.0, 1.0, 1.0]),
        ("Pareto/NBD", custorient.ParetoNBDFitter,
         dict(r=0.553, alpha=74.0, s=0.606, beta=81.7), pnbd_nll, [1.0, 30.0, 1.0, 30.0]),
    ]
    print("| model | customers | custorient s | scipy s | speed-up | scipy evals |")
    print("|---|---|---|---|---|---|")
    for name, cls, truth, nll, start in models:
        evals_100k = None
        n = 10_000
        while n <= max_n:
            T = (1 + (np.arange(n) * 7919) % 546).astype(float)
            freq, rec = cls.from_params(**truth).simulate(T, seed=42)
            rec = np.floor(rec)
            repeats = 3 if n <= 100_000 else 1  # best of 3 on both sides where cheap
            ours = float("inf")
            for _ in range(repeats):
                t0 = time.perf_counter()
                fitted = cls().fit(freq, rec, T)
                ours = min(ours, time.perf_counter() - t0)
            if name == "Pareto/NBD" and n >= 1_000_000 and evals_100k:
                # One evaluation at the estimate, where the 2F1 series are typical.
                per = one_eval(nll, freq, rec, T, list(params_of(fitted)))
                theirs, evals, mark = per * evals_100k, evals_100k, " (est)"
            else:
                runs = [scipy_fit(nll, freq, rec, T, start) for _ in range(repeats)]
                theirs, evals, est = min(runs, key=lambda run: run[0])
                mark = ""
                if n == 100_000:
                    evals_100k = evals
                ours_p = params_of(fitted)
                if not np.allclose(ours_p, est, rtol=2e-3):
                    print("  note: estimates differ: ours %s scipy %s" % (ours_p, est))
            print("| %s | %d | %.3f | %.2f%s | %.0fx | %d |"
                  % (name, n, ours, theirs, mark, theirs / ours, evals))
            sys.stdout.flush()
            n *= 10
    distinct_histories()


if __name__ == "__main__":
    main()
