"""Reference values for tests/sbg_test.c (survival_is_monotone_to_the_end_of_the_double_range):
the sBG survival S(t) = B(alpha, beta + t) / B(alpha, beta) (Fader & Hardie 2007)
for horizons up to the largest double.

Run: /usr/bin/python3 tests/reference/sbg_long_horizon_reference.py
(Debian 12: python3-mpmath). The log-gammas are taken at 400 digits (ln G(1.8e308)
alone needs 311); the values are printed to 17. Shares no code with the library.
"""
import sys

import mpmath

mpmath.mp.dps = 400
ALPHA, BETA = mpmath.mpf(0.704077298474), mpmath.mpf(1.182043026209)  # regular cohort
TIMES = [1e15, 1e16, 1e17, 1e20, 1e100, 1e300, sys.float_info.max]


def survival(t):
    t = mpmath.mpf(t)  # the double itself, exactly
    lb = lambda a, b: mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)
    return mpmath.exp(lb(ALPHA, BETA + t) - lb(ALPHA, BETA))


for t in TIMES:
    print(repr(t), mpmath.nstr(survival(t), 17))
