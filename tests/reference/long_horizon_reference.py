"""Reference values for horizons and discount rates that drive a 2F1 argument to 1
in double precision (tests/bgnbd_test.c: expected_purchases_over_any_horizon,
tests/sbg_test.c: derl_at_tiny_discount_rates).

Run: /usr/bin/python3 tests/reference/long_horizon_reference.py
(Debian 12: python3-mpmath). mpmath at 400 digits, so that z = t/(alpha+t)
stays distinct from 1 up to t = 1.8e308 (at 60 digits mpmath's own 2F1
overflows there); printed to 17 digits. Shares no code with the library.

BG/NBD (Fader, Hardie & Lee 2005, eq. 9), CDNOW parameters:
  E[X(t)] = (a+b-1)/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b; a+b-1; t/(alpha+t))]
sBG DERL (Fader & Hardie 2010):
  DERL(d, k) = (beta+k)/(alpha+beta+k) 2F1(1, beta+k+1; alpha+beta+k+1; 1/(1+d))
"""
import sys

import mpmath

mpmath.mp.dps = 400
r, alpha, a, b = map(mpmath.mpf, ("0.243", "4.414", "0.793", "2.426"))

for t in [1e6, 1e10, 1e14, 1e16, 1e17, 1e20, 1e50, 1e100, 1e300, sys.float_info.max]:
    t = mpmath.mpf(t)  # the double itself
    z = t / (alpha + t)
    v = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * mpmath.hyp2f1(r, b, a + b - 1, z))
    print("EX", mpmath.nstr(t, 17), mpmath.nstr(v, 17))

for sa, sb in [("1.5", "3.0"), ("0.704077298474", "1.182043026209")]:
    al, be = mpmath.mpf(sa), mpmath.mpf(sb)
    for d in ["1e-10", "1e-17", "1e-30"]:
        d = mpmath.mpf(float(d))  # the double itself
        for k in [0, 5]:
            v = (be + k) / (al + be + k) * mpmath.hyp2f1(1, be + k + 1, al + be + k + 1, 1 / (1 + d))
            print("DERL", sa, sb, mpmath.nstr(d, 17), k, mpmath.nstr(v, 17))
