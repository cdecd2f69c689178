"""Customer lifetime value of a customer base: BG/NBD and Gamma-Gamma on the
orders of a data directory, the 12-month CLV of the base and of its five
most valuable customers.

    python3 clv.py DATA_DIR
"""

import os
import sys

import numpy as np

import custorient


def load(data_dir):
    store = custorient.Store()
    store.import_csv("customers", os.path.join(data_dir, "customers.csv"))
    store.import_csv("orders", os.path.join(data_dir, "orders.csv"))
    first, last = store.day_range("orders")
    return store, store.summary(last, unit="weeks")


def main(data_dir):
    store, s = load(data_dir)
    bgf = custorient.BetaGeoFitter().fit(s.frequency, s.recency, s.T)
    ggf = custorient.GammaGammaFitter().fit(s.frequency, s.monetary_value)
    clv = ggf.customer_lifetime_value(bgf, s.frequency, s.recency, s.T, s.monetary_value,
                                      time=12, freq="W")
    print("12-month CLV of %d customers: %.2f (%.2f each)" % (len(s), clv.sum(), clv.mean()))
    for i in np.argsort(-clv)[:5]:
        print("  %-10s %10.2f" % (s.customer_id[i], clv[i]))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: clv.py DATA_DIR")
    main(sys.argv[1])
