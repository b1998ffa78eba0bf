"""What a missing `if __name__ == "__main__":` guard does under the "spawn"
start method (the default on Windows and macOS): the child imports this
file, runs its top-level code, reaches Process().start() again, and
multiprocessing stops it with a RuntimeError. No runaway: the child fails,
the parent carries on. Run: python3 no_main_guard.py"""

import multiprocessing
import os


def hello():
    print("hello from pid", os.getpid(), flush=True)


# ANCHOR: no_guard
multiprocessing.set_start_method("spawn", force=True)
print("top level runs in pid", os.getpid(), flush=True)
child = multiprocessing.Process(target=hello)  # no __main__ guard around this
child.start()
child.join()
print("the child's exit code:", child.exitcode, flush=True)
# ANCHOR_END: no_guard
