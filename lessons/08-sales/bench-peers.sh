#!/usr/bin/env bash
# The same report from DuckDB and Polars, beside the lesson's fastest
# engine, with the same thread count. Both are installed with pip into a
# throwaway virtual environment, removed at the end.
#
#   lessons/08-sales/bench-peers.sh [tiny|tst|sml|bg] [threads] [runs]
set -euo pipefail
size=${1:-sml}
threads=${2:-$(nproc)}
runs=${3:-3}
cd "$(dirname "$0")/../.."
cargo build --release --quiet --package lesson-08-sales
binary=target/release/lesson-08-sales
# Generates the dataset if it is missing.
"$binary" --type "$size" --engine chunks --json > /dev/null 2>&1
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet duckdb polars
echo "$(nproc) cores; $(uptime | sed 's/.*load/load/')"
POLARS_MAX_THREADS=$threads "$venv/bin/python" lessons/08-sales/python/peers.py \
    --data-dir "data/$size" --binary "$binary" --threads "$threads" --runs "$runs"
