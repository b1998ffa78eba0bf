"""Seed 004's worker: a Thread subclass that prints its id every so often
and is stopped from the main thread through a queue; waiting on the queue
with a timeout lets it stop at once instead of at its next look.
Run: python3 worker.py [--unit-ms MS] (default 1000: seconds)."""

import os
import queue
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


# ANCHOR: worker
class Worker(threading.Thread):
    def __init__(self, worker_id, every):
        super().__init__()
        self.worker_id, self.every = worker_id, every
        self.stop_requests = queue.Queue()

    def run(self):
        while True:
            print(f"worker {self.worker_id}", flush=True)
            try:
                self.stop_requests.get(timeout=self.every)
                return  # asked to stop
            except queue.Empty:
                pass  # no request: go on


w = Worker(1, every=1.0 * UNIT)
w.start()
time.sleep(2.5 * UNIT)
asked = time.perf_counter()
w.stop_requests.put(None)
w.join()
# ANCHOR_END: worker
print(f"stopped {(time.perf_counter() - asked) * 1e3:.1f} ms after it was asked")
