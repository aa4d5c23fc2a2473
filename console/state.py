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

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from importlib import import_module
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.signal import Signal

from console.db_target import is_postgres_url
from console.gc_pause import GcPause
from console.rules.calendar import ServiceMode
from console.services.counts import Counts

if TYPE_CHECKING:
    from peewee import DatabaseProxy
    from textual.app import App
    from textual.dom import DOMNode
    from textual.timer import Timer

    from console.config import AppContext

POLL_SECONDS = 0.25  # SQLite data_version polls: another console's commit shows within 1 s
SERVICE_WAIT = 2.0  # seconds a poll waits for a running service's own reload, at most
STALE_AFTER = 30.0  # seconds: overdue counts change with the clock, not only with writes
# After this console's own change the rest of the reload waits for the frame that shows its
# first parts, this long at most.
FIRST_FRAME_WAIT = 0.25
STAGE_FRAME_WAIT = 0.05  # the same for a stage before the last (its parts may draw nothing)


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


@dataclass(frozen=True)
class DbHealth:
    """The reactor's `db` part: None, or why the database is not answering (a sentence key).

    Set by the app's worker-failure handler, cleared by the next refresh that succeeds; the
    banner on every screen shows it while the refresh loop keeps retrying.
    """

    problem: str | None = None


@dataclass(frozen=True)
class DeltaLoader:
    """A part that can follow this console's own change by reading only what it changed.

    `load(ids, placed)` gives the part with the rows of `ids` read again, but for those in
    `placed`: only their placement (technician, start, end) was written, and `placed` holds
    what was stored (None: read it in full). It is used only when the database proves that the
    change was the only commit on `reads` since the part was last loaded, and the change wrote
    nothing of `reads` beyond `covers` (the tables whose changed rows `ids` name).
    """

    load: Callable[[frozenset[int], dict[int, tuple[Any, Any, Any]]], Any]
    reads: frozenset[str]
    covers: frozenset[str]


@dataclass(frozen=True)
class OwnChange:
    """A service's commit (SQLite's `change_marks.MarkedCommit`) and the rows it changed:
    `ticket_ids` all of them; `placed` those whose placement alone it wrote, with what it stored
    (`tickets.Outcome.placed_etas`)."""

    commit: Any
    ticket_ids: frozenset[int]
    placed: dict[int, tuple[Any, Any, Any]] = field(default_factory=dict)


# What the dispatcher looks at after his own change, loaded and shown first, a stage at a time,
# each drawn before the next is read: F3's new order with the status bar's counts (the calls
# owed among them), then the notify list the change may open over F3 (`after_shown` waits for
# it). The other parts it touched follow in the same reload, once those are drawn.
FIRST_STAGES = (("queue", "counts"), ("notify",))


def _own_change(result: Any) -> OwnChange | None:
    """The change the worker's last commit made, when the service says which tickets it wrote
    (`changed_tickets`) and the commit left its marks (SQLite); else None."""
    ids = getattr(result, "changed_tickets", None)
    if ids is None:
        return None
    from console.models import database  # in the worker: the layer is loaded by then

    commit = getattr(database.connection(), "last_commit", None)
    if commit is None:
        return None
    return OwnChange(commit, frozenset(ids), getattr(result, "placed_etas", None) or {})


class ServiceDone(Message):
    """A thread worker's result, applied on the UI thread by `ConsoleState.apply`."""

    def __init__(self, apply: Callable[[Any], None], result: Any) -> None:
        super().__init__()
        self.apply = apply
        self.result = result


