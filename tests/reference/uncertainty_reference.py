"""Reference standard errors for tests/uncertainty_test.c.

Run: /usr/bin/python3 tests/reference/uncertainty_reference.py   (output: uncertainty_reference.out;
Debian 12, mpmath 1.2; a few minutes). Each log-likelihood is written here from the
papers' formulas with mpmath's Beta, Gamma and 2F1 functions, at 30 digits; the Hessian
in the natural parameters is taken by mpmath.diff (numerical differentiation at raised
working precision), inverted with mpmath, and the standard errors are the square roots of
its diagonal. Nothing is shared with the library. The parameter values are the scipy
maximum-likelihood estimates recorded in tests/{bgnbd,paretonbd,gammagamma,sbg}_test.c
(tests/reference/btyd_reference.py, sbg_reference.py); the Hessian at a given point does
not depend on how that point was found.

Data: the CDNOW sample summaries in tests/data/cdnow (weeks), and the sBG survivor
counts per 1000 of Fader & Hardie (2007), Table 1.
"""
import collections
import os

import mpmath as mp

mp.mp.dps = 30
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "cdnow", "cdnow_customers_summary_with_transactions.csv")


def read_cdnow():
    rows = []
    with open(DATA) as f:
        next(f)
        for line in f:
            _, x, tx, T, z = line.strip().split(",")
            rows.append((int(x), mp.mpf(tx), mp.mpf(T), mp.mpf(z)))
    return rows


CDNOW = read_cdnow()
# Identical histories counted once with their multiplicity.
HIST = collections.Counter((x, tx, T) for x, tx, T, _ in CDNOW)
SPEND = collections.Counter((x, z) for x, _, _, z in CDNOW if x > 0)


def bgnbd_ll(r, alpha, a, b):
    """Fader, Hardie & Lee (2005), eq. 6."""
    total = mp.mpf(0)
    lb = mp.log(mp.beta(a, b))
    for (x, tx, T), w in HIST.items():
        c = mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(alpha)
        l1 = mp.exp(c + mp.log(mp.beta(a, b + x)) - lb - (r + x) * mp.log(alpha + T))
        l2 = 0
        if x > 0:
            l2 = mp.exp(c + mp.log(mp.beta(a + 1, b + x - 1)) - lb - (r + x) * mp.log(alpha + tx))
        total += w * mp.log(l1 + l2)
    return total


def pnbd_ll(r, alpha, s, beta):
    """Fader & Hardie (2005), "A note on deriving the Pareto/NBD model", eq. 22."""
    total = mp.mpf(0)
    for (x, tx, T), w in HIST.items():
        m = r + s + x
        if alpha >= beta:
            f = lambda t: mp.hyp2f1(m, s + 1, m + 1, (alpha - beta) / (alpha + t)) / (alpha + t) ** m
        else:
            f = lambda t: mp.hyp2f1(m, r + x, m + 1, (beta - alpha) / (beta + t)) / (beta + t) ** m
        c = mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(alpha) + s * mp.log(beta)
        inner = (alpha + T) ** -(r + x) * (beta + T) ** -s + s / m * (f(tx) - f(T))
        total += w * (c + mp.log(inner))
    return total


def gg_ll(p, q, v):
    """Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", eq. 5."""
    total = mp.mpf(0)
    for (x, z), w in SPEND.items():
        px = p * x
        total += w * (mp.loggamma(px + q) - mp.loggamma(px) - mp.loggamma(q) + q * mp.log(v)
                      + (px - 1) * mp.log(z) + px * mp.log(x) - (px + q) * mp.log(v + x * z))
    return total


def sbg_ll_for(survivors):
    """Fader & Hardie (2007), eq. 7: P(T = t) = B(a + 1, b + t - 1) / B(a, b) for the
    churned, S(t) = B(a, b + t) / B(a, b) for those still active at the end."""
    def ll(a, b):
        lb = mp.log(mp.beta(a, b))
        total = mp.mpf(0)
        for t in range(1, len(survivors)):
            churned = survivors[t - 1] - survivors[t]
            total += churned * (mp.log(mp.beta(a + 1, b + t - 1)) - lb)
        return total + survivors[-1] * (mp.log(mp.beta(a, b + len(survivors) - 1)) - lb)
    return ll


def standard_errors(name, ll, point):
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
    print(name, "at", ", ".join(mp.nstr(v, 12) for v in point))
    print("  log-likelihood", mp.nstr(ll(*point), 15))
    print("  se", ", ".join(mp.nstr(mp.sqrt(cov[i, i]), 12) for i in range(k)))
    for i in range(k):
        print("  cov row", i, ", ".join(mp.nstr(cov[i, j], 12) for j in range(k)))


standard_errors("sbg regular", sbg_ll_for([1000, 631, 468, 382, 326, 289, 262, 241]),
                ["0.704077298474", "1.182043026209"])
standard_errors("sbg high end", sbg_ll_for([1000, 869, 743, 653, 593, 551, 517, 491]),
                ["0.668088351106", "3.806094964058"])
standard_errors("gammagamma cdnow", gg_ll, ["6.24880269493", "3.7445884393", "15.4477472178"])
standard_errors("bgnbd cdnow", bgnbd_ll,
                ["0.242592907285", "4.41353170934", "0.792886313089", "2.42575404218"])
standard_errors("paretonbd cdnow", pnbd_ll,
                ["0.553275490167", "10.5776120186", "0.606213594822", "11.6679112693"])
