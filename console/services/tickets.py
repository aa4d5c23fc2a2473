"""Ticket use cases (R6-R11, D8, D10): each is one write transaction that ends in a re-plan.

Nothing here writes an ETA by hand: every change re-plans the queue (`schedule.replan`), which
stores the new ETAs and the notify list. Edits carry the version the dispatcher saw; if another
console changed the ticket meanwhile, `StaleTicket` says what changed and nothing is stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import Enum
from typing import Any, cast

from peewee import IntegrityError

from console.db import write_transaction
from console.i18n import t
from console.models import (
    BookingCell,
    Call,
    Charge,
    Contract,
    Notification,
    Operator,
    PriceItem,
    TaskType,
    Technician,
    Ticket,
    Visit,
)
from console.reference import Policy
from console.rules import gates
from console.rules.calendar import WorkingCalendar
from console.rules.fees import CANCEL_NOTICE, is_late_cancellation, notice_minute
from console.rules.secrets import looks_like_password
from console.rules.told import UNPLACED, Told, what_to_tell
from console.rules.validation import ERR_PASSWORD, R7_CHECKLIST
from console.rules.when import PhoneHours, check_when
from console.services import audit
from console.services.overrides import has_override
from console.services.rows import first_tuple, one_tuple
from console.services.schedule import ReplanResult, replan
from console.services.ticket_history import Change, recent_changes
from console.statuses import (
    HOLDING_VISITS,
    OPEN_TICKETS,
    PENDING_NOTIFICATIONS,
    NotificationStatus,
    TicketStatus,
    VisitStatus,
)


class TicketError(ValueError):
    """A refused change; the message is an English sentence key for the UI to translate."""


class StaleTicket(TicketError):
    """Another console changed the ticket since the dispatcher looked at it."""

    def __init__(self, ticket_id: int, changes: dict[str, tuple[object, object]],
                 history: tuple[Change, ...] = ()) -> None:
        self.ticket_id = ticket_id
        self.changes = changes
        self.history = history  # the audited changes since the version seen: what and who
        super().__init__("The ticket was changed on another console")


class DuplicateOpen(TicketError):
    """The contract already has an open ticket of this task type: add to it, or confirm a
    separate one (issue 8, item 15: two tickets for one fault were saved seconds apart)."""

    def __init__(self, ticket_id: int, created_at: datetime) -> None:
        self.ticket_id = ticket_id
        self.created_at = created_at
        super().__init__("This contract already has an open ticket of this type")


class ChargeDecisionNeeded(TicketError):
    """R8/D10: the cancellation is late; the dispatcher must confirm the charge or waive it."""

    def __init__(self, told_start: datetime, price_kopecks: int) -> None:
        self.told_start = told_start
        self.price_kopecks = price_kopecks
        super().__init__("Late cancellation: confirm the charge or waive it with a reason")


@dataclass(frozen=True)
class Outcome:
    """What a ticket change did: the ticket's new ETA and the re-plan's effects."""

    ticket_id: int
    eta_start: datetime | None
    eta_end: datetime | None
    replan: ReplanResult
    charged_kopecks: int = 0
    desired_at: datetime | None = None
    told: Told | None = None  # D15: what the caller was told, as stored

    @property
    def changed_tickets(self) -> frozenset[int]:
        """Every ticket row the change's transaction wrote: the ticket and the ETAs its re-plan
        moved (the reactor re-reads only these, see `queue_view.load_queue_delta`)."""
        return self.replan.written | {self.ticket_id}

    @property
    def placed_etas(self) -> dict[int, tuple[Any, Any, Any]]:
        """The changed tickets only the re-plan's ETA update wrote, with what it stored
        (technician, start, end): the reactor need not read them again."""
        placed = self.replan.placed
        if self.ticket_id not in placed:
            return placed
        return {tid: stored for tid, stored in placed.items() if tid != self.ticket_id}


WATCHED = ("priority", "status", "technician_id", "pinned", "desired_at", "eta_start")


def _load(ticket_id: int, version: int | None) -> Ticket:
    ticket = Ticket.get_or_none(Ticket.id == ticket_id)
    if ticket is None:
        raise TicketError("No such ticket")
    if version is not None and ticket.version != version:
        # What changed and who changed it: the audited changes since the version seen.
        raise StaleTicket(ticket_id, {}, recent_changes(ticket_id, ticket.version - version))
    return ticket


def _close_notifications(ticket_id: int, now: datetime, operator: str = "") -> None:
    """A closed ticket has no visit to move: its pending notifications are answered by that."""
    Notification.update(status=NotificationStatus.TICKET_CLOSED, resolved_at=now,
                        resolved_by=_operator_id(operator)).where(
        Notification.ticket == ticket_id, Notification.status.in_(PENDING_NOTIFICATIONS)
    ).execute()


def _refuse_if_started(ticket: Ticket) -> None:
    if ticket.status == TicketStatus.IN_PROGRESS:
        raise TicketError("The visit has already started: it cannot be moved or reassigned")


def _save(ticket: Ticket, now: datetime, **changes: object) -> None:
    """Optimistic write: only if nobody bumped the version since `_load` (D14)."""
    changes.update(updated_at=now, version=ticket.version + 1)
    done = (
        Ticket.update(**changes)
        .where(Ticket.id == ticket.id, Ticket.version == ticket.version)
        .execute()
    )
    if not done:
        fresh = Ticket.get_by_id(ticket.id)
        diff = {
            name: (getattr(ticket, name), getattr(fresh, name))
            for name in WATCHED
            if getattr(ticket, name) != getattr(fresh, name)
        }
        history = recent_changes(ticket.id, fresh.version - ticket.version)
        raise StaleTicket(ticket.id, diff, history)
    for name, value in changes.items():
        setattr(ticket, name, value)


def _finish(ticket_id: int, calendar: WorkingCalendar, now: datetime, charged: int = 0, *,
            operator: str = "planner") -> Outcome:
    # The change wrote this ticket only (`Outcome.changed_tickets` says so to the reactor too).
    result = replan(calendar, now, operator=operator, touched=frozenset({ticket_id}))
    eta_start, eta_end, desired = (
        one_tuple(Ticket.select(Ticket.eta_start, Ticket.eta_end, Ticket.desired_at)
                  .where(Ticket.id == ticket_id))
    )
    return Outcome(ticket_id, eta_start, eta_end, result, charged, desired)


CELL = timedelta(minutes=5)
LATE_CANCEL_ITEM = "1.1"  # Price List No. 3, item 1.1: a visit not cancelled in time (R8)


def cell_rows(technician_id: int, start: datetime, end: datetime, visit_id: int
              ) -> list[dict[str, object]]:
    """BookingCell rows for a visit. Cells are on the absolute 5-minute grid the planner uses:
    two overlapping visits always share a cell key, adjacent ones never do."""
    cell = start - timedelta(minutes=start.minute % 5, seconds=start.second,
                             microseconds=start.microsecond)
    rows: list[dict[str, object]] = []
    while cell < end:
        rows.append({"technician": technician_id, "cell_start": cell, "visit": visit_id})
        cell += CELL
    return rows


def _book(ticket: Ticket, status: str) -> None:
    """Hold the technician's time in the database itself: one row per technician and
    5-minute cell under a unique key, so two consoles can never double-book (DESIGN)."""
    technician_id, start, end = ticket.planned_technician_id, ticket.eta_start, ticket.eta_end
    if technician_id is None or start is None or end is None:
        raise TicketError("The ticket has no planned visit")  # the callers checked it first
    active = Visit.status.in_(HOLDING_VISITS)
    visit = Visit.get_or_none(Visit.ticket == ticket.id, active)
    if visit is not None:
        visit.status = status
        visit.save(only=[Visit.status])
        return
    visit = Visit.create(ticket=ticket.id, technician=technician_id, start=start, end=end,
                         status=status)
    rows = cell_rows(technician_id, start, end, visit.id)
    try:
        BookingCell.insert_many(rows).execute()
    except IntegrityError as exc:
        raise TicketError("The technician is already booked at that time") from exc


def _unbook(ticket_id: int, status: str) -> None:
    visits = Visit.select(Visit.id).where(
        Visit.ticket == ticket_id, Visit.status.in_(HOLDING_VISITS)
    )
    BookingCell.delete().where(BookingCell.visit.in_(visits)).execute()
    Visit.update(status=status).where(Visit.id.in_(visits)).execute()


@dataclass(frozen=True)
class IntakeFields:
    """What the intake form (R6, R12) collects about the work, checked field by field."""

    task_type: str
    description: str
    responsible_name: str
    contact_phone: str
    contact_is_mobile: bool
    desired_at: datetime | None
    intercom_code: str
    no_intercom: bool
    billable_agreed: bool
    # R7: when each checklist item was read out (in checklist order); empty when not read.
    r7_read: tuple[datetime, ...] = field(default=(), kw_only=True)


@dataclass(frozen=True)
class NewTicket(IntakeFields):
    """A ticket to queue: the form's fields plus whose it is and where it came from."""

    contract_id: int
    channel: str = "phone"
    call_id: int | None = None
    # The call screen asks first whether the contract has an open ticket of this type (item 15);
    # imports, the demo and a confirmed second ticket do not.
    check_duplicate: bool = False
    intake_key: str | None = None  # made when the form opened: one ticket however often saved


