"""Seed 001's standup, work and coffee: one after another, then in three
processes. Run: python3 chores.py [--unit-ms MS] (default 1000: seconds)."""

import multiprocessing
import os
import sys
import time


def unit_seconds():
    """Seconds per unit: --unit-ms MS, else $WORKBOOK_UNIT_MS, else 1000 ms."""
    ms = os.environ.get("WORKBOOK_UNIT_MS", "1000")
    if "--unit-ms" in sys.argv:
        ms = sys.argv[sys.argv.index("--unit-ms") + 1]
    return int(ms) / 1000


UNIT = unit_seconds()


# ANCHOR: chores
def standup(members):
    for member in range(members):
        print("update from member", member, flush=True)
        time.sleep(1 * UNIT)


def work(tasks):
    for priority in range(tasks):
        print("task at priority", priority, flush=True)
        time.sleep(1.5 * UNIT)


def coffee():
    time.sleep(10 * UNIT)
    print("coffee break is done", flush=True)


if __name__ == "__main__":  # a "spawn" child imports this file: see below
    start = time.perf_counter()
    standup(4), work(3), coffee()
    print(f"one after another: {(time.perf_counter() - start) / UNIT:.1f} units")

    start = time.perf_counter()
    chores = [multiprocessing.Process(target=standup, args=(4,)),
              multiprocessing.Process(target=work, args=(3,)),
              multiprocessing.Process(target=coffee)]
    for p in chores:
        p.start()  # all three running...
    for p in chores:
        p.join()  # ...then wait for all three
    print(f"three processes: {(time.perf_counter() - start) / UNIT:.1f} units")
# ANCHOR_END: chores
