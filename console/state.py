"""The reactor: the single app state that drives every screen (DESIGN.md "The reactor").

- State is a set of named *parts*, each an immutable snapshot (frozen dataclass) published
  through its own Textual `Signal`. Widgets subscribe and re-render; they never query the DB.
- Database work runs in thread workers (`run_service`). A worker only computes and returns; the
  result comes back to the UI thread as a `ServiceDone` message and is applied there.
- Parts that are read from the database register a loader; a one-shot timer, re-armed after each
  refresh (so refreshes never overlap), reloads them when another process wrote to the database
  (`PRAGMA data_version` on SQLite) or when `STALE_AFTER` has passed (deadlines expire with time).
- One place (`ConsoleApp.on_worker_state_changed`) reports worker failures to the dispatcher.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.signal import Signal

from console.db import is_postgres_url
from console.models import database
from console.rules.calendar import ServiceMode
from console.services.counts import Counts, read_counts

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode
    from textual.timer import Timer

    from console.config import AppContext

POLL_SECONDS = 1.0
STALE_AFTER = 30.0  # seconds: overdue counts change with the clock, not only with writes
PG_POLL = 3.0  # seconds between reloads on PostgreSQL (LISTEN/NOTIFY would be the next step)


@dataclass(frozen=True)
class ClockSnapshot:
    """Local (Moscow) time and the service mode at that instant (D1, D2)."""

    now: datetime
    mode: ServiceMode


@dataclass(frozen=True)
class SetupSnapshot:
    """Whether the database has what a working day needs (a fresh console.db has not)."""

    has_contracts: bool = True
    has_technicians: bool = True


@dataclass(frozen=True)
class CallSnapshot:
    """The reactor's `call` part: the running call, for the status bar's timer."""

    call_id: int | None = None
    started_at: datetime | None = None


class ServiceDone(Message):
    """A thread worker's result, applied on the UI thread by `ConsoleState.apply`."""

    def __init__(self, apply: Callable[[Any], None], result: Any) -> None:
        super().__init__()
        self.apply = apply
        self.result = result


class ChangeWatcher:
    """Tells whether another connection committed since the last look."""

    def __init__(self, db_target: str) -> None:
        self._conn: sqlite3.Connection | None = None
        self._last: int | None = None
        self._last_pg_poll = 0.0
        if not is_postgres_url(db_target):
            # A connection of its own: data_version only moves for *other* connections' commits.
            self._conn = sqlite3.connect(db_target, check_same_thread=False)

    def changed(self) -> bool:
        if self._conn is None:
            # PostgreSQL has no cheap version counter: look every PG_POLL seconds instead.
            now = time.monotonic()
            if now - self._last_pg_poll < PG_POLL:
                return False
            self._last_pg_poll = now
            return True
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        changed, self._last = version != self._last, version
        return changed

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()


