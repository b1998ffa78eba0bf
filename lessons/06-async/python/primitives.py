"""asyncio's Queue, Lock and Event, each in a few lines: a bounded queue
makes its producer wait for room, a lock taken across an await lets one
writer in at a time, an event wakes every waiter at once. Part 4 of
lesson 06 in Python. Run: python3 primitives.py [--unit-ms MS]."""

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


# ANCHOR: queue
async def queue_demo():
    queue = asyncio.Queue(maxsize=2)
    got = []

    async def consumer():
        while (job := await queue.get()) is not None:
            await asyncio.sleep(0.5 * UNIT)  # work on it
            got.append(job)

    worker = asyncio.create_task(consumer())
    start = time.perf_counter()
    for job in range(1, 7):
        await queue.put(job)  # waits while the queue holds 2
    sent = (time.perf_counter() - start) / UNIT
    await queue.put(None)  # no more jobs
    await worker
    print(f"Queue(maxsize=2): the consumer got {got}; sending took {sent:.1f} units")
# ANCHOR_END: queue


async def lock_demo():
    lock, order = asyncio.Lock(), []

    async def writer(name):
        async with lock:  # held across the await: one writer at a time
            order.append(f"{name} in")
            await asyncio.sleep(0.25 * UNIT)
            order.append(f"{name} out")

    await asyncio.gather(*(writer(f"w{i}") for i in range(1, 4)))
    print(f"Lock: {', '.join(order)}")


async def event_demo():
    event, start = asyncio.Event(), time.perf_counter()

    async def waiter():
        await event.wait()
        return (time.perf_counter() - start) / UNIT

    waiters = [asyncio.create_task(waiter()) for _ in range(3)]
    await asyncio.sleep(0.5 * UNIT)
    event.set()  # wakes all three
    woke = await asyncio.gather(*waiters)
    print(f"Event: set at 0.5 units; waiters woke at {', '.join(f'{w:.2f}' for w in woke)}")


# ANCHOR: closing
async def zero_and_shutdown():
    unbounded = asyncio.Queue(0)  # maxsize 0: no limit at all, not "no room"
    for job in range(1000):
        unbounded.put_nowait(job)  # never full
    print(f"Queue(0): holds {unbounded.qsize()} jobs, never full")
    if sys.version_info < (3, 13):
        print("Queue.shutdown(): Python 3.13+ only")
        return
    queue = asyncio.Queue()
    queue.put_nowait("last job")
    queue.shutdown()  # no more puts; gets drain what is left, then raise
    got = [await queue.get()]
    try:
        await queue.get()
    except asyncio.QueueShutDown:
        got.append("QueueShutDown")
    print(f"Queue.shutdown(): the consumer got {got}")
# ANCHOR_END: closing


if __name__ == "__main__":
    asyncio.run(queue_demo())
    asyncio.run(lock_demo())
    asyncio.run(event_demo())
    asyncio.run(zero_and_shutdown())
