"""The planner's inputs as every re-plan reads them (D8): the open queue, the booked visits
and the active technicians with their days off.

A re-plan reads the whole open queue every time: another console, a script or a restore may
have written anything since the last one, and only the database knows. What is not needed
again is the conversion of a row that reads the same as last time: turning 10,000 driver rows
into the planner's tickets cost more than the query (issue 12: ~35 of 60 ms). So each ticket's
driver row is kept with what it became, and a row equal to the one kept is that result again.
The result is a pure function of the row, so the kept rows are right for any database; those
of the last read only are kept (a ticket that left the queue is forgotten).

What depends on more than the row (a visit in progress, a pinned visit, a told visit whose time
has come: D8's fixed visits) is worked out on every read, from the rows kept and the clock.

The read itself is skipped when the database proves it would give the rows already in hand
(SQLite; issue 12: ~25-45 ms of an urgent ticket's path). After a re-plan commits, the queue's
rows as that commit left them are remembered with the change marks it left
(console/change_marks.py): the rows read, the ETAs the re-plan wrote patched in. A later change
that names the tickets it wrote (`touched`) reads only those (and the last change's) again, if
the `ticket` and `task_type` marks are still those the remembered commit left: no other
commit, of this console or another, wrote either table in between. Anything else reads in
full: PostgreSQL, a database without marks, another file at the path, a re-plan that names
nothing (the minute re-plan, a roster change), a transaction that rolled back. Like the
reactor's own-change reload, it trusts marked writers: a program that writes tickets without
marks is seen at the next full read, the minute re-plan at the latest.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple

from console.models import (
    TaskType,
    Technician,
    TechnicianDayOff,
    Ticket,
    Visit,
    database,
)
from console.rules.planner import PlanTechnician, PlanTicket
from console.rules.visits import overrun_end
from console.services.rows import tuples
from console.services.stored import stored_date, stored_time
from console.statuses import HOLDING_VISITS, OPEN_TICKETS, TicketStatus

# A ticket's placement as stored: (planned technician, ETA start, ETA end).
Stored = tuple[int | None, datetime | None, datetime | None]
# What a driver row becomes: (its PlanTicket when not fixed, told start, stored placement,
# settled day).
_Converted = tuple[PlanTicket, datetime | None, Stored, date | None]

_IN_PROGRESS = str(TicketStatus.IN_PROGRESS)
_OPEN = str(TicketStatus.OPEN)

# Ticket id -> (its driver row at the last read, what it became). Replaced whole by each read
# (a dict swap is atomic); two reads racing each keep a correct table, the last one wins.
_kept: dict[int, tuple[tuple[Any, ...], _Converted]] = {}
_kept_lock = threading.Lock()
_OPEN_STATUSES = frozenset(str(status) for status in OPEN_TICKETS)
# The marked tables whose rows the queue's read gives (visits, technicians and days off are
# read every time: a few hundred rows).
_PROVED = ("ticket", "task_type")


@dataclass
class _Remembered:
    """The queue's driver rows as a commit left them, and what proves they still are."""

    file: tuple[str, int, int]  # the database's path, device and inode
    marks: tuple[int, ...] | None  # the `_PROVED` counters that commit left (None: pending)
    rows: dict[int, tuple[Any, ...]]
    again: frozenset[int]  # the tickets its change wrote: read again next time


_remembered: _Remembered | None = None  # replaced whole; set only by a commit's callback
_pending = threading.local()  # this worker's re-plan, until its transaction commits


def _query(ids: list[int] | None = None) -> Any:
    """The planner's columns of the open queue, or of `ids` (open or not)."""
    query = (
        Ticket.select(
            Ticket.id, Ticket.priority, Ticket.created_at, TaskType.duration_min,
            TaskType.needs_visit, Ticket.desired_at, Ticket.technician, Ticket.pinned,
            Ticket.status, Ticket.planned_technician, Ticket.eta_start, Ticket.eta_end,
            Ticket.told_start, Ticket.settled_day, Ticket.unplaced_told,
        )
        .join(TaskType)
    )
    return query.where(Ticket.status.in_(OPEN_TICKETS) if ids is None else Ticket.id.in_(ids))


