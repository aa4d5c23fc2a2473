"""Answering-machine intake (R4, D16): messages left outside service hours, entered later.

Each message is entered with the time it was left, the contract number and surname as heard,
a phone, the problem and the desired time. A caller verified from what the message says gets a
ticket of the `answering_machine` channel and a "call to confirm" item on the notify list (nobody
has told them the time or the R7 requirements yet); an unidentified message is kept with its
phone for a callback. No phone call is recorded for a message (R16 records calls, not messages).
The dispatcher may note how many messages the machine holds; the status bar counts the ones not
entered yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from console.db import write_transaction
from console.models import (
    Contract,
    ContractPhone,
    MachineMessage,
    MachineTally,
    Notification,
    Ticket,
)
from console.reference import Policy
from console.rules.calendar import WorkingCalendar
from console.rules.eligibility import verify
from console.rules.normalize import clean_text, phone_e164
from console.services import audit
from console.services.contract_lookup import contract_by_number
from console.services.counts import machine_left as messages_left  # noqa: F401  (re-export)
from console.services.tickets import NewTicket, TicketError, create_ticket
from console.statuses import MachineMessageStatus

CHANNEL = "answering_machine"
CONFIRM = "confirm"  # the notify-list reason: call the client to confirm (D16)

MSG_NOT_IDENTIFIED = ("The number and surname from the message do not match a contract: "
                      "keep it as unidentified for a callback?")
MSG_LEFT_IN_FUTURE = "The message cannot have been left in the future"
MSG_PHONE = "Give the phone the message came from, e.g. +7 903 969-14-45"
MSG_HELD = "Give the number of messages on the machine (0-999)"
MESSAGES = (MSG_NOT_IDENTIFIED, MSG_LEFT_IN_FUTURE, MSG_PHONE, MSG_HELD,
            "Type when the message was left, e.g. 07:40 or 30.11 22:15")


_LEFT_AT = re.compile(r"\s*(?:(\d{1,2})\.(\d{1,2})(?:\.(\d{4}))?\s+)?(\d{1,2}):(\d{2})\s*")
MSG_LEFT_AT = "Type when the message was left, e.g. 07:40 or 30.11 22:15"


def parse_left_at(text: str, now: datetime) -> datetime | None:
    """'07:40' (the last such moment before now) or '30.11 22:15' (this year, or last year if
    that is still ahead); None when not understood. `now` carries the zone (D1)."""
    match = _LEFT_AT.fullmatch(text or "")
    if not match:
        return None
    day, month, year, hour, minute = match.groups()
    try:
        if day is None:
            at = now.replace(hour=int(hour), minute=int(minute), second=0, microsecond=0)
            return at if at <= now else at - timedelta(days=1)
        at = now.replace(year=int(year) if year else now.year, month=int(month), day=int(day),
                         hour=int(hour), minute=int(minute), second=0, microsecond=0)
    except ValueError:
        return None
    return at if at <= now or year else at.replace(year=at.year - 1)


class NotIdentified(TicketError):
    """The message's number and surname do not verify (R13): keep it, or correct them."""


@dataclass(frozen=True)
class MachineEntry:
    """One message as the dispatcher heard it."""

    left_at: datetime
    number: str
    surname: str
    phone: str
    task_type: str
    problem: str
    desired_at: datetime | None


@dataclass(frozen=True)
class Entered:
    """What entering a message did."""

    message_id: int
    ticket_id: int | None
    eta_start: datetime | None


def _find(number: str, surname: str) -> Contract | None:
    contract = contract_by_number(number)
    if contract is None:
        return None
    return contract if verify(number, surname, contract.number_key,
                              contract.surname).verified else None