class ChangeWatcher:
    """Which tables other connections wrote since the last look (`console.sync`).

    SQLite: `PRAGMA data_version` and the `change_mark` counters. PostgreSQL: never by
    polling; the LISTEN thread (`sync.PgListener`) reports changed tables as they commit.
    """

    def __init__(self, db_target: str) -> None:
        self._target = db_target
        self._sqlite: Any = None  # sync.DataVersionWatcher, made by the first look (a worker)
        self._first = True

    def changed(self) -> frozenset[str]:
        """Empty: nothing; `sync.ALL`: unknown, reload everything."""
        if is_postgres_url(self._target):
            first, self._first = self._first, False
            return frozenset({"*"}) if first else frozenset()
        if self._sqlite is None:
            from console.sync import DataVersionWatcher

            self._sqlite = DataVersionWatcher(self._target)
        return self._sqlite.changed()

    def only(self, commit: Any, tables: frozenset[str]) -> bool:
        """Whether the last `changed()` saw `commit` alone on `tables` (never on PostgreSQL:
        the notifications do not say whose commit they were)."""
        return self._sqlite is not None and self._sqlite.only(commit, tables)

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()


_opening = threading.Lock()


def opened_database(target: str) -> DatabaseProxy:
    """The database every service uses, opened for `target` by the first worker that needs it.

    A start whose database needed nothing written (console.start_check) has not loaded the
    database layer: the first service after the first frame loads it, in its worker, and opens
    the database here (once; the others wait for it). Opened already (`prepare` ran, as for
    every command and test), it is used as it is.
    """
    from console.models import database

    if database.obj is None:
        with _opening:
            if database.obj is None:
                from console.db import connect

                connect(target).close()  # each worker opens its own connection
    return database


def service(module: str, name: str) -> Callable[..., Any]:
    """The service function `name` of `module`, imported when it is called: in the worker
    that runs it, so a service's first use does not load the database layer on the UI thread
    (nor before the first frame)."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(import_module(module), name)(*args, **kwargs)

    call.__qualname__ = call.__name__ = name
    return call


def _read_counts(now: datetime) -> Counts:
    from console.services.counts import read_counts

    return read_counts(now)


def _load_presence(console_id: str, now: datetime):
    from console.services.presence import load_presence

    return load_presence(now, console_id)


def _leave(console_id: str) -> None:
    """A clean exit takes this console off the presence list (best effort, 2 s at most)."""
    from console.models import database
    from console.services.presence import leave

    def job() -> None:
        try:
            with database.connection_context():
                leave(console_id)
        except Exception:
            pass  # a dead database: the row simply ages out

    thread = threading.Thread(target=job, daemon=True)
    thread.start()
    thread.join(2.0)


def _draft_place(view) -> str:
    """Where a draft comes back: the dialog's title, or the claim form."""
    from console.i18n import t

    if view.form.startswith("dialog:"):
        title = str(view.payload.get("title") or "")[:80]
        return t("“{title}”", title=title) if title else ""
    return t("a new claim (F5, n)") if view.form == "claim" else ""


