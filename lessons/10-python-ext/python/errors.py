"""Errors across the boundary, each shown by running it.

    python errors.py BROKEN_DIR BIG_DIR

A bad row as BadRowError (a ValueError with .path, .line, .reason); the
same rows skipped, with the warning that lists them; a Rust panic as
PanicException, the interpreter alive after it; Ctrl-C (SIGINT, sent by a
thread) during a long report() call, honoured between two files.
"""
import os
import signal
import sys
import threading
import time
import warnings

import sales_ext

broken, big = sys.argv[1], sys.argv[2]

# ANCHOR: bad_row
try:
    sales_ext.report(broken)
except ValueError as error:  # BadRowError is a ValueError
    print("%s: path=%s line=%d" % (type(error).__name__, error.path, error.line))
    print("  reason: %s" % error.reason)
# ANCHOR_END: bad_row

# ANCHOR: skip
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    report = sales_ext.report(broken, on_bad_row="skip")
warning = caught[0].message
print("skipped: %d rows rejected (report: %d); the first:"
      % (warning.rejected, report["total"]["rejected"]))
for line in warning.first_rejected[:2]:
    print("  %s" % line)
# ANCHOR_END: skip

# ANCHOR: panic
try:
    sales_ext.panic_in_rust("a bug in Rust")
except BaseException as error:  # PanicException derives from BaseException
    print("%s: %s" % (type(error).__name__, error))
print("the interpreter lives on: 2 + 2 = %d" % (2 + 2))
# ANCHOR_END: panic

# ANCHOR: ctrl_c
started = time.perf_counter()
sales_ext.report(big, engine="sequential", threads=1)
whole = time.perf_counter() - started
calling = threading.Event()


def ctrl_c():
    """Ctrl-C is SIGINT: send it to ourselves once the call is under way.
    This thread gets the GIL only when report() releases it for a file."""
    calling.wait()
    os.kill(os.getpid(), signal.SIGINT)


sender = threading.Thread(target=ctrl_c)
sender.start()
started = time.perf_counter()
try:
    calling.set()
    sales_ext.report(big, engine="sequential", threads=1)
    print("not interrupted")
except KeyboardInterrupt:
    print("KeyboardInterrupt after %.2f s of a %.2f s call: raised between two files"
          % (time.perf_counter() - started, whole))
sender.join()
# ANCHOR_END: ctrl_c
