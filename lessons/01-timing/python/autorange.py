"""How timeit's autorange picks the number of calls per sample: it tries
1, 2, 5, 10, 20, 50, ... calls until one sample lasts 0.2 s. The callback
prints every try. Run: python3 autorange.py"""

import timeit

# ANCHOR: autorange
def show(number, time_taken):
    print(f"{number:>8} calls: {time_taken * 1e3:8.3f} ms")


timer = timeit.Timer("sum(range(1_000))")
number, _ = timer.autorange(callback=show)
print("autorange chose", number, "calls per sample")
# ANCHOR_END: autorange
