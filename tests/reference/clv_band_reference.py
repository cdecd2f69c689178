"""Reference CLV bands for the CLV-band tests (tests/clv_band_test.c, test_clv_band.py).

Run: /usr/bin/python3 tests/reference/clv_band_reference.py   (Debian 12: numpy 1.24, scipy 1.10)
The BG/NBD parameters (r, alpha, a, b) and the Gamma-Gamma parameters (p, q, v) on CDNOW
(weeks) are drawn 400,000 times (numpy's generator, seed 2024), each block from the normal
of log(parameters) with the covariance mpmath gave at the estimate
(uncertainty_reference.out), the two blocks independently. For each draw the 12-month CLV
as lifetimes defines it (4.345 weeks a month, 1% discount a month) is computed from
Fader, Hardie & Lee (2005) eq. 10 (scipy.special.hyp2f1, without the library's Euler
transformation) and Fader & Hardie (2013) eq. 5 for the expected order value. Printed per
customer: the CLV at the estimates, the 5% and 95% quantiles, and the standard deviation
over the draws (the unit of the tests' tolerance). Shares no code with the library.
"""
import numpy as np
from scipy import special

BG = np.array([0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218])
BG_COV = np.array([
    [0.000157686277218, 0.00370638193384, -8.78394058692e-5, 6.56495792534e-5],
    [0.00370638193384, 0.143051453348, -0.00286557532272, 0.0105224467099],
    [-8.78394058692e-5, -0.00286557532272, 0.0344916296077, 0.123195658136],
    [6.56495792534e-5, 0.0105224467099, 0.123195658136, 0.49751309048],
])
GG = np.array([6.24880269493, 3.7445884393, 15.4477472178])
GG_COV = np.array([
    [1.41535128548, -0.231906143155, -4.8020516911],
    [-0.231906143155, 0.0841959415977, 0.992220884019],
    [-4.8020516911, 0.992220884019, 17.3054971934],
])
# (x, tx, T, mean repeat order value)
CUSTOMERS = [(2, 30.43, 38.86, 22.35), (1, 1.71, 38.86, 11.77), (7, 29.43, 35.0, 73.74),
             (0, 0.0, 38.86, 0.0)]
MONTHS, PER_MONTH, DISCOUNT = 12, 4.345, 0.01


def draws(est, cov, n, rng):
    return np.exp(rng.multivariate_normal(np.log(est), cov / np.outer(est, est), size=n)).T


def clv(bg, gg, x, tx, T, m):
    r, alpha, a, b = bg
    p, q, v = gg
    alive = np.ones_like(r) if x == 0 else \
        1.0 / (1.0 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))

    def expected(t):  # eq. 10 / P(alive): the expectation given alive
        z = t / (alpha + T + t)
        h = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
        return (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * h)

    spend = p * (v + x * m) / (p * x + q - 1)
    total, prev = 0.0, 0.0
    for month in range(1, MONTHS + 1):
        cur = expected(month * PER_MONTH)
        total = total + (cur - prev) / (1 + DISCOUNT) ** month
        prev = cur
    return spend * alive * total


rng = np.random.default_rng(2024)
bg_draws = draws(BG, BG_COV, 400_000, rng)
gg_draws = draws(GG, GG_COV, 400_000, rng)
for c in CUSTOMERS:
    point = clv(BG[:, None], GG[:, None], *c)[0]
    vals = clv(bg_draws, gg_draws, *c)
    lo, hi = np.quantile(vals, [0.05, 0.95])
    print("%s: clv %.6g lower %.6g upper %.6g sd %.3g" % (c, point, lo, hi, vals.std()))
