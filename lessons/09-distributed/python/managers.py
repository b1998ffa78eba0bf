"""Lesson 09's Python original: map/reduce over TCP with multiprocessing.managers.

A manager process serves two queues on a TCP port (loopback here); worker
processes connect to it by address and authkey, take file names from the
first queue, and put each file's partial figures (rows and revenue, exact
with Decimal) in the second; the parent merges them. This is what
`multiprocessing` offers for "beyond one machine": the workers could run on
other hosts, given the address and the key. Lesson 09 does the same on
timely-dataflow.

    python3 managers.py DATA_DIR [--workers N] [--start-method fork|spawn|forkserver]

It works under every start method: what `register` is given, and what a
worker `Process` runs, are module-level functions, which `spawn` and
`forkserver` can pickle (a lambda works only under `fork`).
"""

import argparse
import csv
import multiprocessing
import os
import queue
import sys
from decimal import Decimal
from multiprocessing.managers import BaseManager

# ANCHOR: server
TASKS = queue.Queue()
RESULTS = queue.Queue()


class Hub(BaseManager):
    """Serves the two queues to any process that knows the address and key."""


def tasks_queue():
    """The file names to read: served by the manager process."""
    return TASKS


def results_queue():
    """Each file's partial figures: served by the manager process."""
    return RESULTS


# Named functions, not lambdas: under `spawn` and `forkserver` the manager
# process is started fresh and is sent what to serve by pickle, which
# refuses a lambda ("Can't pickle <function <lambda>>").
Hub.register("tasks", callable=tasks_queue)
Hub.register("results", callable=results_queue)
# ANCHOR_END: server


# ANCHOR: worker
def worker(address, authkey):
    """Connect over TCP, then map: one file's rows to its partial figures."""
    hub = Hub(address=address, authkey=authkey)
    hub.connect()
    tasks, results = hub.tasks(), hub.results()
    while True:
        path = tasks.get()
        if path is None:  # no more files
            return
        rows, revenue = 0, Decimal(0)
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                rows += 1
                revenue += Decimal(row["TotalPrice"])
        results.put((os.path.basename(path), rows, str(revenue)))
# ANCHOR_END: worker


# ANCHOR: main
def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--start-method", choices=multiprocessing.get_all_start_methods())
    args = parser.parse_args()
    ctx = multiprocessing.get_context(args.start_method)  # None: the platform's default
    files = sorted(os.path.join(args.data_dir, n) for n in os.listdir(args.data_dir) if n.endswith(".csv"))
    if not files:
        sys.exit(f"{args.data_dir}: no *.csv files in this directory")

    hub = Hub(address=("127.0.0.1", 0), authkey=b"lesson 09", ctx=ctx)
    hub.start()  # the server: a process of its own, listening on a free port
    try:
        tasks, results = hub.tasks(), hub.results()
        for path in files:
            tasks.put(path)
        for _ in range(args.workers):
            tasks.put(None)
        workers = [ctx.Process(target=worker, args=(hub.address, b"lesson 09")) for _ in range(args.workers)]
        for w in workers:
            w.start()
        # The reduce: merge the partials, in whatever order they come.
        partials = sorted(results.get(timeout=60) for _ in files)
        for w in workers:
            w.join()
    finally:
        hub.shutdown()
    for name, rows, revenue in partials:
        print(f"{name}: {rows} rows, revenue {revenue}")
    total_rows = sum(rows for _, rows, _ in partials)
    total_revenue = sum(Decimal(revenue) for _, _, revenue in partials)
    print(f"total: {total_rows} rows, revenue {total_revenue} from {args.workers} processes over TCP"
          f" ({ctx.get_start_method()})")
# ANCHOR_END: main


if __name__ == "__main__":
    main()
