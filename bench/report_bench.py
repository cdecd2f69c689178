"""The whole report against the pandas code that computes only part of it.

    /usr/bin/python3 bench/report_bench.py build/release/examples/custorient [DATA_DIR]

custorient: `custorient report DATA_DIR --json` as a user runs it (process
start, CSV import, every section including the BG/NBD and Gamma-Gamma fits,
JSON out). Peer: tests/cli/independent.py, pandas reading the same four CSV
files and computing the customer base, NPS with monthly scores and the RFM
segments -- a fraction of the report. Best of 5 runs each, one process start
per custorient run; pandas timed in this process after import.
"""

import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "cli"))
import independent  # noqa: E402

program = sys.argv[1]
data = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "data", "sample")


def best(fn, repeat=5):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def report():
    subprocess.run([program, "report", data, "--json"], check=True, stdout=subprocess.DEVNULL)


def pandas_part():
    c, o, f, k = independent.load(data)
    as_of = independent.as_of_default(c, o, f, k)
    independent.customer_base(c, o, f, k, as_of)
    independent.nps(f, as_of)
    independent.rfm_segments(o, as_of)


t_report = best(report)
t_pandas = best(pandas_part)
print("data: %s" % data)
print("%-58s %8s %7s" % ("", "seconds", "ratio"))
print("%-58s %8.3f %7s" % ("custorient report --json (every section)", t_report, "1.00"))
print("%-58s %8.3f %7.2f" % ("pandas: load + customer base + NPS + RFM only", t_pandas,
                             t_pandas / t_report))
