"""Lesson 08's report from Python: the module's report() printed as JSON.

    python report.py DATA_DIR [--engine chunks] [--threads 2] [--on-bad-row fail]

Printed with json.dumps(indent=2, ensure_ascii=False), it is lesson 08's
`--json`, byte for byte (the demo and the tests compare them).
"""
import argparse
import json
import sys
import textwrap
import warnings

# ANCHOR: call
import sales_ext


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--engine", default="chunks")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--on-bad-row", default="fail")
    args = parser.parse_args()
    with warnings.catch_warnings(record=True) as skipped:
        warnings.simplefilter("always", sales_ext.SkippedRowsWarning)
        report = sales_ext.report(
            args.data_dir, engine=args.engine, threads=args.threads, on_bad_row=args.on_bad_row
        )
    print(json.dumps(report, indent=2, ensure_ascii=False))
    # ANCHOR_END: call
    # Skipped rows on stderr, as lesson 08 lists them.
    for warning in skipped:
        text = "warning: %s" % warning.message
        print(textwrap.fill(text, 86, subsequent_indent="  "), file=sys.stderr)


if __name__ == "__main__":
    main()
