"""What a Python program sees when the reader of its stdout goes away: the
parent reads one line of a child that prints forever, closes the pipe,
and waits. Python ignores SIGPIPE, so the child's next write fails with
BrokenPipeError (exit status 1) instead of killing it silently.
Run: python3 broken_pipe.py"""

# ANCHOR: broken_pipe
import subprocess
import sys


def chatter():
    n = 0
    while True:  # prints until a write fails
        print(f"line {n}", flush=True)
        n += 1


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        chatter()
    child = subprocess.Popen([sys.executable, __file__, "--child"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    print("parent read:", child.stdout.readline().decode().strip())
    child.stdout.close()  # the only read end: the pipe is broken now
    status = child.wait()
    errors = child.stderr.read().decode().strip().splitlines()
    last = errors[-1] if errors else "(nothing on stderr)"
    print(f"child exit status {status}; its last error line: {last}")
# ANCHOR_END: broken_pipe
