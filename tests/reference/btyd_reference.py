"""Independent reference values for tests/{bgnbd,paretonbd,gammagamma,clv}_test.c.

Run: /usr/bin/python3 tests/reference/btyd_reference.py
(Debian 12: scipy 1.10, numpy 1.24; takes about a minute). The likelihoods
and predictions below are written from the papers' formulas with
scipy.special (gammaln, betaln, hyp2f1) and scipy.integrate.quad, and fitted
with scipy.optimize.minimize; they share no code with the library. The
printed numbers are pasted into the C tests.

Data: the CDNOW sample summaries in tests/data/cdnow (weeks).
"""
import os

import numpy as np
from scipy import integrate, optimize, special

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "cdnow")

summary = np.genfromtxt(os.path.join(DATA, "cdnow_customers_summary.csv"), delimiter=",",
                        names=True)
x, tx, T = summary["frequency"], summary["recency"], summary["T"]
spend = np.genfromtxt(os.path.join(DATA, "cdnow_customers_summary_with_transactions.csv"),
                      delimiter=",", names=True)


# ---- BG/NBD (Fader, Hardie & Lee 2005, eq. 6 and 9-11) ----
def bgnbd_ll_each(p, x, tx, T):
    r, alpha, a, b = p
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.betaln(a, b + x) - special.betaln(a, b)
    l1 = np.exp(a1 + a2 - (r + x) * np.log(alpha + T))
    l2 = np.where(x > 0, np.exp(a1 + special.betaln(a + 1, np.maximum(b + x - 1, 1e-300))
                                - special.betaln(a, b) - (r + x) * np.log(alpha + tx)), 0.0)
    return np.log(l1 + l2)


def bgnbd_alive(p, x, tx, T):
    r, alpha, a, b = p
    odds = np.where(x > 0, a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x), 0.0)
    return 1.0 / (1.0 + odds)


def bgnbd_expected(p, t):
    r, alpha, a, b = p
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r
                                    * special.hyp2f1(r, b, a + b - 1, t / (alpha + t)))


def bgnbd_conditional(p, t, x, tx, T):
    r, alpha, a, b = p
    h = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * h)
    return num * bgnbd_alive(p, x, tx, T)


def bgnbd_pmf(p, t, n):
    r, alpha, a, b = p
    lnb = (special.gammaln(r + n) - special.gammaln(r) - special.gammaln(n + 1)
           + r * np.log(alpha / (alpha + t)) + n * np.log(t / (alpha + t)))
    v = np.exp(special.betaln(a, b + n) - special.betaln(a, b) + lnb)
    if n > 0:
        cdf = sum(np.exp(special.gammaln(r + j) - special.gammaln(r) - special.gammaln(j + 1)
                         + r * np.log(alpha / (alpha + t)) + j * np.log(t / (alpha + t)))
                  for j in range(n))
        v += np.exp(special.betaln(a + 1, b + n - 1) - special.betaln(a, b)) * (1 - cdf)
    return v


# ---- Pareto/NBD (Fader & Hardie 2005 note, eq. 22; 2006 note for P(X(t)=x)) ----
def pnbd_ll_one(p, x, tx, T):
    r, alpha, s, beta = p
    m = r + s + x
    if alpha >= beta:
        f = lambda t: special.hyp2f1(m, s + 1, m + 1, (alpha - beta) / (alpha + t)) / (alpha + t) ** m
    else:
        f = lambda t: special.hyp2f1(m, r + x, m + 1, (beta - alpha) / (beta + t)) / (beta + t) ** m
    a0 = f(tx) - f(T)
    c = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    return c + np.log((alpha + T) ** -(r + x) * (beta + T) ** -s + s / m * a0)


def pnbd_ll_each(p, x, tx, T):
    return np.array([pnbd_ll_one(p, *row) for row in zip(x, tx, T)])


def pnbd_alive(p, x, tx, T):
    r, alpha, s, beta = p
    c = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
    first = c - (r + x) * np.log(alpha + T) - s * np.log(beta + T)
    return np.exp(first - pnbd_ll_one(p, x, tx, T))


def pnbd_expected(p, t):
    r, alpha, s, beta = p
    return r * beta / (alpha * (s - 1)) * (1 - (beta / (beta + t)) ** (s - 1))


def pnbd_conditional(p, t, x, tx, T):
    r, alpha, s, beta = p
    e = (r + x) * (beta + T) / ((alpha + T) * (s - 1)) * (1 - ((beta + T) / (beta + T + t)) ** (s - 1))
    return e * pnbd_alive(p, x, tx, T)


def pnbd_pmf(p, t, n):
    """P(X(t) = n) by direct integration over the drop-out time (not the 2F1 formula):
    alive at t: NBD(n; t) * (beta/(beta+t))^s; died at tau < t: NBD(n; tau) * s beta^s/(beta+tau)^(s+1)."""
    r, alpha, s, beta = p
    def nbd(tau):
        if tau == 0:
            return 1.0 if n == 0 else 0.0
        return np.exp(special.gammaln(r + n) - special.gammaln(r) - special.gammaln(n + 1)
                      + r * np.log(alpha / (alpha + tau)) + n * np.log(tau / (alpha + tau)))
    alive = nbd(t) * (beta / (beta + t)) ** s
    dead, _ = integrate.quad(lambda tau: nbd(tau) * s * beta ** s / (beta + tau) ** (s + 1), 0, t,
                             epsabs=1e-14, epsrel=1e-12, limit=200)
    return alive + dead


