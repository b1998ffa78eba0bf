"""Seed 003's counter: four processes count into a Manager().dict(), a
dictionary served by another process, reached through a proxy.
Run: python3 manager_counter.py [--unit-ms MS] (default 1000: seconds)."""

import os
import sys
import time
from multiprocessing import Manager, Process


def unit_seconds():
    """Seconds per unit: --unit-ms MS, else $WORKBOOK_UNIT_MS, else 1000 ms."""
    ms = os.environ.get("WORKBOOK_UNIT_MS", "1000")
    if "--unit-ms" in sys.argv:
        ms = sys.argv[sys.argv.index("--unit-ms") + 1]
    return int(ms) / 1000


UNIT = unit_seconds()


# ANCHOR: counter
def counter(counts):
    for _ in range(10):
        time.sleep(0.01 * UNIT)
        counts[os.getpid()] = counts.get(os.getpid(), 0) + 1  # one child per key


if __name__ == "__main__":
    with Manager() as manager:
        counts = manager.dict()  # lives in a server process of its own
        workers = [Process(target=counter, args=(counts,)) for _ in range(4)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        print(sorted(counts.values()), "from", len(counts), "processes")
# ANCHOR_END: counter