class ConsoleState:
    """The single app state. Owned by the App; screens read parts and send intents."""

    def __init__(self, app: App, ctx: AppContext) -> None:
        self.app = app
        self.ctx = ctx
        self._signals: dict[str, Signal] = {}
        self._values: dict[str, Any] = {}
        self._loaders: dict[str, Callable[[datetime], Any]] = {}
        self._watcher: ChangeWatcher | None = None
        self._last_load = 0.0
        self._busy = False  # a refresh worker is running
        self._again = False  # a forced refresh was asked for meanwhile
        self._timer: Timer | None = None
        self.set_part("clock", self._clock_snapshot())
        self.register_loader("counts", read_counts, Counts())

    # -- parts -----------------------------------------------------------------------------
    def signal(self, part: str) -> Signal:
        if part not in self._signals:
            self._signals[part] = Signal(self.app, part)
        return self._signals[part]

    def get(self, part: str) -> Any:
        return self._values.get(part)

    def set_part(self, part: str, value: Any) -> None:
        """Swap in a new snapshot (UI thread only) and tell the subscribers."""
        if self._values.get(part) == value and part in self._values:
            return
        self._values[part] = value
        self.signal(part).publish(value)

    def subscribe(self, part: str, node: DOMNode, callback: Callable[[Any], None]) -> None:
        """Subscribe and receive the current snapshot at once."""
        self.signal(part).subscribe(node, callback)
        if part in self._values:
            callback(self._values[part])

    def register_loader(self, part: str, loader: Callable[[datetime], Any], initial: Any) -> None:
        """A part read from the database by `loader(now)` in a worker on every refresh."""
        self._loaders[part] = loader
        self._values.setdefault(part, initial)

    # -- time --------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.ctx.clock.now().astimezone(self.ctx.tz)

    def _clock_snapshot(self) -> ClockSnapshot:
        now = self.now().replace(microsecond=0)
        return ClockSnapshot(now=now, mode=self.ctx.calendar.service_mode(now))

    def tick(self) -> None:
        self.set_part("clock", self._clock_snapshot())

    # -- workers -----------------------------------------------------------------------------
    def run_service(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        group: str = "service",
        refresh: bool = False,
        errors: tuple[type[Exception], ...] = (ValueError,),
        hold_keys: bool = False,
        **kwargs: Any,
    ) -> None:
        """Run `fn(*args, **kwargs)` in a thread worker with its own connection.

        The result goes to `on_done` on the UI thread. A refusal the service raises on purpose
        (a `ValueError` subclass: bad input, stale edit, a decision needed) goes to `on_error`,
        so the screen can answer it next to what is wrong; anything else is a failure for the
        app's one error handler (unless `errors` widens what `on_error` takes, for a screen that
        must undo its own state when the database fails). `refresh=True` reloads the parts.
        `hold_keys=True` keeps the keys typed meanwhile until `on_done`/`on_error` has run (for
        a service whose answer opens a dialog: the keys typed ahead are meant for it).
        """

        def job() -> None:
            try:
                with database.connection_context():
                    result = fn(*args, **kwargs)
            except errors as exc:
                if on_error is None:
                    raise
                self.app.post_message(ServiceDone(on_error, exc))
                return
            if on_done is not None:
                self.app.post_message(ServiceDone(on_done, result))
            if refresh:
                self.app.post_message(ServiceDone(lambda _: self.refresh(force=True), None))

        if hold_keys:
            job = self._holding_keys(job)
        self.app.run_worker(job, thread=True, group=group, exit_on_error=False)

    def _holding_keys(self, job: Callable[[], None]) -> Callable[[], None]:
        """`job` with typed keys held (console/typeahead.py) until its answer has been applied:
        the release is posted after the answer, so it runs after the dialog the answer opens."""
        gate = getattr(self.app, "key_gate", None)
        if gate is None:
            return job
        token = gate.hold()

        def holding() -> None:
            try:
                job()
            finally:
                self.app.post_message(ServiceDone(lambda _: gate.release(token), None))

        return holding

    # -- refresh loop ------------------------------------------------------------------------
    def start(self) -> None:
        """Begin the clock and the refresh loop (call once the app is running)."""
        self._watcher = ChangeWatcher(self.ctx.db_target)
        self.app.set_interval(1.0, self.tick)
        self.refresh(force=True)

    def refresh(self, *, force: bool = False) -> None:
        """Reload the database parts in one worker; re-arms the one-shot poll when done.

        Refreshes never overlap: a request during one is remembered and runs right after it.
        """
        if self._busy:
            self._again = self._again or force
            return
        self._busy = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        now = self.now()
        watcher = self._watcher

        def load() -> dict[str, Any] | None:
            stale = time.monotonic() - self._last_load >= STALE_AFTER
            changed = watcher.changed() if watcher else True
            if not (force or changed or stale):
                return None
            self._last_load = time.monotonic()
            return {part: loader(now) for part, loader in self._loaders.items()}

        self.run_service(load, on_done=self._loaded, group="refresh")

    def _loaded(self, values: dict[str, Any] | None) -> None:
        for part, value in (values or {}).items():
            self.set_part(part, value)
        self.arm()

    def arm(self) -> None:
        """Schedule the next poll; also called after a failed refresh so polling goes on."""
        self._busy = False
        if self._again:
            self._again = False
            self.refresh(force=True)
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(POLL_SECONDS, self.refresh)

    def stop(self) -> None:
        if self._watcher is not None:
            self._watcher.close()
