"""Phone calls (R13-R16, D3-D6): log, verify, decide, close with an outcome; contract cards.

Until a caller is verified nothing of the contract leaves this module: `lookup` returns only
which of the two answers did not match (D3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from console.db import write_transaction
from console.models import (
    AuditEvent,
    Call,
    Charge,
    Contract,
    ContractPhone,
    Operator,
    PriceItem,
    TaskType,
    Ticket,
)
from console.rules import gates
from console.rules.calendar import ServiceMode, WorkingCalendar
from console.rules.eligibility import Verification, verify
from console.rules.normalize import (
    clean_text,
    format_phone,
    spoken_contract_keys,
    surname_key,
)
from console.services import audit
from console.services.prepared import ID_MARK, KEY_MARK, Prepared
from console.services.rows import tuples
from console.statuses import OPEN_TICKETS, CallOutcome, TicketStatus

OUTCOMES = tuple(CallOutcome)
INTERRUPTED = CallOutcome.INTERRUPTED
INPUT_LIMIT = 64  # a contract number or a surname; a 50 kB paste is cut, never stored


@dataclass(frozen=True)
class CardTicket:
    """An open ticket on the contract card."""

    id: int
    task_ru: str
    task_en: str
    status: str
    eta_start: datetime | None


@dataclass(frozen=True)
class CardCall:
    """A past call of the contract."""

    started_at: datetime
    outcome: str | None
    operator: str


@dataclass(frozen=True)
class CardCharge:
    """A Price List No. 3 charge on the contract, waived or not (R8, D10)."""

    created_at: datetime
    item: str
    amount_kopecks: int
    reason: str
    waived: bool
    waiver_reason: str


@dataclass(frozen=True)
class CardCancelled:
    """A cancelled ticket of the contract: who cancelled it and why (D10)."""

    id: int
    task_ru: str
    task_en: str
    cancelled_at: datetime
    by: str
    reason: str


@dataclass(frozen=True)
class ContractCard:
    """What a verified caller's contract shows (never built for an unverified one)."""

    id: int
    number: str
    holder: str
    company: str | None
    address: str
    phones: tuple[tuple[str, bool], ...]  # (formatted, is_mobile)
    mobile_e164: str  # the first mobile, to prefill the ticket form
    balance_kopecks: int
    balance_as_of: datetime | None
    status: str
    tickets: tuple[CardTicket, ...]
    calls: tuple[CardCall, ...]
    # A caller asking about a charge gets an answer (issue 8, item 11).
    charges: tuple[CardCharge, ...] = ()
    cancelled: tuple[CardCancelled, ...] = ()


@dataclass(frozen=True)
class LookupResult:
    """Verification, and the card only when verified."""

    verification: Verification
    card: ContractCard | None
    # D4: a supervisor's approved override for this call and this contract is on record (the
    # caller verified again after another contract was typed keeps it).
    override: bool = False


def start_call(operator: str, now: datetime, mode: str) -> int:
    """R16: every call is logged with its operator from its first second."""
    with write_transaction():
        op, _ = Operator.get_or_create(  # type: ignore[no-untyped-call]  # untyped in peewee's stubs
            login=operator, defaults={"name": operator})
        call = Call.create(started_at=now, operator=op, service_mode=mode)
        audit.record(operator, "call_started", "call", call.id, at=now)
    return call.id


_BY_NUMBER = Prepared(
    lambda k: Contract.select(Contract.id, Contract.number_key, Contract.surname)
    .where(Contract.number_key == k)
    .limit(1),
    KEY_MARK,
)
_CARD_FIELDS = (Contract.id, Contract.number, Contract.surname, Contract.first_name,
                Contract.patronymic, Contract.company, Contract.address,
                Contract.balance_kopecks, Contract.balance_as_of, Contract.status)
_CONTRACT = Prepared(
    lambda i: Contract.select(*_CARD_FIELDS).where(Contract.id == i).limit(1), ID_MARK
)
_PHONES = Prepared(
    lambda i: ContractPhone.select(ContractPhone.e164, ContractPhone.is_mobile)
    .where(ContractPhone.contract == i)
    .order_by(ContractPhone.id),
    ID_MARK,
)
_TICKETS = Prepared(
    lambda i: Ticket.select(Ticket.id, TaskType.name_ru, TaskType.name_en, Ticket.status,
                            Ticket.eta_start)
    .join(TaskType)
    .where(Ticket.contract == i, Ticket.status.in_(OPEN_TICKETS))
    .order_by(Ticket.created_at.desc())
    .limit(10),
    ID_MARK,
)
_CALLS = Prepared(
    lambda i: Call.select(Call.started_at, Call.outcome, Operator.name)
    .join(Operator)
    .where(Call.contract == i, Call.ended_at.is_null(False))
    .order_by(Call.started_at.desc())
    .limit(5),
    ID_MARK,
)


