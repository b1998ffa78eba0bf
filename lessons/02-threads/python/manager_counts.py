"""Seed 003's counter: two processes each add 1 ten times to a
Manager().dict() under their own pid. Run: python3 manager_counts.py"""

import os
from multiprocessing import Manager, Process


# ANCHOR: count_ten
def count_ten(counts):
    me = os.getpid()
    for _ in range(10):
        counts[me] = counts.get(me, 0) + 1  # a round trip to the manager each


if __name__ == "__main__":
    with Manager() as manager:
        counts = manager.dict()  # lives in a server process of its own
        workers = [Process(target=count_ten, args=(counts,)) for _ in range(2)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        print(sorted(counts.values()), "from", len(counts), "processes")
# ANCHOR_END: count_ten
