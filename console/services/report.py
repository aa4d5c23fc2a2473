"""The supervisor's summary of a period (F7, `support-console report`): one read of the figures.

Every figure comes from the database for the Moscow days `first`..`last` (inclusive):
calls per hour and their outcomes, calls over the R15 limit, balance refusals and supervisor
overrides (D4), tickets by task type and priority (R9), visits done and late cancellations with
their charges (R8, D10), notifications worked and how fast (D9), and the written channels'
deadlines met or missed (R5/D11 HelpDesk, R18 claims). A figure the database does not record
is None, never a made-up zero; the export and the screen say so.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import Any
from zoneinfo import ZoneInfo

from peewee import JOIN, Field

from console.models import (
    AuditEvent,
    Call,
    Charge,
    Claim,
    Contract,
    HelpDeskQuestion,
    Notification,
    Operator,
    PriceItem,
    TaskType,
    Ticket,
    Visit,
)
from console.services.rows import first_tuple, tuples
from console.statuses import PENDING_NOTIFICATIONS, CallOutcome, NotificationStatus, VisitStatus

OUTCOME_KEYS = (CallOutcome.SOLVED, CallOutcome.TICKET, CallOutcome.CALLBACK, CallOutcome.REFUSED,
                CallOutcome.OUT_OF_SCOPE, CallOutcome.HUNG_UP, "open")  # open: not ended yet
# The dispatcher's answers on the notify list (D9); "superseded"/"withdrawn" are the planner's.
ANSWERED_NOTIFY = (NotificationStatus.CALLED, NotificationStatus.SMS,
                   NotificationStatus.CLIENT_CANCELS, NotificationStatus.AWAITING_SLOT)


@dataclass(frozen=True)
class LongCall:
    started: datetime  # Moscow time
    minutes: int
    outcome: str
    operator: str


@dataclass(frozen=True)
class Override:
    at: datetime  # Moscow time
    operator: str
    supervisor: str | None  # None: the database does not record who approved
    contract: str
    reason: str


@dataclass(frozen=True)
class TicketGroup:
    task_type: str  # the task type's code; names come from `task_names`
    priority: int
    count: int


@dataclass(frozen=True)
class Deadlines:
    """Items due in the period: answered in time, late, still open past due, open not yet due."""

    due: int = 0
    met: int = 0
    late: int = 0
    missed_open: int = 0
    open_not_due: int = 0


@dataclass(frozen=True)
class Figures:
    """The period's figures, plain data for the screen and the exports."""

    first: date
    last: date
    calls_by_hour: tuple[int, ...]  # 24 Moscow hours
    outcomes: dict[str, int]
    refusals: dict[str, int]  # refusal reason -> calls
    long_calls: tuple[LongCall, ...]
    call_limit_min: int
    overrides: tuple[Override, ...]
    tickets: tuple[TicketGroup, ...]
    task_names: dict[str, tuple[str, str]]  # code -> (Russian, English)
    visits_done: int
    visits_cancelled: int
    no_shows: int  # D18: nobody at the address or no access
    no_show_charged: int
    no_show_charged_kopecks: int
    no_show_waived: int
    late_charged: int  # R8/D10: late cancellations (item 1.1 not for a no-show)
    late_charged_kopecks: int
    late_waived: int
    notify_created: int
    notify_worked: dict[str, int]
    notify_median_min: int | None
    notify_max_min: int | None
    notify_pending: int
    helpdesk: Deadlines = field(default_factory=Deadlines)
    claims: Deadlines = field(default_factory=Deadlines)

    @property
    def calls(self) -> int:
        return sum(self.calls_by_hour)

    @property
    def balance_refusals(self) -> int:
        return self.refusals.get("balance", 0)


def _bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    if last < first:
        raise ValueError("the period ends before it starts")
    start = datetime.combine(first, time(0), tz).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time(0), tz).astimezone(UTC)
    return start, end


