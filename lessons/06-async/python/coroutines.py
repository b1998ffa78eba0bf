"""Seed 004's delay_message as two asyncio tasks, then what awaiting a task
that raised, or was cancelled, gives. Part 1 of lesson 06 in Python.
Run: python3 coroutines.py [--unit-ms MS] (default 1000: the seed's seconds)."""

import asyncio
import logging
import os
import sys


def unit_seconds():
    """Seconds per unit: --unit-ms MS, else $WORKBOOK_UNIT_MS, else 1000 ms."""
    ms = os.environ.get("WORKBOOK_UNIT_MS", "1000")
    if "--unit-ms" in sys.argv:
        ms = sys.argv[sys.argv.index("--unit-ms") + 1]
    return int(ms) / 1000


UNIT = unit_seconds()
logging.basicConfig(
    format="%(asctime)s:%(threadName)s:%(message)s", level=logging.INFO, stream=sys.stdout
)


# ANCHOR: delay_message
async def delay_message(delay, message):
    logging.info(f"{message} received")
    await asyncio.sleep(delay * UNIT)  # time.sleep here would block the loop
    logging.info(f"Printing {message}")
    return message
# ANCHOR_END: delay_message


# ANCHOR: main
async def main():
    logging.info("Main started")
    logging.info(f"Current registered tasks: {len(asyncio.all_tasks())}")
    logging.info("Creating tasks")
    two = asyncio.create_task(delay_message(2, "TWO"))
    three = asyncio.create_task(delay_message(3, "THREE"))
    logging.info(f"Current registered tasks: {len(asyncio.all_tasks())}")
    await two
    await three
    logging.info("Main ended")
# ANCHOR_END: main


# ANCHOR: join_errors
async def join_errors():
    async def fails():
        raise ValueError("a task that raises")

    raises = asyncio.create_task(fails())
    cancelled = asyncio.create_task(asyncio.sleep(10 * UNIT))
    await asyncio.sleep(0)  # let both start
    cancelled.cancel()
    for label, task in [("raised", raises), ("cancelled", cancelled)]:
        try:
            await task
        except asyncio.CancelledError:
            print(f"{label:<9} task: await raised CancelledError")
        except ValueError as error:
            print(f"{label:<9} task: await re-raised ValueError: {error}")
# ANCHOR_END: join_errors


if __name__ == "__main__":
    asyncio.run(main())
    asyncio.run(join_errors())
