"""Seed 003's Starlink calls, against the lesson's local server (start it
with `just lesson 6 serve`): the list, then 50 records one after another,
then a thread per record timed as the seed timed it (the loop that starts
the threads, nothing waiting for them) and again after joining them.
Standard library only: urllib stands in for `requests`.
Run: python3 api_calls.py --base-url http://127.0.0.1:PORT [--calls 50]"""

import json
import sys
import threading
import time
import urllib.error
import urllib.request


def option(name, default=None):
    if name in sys.argv:
        return sys.argv[sys.argv.index(name) + 1]
    if default is None:
        sys.exit(f"api_calls.py: {name} is required (the URL `just lesson 6 serve` prints)")
    return default


BASE = option("--base-url").rstrip("/")
CALLS = int(option("--calls", "50"))


# ANCHOR: fetch
def get_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def fetch(ident):
    try:
        track = get_json(f"{BASE}/v4/starlink/{ident}")["spaceTrack"]
    except urllib.error.HTTPError as error:
        print("!!Response Error!!", error.code)
        return None
    return [track["OBJECT_NAME"], track["LAUNCH_DATE"], track["DECAY_DATE"]]
# ANCHOR_END: fetch


def sequential(ids):
    start = time.perf_counter()
    sat_info = {ident: fetch(ident) for ident in ids}
    took = time.perf_counter() - start
    print(f"sequential: {took * 1000:.0f} ms for {len(sat_info)} calls")
    return sat_info


# ANCHOR: threads
def threaded(ids):
    sat_info, lock = {}, threading.Lock()

    def worker(ident):
        info = fetch(ident)
        with lock:
            sat_info[ident] = info

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(ident,)) for ident in ids]
    for thread in threads:
        thread.start()
    started = time.perf_counter() - start  # where the seed's %%time stopped
    answered = len(sat_info)
    for thread in threads:
        thread.join()  # what the seed left out
    joined = time.perf_counter() - start
    print(f"threads, the seed's timer: {started * 1000:.0f} ms, "
          f"{answered} of {len(ids)} answers in")
    print(f"threads, joined: {joined * 1000:.0f} ms, {len(sat_info)} of {len(ids)} answers")
    return sat_info
# ANCHOR_END: threads


if __name__ == "__main__":
    ids = [item["id"] for item in get_json(f"{BASE}/v4/starlink")][:CALLS]
    one_by_one = sequential(ids)
    together = threaded(ids)
    print(f"the same answers: {one_by_one == together}")
