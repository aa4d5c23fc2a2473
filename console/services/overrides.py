"""The balance gate and its supervisor override (R14, D4).

The gate: a balance at or below the policy minimum refuses consultation, callbacks and visit
tickets, unless an override for this very call and this very contract is on record
(`has_override`, read by `tickets.create_ticket` and `calls.end_call` inside their own
transactions).

The override: a supervisor at the console grants it with a reason (`grant_override`); any other
operator sends a request (`request_override`) that every supervisor's console loads within a
second (`load_overrides`, a reactor part) and answers with one key (`decide_override`). The
audit names the operator who asked and the supervisor who decided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from console.db import write_transaction
from console.models import BalanceOverride, Call, Contract
from console.rules import gates
from console.rules.validation import override_reason
from console.services import audit
from console.services.operators import is_supervisor
from console.statuses import OverrideStatus


class OverrideError(ValueError):
    """A refused override or request; the message is a sentence key of `rules.gates`."""


def has_override(call_id: int | None, contract_id: int) -> bool:
    """D4: an approved override for this call and this contract is on record."""
    if call_id is None:
        return False
    return BalanceOverride.select().where(
        BalanceOverride.call == call_id, BalanceOverride.contract == contract_id,
        BalanceOverride.status == OverrideStatus.APPROVED,
    ).exists()


def _reason(text: str) -> str:
    value, error = override_reason(text)
    if error:
        raise OverrideError(error)
    return value


def _verified_contract(call_id: int, contract_id: int) -> Contract:
    """The override is for the verified contract of this call only."""
    call = Call.get_or_none(Call.id == call_id)
    if call is None or not call.verified or call.contract_id != contract_id:
        raise OverrideError(gates.OVERRIDE_NOT_VERIFIED)
    return Contract.get_by_id(contract_id)


def grant_override(call_id: int, contract_id: int, reason: str, *, operator: str,
                   now: datetime, min_balance_kopecks: int = 0) -> int:
    """A supervisor at the console lifts the gate for this call and contract."""
    reason = _reason(reason)
    with write_transaction():
        if not is_supervisor(operator):
            raise OverrideError(gates.SUPERVISOR_ONLY)
        contract = _verified_contract(call_id, contract_id)
        if contract.balance_kopecks > min_balance_kopecks:
            raise OverrideError(gates.OVERRIDE_NOT_NEEDED)
        row = BalanceOverride.create(
            call=call_id, contract=contract_id, balance_kopecks=contract.balance_kopecks,
            reason=reason, requested_by=operator, requested_at=now, supervisor=operator,
            status=OverrideStatus.APPROVED, decided_at=now)
        audit.record(operator, "balance_override", "call", call_id,
                     {"contract": contract_id, "reason": reason, "operator": operator,
                      "supervisor": operator, "balance_kopecks": contract.balance_kopecks},
                     at=now)
    return row.id


def request_override(call_id: int, contract_id: int, reason: str, *, operator: str,
                     now: datetime, min_balance_kopecks: int = 0) -> int:
    """An operator asks the supervisors; the request waits as a row every console loads."""
    reason = _reason(reason)
    with write_transaction():
        contract = _verified_contract(call_id, contract_id)
        if contract.balance_kopecks > min_balance_kopecks:
            raise OverrideError(gates.OVERRIDE_NOT_NEEDED)
        row = BalanceOverride.create(
            call=call_id, contract=contract_id, balance_kopecks=contract.balance_kopecks,
            reason=reason, requested_by=operator, requested_at=now, status=OverrideStatus.PENDING)
        audit.record(operator, "balance_override_requested", "call", call_id,
                     {"request": row.id, "contract": contract_id, "reason": reason}, at=now)
    return row.id


def decide_override(request_id: int, approve: bool, *, operator: str, now: datetime,
                    answer: str = "") -> str:
    """A supervisor approves or refuses a request; returns the new status."""
    with write_transaction():
        if not is_supervisor(operator):
            raise OverrideError(gates.NOT_A_SUPERVISOR_DECIDES)
        row = BalanceOverride.get_or_none(BalanceOverride.id == request_id)
        if row is None:
            raise OverrideError(gates.NO_SUCH_REQUEST)
        status = OverrideStatus.APPROVED if approve else OverrideStatus.REFUSED
        done = BalanceOverride.update(
            status=status, supervisor=operator, decided_at=now, answer=answer.strip() or None,
        ).where(BalanceOverride.id == request_id,
                BalanceOverride.status == OverrideStatus.PENDING).execute()
        if not done:  # another supervisor answered first
            raise OverrideError(gates.REQUEST_ALREADY_ANSWERED)
        audit.record(operator, f"balance_override_{status}", "call", row.call_id,
                     {"request": request_id, "contract": row.contract_id, "reason": row.reason,
                      "operator": row.requested_by, "supervisor": operator}, at=now)
    return status


@dataclass(frozen=True)
class OverrideRequest:
    """A request as a supervisor's list and the asking call screen show it."""

    id: int
    call_id: int | None
    contract_number: str
    holder: str
    balance_kopecks: int
    reason: str
    requested_by: str
    requested_at: datetime
    status: str
    supervisor: str | None


@dataclass(frozen=True)
class OverridesSnapshot:
    """The reactor's `overrides` part: pending requests, recent answers, who this console is."""

    is_supervisor: bool = False
    pending: tuple[OverrideRequest, ...] = ()
    answered: tuple[OverrideRequest, ...] = ()  # the last hour's, for the asking console


RECENT = timedelta(hours=1)


def load_overrides(login: str, now: datetime) -> OverridesSnapshot:
    rows = (
        BalanceOverride.select(BalanceOverride, Contract.number, Contract.surname)
        .join(Contract)
        .where((BalanceOverride.status == OverrideStatus.PENDING)
               | (BalanceOverride.decided_at >= now - RECENT))
        .order_by(BalanceOverride.requested_at)
    )
    items = [OverrideRequest(
        r.id, r.call_id, r.contract.number, r.contract.surname, r.balance_kopecks, r.reason,
        r.requested_by, r.requested_at, r.status, r.supervisor) for r in rows]
    return OverridesSnapshot(
        is_supervisor=is_supervisor(login),
        pending=tuple(i for i in items if i.status == OverrideStatus.PENDING),
        answered=tuple(i for i in items if i.status != OverrideStatus.PENDING),
    )
