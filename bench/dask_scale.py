"""Orders to per-customer summaries and a BG/NBD fit at scale: the Dask path
(custorient.dask on a LocalCluster) next to pandas in one process and the Store.

    PYTHONPATH=build/release/bindings/python/site /usr/bin/python3 bench/dask_scale.py \
        ORDERS DIR [dask,pandas,store] [BLOCKSIZE]

Data (written to DIR once, reused when present): about ORDERS orders of the library's
generator (custorient.generate_sample; ORDERS / 7 customers), dealt out line by line
over files orders-K.csv of 5M rows each, so that every customer's orders lie in
several files, plus customers.csv for the Store. Each path runs in a fresh process
and reports its wall time and peak resident memory (VmHWM): the Dask path that
of each of its 2 worker processes (1 thread each, memory_limit 2 GB) and of the
client, reading blocks of BLOCKSIZE (default 64MB; smaller blocks, more partitions); the others that of their one process. Each path summarises the orders as of
the last day and fits BG/NBD on the summary; the script checks that all paths give
the same parameters (relative 1e-9). The Dask path also reports its tasks' compute
time summed over the workers (get_task_stream): the work done, which depends less on
other load of the machine than the wall time. The load average is printed before and after,
since the machine may be shared.
"""

import json
import os
import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

ROWS_PER_FILE = 5_000_000
AS_OF = "2024-12-31"


def generate(orders, directory):
    """The library's generator (BG/NBD purchases, Gamma-Gamma amounts) for about
    `orders` orders, its orders.csv dealt out line by line over files of
    ROWS_PER_FILE rows, so that every customer's orders lie in several files."""
    os.makedirs(directory, exist_ok=True)
    if os.path.exists(os.path.join(directory, "customers.csv")):
        return
    import custorient
    custorient.generate_sample(directory, seed=16, customers=max(orders * 100 // 697, 1))
    for name in ("feedback.csv", "contacts.csv"):
        os.remove(os.path.join(directory, name))
    source = os.path.join(directory, "orders.csv")
    with open(source, encoding="utf-8") as f:
        rows = sum(1 for _ in f) - 1
    count = max((rows + ROWS_PER_FILE - 1) // ROWS_PER_FILE, 1)
    outs = [open(os.path.join(directory, "orders-%d.csv" % k), "w", encoding="utf-8")
            for k in range(count)]
    with open(source, encoding="utf-8") as f:
        header = f.readline()
        for out in outs:
            out.write(header)
        for i, line in enumerate(f):
            outs[i % count].write(line)
    for out in outs:
        out.close()
    os.remove(source)


def order_files(directory):
    return sorted(os.path.join(directory, f) for f in os.listdir(directory)
                  if f.startswith("orders-"))


def peak_mb():
    """Peak resident memory of this process in MB: VmHWM, which starts afresh at exec
    (ru_maxrss would carry the parent's peak over a fork and exec)."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_dask(directory, blocksize):
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster, get_task_stream
    import custorient
    import custorient.dask as cdask
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      memory_limit="2GB", dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        stream = get_task_stream(client)
        stream.__enter__()
        t0 = time.perf_counter()
        orders = dd.read_csv(order_files(directory), blocksize=blocksize,
                             usecols=["customer_id", "date", "amount"],
                             dtype={"customer_id": str, "amount": "float64"},
                             parse_dates=["date"])
        summary = cdask.summary_data_from_transaction_data(
            orders, "customer_id", "date", "amount", observation_period_end=AS_OF)
        bgf = custorient.BetaGeoFitter().fit(summary["frequency"], summary["recency"],
                                             summary["T"])
        seconds = time.perf_counter() - t0
        stream.__exit__(None, None, None)
        workers = client.run(peak_mb)
        return {"seconds": seconds, "params": list(bgf.params_), "partitions": orders.npartitions,
                "task_seconds": sum(ss["stop"] - ss["start"] for task in stream.data
                                    for ss in task["startstops"] if ss["action"] == "compute"),
                "customers": int(bgf._n_observations), "orders": int(orders.shape[0].compute()),
                "peak_mb": {"client": peak_mb(),
                            **{"worker %d" % i: v for i, v in enumerate(workers.values())}}}


def run_pandas(directory, _blocksize):
    import custorient
    from custorient.utils import summary_data_from_transaction_data
    t0 = time.perf_counter()
    orders = pd.concat([pd.read_csv(f, usecols=["customer_id", "date", "amount"],
                                    dtype={"customer_id": str, "amount": "float64"},
                                    parse_dates=["date"]) for f in order_files(directory)],
                       ignore_index=True)
    summary = summary_data_from_transaction_data(orders, "customer_id", "date", "amount",
                                                 observation_period_end=AS_OF)
    bgf = custorient.BetaGeoFitter().fit(summary["frequency"], summary["recency"],
                                         summary["T"])
    return {"seconds": time.perf_counter() - t0, "params": list(bgf.params_),
            "customers": len(summary), "orders": len(orders), "peak_mb": {"process": peak_mb()}}


def run_store(directory, _blocksize):
    import custorient
    t0 = time.perf_counter()
    store = custorient.Store()
    store.import_csv("customers", os.path.join(directory, "customers.csv"))
    for f in order_files(directory):
        store.import_csv("orders", f)
    s = store.summary(AS_OF, "days")
    bgf = custorient.BetaGeoFitter().fit(s.frequency, s.recency, s.T)
    return {"seconds": time.perf_counter() - t0, "params": list(bgf.params_),
            "customers": len(s), "orders": store.count("orders"),
            "peak_mb": {"process": peak_mb()}}


PATHS = {"dask": run_dask, "pandas": run_pandas, "store": run_store}


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(PATHS[sys.argv[2]](sys.argv[3], sys.argv[4])))
        return
    orders, directory = int(sys.argv[1]), sys.argv[2]
    paths = sys.argv[3].split(",") if len(sys.argv) > 3 else list(PATHS)
    blocksize = sys.argv[4] if len(sys.argv) > 4 else "64MB"
    t0 = time.perf_counter()
    generate(orders, directory)
    print("orders in %s (%.0f s to write; %.0f MB of CSV)"
          % (directory, time.perf_counter() - t0,
             sum(os.path.getsize(f) for f in order_files(directory)) / 1e6))
    print("load average before: %.2f %.2f %.2f" % os.getloadavg())
    results = {}
    for path in paths:
        out = subprocess.run([sys.executable, __file__, "--one", path, directory, blocksize],
                             capture_output=True, text=True)
        if out.returncode != 0:
            print("| %s | failed: %s |" % (path, out.stderr.strip().splitlines()[-1]))
            continue
        results[path] = json.loads(out.stdout.strip().splitlines()[-1])
        r = results[path]
        print("| %s%s | %d orders | %d customers | %.1f s%s | %s |"
              % (path, " (%d partitions)" % r["partitions"] if "partitions" in r else "",
                 r["orders"], r["customers"], r["seconds"],
                 " (tasks: %.1f s)" % r["task_seconds"] if "task_seconds" in r else "",
                 ", ".join("%s %.0f MB" % kv for kv in r["peak_mb"].items())))
    print("load average after: %.2f %.2f %.2f" % os.getloadavg())
    first = next(iter(results.values()), None)
    for path, r in results.items():
        gap = np.max(np.abs(np.array(r["params"]) / first["params"] - 1))
        print("BG/NBD r, alpha, a, b of %s: %s (largest relative difference to %s: %.1e)"
              % (path, ", ".join("%.10g" % v for v in r["params"]), next(iter(results)), gap))


if __name__ == "__main__":
    main()
