"""The technicians' day as the F4 grid shows it (R3, R4, D1, D8): plain rows, no live queries.

`load_day` reads one day in a few `.tuples()` queries: the active technicians with their day off
(if any), the open tickets the planner placed that day (planned, pinned, on site), and the visits
already settled that day (done, no-show). A visit on site past its planned end is shown, like
the planner sees it, extended in steps (`rules.visits.overrun_end`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from peewee import JOIN, Field

from console.models import (
    Act,
    Contract,
    ContractPhone,
    TaskType,
    Technician,
    TechnicianDayOff,
    Ticket,
    Visit,
)
from console.rules.calendar import WorkingCalendar
from console.rules.visits import day_range, overrun_end, short_address
from console.services.rows import tuples
from console.statuses import (
    HOLDING_VISITS,
    OPEN_TICKETS,
    TicketStatus,
    VisitOutcome,
    VisitStatus,
)

OPEN = OPEN_TICKETS


class SlotKind(StrEnum):
    """What a block on the grid shows: its visit's status, told apart by how it ended and
    whether it is pinned (not a stored value: made from the ticket's and the visit's)."""

    PLANNED = "planned"
    PINNED = "pinned"
    IN_PROGRESS = VisitStatus.IN_PROGRESS.value
    DONE = VisitOutcome.DONE.value
    NO_SHOW = VisitStatus.NO_SHOW.value
    FOLLOW_UP = VisitOutcome.FOLLOW_UP.value
    REFUSED = VisitOutcome.REFUSED.value


# Blocks whose visit may still be moved (not started), and still be closed or cancelled.
MOVABLE = (SlotKind.PLANNED, SlotKind.PINNED)
UNSETTLED = (SlotKind.PLANNED, SlotKind.PINNED, SlotKind.IN_PROGRESS)
# Blocks of a visit closed with an act (a no-show has none).
WITH_ACT = (SlotKind.DONE, SlotKind.FOLLOW_UP, SlotKind.REFUSED)


@dataclass(frozen=True, slots=True)
class SlotVisit:
    """One block on the grid: a ticket's visit on a technician's row."""

    ticket_id: int
    technician_id: int
    start: datetime
    end: datetime
    status: SlotKind
    address: str
    short_address: str
    client: str
    contract_number: str
    description: str
    responsible_name: str
    contact_phone: str
    intercom_code: str
    no_intercom: bool
    told_start: datetime | None
    told_at: datetime | None
    version: int
    task_ru: str
    task_en: str
    duration_min: int
    visit_id: int | None = None
    act_id: int | None = None
    started_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SlotTechnician:
    """A row of the grid: an active technician and his day off that day (None: he works)."""

    id: int
    name: str
    phone: str
    off_reason: str | None = None


@dataclass(frozen=True)
class DaySnapshot:
    """One day of the grid: the calendar's verdict, the technicians and their visits."""

    day: date
    working: bool
    kind: str  # rules.calendar.DayKind value
    day_name: str | None
    window: tuple[datetime, datetime] | None
    technicians: tuple[SlotTechnician, ...] = ()
    visits: tuple[SlotVisit, ...] = ()
    loaded_at: datetime | None = None
    by_tech: dict[int, tuple[SlotVisit, ...]] = field(default_factory=dict, compare=False)

    def visits_of(self, technician_id: int) -> tuple[SlotVisit, ...]:
        return self.by_tech.get(technician_id, ())


def _client(surname: str, first: str, patronymic: str, company: str | None) -> str:
    initials = "".join(f" {p[0]}." for p in (first, patronymic) if p)
    return company or f"{surname}{initials}"


def _fields() -> tuple[Field[Any], ...]:
    return (Ticket.id, Contract.address, Contract.surname, Contract.first_name,
            Contract.patronymic, Contract.company, Contract.number, Ticket.description,
            Ticket.responsible_name, Ticket.contact_phone, Ticket.intercom_code,
            Ticket.no_intercom, Ticket.told_start, Ticket.told_at, Ticket.version,
            TaskType.name_ru, TaskType.name_en, TaskType.duration_min)


def _common(row: tuple[Any, ...]) -> dict[str, Any]:
    (tid, address, surname, first, patronymic, company, number, description, responsible,
     phone, intercom, no_intercom, told_start, told_at, version, ru, en, minutes) = row
    return dict(ticket_id=tid, address=address, short_address=short_address(address),
                client=_client(surname, first, patronymic, company), contract_number=number,
                description=description, responsible_name=responsible, contact_phone=phone,
                intercom_code=intercom, no_intercom=bool(no_intercom), told_start=told_start,
                told_at=told_at, version=version, task_ru=ru, task_en=en, duration_min=minutes)


