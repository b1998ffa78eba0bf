"""Seed 001's "Hello, team!": a sender and a receiver process joined by
multiprocessing.Pipe. conn.send pickles the object and writes it with its
length, so conn.recv gets one whole message back.
"""

# ANCHOR: hello
import sys
from multiprocessing import Pipe, Process


def say(line):
    # Both processes print to one stdout. `print(a, b)` writes a, " ", b
    # and the newline as separate pieces when stdout is unbuffered
    # (PYTHONUNBUFFERED=1), and the other process's line can land between
    # them. One write of the whole line (under PIPE_BUF bytes) cannot be split.
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def send(conn):
    conn.send("Hello, team!")  # pickled, length-prefixed, written
    say("Sent: Hello, team!")
    conn.close()


def receive(conn):
    say(f"Received: {conn.recv()}")  # waits for one whole message


if __name__ == "__main__":
    receiving_end, sending_end = Pipe()
    sender = Process(target=send, args=(sending_end,))
    receiver = Process(target=receive, args=(receiving_end,))
    sender.start()
    receiver.start()
    sender.join()
    receiver.join()
# ANCHOR_END: hello
