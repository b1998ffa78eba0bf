"""What `timeout=` times in Python: each wait for the next bytes, not the
whole request. A local server sends its 200 and then a body one byte at a
time, never silent for long, and takes 5 units to finish; a timeout of 1
unit does not stop it: no wait for the next byte is longer than 0.2 unit. (reqwest's `timeout` is one deadline for the whole
request: tests/claims.rs cuts the same kind of server off.)
Run: python3 timeouts.py [--unit-ms MS] (default 1000)."""

import os
import socket
import sys
import threading
import time
import urllib.request


def unit_seconds():
    """Seconds per unit: --unit-ms MS, else $WORKBOOK_UNIT_MS, else 1000 ms."""
    ms = os.environ.get("WORKBOOK_UNIT_MS", "1000")
    if "--unit-ms" in sys.argv:
        ms = sys.argv[sys.argv.index("--unit-ms") + 1]
    return int(ms) / 1000


UNIT = unit_seconds()
BYTES = 25  # one every fifth of a unit: 5 units in all


def trickle(listener):
    """Answer each connection 200, then its body a byte every 0.2 unit."""
    while True:
        conn, _ = listener.accept()
        conn.recv(4096)
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {BYTES}\r\n"
                     "Connection: close\r\n\r\n".encode())
        for _ in range(BYTES):
            time.sleep(UNIT / 5)
            conn.sendall(b"x")
        conn.close()


# ANCHOR: timeouts
def fetch(url, timeout):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        body = response.read()
    return len(body), (time.perf_counter() - start) / UNIT
# ANCHOR_END: timeouts


if __name__ == "__main__":
    listener = socket.create_server(("127.0.0.1", 0))
    threading.Thread(target=trickle, args=(listener,), daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
    got, took = fetch(url, timeout=UNIT)
    print(f"urlopen(timeout=1 unit): the whole body, {got} of {BYTES} bytes, "
          f"after {took:.1f} units", flush=True)
    try:
        import requests  # not in the standard library: tried if installed
    except ImportError:
        print("requests: not installed here")
    else:
        start = time.perf_counter()
        body = requests.get(url, timeout=UNIT).content
        took = (time.perf_counter() - start) / UNIT
        print(f"requests.get(timeout=1 unit): the whole body, {len(body)} of {BYTES} "
              f"bytes, after {took:.1f} units")
