"""Autosaving what a form or dialog holds as a draft (D14: nothing typed is lost).

A `DraftKeeper` belongs to one form or dialog. `changed()` after every edit writes the draft a
second after typing pauses, and at least every `MAX_WAIT` seconds while it does not (a timer
restarted on every key alone would never save a non-stop typist). The draft is this console's
and operator's (`AppContext.console_id`): two consoles under one login keep their own.
`offer(apply)` looks for a draft of the same form left by a console that is no longer running
(a crash, a closed terminal) or by this one; when found it becomes this console's and `apply`
puts it back. `drop()` after a save or a discard deletes it. Writes run one after another, in
the order asked, so a late autosave never revives a draft deleted after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from console.timers import Later

if TYPE_CHECKING:
    from console.services import drafts

DELAY = 1.0  # seconds of quiet before the draft is written
MAX_WAIT = 2.0  # seconds: a dispatcher who keeps typing still has a draft this fresh


class DraftKeeper:
    """The draft of one form (`form` names it in the draft table)."""

    def __init__(self, node, form: str, payload: Callable[[], dict]) -> None:
        self._node = node
        self.form = form
        self._payload = payload
        self._timer: Later | None = None  # stopped, it never saves (also once fired)
        self._dirty_since: float | None = None
        self._busy = False
        self._waiting: list[tuple[Callable[..., Any], tuple, dict]] = []
        self.dropped = False

    @property
    def _state(self):
        return self._node.app.state

    def changed(self) -> None:
        if self.dropped:
            return
        if self._timer is not None:
            self._timer.stop()
        now = time.monotonic()
        if self._dirty_since is None:
            self._dirty_since = now
        waited = now - self._dirty_since
        if waited >= MAX_WAIT:
            self.save()
            return
        self._timer = Later(self._node, min(DELAY, MAX_WAIT - waited), self.save)

    # `drafts` is imported where it is used: the first frame comes before the database layer
    # is loaded (issue 12), and a dialog with a draft opens only after it.
    def save(self) -> None:
        from console.services import drafts

        if self.dropped:
            return
        self._dirty_since = None
        state = self._state
        self._write(drafts.save_draft, state.ctx.operator_login, self.form, self._payload(),
                    state.now(), console=state.ctx.console_id)

    def flush(self) -> None:
        """Closing with the draft kept: what was typed in the last second is written now."""
        if self._dirty_since is not None:
            if self._timer is not None:
                self._timer.stop()
            self.save()

    def drop(self, *, final: bool = True) -> None:
        """Saved or discarded: the draft goes. `final`: the form closes, so no autosave
        brings it back (a form cleared and kept open drafts again as it is typed into)."""
        from console.services import drafts

        self.dropped = final
        self._dirty_since = None
        if self._timer is not None:
            self._timer.stop()
        state = self._state
        self._write(drafts.delete_draft, state.ctx.operator_login, self.form,
                    console=state.ctx.console_id)

    def offer(self, apply: Callable[[drafts.DraftView], None]) -> None:
        from console.services import drafts

        state = self._state
        ctx = state.ctx

        def found(draft: drafts.DraftView | None) -> None:
            if draft is None or self.dropped:
                return
            self._write(drafts.adopt_draft, ctx.operator_login, self.form, draft.console,
                        ctx.console_id)
            apply(draft)

        state.run_service(drafts.load_draft, ctx.operator_login, self.form, now=state.now(),
                          own_console=ctx.console_id, on_done=found, group="draft")

    def _write(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        from console.services import drafts

        if self._busy:
            if self._waiting and self._waiting[-1][0] is fn is drafts.save_draft:
                self._waiting.pop()  # a newer autosave replaces one not written yet
            self._waiting.append((fn, args, kwargs))
            return
        self._busy = True

        def next_write(_result: Any = None) -> None:
            self._busy = False
            if self._waiting:
                fn_, args_, kwargs_ = self._waiting.pop(0)
                self._write(fn_, *args_, **kwargs_)

        # A failed write (the database away) is the banner's business; the next edit retries.
        # The deletion that closing a dialog makes waits for the change it confirmed (issue 12).
        run = self._state.run_when_quiet if fn is drafts.delete_draft else self._state.run_service
        run(fn, *args, **kwargs, group="draft", on_done=next_write,
            on_error=lambda _e: next_write(), errors=(Exception,))
