"""Scale: many sleeping asyncio tasks against many sleeping threads, and
how long each takes to start and finish. Part 7 of lesson 06 in Python.
Run: python3 scale.py [--unit-ms MS] [--tasks N] [--threads N]
(defaults: 1000 ms, 100,000 tasks, 10,000 threads)."""

import asyncio
import os
import sys
import threading
import time


def unit_seconds():
    """Seconds per unit: --unit-ms MS, else $WORKBOOK_UNIT_MS, else 1000 ms."""
    ms = os.environ.get("WORKBOOK_UNIT_MS", "1000")
    if "--unit-ms" in sys.argv:
        ms = sys.argv[sys.argv.index("--unit-ms") + 1]
    return int(ms) / 1000


def option(name, default):
    return int(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default


UNIT = unit_seconds()
TASKS, THREADS = option("--tasks", 100_000), option("--threads", 10_000)


# ANCHOR: scale
async def many_tasks(n):
    await asyncio.gather(*(asyncio.sleep(UNIT) for _ in range(n)))


def many_threads(n):
    threads = [threading.Thread(target=time.sleep, args=(UNIT,)) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
# ANCHOR_END: scale


if __name__ == "__main__":
    start = time.perf_counter()
    asyncio.run(many_tasks(TASKS))
    print(f"{TASKS:,} tasks:   {time.perf_counter() - start:.2f} s (ideal: {UNIT:.2f} s)")
    start = time.perf_counter()
    many_threads(THREADS)
    print(f"{THREADS:,} threads: {time.perf_counter() - start:.2f} s (ideal: {UNIT:.2f} s)")