def load_day(day: date, calendar: WorkingCalendar, now: datetime) -> DaySnapshot:
    """Everything the grid shows for `day` (D1: the day in Moscow time)."""
    info = calendar.day(day)
    lo, hi = day_range(day, calendar)
    off: dict[int, str] = {
        tid: reason for tid, reason in
        tuples(TechnicianDayOff.select(TechnicianDayOff.technician, TechnicianDayOff.reason)
               .where(TechnicianDayOff.day == day))
    }
    techs = tuple(
        SlotTechnician(tid, name, phone, off.get(tid))
        for tid, name, phone in tuples(Technician.select(Technician.id, Technician.name,
                                                         Technician.phone)
               .where(Technician.active).order_by(Technician.name, Technician.id))
    )
    visits: list[SlotVisit] = []
    # Open tickets the planner placed this day; a started or pinned one from its Visit row.
    live = {
        tid: (vid, tech, start, end, started)
        for vid, tid, tech, start, end, started in tuples(
            Visit.select(Visit.id, Visit.ticket, Visit.technician, Visit.start, Visit.end,
                         Visit.started_at)
            .where(Visit.status.in_(HOLDING_VISITS), Visit.start < hi, Visit.end > lo))
    }
    query = (
        tuples(Ticket.select(*_fields(), Ticket.status, Ticket.pinned, Ticket.planned_technician,
                             Ticket.eta_start, Ticket.eta_end)
               .join(TaskType, on=(Ticket.task_type == TaskType.id)).switch(Ticket)
               .join(Contract, on=(Ticket.contract == Contract.id))
               .where(Ticket.status.in_(OPEN), Ticket.planned_technician.is_null(False),
                      Ticket.eta_start < hi, Ticket.eta_end > lo))
    )
    for row in query:
        *base, status, pinned, tech, eta_start, eta_end = row
        common = _common(tuple(base))
        visit_id, started = None, None
        start, end = eta_start, eta_end
        booked = live.get(common["ticket_id"])
        if booked is not None and (status == TicketStatus.IN_PROGRESS or pinned):
            visit_id, tech, start, end, started = booked
        if status == TicketStatus.IN_PROGRESS:
            end = overrun_end(end, now)
            kind = SlotKind.IN_PROGRESS
        else:
            kind = SlotKind.PINNED if pinned else SlotKind.PLANNED
        visits.append(SlotVisit(technician_id=tech, start=start, end=end, status=kind,
                                visit_id=visit_id, started_at=started, **common))
    # Visits settled this day: done (with any outcome) or no-show.
    settled = (
        tuples(Visit.select(*_fields(), Visit.id, Visit.technician, Visit.start, Visit.end,
                            Visit.status, Visit.outcome, Act.id, Visit.started_at,
                            Visit.finished_at)
               .join(Ticket, on=(Visit.ticket == Ticket.id))
               .join(TaskType, on=(Ticket.task_type == TaskType.id)).switch(Ticket)
               .join(Contract, on=(Ticket.contract == Contract.id)).switch(Visit)
               .join(Act, JOIN.LEFT_OUTER, on=(Act.visit == Visit.id))
               .where(Visit.status.in_((VisitStatus.DONE, VisitStatus.NO_SHOW)),
                      Visit.start < hi, Visit.end > lo))
    )
    for srow in settled:
        *base, vid, tech, start, end, status, outcome, act_id, started, finished = srow
        kind = (SlotKind.NO_SHOW if status == VisitStatus.NO_SHOW
                else SlotKind(outcome or VisitOutcome.DONE))
        if status == VisitStatus.DONE and finished is not None and finished > start:
            end = finished  # what really happened, not the plan
        visits.append(SlotVisit(technician_id=tech, start=start, end=end, status=kind,
                                visit_id=vid, act_id=act_id, started_at=started,
                                **_common(tuple(base))))
    visits.sort(key=lambda v: (v.technician_id, v.start))
    by_tech: dict[int, list[SlotVisit]] = {}
    for v in visits:
        by_tech.setdefault(v.technician_id, []).append(v)
    return DaySnapshot(
        day=day, working=info.working, kind=info.kind.value, day_name=info.name,
        window=calendar.visit_window_on(day), technicians=techs, visits=tuple(visits),
        loaded_at=now, by_tech={k: tuple(v) for k, v in by_tech.items()},
    )


def ticket_phones(ticket_id: int) -> tuple[str, ...]:
    """The phones of the ticket's contract (shown with the ticket; mobile first)."""
    rows: list[tuple[str, bool]] = [
        (phone, mobile) for phone, mobile in
        tuples(ContractPhone.select(ContractPhone.e164, ContractPhone.is_mobile)
               .join(Ticket, on=(ContractPhone.contract == Ticket.contract))
               .where(Ticket.id == ticket_id))]
    return tuple(phone for phone, _m in sorted(rows, key=lambda r: (not r[1], r[0])))


def load_today(calendar: WorkingCalendar, now: datetime) -> DaySnapshot:
    """Today's grid (the reactor keeps it current, so F4 opens with it at once)."""
    return load_day(calendar.local(now).date(), calendar, now)
