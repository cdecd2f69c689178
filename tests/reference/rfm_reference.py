"""Independent reference for tests/rfm_test.c and bindings/python/tests/test_rfm.py.

Re-implements the scoring of the R package rfm 0.3.0 (rfm_table) and its
first-match segment assignment (rfm_segment) with numpy, without the
library. Run offline as

    /usr/bin/python3 tests/reference/rfm_reference.py

and copy the printed numbers into the tests.
"""

import numpy as np

# Twelve customers with ties in every variable.
recency = np.array([3, 10, 10, 45, 60, 60, 120, 200, 250, 365, 400, 400], dtype=float)
frequency = np.array([12, 1, 5, 5, 2, 9, 1, 3, 1, 7, 2, 1], dtype=float)
monetary = np.array([880.5, 20.0, 310.0, 150.0, 75.25, 600.0, 20.0, 210.0, 15.0,
                     990.0, 60.0, 5.0])


def r_quantile7(x, probs):
    """R's quantile(type = 7) in R's own floating-point steps (stats:::quantile.default):
    index = 1 + (n - 1) * p; lo = floor(index); interpolate (1 - h) x[lo] + h x[hi]
    only where index > lo and x[hi] != x[lo]."""
    xs = np.sort(np.asarray(x, dtype=float))
    n = len(xs)
    index = 1 + (n - 1) * np.asarray(probs, dtype=float)
    lo = np.floor(index).astype(int)
    hi = np.ceil(index).astype(int)
    qs = xs[lo - 1]
    i = (index > lo) & (xs[hi - 1] != qs)
    h = (index - lo)[i]
    qs[i] = (1 - h) * qs[i] + h * xs[hi[i] - 1]
    return qs


def r_bins(x, n_bins=5):
    """Interior type-7 quantiles plus one, as rfm's bins(). seq(0, 1, length.out)
    in R is from + k * ((to - from) / n1), the same as numpy's linspace."""
    probs = np.linspace(0, 1, n_bins + 1)
    q = r_quantile7(x, probs)
    # numpy's own type-7 quantile may differ from R's in the last bit.
    assert np.allclose(q, np.quantile(x, probs, method="linear"), rtol=1e-12, atol=0)
    return q[1:-1] + 1


def r_score(x, n_bins=5, reverse=False):
    """rfm_table's loop: score i where lower[i] <= x < upper[i]."""
    b = r_bins(x, n_bins)
    lower = np.concatenate([[x.min()], b])
    upper = np.concatenate([b, [x.max() + 1]])
    score = np.zeros(len(x), dtype=int)
    for i in range(n_bins):
        hit = (x >= lower[i]) & (x < upper[i])
        score[hit] = (n_bins - i) if reverse else (i + 1)
    return b, score


NAMES = ["Champions", "Potential Loyalist", "Loyal Customers", "Promising",
         "New Customers", "Can't Lose Them", "At Risk", "Need Attention",
         "About To Sleep", "Lost"]
R_LO = [5, 3, 2, 3, 4, 1, 1, 1, 2, 1]
R_HI = [5, 5, 4, 4, 5, 2, 2, 3, 3, 1]
F_LO = [5, 3, 2, 1, 1, 3, 2, 3, 1, 1]
F_HI = [5, 5, 4, 3, 3, 4, 5, 5, 3, 5]
M_LO = [5, 2, 2, 3, 1, 4, 4, 3, 1, 1]
M_HI = [5, 5, 4, 5, 5, 5, 5, 5, 4, 5]


def r_segment(r, f, m):
    seg = np.array(["Others"] * len(r), dtype=object)
    for i, name in enumerate(NAMES):
        hit = ((r >= R_LO[i]) & (r <= R_HI[i]) & (f >= F_LO[i]) & (f <= F_HI[i])
               & (m >= M_LO[i]) & (m <= M_HI[i]) & (seg == "Others"))
        seg[hit] = name
    return seg


if __name__ == "__main__":
    rb, rs = r_score(recency, reverse=True)
    fb, fs = r_score(frequency)
    mb, ms = r_score(monetary)
    np.set_printoptions(precision=10)
    print("recency cuts", repr(rb))
    print("frequency cuts", repr(fb))
    print("monetary cuts", repr(mb))
    print("recency scores", list(rs))
    print("frequency scores", list(fs))
    print("monetary scores", list(ms))
    print("rfm score", list(100 * rs + 10 * fs + ms))
    seg = r_segment(rs, fs, ms)
    print("segments", list(seg))
    for name in NAMES + ["Others"]:
        hit = seg == name
        if hit.any():
            print("summary %-20s customers %d orders %g revenue %.2f"
                  % (name, hit.sum(), frequency[hit].sum(), monetary[hit].sum()))
    # Quintile cuts of 1..10 with offset 0 (a second, hand-checkable vector):
    # h = 9k/5 -> 2.8, 4.6, 6.4, 8.2 for k = 1..4.
    print("1..10 quantiles", np.quantile(np.arange(1, 11), [0.2, 0.4, 0.6, 0.8]))
    # Every score triple of 5 classes through the R rules (125 combinations).
    grid = np.array([(r, f, m) for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)])
    gseg = r_segment(grid[:, 0], grid[:, 1], grid[:, 2])
    for name in NAMES + ["Others"]:
        print("grid %-20s %d" % (name, (gseg == name).sum()))
    print("grid Others triples", [tuple(t) for t in grid[gseg == "Others"]])