def lookup(call_id: int | None, number: str, surname: str, *, operator: str,
           now: datetime) -> LookupResult:
    """D3: number normalised, surname compared case-insensitively with ё = е.

    It runs as the dispatcher types, so it is a prepared query by the unique key, and it writes
    to the call only once the caller is verified.
    """
    number = clean_text(number, limit=INPUT_LIMIT)
    surname = clean_text(surname, limit=INPUT_LIMIT)
    found = []
    for key in spoken_contract_keys(number):  # as typed, then without "№"/"дог." (D3)
        found = _BY_NUMBER.rows(key)
        if found:
            break
    found_id, found_key, found_surname = found[0] if found else (None, None, None)
    result = verify(number, surname, found_key, found_surname)
    if call_id is not None and result.verified:
        with write_transaction():
            Call.update(contract=found_id, verified=True).where(Call.id == call_id).execute()
            audit.record(operator, "caller_verified", "call", call_id,
                         {"contract": found_id}, at=now)
    card = contract_card(found_id) if result.verified else None
    overridden = False
    if card is not None and found_id is not None:
        from console.services.overrides import has_override

        overridden = has_override(call_id, found_id)
    return LookupResult(result, card, overridden)


RECENT = 5  # charges and cancelled tickets shown on the card


def _charges(contract_id: int) -> tuple[CardCharge, ...]:
    rows = (tuples(Charge.select(Charge.created_at, PriceItem.code, Charge.amount_kopecks,
                                 Charge.reason, Charge.waived, Charge.waiver_reason)
                   .join(PriceItem).where(Charge.contract == contract_id)
                   .order_by(Charge.created_at.desc(), Charge.id.desc()).limit(RECENT)))
    at = Charge.created_at.python_value
    return tuple(CardCharge(at(when), code, amount, reason or "", bool(waived), why or "")
                 for when, code, amount, reason, waived, why in rows)


def _cancelled(contract_id: int) -> tuple[CardCancelled, ...]:
    rows = list(tuples(Ticket.select(Ticket.id, TaskType.name_ru, TaskType.name_en,
                                     Ticket.updated_at, Ticket.cancel_reason)
                       .join(TaskType)
                       .where(Ticket.contract == contract_id,
                              Ticket.status == TicketStatus.CANCELLED)
                       .order_by(Ticket.updated_at.desc(), Ticket.id.desc()).limit(RECENT)))
    who: dict[str, str] = dict(tuples(
        AuditEvent.select(AuditEvent.entity_id, AuditEvent.operator)
        .where(AuditEvent.entity == "ticket", AuditEvent.action == "ticket_cancelled",
               AuditEvent.entity_id.in_([str(r[0]) for r in rows])))) if rows else {}
    at = Ticket.updated_at.python_value
    return tuple(CardCancelled(tid, ru, en, at(when), who.get(str(tid), ""), reason or "")
                 for tid, ru, en, when, reason in rows)


def contract_card(contract_id: int) -> ContractCard:
    rows = _CONTRACT.rows(contract_id)
    if not rows:
        raise Contract.DoesNotExist(contract_id)
    (cid, number, surname, first, patronymic, company, address, balance, as_of,
     status) = rows[0]
    holder = " ".join(p for p in (surname, first, patronymic) if p)
    phones = [(e, bool(m)) for e, m in _PHONES.rows(contract_id)]
    eta = Ticket.eta_start.python_value
    started = Call.started_at.python_value
    return ContractCard(
        id=cid, number=number, holder=holder, company=company, address=address,
        phones=tuple((format_phone(e), m) for e, m in phones),
        mobile_e164=next((e for e, m in phones if m), phones[0][0] if phones else ""),
        balance_kopecks=balance, balance_as_of=Contract.balance_as_of.python_value(as_of),
        status=status,
        tickets=tuple(CardTicket(t, ru, en, st, eta(e))
                      for t, ru, en, st, e in _TICKETS.rows(contract_id)),
        calls=tuple(CardCall(started(s), o, n) for s, o, n in _CALLS.rows(contract_id)),
        charges=_charges(contract_id), cancelled=_cancelled(contract_id),
    )


def search_by_surname(prefix: str, limit: int = 20) -> list[tuple[str, str]]:
    """Contracts whose holder's surname starts with `prefix` (ё = е, any case), by the index.

    Only (number, surname) go out: enough for the dispatcher to find a contract, nothing a
    caller could learn from (the card still needs verification).
    """
    key = surname_key(clean_text(prefix, limit=INPUT_LIMIT))
    if not key:
        return []
    return list(
        tuples(Contract.select(Contract.number, Contract.surname)
               .where(Contract.surname_key >= key, Contract.surname_key < key + "\uffff")
               .order_by(Contract.surname_key)
               .limit(limit))
    )