def _minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def read_figures(first: date, last: date, *, now: datetime, tz: ZoneInfo,
                 call_limit_min: int = 15, late_cancel_item: str = "1.1") -> Figures:
    """Read every figure of the period in one transaction (a consistent picture)."""
    start, end = _bounds(first, last, tz)
    with Call._meta.database.atomic():
        calls = _calls(start, end, tz, call_limit_min)
        overrides = _overrides(start, end, tz)
        tickets, names = _tickets(start, end)
        visits = _visits(start, end, late_cancel_item)
        notes = _notifications(start, end, now)
        helpdesk = _deadlines(HelpDeskQuestion, HelpDeskQuestion.answered_at, start, end, now)
        claims = _deadlines(Claim, Claim.replied_at, start, end, now)
    by_hour, outcomes, refusals, long_calls = calls
    return Figures(
        first=first, last=last, calls_by_hour=by_hour, outcomes=outcomes, refusals=refusals,
        long_calls=long_calls, call_limit_min=call_limit_min, overrides=overrides,
        tickets=tickets, task_names=names, **visits, **notes, helpdesk=helpdesk, claims=claims,
    )


def _calls(start: datetime, end: datetime, tz: ZoneInfo, limit_min: int
           ) -> tuple[tuple[int, ...], dict[str, int], dict[str, int], tuple[LongCall, ...]]:
    rows = (tuples(Call.select(Call.started_at, Call.ended_at, Call.outcome, Call.refusal_reason,
                               Call.over_15_min, Operator.name)
                   .join(Operator).where(Call.started_at >= start, Call.started_at < end)
                   .order_by(Call.started_at)))
    by_hour = [0] * 24
    outcomes = dict.fromkeys(OUTCOME_KEYS, 0)
    refusals: dict[str, int] = {}
    long_calls: list[LongCall] = []
    limit = timedelta(minutes=limit_min)
    for started, ended, outcome, reason, flagged, operator in rows:
        local = started.astimezone(tz)
        by_hour[local.hour] += 1
        outcomes[outcome or "open"] = outcomes.get(outcome or "open", 0) + 1
        if outcome == CallOutcome.REFUSED:
            refusals[reason or "other"] = refusals.get(reason or "other", 0) + 1
        length = (ended - started) if ended else None
        if flagged or (length is not None and length >= limit):  # R15
            long_calls.append(LongCall(local, _minutes(length) if length else limit_min,
                                       outcome or "open", operator))
    return tuple(by_hour), outcomes, refusals, tuple(long_calls)


def _overrides(start: datetime, end: datetime, tz: ZoneInfo) -> tuple[Override, ...]:
    """D4: every balance-gate lift, from the audit trail (the call names the contract)."""
    rows = (tuples(AuditEvent.select(AuditEvent.at, AuditEvent.operator, AuditEvent.entity_id,
                                     AuditEvent.details)
                   # A supervisor's own lift, or an operator's request a supervisor approved.
                   .where(AuditEvent.action.in_(("balance_override", "balance_override_approved")),
                          AuditEvent.at >= start, AuditEvent.at < end)
                   .order_by(AuditEvent.at)))
    found = []
    for at, operator, call_id, details in rows:
        info = json.loads(details or "{}")
        number = ""
        if call_id and call_id.isdigit():
            hit = first_tuple(Contract.select(Contract.number)
                              .join(Call, on=Call.contract == Contract.id)
                              .where(Call.id == int(call_id)))
            number = hit[0] if hit else ""
        found.append(Override(at.astimezone(tz), info.get("operator", operator),
                              info.get("supervisor"), number,
                              str(info.get("reason", ""))))
    return tuple(found)


