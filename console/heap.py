"""What the console holds all day is set aside from Python's cyclic garbage collector.

A full collection walks every object the process holds: ~165,000 once the screens are built
(modules, classes, the screens' widgets, the queue), ~130 ms of the UI thread on the soak's
machine (issue 12). Whichever key is being handled when one starts waits for it, so those
collections made the slowest screen switches of the day. Once the screens are built
(console/warmup.py) the console collects once and freezes what is left (`gc.freeze`): later
collections walk only what was made since. Frozen objects are still freed when nothing refers
to them; only a reference cycle among them, dropped later, stays (a few screens' worth at most,
once). The app unfreezes them when it ends, so a process that runs several apps (the tests)
collects them as before.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect, then leave what is alive now out of later collections."""
    gc.collect()
    gc.freeze()


def release() -> None:
    """Back to normal: the frozen objects are collected again."""
    gc.unfreeze()
