"""Store benchmarks against the tools a Python user would otherwise pick.

1. Ingest + summary: import customers.csv and a 1M-order orders.csv, then the
   lifetimes-style summary (frequency, recency, T, monetary value), against
   pandas read_csv + groupby computing the same summary (checked equal).
2. Insert and look up 1M customers: custorient.Store (per-call from Python and
   bulk CSV import) against a dict and sqlite3 in memory.

Run from the repository root after `cmake --preset release && cmake --build --preset release`:
    PYTHONPATH=build/release/bindings/python/site /usr/bin/python3 bench/store_bench.py
Sizes are modest on purpose (2 shared cores). Prints one line per measurement.
"""
import gc
import os
import sqlite3
import sys
import tempfile
import time

import numpy as np
import pandas as pd

import custorient

ORDERS = int(os.environ.get("CO_BENCH_ORDERS", "1000000"))
CUSTOMERS = int(os.environ.get("CO_BENCH_CUSTOMERS", "1000000"))
REPEAT = 3


def best(fn):
    times = []
    result = None
    for _ in range(REPEAT):
        gc.collect()
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def pandas_summary(orders_csv, as_of):
    tx = pd.read_csv(orders_csv, usecols=["customer_id", "date", "amount"],
                     dtype={"customer_id": str, "amount": np.float64})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y-%m-%d")
    tx = tx[tx["date"] <= as_of]
    daily = tx.groupby(["customer_id", "date"], sort=True)["amount"].sum().reset_index()
    g = daily.groupby("customer_id", sort=True)
    first = g["date"].transform("min")
    out = pd.DataFrame({"frequency": g.size() - 1,
                        "recency": (g["date"].max() - g["date"].min()).dt.days.astype(float),
                        "T": (as_of - g["date"].min()).dt.days.astype(float)})
    repeat = daily[daily["date"] != first]
    out["monetary_value"] = repeat.groupby("customer_id")["amount"].mean()
    out["monetary_value"] = out["monetary_value"].fillna(0.0)
    return out


def ingest(directory, as_of):
    with custorient.Store() as store:
        store.import_csv("customers", os.path.join(directory, "customers.csv"))
        store.import_csv("orders", os.path.join(directory, "orders.csv"))
        return store.summary(as_of)


def bench_ingest(directory):
    # Enough generated customers for about ORDERS orders (about 7 per customer).
    store = custorient.generate(seed=1, customers=max(10, ORDERS // 7))
    store.export_csv("customers", os.path.join(directory, "customers.csv"))
    store.export_csv("orders", os.path.join(directory, "orders.csv"))
    n_orders = store.count("orders")
    store.close()
    as_of = "2024-12-31"
    t_co, s = best(lambda: ingest(directory, as_of))
    t_pd, ref = best(lambda: pandas_summary(os.path.join(directory, "orders.csv"),
                                            pd.Timestamp(as_of)))
    ref = ref.loc[list(s.customer_id)]
    for col in ("frequency", "recency", "T"):
        assert np.array_equal(ref[col].to_numpy(), getattr(s, col)), col
    assert np.allclose(ref["monetary_value"].to_numpy(), s.monetary_value, rtol=1e-12, atol=0)
    size = os.path.getsize(os.path.join(directory, "orders.csv")) / 2**20
    print("ingest+summary orders=%d (orders.csv %.1f MiB, customers.csv included for custorient)"
          % (n_orders, size))
    print("  custorient %.3f s   pandas %.3f s   speedup %.1fx" % (t_co, t_pd, t_pd / t_co))


def bench_customers(directory):
    n = CUSTOMERS
    ids = ["C%09d" % i for i in range(n)]
    emails = ["user%d@example.com" % i for i in range(n)]
    probe = [ids[(i * 7919) % n] for i in range(n)]

    def co_calls():
        store = custorient.Store()
        add = store.add_customer
        for i in range(n):
            add(ids[i], "Jane Doe", emails[i], 19000, "retail")
        return store

    def co_csv():
        path = os.path.join(directory, "many_customers.csv")
        if not os.path.exists(path):
            with open(path, "w") as f:
                f.write("customer_id,name,email,signup_date,segment\n")
                for i in range(n):
                    f.write("%s,Jane Doe,%s,2022-01-08,retail\n" % (ids[i], emails[i]))
        store = custorient.Store()
        store.import_csv("customers", path)
        return store

    def dict_insert():
        d = {}
        for i in range(n):
            d[ids[i]] = ("Jane Doe", emails[i], 19000, "retail")
        return d

    def sqlite_insert():
        db = sqlite3.connect(":memory:")
        db.execute("CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT, email TEXT,"
                   " signup INTEGER, segment TEXT)")
        db.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?)",
                       ((ids[i], "Jane Doe", emails[i], 19000, "retail") for i in range(n)))
        db.commit()
        return db

    t_calls, store = best(co_calls)
    t_csv, store_csv = best(co_csv)
    t_dict, d = best(dict_insert)
    t_sql, db = best(sqlite_insert)
    print("insert %d customers" % n)
    print("  custorient add_customer() from Python %.3f s   custorient CSV import %.3f s"
          % (t_calls, t_csv))
    print("  dict %.3f s   sqlite3 :memory: %.3f s" % (t_dict, t_sql))
    print("  ratios: dict/add_customer %.2f   sqlite/add_customer %.2f   sqlite/CSV import %.2f"
          % (t_dict / t_calls, t_sql / t_calls, t_sql / t_csv))

    t_co_get, _ = best(lambda: [store[k] for k in probe])
    t_co_in, _ = best(lambda: sum(k in store for k in probe))
    t_dict_get, _ = best(lambda: [d[k] for k in probe])
    cur = db.cursor()
    t_sql_get, _ = best(lambda: [cur.execute("SELECT * FROM customers WHERE id = ?",
                                             (k,)).fetchone() for k in probe])
    print("look up %d customers" % n)
    print("  custorient store[id] %.3f s   id in store %.3f s   dict %.3f s   sqlite3 %.3f s"
          % (t_co_get, t_co_in, t_dict_get, t_sql_get))
    print("  ratios: sqlite/store[id] %.2f   dict/store[id] %.2f" % (t_sql_get / t_co_get,
                                                                    t_dict_get / t_co_get))
    # Memory per customer: dict (container + tuples + strings it owns), sqlite pages.
    own = sum(sys.getsizeof(v) for v in d.values()) + sys.getsizeof(d)
    own += sum(sys.getsizeof(k) for k in ids) + sum(sys.getsizeof(e) for e in emails)
    pages = db.execute("PRAGMA page_count").fetchone()[0] * db.execute(
        "PRAGMA page_size").fetchone()[0]
    print("memory per customer: dict %.0f bytes   sqlite3 %.0f bytes   "
          "(custorient: see bench_store_insert)" % (own / n, pages / n))
    store.close()
    store_csv.close()


def main():
    with tempfile.TemporaryDirectory() as directory:
        bench_ingest(directory)
        bench_customers(directory)


if __name__ == "__main__":
    main()
