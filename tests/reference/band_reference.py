"""Reference bands for the prediction-band tests in tests/uncertainty_test.c.

Run: /usr/bin/python3 tests/reference/band_reference.py   (Debian 12: numpy 1.24, scipy 1.10)
The BG/NBD parameters are drawn 1,000,000 times (numpy's generator, seed 12345) from the
normal of log(parameters) with the covariance mpmath gave at the scipy estimate on CDNOW
(uncertainty_reference.out); P(alive) and the expected purchases in the next 39 weeks are
computed from Fader, Hardie & Lee (2005), eq. 10 and 13, with scipy.special.hyp2f1, and the
2.5% and 97.5% quantiles printed, with the standard deviation of each prediction over the
draws (the unit of the test's tolerance). Shares no code with the library.
"""
import numpy as np
from scipy import special

EST = np.array([0.242592907285, 4.41353170934, 0.792886313089, 2.42575404218])
COV = np.array([
    [0.000157686277218, 0.00370638193384, -8.78394058692e-5, 6.56495792534e-5],
    [0.00370638193384, 0.143051453348, -0.00286557532272, 0.0105224467099],
    [-8.78394058692e-5, -0.00286557532272, 0.0344916296077, 0.123195658136],
    [6.56495792534e-5, 0.0105224467099, 0.123195658136, 0.49751309048],
])
CUSTOMERS = [(2, 30.43, 38.86), (1, 1.71, 38.86), (7, 29.43, 35.0), (0, 0.0, 38.86)]

cov_log = COV / np.outer(EST, EST)
rng = np.random.default_rng(12345)
theta = rng.multivariate_normal(np.log(EST), cov_log, size=1_000_000)
r, alpha, a, b = np.exp(theta).T


def alive(x, tx, T):
    if x == 0:
        return np.ones_like(r)
    return 1.0 / (1.0 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def conditional(t, x, tx, T):
    z = t / (alpha + T + t)
    h = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
    num = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * h)
    return num * alive(x, tx, T)


for c in CUSTOMERS:
    for name, v in (("alive", alive(*c)), ("conditional t=39", conditional(39.0, *c))):
        lo, hi = np.quantile(v, [0.025, 0.975])
        print("%s %s: lower %.6g upper %.6g sd %.3g" % (c, name, lo, hi, v.std()))
