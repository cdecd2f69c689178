"""P(n purchases in (T, T + t] | x, tx, T) under the Pareto/NBD, for
tests/paretonbd_conditional_pmf_test.c.

Run: /usr/bin/python3 tests/reference/paretonbd_conditional_pmf_reference.py
(Debian 12: scipy 1.10, mpmath 1.2). Written from Fader & Hardie's note 028
("The Pareto/NBD conditional PMF", eq. 16: the dead-at-T term, the alive-throughout
term and the two hypergeometric integrals), in mpmath at 30 digits. The library instead
conditions on being alive at T and uses the new-customer PMF with updated parameters,
so the two share no formula.
"""
import mpmath as mp

mp.mp.dps = 30


def loglik(p, x, tx, T):
    """log L of one customer (Fader & Hardie 2005 note 009, eq. 18-20)."""
    r, alpha, s, beta = p
    hi, lo = max(alpha, beta), min(alpha, beta)
    t2 = r + x if alpha < beta else s + 1
    rsx = r + s + x
    a0 = lambda y: mp.hyp2f1(rsx, t2, rsx + 1, (hi - lo) / (hi + y)) / (hi + y) ** rsx
    c = mp.gamma(r + x) * alpha ** r * beta ** s / mp.gamma(r)
    return mp.log(c * ((alpha + T) ** -(r + x) * (beta + T) ** -s
                       + s / rsx * (a0(tx) - a0(T))))


def conditional_pmf(p, n, t, x, tx, T):
    r, alpha, s, beta = [mp.mpf(v) for v in p]
    L = mp.exp(loglik((r, alpha, s, beta), x, tx, T))
    hi = max(alpha, beta)
    z = abs(alpha - beta)
    th = r + x + n if alpha < beta else s + 1
    ab = alpha ** r * beta ** s
    p_alive = mp.gamma(r + x) * ab / (mp.gamma(r) * (alpha + T) ** (r + x) * (beta + T) ** s * L)
    first = (t ** n / mp.factorial(n) * mp.gamma(r + x + n) * ab
             / (mp.gamma(r) * (alpha + T + t) ** (r + x + n) * (beta + T + t) ** s))
    common = ab * mp.beta(r + x + n, s + 1) / (mp.gamma(r) * mp.gamma(s))
    second = (common * mp.gamma(r + s + x) * mp.hyp2f1(r + s + x, th, r + s + x + n + 1, z / (hi + T))
              / (hi + T) ** (r + s + x))
    third = sum(common * mp.gamma(r + s + x + i) * t ** i / mp.factorial(i)
                * mp.hyp2f1(r + s + x + i, th, r + s + x + n + 1, z / (hi + T + t))
                / (hi + T + t) ** (r + s + x + i) for i in range(n + 1))
    return (1 - p_alive if n == 0 else 0) + (first + second - third) / L


CDNOW = (0.553275541797, 10.5776127155, 0.60621350306, 11.6679085467)  # alpha < beta
SWAPPED = (0.55, 12.0, 0.6, 9.0)                                        # alpha > beta
customers = [(2, 30.43, 38.86), (0, 0.0, 38.86), (7, 29.43, 35.0)]

if __name__ == "__main__":
    for name, p in (("CDNOW", CDNOW), ("alpha > beta", SWAPPED)):
        for c in customers:
            print(name, c, "t = 10:", ", ".join(
                mp.nstr(conditional_pmf(p, n, 10.0, *c), 15) for n in range(4)))
