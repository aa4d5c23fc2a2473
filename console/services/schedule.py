"""Re-planning: the only code that writes ETAs (D8), and the notify list it produces (D9).

`replan` runs inside the caller's write transaction: it reads the open queue, places it with
the pure planner, stores the changed ETAs in bulk, and puts every client whose told time moved
too far on the notify list (a pending notification per ticket, updated rather than duplicated).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

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
from console.rules.calendar import WorkingCalendar
from console.rules.notify_diff import Move, notify_diff
from console.rules.planner import Plan, Planner, PlanTechnician, PlanTicket
from console.rules.visits import overrun_end
from console.services.rows import tuples
from console.services.stored import stored_date, stored_time
from console.statuses import (
    HOLDING_VISITS,
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


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None


# A ticket's placement as stored: (planned technician, ETA start, ETA end).
Stored = tuple[int | None, datetime | None, datetime | None]


def plan_inputs(now: datetime) -> tuple[list[PlanTicket], list[PlanTechnician],
                                        dict[int, datetime | None], dict[int, Stored]]:
    """Open tickets and active technicians as the planner sees them, plus told and current."""
    query = (
        Ticket.select(
            Ticket.id, Ticket.priority, Ticket.created_at, TaskType.duration_min,
            TaskType.needs_visit, Ticket.desired_at, Ticket.technician, Ticket.pinned,
            Ticket.status, Ticket.planned_technician, Ticket.eta_start, Ticket.eta_end,
            Ticket.told_start, Ticket.settled_day,
        )
        .join(TaskType)
        .where(Ticket.status.in_(OPEN))
    )
    # The driver's rows, times converted by console.services.stored: peewee's per-field
    # conversion of 10,000 rows cost ~300 ms of an urgent ticket's path.
    rows: list[Any] = list(database.execute(query))
    booked = {
        ticket_id: (tech_id, start, end)
        for ticket_id, tech_id, start, end in tuples(Visit.select(
                   Visit.ticket, Visit.technician, Visit.start, Visit.end
               ).where(Visit.status.in_(HOLDING_VISITS)))
    }
    tickets: list[PlanTicket] = []
    told: dict[int, datetime | None] = {}
    current: dict[int, Stored] = {}
    # Technicians still on site somewhere: their next told visit cannot wait in place.
    started = on_site(rows)
    busy = {tech for tid, (tech, _s, _e) in booked.items() if tid in started}
    known = _PLAN_TICKETS
    if len(known) > _PLAN_TICKETS_MAX:
        known.clear()  # a bound, not an LRU: refilled by this read
    for (tid, prio, created, minutes, needs_visit, desired, tech, pinned, status, planned,
         eta_start, eta_end, told_start, settled_day) in rows:
        eta_start, eta_end = stored_time(eta_start), stored_time(eta_end)
        told_start = stored_time(told_start)
        fixed = None
        # D8: a visit in progress, or one the dispatcher pinned, is a fact, not a suggestion;
        # its booked Visit row is the truth about where it is.
        if status == TicketStatus.IN_PROGRESS or pinned:
            fixed = booked.get(tid)
            if fixed is None and planned and eta_start and eta_end:
                fixed = (planned, eta_start, eta_end)
            if fixed is not None and status == TicketStatus.IN_PROGRESS:
                # An overrunning visit keeps its technician busy; his later visits move on.
                fixed = (fixed[0], fixed[1], overrun_end(fixed[2], now))
        elif told_start is not None and planned not in busy and _held(
                status, told_start, planned, eta_start, eta_end, stored_date(settled_day), now):
            # A told visit whose time has come waits for "on site" or the day-close list
            # instead of sliding forward every minute (F4); tomorrow it is re-planned.
            fixed = (planned, eta_start, eta_end)
        if fixed is None:
            # Most of the queue reads the same on every re-plan: the same PlanTicket again.
            key = (tid, prio, created, minutes, needs_visit, desired, tech)
            ticket = known.get(key)
            if ticket is None:
                ticket = known[key] = _plan_ticket(key, None)
        else:
            ticket = _plan_ticket((tid, prio, created, minutes, needs_visit, desired, tech), fixed)
        tickets.append(ticket)
        told[tid] = told_start
        current[tid] = (planned, eta_start, eta_end)
    days_off: dict[int, set[date]] = {}
    for tech_id, day in tuples(TechnicianDayOff.select(
               TechnicianDayOff.technician, TechnicianDayOff.day
           )):
        days_off.setdefault(tech_id, set()).add(day)
    techs = [
        PlanTechnician(id=tid, days_off=frozenset(days_off.get(tid, ())))
        for (tid,) in tuples(Technician.select(Technician.id).where(Technician.active))
    ]
    return tickets, techs, told, current


# Stored ticket fields (id, priority, created, minutes, needs visit, desired, technician, as the
# driver gives them) -> the PlanTicket of a ticket that is not fixed. Shared by the worker
# threads: entries are immutable and a dict's get/set is atomic.
_PLAN_TICKETS: dict[tuple[Any, ...], PlanTicket] = {}
_PLAN_TICKETS_MAX = 50_000


def _plan_ticket(key: tuple[Any, ...],
                 fixed: tuple[int, datetime, datetime] | None) -> PlanTicket:
    tid, prio, created, minutes, needs_visit, desired, tech = key
    return PlanTicket(
        id=tid, priority=prio, created=stored_time(created), duration=timedelta(minutes=minutes),
        needs_visit=bool(needs_visit), desired=stored_time(desired), technician_id=tech,
        fixed=fixed,
    )


def on_site(rows: list[tuple[Any, ...]]) -> set[int]:
    """Ids of the tickets in progress among plan_inputs' rows."""
    return {row[0] for row in rows if row[8] == TicketStatus.IN_PROGRESS}


