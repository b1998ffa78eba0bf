#!/usr/bin/env bash
# The pipeline benchmark (the chapter's headline table): every engine at one
# thread, 2, 4... and all threads, the Python script, and the floor (reading
# the bytes and counting line breaks on one thread).
#
#   lessons/08-sales/bench.sh [tiny|tst|sml|bg] [runs]     (default: sml 3)
#
# The dataset is generated first if missing (sml: about 520 MB on disk).
# Quote the medians, with the machine's load printed before and after.
set -euo pipefail
size=${1:-sml}
runs=${2:-3}
cd "$(dirname "$0")/../.."
cargo build --release --quiet --package lesson-08-sales
echo "$(nproc) cores; before: $(uptime | sed 's/.*load/load/')"
target/release/lesson-08-sales bench --type "$size" --runs "$runs" --python-runs "$runs"
echo "after: $(uptime | sed 's/.*load/load/')"
