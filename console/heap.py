"""What the console holds all day is set aside from Python's cyclic garbage collector; glibc's
malloc is set for a long run, and its free pages are given back to the system as the day goes on.

A full collection walks every object the process holds: ~165,000 once the screens are built
(modules, classes, the screens' widgets, the queue), ~130 ms of the UI thread on the soak's
machine (issue 12). Whichever key is being handled when one starts waits for it, so those
collections made the slowest screen switches of the day. Once the screens are built
(console/warmup.py) the console collects once and freezes what is left (`gc.freeze`): later
collections walk only what was made since. Frozen objects are still freed when nothing refers
to them; only a reference cycle among them, dropped later, stays (a few screens' worth at most,
once). The app unfreezes them when it ends, so a process that runs several apps (the tests)
collects them as before.

The frozen garbage is bounded: ~19,000-23,000 objects (~2.5 MB: the rendered lines, compositor
maps and forms alive at the warm-up and replaced since) after two soak hours as after three
(`bench_soak.py` logs it at the end). Freezing again later would not lower it for long: each
freeze takes the screens' current lines and forms with it, garbage again a call later.

`trim`: re-plans, reloads and services (each with its own SQLite connection, in a worker
thread) build and drop big lists and buffers. glibc's malloc keeps what was freed for reuse, and
a free page between two live blocks stays resident: after a few soak hours ~4-5 MB of the C
heap was free but resident (a trim gave it back at once). Most of it is the last minute's peak,
used again by the next reload, so a trim shows in the RSS of a console between bursts of work,
not right after one. Once a minute (`TRIM_SECONDS`) the app asks glibc to give those pages back
(`malloc_trim`, which also releases free pages inside its heaps, not only at their top). It
runs in a thread of its own: ctypes lets go of the GIL, so the UI thread does not wait for it
(a few ms). Elsewhere than glibc (macOS, musl) there is no such call and nothing is done.

`tune_malloc`: over the soak's full day glibc's free memory grew ~2-3 MB an hour (9.6 -> 14.7
MB in hours 1-3), a growth the minute's trim does not stop: glibc raises its mmap threshold to
the size of the largest block it has freed (up to 32 MB), so once a big list or dict was freed
the next ones come from the heap and leave holes there, and every worker thread allocates in an
arena of its own (up to 16 here), each keeping its own free memory. After the first frame the
app fixes the threshold at 128 KiB (blocks from there up are mapped and given back on free;
the trim threshold with it) and allows two arenas (the GIL lets one thread run Python at a
time: they hardly ever wait for each other's arena).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable

TRIM_SECONDS = 60.0

_trimming = threading.Lock()
_malloc_trim: list[Callable[[int], int] | None] = []  # looked up once, on the first trim


def settle() -> None:
    """Collect, then leave what is alive now out of later collections."""
    gc.collect()
    gc.freeze()


def release() -> None:
    """Back to normal: the frozen objects are collected again."""
    gc.unfreeze()


def _trim_function() -> Callable[[int], int] | None:
    if not _malloc_trim:
        import ctypes  # not on the way to the first frame: the first trim is a minute later

        try:
            found = ctypes.CDLL(None).malloc_trim
        except (OSError, AttributeError):
            _malloc_trim.append(None)
        else:
            found.argtypes, found.restype = [ctypes.c_size_t], ctypes.c_int
            _malloc_trim.append(found)
    return _malloc_trim[0]


# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
MMAP_THRESHOLD = 128 * 1024
ARENAS = 2


def tune_malloc() -> bool:
    """glibc's malloc set for a long-running process; False where the C library has no
    `mallopt` (not glibc)."""
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return all([mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD),
                mallopt(M_TRIM_THRESHOLD, MMAP_THRESHOLD), mallopt(M_ARENA_MAX, ARENAS)])


def trim() -> bool:
    """Give the C heap's free pages back to the system; False where the C library cannot."""
    fn = _trim_function()
    if fn is None:
        return False
    fn(0)
    return True


def trim_in_background() -> None:
    """`trim` in a thread of its own, one at a time (a trim still running is not doubled)."""
    if not _trimming.acquire(blocking=False):
        return

    def run() -> None:
        try:
            trim()
        finally:
            _trimming.release()

    threading.Thread(target=run, name="heap-trim", daemon=True).start()