class CallError(ValueError):
    """A refused call ending; the message is a sentence key of `rules.gates`."""


def call_facts(call: Call, *, now: datetime, calendar: WorkingCalendar | None = None,
               min_balance_kopecks: int = 0) -> gates.CallFacts:
    """What the database knows about a call: verification, balance gate, mode, what was saved."""
    from console.services.overrides import has_override

    balance_ok = False
    if call.verified and call.contract_id is not None:
        balance = (Contract.select(Contract.balance_kopecks)
                   .where(Contract.id == call.contract_id).scalar())
        balance_ok = gates.balance_ok(balance or 0, min_balance_kopecks,
                                      has_override(call.id, call.contract_id))
    mode = calendar.service_mode(now) if calendar is not None else ServiceMode(call.service_mode)
    channels = {c for (c,) in tuples(Ticket.select(Ticket.channel).where(Ticket.call == call.id))}
    return gates.CallFacts(
        verified=bool(call.verified), balance_ok=balance_ok, mode=mode,
        ticket_saved=bool(channels - {"callback"}) or audit.happened(
            audit.ADDED_IN_CALL, "call", call.id, since=call.started_at),
        callback_booked="callback" in channels)


def end_call(call_id: int, outcome: str, *, operator: str, now: datetime,
             refusal_reason: str | None = None, notes: str = "",
             limit: timedelta = timedelta(minutes=15), calendar: WorkingCalendar | None = None,
             min_balance_kopecks: int = 0) -> None:
    """Close the call with its outcome (R15: over 15 minutes is flagged).

    The gate for R4/R13/R14 and D2: "solved by phone" is a consultation, refused for an
    unverified caller, a balance at or below the minimum without an override, or when the call
    ends in INTAKE ONLY hours (the mode at `now` when the calendar is given, else the mode the
    call started in); "ticket" and "callback" need one saved in this call.
    """
    if outcome not in OUTCOMES:
        raise ValueError("Unknown outcome")
    with write_transaction():
        call = Call.get_by_id(call_id)
        if call.ended_at is not None:
            raise CallError("The call has already ended")
        facts = call_facts(call, now=now, calendar=calendar,
                           min_balance_kopecks=min_balance_kopecks)
        refusal = gates.outcome_refusal(outcome, facts, refusal_reason)
        if refusal:
            raise CallError(refusal)
        call.ended_at = now
        call.outcome = outcome
        call.refusal_reason = refusal_reason
        call.notes = (call.notes or "") + clean_text(notes, limit=4000)
        call.over_15_min = now - call.started_at >= limit
        call.save()
        audit.record(operator, "call_ended", "call", call_id,
                     {"outcome": outcome, "reason": refusal_reason}, at=now)


@dataclass(frozen=True)
class Interrupted:
    """A call a killed terminal left open, now closed at its last activity."""

    call_id: int
    started_at: datetime
    ended_at: datetime


def close_interrupted(operator: str, *, now: datetime,
                      before: datetime | None = None) -> list[Interrupted]:
    """R16/D14: calls of this operator left open by a killed terminal are closed as
    "interrupted" at their last activity (the call's own audit events and the tickets taken
    in it), and the list returned, so the console can tell the operator."""
    from console.models import AuditEvent

    closed: list[Interrupted] = []
    with write_transaction():
        op = Operator.get_or_none(Operator.login == operator)
        if op is None:
            return closed
        # Only calls older than this console's start: a call started since is alive.
        started_before = Call.started_at < (before or now)
        for call in Call.select().where(Call.operator == op, Call.ended_at.is_null(),
                                        started_before):
            last = call.started_at
            events = tuples(AuditEvent.select(AuditEvent.at).where(
                       AuditEvent.entity == "call", AuditEvent.entity_id == str(call.id)))
            created = tuples(Ticket.select(Ticket.created_at).where(Ticket.call == call.id))
            for (at,) in (*events, *created):
                at = AuditEvent.at.python_value(at) if not isinstance(at, datetime) else at
                if at.tzinfo is None:
                    at = at.replace(tzinfo=now.tzinfo)
                last = max(last, at)
            last = min(last, now)
            Call.update(ended_at=last, outcome=INTERRUPTED).where(Call.id == call.id).execute()
            audit.record(operator, "call_interrupted", "call", call.id,
                         {"ended_at": last}, at=now)
            closed.append(Interrupted(call.id, call.started_at, last))
    return closed
