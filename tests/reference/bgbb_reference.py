"""Independent reference values for tests/bgbb_test.c and the Python BG/BB tests.

Run: /usr/bin/python3 tests/reference/bgbb_reference.py   (output: bgbb_reference.out;
Debian 12: scipy 1.10, numpy 1.24, mpmath 1.2; about a minute).

The BG/BB (Fader, Hardie & Shang 2010) is written here from the paper's equations,
term by term with Beta functions, not with the library's recurrences:
- eq. 5, the likelihood of (x, t_x, n), with scipy.special.betaln (fit) and mpmath.beta;
- the fit by scipy.optimize.minimize (Nelder-Mead, then BFGS) in log-parameters;
- eq. 11, P(alive at n+1 | history); eq. 13, the conditional expectation of the next
  n* opportunities; eq. 9, E[X(n)]; eq. 7, P(X(n) = x), all at 30 digits;
- E[X(n)] a second way, by integrating over p and theta (mpmath.quad) the expected
  transactions of a customer who is alive at opportunity t with (1 - theta)^t;
- standard errors from the Hessian of the 30-digit log-likelihood by mpmath.diff.

Data: the donations of Fader, Hardie & Shang (2010), 11,104 donors, 6 opportunities,
as counts of identical histories (bindings/python/custorient/data/donations.csv).
"""
import os

import mpmath as mp
import numpy as np
from scipy import optimize, special

mp.mp.dps = 30
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "bindings", "python", "custorient", "data", "donations.csv")

don = np.genfromtxt(DATA, delimiter=",", names=True)
X, TX, N, W = don["frequency"], don["recency"], don["periods"], don["weights"]


def ll_one(p, x, tx, n):
    """eq. 5 with scipy"""
    a, b, g, d = p
    terms = [special.betaln(a + x, b + n - x) - special.betaln(a, b)
             + special.betaln(g, d + n) - special.betaln(g, d)]
    for i in range(int(n - tx)):
        terms.append(special.betaln(a + x, b + tx - x + i) - special.betaln(a, b)
                     + special.betaln(g + 1, d + tx + i) - special.betaln(g, d))
    return special.logsumexp(terms)


def ll(p):
    return sum(w * ll_one(p, x, tx, n) for x, tx, n, w in zip(X, TX, N, W))


def fit(penalizer=0.0):
    def f(theta):
        p = np.exp(theta)
        return -ll(p) / W.sum() + penalizer * np.sum(p ** 2)
    res = optimize.minimize(f, np.zeros(4), method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-14, "maxiter": 20000})
    res = optimize.minimize(f, res.x, method="BFGS", options={"gtol": 1e-10})
    return np.exp(res.x)


def B(u, v):
    return mp.beta(u, v)


def mp_lik(p, x, tx, n):
    a, b, g, d = p
    total = B(a + x, b + n - x) / B(a, b) * B(g, d + n) / B(g, d)
    for i in range(int(n - tx)):
        total += B(a + x, b + tx - x + i) / B(a, b) * B(g + 1, d + tx + i) / B(g, d)
    return total


def mp_ll(a, b, g, d):
    return mp.fsum(int(w) * mp.log(mp_lik((a, b, g, d), int(x), int(tx), int(n)))
                   for x, tx, n, w in zip(X, TX, N, W))


def mp_alive(p, m, x, tx, n):
    """eq. 11 with n+m for n+1"""
    a, b, g, d = p
    return B(a + x, b + n - x) / B(a, b) * B(g, d + n + m) / B(g, d) / mp_lik(p, x, tx, n)


def mp_conditional(p, m, x, tx, n):
    """eq. 13"""
    a, b, g, d = p
    front = B(a + x + 1, b + n - x) / B(a, b) * d / (g - 1) * mp.gamma(g + d) / mp.gamma(1 + d)
    bracket = mp.gamma(1 + d + n) / mp.gamma(g + d + n) \
        - mp.gamma(1 + d + n + m) / mp.gamma(g + d + n + m)
    return front * bracket / mp_lik(p, x, tx, n)


def mp_expected(p, n):
    """eq. 9"""
    a, b, g, d = p
    return a / (a + b) * d / (g - 1) * (
        1 - mp.gamma(g + d) / mp.gamma(g + d + n) * mp.gamma(1 + d + n) / mp.gamma(1 + d))


