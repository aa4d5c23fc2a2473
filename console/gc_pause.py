"""The cyclic garbage collector held off while the dispatcher waits for his own change (issue 12).

A full collection walks every container the console holds (the queue's 10,000 rows, the plan's
tickets, the widget tree): 100-200 ms here, with the GIL held, so the service, the reload and
the frame all stop for it. An urgent ticket's path (the re-plan's inputs read, a fifth of the
queue's rows made again, the notify list opened) allocates enough to set one off in about every
other urgent ticket, in the middle of that path. While a hold lasts, reference counting frees
memory as usual; only objects in reference cycles wait, for the collections that follow the hold
(those are not made up in a burst: the next allocation after it starts one young collection, and
the older generations follow their usual thresholds).

A hold is taken on the UI thread when a service that reloads the parts starts and is released
once its reload has been shown (`ConsoleState`), or after `LONGEST` seconds whatever happens
(a timer thread of its own: a console that died without closing leaves no collector off).
"""

from __future__ import annotations

import gc
import threading

LONGEST = 3.0  # seconds a hold lasts at most: a lost release never leaves the collector off


class GcPause:
    """Holds (tokens) on the cyclic GC: off while any is held, back on when the last goes.

    Only a collector this turned off is turned back on: one already off (the planner pauses it
    around a plan, a test may have) is left as found.
    """

    def __init__(self) -> None:
        self._holds: set[object] = set()
        self._owned = False  # this turned the collector off
        self._lock = threading.Lock()  # the time limit releases from its own thread

    @property
    def held(self) -> bool:
        return bool(self._holds)

    def hold(self, longest: float = LONGEST) -> object:
        """A new hold, released by `release` or after `longest` seconds."""
        token = object()
        with self._lock:
            if not self._holds and gc.isenabled():
                gc.disable()
                self._owned = True
            self._holds.add(token)
        limit = threading.Timer(longest, self.release, (token,))
        limit.daemon = True  # never keeps a closing console alive
        limit.start()
        return token

    def release_all(self) -> None:
        """The console closes: whatever still holds lets go."""
        with self._lock:
            holds = list(self._holds)
        for token in holds:
            self.release(token)

    def release(self, token: object) -> None:
        """Idempotent: a token released twice (its reload, then its time limit) counts once."""
        with self._lock:
            if token not in self._holds:
                return
            self._holds.discard(token)
            if not self._holds and self._owned:
                self._owned = False
                gc.enable()
