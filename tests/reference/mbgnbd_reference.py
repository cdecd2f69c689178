"""Independent reference values for tests/mbgnbd_test.c and the Python MBG/NBD tests.

Run: /usr/bin/python3 tests/reference/mbgnbd_reference.py   (output: mbgnbd_reference.out;
Debian 12: scipy 1.10, numpy 1.24, mpmath 1.2; a few minutes).

The MBG/NBD (Batislam, Denizel & Filiztekin 2007) is written here from the model's
definition, not from the library's formulas:
- the likelihood as the paper's two terms (alive with x purchases by T; dropped out
  right after the last purchase), with scipy.special.betaln and gammaln;
- the fit by scipy.optimize.minimize (Nelder-Mead, then BFGS) in log-parameters;
- P(alive) as the ratio of the first likelihood term to the whole, at 30 digits;
- expected purchases by numerical integration over the drop-out probability p
  (mpmath.quad) of E[X(t) | p] with the purchase rate already integrated out:
  a new customer survives time 0 with probability 1 - p and then makes
  (1/p)(1 - (alpha/(alpha + p t))^r) purchases on average; a customer alive at T
  has rate Gamma(r+x, alpha+T) and p ~ Beta(a, b+x+1);
- P(X(t) = n) as the finite sum over the Poisson probabilities (no incomplete beta);
- standard errors from the Hessian of the 30-digit log-likelihood by mpmath.diff.

Data: the CDNOW sample summaries in tests/data/cdnow (weeks).
"""
import collections
import os

import mpmath as mp
import numpy as np
from scipy import optimize, special

mp.mp.dps = 30
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "cdnow", "cdnow_customers_summary.csv")

summary = np.genfromtxt(DATA, delimiter=",", names=True)
X, TX, TT = summary["frequency"], summary["recency"], summary["T"]


def ll_each(p, x, tx, T):
    r, alpha, a, b = p
    c = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) - special.betaln(a, b)
    alive = c + special.betaln(a, b + x + 1) - (r + x) * np.log(alpha + T)
    gone = c + special.betaln(a + 1, b + x) - (r + x) * np.log(alpha + tx)
    return np.logaddexp(alive, gone)


def fit(x, tx, T, penalizer=0.0, time_scale=1.0):
    """Penalised fit; the penalty takes alpha in units of `time_scale` (lifetimes fits
    on T / max(T), so its penalty sees alpha / max(T))."""
    def f(theta):
        p = np.exp(theta)
        return -ll_each(p, x, tx, T).mean() + penalizer * np.sum(
            (p / [1.0, time_scale, 1.0, 1.0]) ** 2)
    res = optimize.minimize(f, np.zeros(4), method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 20000})
    res = optimize.minimize(f, res.x, method="BFGS", options={"gtol": 1e-10})
    return np.exp(res.x)


HIST = collections.Counter(zip(X.tolist(), TX.tolist(), TT.tolist()))


def mp_ll(r, alpha, a, b):
    total = mp.mpf(0)
    lb = mp.log(mp.beta(a, b))
    for (x, tx, T), w in HIST.items():
        x, tx, T = mp.mpf(x), mp.mpf(repr(tx)), mp.mpf(repr(T))
        c = mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(alpha) - lb
        l1 = mp.exp(c + mp.log(mp.beta(a, b + x + 1)) - (r + x) * mp.log(alpha + T))
        l2 = mp.exp(c + mp.log(mp.beta(a + 1, b + x)) - (r + x) * mp.log(alpha + tx))
        total += w * mp.log(l1 + l2)
    return total


def mp_alive(p, x, tx, T):
    r, alpha, a, b = [mp.mpf(v) for v in p]
    l1 = mp.beta(a, b + x + 1) * (alpha + T) ** -(r + x)
    l2 = mp.beta(a + 1, b + x) * (alpha + tx) ** -(r + x)
    return l1 / (l1 + l2)


def mp_expected(p, t):
    r, alpha, a, b = [mp.mpf(v) for v in p]
    f = lambda q: (1 - q) / q * (1 - (alpha / (alpha + q * t)) ** r) \
        * q ** (a - 1) * (1 - q) ** (b - 1) / mp.beta(a, b)
    return mp.quad(f, [0, 0.5, 1])


def mp_conditional(p, t, x, tx, T):
    r, alpha, a, b = [mp.mpf(v) for v in p]
    x, tx, T = mp.mpf(x), mp.mpf(tx), mp.mpf(T)
    bb = b + x + 1
    f = lambda q: 1 / q * (1 - ((alpha + T) / (alpha + T + q * t)) ** (r + x)) \
        * q ** (a - 1) * (1 - q) ** (bb - 1) / mp.beta(a, bb)
    return mp_alive(p, x, tx, T) * mp.quad(f, [0, 0.5, 1])