def _convert(row: tuple[Any, ...], ticket: PlanTicket | None) -> _Converted:
    """What a driver row becomes; `ticket`: its PlanTicket when the planner's columns (the
    first seven) read the same as in the row it was made from."""
    (tid, prio, created, minutes, needs_visit, desired, tech, _pinned, _status, planned,
     eta_start, eta_end, told_start, settled_day, _unplaced_told) = row
    if ticket is None:
        ticket = PlanTicket(
            id=tid, priority=prio, created=stored_time(created),
            duration=timedelta(minutes=minutes), needs_visit=bool(needs_visit),
            desired=stored_time(desired), technician_id=tech,
        )
    current = (planned, stored_time(eta_start), stored_time(eta_end))
    return ticket, stored_time(told_start), current, stored_date(settled_day)


def _file() -> tuple[str, int, int] | None:
    """The SQLite file the connection works on (None: PostgreSQL or no file)."""
    conn = database.connection()
    if not hasattr(conn, "on_commit"):
        return None
    # The main database's file as SQLite opened it (the configured name may be a URI).
    path = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"),
                "")
    try:
        info = os.stat(path) if path else None
    except OSError:
        info = None
    return (path, info.st_dev, info.st_ino) if info is not None else None


def _marks() -> tuple[int, ...] | None:
    from console.change_marks import read_marks  # the layer below services: SQLite only

    marks = read_marks(database.connection())
    return None if marks is None else tuple(marks.get(name, 0) for name in _PROVED)


def _read(touched: frozenset[int] | None) -> tuple[dict[int, tuple[Any, ...]],
                                                    tuple[str, int, int] | None]:
    """The open queue's driver rows by id: from the remembered ones when the database proves
    them current (see the module's docstring), else read in full."""
    file = _file()
    last = _remembered
    if (touched is not None and file is not None and last is not None and last.file == file
            and last.marks is not None and last.marks == _marks()):
        rows = dict(last.rows)
        ids = sorted(touched | last.again)
        fresh = {row[0]: row for row in database.execute(_query(ids))} if ids else {}
        for tid in ids:
            row = fresh.get(tid)
            if row is None or row[8] not in _OPEN_STATUSES:
                rows.pop(tid, None)
            else:
                rows[tid] = row
        return rows, file
    # The driver's rows, times converted by console.services.stored: peewee's per-field
    # conversion of 10,000 rows cost ~300 ms of an urgent ticket's path.
    return {row[0]: row for row in database.execute(_query())}, file


def _remember(rows: dict[int, tuple[Any, ...]], file: tuple[str, int, int] | None,
              touched: frozenset[int] | None) -> None:
    """Keep `rows` for after this transaction's commit, with the marks it leaves."""
    _pending.value = None
    if file is None or not database.in_transaction():
        return  # no commit of its own to prove the rows by
    entry = _Remembered(file, None, rows, touched or frozenset())
    _pending.value = entry
    seen = _marks()  # inside the write transaction: no other commit can come before ours

    def committed(commit: Any) -> None:
        global _remembered
        _pending.value = None
        if commit is None:
            entry.marks = seen  # it wrote nothing: the marks are those it found
        else:
            entry.marks = tuple(commit.after.get(name, 0) for name in _PROVED)
        _remembered = entry if entry.marks is not None else None

    database.connection().on_commit.append(committed)


def remember_written(updates: list[tuple[Any, ...]], placements: list[Stored]) -> None:
    """The placements the re-plan wrote, as (technician, start, end, ticket id) in the values
    stored, and as the times they are (`placements`, in the same order): the remembered rows
    read as the database now would."""
    entry = getattr(_pending, "value", None)
    if entry is None:
        return
    rows, kept = entry.rows, _kept
    for (planned, start, end, tid), placed in zip(updates, placements, strict=True):
        row = rows.get(tid)
        if row is None:
            continue
        rows[tid] = new = (*row[:9], planned, start, end, *row[12:])
        known = kept.get(tid)
        if known is not None and known[0] is row:
            # Its conversion too, so the next read does not convert the ETAs it wrote again.
            ticket, told_start, _stored, settled = known[1]
            kept[tid] = (new, (ticket, told_start, placed, settled))


class PlanInputs(NamedTuple):
    """What a re-plan starts from."""

    tickets: list[PlanTicket]
    technicians: list[PlanTechnician]
    told: dict[int, datetime | None]  # open ticket -> the start its client was told, or None
    current: dict[int, Stored]  # open ticket -> its placement as stored
    # D15: open tickets whose client was told "no technician free yet" and no time since.
    waiting: list[int]


