"""Seed 003's sentence, one thread per word. Without a lock, print(word,
end=" ") can be split between its two writes; with a print lock each word
comes out whole, but the lock does not order the words: the seed's threads
came out in order only because each printed as soon as it started. Give
each thread a little work first (a sleep of random length, as real work
would take) and the words come out whole and shuffled.
Run: python3 sentence.py [--unit-ms MS] (default 1000: seconds)."""

import os
import random
import sys
import threading
import time

def unit_seconds():
    """Seconds per unit: --unit-ms MS, else $WORKBOOK_UNIT_MS, else 1000 ms."""
    ms = os.environ.get("WORKBOOK_UNIT_MS", "1000")
    if "--unit-ms" in sys.argv:
        ms = sys.argv[sys.argv.index("--unit-ms") + 1]
    return int(ms) / 1000


UNIT = unit_seconds()
SENTENCE = "I want this to end up looking like a nice sentence"

# ANCHOR: print_lock
print_lock = threading.Lock()


def say(word):
    with print_lock:  # both writes while holding the lock
        print(word, end=" ", flush=True)


for word in SENTENCE.split():  # the seed: started in order, printed at once
    threading.Thread(target=say, args=(word,)).start()
# ANCHOR_END: print_lock
time.sleep(0.5 * UNIT)
print()


# ANCHOR: lock_is_not_order
def work_then_say(word, seconds):
    start.wait()  # all start their work together, not as they were created
    time.sleep(seconds)  # some work first: the threads reach the lock in any order
    with print_lock:
        print(word, end=" ", flush=True)


words = SENTENCE.split()
start = threading.Barrier(len(words))
finish = list(range(len(words)))  # the order the work ends in: shuffled with
random.Random(3).shuffle(finish)  # a fixed seed, 0.03 unit apart (30 ms):
# the same every run while a thread wakes well within a step; at tiny units
# (--unit-ms 100: 3 ms steps) a busy machine may swap neighbours.
threads = [threading.Thread(target=work_then_say, args=(w, k * 0.03 * UNIT))
           for w, k in zip(words, finish)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print()
# ANCHOR_END: lock_is_not_order
