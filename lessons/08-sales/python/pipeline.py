"""Seed 000's run(), in our own words: the sales files of a directory,
split into batches, each batch summarised by its own worker process, the
partial results merged, the report printed as JSON.

    python3 pipeline.py --data-dir ../../../data/tst --processes 2

Standard library only. It reads money as `float`, as the seed does, so its
sums drift in the last digits (the seed's 3445476.4739997345); it prints
money rounded to three decimals, which hides the drift as long as it stays
below half a thousandth. Min, max and percentiles are values read from the
file, so they come out exact. The mean and standard deviation are float
sums and may differ from the Rust engines' in their last digits.

The JSON has the same shape, keys and number formats as the Rust lesson's
`--json` output, so the two can be compared field by field
(`just lesson 8 --with-python` does).
"""

import argparse
import csv
import json
import math
import multiprocessing
import os
import statistics
import sys
import time
from collections import Counter


def batch_files(paths, n):
    """Contiguous batches, the first ones one file longer (lesson 07)."""
    n = min(n, len(paths))
    size, extra = divmod(len(paths), n)
    batches, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        batches.append(paths[start:end])
        start = end
    return batches


def new_partial():
    """The figures of some rows, in a form that merges by adding."""
    return {
        "rows": 0,
        "revenue_per_country": Counter(),
        "UnitPrice": Counter(),
        "TotalPrice": Counter(),
    }


def summarise_file(path):
    """One file's partial figures: every value counted, revenue summed."""
    partial = new_partial()
    revenue = partial["revenue_per_country"]
    unit_prices, total_prices = partial["UnitPrice"], partial["TotalPrice"]
    with open(path, newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            unit_price = float(row["UnitPrice"])
            total_price = float(row["TotalPrice"])
            revenue[row["Country"]] += total_price
            unit_prices[unit_price] += 1
            total_prices[total_price] += 1
            partial["rows"] += 1
    return partial


def summarise_batch(batch):
    """A worker's job: its files in turn, timed like the seed's batches."""
    started = time.perf_counter()
    results = [(os.path.basename(path), summarise_file(path)) for path in batch]
    took = time.perf_counter() - started
    print(f"Batch for process {os.getpid()} time taken {took:.3f} s", file=sys.stderr)
    return results


def merge(partials):
    total = new_partial()
    for partial in partials:
        total["rows"] += partial["rows"]
        for key in ("revenue_per_country", "UnitPrice", "TotalPrice"):
            total[key].update(partial[key])  # Counter.update adds
    return total


def decimal(amount):
    """A float as the Rust lesson prints money: three decimals at most,
    trailing zeros dropped."""
    text = f"{amount:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def nearest_rank(sorted_counts, count, percent):
    """The smallest value with at least `percent`% of the values at or
    below it."""
    rank = max(1, math.ceil(percent * count / 100))
    seen = 0
    for value, times in sorted_counts:
        seen += times
        if seen >= rank:
            return value
    return sorted_counts[-1][0]


def column_figures(counts):
    if not counts:
        return None
    ordered = sorted(counts.items())
    count = sum(counts.values())
    mean = statistics.fmean(counts.keys(), weights=counts.values())
    variance = sum(times * (value - mean) ** 2 for value, times in ordered) / count
    return {
        "min": decimal(ordered[0][0]),
        "max": decimal(ordered[-1][0]),
        "mean": mean,
        "std": math.sqrt(variance),
        "p25": decimal(nearest_rank(ordered, count, 25)),
        "p50": decimal(nearest_rank(ordered, count, 50)),
        "p75": decimal(nearest_rank(ordered, count, 75)),
    }


def figures(partial):
    revenue = partial["revenue_per_country"]
    return {
        "rows": partial["rows"],
        "rejected": 0,
        "total_revenue": decimal(sum(revenue.values())),
        "revenue_per_country": {country: decimal(revenue[country]) for country in sorted(revenue)},
        "stats": {
            "UnitPrice": column_figures(partial["UnitPrice"]),
            "TotalPrice": column_figures(partial["TotalPrice"]),
        },
    }


def run(data_dir, processes):
    paths = sorted(
        os.path.join(data_dir, name) for name in os.listdir(data_dir) if name.endswith(".csv")
    )
    if not paths:
        sys.exit(f"{data_dir}: no *.csv files in this directory")
    batches = batch_files(paths, processes)
    with multiprocessing.Pool(len(batches)) as pool:
        per_batch = pool.map(summarise_batch, batches)
    files = sorted((item for batch in per_batch for item in batch), key=lambda item: item[0])
    return {
        "files": [{"file": name, **figures(partial)} for name, partial in files],
        "total": figures(merge(partial for _, partial in files)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--processes", type=int, default=os.cpu_count())
    args = parser.parse_args()
    started = time.perf_counter()
    report = run(args.data_dir, args.processes)
    print(json.dumps(report, indent=2))
    print(f"Overall time taken : {time.perf_counter() - started:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
