"""Who works when (R3, D8, D9): deactivating a technician and his days off, with a re-plan.

The planner respects the change at once: the technician's pinned visits on the days he no
longer works lose their pin and booked cells, his assignments are lifted, and the re-plan puts
those visits elsewhere; clients whose told time moves too far go on the notify list (D9).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from console.db import write_transaction
from console.models import BookingCell, Technician, TechnicianDayOff, Ticket, Visit
from console.rules.calendar import WorkingCalendar
from console.rules.normalize import clean_text
from console.rules.visits import ERR_RANGE_BACKWARDS, ERR_RANGE_LONG, day_range
from console.services import audit
from console.services.rows import tuples
from console.services.schedule import ReplanResult, replan
from console.services.technicians import TechnicianError, TechnicianNotFound
from console.statuses import OPEN_TICKETS, VisitStatus


def _technician(technician_id: int) -> Technician:
    tech = Technician.get_or_none(Technician.id == technician_id)
    if tech is None:
        raise TechnicianNotFound("No such technician")
    return tech


def _release(technician_id: int, lo: datetime | None = None, hi: datetime | None = None) -> int:
    """Unpin and unbook the technician's planned visits (in [lo, hi) when given): the planner
    places them again. Returns how many were released."""
    query = Visit.select(Visit.id, Visit.ticket).where(
        Visit.technician == technician_id, Visit.status == VisitStatus.PLANNED)
    if lo is not None and hi is not None:
        query = query.where(Visit.start < hi, Visit.end > lo)
    rows = list(tuples(query))
    if rows:
        ids = [vid for vid, _ in rows]
        BookingCell.delete().where(BookingCell.visit.in_(ids)).execute()
        Visit.update(status=VisitStatus.CANCELLED).where(Visit.id.in_(ids)).execute()
        Ticket.update(pinned=False, version=Ticket.version + 1).where(
            Ticket.id.in_([tid for _, tid in rows])).execute()
    return len(rows)


def _on_site(technician_id: int, lo: datetime | None = None,
             hi: datetime | None = None) -> bool:
    query = Visit.select().where(Visit.technician == technician_id,
                                 Visit.status == VisitStatus.IN_PROGRESS)
    if lo is not None and hi is not None:
        query = query.where(Visit.start < hi, Visit.end > lo)
    return query.exists()


def set_active(technician_id: int, active: bool, *, operator: str, calendar: WorkingCalendar,
               now: datetime) -> ReplanResult:
    """Deactivate (his visits are re-planned) or bring a technician back."""
    with write_transaction():
        tech = _technician(technician_id)
        if not active and _on_site(technician_id):
            raise TechnicianError("The technician is on site: close that visit first")
        Technician.update(active=active).where(Technician.id == technician_id).execute()
        released = 0
        if not active:
            released = _release(technician_id)
            # An assignment to someone who no longer works would leave the ticket unplaced.
            Ticket.update(technician=None, version=Ticket.version + 1).where(
                Ticket.technician == technician_id,
                Ticket.status.in_(OPEN_TICKETS)).execute()
        audit.record(operator, "technician_activated" if active else "technician_deactivated",
                     "technician", technician_id, {"name": tech.name, "released": released},
                     at=now)
        return replan(calendar, now)


def set_days_off(technician_id: int, first: date, last: date, reason: str, *, operator: str,
                 calendar: WorkingCalendar, now: datetime) -> ReplanResult:
    """Days off (leave, sickness) from `first` to `last` inclusive, with a reason."""
    reason = clean_text(reason, limit=200)
    _check_range(first, last)
    if not reason:
        raise TechnicianError("Give the reason for the days off (leave, sickness)")
    with write_transaction():
        tech = _technician(technician_id)
        lo, hi = day_range(first, calendar)[0], day_range(last, calendar)[1]
        if _on_site(technician_id, lo, hi):
            raise TechnicianError("The technician is on site that day: close that visit first")
        day = first
        while day <= last:
            TechnicianDayOff.insert(technician=technician_id, day=day, reason=reason) \
                .on_conflict(conflict_target=[TechnicianDayOff.technician, TechnicianDayOff.day],
                             update={TechnicianDayOff.reason: reason}).execute()
            day += timedelta(days=1)
        released = _release(technician_id, lo, hi)
        audit.record(operator, "technician_days_off", "technician", technician_id,
                     {"name": tech.name, "from": first, "to": last, "reason": reason,
                      "released": released}, at=now)
        return replan(calendar, now)


def clear_days_off(technician_id: int, first: date, last: date, *, operator: str,
                   calendar: WorkingCalendar,
                   now: datetime) -> ReplanResult:
    """The technician works again on these days."""
    _check_range(first, last)
    with write_transaction():
        tech = _technician(technician_id)
        gone = TechnicianDayOff.delete().where(
            TechnicianDayOff.technician == technician_id, TechnicianDayOff.day >= first,
            TechnicianDayOff.day <= last).execute()
        audit.record(operator, "technician_days_on", "technician", technician_id,
                     {"name": tech.name, "from": first, "to": last, "removed": gone}, at=now)
        return replan(calendar, now)


def _check_range(first: date, last: date) -> None:
    if last < first:
        raise TechnicianError(ERR_RANGE_BACKWARDS)
    if (last - first).days > 366:
        raise TechnicianError(ERR_RANGE_LONG)