def mp_expected_by_integration(p, n):
    a, b, g, d = p
    # E[X(n) | p, theta] = p sum_{t=1..n} (1 - theta)^t; E[p] = a / (a + b)
    f = lambda th: mp.fsum((1 - th) ** t for t in range(1, n + 1)) \
        * th ** (g - 1) * (1 - th) ** (d - 1) / B(g, d)
    return a / (a + b) * mp.quad(f, [0, 0.5, 1])


def mp_pmf(p, n, x):
    """eq. 7"""
    a, b, g, d = p
    total = mp.binomial(n, x) * B(a + x, b + n - x) / B(a, b) * B(g, d + n) / B(g, d)
    for i in range(x, n):
        total += mp.binomial(i, x) * B(a + x, b + i - x) / B(a, b) * B(g + 1, d + i) / B(g, d)
    return total


est = fit()
print("bgbb donations fit", ", ".join("%.12g" % v for v in est))
print("  log-likelihood %.10f" % ll(est))
pen = fit(penalizer=0.1)
print("bgbb donations fit, penalizer 0.1", ", ".join("%.12g" % v for v in pen))

P = tuple(mp.mpf("%.12g" % v) for v in est)
print("at the fit")
print("  alive next (m = 1), (x, t_x) = (0, 0), (2, 4), (6, 6):", ", ".join(
    mp.nstr(mp_alive(P, 1, x, tx, 6), 12) for x, tx in ((0, 0), (2, 4), (6, 6))))
print("  alive m = 0, 3 at (1, 2, 6):", mp.nstr(mp_alive(P, 0, 1, 2, 6), 12),
      mp.nstr(mp_alive(P, 3, 1, 2, 6), 12))
cond = [mp_conditional(P, 5, int(x), int(tx), int(n)) for x, tx, n in zip(X, TX, N)]
print("  conditional next 5 at (0, 0, 6), (2, 4, 6), (6, 6, 6):", ", ".join(
    mp.nstr(mp_conditional(P, 5, x, tx, 6), 12) for x, tx in ((0, 0), (2, 4), (6, 6))))
print("  sum of weights x conditional next 5:",
      mp.nstr(mp.fsum(c * int(w) for c, w in zip(cond, W)), 12))
print("  E[X(n)] n = 1, 6, 11:", ", ".join(mp.nstr(mp_expected(P, n), 12) for n in (1, 6, 11)))
print("  E[X(6)] by integration:", mp.nstr(mp_expected_by_integration(P, 6), 12))
print("  customers by x in 6 (11104 x pmf):", ", ".join(
    mp.nstr(11104 * mp_pmf(P, 6, x), 12) for x in range(7)))
print("  pmf n = 11, x = 0, 3, 11:", ", ".join(mp.nstr(mp_pmf(P, 11, x), 12) for x in (0, 3, 11)))
Q = tuple(mp.mpf(v) for v in ("1.2", "0.75", "1", "2.8"))
print("at 1.2, 0.75, 1, 2.8 (gamma = 1): E[X(n)] n = 10, 5000:",
      ", ".join(mp.nstr(mp.limit(lambda g: mp_expected((Q[0], Q[1], g, Q[3]), n), 1), 12)
                for n in (10, 5000)))
R = tuple(mp.mpf(v) for v in ("1.2", "0.75", "1.0000001", "2.8"))
print("at 1.2, 0.75, 1.0000001, 2.8: E[X(n)] n = 5000, 100000:",
      ", ".join(mp.nstr(mp_expected(R, n), 12) for n in (5000, 100000)))
print("  log-likelihood", mp.nstr(mp_ll(*P), 15))
k = 4
hess = mp.matrix(k, k)
for i in range(k):
    for j in range(i, k):
        order = [0] * k
        order[i] += 1
        order[j] += 1
        hess[i, j] = hess[j, i] = mp.diff(mp_ll, list(P), tuple(order))
cov = -hess ** -1
print("  se", ", ".join(mp.nstr(mp.sqrt(cov[i, i]), 12) for i in range(k)))
for i in range(k):
    print("  cov row", i, ", ".join(mp.nstr(cov[i, j], 12) for j in range(k)))
