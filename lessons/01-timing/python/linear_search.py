"""The seed's linear search, timed once and then with timeit: five one-shot
timings of the same search, the median of 100 samples of 100 calls, and
the median time for targets at the start, middle and end, and a missing
one. Run: python3 linear_search.py [--samples N] (default 100)."""

import statistics
import sys
import time
import timeit

SAMPLES = 100
if "--samples" in sys.argv:
    SAMPLES = int(sys.argv[sys.argv.index("--samples") + 1])


# ANCHOR: linear_search
def linear_search(items, target):
    for item in items:
        if item == target:
            return True
    return False
# ANCHOR_END: linear_search


# ANCHOR: one_shot_vs_repeated
items = list(range(10_000))

for run in range(1, 6):  # five one-shot timings
    t0 = time.perf_counter_ns()
    linear_search(items, 9_999)
    print(f"one-shot {run}: {time.perf_counter_ns() - t0} ns")

totals = timeit.repeat(lambda: linear_search(items, 9_999),
                       number=100, repeat=SAMPLES)  # samples of 100 calls
print(f"timeit, median of {SAMPLES} samples:"
      f" {statistics.median(totals) / 100 * 1e6:.1f} µs per call")
# ANCHOR_END: one_shot_vs_repeated

# ANCHOR: positions
for target in (0, 5_000, 9_999, 10_000):
    totals = timeit.repeat(lambda: linear_search(items, target),
                           number=100, repeat=SAMPLES // 2)
    print(f"target {target:>6}: {statistics.median(totals) / 100 * 1e6:.2f} µs"
          " per call (median)")
# ANCHOR_END: positions
