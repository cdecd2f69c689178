"""Transactions to per-customer summaries: custorient.utils.summary_data_from_transaction_data
against the plain pandas groupby an analyst (or lifetimes) would write. One run, best of 3.

    PYTHONPATH=build/release/bindings/python/site /usr/bin/python3 bench/summary_vs_pandas.py [N]

Data: N transactions (default 1,000,000) of N / 10 customers over two years, datetime64
dates with times of day, amounts; customer ids as int64 and as strings. The peer groups
by (customer, period) with to_period, then by customer (min, max, count), and takes the
mean amount of the repeat periods; the script checks that both give the same table.
"""

import sys
import time

import numpy as np
import pandas as pd

from custorient.utils import summary_data_from_transaction_data

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
REPEAT = 3
UNIT_DAYS = {"D": 1.0, "W": 7.0, "M": 30.436875}


def best(fn):
    times, out = [], None
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def pandas_summary(tx, freq):
    end = tx["date"].max().to_period(freq).start_time
    start = tx["date"].dt.to_period(freq).dt.start_time
    per = tx.assign(date=start).groupby(["id", "date"], as_index=False)["amount"].sum()
    g = per.groupby("id")["date"]
    first, last, n = g.min(), g.max(), g.size()
    unit = pd.Timedelta(days=UNIT_DAYS[freq])
    out = pd.DataFrame({"frequency": (n - 1).astype(float), "recency": (last - first) / unit,
                        "T": (end - first) / unit})
    repeat = per[per["date"].values != first.reindex(per["id"]).values]
    out["monetary_value"] = repeat.groupby("id")["amount"].mean().reindex(out.index).fillna(0.0)
    return out


rng = np.random.default_rng(7)
customers = max(N // 10, 1)
stamps = np.datetime64("2020-01-01") + rng.integers(0, 730 * 86400, N).astype("timedelta64[s]")
tx = pd.DataFrame({"id": rng.integers(0, customers, N), "date": stamps,
                   "amount": np.round(rng.gamma(2.0, 20.0, N), 2)})
named = tx.assign(id="c" + tx["id"].astype(str))

print("%d transactions, %d customers" % (N, tx["id"].nunique()))
print("| ids | freq | custorient | pandas groupby | ratio |")
print("|---|---|---|---|---|")
for label, data in (("int64", tx), ("str", named)):
    for freq in ("D", "W", "M"):
        ours_t, ours = best(lambda: summary_data_from_transaction_data(
            data, "id", "date", "amount", freq=freq))
        peer_t, peer = best(lambda: pandas_summary(data, freq))
        pd.testing.assert_frame_equal(ours, peer, check_names=False, rtol=1e-12)
        print("| %s | %s | %.0f ms | %.0f ms | %.1fx |"
              % (label, freq, 1e3 * ours_t, 1e3 * peer_t, peer_t / ours_t))
