"""Which start method multiprocessing uses by default, and whether forking a
process that runs threads warns (CPython 3.12+ does: the child gets a copy
of every lock, held or not, but only the thread that forked)."""

# ANCHOR: start_methods
import multiprocessing as mp
import os
import sys
import threading
import time
import warnings

print(sys.version.split()[0], "default start method:", mp.get_start_method())
sleeper = threading.Thread(target=time.sleep, args=(0.2,))
sleeper.start()  # a second thread is running while we fork
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    pid = os.fork()
    if pid == 0:
        os._exit(0)  # the child does nothing
    os.waitpid(pid, 0)
names = [w.category.__name__ for w in caught]
print("forking with a thread running warned:", names or "nothing")
sleeper.join()
# ANCHOR_END: start_methods
