"""Re-planning: the only code that writes ETAs (D8), and the notify list it produces (D9).

`replan` runs inside the caller's write transaction: it reads the open queue, places it with
the pure planner, stores the changed ETAs in bulk, and puts every client whose told time moved
too far on the notify list (a pending notification per ticket, updated rather than duplicated).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from peewee import SqliteDatabase

from console.models import (
    Notification,
    Ticket,
    database,
)
from console.rules.calendar import WorkingCalendar
from console.rules.notify_diff import Move, notify_diff
from console.rules.planner import Plan, Planner
from console.services.plan_inputs import Stored, held, plan_inputs, remember_written
from console.services.rows import tuples
from console.services.stored import stored_time
from console.statuses import (
    OPEN_TICKETS,
    PENDING_NOTIFICATIONS,
    NotificationStatus,
    TicketStatus,
)

OPEN = OPEN_TICKETS
PENDING = PENDING_NOTIFICATIONS
# Told "we will call back with a new time" while the visit had no slot: owed, not yet callable.
AWAITING = NotificationStatus.AWAITING_SLOT


@dataclass(frozen=True)
class ReplanResult:
    """What a re-plan changed: ETA shifts per ticket and the notifications it raised."""

    shifts: dict[int, timedelta | None] = field(default_factory=dict)  # None: lost its slot
    notified: tuple[int, ...] = ()  # tickets whose notification is new or changed
    unplaced: dict[int, str] = field(default_factory=dict)
    # Tickets whose stored placement it rewrote. Not `changed_tickets` (see tickets.Outcome):
    # a service that re-plans may have written other tickets before (roster, for one).
    written: frozenset[int] = frozenset()
    # What it stored for each of them: (technician, start, end) as the database now gives them
    # back (SQLite: texts). The reactor patches F3's rows with these instead of reading them.
    placed: dict[int, tuple[Any, Any, Any]] = field(default_factory=dict)


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def held_visits(technician_id: int, now: datetime,
                exclude_ticket: int) -> list[tuple[int, datetime, datetime]]:
    """The technician's told visits whose time has come and that nobody started yet: the
    planner keeps them where they are (`plan_inputs.held`), so a booking must not go over them."""
    rows = tuples(Ticket.select(Ticket.id, Ticket.status, Ticket.told_start,
                                Ticket.planned_technician, Ticket.eta_start, Ticket.eta_end,
                                Ticket.settled_day)
                  .where(Ticket.planned_technician == technician_id,
                         Ticket.status == TicketStatus.OPEN,
                         Ticket.told_start.is_null(False), Ticket.eta_start <= now,
                         Ticket.id != exclude_ticket, Ticket.pinned == False))  # noqa: E712
    return [(tid, start, end) for tid, status, told, planned, start, end, settled in rows
            if held(status, told, planned, start, end, settled, now)]


def _store_etas(plan: Plan, current: dict[int, Stored]
                ) -> tuple[dict[int, timedelta | None], dict[int, tuple[Any, Any, Any]]]:
    """Write only the ETAs that changed, in one executemany; return each ticket's shift and
    what was written for each ticket (technician, start, end as stored)."""
    shifts: dict[int, timedelta | None] = {}
    params: list[tuple[Any, ...]] = []
    news: list[Stored] = []
    placements, unplaced = plan.placements, (None, None, None)
    # Starts and ends sit on the 5-minute grid: a few hundred distinct times among thousands.
    as_stored: dict[datetime, datetime | str] = {}
    text = isinstance(database.obj, SqliteDatabase)
    for tid, stored in current.items():
        placed = placements.get(tid)
        # (technician, start, end): a slice of the Placement, ~2x quicker than its fields.
        new = placed[1:] if placed is not None else unplaced
        # Aware times in different zones compare as instants: no conversion needed.
        if stored == new:
            continue
        old_start = stored[1]
        if old_start is not None and new[1] != old_start:
            # Another technician at the same time is not a move for the client.
            shifts[tid] = (new[1] - old_start) if new[1] is not None else None
        start: datetime | str | None = new[1]
        end: datetime | str | None = new[2]
        if new[1] is not None:
            start = as_stored.get(new[1]) or as_stored.setdefault(new[1], _db_time(new[1], text))
        if new[2] is not None:
            end = as_stored.get(new[2]) or as_stored.setdefault(new[2], _db_time(new[2], text))
        params.append((new[0], start, end, tid))
        news.append(new)
    if params:
        sql = "UPDATE ticket SET planned_technician_id = ?, eta_start = ?, eta_end = ? WHERE id = ?"
        executemany(sql, params)
        remember_written(params, news)
    return shifts, {tid: (planned, start, end) for planned, start, end, tid in params}


def _db_time(value: datetime, text: bool) -> datetime | str:
    naive = value.astimezone(UTC).replace(tzinfo=None)
    # SQLite stores peewee's text format; PostgreSQL takes the datetime itself.
    return str(naive) if text else naive


def executemany(sql: str, params: list[tuple[Any, ...]]) -> None:
    """One statement, many rows, through the driver (the ORM would cost ~250 µs per row)."""
    sql = sql.replace("?", database.param)
    cursor = database.cursor()
    cursor.executemany(sql, params)


def _notify(moves: list[Move], now: datetime) -> tuple[int, ...]:
    """One pending notification per moved ticket: refreshed if already on the list (D9).

    Returns the tickets whose notification is new or now says a different time: only news
    should bring the notify list up in front of the dispatcher.
    """
    # The calls owed are a short list; the moves of a re-plan may be a thousand told visits
    # that were already on it: read the owed ones as tuples and match them here (model
    # instances and an IN list of every move cost ~70 ms at 1,000 moves).
    moved = {m.ticket_id for m in moves}
    # The driver's rows: the times of the few that matched are converted below.
    pending = {
        tid: (nid, new_start, status)
        for nid, tid, new_start, status in database.execute(Notification.select(
            Notification.id, Notification.ticket, Notification.new_start, Notification.status,
        ).where(Notification.status.in_((*PENDING, AWAITING))))
        if tid in moved
    }
    news = []
    for move in moves:
        existing = pending.get(move.ticket_id)
        if existing is None:
            Notification.create(
                ticket=move.ticket_id, old_start=move.old, new_start=move.new,
                reason=move.reason, created_at=now,
            )
            news.append(move.ticket_id)
            continue
        nid, new_start, status = existing
        new_start = stored_time(new_start)
        if new_start != move.new or status == AWAITING:
            if status == AWAITING and move.new is not None:
                # A slot again: now the promised call can be made.
                status = NotificationStatus.PENDING
            Notification.update(new_start=move.new, reason=move.reason, status=status).where(
                Notification.id == nid).execute()
            news.append(move.ticket_id)
    return tuple(news)


def replan(calendar: WorkingCalendar, now: datetime, *, threshold: timedelta | None = None,
           operator: str = "planner", touched: frozenset[int] | None = None) -> ReplanResult:
    """Re-plan the whole open queue (call inside a write transaction).

    `touched`: every ticket the transaction wrote before (None: unknown); with it the queue
    may be read from what the last re-plan left (`plan_inputs`).

    D9: the notify threshold is policy.toml's `notify_threshold_min` (carried by the calendar).
    D15: a client told honestly that no technician could be placed goes on the notify list as
    soon as the visit has a slot (reason `placed`).
    """
    if threshold is None:
        threshold = getattr(calendar, "notify_threshold", timedelta(hours=1))
    tickets, techs, told, current, waiting = plan_inputs(now, touched)
    plan = Planner(techs, calendar, now).plan(tickets)
    shifts, placed = _store_etas(plan, current)
    moves = notify_diff(plan, told, calendar, threshold=threshold)
    moves += _newly_placed(plan, waiting)
    notified = _notify(moves, now) if moves else ()
    withdrawn = _withdraw(set(told) - {m.ticket_id for m in moves}, now)
    _follow_confirmations(plan)
    _audit_moves(operator, now, shifts, told, current, plan, notified, withdrawn)
    return ReplanResult(shifts=shifts, notified=notified, unplaced=dict(plan.unplaced),
                        written=frozenset(placed), placed=placed)


def _audit_moves(operator: str, now: datetime, shifts: dict[int, timedelta | None],
                 told: dict[int, datetime | None], current: dict[int, Stored], plan: Plan,
                 notified: tuple[int, ...], withdrawn: set[int]) -> None:
    """D14: one audit event per re-plan that moved visits a client was told, listing the
    moves and the notifications it created or withdrew."""
    moved: dict[str, list[datetime | None]] = {}
    for tid in shifts:
        if told.get(tid) is None:
            continue  # nobody was told this visit's time: a move is not news to anyone
        placed = plan.placements.get(tid)
        moved[str(tid)] = [current[tid][1], placed.start if placed else None]
    if not (moved or notified or withdrawn):
        return
    from console.services import audit  # services.audit imports nothing of ours

    audit.record(operator, "replan_moved", "queue", None,
                 {"moves": moved, "notified": list(notified), "withdrawn": sorted(withdrawn)},
                 at=now)


CONFIRM = "confirm"  # D16: an answering-machine ticket; the client has been told nothing yet
CONFIRM_WEB = "confirm_web"  # a visit taken from a HelpDesk question: nobody told them either
CONFIRMATIONS = (CONFIRM, CONFIRM_WEB)  # owed whatever the plan does; read the current time


def _follow_confirmations(plan: Plan) -> None:
    """The confirmation call reads out the visit's current time: keep it up to date."""
    for note in Notification.select().where(Notification.reason.in_(CONFIRMATIONS),
                                            Notification.status.in_((*PENDING, AWAITING))):
        placed = plan.placements.get(note.ticket_id)
        start = placed.start if placed else None
        status = note.status
        if note.status == AWAITING and start is not None:
            status = NotificationStatus.PENDING
        if _utc(note.new_start) != _utc(start) or status != note.status:
            Notification.update(new_start=start, status=status).where(
                Notification.id == note.id).execute()


