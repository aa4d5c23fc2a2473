"""Re-planning: the only code that writes ETAs (D8), and the notify list it produces (D9).

`replan` runs inside the caller's write transaction: it reads the open queue, places it with
the pure planner, stores the changed ETAs in bulk, and puts every client whose told time moved
too far on the notify list (a pending notification per ticket, updated rather than duplicated).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from peewee import SqliteDatabase

from console.models import (
    Notification,
    TaskType,
    Technician,
    TechnicianDayOff,
    Ticket,
    Visit,
    database,
)
from console.rules.notify_diff import notify_diff
from console.rules.planner import Plan, Planner, PlanTechnician, PlanTicket

OPEN = ("open", "in_progress")
PENDING = ("pending", "unreachable")
# Told "we will call back with a new time" while the visit had no slot: owed, not yet callable.
AWAITING = "awaiting_slot"


@dataclass(frozen=True)
class ReplanResult:
    """What a re-plan changed: ETA shifts per ticket and the notifications it raised."""

    shifts: dict[int, timedelta | None] = field(default_factory=dict)  # None: lost its slot
    notified: tuple[int, ...] = ()  # tickets whose notification is new or changed
    unplaced: dict[int, str] = field(default_factory=dict)


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


def plan_inputs(now: datetime) -> tuple[list[PlanTicket], list[PlanTechnician], dict, dict]:
    """Open tickets and active technicians as the planner sees them, plus told and current."""
    rows = (
        Ticket.select(
            Ticket.id, Ticket.priority, Ticket.created_at, TaskType.duration_min,
            TaskType.needs_visit, Ticket.desired_at, Ticket.technician, Ticket.pinned,
            Ticket.status, Ticket.planned_technician, Ticket.eta_start, Ticket.eta_end,
            Ticket.told_start,
        )
        .join(TaskType)
        .where(Ticket.status.in_(OPEN))
        .tuples()
    )
    booked = {
        ticket_id: (tech_id, start, end)
        for ticket_id, tech_id, start, end in Visit.select(
            Visit.ticket, Visit.technician, Visit.start, Visit.end
        ).where(Visit.status.in_(("planned", "in_progress"))).tuples()
    }
    tickets: list[PlanTicket] = []
    told: dict[int, datetime | None] = {}
    current: dict[int, tuple] = {}
    for (tid, prio, created, minutes, needs_visit, desired, tech, pinned, status, planned,
         eta_start, eta_end, told_start) in rows:
        fixed = None
        # D8: a visit in progress, or one the dispatcher pinned, is a fact, not a suggestion;
        # its booked Visit row is the truth about where it is.
        if status == "in_progress" or pinned:
            fixed = booked.get(tid)
            if fixed is None and planned and eta_start and eta_end:
                fixed = (planned, eta_start, eta_end)
        tickets.append(
            PlanTicket(
                id=tid, priority=prio, created=created, duration=timedelta(minutes=minutes),
                needs_visit=bool(needs_visit), desired=desired, technician_id=tech, fixed=fixed,
            )
        )
        told[tid] = told_start
        current[tid] = (planned, eta_start, eta_end)
    days_off: dict[int, set] = {}
    for tech_id, day in TechnicianDayOff.select(
        TechnicianDayOff.technician, TechnicianDayOff.day
    ).tuples():
        days_off.setdefault(tech_id, set()).add(day)
    techs = [
        PlanTechnician(id=tid, days_off=frozenset(days_off.get(tid, ())))
        for (tid,) in Technician.select(Technician.id).where(Technician.active).tuples()
    ]
    return tickets, techs, told, current


def _store_etas(plan: Plan, current: dict[int, tuple]) -> dict[int, timedelta | None]:
    """Write only the ETAs that changed, in one executemany; return each ticket's shift."""
    shifts: dict[int, timedelta | None] = {}
    params = []
    for tid, (planned, old_start, old_end) in current.items():
        placed = plan.placements.get(tid)
        new = (placed.technician_id, placed.start, placed.end) if placed else (None, None, None)
        if (planned, _utc(old_start), _utc(old_end)) == (new[0], _utc(new[1]), _utc(new[2])):
            continue
        if old_start is not None:
            shifts[tid] = (new[1] - old_start) if new[1] is not None else None
        params.append((new[0], _db_time(new[1]), _db_time(new[2]), tid))
    if params:
        sql = "UPDATE ticket SET planned_technician_id = ?, eta_start = ?, eta_end = ? WHERE id = ?"
        executemany(sql, params)
    return shifts


def _db_time(value: datetime | None):
    if value is None:
        return None
    naive = value.astimezone(UTC).replace(tzinfo=None)
    # SQLite stores peewee's text format; PostgreSQL takes the datetime itself.
    return str(naive) if isinstance(database.obj, SqliteDatabase) else naive


def executemany(sql: str, params: list[tuple]) -> None:
    """One statement, many rows, through the driver (the ORM would cost ~250 µs per row)."""
    sql = sql.replace("?", database.param)
    cursor = database.cursor()
    cursor.executemany(sql, params)


def _notify(moves, now: datetime) -> tuple[int, ...]:
    """One pending notification per moved ticket: refreshed if already on the list (D9).

    Returns the tickets whose notification is new or now says a different time: only news
    should bring the notify list up in front of the dispatcher.
    """
    pending = {
        n.ticket_id: n
        for n in Notification.select().where(
            Notification.status.in_((*PENDING, AWAITING)),
            Notification.ticket.in_([m.ticket_id for m in moves]),
        )
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
        elif existing.new_start != move.new or existing.status == AWAITING:
            existing.new_start, existing.reason = move.new, move.reason
            if existing.status == AWAITING and move.new is not None:
                existing.status = "pending"  # a slot again: now the promised call can be made
            existing.save(only=[Notification.new_start, Notification.reason,
                                Notification.status])
            news.append(move.ticket_id)
    return tuple(news)


def replan(calendar, now: datetime, *, threshold: timedelta = timedelta(hours=1)) -> ReplanResult:
    """Re-plan the whole open queue (call inside a write transaction)."""
    tickets, techs, told, current = plan_inputs(now)
    plan = Planner(techs, calendar, now).plan(tickets)
    shifts = _store_etas(plan, current)
    moves = notify_diff(plan, told, calendar, threshold=threshold)
    notified = _notify(moves, now) if moves else ()
    _withdraw(set(told) - {m.ticket_id for m in moves}, now)
    return ReplanResult(shifts=shifts, notified=notified, unplaced=dict(plan.unplaced))


def _withdraw(back_in_time: set[int], now: datetime) -> None:
    """The visit came back within the hour of what the client was told: the pending call is
    no longer owed, and reading out the old "new time" would be wrong (D9)."""
    if back_in_time:
        Notification.update(status="superseded", resolved_at=now).where(
            Notification.status.in_((*PENDING, AWAITING)),
            Notification.ticket.in_(list(back_in_time)),
        ).execute()
