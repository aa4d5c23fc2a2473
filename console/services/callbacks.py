"""Callbacks as work items (R1, R15, D6): booked, listed, due, called, closed by their outcome.

A callback is a ticket of the `callback` task type (channel `callback`): its desired time is when
it is due, its contact phone the number to ring, its description what to discuss. Opening it
starts an outgoing call to that contract, verified by construction (the dispatcher rings the
contract's own number); the outcome of that call closes it: done, re-booked, or unreachable (tried
again 15 minutes later, inside the phone hours).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import Expression

from console.db import write_transaction
from console.models import Call, Contract, ContractPhone, Operator, TaskType, Ticket
from console.reference import Policy
from console.rules import callbacks as rules
from console.rules.calendar import WorkingCalendar
from console.rules.eligibility import Verification
from console.rules.normalize import clean_text, format_phone
from console.services import audit, calls, tickets
from console.services.calls import ContractCard, LookupResult
from console.services.rows import first_tuple, tuples
from console.statuses import CallOutcome, TicketStatus

CALLBACK = "callback"
RESULTS = ("done", "ticket", "rebooked", "unreachable")
# The call's outcome for each way a callback ends (calls.OUTCOMES).
CALL_OUTCOME = {"done": CallOutcome.SOLVED, "ticket": CallOutcome.TICKET,
                "rebooked": CallOutcome.CALLBACK, "unreachable": CallOutcome.UNREACHABLE}


class CallbackError(ValueError):
    """A refused callback action; the message is an English sentence key for the UI."""


@dataclass(frozen=True)
class CallbackItem:
    """An open callback as F3, the status bar and the call screen show it."""

    id: int
    contract_id: int
    contract_number: str
    client: str
    phone: str  # E.164
    topic: str
    due_at: datetime | None
    attempts: int
    version: int

    @property
    def phone_text(self) -> str:
        return format_phone(self.phone) if self.phone else ""


@dataclass(frozen=True)
class CallbacksSnapshot:
    """The reactor's `callbacks` part: open callbacks by due time."""

    items: tuple[CallbackItem, ...] = ()

    def due(self, now: datetime) -> tuple[CallbackItem, ...]:
        return tuple(item for item in self.items if rules.is_due(item.due_at, now))

    def get(self, ticket_id: int) -> CallbackItem | None:
        return next((item for item in self.items if item.id == ticket_id), None)


@dataclass(frozen=True)
class NewCallback:
    """What Ctrl+B asks: when, which of the contract's phones, what to discuss."""

    contract_id: int
    due_at: datetime
    phone: str  # E.164, one of the contract's phones
    topic: str
    call_id: int | None = None


@dataclass(frozen=True)
class CallbackStart:
    """An outgoing call to a callback's contract, pre-verified."""

    call_id: int
    started_at: datetime
    item: CallbackItem
    lookup: LookupResult
    surname: str  # the holder's, for the call screen's verification fields


def _items(where: Expression | bool) -> list[CallbackItem]:
    query = (
        tuples(Ticket.select(Ticket.id, Contract.id, Contract.number, Contract.surname,
                             Contract.first_name, Contract.patronymic, Contract.company,
                             Ticket.contact_phone, Ticket.description, Ticket.desired_at,
                             Ticket.callback_attempts, Ticket.version)
               .join(TaskType, on=(Ticket.task_type == TaskType.id))
               .switch(Ticket)
               .join(Contract, on=(Ticket.contract == Contract.id))
               .where(TaskType.code == CALLBACK, Ticket.status == TicketStatus.OPEN, where)
               .order_by(Ticket.desired_at, Ticket.id))
    )
    due = Ticket.desired_at.python_value
    items = []
    for (tid, cid, number, surname, first, patronymic, company, phone, topic, desired,
         attempts, version) in query:
        initials = "".join(f" {p[0]}." for p in (first, patronymic) if p)
        client = company or f"{surname}{initials}"
        items.append(CallbackItem(tid, cid, number, client, phone or "", topic or "",
                                  due(desired), attempts or 0, version))
    return items


def load_callbacks(_now: datetime | None = None) -> CallbacksSnapshot:
    return CallbacksSnapshot(tuple(_items(True)))


