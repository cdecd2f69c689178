"""RFM scoring and segmentation: custorient against the numpy and pandas
code an analyst would otherwise write. One run, ratios against custorient.

    PYTHONPATH=build/release/bindings/python/site /usr/bin/python3 bench/rfm_bench.py [N]

Peers, on the same arrays of N customers:
- numpy: np.quantile cut points + 1 and np.searchsorted(side="right"),
  which gives exactly the R package's scores (the reference's rule);
- pandas: the common idiom pd.qcut(x.rank(method="first"), 5) (ties are split
  to balance the classes, so the scores differ from R's; timed for scale);
- segments: numpy boolean masks over the rule table, first match wins.
"""

import sys
import time

import numpy as np
import pandas as pd

import custorient

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
REPEAT = 5


def best(fn):
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


rng = np.random.default_rng(1)
recency = rng.integers(0, 730, N).astype(float)
frequency = rng.negative_binomial(1, 0.3, N).astype(float) + 1
monetary = np.round(rng.gamma(2.0, 60.0, N) * frequency, 2)


def numpy_scores():
    out = []
    for x, rev in ((recency, True), (frequency, False), (monetary, False)):
        cuts = np.quantile(x, [0.2, 0.4, 0.6, 0.8]) + 1
        s = 1 + np.searchsorted(cuts, x, side="right")
        out.append(6 - s if rev else s)
    return out


def pandas_scores():
    out = []
    for x, rev in ((recency, True), (frequency, False), (monetary, False)):
        labels = [5, 4, 3, 2, 1] if rev else [1, 2, 3, 4, 5]
        out.append(pd.qcut(pd.Series(x).rank(method="first"), 5, labels=labels))
    return out


RULES = list(custorient.DEFAULT_RULES.items())


def numpy_segments(r, f, m):
    seg = np.full(len(r), len(RULES), dtype=np.int32)
    free = np.ones(len(r), dtype=bool)
    for k, (_, ((r0, r1), (f0, f1), (m0, m1))) in enumerate(RULES):
        hit = free & (r >= r0) & (r <= r1) & (f >= f0) & (f <= f1) & (m >= m0) & (m <= m1)
        seg[hit] = k
        free &= ~hit
    return seg


t_ours, ours = best(lambda: custorient.rfm_scores(recency, frequency, monetary))
t_np, theirs = best(numpy_scores)
t_pd, _ = best(pandas_scores)
assert all(np.array_equal(a, b) for a, b in zip(ours, theirs)), "scores differ from numpy"

r, f, m = ours
seg_codes = np.asarray(custorient.SEGMENTS)
t_seg, ours_codes = best(lambda: custorient.rfm_segments(r, f, m, codes=True))
t_names, names = best(lambda: custorient.rfm_segments(r, f, m))
t_seg_np, codes = best(lambda: numpy_segments(r, f, m))
assert list(seg_codes[codes]) == names, "segments differ from numpy"
assert np.array_equal(ours_codes, codes)

print("RFM on %d customers (best of %d)" % (N, REPEAT))
print("%-44s %9s %8s" % ("", "seconds", "ratio"))
print("%-44s %9.4f %8s" % ("custorient.rfm_scores", t_ours, "1.00"))
print("%-44s %9.4f %8.2f" % ("numpy quantile + searchsorted", t_np, t_np / t_ours))
print("%-44s %9.4f %8.2f" % ("pandas rank + qcut (ties split)", t_pd, t_pd / t_ours))
print("%-44s %9.4f %8s" % ("custorient.rfm_segments(codes=True)", t_seg, "1.00"))
print("%-44s %9.4f %8.2f" % ("numpy masks, first match", t_seg_np, t_seg_np / t_seg))
print("%-44s %9.4f %8.2f" % ("custorient.rfm_segments (list of names)", t_names,
                             t_names / t_seg))
