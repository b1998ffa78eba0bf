"""How many CPUs Python counts: the machine's, or the ones this process may
run on. Run it under `taskset -c 0` to see them differ."""

import os

print("os.cpu_count():", os.cpu_count())
print("len(os.sched_getaffinity(0)):", len(os.sched_getaffinity(0)))
if hasattr(os, "process_cpu_count"):  # 3.13+
    print("os.process_cpu_count():", os.process_cpu_count())
