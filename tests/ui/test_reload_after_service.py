"""A service that reloads the parts when done is not doubled by a poll meanwhile (issue 12).

At 10,000 open tickets a reload reads for ~300 ms; a poll that started while an urgent ticket's
service ran read the old queue beside it, and the service's own reload then waited for it.
"""

from __future__ import annotations

import sqlite3
import threading
import time

from console.app import ConsoleApp
from console.state import POLL_SECONDS, SERVICE_WAIT
from tests.ui.pilot_helpers import settle, wait_for

SIZE = (160, 48)


async def test_a_poll_waits_for_a_running_service_whose_reload_will_follow(make_ctx):
    ctx = make_ctx()
    app = ConsoleApp(ctx)
    loads: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.state.register_loader("probe", lambda now: loads.append(now) or len(loads), 0)
        gate = threading.Event()
        app.state.run_service(gate.wait, 30, refresh=True)
        before = len(loads)
        other = sqlite3.connect(ctx.db_target)  # another console writes meanwhile
        other.execute("UPDATE operator SET name = name || '.'")
        other.commit()
        other.close()
        await pilot.pause(POLL_SECONDS * 4)
        assert len(loads) == before  # the change waits for the service's own reload
        gate.set()
        await wait_for(pilot, lambda: len(loads) > before)
        # ... after which polling goes on as before.
        after = len(loads)
        other = sqlite3.connect(ctx.db_target)
        other.execute("UPDATE operator SET name = name || '.'")
        other.commit()
        other.close()
        await wait_for(pilot, lambda: len(loads) > after, timeout=POLL_SECONDS * 12)


async def test_a_service_waiting_long_does_not_hold_other_consoles_changes_back(make_ctx):
    """A save waiting for another program's write lock (up to 30 s) must not stop live sync."""
    ctx = make_ctx()
    app = ConsoleApp(ctx)
    loads: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.state.register_loader("probe", lambda now: loads.append(now) or len(loads), 0)
        gate = threading.Event()
        app.state.run_service(gate.wait, 30, refresh=True)
        before = len(loads)
        other = sqlite3.connect(ctx.db_target)
        other.execute("UPDATE operator SET name = name || '.'")
        other.commit()
        other.close()
        try:
            for _ in range(int((SERVICE_WAIT + 3) / 0.05)):  # not wait_for: it waits for workers
                if len(loads) > before:
                    break
                await pilot.pause(0.05)
            assert len(loads) > before  # the poll went on while the service still waited
            assert not gate.is_set()
        finally:
            gate.set()


