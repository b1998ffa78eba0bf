"""The two clocks: time.time() tells the date and can be set back;
time.perf_counter() only measures intervals. Both time the same sleep of
a tenth of a unit. Run: python3 clocks.py [--unit-ms MS] (default 1000)."""

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

# ANCHOR: clocks
print(f"wall clock: {time.time():.6f} s since 1970-01-01 UTC")

wall_start = time.time()
start = time.perf_counter()
time.sleep(0.1 * UNIT)
print(f"perf_counter: {time.perf_counter() - start:.4f} s")
print(f"time.time():  {time.time() - wall_start:.4f} s")
# ANCHOR_END: clocks