def _already_saved(key: str, *, operator: str, now: datetime, tell: bool) -> Outcome | None:
    """The ticket an earlier save of the same form queued (a second Ctrl+S, a draft restored
    after a crash between the commit and the draft's deletion), or None. Call inside the
    write transaction. If the caller is hearing the ETA now, that is what is recorded as told.
    """
    ticket = Ticket.get_or_none(Ticket.intake_key == key)
    if ticket is None:
        return None
    if tell and ticket.eta_start is not None and ticket.status in OPEN_TICKETS:
        Ticket.update(told_start=ticket.eta_start, told_at=now).where(
            Ticket.id == ticket.id).execute()
        audit.record(operator, "eta_told", "ticket", ticket.id,
                     {"told_start": ticket.eta_start, "repeated_save": True}, at=now)
    return Outcome(ticket.id, ticket.eta_start, ticket.eta_end, ReplanResult(),
                   desired_at=ticket.desired_at)


def _operator_id(login: str) -> int | None:
    row = first_tuple(Operator.select(Operator.id).where(Operator.login == login))
    return row[0] if row else None


def check_intake(form: NewTicket, task: TaskType, *, now: datetime,
                 calendar: WorkingCalendar) -> None:
    """The rules a new ticket must meet whatever screen or script sends it (R3, R6, R7, R12)."""
    refusal = gates.r6_refusal(
        responsible_name=form.responsible_name, contact_phone=form.contact_phone,
        desired_at=form.desired_at, intercom_code=form.intercom_code,
        no_intercom=form.no_intercom, description=form.description,
        needs_visit=task.needs_visit, channel=form.channel)
    if refusal:
        raise TicketError(refusal)
    if task.billable and not form.billable_agreed:
        raise TicketError("Billable work needs the client's agreement to the prices")  # R12
    if looks_like_password(form.description):
        raise TicketError(ERR_PASSWORD)  # D13: the form flags it too; the service is the gate
    if form.desired_at is not None and task.needs_visit:
        # R3/R6: the form checks this too; a service is never the weaker gate.
        check = check_when(form.desired_at, now=now, calendar=calendar,
                           duration=timedelta(minutes=task.duration_min))
        if not check.ok:
            raise TicketError("The desired time is not a valid visit time (R3)")
    if form.channel == "callback" and form.desired_at is not None:
        # R1: a callback is a phone call, inside service hours (the dialog checks it first).
        hours = cast(WorkingCalendar, PhoneHours(calendar))  # the same questions, other hours
        check = check_when(form.desired_at, now=now, calendar=hours,
                           duration=timedelta(minutes=task.duration_min))
        if not check.ok:
            raise TicketError("A callback is a call: 10:00-18:00 on a working day (R1)")
    # R7: a visit taken on the phone is taken only once the checklist was read out.
    if (task.needs_visit and form.channel == "phone" and form.call_id is not None
            and len(form.r7_read) < len(R7_CHECKLIST)):
        raise TicketError(gates.R7_NOT_READ)


