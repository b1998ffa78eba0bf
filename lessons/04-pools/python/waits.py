"""Seed 003's pool over items that each wait 5 ms (a pretend network call):
a pool of one process per core spends its time asleep. The seed squares
10,000 numbers; at --unit-ms MS (or WORKBOOK_UNIT_MS; default 1000) the
wait is 5 ms × MS / 1000 and the items are 400, as in the demo.
"""

import os
import sys
import time
from multiprocessing import Pool, cpu_count


def unit_ms():
    if "--unit-ms" in sys.argv:
        return int(sys.argv[sys.argv.index("--unit-ms") + 1])
    return int(os.environ.get("WORKBOOK_UNIT_MS", "1000"))


WAIT = 0.005 * unit_ms() / 1000
ITEMS = 400


# ANCHOR: worker
def worker(x):
    time.sleep(WAIT)  # a pretend network call
    return x * x


if __name__ == "__main__":
    start = time.perf_counter()
    with Pool(processes=cpu_count()) as pool:
        squares = pool.map(worker, range(ITEMS))
    took = time.perf_counter() - start
    # ANCHOR_END: worker
    ideal = ITEMS * WAIT / cpu_count()
    print(f"{ITEMS} items, {cpu_count()} processes: {took:.3f} s "
          f"(ideal {ITEMS} × {WAIT * 1000:g} ms / {cpu_count()} = {ideal:.3f} s)")
    print("squares in order:", squares == [x * x for x in range(ITEMS)])
