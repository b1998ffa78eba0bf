"""Seed 004's task: 100 coroutines, each waiting a random 0 to 4 units,
gathered: the whole takes as long as the longest wait, not their sum.
Part 2 of lesson 06 in Python.
Run: python3 gather.py [--unit-ms MS] [--seed N] (default 1000 ms, seed 1)."""

import asyncio
import os
import random
import sys
import time


def unit_seconds():
    """Seconds per unit: --unit-ms MS, else $WORKBOOK_UNIT_MS, else 1000 ms."""
    ms = os.environ.get("WORKBOOK_UNIT_MS", "1000")
    if "--unit-ms" in sys.argv:
        ms = sys.argv[sys.argv.index("--unit-ms") + 1]
    return int(ms) / 1000


UNIT = unit_seconds()
SEED = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 1


async def delay_message(delay, message):
    await asyncio.sleep(delay * UNIT)
    return message


# ANCHOR: gather
async def main():
    delays = [random.uniform(0, 4) for _ in range(100)]
    start = time.perf_counter()
    messages = await asyncio.gather(
        *(delay_message(d, f"#{i}") for i, d in enumerate(delays))
    )
    took = (time.perf_counter() - start) / UNIT
    print(f"{len(messages)} messages, in input order: {messages[:3] == ['#0', '#1', '#2']}")
    print(f"took {took:.2f} units; longest {max(delays):.2f}, sum {sum(delays):.1f}")
# ANCHOR_END: gather


if __name__ == "__main__":
    random.seed(SEED)
    asyncio.run(main())