def create_ticket(form: NewTicket, *, operator: str, calendar: WorkingCalendar, now: datetime,
                  tell: bool = False, policy: Policy | None = None) -> Outcome:
    """Queue a new ticket by its Appendix No. 4 priority (R9) and re-plan (R11).

    The gate for R6/R7 (`check_intake`) and for R14/D4: a balance at or below the policy
    minimum refuses callbacks, visit tickets and any ticket taken on the phone, unless a
    supervisor's override for this call and contract is on record. A form saved again with
    the same `intake_key` gets its first ticket back, not a second one.
    """
    if form.intake_key:
        with write_transaction():
            first = _already_saved(form.intake_key, operator=operator, now=now, tell=tell)
        if first is not None:
            return first
    task = TaskType.get_or_none(TaskType.code == form.task_type)
    if task is None:
        raise TicketError("Unknown task type")
    check_intake(form, task, now=now, calendar=calendar)
    min_balance = policy.min_balance_kopecks if policy is not None else 0
    with write_transaction():
        if form.intake_key:  # saved by another worker while this one was checking
            first = _already_saved(form.intake_key, operator=operator, now=now, tell=tell)
            if first is not None:
                return first
        contract = Contract.get_or_none(Contract.id == form.contract_id)
        if contract is None:
            raise TicketError("No such contract")
        gated = task.needs_visit or form.channel in ("phone", "callback")
        if gated and not gates.balance_ok(contract.balance_kopecks, min_balance,
                                          has_override(form.call_id, contract.id)):
            raise TicketError(gates.REFUSE_BALANCE)  # R14, D4
        if form.check_duplicate:
            open_one = (Ticket.select(Ticket.id, Ticket.created_at)
                        .where(Ticket.contract == form.contract_id, Ticket.task_type == task,
                               Ticket.status.in_(OPEN_TICKETS))
                        .order_by(Ticket.id.desc()).first())
            if open_one is not None:
                raise DuplicateOpen(open_one.id, open_one.created_at)
        ticket = Ticket.create(
            intake_key=form.intake_key or None,
            contract=form.contract_id, task_type=task, priority=task.priority,
            channel=form.channel, call=form.call_id, description=form.description,
            responsible_name=form.responsible_name, contact_phone=form.contact_phone,
            contact_is_mobile=form.contact_is_mobile, desired_at=form.desired_at,
            intercom_code=form.intercom_code, no_intercom=form.no_intercom,
            billable_agreed=form.billable_agreed, created_at=now, updated_at=now,
            created_by=_operator_id(operator),
            r7_read=json.dumps([x.isoformat() for x in form.r7_read]) if form.r7_read else "",
        )
        audit.record(operator, "ticket_created", "ticket", ticket.id,
                     {"task_type": task.code, "priority": task.priority,
                      "channel": form.channel, "call": form.call_id,
                      "r7_read": [x.isoformat() for x in form.r7_read]}, at=now)
        outcome = _finish(ticket.id, calendar, now, operator=operator)
        if tell:
            outcome = _tell(outcome, task, form.desired_at, form.channel == "callback",
                            operator=operator, calendar=calendar, now=now)
        return outcome


