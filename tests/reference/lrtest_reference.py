"""Chi-square upper tails for tests/lrtest_test.c (scipy.stats.chi2.sf).

Run: /usr/bin/python3 tests/reference/lrtest_reference.py
"""
from scipy.stats import chi2

CASES = [(3.841458820694124, 1), (5.991464547107979, 2), (0.5, 3), (12.0, 2), (40.0, 4),
         (250.0, 2), (1e-8, 1), (100.0, 30), (30.0, 60)]
for x, df in CASES:
    print("x %-20r df %2d  sf %.17g" % (x, df, chi2.sf(x, df)))
