"""Who changed a ticket, and how: the audit trail (D14) read back for the dispatcher.

A refused stale edit names what changed and who changed it (issue 8 item 18); a notify-list
item answered on another console says who answered it and when (item 17).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from console.models import AuditEvent, Notification, Operator
from console.services.rows import tuples
from console.statuses import PENDING_NOTIFICATIONS

MAX_CHANGES = 5


@dataclass(frozen=True)
class Change:
    """One audited change: what (`action`, e.g. 'priority_changed'), by whom, when, details."""

    action: str
    by: str  # the operator's name (the login when the operator is unknown)
    at: datetime
    details: dict[str, Any] = field(default_factory=dict)


def _names(logins: set[str]) -> dict[str, str]:
    if not logins:
        return {}
    rows = Operator.select(Operator.login, Operator.name).where(Operator.login.in_(logins))
    return {login: name or login for login, name in tuples(rows)}


def recent_changes(ticket_id: int, count: int = 1) -> tuple[Change, ...]:
    """The ticket's last `count` audited changes (at most MAX_CHANGES), oldest first."""
    count = max(1, min(count, MAX_CHANGES))
    events = list(
        AuditEvent.select()
        .where(AuditEvent.entity == "ticket", AuditEvent.entity_id == str(ticket_id))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(count)
    )
    names = _names({e.operator for e in events})
    changes = []
    for event in reversed(events):
        try:
            details = json.loads(event.details or "{}")
        except ValueError:
            details = {}
        changes.append(Change(event.action, names.get(event.operator, event.operator), event.at,
                              details if isinstance(details, dict) else {}))
    return tuple(changes)


def answered(notification_id: int) -> Change | None:
    """How a notify-list item left the list: 'notify_sms' by Petrova at 11:02; None while it
    is still waiting for an answer (or is gone altogether)."""
    note = Notification.get_or_none(Notification.id == notification_id)
    if note is None or note.status in PENDING_NOTIFICATIONS or note.resolved_at is None:
        return None
    by = ""
    if note.resolved_by_id is not None:
        operator = Operator.get_or_none(Operator.id == note.resolved_by_id)
        by = (operator.name or operator.login) if operator else ""
    return Change(f"notify_{note.status}", by, note.resolved_at, {})
