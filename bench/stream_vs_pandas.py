"""The streaming order summary (custorient.summarize_csv) against pandas reading
the same CSV files in chunks (read_csv chunksize, groupby per chunk, then once
over the partial results), one run each in its own process. Records CPU seconds,
MB/s of CSV per core and peak RSS (getrusage of the child), and checks that both
give the same table.

    PYTHONPATH=build/release/bindings/python/site /usr/bin/python3 \\
        bench/stream_vs_pandas.py AS_OF FILE... [--chunksize N]

Files come from `build/release/bench/bench_stream_summary gen ORDERS CUSTOMERS FILE`.
"""

import json
import os
import resource
import subprocess
import sys
import time


def ours(paths, as_of):
    import custorient
    return custorient.summarize_csv(paths, as_of=as_of)


def pandas_chunks(paths, as_of, chunksize):
    import pandas as pd
    parts = []
    for path in paths:
        for chunk in pd.read_csv(path, chunksize=chunksize, usecols=["customer_id", "date", "amount"],
                                 dtype={"customer_id": str, "date": str, "amount": float}):
            chunk = chunk[chunk["date"] <= as_of]  # ISO dates sort as text
            parts.append(chunk.groupby(["customer_id", "date"], sort=False)["amount"].sum())
    per_day = pd.concat(parts).groupby(level=[0, 1]).sum().reset_index()
    per_day["date"] = pd.to_datetime(per_day["date"])
    g = per_day.groupby("customer_id")["date"]
    first, last, days = g.min(), g.max(), g.size()
    repeat = per_day[per_day["date"].values != first.reindex(per_day["customer_id"]).values]
    return pd.DataFrame({
        "frequency": (days - 1).astype(float),
        "recency": (last - first).dt.days.astype(float),
        "T": (pd.Timestamp(as_of) - first).dt.days.astype(float),
        "monetary_value": repeat.groupby("customer_id")["amount"].mean().reindex(first.index)
        .fillna(0.0),
    })


def child(which, as_of, paths, chunksize, out):
    t0, c0 = time.perf_counter(), time.process_time()
    frame = ours(paths, as_of) if which == "ours" else pandas_chunks(paths, as_of, chunksize)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    frame.to_pickle(out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(json.dumps({"cpu": cpu, "wall": wall, "rss_mb": peak, "rows": len(frame)}))


def main():
    if sys.argv[1] == "--child":
        _, _, which, as_of, chunksize, out, *paths = sys.argv
        child(which, as_of, paths, int(chunksize), out)
        return
    args = sys.argv[1:]
    chunksize = 1_000_000
    if "--chunksize" in args:
        i = args.index("--chunksize")
        chunksize = int(args[i + 1])
        del args[i:i + 2]
    as_of, paths = args[0], args[1:]
    size = sum(os.path.getsize(p) for p in paths) / 1e6
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    print("%.0f MB of CSV in %d file(s); load average %s" % (size, len(paths), " ".join(load)))
    results = {}
    for which in ("ours", "pandas"):
        out = "%s.%s.pkl" % (paths[0], which)
        p = subprocess.run([sys.executable, __file__, "--child", which, as_of, str(chunksize), out,
                            *paths], capture_output=True, text=True, check=True)
        results[which] = json.loads(p.stdout)
    import pandas as pd
    a = pd.read_pickle("%s.ours.pkl" % paths[0])
    b = pd.read_pickle("%s.pandas.pkl" % paths[0]).sort_index()
    for which in ("ours", "pandas"):
        os.remove("%s.%s.pkl" % (paths[0], which))
    same = (list(a.index) == list(b.index)
            and all((a[c].values == b[c].values).all() for c in ("frequency", "recency", "T"))
            and ((a["monetary_value"] - b["monetary_value"]).abs()
                 <= 1e-9 * b["monetary_value"].abs().clip(lower=1)).all())
    print("| | CPU s | MB/s per core | wall s | peak RSS MB | customers |")
    print("|---|---|---|---|---|---|")
    for which, label in (("ours", "custorient.summarize_csv"),
                         ("pandas", "pandas read_csv(chunksize=%d)" % chunksize)):
        r = results[which]
        print("| %s | %.1f | %.0f | %.1f | %.0f | %d |" % (label, r["cpu"], size / r["cpu"],
                                                         r["wall"], r["rss_mb"], r["rows"]))
    print("ratio (pandas CPU / ours): %.1f; same table: %s"
          % (results["pandas"]["cpu"] / results["ours"]["cpu"], same))


if __name__ == "__main__":
    main()
