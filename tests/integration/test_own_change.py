"""After this console's own ticket change, F3's queue re-reads only the tickets the change wrote
(issue 12), and only when the database proves no other commit came in between (D14: another
console's change is never lost).

- `queue_view.load_queue_delta(outcome.changed_tickets)` right after a ticket service equals
  a full read of the queue, for every ticket service (R9-R11, D8);
- a commit's marks (`MarkingConnection.last_commit`) are the counters just before and after it,
  and the watcher says the change was alone only when it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.db import is_postgres_url, open_database
from console.models import Contract, Technician, Ticket, database
from console.services import queue_view, tickets
from console.services.queue_view import load_queue, load_queue_delta

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)  # Tuesday, a working day
LEVELS = (1, 2, 3, 4)


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    contracts = [Contract.create(number=f"1000000{i}", number_key=f"1000000{i}",
                                 surname=f"Иванов{i}", first_name="Иван",
                                 surname_key=f"иванов{i}", balance_kopecks=125000,
                                 address=f"г. Москва, ул. Тверская, д. {i}")
                 for i in range(1, 4)]
    for name in ("Сидоров Пётр", "Петров Иван"):
        Technician.create(name=name, phone="+79031112233")
    yield ctx, contracts
    db.close()


def _create(ctx, contract, task: str, n: int) -> tickets.Outcome:
    form = tickets.NewTicket(
        contract_id=contract.id, task_type=task, description="нет связи",
        responsible_name="Иванов Иван", contact_phone="+79031234567", contact_is_mobile=True,
        desired_at=NOW + timedelta(days=n // 4, minutes=30 * (n % 4)), intercom_code="45К1234",
        no_intercom=False, billable_agreed=True)
    return tickets.create_ticket(form, operator="tester", calendar=ctx.calendar, now=NOW)


def _queue(ctx, contracts) -> list[int]:
    ids = [_create(ctx, contracts[i % 3], task, i).ticket_id
           for i, task in enumerate(["no_link", "unstable_link", "no_link", "router_setup",
                                     "no_link", "unstable_link", "no_link", "no_link"])]
    tickets.mark_told(ids[1], operator="tester", now=NOW)
    return ids


def _version(tid: int) -> int:
    return Ticket.get_by_id(tid).version


# Each ticket service as F3, F2 or F4 calls it, on the queue `_queue` made.
CHANGES: dict[str, Callable[..., object]] = {
    "created": lambda ctx, ids, cs: _create(ctx, cs[0], "node_outage", 0),
    "raised": lambda ctx, ids, cs: tickets.change_priority(
        ids[6], 1, "авария", version=_version(ids[6]), operator="t", calendar=ctx.calendar,
        now=NOW, levels=LEVELS),
    "lowered": lambda ctx, ids, cs: tickets.change_priority(
        ids[0], 4, "подождёт", version=_version(ids[0]), operator="t", calendar=ctx.calendar,
        now=NOW, levels=LEVELS),
    "pinned": lambda ctx, ids, cs: tickets.set_pinned(
        ids[2], True, version=_version(ids[2]), operator="t", calendar=ctx.calendar, now=NOW),
    "assigned": lambda ctx, ids, cs: tickets.assign(
        ids[3], Technician.select().first().id, version=_version(ids[3]), operator="t",
        calendar=ctx.calendar, now=NOW),
    "cancelled": lambda ctx, ids, cs: tickets.cancel(
        ids[4], "решено", version=_version(ids[4]), operator="t", calendar=ctx.calendar,
        now=NOW, charge=False, waiver_reason="тест"),
    "added to": lambda ctx, ids, cs: tickets.add_to_ticket(
        ids[5], "опять нет связи", operator="t", calendar=ctx.calendar, now=NOW),
    "started": lambda ctx, ids, cs: tickets.start_visit(
        ids[1], version=None, operator="t", calendar=ctx.calendar,
        now=Ticket.get_by_id(ids[1]).eta_start.astimezone(MSK) + timedelta(minutes=1)),
    "re-planned": lambda ctx, ids, cs: tickets.replan_now(
        calendar=ctx.calendar, now=NOW + timedelta(hours=2)),
}


# The changes that move no visit of `_queue`'s (the others must, or the marks go untested).
NO_MOVES = {"raised", "pinned", "assigned", "added to"}


@pytest.mark.parametrize("change", list(CHANGES))
def test_r11_queue_after_own_change_reads_only_what_it_wrote_and_equals_a_full_read(
        env, change):
    ctx, contracts = env
    ids = _queue(ctx, contracts)
    before = load_queue()  # what the console showed before the change
    outcome = CHANGES[change](ctx, ids, contracts)
    # A ticket change names what it wrote; a re-plan alone wrote its ETAs.
    changed = getattr(outcome, "changed_tickets", None) or outcome.written  # type: ignore
    # The re-plan's ETAs patched in from what it stored, the rest read again.
    delta = load_queue_delta(changed, getattr(outcome, "placed_etas", None))
    assert delta is not None
    queue_view._db = None  # nothing kept: a first read
    full = load_queue()
    assert delta == full
    # F3's moved marks: the loader's (over the rows the change wrote) are those a comparison
    # of every row finds; a snapshot that does not follow `before` has them compared.
    moved = delta.moved_since(before)
    assert moved == full.moved_since(before)
    assert moved is delta._diff["moved"] and (moved or change in NO_MOVES)
    assert delta.city == full.city
    assert [delta.position(r.id) for r in delta.rows] == list(range(1, len(full.rows) + 1))
    assert all(delta.by_id()[r.id] is r for r in delta.rows)


def test_r11_a_re_plan_after_other_writes_does_not_claim_to_know_what_changed(env):
    """Roster changes write tickets (released visits) and then re-plan: their result must not
    name only the re-plan's ETAs as the change, or the queue would miss the rest."""
    ctx, contracts = env
    _queue(ctx, contracts)
    from console.services import roster

    result = roster.set_days_off(Technician.select().first().id, NOW.date(), NOW.date(),
                                 "болеет", operator="t", calendar=ctx.calendar, now=NOW)
    assert not hasattr(result, "changed_tickets")
    result = tickets.replan_now(calendar=ctx.calendar, now=NOW)
    assert not hasattr(result, "changed_tickets")