PLACED = "placed"  # D15: told "no technician free yet"; now there is a slot to tell


def _newly_placed(plan: Plan, waiting: list[int]) -> list[Move]:
    return [Move(tid, None, plan.placements[tid].start, PLACED)  # type: ignore[arg-type]
            for tid in waiting if tid in plan.placements]


def _withdraw(back_in_time: set[int], now: datetime) -> set[int]:
    """The visit came back within the hour of what the client was told: the pending call is
    no longer owed, and reading out the old "new time" would be wrong (D9). Returns the
    tickets whose notification was withdrawn (for the audit)."""
    if not back_in_time:
        return set()
    # The calls owed are few, the tickets that did not move are the whole queue: select the
    # first and intersect here (an IN list of 10,000 ids cost ~100 ms to build and run).
    owed = Notification.select(Notification.ticket).where(
        Notification.status.in_((*PENDING, AWAITING)),
        Notification.reason.not_in(CONFIRMATIONS),  # D16: a confirmation is owed regardless
    )
    # The driver's rows: peewee's per-row conversion of a thousand owed calls took ~5 ms.
    withdrawn = {tid for (tid,) in database.execute(owed)} & back_in_time
    if withdrawn:
        Notification.update(status=NotificationStatus.SUPERSEDED, resolved_at=now).where(
            Notification.status.in_((*PENDING, AWAITING)),
            Notification.reason.not_in(CONFIRMATIONS),
            Notification.ticket.in_(list(withdrawn)),
        ).execute()
    return withdrawn