def held_visits(technician_id: int, now: datetime,
                exclude_ticket: int) -> list[tuple[int, datetime, datetime]]:
    """The technician's told visits whose time has come and that nobody started yet: the
    planner keeps them where they are (see `_held`), so a booking must not go over them."""
    rows = tuples(Ticket.select(Ticket.id, Ticket.status, Ticket.told_start,
                                Ticket.planned_technician, Ticket.eta_start, Ticket.eta_end,
                                Ticket.settled_day)
                  .where(Ticket.planned_technician == technician_id,
                         Ticket.status == TicketStatus.OPEN,
                         Ticket.told_start.is_null(False), Ticket.eta_start <= now,
                         Ticket.id != exclude_ticket, Ticket.pinned == False))  # noqa: E712
    return [(tid, start, end) for tid, status, told, planned, start, end, settled in rows
            if _held(status, told, planned, start, end, settled, now)]


def _held(status: str, told_start: datetime | None, planned: int | None,
          eta_start: datetime | None, eta_end: datetime | None, settled_day: date | None,
          now: datetime) -> bool:
    if status != TicketStatus.OPEN or told_start is None or not (planned and eta_start and eta_end):
        return False
    today = now.date()
    return eta_start <= now and eta_start.astimezone(now.tzinfo).date() == today and (
        settled_day != today)


def _store_etas(plan: Plan, current: dict[int, Stored]) -> dict[int, timedelta | None]:
    """Write only the ETAs that changed, in one executemany; return each ticket's shift."""
    shifts: dict[int, timedelta | None] = {}
    params: list[tuple[Any, ...]] = []
    placements, unplaced = plan.placements, (None, None, None)
    for tid, stored in current.items():
        placed = placements.get(tid)
        new = (placed.technician_id, placed.start, placed.end) if placed else unplaced
        # Aware times in different zones compare as instants: no conversion needed.
        if stored == new:
            continue
        old_start = stored[1]
        if old_start is not None:
            shifts[tid] = (new[1] - old_start) if new[1] is not None else None
        params.append((new[0], _db_time(new[1]), _db_time(new[2]), tid))
    if params:
        sql = "UPDATE ticket SET planned_technician_id = ?, eta_start = ?, eta_end = ? WHERE id = ?"
        executemany(sql, params)
    return shifts


def _db_time(value: datetime | None) -> datetime | str | None:
    if value is None:
        return None
    naive = value.astimezone(UTC).replace(tzinfo=None)
    # SQLite stores peewee's text format; PostgreSQL takes the datetime itself.
    return str(naive) if isinstance(database.obj, SqliteDatabase) else naive


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
    pending = {
        tid: (nid, new_start, status)
        for nid, tid, new_start, status in tuples(Notification.select(
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
        if new_start != move.new or status == AWAITING:
            if status == AWAITING and move.new is not None:
                # A slot again: now the promised call can be made.
                status = NotificationStatus.PENDING
            Notification.update(new_start=move.new, reason=move.reason, status=status).where(
                Notification.id == nid).execute()
            news.append(move.ticket_id)
    return tuple(news)


def replan(calendar: WorkingCalendar, now: datetime, *, threshold: timedelta | None = None,
           operator: str = "planner") -> ReplanResult:
    """Re-plan the whole open queue (call inside a write transaction).

    D9: the notify threshold is policy.toml's `notify_threshold_min` (carried by the calendar).
    D15: a client told honestly that no technician could be placed goes on the notify list as
    soon as the visit has a slot (reason `placed`).
    """
    if threshold is None:
        threshold = getattr(calendar, "notify_threshold", timedelta(hours=1))
    tickets, techs, told, current = plan_inputs(now)
    plan = Planner(techs, calendar, now).plan(tickets)
    shifts = _store_etas(plan, current)
    moves = notify_diff(plan, told, calendar, threshold=threshold)
    moves += _newly_placed(plan)
    notified = _notify(moves, now) if moves else ()
    withdrawn = _withdraw(set(told) - {m.ticket_id for m in moves}, now)
    _follow_confirmations(plan)
    _audit_moves(operator, now, shifts, told, current, plan, notified, withdrawn)
    return ReplanResult(shifts=shifts, notified=notified, unplaced=dict(plan.unplaced))


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


def _follow_confirmations(plan: Plan) -> None:
    """The confirmation call reads out the visit's current time: keep it up to date."""
    for note in Notification.select().where(Notification.reason == CONFIRM,
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


def _newly_placed(plan: Plan) -> list[Move]:
    waiting = [tid for (tid,) in tuples(Ticket.select(Ticket.id).where(
               Ticket.unplaced_told == True, Ticket.told_start.is_null(),  # noqa: E712
               Ticket.status.in_(OPEN)))]
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
        Notification.reason != CONFIRM,  # D16: a confirmation call is owed whatever the plan
    )
    withdrawn = {tid for (tid,) in tuples(owed)} & back_in_time
    if withdrawn:
        Notification.update(status=NotificationStatus.SUPERSEDED, resolved_at=now).where(
            Notification.status.in_((*PENDING, AWAITING)),
            Notification.reason != CONFIRM,
            Notification.ticket.in_(list(withdrawn)),
        ).execute()
    return withdrawn