def _tell(outcome: Outcome, task: TaskType, desired_at: datetime | None, callback: bool, *,
          operator: str, calendar: WorkingCalendar, now: datetime) -> Outcome:
    """R10/D15: what the caller hears, recorded as told in the caller's transaction, so no
    other console's re-plan can slip in between what is said and what is stored."""
    told = what_to_tell(needs_visit=task.needs_visit, eta_start=outcome.eta_start,
                        duration_min=task.duration_min, desired_at=desired_at,
                        callback=callback, now=now, calendar=calendar)
    Ticket.update(told_start=outcome.eta_start if task.needs_visit else None,
                  told_at=now, told_duration_min=told.duration_min, told_due=told.due,
                  unplaced_told=told.kind == UNPLACED).where(
        Ticket.id == outcome.ticket_id).execute()
    audit.record(operator, "eta_told", "ticket", outcome.ticket_id,
                 {"told_start": outcome.eta_start, "kind": told.kind,
                  "window": [told.window_start, told.window_end],
                  "duration_min": told.duration_min, "due": told.due}, at=now)
    return replace(outcome, told=told)


def add_to_ticket(ticket_id: int, text: str, *, operator: str, calendar: WorkingCalendar,
                  now: datetime, call_id: int | None = None) -> Outcome:
    """What the caller said goes into their open ticket instead of a second one (item 15).
    `call_id`: the call it was said in, which may then end as "ticket" (R16: the caller's
    problem is in a ticket, `calls.call_facts`)."""
    from console.rules.normalize import clean_text

    text = clean_text(text, limit=2000)
    if not text:
        raise TicketError("Give a reason")
    with write_transaction():
        ticket = _load(ticket_id, None)
        if ticket.status not in OPEN_TICKETS:
            raise TicketError("The ticket is already closed")
        stamp = calendar.local(now).strftime("%d.%m %H:%M")
        description = f"{ticket.description}\n[{stamp}, {operator}] {text}".strip()[:4000]
        _save(ticket, now, description=description)
        audit.record(operator, "ticket_added_to", "ticket", ticket_id, {"text": text}, at=now)
        call = Call.get_or_none(Call.id == call_id) if call_id is not None else None
        in_call = (call is not None and call.ended_at is None
                   and call.contract_id == ticket.contract_id)
        if call is not None and in_call:
            audit.record(operator, audit.ADDED_IN_CALL, "call", call.id, {"ticket": ticket_id},
                         at=now)
        outcome = _finish(ticket_id, calendar, now)
        if in_call and ticket.status == TicketStatus.OPEN:
            # The caller hears their ticket's time again (D15): told, and recorded as told.
            outcome = _tell(outcome, ticket.task_type, ticket.desired_at,
                            ticket.channel == "callback", operator=operator,
                            calendar=calendar, now=now)
        return outcome


