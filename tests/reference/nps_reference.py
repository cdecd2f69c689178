"""Independent NPS numbers for tests/nps_test.c and the Python tests.

Run offline with Debian's interpreter (numpy, scipy):
    /usr/bin/python3 tests/reference/nps_reference.py
The numbers it prints are written into the tests by hand. It computes the
NPS as the weighted mean of -1/0/+1 answers and its standard error from the
weighted variance and Kish's effective sample size, a different route from
the library's class shares.
"""
import numpy as np
from scipy import stats

def recode(scores):
    s = np.asarray(scores)
    return np.where(s >= 9, 1.0, np.where(s >= 7, 0.0, -1.0))

def weighted(scores, weights):
    x = recode(scores)
    w = np.asarray(weights, dtype=float)
    mean = np.average(x, weights=w)
    var = np.average((x - mean) ** 2, weights=w)
    n_eff = w.sum() ** 2 / (w ** 2).sum()
    return mean, var, n_eff, np.sqrt(var / n_eff)

def wald(mean, se, level):
    z = stats.norm.ppf(0.5 + level / 2)
    return mean - z * se, mean + z * se

def adjusted(mean_det, mean_pro, n, level):
    det = (mean_det * n + 0.75) / (n + 3)
    pro = (mean_pro * n + 0.75) / (n + 3)
    c = pro - det
    se = np.sqrt(((pro + det) - c ** 2) / (n + 3))
    lo, hi = wald(c, se, level)
    return c, se, max(lo, -1), min(hi, 1)

print("== weighted sample")
scores = [10, 9, 3, 7, 10, 0, 8, 6, 9, 10]
weights = [1.5, 0.5, 2.0, 1.0, 1.0, 3.0, 0.5, 1.0, 2.0, 0.25]
mean, var, n_eff, se = weighted(scores, weights)
print("score %.10f var %.10f n_eff %.10f se %.10f" % (100 * mean, 1e4 * var, n_eff, 100 * se))
lo, hi = wald(mean, se, 0.95)
print("wald95 [%.10f, %.10f]" % (100 * lo, 100 * hi))
w = np.asarray(weights)
x = recode(scores)
p_det = w[x < 0].sum() / w.sum()
p_pro = w[x > 0].sum() / w.sum()
c, s, lo, hi = adjusted(p_det, p_pro, n_eff, 0.95)
print("adjusted95 center %.10f se %.10f [%.10f, %.10f]" % (100 * c, 100 * s, 100 * lo, 100 * hi))

print("== unweighted 20/30/50 at other levels")
x = np.array([-1] * 20 + [0] * 30 + [1] * 50, dtype=float)
se = np.sqrt(x.var() / x.size)
for level in (0.80, 0.90, 0.99):
    lo, hi = wald(x.mean(), se, level)
    print("wald%g [%.10f, %.10f]" % (level, 100 * lo, 100 * hi))

print("== comparison of 20/30/50 with 30/30/40")
y = np.array([-1] * 30 + [0] * 30 + [1] * 40, dtype=float)
se_d = np.sqrt(x.var() / x.size + y.var() / y.size)
d = x.mean() - y.mean()
z = d / se_d
print("diff %.10f se %.10f z %.10f p %.10f" % (100 * d, 100 * se_d, z, 2 * stats.norm.sf(abs(z))))
