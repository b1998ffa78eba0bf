"""Seed 002's CPU task, sum(range(n)), in Rust, called from Python threads.

    python gil.py [--n N] [--tasks 4] [--workers 4] [--threads 2]

Four calls in a ThreadPoolExecutor of four: first with the GIL held by the
Rust function, then released; then one call that splits the sum on rayon's
pool. Prints one JSON document: the build, and each run's time and spans
(recorded by the module), for the demo to draw.
"""
import argparse
import json
import sys
import sysconfig
import time
from concurrent.futures import ThreadPoolExecutor

import sales_ext


def build():
    """Which CPython runs this: free-threaded or not, asked, not assumed."""
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)  # 3.13 and later
    return {
        "version": sys.version.split()[0],
        "free_threaded_build": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
        "gil_enabled": is_gil_enabled() if is_gil_enabled else True,
        "asked": is_gil_enabled is not None,
    }


# ANCHOR: pool
def in_pool(function, n, tasks, workers):
    """`tasks` calls of function(n, name) in a pool of `workers` threads."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(function, n, "task %d" % (k + 1)) for k in range(tasks)]
        sums = [future.result() for future in futures]
    elapsed = time.perf_counter() - started
    assert sums == [n * (n - 1) // 2] * tasks, "every call returns sum(range(n))"
    return elapsed
# ANCHOR_END: pool


def run(name, work):
    sales_ext.spans()  # forget earlier spans
    elapsed = work()
    return {"name": name, "elapsed": elapsed, "spans": sales_ext.spans()}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000_000)
    parser.add_argument("--tasks", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    n, tasks, workers = args.n, args.tasks, args.workers
    started = time.perf_counter()
    sum(range(n // 10))
    python_tenth = time.perf_counter() - started
    runs = [
        # One call at a time, three times: the demo takes the shortest.
        run("alone", lambda: in_pool(sales_ext.sum_detached, n, 3, 1)),
        run("held", lambda: in_pool(sales_ext.sum_held, n, tasks, workers)),
        run("detached", lambda: in_pool(sales_ext.sum_detached, n, tasks, workers)),
        # ANCHOR: rayon
        run("rayon", lambda: timed(sales_ext.sum_rayon, n * tasks, args.threads, 4 * args.threads)),
        # ANCHOR_END: rayon
    ]
    print(json.dumps({"build": build(), "n": n, "tasks": tasks, "workers": workers,
                      "threads": args.threads, "python_sum": python_tenth * 10, "runs": runs}))


def timed(function, n, threads, parts):
    started = time.perf_counter()
    total = function(n, threads, parts, "one call")
    assert total == n * (n - 1) // 2
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
