"""The blocking pitfall: five naps of one unit, gathered on one event loop.
asyncio.sleep overlaps them; time.sleep inside a coroutine holds the loop,
so they run one after another; asyncio.to_thread hands the blocking call
to a thread. Part 3 of lesson 06 in Python.
Run: python3 blocking.py [--unit-ms MS] (default 1000)."""

import asyncio
import os
import sys
import time


def unit_seconds():
    """Seconds per unit: --unit-ms MS, else $WORKBOOK_UNIT_MS, else 1000 ms."""
    ms = os.environ.get("WORKBOOK_UNIT_MS", "1000")
    if "--unit-ms" in sys.argv:
        ms = sys.argv[sys.argv.index("--unit-ms") + 1]
    return int(ms) / 1000


UNIT = unit_seconds()


# ANCHOR: naps
async def nap_async():
    await asyncio.sleep(UNIT)


async def nap_blocking():
    time.sleep(UNIT)  # the mistake: the whole loop stops here


async def nap_offloaded():
    await asyncio.to_thread(time.sleep, UNIT)


async def five(nap):
    start = time.perf_counter()
    await asyncio.gather(*(counted(nap) for _ in range(5)))
    return (time.perf_counter() - start) / UNIT


napping = peak = 0


async def counted(nap):
    """Count the naps begun and not yet over: how many overlap at once."""
    global napping, peak
    napping += 1
    peak = max(peak, napping)
    await nap()
    napping -= 1
# ANCHOR_END: naps


if __name__ == "__main__":
    for nap in (nap_async, nap_blocking, nap_offloaded):
        peak = 0
        took = asyncio.run(five(nap))
        print(f"{nap.__name__:<14} five naps took {took:.2f} units, at most {peak} at once")
