"""What starting a process costs in CPython: 50 processes that do nothing,
started and joined, with the "fork" and the "spawn" start methods, beside
50 threads. Run: python3 start_cost.py [--n N] (default 50)."""

import multiprocessing
import sys
import threading
import time

N = 50
if "--n" in sys.argv:
    N = int(sys.argv[sys.argv.index("--n") + 1])


def nothing():
    pass


def per_worker(start_one, n=N):
    """Start n workers, then wait for all; the time per worker."""
    begin = time.perf_counter()
    workers = [start_one() for _ in range(n)]
    for w in workers:
        w.join()
    return (time.perf_counter() - begin) / n


# ANCHOR: start_cost
if __name__ == "__main__":
    def started(make):
        def start_one():
            w = make(target=nothing)
            w.start()
            return w
        return start_one

    for method in ("fork", "spawn"):
        Process = multiprocessing.get_context(method).Process
        print(f"{method}: {per_worker(started(Process)) * 1e3:.1f} ms per process")
    print(f"thread: {per_worker(started(threading.Thread)) * 1e6:.0f} µs per thread")
# ANCHOR_END: start_cost
