"""Parameters of lifetimes' penalised fits on CDNOW, for tests/penalizer_test.c and
bindings/python/tests/test_fitter_surface.py.

Run: /usr/bin/python3 tests/reference/penalizer_reference.py > tests/reference/penalizer_reference.out
(Debian 12: scipy 1.10, numpy 1.24.)

The objectives are lifetimes' as its documentation and fitters state them, written here
from the papers' likelihoods with scipy.special; no code is shared with the library:
- BG/NBD: recency and T divided by max(T) first; minimise
  -sum(w ll) / sum(w) + c * (r^2 + alpha'^2 + a^2 + b^2), alpha' the rate on the scaled
  time (alpha = alpha' max(T));
- Pareto/NBD: the same scaling of both rates; minimise
  -sum(w ll) / mean(w) + c * (r^2 + alpha'^2 + s^2 + beta'^2);
- Gamma-Gamma: no scaling; -sum(w ll) / sum(w) + c * (p^2 + q^2 + v^2).
Each is minimised to a gradient of about 1e-10 (BFGS in log-parameters, polished by
Nelder-Mead), so the printed values are the objective's optimum; lifetimes' own
optimiser (tolerance 1e-7, Pareto/NBD Nelder-Mead at 1e-4) stops near them.
"""
import os

import numpy as np
from scipy import optimize, special

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "cdnow")
rfm = np.genfromtxt(os.path.join(DATA, "cdnow_customers_summary.csv"), delimiter=",", names=True)
x, tx, T = rfm["frequency"], rfm["recency"], rfm["T"]
spend = np.genfromtxt(os.path.join(DATA, "cdnow_customers_summary_with_transactions.csv"),
                      delimiter=",", names=True)
rep = spend["x"] > 0
gx, gz = spend["x"][rep], spend["zbar"][rep]


def bgnbd_ll(p, x, tx, T):
    """Fader, Hardie & Lee (2005), eq. 6."""
    r, alpha, a, b = p
    base = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    stay = special.betaln(a, b + x) - special.betaln(a, b) - (r + x) * np.log(alpha + T)
    xm = np.maximum(x, 1)
    drop = (special.betaln(a + 1, b + xm - 1) - special.betaln(a, b)
            - (r + x) * np.log(alpha + tx))
    return base + np.logaddexp(stay, np.where(x > 0, drop, -np.inf))


def pnbd_ll(p, x, tx, T):
    """Fader & Hardie (2005), "A note on deriving the Pareto/NBD model", eq. 18-20."""
    r, alpha, s, beta = p
    hi, lo = max(alpha, beta), min(alpha, beta)
    t2 = r + x if alpha < beta else s + 1
    rsx = r + s + x
    log_a0 = lambda y: (np.log(special.hyp2f1(rsx, t2, rsx + 1, (hi - lo) / (hi + y)))
                        - rsx * np.log(hi + y))
    with np.errstate(divide="ignore"):  # tx == T: A0 = 0
        a0 = np.log(np.exp(log_a0(tx)) - np.exp(log_a0(T)))
    base = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    alive = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    return base + np.logaddexp(alive, np.log(s) - np.log(rsx) + a0)


def gg_ll(p, x, z):
    """Fader & Hardie (2013), eq. 1a."""
    pp, q, v = p
    return (special.gammaln(pp * x + q) - special.gammaln(pp * x) - special.gammaln(q)
            + q * np.log(v) + (pp * x - 1) * np.log(z) + pp * x * np.log(x)
            - (pp * x + q) * np.log(x * z + v))


def minimise(f, start):
    g = lambda th: f(np.exp(th))
    res = optimize.minimize(g, np.log(start), method="BFGS", options={"gtol": 1e-11})
    res = optimize.minimize(g, res.x, method="Nelder-Mead",
                            options={"xatol": 1e-13, "fatol": 1e-15, "maxiter": 40000})
    return np.exp(res.x)


def purchase(ll, c, rates, start, per_row_mean):
    s = 1.0 / T.max()
    w = np.ones_like(x)
    norm = w.mean() if per_row_mean else w.sum()

    def obj(p):
        if not np.all(np.isfinite(p)):
            return np.inf
        v = -(w * ll(p, x, tx * s, T * s)).sum() / norm + c * (p ** 2).sum()
        return v if np.isfinite(v) else np.inf
    p = minimise(obj, start)
    for i in rates:
        p[i] /= s
    return p


def spend_fit(c):
    w = np.ones_like(gx)
    return minimise(lambda p: -(w * gg_ll(p, gx, gz)).sum() / w.sum() + c * (p ** 2).sum(),
                    [1.0, 2.0, 10.0])


def show(name, p):
    print("%s: %s" % (name, ", ".join("%.12g" % v for v in p)))


if __name__ == "__main__":
    print("max T = %.12g, rows = %d, repeat rows = %d" % (T.max(), len(x), len(gx)))
    for c in (0.0, 0.001, 0.01, 0.1):
        show("BG/NBD      c=%g" % c, purchase(bgnbd_ll, c, [1], [0.3, 0.1, 0.8, 2.5], False))
        show("Pareto/NBD  c=%g" % c, purchase(pnbd_ll, c, [1, 3], [0.5, 0.3, 0.5, 0.3], True))
        show("Gamma-Gamma c=%g" % c, spend_fit(c))
