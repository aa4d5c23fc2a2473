"""What another console last did to a record (D14): a refused stale edit says what changed,
who did it and when, from the audit trail, instead of a bare "changed elsewhere"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from console.models import AuditEvent, Operator


@dataclass(frozen=True)
class LastChange:
    """The newest audited action on a record."""

    action: str  # the audit action, e.g. "claim_signed"
    operator: str  # the operator's name (their login when no name is on record)
    at: datetime


def last_change(entity: str, entity_id: int) -> LastChange | None:
    event = (AuditEvent.select().where(AuditEvent.entity == entity,
                                       AuditEvent.entity_id == str(entity_id))
             .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).first())
    if event is None:
        return None
    who = Operator.get_or_none(Operator.login == event.operator)
    name = who.name if who is not None and who.name else event.operator
    return LastChange(event.action, name, event.at)
