"""Seed 004's howmany_within_range over a table of rows: pool.apply once per
row (each call waits for its row), then apply_async with a callback that
appends to a list, whose order is the order the tasks finished. The seed
uses NumPy; this uses the standard library's random with a fixed seed.
Rows: 2,000 (the seed has 200,000; apply per row is slow, which is the point).
"""

import random
from multiprocessing import Pool, cpu_count

random.seed(2024)
data = [[random.randint(0, 9) for _ in range(5)] for _ in range(2_000)]


# ANCHOR: howmany
def howmany_within_range(row, minimum, maximum):
    return sum(1 for n in row if minimum <= n <= maximum)
# ANCHOR_END: howmany


if __name__ == "__main__":
    expected = [howmany_within_range(row, 4, 8) for row in data]
    with Pool(cpu_count()) as pool:
        # ANCHOR: apply
        results = [pool.apply(howmany_within_range, args=(row, 4, 8)) for row in data]
        # ANCHOR_END: apply
    print("apply per row, same counts as the loop:", results == expected)

    # ANCHOR: callback
    results = []

    def collect_result(result):
        results.append(result)  # runs in the main process, as each task ends

    pool = Pool(cpu_count())
    for row in data:
        pool.apply_async(howmany_within_range, args=(row, 4, 8), callback=collect_result)
    pool.close()
    pool.join()
    # ANCHOR_END: callback
    print("apply_async + callback, same counts, sorted:", sorted(results) == sorted(expected))
    print("apply_async + callback, in row order:", results == expected)
