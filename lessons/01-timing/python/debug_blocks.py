"""What python -O removes: assert statements and `if __debug__:` blocks,
and nothing else; every loop still runs as written. This file runs itself
again under -O to show both. Run: python3 debug_blocks.py"""

import subprocess
import sys

# ANCHOR: debug_blocks
def checked_total(numbers):
    if __debug__:  # the whole block is gone under -O
        print("  __debug__ block ran")
    assert all(n >= 0 for n in numbers), "negative number"  # gone under -O
    return sum(numbers)


print("python -O:" if "--child" in sys.argv else "python:", flush=True)
try:
    print("  total:", checked_total([1, 2, -3]))
except AssertionError as error:
    print("  assert stopped it:", error)
# ANCHOR_END: debug_blocks

if "--child" not in sys.argv:
    subprocess.run([sys.executable, "-O", __file__, "--child"], check=True)