def _queue_app(make_ctx, monkeypatch, calls: list[str]):
    """A console on five open tickets, polls out of the way (only reloads that are asked for
    run), the queue's two ways of loading counted."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from console import state
    from console.db import open_database
    from console.services import queue_view, tickets
    from tests.integration.test_concurrency import _new
    from tests.ui.test_call_screen import seed

    monkeypatch.setattr(state, "POLL_SECONDS", 60.0)
    ctx = make_ctx("2026-11-24 11:00")
    seed(ctx)
    db = open_database(ctx.db_target)
    now = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    ids = [tickets.create_ticket(_new(1, "no_link", now + timedelta(days=1, minutes=30 * i)),
                                 operator="t", calendar=ctx.calendar, now=now).ticket_id
           for i in range(5)]
    db.close()
    full, delta = queue_view.load_queue, queue_view.load_queue_delta

    def counted_full(now=None):
        calls.append("full")
        return full(now)

    def counted_delta(changed, placed=None):
        value = delta(changed, placed)
        calls.append("delta" if value is not None else "delta refused")
        return value

    monkeypatch.setattr(queue_view, "load_queue", counted_full)
    monkeypatch.setattr(queue_view, "load_queue_delta", counted_delta)
    return ctx, ids, now


def _start_raise(app, ctx, ticket_id: int, now) -> None:
    """The urgent change as F3 starts it: the service in a worker, the parts reloaded after."""
    from console.models import Ticket
    from console.services import tickets

    version = Ticket.get_by_id(ticket_id).version
    app.state.run_service(tickets.change_priority, ticket_id, 1, "авария", version=version,
                          operator="t", calendar=ctx.calendar, now=now, levels=(1, 2, 3, 4),
                          refresh=True)


async def _raise(pilot, ctx, ticket_id: int, now) -> None:
    from console.models import Ticket
    from console.services import tickets

    app = pilot.app
    version = app.state.get("queue").by_id()[ticket_id].version
    assert version == Ticket.get_by_id(ticket_id).version
    app.state.run_service(tickets.change_priority, ticket_id, 1, "авария", version=version,
                          operator="t", calendar=ctx.calendar, now=now,
                          levels=(1, 2, 3, 4), refresh=True)
    await settle(pilot)


async def test_r11_own_change_shows_reading_only_the_tickets_it_wrote(make_ctx, monkeypatch):
    """Issue 12: after this console's urgent ticket, F3's queue is the last one with the
    tickets the change wrote read again: equal to a full read, without reading 10,000 rows."""
    from console.db import open_database
    from console.services import queue_view

    calls: list[str] = []
    ctx, ids, now = _queue_app(make_ctx, monkeypatch, calls)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: app.state.get("queue") is not None)
        calls.clear()
        await _raise(pilot, ctx, ids[-1], now)
        shown = app.state.get("queue")
        assert calls == ["delta"]
        assert app.state._deltas["queue"].reads == frozenset(queue_view.READS)
        assert shown.rows[0].id == ids[-1] and shown.rows[0].priority == 1
        queue_view._db = None
        db = open_database(ctx.db_target)
        try:
            assert shown == queue_view.load_queue()
        finally:
            db.close()


async def test_d14_own_change_after_another_consoles_reads_the_queue_in_full(make_ctx,
                                                                            monkeypatch):
    """Another console's commit between the last look and this console's change: the marks
    say the change was not alone, so the queue is read in full and shows both."""
    import sqlite3

    from console.change_marks import MarkingConnection

    calls: list[str] = []
    ctx, ids, now = _queue_app(make_ctx, monkeypatch, calls)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: app.state.get("queue") is not None)
        calls.clear()
        other = sqlite3.connect(ctx.db_target, factory=MarkingConnection)  # marks as ours do
        other.execute("UPDATE ticket SET description = 'искрит розетка', version = version + 1"
                      " WHERE id = ?", (ids[0],))
        other.commit()
        other.close()
        await _raise(pilot, ctx, ids[-1], now)
        shown = app.state.get("queue").by_id()
        assert calls == ["full"]
        assert shown[ids[0]].description == "искрит розетка"
        assert shown[ids[-1]].priority == 1


async def test_r11_no_full_collection_between_an_own_change_and_its_reload_shown(
        make_ctx, monkeypatch):
    """Issue 12: a full collection (100-200 ms at 10,000 tickets) landed in every other urgent
    ticket's path. The cyclic GC is off from the service's start until its reload is shown,
    then on again; a service that refuses turns it back on at once."""
    import gc

    from console.models import Ticket
    from console.services import tickets

    calls: list[str] = []
    ctx, ids, now = _queue_app(make_ctx, monkeypatch, calls)
    app = ConsoleApp(ctx)
    seen: dict[str, bool] = {}
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: app.state.get("queue") is not None)
        assert gc.isenabled()
        loader = app.state._loaders["counts"]

        def counts(now):
            seen["during the reload"] = gc.isenabled()
            return loader(now)

        app.state._loaders["counts"] = counts

        def change(*args, **kwargs):
            seen["in the service"] = gc.isenabled()
            return tickets.change_priority(*args, **kwargs)

        version = Ticket.get_by_id(ids[-1]).version
        app.state.run_service(change, ids[-1], 1, "авария", version=version, operator="t",
                              calendar=ctx.calendar, now=now, levels=(1, 2, 3, 4),
                              refresh=True)
        assert not gc.isenabled()
        await settle(pilot)
        await wait_for(pilot, gc.isenabled)
        assert seen == {"in the service": False, "during the reload": False}
        assert app.state.get("queue").rows[0].id == ids[-1]
        refused: list[Exception] = []
        app.state.run_service(tickets.change_priority, ids[-1], 2, "ошибка", version=version,
                              operator="t", calendar=ctx.calendar, now=now,
                              levels=(1, 2, 3, 4), refresh=True, on_error=refused.append)
        await settle(pilot)
        assert refused and isinstance(refused[0], tickets.StaleTicket)
        assert gc.isenabled()


async def test_r11_the_rest_of_an_own_changes_reload_is_read_after_its_first_parts_are_drawn(
        make_ctx, monkeypatch):
    """F3's queue, the notify list and the counts are drawn before F4's day and the other
    parts are read: those would take the GIL from that frame."""

    calls: list[str] = []
    ctx, ids, now = _queue_app(make_ctx, monkeypatch, calls)
    app = ConsoleApp(ctx)
    frames: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")  # the queue on screen: its change makes a frame
        await settle(pilot)
        await wait_for(pilot, lambda: app.state.get("queue") is not None)
        drawn = app._display

        def display(screen, update):
            drawn(screen, update)
            if update is not None:
                frames.append(app.state.get("queue"))

        monkeypatch.setattr(app, "_display", display)
        screen = app.screen
        show = screen.show_queue

        def slow_show(snapshot):  # a UI thread slower than the worker's next read
            time.sleep(0.1)
            show(snapshot)

        app.state.signal("queue").unsubscribe(screen)
        app.state.signal("queue").subscribe(screen, slow_show)
        loader = app.state._loaders["slots_today"]
        order: list[str] = []

        def slots(now):
            queue = app.state.get("queue")
            order.append("rest read, the change drawn: "
                         f"{queue.rows[0].id == ids[-1] and queue in frames}")
            return loader(now)

        app.state._loaders["slots_today"] = slots
        _start_raise(app, ctx, ids[-1], now)
        await settle(pilot)
        await wait_for(pilot, lambda: bool(order))
        assert order == ["rest read, the change drawn: True"]


async def test_r11_an_own_changes_reload_waits_for_its_first_stages_only(make_ctx, monkeypatch):
    """The first parts are shown and drawn a stage at a time (F3 with the counts, then the
    notify list the change may open over it); the rest of the reload then follows in one
    piece (it was held again for a frame after every three parts it read)."""
    from console.state import ConsoleState

    calls: list[str] = []
    ctx, ids, now = _queue_app(make_ctx, monkeypatch, calls)
    stages: list[tuple[str, ...]] = []
    show_first = ConsoleState._show_first

    def counted(self, values, *, drawn, shown=True):
        stages.append(tuple(values))
        show_first(self, values, drawn=drawn, shown=shown)

    monkeypatch.setattr(ConsoleState, "_show_first", counted)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: app.state.get("queue") is not None)
        assert len(app.state._loaders) > 6  # more than three parts follow the first ones
        _start_raise(app, ctx, ids[-1], now)
        await settle(pilot)
        await wait_for(pilot, lambda: app.state.get("queue").rows[0].id == ids[-1])
        assert [set(parts) for parts in stages] == [{"queue", "counts"}, {"notify"}]


async def test_r11_closing_the_reason_dialog_lets_the_change_write_first(make_ctx, monkeypatch):
    """Closing a dialog writes the presence row and deletes the dialog's draft; they wait
    until the change it confirmed has been shown instead of taking the write lock before it
    (issue 12: the change waited for both)."""
    from console.screens.dialogs import ReasonDialog
    from console.services import drafts, presence, tickets
    from console.widgets.line_table import LineTable
    from tests.ui.test_queue_screen import seed

    ctx = make_ctx("2026-11-24 11:00")
    _a, b = seed(ctx)
    started: list[str] = []
    def noted(name: str, fn):
        def wrapped(*args, **kwargs):
            started.append(name)
            return fn(*args, **kwargs)

        return wrapped

    for module, name in ((tickets, "change_priority"), (drafts, "delete_draft"),
                         (presence, "heartbeat")):
        monkeypatch.setattr(module, name, noted(name, getattr(module, name)))
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen.query_one(LineTable).move_cursor(b)
        await pilot.press("plus")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await settle(pilot)
        started.clear()
        await pilot.press(*"ВИП-клиент", "enter")
        await settle(pilot)
        await wait_for(pilot, lambda: {"delete_draft", "heartbeat"} <= set(started))
        assert started[0] == "change_priority"
        assert app.state.get("presence") is not None


async def test_a_quiet_write_does_not_wait_long_for_a_service_stuck_on_the_lock(make_ctx):
    ctx = make_ctx()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gate = threading.Event()
        written: list[str] = []
        app.state.run_service(gate.wait, 30, refresh=True)
        app.state.run_when_quiet(written.append, "draft")
        try:
            await pilot.pause(0.5)
            assert written == []  # behind the change
            for _ in range(int((SERVICE_WAIT + 3) / 0.05)):  # not wait_for: it waits for workers
                if written:
                    break
                await pilot.pause(0.05)
            assert written == ["draft"] and not gate.is_set()
        finally:
            gate.set()


async def test_r11_the_log_is_checkpointed_after_a_changes_reload(make_ctx, monkeypatch):
    """The write-ahead log goes into the database file from a worker after the reload that
    follows a change (console.db.checkpoint_wal), not in the commit of the next change."""
    from console import db as db_module

    calls: list[str] = []
    ctx, ids, now = _queue_app(make_ctx, monkeypatch, calls)
    checkpoints: list[int] = []
    checkpoint = db_module.checkpoint_wal

    def counted() -> None:
        checkpoints.append(1)
        checkpoint()

    monkeypatch.setattr(db_module, "checkpoint_wal", counted)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: app.state.get("queue") is not None)
        await settle(pilot)
        checkpoints.clear()
        _start_raise(app, ctx, ids[-1], now)
        await settle(pilot)
        await wait_for(pilot, lambda: bool(checkpoints))
        assert app.state.get("queue").rows[0].id == ids[-1]
