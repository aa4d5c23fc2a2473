"""Audited changes in the dispatcher's words: 'приоритет 3 → 2 (Петрова, 11:02)'."""

from __future__ import annotations

from console.i18n import t
from console.services.ticket_history import Change
from console.widgets.fmt import MSK

ACTIONS = {
    "priority_changed": "priority {from} → {to}",
    "pinned": "visit time pinned",
    "unpinned": "visit time unpinned",
    "assigned": "technician assigned",
    "ticket_cancelled": "cancelled",
    "visit_started": "technician on site",
    "visit_finished": "visit finished",
    "eta_told": "arrival time told to the client",
    "ticket_created": "created",
    "late_cancel_charged": "late cancellation charged",
    "late_cancel_waived": "late cancellation charge waived",
    "notify_called": "called, agreed",
    "notify_sms": "SMS sent",
    "notify_unreachable": "unreachable",
    "notify_client_cancels": "client cancels",
    "notify_ticket_closed": "the ticket was closed",
    "notify_awaiting_slot": "told we will call back with a time",
    "notify_superseded": "the visit came back to the time told",
}


def what(change: Change) -> str:
    """What the change did, without who and when."""
    template = ACTIONS.get(change.action)
    if template is None:
        return change.action.replace("_", " ")
    details = {k: change.details.get(k, "?") for k in ("from", "to")}
    return t(template, **details) if "{" in template else t(template)


def when_who(change: Change) -> str:
    """'Петрова, 11:02' (or just the time when nobody is recorded)."""
    time = change.at.astimezone(MSK).strftime("%H:%M")
    return f"{change.by}, {time}" if change.by else time


def describe(change: Change) -> str:
    """'priority 3 → 2 (Петрова, 11:02)'."""
    return f"{what(change)} ({when_who(change)})"
