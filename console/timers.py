"""One-shot timers that fire, and that stay stopped once stopped (two Textual 8.2.8 defects).

Skipped one-shot timers. A Textual timer reads the clock when its task starts and again just
after; when more than its delay passed between the two reads (the UI thread lost the CPU or
the GIL right there: another process on the core, a worker thread's turn), its "skip missed
ticks" rule counts the one tick of a one-shot timer as missed, and the timer never fires. The
console's mode switch holds frames with a 1 ms timer (`ConsoleApp.delay_update`): one switch
that lost its timer left the App batching updates for good, and no frame was drawn again
(the short soak's switches that "never got their frame" on a loaded machine, issue 12). The
F2 frame held for a look-up (50 ms), the refresh loop's poll and the screens built ahead are
one-shot timers too. `install` makes Textual's one-shot timers fire late instead of never
(docs/upstream/textual-one-shot-timer-skipped.md has the report and a reproduction).

Stopped timers that still run. A fired timer's callback is queued on its widget and runs after
the message the widget is handling (`call_next`), so `Timer.stop()` called meanwhile no longer
reaches it. F2's look-up after a pause in typing, called off because Ctrl+T looks up at once,
then ran after Ctrl+T's look-up and made its answer stale: Ctrl+T was refused as "not verified"
and the keys typed for the ticket form went into the surname. `Later.stop` calls off both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual.timer import Timer

_textual_init = Timer.__init__


def _one_shot_never_skipped(self: Timer, *args: Any, **kwargs: Any) -> None:
    _textual_init(self, *args, **kwargs)
    if self._repeat == 0:  # set_timer: one tick; late is better than never
        self._skip = False


def install() -> None:
    """Textual's one-shot timers fire even when their task was held up (idempotent)."""
    Timer.__init__ = _one_shot_never_skipped  # type: ignore[method-assign]


class HasTimers(Protocol):
    """A widget, screen or App (or the call screen as its parts see it)."""

    def set_timer(self, delay: float, callback: Callable[[], Any] | None = None, *,
                  name: str | None = None, pause: bool = False) -> Timer: ...


class Later:
    """`callback` after `delay` seconds on `node`, unless `stop` is called first: also when
    the timer has fired and its callback waits for `node` to finish its current message."""

    def __init__(self, node: HasTimers, delay: float, callback: Callable[[], Any]) -> None:
        self._callback: Callable[[], Any] | None = callback
        self._timer = node.set_timer(delay, self._fire)

    @property
    def pending(self) -> bool:
        """The callback has neither run nor been called off."""
        return self._callback is not None

    def _fire(self) -> Any:
        callback, self._callback = self._callback, None
        return None if callback is None else callback()  # an awaitable is awaited by Textual

    def stop(self) -> None:
        self._callback = None
        self._timer.stop()
