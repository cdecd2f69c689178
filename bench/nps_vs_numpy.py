"""NPS of 100M uint8 scores: custorient.nps against numpy.bincount, with the
memory-read bandwidth of the same buffer (numpy sum of its uint64 view)
measured in the same run. Best of 5 repetitions.

Run from a release build:
    PYTHONPATH=build/release/bindings/python/site /usr/bin/python3 bench/nps_vs_numpy.py [millions]
"""
import sys
import time

import numpy as np

import custorient


def best(fn, reps=5):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def numpy_nps(scores):
    counts = np.bincount(scores, minlength=11)
    if counts.size > 11:
        raise ValueError("score above 10")
    det, pro = counts[:7].sum(), counts[9:].sum()
    return 100.0 * (pro - det) / scores.size


def main():
    n = int(sys.argv[1]) * 1000000 if len(sys.argv) > 1 else 100000000
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 11, size=n, dtype=np.uint8)
    words = scores[: n // 8 * 8].view(np.uint64)
    assert abs(custorient.nps(scores).score - numpy_nps(scores)) < 1e-9

    t_mem = best(lambda: words.sum())
    t_np = best(lambda: numpy_nps(scores))
    t_co = best(lambda: custorient.nps(scores).score)
    gb = n / 1e9
    print("scores: %d uint8" % n)
    print("memory read (numpy uint64 sum): %8.2f ms  %6.2f GB/s" % (1e3 * t_mem, gb / t_mem))
    print("numpy.bincount NPS:             %8.2f ms  %6.2f GB/s" % (1e3 * t_np, gb / t_np))
    print("custorient.nps:                 %8.2f ms  %6.2f GB/s" % (1e3 * t_co, gb / t_co))
    print("speed-up over numpy.bincount: %.1fx" % (t_np / t_co))
    print("custorient.nps time / memory-read time: %.2f" % (t_co / t_mem))


if __name__ == "__main__":
    main()
