"""Seed 001's "Hello, team!": a sender and a receiver process joined by
multiprocessing.Pipe. conn.send pickles the object and writes it with its
length, so conn.recv gets one whole message back.
"""

# ANCHOR: hello
from multiprocessing import Pipe, Process


def send(conn):
    conn.send("Hello, team!")  # pickled, length-prefixed, written
    print("Sent: Hello, team!", flush=True)
    conn.close()


def receive(conn):
    print("Received:", conn.recv(), flush=True)  # waits for one whole message


if __name__ == "__main__":
    receiving_end, sending_end = Pipe()
    sender = Process(target=send, args=(sending_end,))
    receiver = Process(target=receive, args=(receiving_end,))
    sender.start()
    receiver.start()
    sender.join()
    receiver.join()
# ANCHOR_END: hello
