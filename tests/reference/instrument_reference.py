"""Independent Cronbach's alpha values for tests/instrument_test.c.

Run offline: /usr/bin/python3 tests/reference/instrument_reference.py
numpy, straight from the definition: alpha = k/(k-1) * (1 - sum of item
variances / variance of the total), variances with ddof=1, after reverse
coding (6 - x on a 1-5 scale) and dropping rows with a missing answer.
"""
import numpy as np

def alpha(m):
    m = np.asarray(m, dtype=float)
    m = m[~np.isnan(m).any(axis=1)]
    k = m.shape[1]
    return k / (k - 1) * (1 - m.var(axis=0, ddof=1).sum() / m.sum(axis=1).var(ddof=1))

# Six respondents, items q1..q4 of the test instrument; q3 is reverse-coded.
answers = np.array([
    [4, 5, 2, 4],
    [3, 3, 3, 3],
    [5, 4, 1, 5],
    [2, 2, 4, 1],
    [4, 4, 2, np.nan],
    [1, 2, 5, 2],
])
coded = answers.copy()
coded[:, 2] = 6 - coded[:, 2]
print("raw alpha q1..q4 (complete rows): %.12f" % alpha(answers))
print("coded alpha q1..q4: %.12f" % alpha(coded))
print("coded alpha q1..q3 (all rows complete): %.12f" % alpha(coded[:, :3]))
