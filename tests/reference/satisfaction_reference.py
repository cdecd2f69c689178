"""Independent CSAT/CES numbers for tests/satisfaction_test.c.

Run offline: /usr/bin/python3 tests/reference/satisfaction_reference.py
(scipy 1.10: binomtest(...).proportion_ci(method="wilson") and
stats.t.interval); the printed values are written into the tests.
"""
import numpy as np
from scipy import stats

def summary(name, ratings, box, level=0.95):
    r = np.asarray(ratings, dtype=float)
    k = int(np.isin(r, box).sum())
    ci = stats.binomtest(k, r.size).proportion_ci(confidence_level=level, method="wilson")
    lo, hi = stats.t.interval(level, r.size - 1, loc=r.mean(), scale=stats.sem(r))
    print("%s: n %d in_box %d share %.10f wilson [%.10f, %.10f] mean %.10f sd %.10f "
          "t [%.10f, %.10f]" % (name, r.size, k, 100 * k / r.size, 100 * ci.low, 100 * ci.high,
                                r.mean(), r.std(ddof=1), lo, hi))

# references.md: counts for 5..1 = 42/32/10/9/14.
csat = [5] * 42 + [4] * 32 + [3] * 10 + [2] * 9 + [1] * 14
summary("csat", csat, [4, 5])
summary("csat90", csat, [4, 5], level=0.90)
summary("ces", [7, 6, 6, 5, 4, 2, 7, 3, 5, 6, 1, 7], [5, 6, 7])
summary("tiny", [5, 1], [4, 5])
summary("all_top", [5, 5, 5, 5], [4, 5])
print("t quantiles df 1, 2, 5, 30, 1000 at 0.975:",
      ["%.12f" % stats.t.ppf(0.975, df) for df in (1, 2, 5, 30, 1000)])
print("normal quantiles 0.975 0.995 1e-10:",
      ["%.14f" % stats.norm.ppf(p) for p in (0.975, 0.995, 1e-10)])
# The level closest to 1 below it, 1 - 2^-53: its two-sided critical values
# are the upper quantiles at the tail 2^-54, solved with mpmath at 40 digits
# (scipy's t.isf is off by 2e-9 relative there at df 5).
import mpmath as mp
mp.mp.dps = 40
tail = mp.mpf(2) ** -54
def t_isf(df, guess):
    upper = lambda t: 0.5 * mp.betainc(mp.mpf(df) / 2, 0.5, 0, df / (df + t * t),
                                       regularized=True)
    return mp.findroot(lambda t: upper(t) - tail, guess)
print("critical values at level 1 - 2^-53 (normal, t df 1, t df 5):",
      [mp.nstr(v, 17) for v in (-mp.sqrt(2) * mp.erfinv(2 * tail - 1), t_isf(1, 5.7e15),
                                t_isf(5, 2796))])
print("NPS 20/30/50 Wald half-width there:",
      mp.nstr(-mp.sqrt(2) * mp.erfinv(2 * tail - 1) * 100 * mp.sqrt(mp.mpf("0.0061")), 17))
