"""Phone calls (R13-R16, D3-D6): log, verify, decide, close with an outcome; contract cards.

Until a caller is verified nothing of the contract leaves this module: `lookup` returns only
which of the two answers did not match (D3).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from console.db import write_transaction
from console.models import Call, Contract, ContractPhone, Operator, TaskType, Ticket
from console.rules.eligibility import Verification, verify
from console.rules.normalize import clean_text, contract_key, format_phone, surname_key
from console.services import audit

OUTCOMES = ("solved", "ticket", "callback", "refused", "out_of_scope", "hung_up")
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


@dataclass(frozen=True)
class LookupResult:
    """Verification, and the card only when verified."""

    verification: Verification
    card: ContractCard | None


def start_call(operator: str, now: datetime, mode: str) -> int:
    """R16: every call is logged with its operator from its first second."""
    with write_transaction():
        op, _ = Operator.get_or_create(login=operator, defaults={"name": operator})
        call = Call.create(started_at=now, operator=op, service_mode=mode)
        audit.record(operator, "call_started", "call", call.id, at=now)
    return call.id


def lookup(call_id: int | None, number: str, surname: str, *, operator: str,
           now: datetime) -> LookupResult:
    """D3: number normalised, surname compared case-insensitively with ё = е."""
    number = clean_text(number, limit=INPUT_LIMIT)
    surname = clean_text(surname, limit=INPUT_LIMIT)
    key = contract_key(number)
    row = (
        Contract.select(Contract.id, Contract.number_key, Contract.surname)
        .where(Contract.number_key == key)
        .tuples()
        .first()
    ) if key else None
    found_id, found_key, found_surname = row if row else (None, None, None)
    result = verify(number, surname, found_key, found_surname)
    if call_id is not None:
        with write_transaction():
            Call.update(
                contract=found_id if result.verified else None, verified=result.verified
            ).where(Call.id == call_id).execute()
            if result.verified:
                audit.record(operator, "caller_verified", "call", call_id,
                             {"contract": found_id}, at=now)
    card = contract_card(found_id) if result.verified else None
    return LookupResult(result, card)


def contract_card(contract_id: int) -> ContractCard:
    c = Contract.get_by_id(contract_id)
    holder = " ".join(p for p in (c.surname, c.first_name, c.patronymic) if p)
    phones = [(p.e164, p.is_mobile) for p in ContractPhone.select().where(
        ContractPhone.contract == contract_id).order_by(ContractPhone.id)]
    open_tickets = (
        Ticket.select(Ticket.id, TaskType.name_ru, TaskType.name_en, Ticket.status,
                      Ticket.eta_start)
        .join(TaskType)
        .where(Ticket.contract == contract_id, Ticket.status.in_(("open", "in_progress")))
        .order_by(Ticket.created_at.desc())
        .limit(10)
        .tuples()
    )
    calls = (
        Call.select(Call.started_at, Call.outcome, Operator.name)
        .join(Operator)
        .where(Call.contract == contract_id, Call.ended_at.is_null(False))
        .order_by(Call.started_at.desc())
        .limit(5)
        .tuples()
    )
    return ContractCard(
        id=c.id, number=c.number, holder=holder, company=c.company, address=c.address,
        phones=tuple((format_phone(e), m) for e, m in phones),
        mobile_e164=next((e for e, m in phones if m), phones[0][0] if phones else ""),
        balance_kopecks=c.balance_kopecks, balance_as_of=c.balance_as_of, status=c.status,
        tickets=tuple(CardTicket(*row) for row in open_tickets),
        calls=tuple(CardCall(*row) for row in calls),
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
        Contract.select(Contract.number, Contract.surname)
        .where(Contract.surname_key >= key, Contract.surname_key < key + "\uffff")
        .order_by(Contract.surname_key)
        .limit(limit)
        .tuples()
    )


def record_override(call_id: int, reason: str, *, operator: str, now: datetime) -> None:
    """D4: a supervisor lets a zero-balance caller through; the reason is audited."""
    with write_transaction():
        audit.record(operator, "balance_override", "call", call_id, {"reason": reason}, at=now)
        Call.update(notes=Call.notes.concat(f"[override] {reason}\n")).where(
            Call.id == call_id).execute()


def end_call(call_id: int, outcome: str, *, operator: str, now: datetime,
             refusal_reason: str | None = None, notes: str = "",
             limit: timedelta = timedelta(minutes=15)) -> None:
    """Close the call with its outcome (R15: over 15 minutes is flagged)."""
    if outcome not in OUTCOMES:
        raise ValueError("Unknown outcome")
    with write_transaction():
        call = Call.get_by_id(call_id)
        call.ended_at = now
        call.outcome = outcome
        call.refusal_reason = refusal_reason
        call.notes = (call.notes or "") + clean_text(notes, limit=4000)
        call.over_15_min = now - call.started_at >= limit
        call.save()
        audit.record(operator, "call_ended", "call", call_id,
                     {"outcome": outcome, "reason": refusal_reason}, at=now)
