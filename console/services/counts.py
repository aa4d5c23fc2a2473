"""The status bar's counters: open tickets, notifications to make, overdue items (D9, D11)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from console.models import Claim, HelpDeskQuestion, Notification, Ticket

OPEN_TICKET_STATUSES = ("open", "in_progress")
# "unreachable" clients come back for another attempt: they are still owed a call (D9).
PENDING_NOTIFY_STATUSES = ("pending", "unreachable")


@dataclass(frozen=True)
class Counts:
    """One consistent read of the counters, shown on every screen."""

    open_tickets: int = 0
    pending_notifications: int = 0
    overdue_helpdesk: int = 0
    overdue_claims: int = 0


def read_counts(now: datetime) -> Counts:
    return Counts(
        open_tickets=Ticket.select().where(Ticket.status.in_(OPEN_TICKET_STATUSES)).count(),
        pending_notifications=Notification.select()
        .where(Notification.status.in_(PENDING_NOTIFY_STATUSES))
        .count(),
        overdue_helpdesk=HelpDeskQuestion.select()
        .where(HelpDeskQuestion.answered_at.is_null(), HelpDeskQuestion.due_at < now)
        .count(),
        # Answered or rejected claims are closed (R18); any other status still runs.
        overdue_claims=Claim.select()
        .where(Claim.status.not_in(("answered", "rejected")), Claim.due_at < now)
        .count(),
    )
