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
import re
import stat
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
        "rejected": 0,
        "revenue_per_country": Counter(),
        "UnitPrice": Counter(),
        "TotalPrice": Counter(),
    }


class BadRow(Exception):
    """A row that cannot be read: its message names the file and the line."""


class BadFile(Exception):
    """A file that cannot be read at all (no header, a missing column)."""


# The Rust lesson's rules: a Quantity is a whole number, a price has at
# most 12 digits before the point and 3 after it. [0-9], not \d, which
# would also take digits of other scripts.
WHOLE = re.compile(r"-?[0-9]{1,12}")
AMOUNT = re.compile(r"-?(?=\.?[0-9])[0-9]{0,12}(\.[0-9]{0,3})?")
TOO_BIG = re.compile(r"-?[0-9]{13,}(\.[0-9]*)?")


def number(fields, columns, name, pattern, wanted):
    """The value of column `name`, or the reason it is refused."""
    text = fields[columns[name]]
    if pattern.fullmatch(text):
        return float(text)
    shown = json.dumps(text, ensure_ascii=False)
    if TOO_BIG.fullmatch(text):
        raise ValueError(f"{name} is {shown}: too big (at most 12 digits before the point)")
    raise ValueError(f"{name} is {shown}, {wanted}")


def problem(fields, columns, line):
    """Why the row starting on `line` is refused (as the Rust lesson words
    it), with the lines it covers; None if it is good."""
    if len(fields) != len(columns["header"]):
        breaks = [field.count("\n") for field in fields]
        if not any(breaks):
            return f"line {line}: {len(fields)} fields, but the header has {len(columns['header'])}", 1
        # A quoted field ran over line breaks: an unclosed quote swallowed
        # the lines after it. The last such field is the one left open.
        last = max(i for i, n in enumerate(breaks) if n)
        lines = sum(breaks) + 1 - fields[-1].endswith("\n")
        opened = line + sum(breaks[:last])
        return (
            f"lines {line}–{line + lines - 1}: the quote opened on line {opened} is not closed, "
            f"so {lines} lines read as one row of {len(fields)} fields; "
            f"the header has {len(columns['header'])}",
            lines,
        )
    try:
        number(fields, columns, "Quantity", WHOLE, "not a whole number")
        for name in ("UnitPrice", "TotalPrice"):
            number(fields, columns, name, AMOUNT, "not a decimal number with at most 3 digits after the point")
        fields[columns["Country"]].encode("utf-8")
    except UnicodeEncodeError:
        return f"line {line}: Country is not valid UTF-8 text", 1
    except ValueError as error:
        return f"line {line}: {error}", 1
    return None


def summarise_file(path, on_bad_row):
    """One file's partial figures: every value counted, revenue summed.
    A bad row stops the run (`fail`) or is counted and left out (`skip`)."""
    partial = new_partial()
    revenue = partial["revenue_per_country"]
    unit_prices, total_prices = partial["UnitPrice"], partial["TotalPrice"]
    name = os.path.basename(path)
    # surrogateescape: bytes that are not UTF-8 survive reading, and only
    # the Country column is refused for them, as in the Rust lesson.
    # utf-8-sig: a byte-order mark before the header is not part of its
    # first column's name (the csv crate skips it too).
    with open(path, newline="", encoding="utf-8-sig", errors="surrogateescape") as file:
        reader = csv.reader(file)
        header = next(reader, None)
        if not header:
            raise BadFile(f"{path}: the file is empty (not even a header line)")
        columns = {"header": header}
        for column in ("Quantity", "UnitPrice", "TotalPrice", "Country"):
            if column not in header:
                raise BadFile(f'{path}: the header has no column "{column}"')
            columns[column] = header.index(column)
        line = reader.line_num + 1
        # ANCHOR: row_loop
        for fields in reader:
            bad = problem(fields, columns, line) if fields else None
            line = reader.line_num + 1
            if not fields:
                continue  # a blank line, skipped as the csv crate does
            if bad is not None:
                if on_bad_row == "fail":
                    raise BadRow(f"{name}, {bad[0]} (use --on-bad-row skip to count and skip bad rows)")
                partial["rejected"] += bad[1]
                continue
            unit_price = float(fields[columns["UnitPrice"]])
            total_price = float(fields[columns["TotalPrice"]])
            revenue[fields[columns["Country"]]] += total_price
            unit_prices[unit_price] += 1
            total_prices[total_price] += 1
            partial["rows"] += 1
        # ANCHOR_END: row_loop
    return partial


def summarise_batch(batch, on_bad_row):
    """A worker's job: its files in turn, timed like the seed's batches."""
    started = time.perf_counter()
    results = [(os.path.basename(path), summarise_file(path, on_bad_row)) for path in batch]
    took = time.perf_counter() - started
    print(f"Batch for process {os.getpid()} time taken {took:.3f} s", file=sys.stderr)
    return results


def merge(partials):
    total = new_partial()
    for partial in partials:
        total["rows"] += partial["rows"]
        total["rejected"] += partial["rejected"]
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
    # Each value times its count, summed without rounding error (fsum).
    # (statistics.fmean(..., weights=) does this from Python 3.11 on.)
    mean = math.fsum(value * times for value, times in ordered) / count
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
        "rejected": partial["rejected"],
        "total_revenue": decimal(sum(revenue.values())),
        "revenue_per_country": {country: decimal(revenue[country]) for country in sorted(revenue)},
        "stats": {
            "UnitPrice": column_figures(partial["UnitPrice"]),
            "TotalPrice": column_figures(partial["TotalPrice"]),
        },
    }


def csv_files(data_dir):
    """The files named *.csv (in any case), sorted by name. Nothing else is
    looked at; a *.csv entry that is not a regular file (a FIFO, a device,
    a directory) is refused by name, as the Rust lesson refuses it."""
    paths = []
    for name in sorted(os.listdir(data_dir)):
        if not name.lower().endswith(".csv"):
            continue
        path = os.path.join(data_dir, name)
        mode = os.stat(path).st_mode  # follows links, as Rust's metadata()
        if not stat.S_ISREG(mode):
            kind = (
                "a FIFO (named pipe)" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket" if stat.S_ISSOCK(mode)
                else "a directory" if stat.S_ISDIR(mode)
                else "not a regular file"
            )
            raise BadFile(
                f"{path}: {kind}, not a regular file: move it out of the directory "
                "(only files named *.csv are read)"
            )
        paths.append(path)
    return paths


def run(data_dir, processes, on_bad_row):
    paths = csv_files(data_dir)
    if not paths:
        sys.exit(f"{data_dir}: no *.csv files in this directory")
    batches = batch_files(paths, processes)
    with multiprocessing.Pool(len(batches)) as pool:
        per_batch = pool.starmap(summarise_batch, [(batch, on_bad_row) for batch in batches])
    files = sorted((item for batch in per_batch for item in batch), key=lambda item: item[0])
    return {
        "files": [{"file": name, **figures(partial)} for name, partial in files],
        "total": figures(merge(partial for _, partial in files)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--processes", type=int, default=os.cpu_count())
    parser.add_argument("--on-bad-row", choices=["fail", "skip"], default="fail")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        report = run(args.data_dir, args.processes, args.on_bad_row)
    except (BadRow, BadFile, OSError) as error:
        # One clear line, as the Rust lesson prints it: no traceback.
        sys.exit(f"error: {error}")
    print(json.dumps(report, indent=2))
    print(f"Overall time taken : {time.perf_counter() - started:.3f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
