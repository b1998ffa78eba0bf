"""Seed 004's queue-fed workers: daemon threads that loop forever on
jobs.get(), each job marked done with task_done(); the main thread waits
with jobs.join() and exits, which kills the daemons mid-loop.
"""

import threading
from queue import Queue

jobs = Queue()
done = []


def do(job):
    done.append(job * job)


# ANCHOR: workers
def reader():
    while True:  # never ends: hence daemon=True
        job = jobs.get()
        do(job)
        jobs.task_done()  # forget this and jobs.join() hangs


for _ in range(10):
    threading.Thread(target=reader, daemon=True).start()
for job in range(6):
    jobs.put(job)
jobs.join()  # all done; the readers are killed at exit
# ANCHOR_END: workers
print("jobs done:", len(done), "of 6; reader threads still alive:",
      sum(t.daemon for t in threading.enumerate()))
