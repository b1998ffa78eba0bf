"""C code that lets go of the GIL runs in parallel on threads: hashlib
releases it while it hashes a buffer larger than 2 KiB. Two buffers hashed
one after the other, then on two threads at once.
Run: python3 gil_released.py [--mb N] (default 64 MB a buffer)."""

import hashlib
import sys
import threading
import time

MB = 64
if "--mb" in sys.argv:
    MB = int(sys.argv[sys.argv.index("--mb") + 1])

data = [bytes([i]) * (MB * 1024 * 1024) for i in range(2)]


spans = []  # (start, end) of each hash


def digest(buffer):
    start = time.perf_counter()
    hashlib.sha256(buffer).hexdigest()  # the GIL is released inside
    spans.append((start, time.perf_counter()))


start = time.perf_counter()
for buffer in data:
    digest(buffer)
one_by_one = time.perf_counter() - start

start = time.perf_counter()
threads = [threading.Thread(target=digest, args=(b,)) for b in data]
for t in threads:
    t.start()
for t in threads:
    t.join()
on_two_threads = time.perf_counter() - start
# Had the hash held the GIL, the second could start only after the first.
overlapped = max(s for s, _ in spans[2:]) < min(e for _, e in spans[2:])
print(f"the two hashes on threads overlapped: {overlapped}")
print(f"one after another {one_by_one:.3f} s, on two threads {on_two_threads:.3f} s: "
      f"{one_by_one / on_two_threads:.2f}x")
