"""Processes do not share memory. A "fork" child starts as a copy of the
parent at the fork, so it sees the parent's 10; a "spawn" child imports
this file afresh and sees the initial 0. Neither change reaches the parent.
Run: python3 isolation.py"""

import multiprocessing

# ANCHOR: isolation
COUNTER = 0


def bump(method):
    global COUNTER
    COUNTER += 1  # this process's own copy
    print(f"a {method} child adds 1 and sees {COUNTER}", flush=True)


if __name__ == "__main__":
    COUNTER = 10
    for method in ("fork", "spawn"):
        child = multiprocessing.get_context(method).Process(target=bump, args=(method,))
        child.start()
        child.join()
    print(f"the parent's COUNTER is still {COUNTER}")
# ANCHOR_END: isolation
