"""A ticket's history from the audit trail (D14): created, told, moved, notified, priority
changes with reasons, cancelled with who asked (R8). F3's Enter and `support-console audit
--ticket N` show the same lines (`history_lines`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from console.i18n import t
from console.models import AuditEvent


@dataclass(frozen=True)
class HistoryEntry:
    """One audit event about the ticket."""

    at: datetime
    operator: str
    action: str
    details: dict[str, Any]


def ticket_history(ticket_id: int) -> list[HistoryEntry]:
    """The ticket's own events plus the re-plans that moved it, oldest first."""
    key = str(ticket_id)
    rows = AuditEvent.select().where(
        ((AuditEvent.entity == "ticket") & (AuditEvent.entity_id == key))
        | ((AuditEvent.action == "replan_moved") & AuditEvent.details.contains(key))
    ).order_by(AuditEvent.at, AuditEvent.id)
    entries = []
    for row in rows:
        details = json.loads(row.details or "{}")
        if row.action == "replan_moved":
            move = details.get("moves", {}).get(key)
            notified = ticket_id in details.get("notified", [])
            withdrawn = ticket_id in details.get("withdrawn", [])
            if move is None and not notified and not withdrawn:
                continue  # another ticket's move
            details = {"move": move, "notified": notified, "withdrawn": withdrawn}
        entries.append(HistoryEntry(row.at, row.operator, row.action, details))
    return entries


MSK = ZoneInfo("Europe/Moscow")


def hm(value: datetime) -> str:
    """'25.11 13:00', Moscow time (D1)."""
    return value.astimezone(MSK).strftime("%d.%m %H:%M")


def _time(value: object) -> str:
    if not value:
        return "—"
    return hm(datetime.fromisoformat(str(value)))


# Events whose line needs nothing of their details.
_PLAIN = {
    "visit_started": "the technician is on site",
    "visit_rescheduled": "the visit did not happen: back to the planner",
    "pinned": "visit pinned",
    "unpinned": "visit unpinned: the planner may move it",
    "assigned": "technician chosen",
    "visit_booked": "visit booked by the dispatcher",
    "visit_moved": "visit moved by the dispatcher",
    "machine_message_entered": "entered from the answering machine",
}
_CHANNELS = {"phone": "phone call", "callback": "callback", "helpdesk": "HelpDesk",
             "answering_machine": "answering machine", "web": "HelpDesk"}
_CALLBACKS = {"done": "solved", "ticket": "a ticket taken", "rebooked": "booked again",
              "unreachable": "unreachable"}
_NOTIFIED = {"called": "called, agreed", "sms": "SMS sent", "unreachable": "unreachable",
             "client_cancels": "the client cancels", "awaiting_slot": "told we will call back"}


def _task_name(code: object) -> str:
    """A task type's name in the console's language (the audit keeps its code)."""
    from console.i18n import pick
    from console.models import TaskType

    task = TaskType.get_or_none(TaskType.code == str(code))
    return pick(task.name_ru, task.name_en) if task is not None else str(code)


def _roubles(kopecks: object) -> str:
    from console.rules.fees import money

    return money(int(kopecks)) if isinstance(kopecks, int) else "—"


def describe(entry: HistoryEntry) -> str:
    """One line for the dispatcher, in the console's language."""
    d, a = entry.details, entry.action
    if a in _PLAIN:
        return t(_PLAIN[a])
    if a == "ticket_created":
        channel = str(d.get("channel", "phone"))
        return t("created: {task}, priority {priority}, channel {channel}",
                 task=_task_name(d.get("task_type", "?")), priority=d.get("priority", "?"),
                 channel=t(_CHANNELS[channel]) if channel in _CHANNELS else channel)
    if a == "ticket_added_to":
        return t("added in a call: {text}", text=d.get("text", ""))
    if a == "visit_finished":
        return t("visit finished, the act signed by {who}", who=d.get("act_signed_by") or "—")
    if a == "act_signed":
        return t("act {act}: {total}", act=d.get("act", "?"),
                 total=_roubles(d.get("total_kopecks")))
    if a in ("no_show_charged", "no_show_waived"):
        return (t("no-show (D18): item 1.1 charged, {amount}", amount=_roubles(d.get("kopecks")))
                if a == "no_show_charged" else
                t("no-show (D18) not charged: {reason}", reason=d.get("waiver_reason", "")))
    if a.startswith("callback_"):
        result = a.removeprefix("callback_")
        return t("callback: {result}",
                 result=t(_CALLBACKS[result]) if result in _CALLBACKS else result)
    if a == "eta_told":
        if d.get("kind") == "unplaced":
            return t("told: no technician free yet")
        window = d.get("window") or [None, None]
        if d.get("kind") == "visit":
            return t("told: arrival {start}-{end}, about {minutes} min of work",
                     start=_time(window[0]), end=_time(window[1])[6:],
                     minutes=d.get("duration_min", "?"))
        if d.get("kind") == "no_visit":
            return t("told: handled by {due}", due=_time(d.get("due")))
        return t("told: {time}", time=_time(d.get("told_start")))
    if a == "priority_changed":
        return t("priority {old} → {new}: {reason}", old=d.get("from"), new=d.get("to"),
                 reason=d.get("reason", ""))
    if a == "ticket_cancelled":
        who = {"client": t("the client"), "responsible": t("the responsible person")}.get(
            d.get("cancelled_by") or "", t("not recorded"))
        return t("cancelled, asked by {who}: {reason}", who=who, reason=d.get("reason", ""))
    if a == "replan_moved":
        parts = []
        if d.get("move"):
            old, new = d["move"]
            parts.append(t("moved by a re-plan: {old} → {new}", old=_time(old),
                           new=_time(new) if new else t("no slot")))
        if d.get("notified"):
            parts.append(t("put on the notify list"))
        if d.get("withdrawn"):
            parts.append(t("notify item withdrawn: the visit is back near the told time"))
        return "; ".join(parts)
    if a.startswith("notify_"):
        result = a.removeprefix("notify_")
        return t("notified: {result}",
                 result=t(_NOTIFIED[result]) if result in _NOTIFIED else result)
    if a in ("late_cancel_charged", "late_cancel_waived"):
        return (t("late cancellation charged (R8)") if a == "late_cancel_charged"
                else t("late cancellation waived: {reason}", reason=d.get("waiver_reason", "")))
    return a.replace("_", " ")


def history_lines(ticket_id: int) -> list[tuple[str, str, str]]:
    """(time, operator, what) for each event: what F3 and the command line print."""
    return [(hm(e.at), e.operator, describe(e)) for e in ticket_history(ticket_id)]
