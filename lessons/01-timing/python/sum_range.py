"""CPython runs every loop as written: sum(range(n)) does n additions every
time, however constant n is. Run: python3 sum_range.py [--n N]
(default 100,000,000, the seed's; about a second each, five times)."""

import sys
import timeit

N = 100_000_000
if "--n" in sys.argv:
    N = int(sys.argv[sys.argv.index("--n") + 1])

# ANCHOR: sum_range
best = min(timeit.repeat(lambda: sum(range(N)), number=1, repeat=5))
print(f"sum(range({N:_})): {best:.3f} s, {best / N * 1e9:.1f} ns per number")
# ANCHOR_END: sum_range
