"""Reference values for tests/sbg_test.c: an independent scipy implementation
of the shifted-beta-geometric likelihood (Fader & Hardie 2007), written from
the paper's formulas with scipy.special.betaln, fitted with scipy.optimize.

Run: /usr/bin/python3 tests/reference/sbg_reference.py   (output: sbg_reference.out)
"""
import numpy as np
import scipy
from scipy import optimize, special

# Survivors per 1000 over years 0-7 (Fader & Hardie 2007, Table 1).
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491]
REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241]


def loglik(alpha, beta, cohorts):
    """sum_t n_t log P(T = t) + S_last log S(last) over cohorts, with Beta functions."""
    ll = 0.0
    lb = special.betaln(alpha, beta)
    for s in cohorts:
        s = np.asarray(s, float)
        t = np.arange(1, len(s))
        churned = s[:-1] - s[1:]
        log_p = special.betaln(alpha + 1, beta + t - 1) - lb
        ll += np.sum(churned * log_p)
        ll += s[-1] * (special.betaln(alpha, beta + len(s) - 1) - lb)
    return ll


def score(alpha, beta, cohorts):
    """Gradient of loglik in (alpha, beta) with digamma functions:
    d/da log B(a + 1, b + t - 1) - log B(a, b) = psi(a + 1) - psi(a + b + t) - psi(a) + psi(a + b)."""
    psi = special.digamma
    ga = gb = 0.0
    for s in cohorts:
        s = np.asarray(s, float)
        t = np.arange(1, len(s))
        churned = s[:-1] - s[1:]
        base_a = -psi(alpha) + psi(alpha + beta)
        base_b = -psi(beta) + psi(alpha + beta)
        ga += np.sum(churned * (psi(alpha + 1) - psi(alpha + beta + t) + base_a))
        gb += np.sum(churned * (psi(beta + t - 1) - psi(alpha + beta + t) + base_b))
        m = len(s) - 1
        ga += s[-1] * (psi(alpha) - psi(alpha + beta + m) + base_a)
        gb += s[-1] * (psi(beta + m) - psi(alpha + beta + m) + base_b)
    return np.array([ga, gb])


def fit(cohorts):
    """Nelder-Mead to get close, then solve the score equations to machine precision."""
    res = optimize.minimize(lambda x: -loglik(np.exp(x[0]), np.exp(x[1]), cohorts),
                            x0=[0.0, 0.0], method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 20000})
    root = optimize.root(lambda x: score(np.exp(x[0]), np.exp(x[1]), cohorts) * np.exp(x),
                         res.x, method="hybr", options={"xtol": 1e-13})
    a, b = np.exp(root.x)
    # hybr may stop on its step test at rounding level; the score must still vanish.
    assert np.max(np.abs(score(a, b, cohorts) * [a, b])) < 1e-7, root.message
    return a, b, loglik(a, b, cohorts)


def survival(a, b, t):
    return np.exp(special.betaln(a, b + t) - special.betaln(a, b))


def derl_sum(a, b, d, k, terms=2_000_000):
    """Brute-force sum of S(t)/S(k) (1+d)^-(t-k-1) for t = k+1 .. k+terms."""
    t = np.arange(k + 1, k + terms + 1, dtype=float)
    log_ratio = special.betaln(a, b + t) - special.betaln(a, b + k)
    return float(np.sum(np.exp(log_ratio - (t - k - 1) * np.log1p(d))))


print("numpy", np.__version__, "scipy", scipy.__version__)
for name, data in (("high_end", HIGH_END), ("regular", REGULAR)):
    a, b, ll = fit([data])
    print("%s alpha %.12f beta %.12f loglik %.10f" % (name, a, b, ll))
    print("  survival t=0..12", " ".join("%.12f" % survival(a, b, t) for t in range(13)))
    print("  retention t=1..12", " ".join("%.12f" % ((b + t - 1) / (a + b + t - 1))
                                          for t in range(1, 13)))
# Both cohorts fitted jointly as one model, and cohorts of different lengths.
a, b, ll = fit([HIGH_END, REGULAR])
print("joint alpha %.12f beta %.12f loglik %.10f" % (a, b, ll))
ragged = [REGULAR, REGULAR[:5], HIGH_END[:3]]
a, b, ll = fit(ragged)
print("ragged (regular, regular[:5], high_end[:3]) alpha %.12f beta %.12f loglik %.10f" % (a, b, ll))
print("loglik regular at alpha 1, beta 2: %.10f" % loglik(1.0, 2.0, [REGULAR]))
print("loglik ragged at alpha 0.5, beta 3: %.10f" % loglik(0.5, 3.0, ragged))
# DERL with the paper's regular-cohort parameters rounded (alpha 0.704, beta 1.182).
for d, k in ((0.10, 0), (0.10, 4), (0.01, 0), (0.25, 10)):
    a, b = 0.704, 1.182
    closed = (b + k) / (a + b + k) * special.hyp2f1(1, b + k + 1, a + b + k + 1, 1 / (1 + d))
    print("derl a %.3f b %.3f d %.2f k %d: hyp2f1 %.12f sum %.12f" % (a, b, d, k, closed,
                                                                       derl_sum(a, b, d, k)))
a, b = 1.7, 2.5
print("derl a 1.7 b 2.5 d 0 k 3: closed %.12f sum(2e6 terms, tail ~ t^-0.7) %.6f"
      % ((b + 3) / (a - 1), derl_sum(a, b, 0.0, 3)))
print("derl a 1.7 b 2.5 d 0.05 k 3: hyp2f1 %.12f sum %.12f"
      % ((b + 3) / (a + b + 3) * special.hyp2f1(1, b + 4, a + b + 4, 1 / 1.05),
         derl_sum(a, b, 0.05, 3)))
