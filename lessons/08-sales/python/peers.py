"""The same report from DuckDB and Polars, the engines a data person would
reach for instead, timed beside the lesson's fastest engine.

    bench-peers.sh [tst|sml|bg] [threads]    (installs both in a throwaway venv)

Prices are read as DECIMAL(18,3) in both, so sums are exact, as ours are.
Each report is compared with ours field by field: counts, money, min, max
and percentiles must be equal; the mean and std may differ in their last
digits.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def decimal(value):
    """A Decimal or float as the lesson prints money: no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def column(row, prefix):
    if row[f"{prefix}_min"] is None:
        return None
    return {
        "min": decimal(row[f"{prefix}_min"]),
        "max": decimal(row[f"{prefix}_max"]),
        "mean": float(row[f"{prefix}_mean"]),
        "std": float(row[f"{prefix}_std"]),
        "p25": decimal(row[f"{prefix}_p25"]),
        "p50": decimal(row[f"{prefix}_p50"]),
        "p75": decimal(row[f"{prefix}_p75"]),
    }


def report(figures, countries):
    """Our JSON shape from rows of figures per file (None: all files) and
    rows of (file, country, revenue)."""
    def one(row, file):
        revenue = {c: decimal(r) for f, c, r in sorted(countries, key=lambda x: x[1]) if f == file}
        return {
            "rows": row["rows"],
            "rejected": 0,
            "total_revenue": decimal(row["revenue"]),
            "revenue_per_country": revenue,
            "stats": {"UnitPrice": column(row, "u"), "TotalPrice": column(row, "t")},
        }
    files = sorted((row for row in figures if row["file"] is not None), key=lambda row: row["file"])
    total = next(row for row in figures if row["file"] is None)
    return {
        "files": [{"file": row["file"], **one(row, row["file"])} for row in files],
        "total": one(total, None),
    }


def duckdb_report(data_dir, threads):
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    types = {"StockCode": "VARCHAR", "UnitPrice": "DECIMAL(18,3)", "TotalPrice": "DECIMAL(18,3)"}
    source = f"read_csv('{data_dir}/*.csv', header = true, filename = true, types = {types})"
    stats = ", ".join(
        f"min({c}) AS {p}_min, max({c}) AS {p}_max, avg({c}) AS {p}_mean, stddev_pop({c}) AS {p}_std, "
        f"quantile_disc({c}, 0.25) AS {p}_p25, quantile_disc({c}, 0.5) AS {p}_p50, "
        f"quantile_disc({c}, 0.75) AS {p}_p75"
        for c, p in (("UnitPrice", "u"), ("TotalPrice", "t"))
    )
    con.execute(f"CREATE TEMP TABLE sales AS SELECT parse_filename(filename) AS file, * FROM {source}")
    result = con.execute(f"SELECT file, count(*) AS rows, sum(TotalPrice) AS revenue, {stats} "
                         "FROM sales GROUP BY GROUPING SETS ((file), ())")
    names = [d[0] for d in result.description]
    figures = [dict(zip(names, row)) for row in result.fetchall()]
    countries = con.execute("SELECT file, Country, sum(TotalPrice) FROM sales "
                            "GROUP BY GROUPING SETS ((file, Country), (Country))").fetchall()
    return report(figures, countries)


def polars_report(data_dir):
    import polars as pl

    money = pl.Decimal(18, 3)
    sales = pl.scan_csv(
        f"{data_dir}/*.csv",
        schema_overrides={"StockCode": pl.String, "UnitPrice": money, "TotalPrice": money},
        include_file_paths="path",
    ).with_columns(pl.col("path").str.split("/").list.last().alias("file"))

    def stats(c, p):
        x = pl.col(c)
        return [x.min().alias(f"{p}_min"), x.max().alias(f"{p}_max"),
                x.cast(pl.Float64).mean().alias(f"{p}_mean"), x.cast(pl.Float64).std(ddof=0).alias(f"{p}_std")] + [
            x.sort().gather(((pl.len() * q / 100).ceil().cast(pl.Int64) - 1).clip(0)).first().alias(f"{p}_p{q}")
            for q in (25, 50, 75)
        ]

    aggregates = [pl.len().alias("rows"), pl.col("TotalPrice").sum().alias("revenue")] + stats("UnitPrice", "u") + stats("TotalPrice", "t")
    per_file, total, per_country, country_total = pl.collect_all([
        sales.group_by("file").agg(aggregates),
        sales.select(aggregates).with_columns(pl.lit(None, pl.String).alias("file")),
        sales.group_by("file", "Country").agg(pl.col("TotalPrice").sum()),
        sales.group_by("Country").agg(pl.col("TotalPrice").sum()),
    ])
    figures = per_file.to_dicts() + total.to_dicts()
    countries = [tuple(row) for row in per_country.iter_rows()] + [(None, c, r) for c, r in country_total.iter_rows()]
    return report(figures, countries)


def compare(ours, theirs, path=""):
    """Differences in exact fields, and the largest relative float gap."""
    differences, gap = [], 0.0
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in ours.keys() | theirs.keys():
            d, g = compare(ours.get(key), theirs.get(key), f"{path}/{key}")
            differences += d
            gap = max(gap, g)
    elif isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for i, (a, b) in enumerate(zip(ours, theirs)):
            d, g = compare(a, b, f"{path}/{i}")
            differences += d
            gap = max(gap, g)
    elif isinstance(ours, float) and isinstance(theirs, float):
        gap = abs(ours - theirs) / max(abs(ours), abs(theirs), 1e-300)
    elif ours != theirs:
        differences.append(f"{path}: ours {ours!r}, theirs {theirs!r}")
    return differences, gap


def timed(label, runs, make_report, ours):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = make_report()
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    differences, gap = compare(ours, result) if ours is not None else ([], 0.0)
    agreement = "same report" if not differences else f"{len(differences)} differences, e.g. {differences[0]}"
    print(f"{label:<28} {median:>8.3f} s   {agreement}; floats within {gap:.1e}", flush=True)
    return median


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--binary", required=True, help="the lesson's release binary")
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data_dir = os.path.abspath(args.data_dir)
    ours_command = [args.binary, "--data-dir", data_dir, "--engine", "chunks",
                    "--threads", str(args.threads), "--json"]

    def ours_report():
        run = subprocess.run(ours_command, check=True, capture_output=True, text=True)
        return json.loads(run.stdout)

    ours = ours_report()
    print(f"{data_dir}, {args.threads} threads, medians of {args.runs} runs (wall time, in-process for the peers)")
    rust = timed(f"rust chunks ({args.threads} threads)", args.runs, ours_report, ours)
    duck = timed(f"duckdb ({args.threads} threads)", args.runs, lambda: duckdb_report(data_dir, args.threads), ours)
    polars = timed(f"polars ({args.threads} threads)", args.runs, lambda: polars_report(data_dir), ours)
    print(f"rust chunks is {duck / rust:.2f}x DuckDB's speed and {polars / rust:.2f}x Polars'")


if __name__ == "__main__":
    if "POLARS_MAX_THREADS" not in os.environ:
        sys.exit("set POLARS_MAX_THREADS (bench-peers.sh does) before polars is imported")
    main()
