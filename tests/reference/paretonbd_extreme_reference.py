"""Reference values for the Pareto/NBD where one rate is thousands of times
the other (tests/paretonbd_test.c: one_rate_far_above_the_other_matches_mpmath).

Run: /usr/bin/python3 tests/reference/paretonbd_extreme_reference.py
(Debian 12: python3-mpmath 1.2). Fader & Hardie (2005), "A Note on Deriving
the Pareto/NBD Model and Related Expressions", eq. (22)-(24) with mpmath's
2F1 at 50 digits:

  L = G(r+x) alpha^r beta^s / G(r) [ (alpha+T)^-(r+x) (beta+T)^-s + s/(r+s+x) A0 ]
  A0 = F(t_x) - F(T),  F(t) = 2F1(r+s+x, b1; r+s+x+1; |alpha-beta|/(M+t)) / (M+t)^(r+s+x)
  with M = max(alpha, beta) and b1 = s+1 if alpha >= beta, else r+x;
  P(alive) = the first bracketed term's share of the bracket.

There 2F1's argument is within 1e-3 of 1, where the library sums its
integral form by quadrature. Shares no code with the library.
"""
import mpmath

mpmath.mp.dps = 50
PARAMS = {
    "beta_far_above": ("0.55", "1.2", "0.6", "5000"),   # z = 0.99976 at t = 0
    "alpha_far_above": ("0.55", "8000", "0.6", "2.5"),  # z = 0.99969 at t = 0
}
CUSTOMERS = [(0, 0, "38.86"), (2, "30.43", "38.86"), (1, "1.71", "38.86"), (7, "29.43", 35),
             (50, 30, 35)]


def terms(params, x, tx, T):
    r, alpha, s, beta = map(mpmath.mpf, params)
    x, tx, T = map(mpmath.mpf, (x, tx, T))
    m = r + s + x
    big, b1 = (alpha, s + 1) if alpha >= beta else (beta, r + x)
    F = lambda t: mpmath.hyp2f1(m, b1, m + 1, abs(alpha - beta) / (big + t)) / (big + t) ** m
    first = (alpha + T) ** -(r + x) * (beta + T) ** -s
    bracket = first + s / m * (F(tx) - F(T))
    ll = mpmath.loggamma(r + x) - mpmath.loggamma(r) + r * mpmath.log(alpha) \
        + s * mpmath.log(beta) + mpmath.log(bracket)
    return ll, first / bracket


for name, params in PARAMS.items():
    print(name, params)
    for c in CUSTOMERS:
        ll, alive = terms(params, *c)
        print("  %-22s ll %s  alive %s" % (c, mpmath.nstr(ll, 17), mpmath.nstr(alive, 17)))
