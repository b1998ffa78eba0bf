"""Python's count += 1 on a shared global is a read, an add and a write:
nothing in the language makes the three one step. Four threads each add a
million. CPython 3.9 loses updates (almost half of them here);
3.10 to 3.13 lose none, because their interpreter hands the GIL to another
thread only at a loop's backward jump or a call, never between this read
and this write. That is a property of those versions' interpreter, not a
promise of the language: a free-threaded build, or another version, may
differ (not measured here).
Run: python3 lost_updates.py [--per-thread N] (default 1,000,000)."""

import sys
import threading

PER_THREAD = 1_000_000
if "--per-thread" in sys.argv:
    PER_THREAD = int(sys.argv[sys.argv.index("--per-thread") + 1])

print(f"CPython {sys.version.split()[0]}")
# ANCHOR: lost_updates
count = 0


def add_many():
    global count
    for _ in range(PER_THREAD):
        count += 1  # read count, add 1, write count: three steps


threads = [threading.Thread(target=add_many) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"expected {4 * PER_THREAD:,}, counted {count:,}, lost {4 * PER_THREAD - count:,}")
# ANCHOR_END: lost_updates
