"""Independent reference values for tests/sbg_covariates_test.c.

Run: /usr/bin/python3 tests/reference/sbg_covariates_reference.py
(Debian 12: mpmath 1.2). Output recorded in sbg_covariates_reference.out.

Written from the sBG's Beta-function forms (Fader & Hardie 2007, "How to project
customer retention", eqs. 4-5), at 30 significant digits, sharing no code with
the library:
    P(T = t) = B(a + 1, b + t - 1) / B(a, b),   S(t) = B(a, b + t) / B(a, b),
each customer at its own a_i = alpha0 exp(g_alpha . x_i), b_i = beta0 exp(g_beta . x_i).
DERL (Fader & Hardie 2010) as the plain sum over t > k of S(t)/S(k) (1 + d)^-(t-k-1)
(mpmath.nsum), not the 2F1 closed form the library uses.
"""
import mpmath as mp

mp.mp.dps = 30

# periods, churned, covariates (2); two rows past 64 periods (the log-gamma path)
CUSTOMERS = [
    (1, 1, (1.0, 0.3)),
    (3, 1, (0.0, -1.2)),
    (5, 0, (1.0, 0.0)),
    (2, 0, (0.0, 2.5)),
    (0, 0, (1.0, -0.4)),
    (7, 1, (0.0, 0.7)),
    (80, 0, (1.0, 1.1)),
    (70, 1, (0.0, 0.0)),
]
WEIGHTS = [3, 1, 2, 1, 1, 4, 1, 2]
PARAMS = (0.7, 1.9, (0.5, -0.2), (-0.3, 0.4))


def own(params, x):
    alpha0, beta0, ga, gb = params
    dot = lambda g: sum(mp.mpf(c) * mp.mpf(v) for c, v in zip(g, x))
    return mp.mpf(alpha0) * mp.exp(dot(ga)), mp.mpf(beta0) * mp.exp(dot(gb))


def row_ll(a, b, t, churned):
    if churned:
        return mp.log(mp.beta(a + 1, b + t - 1) / mp.beta(a, b))
    return mp.log(mp.beta(a, b + t) / mp.beta(a, b))


def survival(a, b, t):
    return mp.beta(a, b + t) / mp.beta(a, b)


def main():
    total = mp.mpf(0)
    for (t, c, x), w in zip(CUSTOMERS, WEIGHTS):
        a, b = own(PARAMS, x)
        total += w * row_ll(a, b, t, c)
    print("loglik weighted: %s" % mp.nstr(total, 17))
    zero = (0.7, 1.9, (0.0, 0.0), (0.0, 0.0))
    total = sum(row_ll(*own(zero, x), t, c) for t, c, x in CUSTOMERS)
    print("loglik zero coefficients, unweighted: %s" % mp.nstr(total, 17))
    a, b = own(PARAMS, CUSTOMERS[1][2])
    print("customer 1: alpha %s beta %s" % (mp.nstr(a, 17), mp.nstr(b, 17)))
    print("customer 1: S(4) %s" % mp.nstr(survival(a, b, 4), 17))
    print("customer 1: r(4) %s" % mp.nstr(survival(a, b, 4) / survival(a, b, 3), 17))
    k, d = 2, mp.mpf("0.1")
    derl = mp.nsum(lambda t: survival(a, b, t) / survival(a, b, k) / (1 + d) ** (t - k - 1),
                   [k + 1, mp.inf])
    print("customer 1: DERL(d 0.1, k 2) %s" % mp.nstr(derl, 17))


if __name__ == "__main__":
    main()
