"""Seed 002's two ways to get results out of threads, since a Thread throws
its target's return value away: a shared list, and ThreadPoolExecutor.
Run: python3 results.py [--unit-ms MS] (default 1000: seconds)."""

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

def unit_seconds():
    """Seconds per unit: --unit-ms MS, else $WORKBOOK_UNIT_MS, else 1000 ms."""
    ms = os.environ.get("WORKBOOK_UNIT_MS", "1000")
    if "--unit-ms" in sys.argv:
        ms = sys.argv[sys.argv.index("--unit-ms") + 1]
    return int(ms) / 1000


UNIT = unit_seconds()
delays = [2, 3, 3, 2, 2]

# ANCHOR: shared_list
results = []  # 1. a shared, mutable list


def io_task_into(task_id, seconds, results):
    time.sleep(seconds * UNIT)
    results.append(f"result {task_id}")  # one append at a time: the GIL


threads = [threading.Thread(target=io_task_into, args=(i, s, results))
           for i, s in enumerate(delays)]
for t in threads:
    t.start()
for t in threads:
    print("join() returns", t.join())  # None: the value is not handed back
print("shared list, in the order they finished:", results)
# ANCHOR_END: shared_list


# ANCHOR: executor
def io_task(task_id, seconds):  # 2. an executor hands the value back
    time.sleep(seconds * UNIT)
    return f"result {task_id}"


with ThreadPoolExecutor() as pool:
    futures = [pool.submit(io_task, i, s) for i, s in enumerate(delays)]
    results = [f.result() for f in futures]  # in the order submitted
print("executor, in the order submitted:", results)
# ANCHOR_END: executor
