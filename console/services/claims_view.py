"""The F5 register as plain rows (R18, D11, D12), and one claim with its history (D14).

The list is read with one raw query ordered by due date: at 10,000 claims model instances,
or even Peewee's own time conversion, would cost more than the screen's frame budget.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any

from console.models import AuditEvent, Claim, Contract, HelpDeskQuestion, database
from console.rules.calendar import MOSCOW
from console.services.rows import one_tuple


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One claim as the register lists it."""

    id: int
    number: str
    received_at: datetime
    due_at: datetime
    status: str
    channel: str
    holder: str
    contract_number: str
    contract_found: bool
    summary: str
    missing: tuple[str, ...]
    replied_at: datetime | None
    version: int
    signed: bool
    received_day: date | None = None  # the Moscow date received (D1), computed off the UI


@dataclass(frozen=True)
class ClaimsSnapshot:
    """The reactor's `claims` part: every claim, by due date."""

    rows: tuple[ClaimRow, ...] = ()

    @cached_property
    def _index(self) -> dict[int, ClaimRow]:
        return {row.id: row for row in self.rows}

    def by_id(self) -> dict[int, ClaimRow]:
        """Rows by claim id, built once per snapshot (every cursor move asks for it)."""
        return self._index


def _utc(value: datetime | str) -> datetime:
    """A stored UTC time as an aware datetime: `fromisoformat` is C code, ~30x faster than
    the field's format guessing, which matters at 10,000 rows (SQLite returns text)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC)


def _aware(value: datetime | str | None) -> datetime | None:
    return None if value is None else _utc(value)


_last: list[Any] = [None, None]  # (signature, snapshot) of the last load


def signature(model: type[Claim] | type[HelpDeskQuestion]) -> tuple[object, ...]:
    """Changes whenever a row of `model` is added, deleted or edited (every edit bumps its
    version): a refresh reloads a register only when this moved. One aggregate query."""
    from peewee import fn

    row = one_tuple(model.select(fn.COUNT(model.id), fn.MAX(model.id), fn.SUM(model.version)))
    return (database.obj.database, model.__name__, *row)


def load_claims(_now: datetime | None = None) -> ClaimsSnapshot:
    """Every claim by due date; the previous snapshot when no claim changed since."""
    sig = signature(Claim)
    if _last[0] == sig:
        cached: ClaimsSnapshot = _last[1]
        return cached
    _last[1] = snapshot = _load_claims()
    _last[0] = sig
    return snapshot


def _load_claims() -> ClaimsSnapshot:
    sql, params = (
        Claim.select(Claim.id, Claim.number, Claim.received_at, Claim.due_at, Claim.status,
                     Claim.channel, Claim.holder_full_name, Claim.contract_number,
                     Claim.contract, Claim.description, Claim.missing, Claim.replied_at,
                     Claim.version, Claim.signed)
        .order_by(Claim.due_at, Claim.id)
        .sql()
    )
    dues: dict[object, datetime] = {}  # claims share due instants (closing times)
    rows = []
    for (cid, number, received, due, status, channel, holder, contract_number, contract_id,
         description, missing, replied, version, signed) in database.execute_sql(sql, params):
        due_at = dues.get(due)
        if due_at is None:
            due_at = dues[due] = _utc(due)
        summary = description.split("\n", 1)[0][:200]
        received_at = _utc(received)
        rows.append(ClaimRow(cid, number or "", received_at, due_at, status, channel,
                             holder, contract_number, contract_id is not None, summary,
                             tuple(missing.split(",")) if missing else (), _aware(replied),
                             version, bool(signed), received_at.astimezone(MOSCOW).date()))
    return ClaimsSnapshot(tuple(rows))


@dataclass(frozen=True)
class HistoryEntry:
    """One audited change of a claim: when, who, what (D14)."""

    at: datetime
    operator: str
    action: str
    details: dict[str, Any]


@dataclass(frozen=True)
class ClaimDetail:
    """Everything about one claim, for the detail view and the reply letter."""

    id: int
    number: str
    received_at: datetime
    due_at: datetime
    status: str
    channel: str
    holder_full_name: str
    contract_number: str
    contract_found: bool
    holder_address: str
    contact_phone: str
    description: str
    incident_from: date | None
    incident_to: date | None
    specialist_name: str
    reply_channel: str
    signed: bool
    missing: tuple[str, ...]
    director_at: datetime | None
    replied_at: datetime | None
    reply_channel_used: str | None
    reply: str | None
    reply_letter_no: str | None
    reject_reason: str | None
    version: int
    history: tuple[HistoryEntry, ...] = ()


def claim_detail(claim_id: int) -> ClaimDetail | None:
    claim = Claim.get_or_none(Claim.id == claim_id)
    if claim is None:
        return None
    address = claim.holder_address
    if not address and claim.contract_id is not None:
        address = Contract.select(Contract.address).where(
            Contract.id == claim.contract_id).scalar() or ""
    events = (AuditEvent.select()
              .where(AuditEvent.entity == "claim", AuditEvent.entity_id == str(claim_id))
              .order_by(AuditEvent.at, AuditEvent.id))
    history = tuple(HistoryEntry(e.at, e.operator, e.action, json.loads(e.details or "{}"))
                    for e in events)
    return ClaimDetail(
        claim.id, claim.number or "", claim.received_at, claim.due_at, claim.status,
        claim.channel, claim.holder_full_name, claim.contract_number,
        claim.contract_id is not None, address, claim.contact_phone, claim.description,
        claim.incident_from, claim.incident_to, claim.specialist_name, claim.reply_channel,
        claim.signed, tuple(m for m in claim.missing.split(",") if m), claim.director_at,
        claim.replied_at, claim.reply_channel_used, claim.reply, claim.reply_letter_no,
        claim.reject_reason, claim.version, history,
    )