def book_callback(new: NewCallback, *, operator: str, calendar: WorkingCalendar, now: datetime,
                  policy: Policy | None = None
                  ) -> tickets.Outcome:
    """R15: continue the conversation later, on a phone of the contract, about something.

    The ticket service keeps its own gates for it (R14/D4 balance, R1 phone hours); the time
    is told to the caller and recorded as told (R10)."""
    topic = clean_text(new.topic, limit=rules.TOPIC_LIMIT)
    if not topic:
        raise CallbackError("Say what the callback is about")
    if new.due_at < now - timedelta(minutes=1):
        raise CallbackError("The callback time has passed")
    if not rules.in_phone_hours(new.due_at, calendar):
        raise CallbackError("Callbacks are made 10:00-18:00 on working days (R1)")
    contract = Contract.get_or_none(Contract.id == new.contract_id)
    if contract is None:
        raise CallbackError("No such contract")
    phones = {e164: bool(m) for e164, m in tuples(ContractPhone.select(
               ContractPhone.e164, ContractPhone.is_mobile).where(
               ContractPhone.contract == new.contract_id))}
    if new.phone not in phones:
        raise CallbackError("Choose one of the contract's phones")
    holder = " ".join(p for p in (contract.surname, contract.first_name, contract.patronymic)
                      if p)
    form = tickets.NewTicket(
        task_type=CALLBACK, description=topic, responsible_name=holder,
        contact_phone=new.phone, contact_is_mobile=phones[new.phone], desired_at=new.due_at,
        intercom_code="", no_intercom=True, billable_agreed=False,
        contract_id=new.contract_id, channel=CALLBACK, call_id=new.call_id,
    )
    return tickets.create_ticket(form, operator=operator, calendar=calendar, now=now,
                                 tell=True, policy=policy)


def start_callback(ticket_id: int, *, operator: str, calendar: WorkingCalendar,
                   now: datetime) -> CallbackStart:
    """Open a callback: an outgoing call to its contract, verified (the dispatcher dials the
    contract's own number), logged from its first second (R16)."""
    if not rules.in_phone_hours(now, calendar):
        raise CallbackError("Callbacks are made 10:00-18:00 on working days (R1)")
    with write_transaction():
        found = _items(Ticket.id == ticket_id)
        if not found:
            raise CallbackError("This callback is already closed")
        item = found[0]
        busy = (first_tuple(Call.select(Operator.login).join(Operator)
                            .where(Call.callback_ticket_id == ticket_id, Call.ended_at.is_null())))
        if busy is not None:
            raise CallbackError("Another console is calling this client now")
        op, _ = Operator.get_or_create(  # type: ignore[no-untyped-call]  # untyped in peewee's stubs
            login=operator, defaults={"name": operator})
        call = Call.create(
            started_at=now, operator=op, service_mode=str(calendar.service_mode(now)),
            contract=item.contract_id, verified=True, direction="out",
            callback_ticket_id=ticket_id,
        )
        audit.record(operator, "callback_started", "call", call.id,
                     {"ticket": ticket_id, "contract": item.contract_id}, at=now)
    card: ContractCard = calls.contract_card(item.contract_id)
    verification = Verification(verified=True, number_matched=True, surname_matched=True)
    surname = Contract.get_by_id(item.contract_id).surname
    return CallbackStart(call.id, now, item, LookupResult(verification, card), surname)


def finish_callback(call_id: int, result: str, *, operator: str, calendar: WorkingCalendar,
                    now: datetime,
                    new_due: datetime | None = None,
                    limit: timedelta = timedelta(minutes=15),
                    min_balance_kopecks: int = 0) -> datetime | None:
    """Close the outgoing call and the callback by its outcome; returns when it is due again
    (re-booked or unreachable) or None (done)."""
    if result not in RESULTS:
        raise CallbackError("Unknown outcome")
    with write_transaction():
        call = Call.get_or_none(Call.id == call_id)
        if call is None or call.callback_ticket_id is None:
            raise CallbackError("This call is not a callback")
        if call.ended_at is not None:
            raise CallbackError("This call has already ended")
        ticket = Ticket.get_by_id(call.callback_ticket_id)
        due: datetime | None = None
        changes: dict[str, object] = {"updated_at": now, "version": ticket.version + 1}
        if result in ("done", "ticket"):
            changes["status"] = TicketStatus.DONE
        elif result == "rebooked":
            if new_due is None or new_due < now or not rules.in_phone_hours(new_due, calendar):
                raise CallbackError("Callbacks are made 10:00-18:00 on working days (R1)")
            due = changes["desired_at"] = new_due
            changes["call"] = call_id  # booked again in this call: its outcome is "callback"
        else:  # unreachable: again in 15 minutes, inside the phone hours (R1)
            due = changes["desired_at"] = rules.retry_at(now, calendar)
            changes["callback_attempts"] = (ticket.callback_attempts or 0) + 1
        if ticket.status == TicketStatus.OPEN:
            Ticket.update(**changes).where(Ticket.id == ticket.id).execute()
        audit.record(operator, f"callback_{result}", "ticket", ticket.id,
                     {"call": call_id, "due": due}, at=now)
        # The call's own gate checks the outcome against the facts (R4, R13, R14).
        calls.end_call(call_id, CALL_OUTCOME[result], operator=operator, now=now, limit=limit,
                       calendar=calendar, min_balance_kopecks=min_balance_kopecks)
    return due