def mark_told(ticket_id: int, *, operator: str, now: datetime) -> None:
    """R10: the client heard the ETA window; remember what they were told."""
    with write_transaction():
        ticket = _load(ticket_id, None)
        _save(ticket, now, told_start=ticket.eta_start, told_at=now)
        audit.record(operator, "eta_told", "ticket", ticket_id,
                     {"told_start": ticket.eta_start}, at=now)


def change_priority(ticket_id: int, priority: int, reason: str, *, version: int, operator: str,
                    calendar: WorkingCalendar, now: datetime, levels: tuple[int, ...]) -> Outcome:
    """Raise or lower a ticket (R11); a reason is required and audited."""
    if priority not in levels:
        raise TicketError("No such priority class")
    if not reason.strip():
        raise TicketError("Give a reason")
    with write_transaction():
        ticket = _load(ticket_id, version)
        old = ticket.priority
        _save(ticket, now, priority=priority, priority_reason=reason.strip())  # D17
        audit.record(operator, "priority_changed", "ticket", ticket_id,
                     {"from": old, "to": priority, "reason": reason}, at=now)
        return _finish(ticket_id, calendar, now, operator=operator)


class _Unseen(Enum):
    """No ETA given: the caller looked at none (a script, a test), so none is compared."""

    TOKEN = 0


_UNSEEN = _Unseen.TOKEN