class ConsoleState:
    """The single app state. Owned by the App; screens read parts and send intents."""

    def __init__(self, app: App, ctx: AppContext) -> None:
        self.app = app
        self.ctx = ctx
        self._signals: dict[str, Signal] = {}
        self._values: dict[str, Any] = {}
        self._loaders: dict[str, Callable[[datetime], Any]] = {}
        self._deltas: dict[str, DeltaLoader] = {}
        self._own: OwnChange | None = None  # this console's last change, not reloaded yet
        self._tables: dict[str, frozenset[str] | None] = {}  # part -> tables it reads
        self._watcher: ChangeWatcher | None = None
        self._listener: Any = None  # PostgreSQL: sync.PgListener
        self._changed: set[str] = set()  # tables reported changed, not reloaded yet
        self._last_load = 0.0
        self._busy = False  # a refresh worker is running
        self._checkpoint_due = False  # a reload saw writes: checkpoint the log after it
        self._again = False  # a forced refresh was asked for meanwhile
        # Running services that reload the parts when done: token -> when each started.
        self._refreshing_services: dict[object, float] = {}
        # The cyclic GC is held off from such a service's start until its reload is shown;
        # the holds whose reload is running, released when the reloads settle (`arm`).
        self._gc = GcPause()
        self._after_reload: list[object] = []
        self._quiet: list[Callable[[], None]] = []  # writes waiting for quiet (`run_when_quiet`)
        self._frame_waits: set[threading.Event] = set()  # reloads waiting for a frame
        self._quiet_timer: Timer | None = None
        # What waits for the running reload to show what a change did (`after_shown`).
        self._after_shown: list[tuple[str | None, Callable[[], object]]] = []
        self._timer: Timer | None = None
        self._beating = False  # a presence write is running (`_beat`)
        self._next_beat: dict[str, Any] | None = None  # and what to write after it
        self.set_part("clock", self._clock_snapshot())
        self.set_part("db", DbHealth())
        self.register_loader("counts", _read_counts, Counts(),
                             tables=("ticket", "notification", "help_desk_question", "claim",
                                     "machine_message", "machine_tally"))

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

    def register_loader(self, part: str, loader: Callable[[datetime], Any], initial: Any,
                        tables: tuple[str, ...] | None = None,
                        delta: DeltaLoader | None = None) -> None:
        """A part read from the database by `loader(now)` in a worker on every refresh.

        `tables` names the tables it reads: on PostgreSQL a change elsewhere does not reload
        it (None: reload on any change). `delta`: how it follows this console's own changes.
        """
        self._loaders[part] = loader
        self._tables[part] = frozenset(tables) if tables is not None else None
        if delta is not None:
            self._deltas[part] = delta
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

        target = self.ctx.db_target

        def job() -> None:
            try:
                try:
                    with opened_database(target).connection_context():
                        result = fn(*args, **kwargs)
                        own = _own_change(result) if refresh else None
                except errors as exc:
                    if on_error is None:
                        raise
                    self.app.post_message(ServiceDone(on_error, exc))
                    return
                if refresh:
                    # The reload first: its worker reads while the UI thread applies the
                    # answer (which may open a dialog), instead of after it (issue 12).
                    self.app.post_message(ServiceDone(
                        lambda _: self.refresh(force=True, own=own), None))
                if on_done is not None:
                    self.app.post_message(ServiceDone(on_done, result))
            finally:
                if refresh:  # after its reload was asked for: polling may go on
                    self.app.post_message(ServiceDone(self._service_settled, (token, pause)))

        token = object()
        pause: object = None
        if refresh:
            self._refreshing_services[token] = time.monotonic()
            # The dispatcher waits for this change on screen: no full collection on the way.
            pause = self._gc.hold()

        if hold_keys:
            job = self._holding_keys(job, after_reload=refresh)
        self.app.run_worker(job, thread=True, group=group, exit_on_error=False)

    def run_when_quiet(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        """`run_service` for a write nobody waits to see (the presence row, a draft): it
        starts after the frame being drawn and after the services whose change the dispatcher
        waits for. Closing a dialog wrote both before the change it confirmed, which then
        waited for their write lock (issue 12). Calls start in the order asked."""
        self._quiet.append(partial(self.run_service, fn, *args, **kwargs))
        if len(self._quiet) == 1:
            self.app.call_after_refresh(self._run_quiet)

    def _run_quiet(self, *, waited: bool = False) -> None:
        if self._refreshing_services and not waited:
            # After those services (`_service_settled`); one waiting long for the write lock
            # holds these back no longer than it holds back a poll.
            if self._quiet_timer is None:
                self._quiet_timer = self.app.set_timer(
                    SERVICE_WAIT, partial(self._run_quiet, waited=True))
            return
        if self._quiet_timer is not None:
            self._quiet_timer.stop()
            self._quiet_timer = None
        waiting, self._quiet = self._quiet, []
        for start in waiting:
            start()

    def _service_settled(self, tokens: tuple[object, object]) -> None:
        token, pause = tokens
        self._refreshing_services.pop(token, None)
        if self._quiet and not self._refreshing_services:
            # Not before that change's reload has shown it: they would take the GIL from it.
            self.after_shown(self._run_quiet)
        if self._busy:  # its reload (or one it follows) is running: the hold lasts till shown
            self._after_reload.append(pause)
        else:  # refused or failed: nothing to reload
            self._gc.release(pause)

    def after_shown(self, callback: Callable[[], object], *, part: str | None = None) -> None:
        """Call `callback` once the reload running (or asked for) has shown its first parts
        (`part`: once it has shown that one); at once when none is. For what a change's answer
        opens (the notify list, `part="notify"`): it comes up with the calls that change made,
        after the queue shows it, instead of taking that frame's time (issue 12). Callbacks run
        in the order asked: one waiting for a part holds back those asked after it (the keys
        typed ahead for the notify list)."""
        if self._busy or self._again:
            self._after_shown.append((part, callback))
        else:
            callback()

    def _shown(self, parts: frozenset[str] | None = None) -> None:
        """Run what waited for the reload's first parts: all of it, or (`parts`: the parts
        shown so far) up to the first one waiting for another part."""
        waiting = self._after_shown
        ready = len(waiting) if parts is None else next(
            (n for n, (part, _) in enumerate(waiting) if part is not None and part not in parts),
            len(waiting))
        self._after_shown = waiting[ready:]
        for _part, callback in waiting[:ready]:
            callback()

    def _release_holds(self, holds: list[object]) -> None:
        for pause in holds:
            self._gc.release(pause)

    def _holding_keys(self, job: Callable[[], None], *, after_reload: bool = False
                      ) -> Callable[[], None]:
        """`job` with typed keys held (console/typeahead.py) until its answer has been applied:
        the release is posted after the answer, so it runs after the dialog the answer opens."""
        gate = getattr(self.app, "key_gate", None)
        if gate is None:
            return job
        token = gate.hold()

        def release(_: object) -> None:
            if after_reload:  # after what the answer opens, which may wait for the reload
                self.after_shown(lambda: gate.release(token))
            else:
                gate.release(token)

        def holding() -> None:
            try:
                job()
            finally:
                self.app.post_message(ServiceDone(release, None))

        return holding

    # -- refresh loop ------------------------------------------------------------------------
    def start(self) -> None:
        """Begin the clock and the refresh loop (call once the app is running)."""
        self._watcher = ChangeWatcher(self.ctx.db_target)
        if is_postgres_url(self.ctx.db_target):
            from console.sync import PgListener

            self._listener = PgListener(self.ctx.db_target, self._notified)
            self._listener.start()
        self.app.set_interval(1.0, self.tick)
        self._start_presence()
        self.refresh(force=True)
        self._offer_drafts()

    def _offer_drafts(self) -> None:
        """D14: a console that died left text in a dialog or the claim form: say what waits
        and where (opening the same window brings it back; the ticket form says so itself)."""
        from console.i18n import t
        from console.services import drafts

        def found(views) -> None:
            places = [_draft_place(v) for v in views if v.console != self.ctx.console_id]
            places = [p for p in dict.fromkeys(places) if p]
            if places:
                self.app.notify(t("Unsaved text waits in: {places}. Open the same window: "
                                  "it comes back.", places="; ".join(places)),
                                severity="warning", timeout=20)

        self.run_service(drafts.list_drafts, self.ctx.operator_login, now=self.now(),
                         own_console=self.ctx.console_id, on_done=found, group="draft",
                         on_error=lambda _e: None, errors=(Exception,))

    # -- presence (who else is online, what they have open) ------------------------------
    def _start_presence(self) -> None:
        from functools import partial

        from console.services import presence

        self.register_loader("presence", partial(_load_presence, self.ctx.console_id),
                             presence.PresenceSnapshot(), tables=("console_presence",))
        self._entity: str | None = None
        self._beat()
        self.app.set_interval(presence.HEARTBEAT_SECONDS, self._beat)

    def _beat(self, **entity: Any) -> None:
        """Write the presence row; one write at a time, in the order asked: a dialog closed and
        the next opened at once must not leave the row saying "nothing open" (two workers
        racing would commit in any order). Asked while one runs: the latest ask follows it."""
        import os
        import socket

        from console.services import presence

        if self._beating:
            self._next_beat = {**(self._next_beat or {}), **entity}
            return
        self._beating = True
        ctx = self.ctx
        # A dialog opened or closed: written once what it confirmed is shown (`run_when_quiet`).
        run = self.run_when_quiet if entity else self.run_service
        # A lost database is the banner's business: a missed heartbeat is no error to show.
        run(presence.heartbeat, ctx.console_id, operator=ctx.operator_login,
            operator_name=ctx.operator_name, host=socket.gethostname(), pid=os.getpid(),
            now=self.now(), on_done=self._beaten, on_error=self._beaten, errors=(Exception,),
            group="presence", **entity)

    def _beaten(self, _result: Any) -> None:
        self._beating = False
        following, self._next_beat = self._next_beat, None
        if following is not None:
            self._beat(**following)

    def open_entity(self, entity: str | None) -> None:
        """A form or dialog on `entity` ("ticket:12", "claim:3") opened here (None: closed);
        other consoles then say "open at Ivanova's since 11:02"."""
        if entity != getattr(self, "_entity", None):
            self._entity = entity
            self._beat(entity=entity)

    def held_elsewhere(self, entity: str | None):
        """Another console's `presence.Holder` of `entity`, or None."""
        snapshot = self.get("presence")
        return snapshot.holder(entity) if snapshot is not None else None

    def _notified(self, tables: frozenset[str]) -> None:
        """From the LISTEN thread: hand the changed tables to the UI thread."""
        self.app.post_message(ServiceDone(self._tables_changed, tables))

    def _tables_changed(self, tables: frozenset[str]) -> None:
        self._changed |= tables
        self.refresh(force=True)

    def _due_parts(self, changed: set[str] | frozenset[str]) -> list[str]:
        if not changed or "*" in changed:
            return list(self._loaders)
        return [part for part, tables in self._tables.items()
                if tables is None or tables & changed]

    def refresh(self, *, force: bool = False, own: OwnChange | None = None) -> None:
        """Reload the database parts in one worker; re-arms the one-shot poll when done.

        Refreshes never overlap: a request during one is remembered and runs right after it.
        `own`: this console's change that asked for the reload (see `_load_parts`).
        """
        if own is not None or force:
            self._own = own  # the last one only: with two, the marks tell it was not alone
        if self._busy:
            self._again = self._again or force
            return
        running = self._refreshing_services
        if not force and running and time.monotonic() - min(running.values()) < SERVICE_WAIT:
            # A service that reloads when done is running: that reload shows its change, and
            # one now would read everything twice beside it (issue 12: ~300 ms at 10,000
            # tickets, and the service's own reload would wait for it). A service waiting for
            # the write lock does not keep other consoles' changes from showing for long.
            self._timer = self.app.set_timer(POLL_SECONDS, self.refresh)
            return
        self._busy = True
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        now = self.now()
        watcher = self._watcher
        # Only what the LISTEN thread named (PostgreSQL); everything otherwise.
        tables, self._changed = self._changed, set()
        parts = self._due_parts(tables) if tables else list(self._loaders)
        own, self._own = self._own, None

        def load() -> dict[str, Any] | None:
            stale = time.monotonic() - self._last_load >= STALE_AFTER
            # The tables other consoles (and this one's services) wrote since the last look.
            written = watcher.changed() if watcher else frozenset({"*"})
            if not (force or written or stale):
                return None
            if stale:
                chosen = list(self._loaders)
            else:
                due = set(self._due_parts(written)) if written else set()
                if force:
                    due |= set(parts)
                chosen = [part for part in self._loaders if part in due]
            if len(chosen) == len(self._loaders):
                self._last_load = time.monotonic()
            if written:
                self._checkpoint_due = True  # see `_loaded`
            return self._load_parts(chosen, now, own, written)

        self.run_service(load, on_done=self._loaded, group="refresh")

    def _load_parts(self, chosen: list[str], now: datetime, own: OwnChange | None,
                    written: frozenset[str]) -> dict[str, Any]:
        """Load `chosen` (in the refresh worker). After this console's own change the parts
        the dispatcher looks at are shown first, and the others follow in this reload; a part
        that can follow the change (`DeltaLoader`) reads only the rows it changed when the
        database proves nothing else changed there since the last look: the marks before and
        after the change's commit are those the watcher saw before and now (SQLite only;
        PostgreSQL and any doubt read in full)."""
        stages = [[part for part in chosen if part in stage]
                  for stage in (FIRST_STAGES if own is not None else ())]
        stages = [stage for stage in stages if stage]
        staged = {part for stage in stages for part in stage}
        last = len(stages) - 1
        for n, stage in enumerate(stages):
            values = {part: self._load_part(part, now, own, written) for part in stage}
            # To the screen now; the next stage is read once this one is drawn (it would take
            # the GIL from that frame: the notify list ~10 ms, F4's day and the callbacks ~50).
            drawn = threading.Event()
            self._frame_waits.add(drawn)
            self.app.post_message(ServiceDone(
                partial(self._show_first, drawn=drawn, shown=n == last), values))
            drawn.wait(FIRST_FRAME_WAIT if n == last else STAGE_FRAME_WAIT)
            self._frame_waits.discard(drawn)
        return {part: self._load_part(part, now, own, written)
                for part in chosen if part not in staged}

    def _load_part(self, part: str, now: datetime, own: OwnChange | None,
                   written: frozenset[str]) -> Any:
        watcher = self._watcher
        delta = self._deltas.get(part)
        if (delta is not None and own is not None and watcher is not None
                and "*" not in written and own.commit.tables & delta.reads <= delta.covers
                and watcher.only(own.commit, delta.reads)):
            value = delta.load(own.ticket_ids, own.placed)
            if value is not None:
                return value
        return self._loaders[part](now)

    def _show_parts(self, values: dict[str, Any]) -> None:
        for part, value in values.items():
            self.set_part(part, value)

    def _show_first(self, values: dict[str, Any], *, drawn: threading.Event,
                    shown: bool = True) -> None:
        """A stage of an own change's first parts: shown, then drawn before the reload goes
        on. `shown`: the last stage; what waited for the first parts (`after_shown`) comes
        with it, or with an earlier stage when it needs none of the later parts."""
        self._show_parts(values)
        # Before the last stage, what needs none of the later parts (the keys typed ahead,
        # when the change opens no notify list) need not wait for them.
        self._shown(None if shown else frozenset(values))
        after_frame = getattr(self.app, "after_next_frame", None)
        if after_frame is not None:
            after_frame(drawn.set)
        else:  # an app without the frame hook (a bare test app)
            self.app.call_after_refresh(drawn.set)

    def _loaded(self, values: dict[str, Any] | None) -> None:
        self.set_part("db", DbHealth())  # the database answered
        self._show_parts(values or {})
        if self._checkpoint_due:
            # Something was written: its log goes into the database file now, in a worker,
            # not in the commit of the dispatcher's next change (console.db.checkpoint_wal).
            self._checkpoint_due = False
            self.run_service(service("console.db", "checkpoint_wal"), group="checkpoint")
        self.arm()

    @staticmethod
    def failure_text(error: BaseException) -> str:
        """What a database failure means, as a sentence key (screens do not import the db)."""
        from console.db import describe_failure

        return describe_failure(error)

    def database_failed(self, error: BaseException) -> None:
        from console.db import describe_failure

        self.set_part("db", DbHealth(describe_failure(error)))

    def arm(self) -> None:
        """Schedule the next poll; also called after a failed refresh so polling goes on."""
        self._busy = False
        if self._again:
            self._again = False
            self.refresh(force=True, own=self._own)  # a change asked for it meanwhile
            return
        self._shown()  # a reload without first parts (or a failed one) is over
        if self._after_reload:  # the changes are shown: once drawn, the collector may run
            holds, self._after_reload = self._after_reload, []
            self.app.call_after_refresh(self._release_holds, holds)
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(POLL_SECONDS, self.refresh)

    def stop(self) -> None:
        self._gc.release_all()  # a service still running when the console closes
        for drawn in list(self._frame_waits):
            drawn.set()  # no frame comes any more: a reload waiting for one goes on now
        if "presence" in self._loaders:
            _leave(self.ctx.console_id)
        if self._listener is not None:
            self._listener.stop()
        if self._watcher is not None:
            self._watcher.close()
