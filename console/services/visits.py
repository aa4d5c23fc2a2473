"""Visits on the technicians' day (R3, R4, R8, D8-D10, D18): book, move, no-show, the day close.

Each use case is one write transaction that re-checks every rule (the service is the gate) and
ends in a re-plan, like the ticket services it builds on. Booking and moving put a *pinned*
visit on a technician's time: the planner then leaves it there (D8) and moves what it can
around it, and clients whose told time moved too far go on the notify list (D9). Two consoles
booking the same time: the write lock runs them one after the other and the second is refused
by the overlap check; the unique booking cells stop anything that slips past.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from peewee import IntegrityError

from console.db import write_transaction
from console.models import (
    BookingCell,
    Charge,
    Contract,
    Operator,
    PriceItem,
    TaskType,
    Technician,
    TechnicianDayOff,
    Ticket,
    Visit,
)
from console.reference import Policy
from console.rules.calendar import WorkingCalendar
from console.rules.visits import (
    PlacementRefused,
    check_placement,
    day_range,
    overrun_end,
    short_address,
)
from console.services import audit
from console.services.rows import tuples
from console.services.schedule import held_visits
from console.services.tickets import (
    LATE_CANCEL_ITEM,
    ChargeDecisionNeeded,
    Outcome,
    TicketError,
    _close_notifications,
    _finish,
    _load,
    _save,
    _unbook,
    cell_rows,
)
from console.statuses import HOLDING_VISITS, OPEN_TICKETS, TicketStatus, VisitOutcome, VisitStatus

HOLDING = HOLDING_VISITS


def _holding(technician_id: int, day: date, calendar: WorkingCalendar, now: datetime,
             exclude_ticket: int) -> list[tuple[int, datetime, datetime]]:
    """The technician's visits that hold time that day: pinned and on site (overrun included),
    and told ones whose time has come (held for "on site" or the day close). Other planned,
    unpinned visits are not here: the planner moves them out of the way (D8)."""
    lo, hi = day_range(day, calendar)
    rows = (
        tuples(Visit.select(Visit.ticket, Visit.start, Visit.end, Visit.status)
               .where(Visit.technician == technician_id, Visit.status.in_(HOLDING),
                      Visit.ticket != exclude_ticket, Visit.start < hi + timedelta(hours=12),
                      Visit.end > lo))
    )
    holding = [(tid, start, overrun_end(end, now) if status == VisitStatus.IN_PROGRESS else end)
               for tid, start, end, status in rows]
    # A told visit whose time has come stays where it is until it is started or settled.
    return holding + [held for held in held_visits(technician_id, now, exclude_ticket)
                      if held[1] < hi and held[2] > lo]


def place(ticket_id: int, technician_id: int, start: datetime, *, version: int | None,
          operator: str, calendar: WorkingCalendar, now: datetime) -> Outcome:
    """Book (or move) a ticket's visit onto a technician's time, pinned there (D8).

    Refused, with nothing stored, in the past, outside the R3 window, on a day off (R4), for a
    deactivated technician or one on leave, over another fixed visit, for a visit already
    started or a closed ticket."""
    with write_transaction():
        ticket = _load(ticket_id, version)
        if ticket.status == TicketStatus.IN_PROGRESS:
            raise TicketError("The visit has already started: it cannot be moved or reassigned")
        if ticket.status != TicketStatus.OPEN:
            raise TicketError("The ticket is already closed")
        task = TaskType.get_by_id(ticket.task_type_id)
        if not task.needs_visit:
            raise TicketError("This ticket needs no visit")
        tech = Technician.get_or_none(Technician.id == technician_id)
        if tech is None:
            raise TicketError("No such technician")
        end = start + timedelta(minutes=task.duration_min)
        day = calendar.local(start).date()
        off = TechnicianDayOff.get_or_none(TechnicianDayOff.technician == technician_id,
                                           TechnicianDayOff.day == day)
        check_placement(start, end, now=now, calendar=calendar, technician_active=tech.active,
                        technician_off=None if off is None else off.reason,
                        others=_holding(technician_id, day, calendar, now, ticket_id))
        old = (ticket.planned_technician_id, ticket.eta_start)
        _unbook(ticket_id, VisitStatus.CANCELLED)  # the visit's old place, if it had one
        visit = Visit.create(ticket=ticket_id, technician=technician_id, start=start, end=end,
                             status=VisitStatus.PLANNED)
        try:
            BookingCell.insert_many(cell_rows(technician_id, start, end, visit.id)).execute()
        except IntegrityError as exc:  # another console got there first
            raise TicketError("The technician is already booked at that time") from exc
        _save(ticket, now, pinned=True)
        audit.record(operator, "visit_booked" if old[1] is None or not ticket.pinned
                     else "visit_moved", "ticket", ticket_id,
                     {"technician": technician_id, "start": start, "from": old}, at=now)
        return _finish(ticket_id, calendar, now)


def record_no_show(ticket_id: int, *, version: int | None, operator: str, calendar: WorkingCalendar,
                   now: datetime, charge: bool | None = None, waiver_reason: str = "",
                   policy: Policy | None = None) -> Outcome:
    """D18: the technician found nobody or got no access. Item 1.1 is charged once the
    dispatcher confirms (`charge=True`), or waived with a reason; the ticket is closed."""
    with write_transaction():
        ticket = _load(ticket_id, version)
        if ticket.status not in OPEN_TICKETS:
            raise TicketError("The ticket is already closed")
        if ticket.eta_start is None or ticket.planned_technician_id is None:
            raise TicketError("The ticket has no planned visit")
        if ticket.eta_start > now:
            raise TicketError("The visit's time has not come yet")
        if ticket.told_start is None:
            # R8/D18 charge a call-out the client did not cancel in time: one whose time they
            # were never told cannot be theirs to cancel. It goes back to the planner instead.
            raise TicketError("The client was never told this visit's time: no charge "
                              "(D18). Reschedule it and tell the client the new time")
        code = policy.late_cancel_item if policy else LATE_CANCEL_ITEM
        item = PriceItem.get_or_none(PriceItem.code == code)
        if item is None:
            raise TicketError("No such price item")
        if charge is None:
            raise ChargeDecisionNeeded(ticket.told_start, item.price_kopecks)
        if not charge and not waiver_reason.strip():
            raise TicketError("A waiver needs a reason")
        visit = Visit.get_or_none(Visit.ticket == ticket_id, Visit.status.in_(HOLDING))
        if visit is None:
            visit = Visit.create(ticket=ticket_id, technician=ticket.planned_technician_id,
                                 start=ticket.eta_start, end=ticket.eta_end,
                                 status=VisitStatus.PLANNED)
        BookingCell.delete().where(BookingCell.visit == visit.id).execute()
        Visit.update(status=VisitStatus.NO_SHOW, outcome=VisitOutcome.NO_SHOW,
                     finished_at=now).where(Visit.id == visit.id).execute()
        Charge.create(
            contract=ticket.contract_id, item=item, amount_kopecks=item.price_kopecks,
            reason="no-show (D18)", ticket=ticket_id, visit=visit.id, waived=not charge,
            waiver_reason=waiver_reason.strip() or None, created_at=now,
            created_by=Operator.get_or_none(Operator.login == operator),
        )
        _save(ticket, now, status=TicketStatus.CANCELLED, cancel_reason="no-show", pinned=False)
        _close_notifications(ticket_id, now)
        audit.record(operator, "no_show_charged" if charge else "no_show_waived", "ticket",
                     ticket_id, {"kopecks": item.price_kopecks, "waiver_reason": waiver_reason},
                     at=now)
        return _finish(ticket_id, calendar, now, item.price_kopecks if charge else 0)


def reschedule(ticket_id: int, *, version: int | None, operator: str, calendar: WorkingCalendar,
               now: datetime) -> Outcome:
    """Day close: the visit did not happen today and goes back to the planner (unpinned);
    the client goes on the notify list as it moves to another day (D9)."""
    with write_transaction():
        ticket = _load(ticket_id, version)
        if ticket.status != TicketStatus.OPEN:
            raise TicketError("Only a visit that has not started can be rescheduled")
        _unbook(ticket_id, VisitStatus.CANCELLED)
        _save(ticket, now, pinned=False, settled_day=calendar.local(now).date())
        audit.record(operator, "visit_rescheduled", "ticket", ticket_id,
                     {"eta_start": ticket.eta_start}, at=now)
        return _finish(ticket_id, calendar, now)


@dataclass(frozen=True, slots=True)
class Unsettled:
    """A visit of the day that was never started or never closed (the day-close list)."""

    ticket_id: int
    version: int
    status: str  # open (never started) | in_progress (never closed)
    start: datetime
    technician: str
    client: str
    address: str
    told_start: datetime | None
    responsible: str = ""


def unsettled(calendar: WorkingCalendar, now: datetime) -> list[Unsettled]:
    """After the visit window closed on a working day: today's visits that nobody settled
    (never started, or on site and never closed). Empty before the window closes."""
    today = calendar.local(now).date()
    window = calendar.visit_window_on(today)
    if window is None or now < window[1]:
        started = _started_earlier(calendar, today)
        return started
    lo, hi = day_range(today, calendar)
    rows = (
        tuples(Ticket.select(Ticket.id, Ticket.version, Ticket.status, Ticket.eta_start,
                             Technician.name, Contract.surname, Contract.company, Contract.address,
                             Ticket.told_start, Ticket.settled_day, Ticket.pinned,
                             Ticket.responsible_name)
               .join(Technician, on=(Ticket.planned_technician == Technician.id))
               .switch(Ticket).join(Contract, on=(Ticket.contract == Contract.id))
               .where(Ticket.status.in_(OPEN_TICKETS), Ticket.eta_start < hi,
                      Ticket.eta_start >= lo - timedelta(days=30))
               .order_by(Ticket.eta_start))
    )
    out = []
    for (tid, version, status, start, tech, surname, company, address, told, settled, pinned,
         responsible) in rows:
        if status == TicketStatus.OPEN and (start < lo or settled == today or not (told or pinned)):
            continue
        out.append(Unsettled(tid, version, status, start, tech, company or surname,
                             short_address(address), told, responsible))
    return out


def _started_earlier(calendar: WorkingCalendar, today: date) -> list[Unsettled]:
    """Visits on site since an earlier day and never closed: they are always listed."""
    lo, _ = day_range(today, calendar)
    rows = (
        tuples(Ticket.select(Ticket.id, Ticket.version, Visit.start, Technician.name,
                             Contract.surname, Contract.company, Contract.address,
                             Ticket.told_start, Ticket.responsible_name)
               .join(Visit, on=((Visit.ticket == Ticket.id)
                                & (Visit.status == VisitStatus.IN_PROGRESS)))
               .join(Technician, on=(Visit.technician == Technician.id))
               .switch(Ticket).join(Contract, on=(Ticket.contract == Contract.id))
               .where(Ticket.status == TicketStatus.IN_PROGRESS, Visit.start < lo))
    )
    return [Unsettled(tid, version, TicketStatus.IN_PROGRESS, start, tech, company or surname,
                      short_address(address), told, responsible)
            for tid, version, start, tech, surname, company, address, told, responsible in rows]


def count_unsettled(calendar: WorkingCalendar, now: datetime) -> int:
    return len(unsettled(calendar, now))


__all__ = ["PlacementRefused", "place", "record_no_show", "reschedule", "unsettled"]
