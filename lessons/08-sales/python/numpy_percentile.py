"""Nearest rank beside numpy's percentile(method="inverted_cdf"): the same
rule, but numpy computes the rank p/100 * n in floats. Where that product
should be a whole number and the float lands just above it (0.14 * 50 is
7.000000000000001), numpy takes the next rank. The chapter's mapping table
cites this run.

    python3 numpy_percentile.py

Needs numpy (not the standard library): without it, says so and exits 0.
"""

import math
import random

try:
    import numpy as np
except ImportError:
    print("skipped: numpy is not installed")
    raise SystemExit(0)


def nearest_rank(values, p):
    """The value at rank ceil(p * n / 100), computed in whole numbers."""
    ordered = sorted(values)
    rank = max(1, -(-p * len(ordered) // 100))  # ceiling division, exact
    return ordered[rank - 1]


def main():
    values = list(range(1, 51))
    print(f"p14 of 1..50: nearest rank {nearest_rank(values, 14)}, "
          f"numpy inverted_cdf {np.percentile(values, 14, method='inverted_cdf'):g} "
          f"(0.14 * 50 = {0.14 * 50!r})")
    random.seed(8)
    cases, differ = 9000, 0
    for _ in range(cases):
        sample = [random.randint(-50, 50) for _ in range(random.randint(1, 60))]
        p = random.randint(0, 100)
        if np.percentile(sample, p, method="inverted_cdf") != nearest_rank(sample, p):
            differ += 1
    print(f"{differ} of {cases} random cases differ, each where p/100 * n rounds up "
          f"past a whole number (numpy {np.__version__})")
    assert math.isclose(0.14 * 50, 7.000000000000001)


if __name__ == "__main__":
    main()
