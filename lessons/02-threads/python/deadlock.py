"""Two threads, two locks, taken in opposite orders: each holds one and
waits for the other's, forever. So that this file ends, the threads are
daemons and the main thread waits for them with a time limit.
Run: python3 deadlock.py [--unit-ms MS] (default 1000: seconds)."""

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

# ANCHOR: deadlock
a_lock, b_lock = threading.Lock(), threading.Lock()
both_hold_one = threading.Barrier(2)  # the seed slept instead: usually enough


def transfer(from_lock, to_lock):
    with from_lock:
        both_hold_one.wait()  # now the other surely holds its first lock
        with to_lock:  # held by the other thread, which wants ours
            pass


threads = [threading.Thread(target=transfer, args=(a_lock, b_lock), daemon=True),
           threading.Thread(target=transfer, args=(b_lock, a_lock), daemon=True)]
for t in threads:
    t.start()
for t in threads:
    t.join(timeout=3 * UNIT)  # a plain join() would never return
# ANCHOR_END: deadlock
stuck = sum(t.is_alive() for t in threads)
print(f"after 3 units, {stuck} of 2 threads still wait: a deadlock" if stuck
      else "both finished")
