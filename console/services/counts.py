"""The status bar's counters: open tickets, notifications to make, overdue items (D9, D11)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from console.statuses import OPEN_TICKETS, PENDING_NOTIFICATIONS

OPEN_TICKET_STATUSES = OPEN_TICKETS
# "unreachable" clients come back for another attempt: they are still owed a call (D9).
PENDING_NOTIFY_STATUSES = PENDING_NOTIFICATIONS


@dataclass(frozen=True)
class Counts:
    """One consistent read of the counters, shown on every screen."""

    open_tickets: int = 0
    pending_notifications: int = 0
    overdue_helpdesk: int = 0
    overdue_claims: int = 0
    machine_left: int | None = None  # D16: messages not entered yet (None: nobody counted)


def machine_left() -> int | None:
    """D16: the last tally of the answering machine minus the messages entered since."""
    from console.models import MachineMessage, MachineTally

    tally: MachineTally | None = (MachineTally.select(MachineTally.noted_at, MachineTally.held)
             .order_by(MachineTally.noted_at.desc(), MachineTally.id.desc()).first())
    if tally is None:
        return None
    entered = MachineMessage.select().where(MachineMessage.entered_at >= tally.noted_at).count()
    return max(0, tally.held - entered)


def read_counts(now: datetime) -> Counts:
    # The models are imported here, in the worker: `Counts` is the status bar's before the
    # first frame, and the database layer is not loaded by then (console.start_check).
    from console.models import Claim, HelpDeskQuestion, Notification, Ticket
    from console.rules.claims import CLOSED_STATUSES

    return Counts(
        open_tickets=Ticket.select().where(Ticket.status.in_(OPEN_TICKET_STATUSES)).count(),
        pending_notifications=Notification.select()
        .where(Notification.status.in_(PENDING_NOTIFY_STATUSES))
        .count(),
        overdue_helpdesk=HelpDeskQuestion.select()
        .where(HelpDeskQuestion.answered_at.is_null(), HelpDeskQuestion.due_at < now)
        .count(),
        overdue_claims=Claim.select()
        # Answered or rejected claims are closed (R18); any other status still runs.
        .where(Claim.status.not_in(CLOSED_STATUSES), Claim.due_at < now)
        .count(),
        machine_left=machine_left(),
    )
