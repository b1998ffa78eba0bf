"""Seed 002's CPU task, sum(range(100_000_000)), four of them in a pool of 4
workers: on a 2-core machine, more workers than cores. The count scales
with the unit (--unit-ms MS or WORKBOOK_UNIT_MS; default 1000 = the seed's
100 million), so a test runs it small.
"""

import os
import sys
import time
from multiprocessing import Pool


def unit_ms():
    if "--unit-ms" in sys.argv:
        return int(sys.argv[sys.argv.index("--unit-ms") + 1])
    return int(os.environ.get("WORKBOOK_UNIT_MS", "1000"))


N = 100_000_000 * unit_ms() // 1000


# ANCHOR: cpu_task
def cpu_task(task_id):
    return sum(range(N))


if __name__ == "__main__":
    start = time.perf_counter()
    cpu_task(0)
    alone = time.perf_counter() - start
    start = time.perf_counter()
    with Pool(processes=4) as pool:  # 4 workers, whatever the cores
        results = pool.map(cpu_task, range(4))
    together = time.perf_counter() - start
    # ANCHOR_END: cpu_task
    print(f"sum of {N:,} numbers: {results[0]:,}, the same in all 4: {len(set(results)) == 1}")
    print(f"one task alone {alone:.3f} s; 4 tasks on a pool of 4, {os.cpu_count()} cores: "
          f"{together:.3f} s")