# ---- Gamma-Gamma (Fader & Hardie 2013 note, eq. 5) ----
def gg_ll_each(p, x, z):
    pp, q, v = p
    return (special.gammaln(pp * x + q) - special.gammaln(pp * x) - special.gammaln(q)
            + q * np.log(v) + (pp * x - 1) * np.log(z) + pp * x * np.log(x)
            - (pp * x + q) * np.log(v + x * z))


def gg_expected(p, x, z):
    pp, q, v = p
    pop = v * pp / (q - 1)
    w = pp * x / (pp * x + q - 1)
    return (1 - w) * pop + w * z


def fit(nll, start):
    res = optimize.minimize(lambda lp: nll(np.exp(lp)), np.log(start), method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 40000,
                                     "maxfev": 40000})
    res = optimize.minimize(lambda lp: nll(np.exp(lp)), res.x, method="BFGS",
                            options={"gtol": 1e-10})
    return np.exp(res.x), -res.fun


def show(name, values):
    print(name, ", ".join("%.12g" % v for v in np.atleast_1d(values)))


# ---- runs ----
bg, bg_ll = fit(lambda p: -bgnbd_ll_each(p, x, tx, T).sum(), [0.5, 5.0, 0.5, 2.0])
show("bgnbd cdnow mle r alpha a b:", bg)
show("bgnbd cdnow ll:", bg_ll)
P = (0.243, 4.414, 0.793, 2.426)
cust = [(0, 0.0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 35.0)]
show("bgnbd ll per customer at P:", [bgnbd_ll_each(P, np.array([c[0]]), np.array([c[1]]),
                                                   np.array([c[2]]))[0] for c in cust])
show("bgnbd alive at P:", [bgnbd_alive(P, *c) for c in cust])
show("bgnbd expected at P, t = 1, 10, 39, 78:", [bgnbd_expected(P, t) for t in (1, 10, 39, 78)])
show("bgnbd conditional t=39 at P:", [bgnbd_conditional(P, 39, *c) for c in cust])
show("bgnbd pmf at P, t=39, n = 0..3, 10:", [bgnbd_pmf(P, 39, n) for n in (0, 1, 2, 3, 10)])

pn, pn_ll = fit(lambda p: -pnbd_ll_each(p, x, tx, T).sum(), [0.5, 10.0, 0.5, 10.0])
show("paretonbd cdnow mle r alpha s beta:", pn)
show("paretonbd cdnow ll:", pn_ll)
Q = (0.553, 10.578, 0.606, 11.669)
show("paretonbd ll per customer at Q:", [pnbd_ll_one(Q, *c) for c in cust])
Q2 = (0.8, 3.0, 1.4, 25.0)   # alpha < beta branch
show("paretonbd ll per customer at Q2:", [pnbd_ll_one(Q2, *c) for c in cust])
show("paretonbd alive at Q:", [pnbd_alive(Q, *c) for c in cust])
show("paretonbd alive at Q2:", [pnbd_alive(Q2, *c) for c in cust])
show("paretonbd expected at Q, t = 1, 10, 39, 78:", [pnbd_expected(Q, t) for t in (1, 10, 39, 78)])
show("paretonbd conditional t=39 at Q:", [pnbd_conditional(Q, 39, *c) for c in cust])
show("paretonbd pmf at Q, t=39, n = 0..3, 10:", [pnbd_pmf(Q, 39, n) for n in (0, 1, 2, 3, 10)])
show("paretonbd pmf at Q2, t=20, n = 0, 1, 4:", [pnbd_pmf(Q2, 20, n) for n in (0, 1, 4)])

rep = spend["x"] > 0
gx, gz = spend["x"][rep], spend["zbar"][rep]
gg, gg_llv = fit(lambda p: -gg_ll_each(p, gx, gz).sum(), [1.0, 1.0, 1.0])
show("gammagamma cdnow mle p q v:", gg)
show("gammagamma cdnow ll:", gg_llv)
G = (6.25, 3.74, 15.44)
show("gammagamma expected at G for (1, 11.77), (2, 22.35), (0, 0), (10, 40):",
     [gg_expected(G, *c) for c in ((1, 11.77), (2, 22.35), (0, 0.0), (10, 40.0))])


# CLV as lifetimes' customer_lifetime_value: months 1..12, weeks (4.345 a month),
# 1% a month, margin-free monetary value from the Gamma-Gamma expectation.
def clv(cond, params, c, z, months=12, d=0.01, f=4.345):
    value = gg_expected(G, c[0], z)
    total = 0.0
    for m in range(1, months + 1):
        prev = cond(params, (m - 1) * f, *c) if m > 1 else 0.0
        total += value * (cond(params, m * f, *c) - prev) / (1 + d) ** m
    return total


clv_cust = [((2, 30.43, 38.86), 22.35), ((0, 0.0, 38.86), 0.0), ((7, 29.43, 35.0), 40.0)]
show("clv bgnbd P, gg G, 12 months weeks 1%:", [clv(bgnbd_conditional, P, c, z) for c, z in clv_cust])
show("clv paretonbd Q, gg G, 12 months weeks 1%:", [clv(pnbd_conditional, Q, c, z) for c, z in clv_cust])
show("clv bgnbd P, 6 months, 5%:",
     [clv(bgnbd_conditional, P, c, z, months=6, d=0.05) for c, z in clv_cust])
