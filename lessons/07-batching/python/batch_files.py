"""The seeds' batching functions, run: seed 000's batch_files (with sets,
then lists), seed 002's round robin, and a largest-first split by weight
with heapq. Then the edge cases the chapter discusses: more batches than
files, zero batches, no files. No time scale: nothing here waits.
Run: python3 batch_files.py"""

import heapq
import os
import subprocess
import sys
from collections import defaultdict


# ANCHOR: batch_files
def batch_files(paths, n):
    if n > len(paths):
        return []  # more processes than files: every file dropped
    per_batch = len(paths) // n  # n == 0: ZeroDivisionError
    batches = [paths[i * per_batch:(i + 1) * per_batch] for i in range(n)]
    for i, path in enumerate(paths[n * per_batch:]):  # the leftovers
        batches[i].append(path)
    return batches
# ANCHOR_END: batch_files


# ANCHOR: batch_sets
def batch_sets(paths, n):
    """The seed's first version: the same, with each batch a set."""
    per_batch = len(paths) // n
    batches = [set(paths[i * per_batch:(i + 1) * per_batch]) for i in range(n)]
    for i, path in enumerate(paths[n * per_batch:]):
        batches[i].add(path)
    return batches
# ANCHOR_END: batch_sets


# ANCHOR: round_robin
def round_robin(paths, n):
    batches = defaultdict(list)
    for i, path in enumerate(paths):
        batches[i % n].append(path)
    return list(batches.values())
# ANCHOR_END: round_robin


# ANCHOR: by_weight
def by_weight(items, n, weight):
    if n == 0:
        raise ValueError("cannot split work into 0 batches")
    batches = [[] for _ in range(min(n, len(items)))]
    lightest = [(0, 0, b) for b in range(len(batches))]  # (weight, count, batch)
    for item in sorted(items, key=weight, reverse=True):  # heaviest first
        total, count, b = heapq.heappop(lightest)
        batches[b].append(item)
        heapq.heappush(lightest, (total + weight(item), count + 1, b))
    return batches
# ANCHOR_END: by_weight


if __name__ == "__main__":
    files = [f"file_{i}.csv" for i in range(11)]
    numbers = list(range(11))
    print("lists:      ", batch_files(numbers, 3))
    print("sets of int:", batch_sets(numbers, 3))
    # A set of strings iterates in hash order, and str hashes are salted
    # per process: the same set, printed by two fresh interpreters.
    first = "print(list({'file_0.csv', 'file_1.csv', 'file_2.csv', 'file_9.csv'}))"
    for salt in ("1", "3", "4"):
        env = {**os.environ, "PYTHONHASHSEED": salt}
        shown = subprocess.run([sys.executable, "-c", first], env=env,
                               capture_output=True, text=True, check=True).stdout
        print(f"sets of str, PYTHONHASHSEED={salt}:", shown.strip())
    print("round robin:", round_robin(numbers, 3))
    sizes = [310, 40, 25, 60, 35, 280, 20, 45, 150, 30, 55]
    split = by_weight(list(range(11)), 3, lambda i: sizes[i])
    print("by weight:  ", split, [sum(sizes[i] for i in b) for b in split])
    print("5 files, 8 batches:", batch_files(files[:5], 8))
    try:
        batch_files(files[:5], 0)
    except ZeroDivisionError as error:
        print("5 files, 0 batches: ZeroDivisionError:", error)
    print("no files, 3 batches:", batch_files([], 3))
    print("round robin, 5 files, 8 batches:", round_robin(numbers[:5], 8))
