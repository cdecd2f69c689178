"""Reference values for the BG/NBD P(X(t) = n) far in the tail and for huge n
(tests/bgnbd_test.c: probability_of_purchases_is_bounded_and_exact_in_the_tail).

Run: /usr/bin/python3 tests/reference/bgnbd_tail_reference.py
(Debian 12: python3-mpmath). Fader, Hardie & Lee (2005), eq. 8, at 50 digits:

  P(X(t) = n) = B(a, b+n)/B(a, b) NB(n) + [n > 0] B(a+1, b+n-1)/B(a, b) P(NB >= n),
  NB(j) = G(r+j)/(G(r) j!) p^r q^j,  p = alpha/(alpha+t), q = t/(alpha+t).

The tail P(NB >= n) is computed twice and the script stops if the two differ
by more than 1e-25 (the log-gammas of 1e15 leave ~35 of the 50 digits): by
mpmath.betainc(n, r, 0, q) (I_q(n, r)), and either as the sum of the pmf from
j = n upwards (q <= 0.99: terms shrink at least like q^k; summed until they
are 1e-60 of the sum) or, for q near 1, as 1 - mpmath.betainc(r, n, 0, p) at
120 digits. Shares no code with the library.
"""
import mpmath

mpmath.mp.dps = 50
r, alpha, a, b = map(mpmath.mpf, ("0.243", "4.414", "0.793", "2.426"))  # CDNOW (weeks)

CASES = [(39, 3), (10, 5), (10, 1000), (10, 10**7), (10, 10**15), (1000, 2000), (52, 0),
         (10**9, 10**8), (10**9, 10**7)]


def log_nb(j, p, q):
    return mpmath.loggamma(r + j) - mpmath.loggamma(r) - mpmath.loggamma(j + 1) + r * mpmath.log(p) + j * mpmath.log(q)


def tail_by_sum(n, p, q):
    first = log_nb(n, p, q)
    s, term, j = mpmath.mpf(0), mpmath.mpf(1), n
    while term > mpmath.mpf(10) ** -60 * s or s == 0:
        s += term
        term *= (r + j) / (j + 1) * q
        j += 1
    return mpmath.exp(first) * s


def prob(t, n):
    t, n = mpmath.mpf(t), mpmath.mpf(n)
    p, q = alpha / (alpha + t), t / (alpha + t)
    lB = lambda x, y: mpmath.log(mpmath.beta(x, y))
    v = mpmath.exp(lB(a, b + n) - lB(a, b) + log_nb(n, p, q))
    if n > 0:
        tail = mpmath.betainc(n, r, 0, q, regularized=True)
        if q <= mpmath.mpf("0.99"):
            other = tail_by_sum(n, p, q)
        else:
            with mpmath.workdps(120):
                other = 1 - mpmath.betainc(r, n, 0, alpha / (alpha + t), regularized=True)
        assert abs(tail / other - 1) < mpmath.mpf(10) ** -25, (t, n, tail, other)
        v += mpmath.exp(lB(a + 1, b + n - 1) - lB(a, b)) * tail
    return v


for t, n in CASES:
    print(t, n, mpmath.nstr(prob(t, n), 17))