def _same_time(a: datetime | None, b: datetime | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.astimezone(UTC) == b.astimezone(UTC)


def set_pinned(ticket_id: int, pinned: bool, *, version: int, operator: str,
               calendar: WorkingCalendar,
               now: datetime, seen_eta: datetime | _Unseen | None = _UNSEEN) -> Outcome:
    """Pin a visit at its current time and technician (D8), or let the planner move it again.

    `seen_eta` is the ETA the dispatcher looked at when pressing the key: a re-plan does not
    bump the ticket's version, so without it a visit that moved meanwhile would be pinned at a
    time nobody saw. A moved ETA is refused as a stale edit naming the new time.
    """
    with write_transaction():
        ticket = _load(ticket_id, version)
        _refuse_if_started(ticket)
        if pinned and (ticket.eta_start is None or ticket.planned_technician_id is None):
            raise TicketError("Only a ticket with a planned visit can be pinned")
        if (pinned and not isinstance(seen_eta, _Unseen)
                and not _same_time(seen_eta, ticket.eta_start)):
            raise StaleTicket(ticket_id, {"eta_start": (seen_eta, ticket.eta_start)})
        _save(ticket, now, pinned=pinned)
        if pinned:
            _book(ticket, VisitStatus.PLANNED)
        elif ticket.status == TicketStatus.OPEN:
            _unbook(ticket_id, VisitStatus.CANCELLED)
        audit.record(operator, "pinned" if pinned else "unpinned", "ticket", ticket_id,
                     {"eta_start": ticket.eta_start}, at=now)
        return _finish(ticket_id, calendar, now, operator=operator)


def assign(ticket_id: int, technician_id: int | None, *, version: int, operator: str,
           calendar: WorkingCalendar,
           now: datetime) -> Outcome:
    """Only this technician may take the ticket (None: anyone)."""
    with write_transaction():
        ticket = _load(ticket_id, version)
        _refuse_if_started(ticket)
        if technician_id is not None:
            tech = Technician.get_or_none(Technician.id == technician_id)
            if tech is None or not tech.active:
                raise TicketError("No such technician")
        # A pinned visit would keep the old technician: assigning re-opens it for the planner.
        _save(ticket, now, technician=technician_id, pinned=False)
        if ticket.status == TicketStatus.OPEN:
            _unbook(ticket_id, VisitStatus.CANCELLED)
        audit.record(operator, "assigned", "ticket", ticket_id,
                     {"technician": technician_id}, at=now)
        return _finish(ticket_id, calendar, now, operator=operator)


CANCELLED_BY = ("client", "responsible")  # R8: «клиент, либо ответственное лицо»


def cancel(ticket_id: int, reason: str, *, version: int | None, operator: str,
           calendar: WorkingCalendar,
           now: datetime, charge: bool | None = None, waiver_reason: str = "",
           policy: Policy | None = None, notice_at: datetime | None = None,
           cancelled_by: str | None = None, after_our_move: bool = False) -> Outcome:
    """Cancel a ticket. R8/D10: less than an hour before the told time, the item 1.1 charge is
    created once the dispatcher confirms (`charge=True`), or waived with a reason.
    `after_our_move`: the client cancels when told that we moved the visit (the notify list):
    the time they had is no longer the appointment, so R8 charges nothing.

    The notice counts from when the client gave it (`notice_at`: the start of the call it was
    given in, or the minute the dispatcher opened the cancellation; `now` if not given),
    compared at minute resolution, as the told time is given. `cancelled_by` records who
    asked: the client or the responsible person (R8, D10).
    """
    if not reason.strip():
        raise TicketError("Give a reason")
    if cancelled_by is not None and cancelled_by not in CANCELLED_BY:
        raise TicketError("Who cancelled: the client or the responsible person?")
    with write_transaction():
        ticket = _load(ticket_id, version)
        if ticket.status not in OPEN_TICKETS:
            raise TicketError("The ticket is already closed")
        # R8 from data/policy.toml when given (the notice and the Price List No. 3 item).
        notice = timedelta(minutes=policy.cancel_notice_min) if policy else CANCEL_NOTICE
        item = PriceItem.get_or_none(PriceItem.code == (policy.late_cancel_item if policy
                                                        else LATE_CANCEL_ITEM))
        given = notice_minute(min(notice_at, now) if notice_at is not None else now)
        told = notice_minute(ticket.told_start) if ticket.told_start is not None else None
        late = not after_our_move and is_late_cancellation(told, given, notice)
        charged = 0
        if late and item is not None:
            if charge is None:
                raise ChargeDecisionNeeded(ticket.told_start, item.price_kopecks)
            if not charge and not waiver_reason.strip():
                raise TicketError("A waiver needs a reason")
            Charge.create(
                contract=ticket.contract_id, item=item, amount_kopecks=item.price_kopecks,
                reason=reason, ticket=ticket.id, waived=not charge,
                waiver_reason=waiver_reason.strip() or None, created_at=now,
                created_by=Operator.get_or_none(Operator.login == operator),
            )
            charged = item.price_kopecks if charge else 0
            audit.record(operator, "late_cancel_charged" if charge else "late_cancel_waived",
                         "ticket", ticket_id, {"kopecks": item.price_kopecks,
                                               "waiver_reason": waiver_reason}, at=now)
        _save(ticket, now, status=TicketStatus.CANCELLED, cancel_reason=reason, pinned=False,
              cancelled_by=cancelled_by)
        _unbook(ticket_id, VisitStatus.CANCELLED)
        _close_notifications(ticket_id, now, operator)
        audit.record(operator, "ticket_cancelled", "ticket", ticket_id,
                     {"reason": reason, "late": late, "notice_at": given,
                      "cancelled_by": cancelled_by, "after_our_move": after_our_move}, at=now)
        return _finish(ticket_id, calendar, now, charged, operator=operator)


def start_visit(ticket_id: int, *, version: int | None, operator: str, calendar: WorkingCalendar,
                now: datetime, started_at: datetime | None = None) -> Outcome:
    """The technician is on site: the visit runs from this real time and is fixed (D8).
    `started_at` is a time on site reported afterwards (the day close), never in the future.

    R3 is the gate here too: work starts only inside the visit window of a working day.
    """
    when = started_at or now
    if when > now:
        raise TicketError("The time on site cannot be in the future")
    window = calendar.visit_window_on(calendar.local(when).date())
    if window is None or not window[0] <= when < window[1]:
        raise TicketError("A visit starts only inside the visit window of a working day (R3)")
    with write_transaction():
        ticket = _load(ticket_id, version)
        if ticket.status != TicketStatus.OPEN:
            raise TicketError("The ticket is already closed")
        if ticket.eta_start is None or ticket.planned_technician_id is None:
            raise TicketError("The ticket has no planned visit")
        planned_day = calendar.local(ticket.eta_start).date()
        if planned_day != calendar.local(when).date():
            # A visit of another day is not the one the technician is at: it would be pulled
            # into today over his real visits. Moved to today first (F4), it can start.
            raise TicketError(t("The visit is planned for {day}: move it to today first",
                                day=f"{planned_day:%d.%m}"))
        _save(ticket, now, status=TicketStatus.IN_PROGRESS)
        _book(ticket, VisitStatus.IN_PROGRESS)
        _retime(ticket_id, when)
        audit.record(operator, "visit_started", "ticket", ticket_id, {"on_site": when}, at=now)
        return _finish(ticket_id, calendar, now, operator=operator)


def _retime(ticket_id: int, now: datetime) -> None:
    """The visit runs from the real time on site for its planned length: its booking cells
    follow. A cell another fixed visit holds stays his (the technician is here, a fact); the
    re-plan then moves what can move."""
    visit = Visit.get(Visit.ticket == ticket_id, Visit.status == VisitStatus.IN_PROGRESS)
    start = now.replace(second=0, microsecond=0)
    end = start + (visit.end - visit.start)
    Visit.update(start=start, end=end, started_at=now).where(Visit.id == visit.id).execute()
    BookingCell.delete().where(BookingCell.visit == visit.id).execute()
    rows = cell_rows(visit.technician_id, start, end, visit.id)
    BookingCell.insert_many(rows).on_conflict_ignore().execute()


def finish_visit(ticket_id: int, act_signed_by: str, *, version: int | None, operator: str,
                 calendar: WorkingCalendar, now: datetime) -> Outcome:
    """R7: the visit ends with the act signed by the responsible person."""
    if not act_signed_by.strip():
        raise TicketError("Who signed the act?")
    with write_transaction():
        ticket = _load(ticket_id, version)
        if ticket.status != TicketStatus.IN_PROGRESS:
            raise TicketError("The visit has not started")
        _save(ticket, now, status=TicketStatus.DONE, pinned=False)
        Visit.update(act_signed_by=act_signed_by.strip(), finished_at=now).where(
            Visit.ticket == ticket_id, Visit.status == VisitStatus.IN_PROGRESS
        ).execute()
        _unbook(ticket_id, VisitStatus.DONE)
        _close_notifications(ticket_id, now, operator)
        audit.record(operator, "visit_finished", "ticket", ticket_id,
                     {"act_signed_by": act_signed_by}, at=now)
        return _finish(ticket_id, calendar, now, operator=operator)


def replan_now(*, calendar: WorkingCalendar, now: datetime,
               operator: str = "planner") -> ReplanResult:
    """A re-plan on its own (the clock passed visits, a technician went off)."""
    with write_transaction():
        return replan(calendar, now, operator=operator)



def create_and_tell(new: NewTicket, *, operator: str, calendar: WorkingCalendar, now: datetime,
                    policy: Policy | None = None) -> Outcome:
    """Queue the ticket and record that the caller heard its ETA (R10): one worker, one call."""
    return create_ticket(new, operator=operator, calendar=calendar, now=now, tell=True,
                         policy=policy)
