"""Seed 001's ten files through each call of multiprocessing.Pool's API:
apply, map, starmap, map_async + get, apply_async with callbacks.

Usage: python3 pool_api.py [--unit-ms MS]   (or WORKBOOK_UNIT_MS; default
1000 = the seed's seconds). Files go into a temporary directory.
"""

import os
import sys
import tempfile
import time
from functools import partial
from multiprocessing import Pool, cpu_count


def unit_seconds():
    """One unit in seconds: --unit-ms MS, else $WORKBOOK_UNIT_MS, else 1000 ms."""
    if "--unit-ms" in sys.argv:
        return int(sys.argv[sys.argv.index("--unit-ms") + 1]) / 1000
    return int(os.environ.get("WORKBOOK_UNIT_MS", "1000")) / 1000


UNIT = unit_seconds()


# ANCHOR: create_file
def create_file(folder, file_id, text, units=2):
    time.sleep(units * UNIT)  # slow I/O
    name = f"file_{file_id}.txt"
    with open(os.path.join(folder, name), "w") as f:
        f.write(text)
    return name


def create_file_pair(folder, pair):  # map passes one argument: a pair
    i, name = pair
    return create_file(folder, 10 + i, name)


names = ["Abhijit", "Anas", "Ayush", "Falguni", "Harjot",
         "Jigyasa", "Prachi", "Saurabh", "Sheshant", "Rahul"]
timeouts = [1, 2, 3, 1, 2, 3, 1, 2, 3, 2]
# ANCHOR_END: create_file


def main():
    folder = tempfile.mkdtemp()
    # ANCHOR: pool_calls
    with Pool(processes=cpu_count()) as pool:
        print("apply:", pool.apply(create_file, (folder, "empid_27468", "Falguni")))
        files = pool.map(partial(create_file_pair, folder), enumerate(names))
        print("map:", files[0], "…", files[-1], "(in input order)")
        pairs = [(folder, 20 + i, name, t)
                 for (i, name), t in zip(enumerate(names), timeouts)]
        files = pool.starmap(create_file, pairs)
        print("starmap:", files[0], "…", files[-1])
        pending = pool.map_async(partial(create_file_pair, folder), enumerate(names))
        print("map_async: other work while waiting, ready:", pending.ready())
        files = pending.get()  # waits; re-raises a task's exception
        print("get():", files[0], "…", files[-1])
        # apply_async: each result goes to a callback as its task ends,
        # an exception to the error callback; one folder does not exist.
        for i, (name, t) in enumerate(zip(names + ["nobody"], timeouts + [1])):
            where = folder if name != "nobody" else os.path.join(folder, "missing")
            pool.apply_async(create_file, (where, 40 + i, name, t),
                             callback=lambda f: print("callback:", f, "created"),
                             error_callback=lambda e: print("error_callback:",
                                                            type(e).__name__))
        pool.close()
        pool.join()  # wait for every apply_async task (and its callback)
    # ANCHOR_END: pool_calls
    print("files in the temp dir:", len(os.listdir(folder)))


if __name__ == "__main__":
    main()
