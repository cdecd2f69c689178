"""Who of an at-risk list ordered again, measured from the CSV files with pandas.

For a data directory and a day START: the buyers up to START (the base), the
share of them with an order in (START, START + 182 days], and the same share
for the first N customers of `custorient report --as-of START --json --top N`
(the report's rule). For comparison it also ranks by the rule the report used
before, (1 - BG/NBD P(alive)) x 12-month CLV, and by other candidate rules,
and gives the AUC with which
candidate scores separate the customers who ordered again from the others
(models fitted with the library's Python package; shares and AUCs computed
here with pandas and scipy).

    PYTHONPATH=build/dev/bindings/python/site /usr/bin/python3 \\
        tests/reference/atrisk_backtest_reference.py build/dev/examples/custorient \\
        data/sample 2024-07-02 100 2000

Recorded in atrisk_backtest_reference.out, with a generated data set of 20,000
customers (`custorient generate DIR --customers 20000`) as of 2024-06-30.
"""

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
from scipy.stats import rankdata

import custorient

WINDOW = 182


def auc(score, bought):
    """P(score of a customer who ordered again > score of one who did not)."""
    ranks = rankdata(score)
    pos = bought.sum()
    neg = len(bought) - pos
    return (ranks[bought].sum() - pos * (pos + 1) / 2) / (pos * neg)


def report_list(program, data_dir, start, top):
    out = subprocess.run([program, "report", data_dir, "--as-of", start, "--top", str(top),
                          "--json", "--quiet"], capture_output=True, text=True, check=True)
    return [r["customer_id"] for r in json.loads(out.stdout)["at_risk"]["customers"]]


def main(program, data_dir, start, tops):
    day = pd.Timestamp(start)
    orders = pd.read_csv(os.path.join(data_dir, "orders.csv"), parse_dates=["date"])
    window = (orders["date"] > day) & (orders["date"] <= day + pd.Timedelta(days=WINDOW))
    again = set(orders.loc[window, "customer_id"])

    store = custorient.Store()
    for kind in ("customers", "orders"):
        store.import_csv(kind, os.path.join(data_dir, kind + ".csv"))
    s = store.summary(start, unit="weeks")
    ids = np.array(s.customer_id, dtype=str)
    bought = np.array([c in again for c in ids])
    print("data %s, list as of %s, orders watched for %d days" % (data_dir, start, WINDOW))
    print("buyers up to %s: %d, one-time buyers %.1f%%, ordered again: %.1f%% (base rate)"
          % (start, len(ids), 100 * np.mean(s.frequency == 0), 100 * bought.mean()))

    f, r, T, m = s.frequency, s.recency, s.T, s.monetary_value
    bg = custorient.BetaGeoFitter().fit(f, r, T)
    pn = custorient.ParetoNBDFitter().fit(f, r, T)
    spend = custorient.GammaGammaFitter().fit(np.where(m > 0, f, 0), m)
    alive_bg = np.asarray(bg.conditional_probability_alive(f, r, T))
    clv_bg = np.asarray(spend.customer_lifetime_value(bg, f, r, T, m, time=12, freq="W"))
    half = WINDOW / 7
    scores = {
        "BG/NBD P(alive)": alive_bg,
        "Pareto/NBD P(alive)": pn.conditional_probability_alive(f, r, T),
        "-(days since last order)": -s.days_since_last,
        "BG/NBD expected purchases, 182 days":
            bg.conditional_expected_number_of_purchases_up_to_time(half, f, r, T),
        "Pareto/NBD expected purchases, 182 days":
            pn.conditional_expected_number_of_purchases_up_to_time(half, f, r, T),
    }
    for name, score in scores.items():
        print("AUC %-40s %.3f" % (name, auc(np.asarray(score), bought)))

    # Candidate rules (higher first); "value if retained" is CLV / P(alive).
    alive_pn = np.asarray(scores["Pareto/NBD P(alive)"])
    clv_pn = np.asarray(spend.customer_lifetime_value(pn, f, r, T, m, time=12, freq="W"))
    kept = np.where(alive_pn > 0, clv_pn / np.maximum(alive_pn, 1e-300), 0)
    worth = kept >= np.median(kept)
    rules = {
        "old: (1 - BG/NBD P(alive)) x BG/NBD CLV": (1 - alive_bg) * clv_bg,
        "(1 - Pareto/NBD P(alive)) x Pareto/NBD CLV": (1 - alive_pn) * clv_pn,
        "1 - Pareto/NBD P(alive), value if retained >= median":
            np.where(worth, 1 - alive_pn, -np.inf),
        "(1 - Pareto/NBD P(alive)) x value if retained": (1 - alive_pn) * kept,
    }
    spent = np.asarray(s.total_spend)
    print("means of all buyers: value if retained %.0f, spend so far %.0f"
          % (kept.mean(), spent.mean()))
    position = {c: i for i, c in enumerate(ids)}

    def line(top, name, rows):
        print("top %4d: %-53s %4.1f%% ordered again; value if retained %4.0f, spend %4.0f"
              % (top, name, 100 * bought[rows].mean(), kept[rows].mean(), spent[rows].mean()))

    for top in tops:
        for name, score in rules.items():
            order = np.lexsort((np.arange(len(ids)), -score))[:top]
            line(top, name, order)
        line(top, "the report's list",
             [position[c] for c in report_list(program, data_dir, start, top)])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], [int(t) for t in sys.argv[4:]])
