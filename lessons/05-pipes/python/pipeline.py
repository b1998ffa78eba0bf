"""Exercise 1's pipeline in Python: generate → square → sum, one thread per
stage, joined by queue.Queue, each stage told "no more" by a sentinel.
"""

# ANCHOR: pipeline
import queue
import threading


def pipeline(n):
    numbers, squares = queue.Queue(), queue.Queue()

    def generate():
        for x in range(1, n + 1):
            numbers.put(x)
        numbers.put(None)  # a sentinel: "no more"

    def square():
        while (x := numbers.get()) is not None:
            squares.put(x * x)
        squares.put(None)

    for stage in (generate, square):
        threading.Thread(target=stage).start()
    return sum(iter(squares.get, None))
# ANCHOR_END: pipeline


if __name__ == "__main__":
    print("pipeline(1000) =", f"{pipeline(1000):,}")