def plan_inputs(now: datetime, touched: frozenset[int] | None = None) -> PlanInputs:
    """Open tickets and active technicians as the planner sees them, plus told and current.

    `touched`: the tickets the caller's transaction wrote (None: unknown, read in full).
    """
    global _kept
    by_id, file = _read(touched)
    _remember(by_id, file, touched)
    rows = list(by_id.values())
    booked = {
        ticket_id: (tech_id, start, end)
        for ticket_id, tech_id, start, end in tuples(Visit.select(
                   Visit.ticket, Visit.technician, Visit.start, Visit.end
               ).where(Visit.status.in_(HOLDING_VISITS)))
    }
    tickets: list[PlanTicket] = []
    told: dict[int, datetime | None] = {}
    current: dict[int, Stored] = {}
    waiting = [row[0] for row in rows if row[14] and row[12] is None]
    # Technicians still on site somewhere: their next told visit cannot wait in place.
    started = on_site(rows)
    busy = {tech for tid, (tech, _s, _e) in booked.items() if tid in started}
    last, kept = _kept, {}
    now_utc = now.astimezone(UTC)
    for row in rows:
        tid = row[0]
        known = last.get(tid)
        # The same row object when nothing was read again: `is` before comparing 15 fields.
        if known is None or (known[0] is not row and known[0] != row):
            # A re-plan rewrites a fifth of the ETAs: the ticket itself then reads the same.
            same = known is not None and known[0][:7] == row[:7]
            known = (row, _convert(row, known[1][0] if same else None))  # type: ignore[index]
        kept[tid] = known
        ticket, told_start, stored, settled = known[1]
        status, pinned = row[8], row[7]
        if status == _IN_PROGRESS or pinned or told_start is not None:
            fixed = _fixed(tid, status, pinned, told_start, stored, settled, booked, busy, now,
                           now_utc)
            if fixed is not None:
                ticket = replace(ticket, fixed=fixed)
        tickets.append(ticket)
        told[tid] = told_start
        current[tid] = stored
    with _kept_lock:
        _kept = kept
    days_off: dict[int, set[date]] = {}
    for tech_id, day in tuples(TechnicianDayOff.select(
               TechnicianDayOff.technician, TechnicianDayOff.day
           )):
        days_off.setdefault(tech_id, set()).add(day)
    techs = [
        PlanTechnician(id=tid, days_off=frozenset(days_off.get(tid, ())))
        for (tid,) in tuples(Technician.select(Technician.id).where(Technician.active))
    ]
    return PlanInputs(tickets, techs, told, current, waiting)


def _fixed(tid: int, status: str, pinned: Any, told_start: datetime | None, stored: Stored,
           settled: date | None, booked: dict[int, Any], busy: set[int],
           now: datetime, now_utc: datetime) -> tuple[int, datetime, datetime] | None:
    """Where a visit that must not move stays (D8), or None: it is the planner's to place."""
    planned, eta_start, eta_end = stored
    if status == _IN_PROGRESS or pinned:
        # D8: a visit in progress, or one the dispatcher pinned, is a fact, not a suggestion;
        # its booked Visit row is the truth about where it is.
        fixed = booked.get(tid)
        if fixed is None and planned and eta_start and eta_end:
            fixed = (planned, eta_start, eta_end)
        if fixed is not None and status == _IN_PROGRESS:
            # An overrunning visit keeps its technician busy; his later visits move on.
            fixed = (fixed[0], fixed[1], overrun_end(fixed[2], now))
        return fixed
    if planned not in busy and held(status, told_start, planned, eta_start, eta_end, settled,
                                    now, now_utc):
        # A told visit whose time has come waits for "on site" or the day-close list
        # instead of sliding forward every minute (F4); tomorrow it is re-planned.
        return (planned, eta_start, eta_end)  # type: ignore[return-value]
    return None


def on_site(rows: list[tuple[Any, ...]]) -> set[int]:
    """Ids of the tickets in progress among plan_inputs' rows."""
    return {row[0] for row in rows if row[8] == _IN_PROGRESS}


def held(status: str, told_start: datetime | None, planned: int | None,
         eta_start: datetime | None, eta_end: datetime | None, settled_day: date | None,
         now: datetime, now_utc: datetime | None = None) -> bool:
    """A told visit whose time has come today and that nobody started or settled yet.

    `now_utc`: `now` in UTC, given by a caller asking for thousands of stored (UTC) ETAs: two
    aware times of different zones compare ~30x slower than two in the same one."""
    if status != _OPEN or told_start is None or not (planned and eta_start and eta_end):
        return False
    today = now.date()
    return eta_start <= (now_utc or now) and eta_start.astimezone(now.tzinfo).date() == today and (
        settled_day != today)
