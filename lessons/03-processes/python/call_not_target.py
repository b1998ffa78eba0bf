"""Seed 003's slip: Process(target=spawn()) calls spawn in the parent and
gives the process its result, None, as a target. Every "test!" line comes
from the parent's pid. Run: python3 call_not_target.py"""

import multiprocessing
import os


# ANCHOR: call_not_target
def spawn():
    print("test! from pid", os.getpid(), flush=True)


if __name__ == "__main__":
    print("parent pid", os.getpid())
    for _ in range(5):
        p = multiprocessing.Process(target=spawn())  # the call runs here
        p.start()  # a process with target=None: it does nothing
        p.join()
    for _ in range(5):
        p = multiprocessing.Process(target=spawn)  # meant: the function itself
        p.start()
        p.join()
# ANCHOR_END: call_not_target
