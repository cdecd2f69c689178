"""Reference values for tests/numeric_test.c (special, large_arguments_keep_their_digits):
log-gamma ratios, log-beta and log incomplete beta at arguments where a
difference of two log-gammas of double precision cancels.

Run: /usr/bin/python3 tests/reference/numeric_large_reference.py
(Debian 12: python3-mpmath), 50 digits printed to 17; the log-gammas are
evaluated at 350 digits, since ln G(1e300) alone takes 300. Shares no code with
the library.
"""
import mpmath

mpmath.mp.dps = 50
# ln G(x + d) - ln G(x)
for x, d in [(1e15, 0.5), (1e8, -0.75), (12.5, 3.25), (1e300, 2.5)]:
    with mpmath.workdps(350):
        x, d = mpmath.mpf(x), mpmath.mpf(d)
        v = mpmath.loggamma(x + d) - mpmath.loggamma(x)
    print("ratio", x, d, mpmath.nstr(v, 17))
# ln B(a, b)
for a, b in [("0.793", "1e16"), ("3.5", "1e300")]:
    with mpmath.workdps(350):
        a, b = mpmath.mpf(a), mpmath.mpf(b)
        v = mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)
    print("lbeta", a, b, mpmath.nstr(v, 17))
# ln I_x(a, b), x given as a fraction (num/den) so 1 - x is exact
for a, b, num, den in [(5, 3, 3, 10), (1000, "0.243", 10, "14.414"), ("0.5", 2e6, 1, 1e6)]:
    a, b = mpmath.mpf(a), mpmath.mpf(b)
    x = mpmath.mpf(num) / mpmath.mpf(den)
    print("libeta", a, b, num, den, mpmath.nstr(mpmath.log(mpmath.betainc(a, b, 0, x, regularized=True)), 17))
