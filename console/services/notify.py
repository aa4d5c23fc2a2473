"""The notify list (D9, R11): clients whose booked visit moved, worked off one answer at a time.

A notification leaves the list only with an answer: called and agreed, SMS sent, or the client
cancels (R8 applies). "Unreachable" keeps it on the list and brings it back in 15 minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from console.db import write_transaction
from console.models import Contract, Notification, Operator, TaskType, Ticket, database
from console.reference import Policy
from console.rules.calendar import WorkingCalendar
from console.rules.normalize import format_phone
from console.services import audit
from console.services.schedule import AWAITING
from console.services.stored import stored_time
from console.services.ticket_history import Change, answered
from console.services.tickets import Outcome, TicketError, cancel
from console.statuses import OPEN_TICKETS, PENDING_NOTIFICATIONS, NotificationStatus

RETRY_AFTER = timedelta(minutes=15)
PENDING = PENDING_NOTIFICATIONS
ANSWERS = (NotificationStatus.CALLED, NotificationStatus.SMS, NotificationStatus.UNREACHABLE,
           NotificationStatus.CLIENT_CANCELS)


class NotifyItem(NamedTuple):
    """One client to tell, with everything the dispatcher reads out.

    A named tuple: the list is read again after every change, and a thousand frozen
    dataclasses cost ~6 ms to make (issue 12)."""

    id: int
    ticket_id: int
    client: str
    phone: str  # formatted for dialling
    old_start: datetime | None
    new_start: datetime | None
    reason: str
    status: str
    attempts: int
    retry_at: datetime | None
    # For the arrival window read out (R3, R10, D8): the work's length, the client's time.
    duration_min: int = 0
    desired_at: datetime | None = None

    def due(self, now: datetime) -> bool:
        return self.retry_at is None or self.retry_at <= now


@dataclass(frozen=True)
class NotifySnapshot:
    """The reactor's `notify` part."""

    items: tuple[NotifyItem, ...] = ()

    def due_count(self, now: datetime) -> int:
        return sum(1 for item in self.items if item.due(now))


def load_notify(_now: datetime | None = None) -> NotifySnapshot:
    # The driver's rows, the times converted by console.services.stored (peewee's per-field
    # conversion was half of the load at a thousand owed calls).
    rows = (
        database.execute(Notification.select(
                   Notification.id, Notification.ticket, Contract.surname, Contract.first_name,
                   Contract.patronymic, Contract.company, Ticket.responsible_name,
                   Ticket.contact_phone,
                   Notification.old_start, Notification.new_start, Notification.reason,
                   Notification.status, Notification.attempts, Notification.retry_at,
                   TaskType.duration_min, Ticket.desired_at,
               )
               .join(Ticket)
               .join(Contract)
               .switch(Ticket)
               .join(TaskType)
               .where(Notification.status.in_(PENDING), Ticket.status.in_(OPEN_TICKETS))
               .order_by(Notification.retry_at.asc(nulls="first"), Notification.new_start,
                         Notification.id))
    )
    # The list comes back mostly as it was (a change adds or updates a few of ~1,000 owed
    # calls): an item whose row reads the same is the one made last time (issue 12).
    global _made
    known, made = _made, {}
    items = []
    for row in rows:
        item = known.get(row)
        if item is None:
            item = _item(*row)
        made[row] = item
        items.append(item)
    _made = made  # only this read's rows are kept: the cache never outgrows the list
    return NotifySnapshot(tuple(items))


# The last read's driver rows and the items made of them (an item depends on its row alone).
_made: dict[tuple[object, ...], NotifyItem] = {}


def _item(nid: int, tid: int, surname: str, first: str, patronymic: str, company: str,
          responsible: str, phone: str, old: str | datetime | None, new: str | datetime | None,
          reason: str, status: str, attempts: int, retry_at: str | datetime | None,
          duration_min: int, desired_at: str | datetime | None) -> NotifyItem:
    holder = " ".join(p for p in (surname, first, patronymic) if p)
    client = responsible or (f"{company} ({holder})" if company else holder)
    return NotifyItem(nid, tid, client, format_phone(phone) if phone else "",
                      stored_time(old), stored_time(new), reason, status, attempts,
                      stored_time(retry_at), duration_min, stored_time(desired_at))


class AlreadyAnswered(TicketError):
    """Another console answered this client first (item 17): who and when, for the screen."""

    def __init__(self, change: Change | None) -> None:
        self.change = change
        super().__init__("Already answered on another console")


def _pending(notification_id: int) -> Notification:
    note = Notification.get_or_none(Notification.id == notification_id)
    if note is None:
        raise TicketError("No such notification")
    if note.status not in PENDING:
        raise AlreadyAnswered(answered(notification_id))
    return note


def answer(notification_id: int, result: str, *, operator: str, calendar: WorkingCalendar,
           now: datetime,
           charge: bool | None = None, waiver_reason: str = "", policy: Policy | None = None,
           notice_at: datetime | None = None, cancelled_by: str = "client") -> Outcome | None:
    """Record the answer for one client (D9). `cancelled_by`: who cancels when the answer is
    a cancellation, the client or the responsible person (R8, D10)."""
    if result not in ANSWERS:
        raise TicketError("Unknown answer")
    if result == NotificationStatus.CLIENT_CANCELS:
        note = _pending(notification_id)
        # R8: we moved the visit, so the time they had is no appointment to keep: no charge.
        outcome = cancel(note.ticket_id, "клиент отменил при оповещении о переносе",
                         version=None, operator=operator, calendar=calendar, now=now,
                         charge=charge, waiver_reason=waiver_reason, policy=policy,
                         notice_at=notice_at, cancelled_by=cancelled_by,
                         after_our_move=True)
        with write_transaction():
            _close(note, NotificationStatus.CLIENT_CANCELS, operator, now)
        return outcome
    with write_transaction():
        note = _pending(notification_id)
        if result == NotificationStatus.UNREACHABLE:
            note.status, note.attempts = NotificationStatus.UNREACHABLE, note.attempts + 1
            note.retry_at = now + RETRY_AFTER
            note.save()
            audit.record(operator, "notify_unreachable", "ticket", note.ticket_id,
                         {"attempts": note.attempts}, at=now)
            return None
        ticket = Ticket.get_by_id(note.ticket_id)
        if note.new_start != ticket.eta_start:
            raise TicketError("The visit moved again: read the list again before calling")
        if note.new_start is None:
            # "We will call you back with a new time": what they were told stays (R8 counts
            # from it) and the call is owed again once the visit has a slot.
            _close(note, AWAITING, operator, now)
            return None
        # Called or SMS: the client now knows the new time (R10) and so when the work should
        # be done (D15: arrival + the work's length, stored as told).
        minutes = ticket.task_type.duration_min
        Ticket.update(told_start=note.new_start, told_at=now, told_duration_min=minutes,
                      told_due=note.new_start + timedelta(minutes=minutes)).where(
            Ticket.id == note.ticket_id
        ).execute()
        _close(note, result, operator, now)
    return None


def _close(note: Notification, result: str, operator: str, now: datetime) -> None:
    note.status, note.resolved_at = result, now
    note.resolved_by = Operator.get_or_none(Operator.login == operator)  # D14
    note.attempts += 1
    note.save()
    audit.record(operator, f"notify_{result}", "ticket", note.ticket_id,
                 {"old": note.old_start, "new": note.new_start}, at=now)
