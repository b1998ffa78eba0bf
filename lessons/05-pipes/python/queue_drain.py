"""Seed 003's square and cube producers feeding one multiprocessing.Queue,
and three ways to drain it:

1. the seed's: join the producers, then `while not queue.empty(): get()`.
   With small items this gets every message: put() hands each item to a
   feeder thread, and a producer's exit waits until its feeder has written
   everything into the pipe, so after join() the items are there to read.
2. `while not queue.empty()` while the producers still run: empty() is
   true whenever the producers have not put anything *yet*, and the loop
   ends early.
3. join first, with items bigger than the pipe's buffer (64 KiB on Linux):
   the producer cannot exit until its feeder has written them, the feeder
   waits for a reader, and the reader (us) waits in join(). We join with a
   timeout, so that this script cannot hang, then drain and join again.

Usage: python3 queue_drain.py [--unit-ms MS] (or WORKBOOK_UNIT_MS; default
1000): the producers of case 2 wait 0.1 unit before each put.
"""

import os
import sys
import time
from multiprocessing import Process, Queue


def unit_seconds():
    if "--unit-ms" in sys.argv:
        return int(sys.argv[sys.argv.index("--unit-ms") + 1]) / 1000
    return int(os.environ.get("WORKBOOK_UNIT_MS", "1000")) / 1000


UNIT = unit_seconds()


# ANCHOR: producers
def square(numbers, queue, pause=0.0):
    for i in numbers:
        time.sleep(pause)
        queue.put(i * i)


def cube(numbers, queue, pause=0.0):
    for i in numbers:
        time.sleep(pause)
        queue.put(i * i * i)
# ANCHOR_END: producers


def start(producers, args):
    processes = [Process(target=f, args=args) for f in producers]
    for p in processes:
        p.start()
    return processes


def join_then_drain():
    # ANCHOR: join_then_drain
    queue = Queue()
    producers = start((square, cube), (range(5), queue))
    for p in producers:
        p.join()
    got = []
    while not queue.empty():  # the seed's loop, after join
        got.append(queue.get())
    # ANCHOR_END: join_then_drain
    print(f"1. join, then `while not queue.empty()`: got {len(got)} of 10")


def drain_while_running():
    # ANCHOR: empty_race
    queue = Queue()
    producers = start((square, cube), (range(5), queue, 0.1 * UNIT))
    got = []
    while not queue.empty():  # empty *now*: the producers have not put yet
        got.append(queue.get())
    for p in producers:
        p.join()
    # ANCHOR_END: empty_race
    left = 0
    while not queue.empty():
        queue.get()
        left += 1
    print(f"2. `while not queue.empty()` while the producers run: got {len(got)} of 10 "
          f"({left} still came later)")


def big(numbers, queue):
    for i in numbers:
        queue.put(bytes(1024 * 1024))  # 1 MiB: far more than the pipe holds


def join_before_drain_big_items():
    # ANCHOR: join_deadlock
    queue = Queue()
    producer = start((big,), (range(2), queue))[0]
    producer.join(timeout=max(0.5, 5 * UNIT))  # without a timeout: forever
    stuck = producer.is_alive()  # still alive: its feeder waits for a reader
    items = [queue.get() for _ in range(2)]  # read, and the feeder finishes
    producer.join()
    # ANCHOR_END: join_deadlock
    print(f"3. join before drain, two 1 MiB items: producer still alive after join: "
          f"{stuck}; after draining {len(items)}, it exited: {not producer.is_alive()}")


if __name__ == "__main__":
    join_then_drain()
    drain_while_running()
    join_before_drain_big_items()
