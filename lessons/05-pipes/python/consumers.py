"""Many consumers on one multiprocessing.Queue: each stops at a sentinel
(None), so the producer side must put one None per consumer, no fewer.
Two producers (squares and cubes of 0..5), three consumers.
"""

from multiprocessing import Process, Queue


def produce(power, queue):
    for n in range(6):
        queue.put(n ** power)


# ANCHOR: consume
def consume(queue, done):
    taken = []
    while (n := queue.get()) is not None:  # None means "no more"
        taken.append(n)
    done.put(taken)


if __name__ == "__main__":
    queue, done = Queue(), Queue()
    consumers = [Process(target=consume, args=(queue, done)) for _ in range(3)]
    producers = [Process(target=produce, args=(p, queue)) for p in (2, 3)]
    for p in consumers + producers:
        p.start()
    for p in producers:
        p.join()
    for _ in consumers:
        queue.put(None)  # one None per consumer, no fewer
    # ANCHOR_END: consume
    taken = [done.get() for _ in consumers]
    for c in consumers:
        c.join()
    print("messages taken by the 3 consumers:", sum(len(t) for t in taken), "of 12")
