"""Seed 001's counting worker, stopped by a global flag. Under CPython's GIL
the worker sees the main thread's write at its next look; the main thread
sets the flag after 3.5 units (the seed waited for Enter).
Run: python3 stop_flag.py [--unit-ms MS] (default 1000: seconds)."""

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


UNIT = unit_seconds()

# ANCHOR: stop_flag
complete = False


def count_until_told():
    count = 0
    while not complete:
        time.sleep(1 * UNIT)
        print("count =", count, flush=True)
        count += 1


worker = threading.Thread(target=count_until_told)
worker.start()
time.sleep(3.5 * UNIT)  # the seed: input("press Enter to stop")
complete = True
worker.join()
# ANCHOR_END: stop_flag
print("stopped")