def test_r11_a_change_that_names_fewer_tickets_than_it_wrote_would_be_seen_by_this_test(env):
    """The comparison above can fail: a delta missing a written ticket differs from a full
    read."""
    ctx, contracts = env
    ids = _queue(ctx, contracts)
    load_queue()
    outcome = CHANGES["raised"](ctx, ids, contracts)
    delta = load_queue_delta({outcome.ticket_id})  # the re-plan's moves left out
    queue_view._db = None
    assert outcome.replan.written - {outcome.ticket_id}
    assert delta != load_queue()


def test_r11_a_placement_patched_in_wrong_would_be_seen_by_this_test(env):
    """The re-plan's stored placements are taken as they are: one that is not what the
    database holds gives a queue that differs from a full read."""
    ctx, contracts = env
    ids = _queue(ctx, contracts)
    load_queue()
    outcome = CHANGES["raised"](ctx, ids, contracts)
    placed = dict(outcome.placed_etas)
    assert placed
    tid, (planned, _start, end) = next(iter(placed.items()))
    placed[tid] = (planned, end, end)
    delta = load_queue_delta(outcome.changed_tickets, placed)
    queue_view._db = None
    assert delta != load_queue()


def test_r11_the_changed_ticket_itself_is_read_again_even_when_the_re_plan_moved_it(env):
    ctx, contracts = env
    ids = _queue(ctx, contracts)
    load_queue()
    outcome = CHANGES["raised"](ctx, ids, contracts)
    assert outcome.ticket_id in outcome.replan.placed  # raised: it moved to the front
    assert outcome.ticket_id not in outcome.placed_etas
    assert outcome.ticket_id in outcome.changed_tickets


def test_d14_a_commits_marks_tell_whether_another_commit_came_between_two_looks(env):
    """SQLite: the counters before and after this connection's commit, and the watcher's
    verdict; PostgreSQL has no marks (its notifications do not say whose commit they were),
    so the queue is always read in full there."""
    ctx, contracts = env
    ids = _queue(ctx, contracts)
    if is_postgres_url(ctx.db_target):
        assert getattr(database.connection(), "last_commit", None) is None
        return
    from console.change_marks import read_marks
    from console.sync import DataVersionWatcher

    watcher = DataVersionWatcher(ctx.db_target)
    other = sqlite3.connect(ctx.db_target)
    reads = frozenset(queue_view.READS)
    try:
        watcher.changed()  # the first look

        def own_change() -> object:
            CHANGES["raised"](ctx, ids, contracts)
            commit = database.connection().last_commit
            assert commit is not None and "ticket" in commit.tables
            assert commit.after == read_marks(other)
            assert all(commit.after[t] == commit.before.get(t, 0) + 1 for t in commit.tables)
            return commit

        commit = own_change()
        assert "ticket" in watcher.changed()
        assert watcher.only(commit, reads)  # alone: the queue may follow it row by row
        # Another console's commit (it marks as every console does) before ours ...
        other.execute("UPDATE ticket SET description = 'x', version = version + 1 WHERE id = ?",
                      (ids[0],))
        other.execute("UPDATE change_mark SET version = version + 1 WHERE name = 'ticket'")
        other.commit()
        commit = own_change()
        watcher.changed()
        assert not watcher.only(commit, reads)
        # ... or after it, before the watcher looks.
        commit = own_change()
        other.execute("UPDATE change_mark SET version = version + 1 WHERE name = 'contract'")
        other.commit()
        watcher.changed()
        assert not watcher.only(commit, reads)
        # A commit on a table the queue does not read does not matter to it.
        commit = own_change()
        other.execute("INSERT INTO change_mark (name, version) VALUES ('claim', 1) "
                      "ON CONFLICT (name) DO UPDATE SET version = version + 1")
        other.commit()
        watcher.changed()
        assert watcher.only(commit, reads)
        # Nothing new since the last look: nothing to prove a change alone with.
        assert watcher.changed() == frozenset()
        assert not watcher.only(commit, reads)
    finally:
        other.close()
        watcher.close()
