"""Reference values for the BG/NBD conditional expectation of heavy buyers
(tests/bgnbd_test.c: heavy_buyers_and_long_horizons_match_mpmath).

Run: /usr/bin/python3 tests/reference/bgnbd_heavy_reference.py
(Debian 12: python3-mpmath 1.2). Fader, Hardie & Lee (2005) eq. 10 as
printed, with the Gauss hypergeometric function of mpmath at 60 digits:

  E[Y(t) | x, tx, T] = (a+b+x-1)/(a-1)
      * [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))]
      / (1 + [x > 0] a/(b+x-1) ((alpha+T)/(alpha+tx))^(r+x))

In double precision this form overflows or cancels for thousands of
purchases; at 60 digits it does neither. Shares no code with the library.
"""
import mpmath

mpmath.mp.dps = 60
CDNOW = ("0.243", "4.414", "0.793", "2.426")  # r, alpha, a, b: CDNOW estimates (weeks)
SMALL_AB = ("0.26", "4.4", "0.28", "0.69")    # a + b < 1: 2F1 with c < 0 for x = 0

CASES = [  # params, t, x, tx, T
    (CDNOW, 30, 20000, 100000, 100000),
    (CDNOW, 208, 20000, 99999, 100000),
    (CDNOW, 1000000, 20000, 100000, 100000),
    (CDNOW, 1000000, 5000, 365, 365),
    (CDNOW, 39, 7, "29.43", 35),  # the fixture customer: btyd_reference.py (scipy): 4.36928194852
    (SMALL_AB, 4, 0, 0, 20),
    (SMALL_AB, 52, 3, 15, 20),
]


def conditional(params, t, x, tx, T):
    r, alpha, a, b = map(mpmath.mpf, params)
    t, x, tx, T = map(mpmath.mpf, (t, x, tx, T))
    z = t / (alpha + T + t)
    alive = (a + b + x - 1) / (a - 1) * (
        1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * mpmath.hyp2f1(r + x, b + x, a + b + x - 1, z))
    odds = 0 if x == 0 else a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x)
    return alive / (1 + odds)


for case in CASES:
    print(case[1:], mpmath.nstr(conditional(*case), 17))
