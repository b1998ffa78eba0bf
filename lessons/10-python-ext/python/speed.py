"""Python calling the module, timed: report() with 1 and 2 threads.

    python speed.py DATA_DIR [--runs 3]

Prints JSON: the best of --runs of each, in seconds.
"""
import argparse
import json
import time

import sales_ext


def best(runs, call):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps({
        "threads_%d" % threads: best(args.runs, lambda: sales_ext.report(args.data_dir, threads=threads))
        for threads in (1, 2)
    }))


if __name__ == "__main__":
    main()
