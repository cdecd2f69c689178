"""Independent per-customer feedback scores for tests/feedback_score_test.c.

Run offline: /usr/bin/python3 tests/reference/feedback_score_reference.py
Plain numpy with absolute weights 0.5 ** (age / half_life) (the library
works with weights relative to each customer's newest feedback).
"""
import numpy as np

as_of = 1000
half_life = 30.0
customer = np.array([0, 0, 0, 1, 1, 2, 0])
day = np.array([1000, 970, 910, 940, 1000, 400, 999])
kind = np.array([0, 1, 4, 2, 3, 0, 1])        # NPS, CSAT, text (sentiment), CES, rating, NPS, CSAT
value = np.array([9, 2, -0.5, 6, 2.6, 3, 5])
low = np.array([0, 1, 1, 1, -1])[kind]       # NPS 0-10, CSAT 1-5, CES 1-7, rating 1-5, text -1..1
high = np.array([10, 5, 7, 5, 1])[kind]
pct = 100 * (value - low) / (high - low)
w = 0.5 ** ((as_of - day) / half_life)

def scores(prior_weight=0.0, prior=50.0, kind_weight=(1, 1, 1, 1, 1)):
    kw = np.asarray(kind_weight, dtype=float)[kind]
    out = []
    for c in range(4):
        m = customer == c
        num = (w[m] * kw[m] * pct[m]).sum() + prior_weight * prior
        den = (w[m] * kw[m]).sum() + prior_weight
        out.append(num / den if den > 0 else float("nan"))
    return out

print("plain:", ["%.12f" % s for s in scores()])
print("weights:", ["%.12g" % (w[customer == c]).sum() for c in range(4)])
print("prior 0.5 at 50:", ["%.12f" % s for s in scores(prior_weight=0.5)])
print("CSAT weighted 3x:", ["%.12f" % s for s in scores(kind_weight=(1, 3, 1, 1, 1))])
