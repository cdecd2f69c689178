"""Reference Hessians of the Pareto/NBD log-likelihood for
tests/paretonbd_hessian_test.c.

Run: /usr/bin/python3 tests/reference/paretonbd_hessian_reference.py
(output: paretonbd_hessian_reference.out; Debian 12, python3-mpmath 1.2; about a minute).

The log-likelihood is Fader & Hardie (2005), "A Note on Deriving the Pareto/NBD
Model and Related Expressions", eq. (22)-(24), written here with mpmath's 2F1 at
40 digits:

  L = G(r+x) alpha^r beta^s / G(r) [ (alpha+T)^-(r+x) (beta+T)^-s + s/(r+s+x) A0 ]
  A0 = F(t_x) - F(T),  F(t) = 2F1(r+s+x, b1; r+s+x+1; |alpha-beta|/(M+t)) / (M+t)^(r+s+x)
  with M = max(alpha, beta) and b1 = s+1 if alpha >= beta, else r+x.

Its Hessian in the natural parameters (r, alpha, s, beta) is taken by
mpmath.diff (numerical differentiation at raised working precision). Shares no
code with the library. The parameter points cover the regions the library treats
differently: moderate z, z = 0 (alpha = beta), alpha a little below beta (the
library's alternating series), z near 1 on either side (series of thousands of
terms, and the integral form), and heavy buyers (x = 120; up to x = 50 at the
integral points, where the library's integral of x = 120 does not converge).
"""
import mpmath as mp

mp.mp.dps = 40

CUSTOMERS = [(0, 0, "38.86"), (2, "30.43", "38.86"), (1, "1.71", "38.86"), (7, "29.43", 35),
             (50, 30, 35), (120, "38.5", 39)]
POINTS = [
    ("moderate", ("0.553", "10.58", "0.606", "11.67")),
    ("equal_rates", ("0.553", "10", "0.606", "10")),
    ("alternating", ("0.553", "10", "0.606", "14")),
    ("alpha_far_series", ("0.553", "400", "0.606", "8")),
    ("beta_far_series", ("0.553", "5", "0.606", "40")),
    ("beta_far_integral", ("0.55", "1.2", "0.6", "5000")),
    ("alpha_far_integral", ("0.55", "8000", "0.6", "2.5")),
]


def ll_of(customers):
    return lambda r, alpha, s, beta: ll(customers, r, alpha, s, beta)


def ll(customers, r, alpha, s, beta):
    total = mp.mpf(0)
    for x, tx, T in customers:
        x, tx, T = mp.mpf(x), mp.mpf(tx), mp.mpf(T)
        m = r + s + x
        big, b1 = (alpha, s + 1) if alpha >= beta else (beta, r + x)

        def F(t):
            return mp.hyp2f1(m, b1, m + 1, abs(alpha - beta) / (big + t)) / (big + t) ** m

        bracket = (alpha + T) ** -(r + x) * (beta + T) ** -s + s / m * (F(tx) - F(T))
        total += mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(alpha) + s * mp.log(beta) \
            + mp.log(bracket)
    return total


for name, point in POINTS:
    p = [mp.mpf(v) for v in point]
    n = 5 if name.endswith("integral") else 6
    f = ll_of(CUSTOMERS[:n])
    print(name, " ".join(point), "customers", n)
    print("  ll", mp.nstr(f(*p), 17))
    for i in range(4):
        row = []
        for j in range(4):
            order = [0] * 4
            order[i] += 1
            order[j] += 1
            row.append(mp.nstr(mp.diff(f, p, tuple(order)), 17))
        print("  row", i, " ".join(row))
