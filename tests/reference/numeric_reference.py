"""Reference values for tests/numeric_test.c, from scipy.special.

Run: /usr/bin/python3 tests/reference/numeric_reference.py
(scipy 1.10, numpy 1.24 on Debian 12; the 2F1 values also agree with
mpmath.hyp2f1 at 30 digits to every printed digit). The printed numbers are pasted into
the test tables; the library never computed them.
"""
from scipy import special

LGAMMA_X = [1e-8, 0.1, 0.5, 1.0, 1.5, 2.0, 3.7, 9.99, 10.0, 25.3, 171.5, 1e6]
DIGAMMA_X = [1e-6, 0.25, 1.0, 2.5, 7.3, 10.0, 55.5, 1e5]
# (a, b, c, z): easy series, negative z (Pfaff), near 1 (A&S 15.3.6), an
# integer c - a - b near 1, the Pareto/NBD shape 2F1(m, s + 1; m + 1; z),
# near 1 with Gamma factors beyond double range (c > 171) or with the two
# parts of A&S 15.3.6 cancelling (large a and b), and near 1 with c
# dwarfing a and b (the Euler-transformed BG/NBD expectation).
HYP2F1 = [
    (1.0, 1.0, 2.0, 0.5),
    (0.5, 1.5, 2.5, 0.3),
    (2.3, 0.7, 1.9, -0.6),
    (1.2, 3.4, 2.2, -25.0),
    (1.5, 2.5, 4.5, 0.9),
    (0.8, 1.3, 2.4, 0.99),
    (1.0, 2.0, 3.0, 0.95),
    (1.0, 2.0, 4.0, 0.999),
    (3.0, 2.0, 4.0, 0.8),
    (2.0, 1.5, 3.5000001, 0.9),
    (5.553, 1.606, 6.553, 0.05),
    (12.7, 1.9, 13.7, 0.97),
    (0.9, 12.3, 1.9, 0.85),
    (-3.0, 2.0, 1.5, 0.7),
    (150.0, 160.0, 320.5, 0.95),
    (60.0, 50.0, 112.5, 0.9),
    (1.976, -0.207, 20001.219, 0.909),
    (2.5, 3.5, 400.25, 0.99),
]

print("lgamma")
for x in LGAMMA_X:
    print("    {%r, %.17g}," % (x, special.gammaln(x)))
print("digamma")
for x in DIGAMMA_X:
    print("    {%r, %.17g}," % (x, special.digamma(x)))
print("hyp2f1")
for a, b, c, z in HYP2F1:
    print("    {%r, %r, %r, %r, %.17g}," % (a, b, c, z, special.hyp2f1(a, b, c, z)))
