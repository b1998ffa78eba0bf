"""The boundary's cost: every row crossing into Python, or one summary.

    python boundary.py DATA_DIR

Times sales_ext.rows() (a tuple per row) against sales_ext.report() (one
dict), and how much Python memory each result holds (tracemalloc counts
every object the module makes through Python's allocator). Prints JSON.
"""
import json
import sys
import time
import tracemalloc

import sales_ext


# ANCHOR: measure
def measure(call):
    """Seconds, and the bytes of Python objects the result holds."""
    tracemalloc.start()
    started = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - started
    held, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, elapsed, held
# ANCHOR_END: measure


def main():
    data_dir = sys.argv[1]
    rows, rows_seconds, rows_bytes = measure(lambda: sales_ext.rows(data_dir))
    # ANCHOR: in_python
    # What a Python caller does with the rows: the revenue, summed here.
    started = time.perf_counter()
    revenue = sum(total for _country, _unit, total in rows)
    sum_seconds = time.perf_counter() - started
    # ANCHOR_END: in_python
    count = len(rows)
    del rows
    report, report_seconds, report_bytes = measure(lambda: sales_ext.report(data_dir, threads=1))
    assert report["total"]["rows"] == count, "both read every row"
    print(json.dumps({
        "rows": count,
        "revenue_milli": revenue,
        "report_revenue": report["total"]["total_revenue"],
        "rows_seconds": rows_seconds,
        "sum_seconds": sum_seconds,
        "rows_bytes": rows_bytes,
        "report_seconds": report_seconds,
        "report_bytes": report_bytes,
    }))


if __name__ == "__main__":
    main()
