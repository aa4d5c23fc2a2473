"""The audit trail (D14): every change records who made it, when, and what."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from console.models import AuditEvent, utcnow


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