def mp_pmf(p, t, n):
    r, alpha, a, b = [mp.mpf(v) for v in p]
    t = mp.mpf(t)
    nb = lambda j: mp.gamma(r + j) / (mp.gamma(r) * mp.factorial(j)) \
        * (alpha / (alpha + t)) ** r * (t / (alpha + t)) ** j
    first = mp.beta(a, b + n + 1) / mp.beta(a, b) * nb(n)
    tail = 1 - mp.fsum(nb(j) for j in range(n))
    return first + mp.beta(a + 1, b + n) / mp.beta(a, b) * tail


def standard_errors(ll, point):
    k = len(point)
    point = [mp.mpf(v) for v in point]
    hess = mp.matrix(k, k)
    for i in range(k):
        for j in range(i, k):
            order = [0] * k
            order[i] += 1
            order[j] += 1
            hess[i, j] = hess[j, i] = mp.diff(ll, point, tuple(order))
    cov = -hess ** -1
    print("  se", ", ".join(mp.nstr(mp.sqrt(cov[i, i]), 12) for i in range(k)))
    for i in range(k):
        print("  cov row", i, ", ".join(mp.nstr(cov[i, j], 12) for j in range(k)))


est = fit(X, TX, TT)
print("mbgnbd cdnow fit", ", ".join("%.12g" % v for v in est))
print("  log-likelihood %.12f" % ll_each(est, X, TX, TT).sum())
pen = fit(X, TX, TT, penalizer=0.1)
print("mbgnbd cdnow fit, penalizer 0.1", ", ".join("%.12g" % v for v in pen))
for c in (0.001, 0.01, 0.1):
    lp = fit(X, TX, TT, penalizer=c, time_scale=TT.max())
    print("mbgnbd cdnow fit, lifetimes' penalizer %g (alpha in units of max T)" % c,
          ", ".join("%.12g" % v for v in lp))

# A fixed point for the predictions (rounded estimate), so that the C tests need no fit.
P = ("0.525", "6.183", "0.891", "1.614")
pf = [float(v) for v in P]
# (x, t_x, T): CDNOW IDs 3, 1, 2 and a made-up one, as tests/support/btyd_fixtures.h
cust = [(0, 0.0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 35.0)]
print("at", ", ".join(P))
print("  ll per customer", ", ".join(
    "%.12g" % ll_each(pf, np.array([x]), np.array([tx]), np.array([T]))[0] for x, tx, T in cust))
print("  alive", ", ".join(mp.nstr(mp_alive(P, mp.mpf(x), mp.mpf(repr(tx)), mp.mpf(repr(T))), 12)
                           for x, tx, T in cust))
print("  expected t = 1, 10, 39, 78", ", ".join(mp.nstr(mp_expected(P, t), 12)
                                               for t in (1, 10, 39, 78)))
print("  conditional t = 39", ", ".join(
    mp.nstr(mp_conditional(P, 39, x, repr(tx), repr(T)), 12) for x, tx, T in cust))
print("  pmf t = 39, n = 0, 1, 2, 3, 10", ", ".join(mp.nstr(mp_pmf(P, 39, n), 12)
                                                   for n in (0, 1, 2, 3, 10)))
print("  pmf t = 2, n = 10", mp.nstr(mp_pmf(P, 2, 10), 12))
# CLV as lifetimes defines it (12 months of 4.345 weeks, 1% a month) with the Gamma-Gamma
# estimate of tests/reference/uncertainty_reference.out and mean spends 0, 35, 20, 60:
# sum_m E[value] (C(m f) - C((m-1) f)) / 1.01^m, C the conditional expectation above.
GG = [mp.mpf(v) for v in ("6.24880269493", "3.7445884393", "15.4477472178")]
spend = [0, 35, 20, 60]


def gg_value(x, z):
    gp, gq, gv = GG
    if x == 0:
        return gp * gv / (gq - 1)
    w = gp * x / (gp * x + gq - 1)
    return (1 - w) * gp * gv / (gq - 1) + w * z


clv = []
for (x, tx, T), z in zip(cust, spend):
    total, prev = mp.mpf(0), mp.mpf(0)
    for m in range(1, 13):
        cur = mp_conditional(P, m * mp.mpf("4.345"), x, repr(tx), repr(T))
        total += gg_value(x, z) * (cur - prev) / mp.mpf("1.01") ** m
        prev = cur
    clv.append(total)
print("  clv 12 months", ", ".join(mp.nstr(v, 12) for v in clv))
print("uncertainty at the fit")
print("  log-likelihood", mp.nstr(mp_ll(*[mp.mpf("%.12g" % v) for v in est]), 15))
standard_errors(mp_ll, ["%.12g" % v for v in est])
