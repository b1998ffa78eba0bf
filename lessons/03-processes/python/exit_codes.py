"""How a child process ends, as Python's `exitcode` tells it: 0 for a normal
return, the code given to sys.exit, 1 for an uncaught exception, and minus
the signal's number for a child killed by a signal. Run: python3 exit_codes.py"""

import multiprocessing
import os
import signal
import sys
import time


def returns():
    pass


def exits_3():
    sys.exit(3)


def raises():
    raise ValueError("a bad row")  # the traceback goes to the child's stderr


def sleeps():
    time.sleep(60)


# ANCHOR: exit_codes
if __name__ == "__main__":
    for target in (returns, exits_3, raises, sleeps):
        p = multiprocessing.Process(target=target)
        p.start()
        p.join(timeout=0.5)  # at most half a second
        if p.is_alive():
            os.kill(p.pid, signal.SIGKILL)  # still running: kill it
            p.join()
        print(f"{target.__name__}: exitcode {p.exitcode}", flush=True)
# ANCHOR_END: exit_codes
