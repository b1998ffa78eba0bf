"""Seed 002's five fake I/O tasks: one after another (the sum of the
delays), on threads started before any is joined (the longest), and on
threads joined in the loop that starts them (the sum again: the mistake).
Run: python3 io_tasks.py [--unit-ms MS] (default 1000: seconds)."""

import os
import random
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


def timed(label, run):
    start = time.perf_counter()
    run()
    print(f"{label}: {(time.perf_counter() - start) / UNIT:.2f} units", flush=True)


# ANCHOR: io_tasks
def io_task(task_id, seconds):
    time.sleep(seconds * UNIT)  # waiting for a database, say


rng = random.Random(0)  # a fixed seed: the same delays every run
delays = [rng.randint(1, 3) for _ in range(5)]


def one_after_another():
    for task_id, seconds in enumerate(delays):  # the sum
        io_task(task_id, seconds)


def start_all_then_join_all():
    threads = [threading.Thread(target=io_task, args=(task_id, seconds))
               for task_id, seconds in enumerate(delays)]
    for t in threads:
        t.start()  # all five running...
    for t in threads:
        t.join()  # ...then wait: the longest


def join_in_the_loop():  # the mistake
    for task_id, seconds in enumerate(delays):
        t = threading.Thread(target=io_task, args=(task_id, seconds))
        t.start()
        t.join()  # waits before the next one starts
# ANCHOR_END: io_tasks


if __name__ == "__main__":
    print("delays:", delays, "sum", sum(delays), "longest", max(delays))
    timed("one after another", one_after_another)
    timed("all started, then all joined", start_all_then_join_all)
    timed("joined in the loop", join_in_the_loop)