def enter_message(entry: MachineEntry, *, operator: str, calendar: WorkingCalendar, now: datetime,
                  policy: Policy | None = None, keep_unidentified: bool = False) -> Entered:
    """D16: a verified message becomes a ticket with a confirmation call; an unidentified one
    is kept with its phone (`keep_unidentified=True`), or refused so the dispatcher can look
    again at what was heard."""
    if entry.left_at > now:
        raise TicketError(MSG_LEFT_IN_FUTURE)
    phone = phone_e164(entry.phone) if entry.phone.strip() else None
    contract = _find(entry.number, entry.surname)
    if contract is None:
        if not keep_unidentified:
            raise NotIdentified(MSG_NOT_IDENTIFIED)
        if phone is None:
            raise TicketError(MSG_PHONE)  # the only way back to an unidentified caller
        with write_transaction():
            msg = MachineMessage.create(
                left_at=entry.left_at, number_heard=clean_text(entry.number, limit=64),
                surname_heard=clean_text(entry.surname, limit=64), phone=phone,
                problem=clean_text(entry.problem, limit=2000),
                status=MachineMessageStatus.UNIDENTIFIED,
                desired_text=entry.desired_at.isoformat() if entry.desired_at else "",
                entered_by=operator, entered_at=now)
            audit.record(operator, "machine_message_unidentified", "machine_message", msg.id,
                         {"phone": phone, "left_at": entry.left_at}, at=now)
        return Entered(msg.id, None, None)
    phones = ContractPhone.select().where(ContractPhone.contract == contract.id)
    mobile = next((p.e164 for p in phones if p.is_mobile), "")
    holder = " ".join(p for p in (contract.surname, contract.first_name, contract.patronymic)
                      if p)
    new = NewTicket(
        task_type=entry.task_type, description=clean_text(entry.problem, limit=2000),
        responsible_name=holder, contact_phone=phone or mobile, contact_is_mobile=True,
        desired_at=entry.desired_at, intercom_code="", no_intercom=False,
        billable_agreed=False, contract_id=contract.id, channel=CHANNEL, call_id=None)
    outcome = create_ticket(new, operator=operator, calendar=calendar, now=now, policy=policy)
    with write_transaction():
        Ticket.update(message_left_at=entry.left_at).where(
            Ticket.id == outcome.ticket_id).execute()
        # D16: nobody has told the client the time or the R7 requirements yet.
        Notification.create(ticket=outcome.ticket_id, old_start=None,
                            new_start=outcome.eta_start, reason=CONFIRM, created_at=now)
        msg = MachineMessage.create(
            left_at=entry.left_at, number_heard=clean_text(entry.number, limit=64),
            surname_heard=clean_text(entry.surname, limit=64), phone=phone or "",
            problem=new.description, contract=contract.id, ticket=outcome.ticket_id,
            status=MachineMessageStatus.ENTERED, entered_by=operator, entered_at=now)
        audit.record(operator, "machine_message_entered", "ticket", outcome.ticket_id,
                     {"left_at": entry.left_at, "message": msg.id}, at=now)
    return Entered(msg.id, outcome.ticket_id, outcome.eta_start)


def note_tally(held: int, *, operator: str, now: datetime) -> None:
    """D16: the machine holds `held` messages now (the status bar counts down from it)."""
    if not 0 <= held <= 999:
        raise TicketError(MSG_HELD)
    with write_transaction():
        MachineTally.create(noted_at=now, held=held, operator=operator)
        audit.record(operator, "machine_tally", "machine", None, {"held": held}, at=now)


@dataclass(frozen=True)
class Unidentified:
    """A kept message to call back."""

    id: int
    left_at: datetime
    phone: str
    number_heard: str
    surname_heard: str
    problem: str


def unidentified() -> list[Unidentified]:
    return [Unidentified(m.id, m.left_at, m.phone, m.number_heard, m.surname_heard, m.problem)
            for m in MachineMessage.select()
            .where(MachineMessage.status == MachineMessageStatus.UNIDENTIFIED)
            .order_by(MachineMessage.left_at)]


def called_back(message_id: int, *, operator: str, now: datetime) -> None:
    """An unidentified caller was called back: the message leaves the list (audited)."""
    with write_transaction():
        done = MachineMessage.update(status=MachineMessageStatus.CALLED_BACK, resolved_at=now,
                                     resolved_by=operator).where(
            MachineMessage.id == message_id,
            MachineMessage.status == MachineMessageStatus.UNIDENTIFIED).execute()
        if not done:
            raise TicketError("Already answered on another console")
        audit.record(operator, "machine_message_called_back", "machine_message", message_id,
                     at=now)
