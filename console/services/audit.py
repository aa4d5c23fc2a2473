"""The audit trail (D14): every change records who made it, when, and what."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from console.models import AuditEvent, utcnow

# Item 15: what a caller said was added to their open ticket during this call (entity "call").
ADDED_IN_CALL = "call_added_to_ticket"


def record(
    operator: str,
    action: str,
    entity: str,
    entity_id: object = None,
    details: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    """Append one event; call it inside the transaction that makes the change."""
    AuditEvent.create(
        at=at or utcnow(),
        operator=operator,
        action=action,
        entity=entity,
        entity_id=None if entity_id is None else str(entity_id),
        details=json.dumps(details or {}, ensure_ascii=False, default=str),
    )


def happened(action: str, entity: str, entity_id: object, *, since: datetime) -> bool:
    """Whether `action` was recorded for the entity at or after `since` (a fact a gate relies
    on; `since` keeps the look on the indexed time column)."""
    return AuditEvent.select().where(
        (AuditEvent.at >= since) & (AuditEvent.entity == entity)
        & (AuditEvent.entity_id == str(entity_id)) & (AuditEvent.action == action)).exists()