def _tickets(start: datetime, end: datetime
             ) -> tuple[tuple[TicketGroup, ...], dict[str, tuple[str, str]]]:
    rows = (tuples(Ticket.select(TaskType.code, Ticket.priority, Ticket.id)
                   .join(TaskType).where(Ticket.created_at >= start, Ticket.created_at < end)))
    groups: dict[tuple[str, int], int] = {}
    for code, priority, _ in rows:
        groups[(code, priority)] = groups.get((code, priority), 0) + 1
    names = {code: (ru, en) for code, ru, en in
             tuples(TaskType.select(TaskType.code, TaskType.name_ru, TaskType.name_en))}
    ordered = sorted(groups.items(), key=lambda kv: (kv[0][1], -kv[1], kv[0][0]))
    return tuple(TicketGroup(code, prio, n) for (code, prio), n in ordered), names


def _visits(start: datetime, end: datetime, late_item: str) -> dict[str, Any]:
    def count(status: str) -> int:
        return Visit.select().where(Visit.status == status, Visit.start >= start,
                                    Visit.start < end).count()

    # Item 1.1 is charged for a late cancellation (R8) and for a no-show (D18); a no-show's
    # charge names its visit, whose status says which it was.
    charges = tuples(Charge.select(Charge.waived, Charge.amount_kopecks, Visit.status)
                     .join(PriceItem).switch(Charge).join(Visit, JOIN.LEFT_OUTER)
                     .where(PriceItem.code == late_item, Charge.created_at >= start,
                            Charge.created_at < end))
    figures = {"late": [0, 0, 0], "no_show": [0, 0, 0]}  # charged, kopecks, waived
    for waived, amount, visit_status in charges:
        kind = figures["no_show" if visit_status == VisitStatus.NO_SHOW else "late"]
        if waived:
            kind[2] += 1
        else:
            kind[0] += 1
            kind[1] += amount
    late, no_show = figures["late"], figures["no_show"]
    return {
        "visits_done": count(VisitStatus.DONE),
        "visits_cancelled": count(VisitStatus.CANCELLED),
        "no_shows": count(VisitStatus.NO_SHOW),
        "no_show_charged": no_show[0],
        "no_show_charged_kopecks": no_show[1],
        "no_show_waived": no_show[2],
        "late_charged": late[0],
        "late_charged_kopecks": late[1],
        "late_waived": late[2],
    }


def _notifications(start: datetime, end: datetime, now: datetime) -> dict[str, Any]:
    created = Notification.select().where(Notification.created_at >= start,
                                          Notification.created_at < end).count()
    worked: dict[str, int] = {}
    answers = (tuples(AuditEvent.select(AuditEvent.action)  # every answer, unreachable attempts too
                      .where(AuditEvent.action.startswith("notify_"), AuditEvent.at >= start,
                             AuditEvent.at < end)))
    for (action,) in answers:
        key = action.removeprefix("notify_")
        worked[key] = worked.get(key, 0) + 1
    rows = tuples(Notification.select(Notification.created_at, Notification.resolved_at)
                  .where(Notification.status.in_(ANSWERED_NOTIFY),
                         Notification.resolved_at >= start, Notification.resolved_at < end))
    waits = [_minutes(resolved - created_at) for created_at, resolved in rows]
    pending = Notification.select().where(
        Notification.status.in_(PENDING_NOTIFICATIONS), Notification.created_at < end,
        Notification.created_at <= now).count()
    return {
        "notify_created": created,
        "notify_worked": worked,
        "notify_median_min": int(median(waits)) if waits else None,
        "notify_max_min": max(waits) if waits else None,
        "notify_pending": pending,
    }


def _deadlines(model: type[HelpDeskQuestion] | type[Claim], done_field: Field[Any],
               start: datetime, end: datetime, now: datetime) -> Deadlines:
    """Items whose deadline falls in the period (D11): met, late, missed and still open."""
    rows = (tuples(model.select(model.due_at, done_field)
                   .where(model.due_at >= start, model.due_at < end)))
    met = late = missed = waiting = 0
    for due, done in rows:
        if done is not None:
            if done <= due:
                met += 1
            else:
                late += 1
        elif due < now:
            missed += 1
        else:
            waiting += 1
    return Deadlines(due=met + late + missed + waiting, met=met, late=late, missed_open=missed,
                     open_not_due=waiting)
