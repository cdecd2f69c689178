"""Independent reference values for tests/spend_covariates_test.c.

Run: /usr/bin/python3 tests/reference/spend_covariates_reference.py
(Debian 12: mpmath 1.2). Output recorded in spend_covariates_reference.out.

Written from the published closed forms at 30 significant digits, sharing no code
with the library:
- Gamma-Gamma (Fader & Hardie 2013, "The Gamma-Gamma model of monetary value",
  eq. 3): f(zbar | x) = G(px+q) / (G(px) G(q)) v^q zbar^(px-1) x^(px) / (v + x zbar)^(px+q),
  at each customer's own v_i = v0 exp(g . x_i); E[M | x, zbar] as the weighted mean
  (q-1)/(px+q-1) p v/(q-1) + px/(px+q-1) zbar;
- BG/NBD conditional expected purchases (Fader, Hardie & Lee 2005, eq. 10, with
  mpmath.hyp2f1) at the customer's own alpha_i, a_i, b_i (Fader & Hardie 2007);
- CLV = E[M] sum_{m=1..12} (E[Y(30 m)] - E[Y(30 (m-1))]) / 1.01^m.
"""
import mpmath as mp

mp.mp.dps = 30

# frequency, mean value, spend covariates (2); rows with frequency 0 carry no spend
CUSTOMERS = [
    (1, 20.0, (1.0, 0.3)),
    (2, 35.5, (0.0, -1.2)),
    (5, 12.0, (1.0, 0.0)),
    (0, 0.0, (0.0, 2.5)),
    (3, 80.0, (1.0, -0.4)),
    (8, 41.2, (0.0, 0.7)),
    (1, 9.9, (1.0, 1.1)),
    (4, 27.0, (0.0, 0.0)),
]
WEIGHTS = [2, 1, 1, 5, 3, 1, 2, 1]
SPEND = (3.1, 4.2, 25.0, (0.4, -0.25))
# BG/NBD with covariates for the CLV: r, alpha0, a0, b0, g_p (1), g_a (1), g_b (1);
# purchase covariate = spend covariate 1, drop-out covariate = spend covariate 0
PURCHASE = (0.24, 4.4, 0.79, 2.4, (0.3,), (0.5,), (-0.7,))
HISTORY = (2, 30.4, 38.9)  # customer 1's x, tx, T (days)


def dot(g, v):
    return sum(mp.mpf(a) * mp.mpf(b) for a, b in zip(g, v))


def gg_ll(p, q, v, x, z):
    p, q, v, x, z = map(mp.mpf, (p, q, v, x, z))
    return (mp.loggamma(p * x + q) - mp.loggamma(p * x) - mp.loggamma(q) + q * mp.log(v)
            + (p * x - 1) * mp.log(z) + p * x * mp.log(x) - (p * x + q) * mp.log(v + x * z))


def expected_value(p, q, v, x, z):
    p, q, v, x, z = map(mp.mpf, (p, q, v, x, z))
    return (q - 1) / (p * x + q - 1) * p * v / (q - 1) + p * x / (p * x + q - 1) * z


def bgnbd_conditional(r, alpha, a, b, x, tx, T, t):
    r, alpha, a, b, x, tx, T, t = map(mp.mpf, (r, alpha, a, b, x, tx, T, t))
    num = (a + b + x - 1) / (a - 1) * (
        1 - ((alpha + T) / (alpha + T + t)) ** (r + x)
        * mp.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)))
    den = 1 + (a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x) if x > 0 else 0)
    return num / den


def main():
    p, q, v0, g = SPEND
    total = mp.mpf(0)
    for (x, z, c), w in zip(CUSTOMERS, WEIGHTS):
        if x > 0:
            total += w * gg_ll(p, q, mp.mpf(v0) * mp.exp(dot(g, c)), x, z)
    print("Gamma-Gamma loglik weighted: %s" % mp.nstr(total, 17))
    x, z, c = CUSTOMERS[1]
    v1 = mp.mpf(v0) * mp.exp(dot(g, c))
    ev = expected_value(p, q, v1, x, z)
    print("customer 1: v %s E[M] %s" % (mp.nstr(v1, 17), mp.nstr(ev, 17)))
    r, alpha0, a0, b0, gp, ga, gb = PURCHASE
    alpha = mp.mpf(alpha0) * mp.exp(-dot(gp, (c[1],)))
    a = mp.mpf(a0) * mp.exp(dot(ga, (c[0],)))
    b = mp.mpf(b0) * mp.exp(dot(gb, (c[0],)))
    hx, htx, hT = HISTORY
    clv = mp.mpf(0)
    for m in range(1, 13):
        step = (bgnbd_conditional(r, alpha, a, b, hx, htx, hT, 30 * m)
                - bgnbd_conditional(r, alpha, a, b, hx, htx, hT, 30 * (m - 1)))
        clv += step / mp.mpf("1.01") ** m
    print("customer 1: CLV 12 months %s" % mp.nstr(ev * clv, 17))


if __name__ == "__main__":
    main()
