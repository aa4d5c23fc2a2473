"""A seeded day whose every count is known, for the summary (F7, `support-console report`).

Tuesday 2026-11-24, Moscow time; the clock reads 16:00. Each figure below is what the report
must show; a row outside the day sits beside each kind of row, to prove the day's bounds.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

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
    Technician,
    Ticket,
    Visit,
)

MSK = ZoneInfo("Europe/Moscow")
DAY = datetime(2026, 11, 24, tzinfo=MSK).date()
NOW = datetime(2026, 11, 24, 16, 0, tzinfo=MSK)

EXPECTED = {
    "calls": 9,
    "by_hour": {0: 1, 10: 3, 11: 3, 14: 2},
    "outcomes": {"solved": 1, "ticket": 2, "callback": 1, "refused": 2, "out_of_scope": 1,
                 "hung_up": 1, "open": 1},
    "balance_refusals": 1,
    "long_calls": 2,  # 10:20 flagged at 15:00, 11:50 lasted 20 minutes
    "overrides": 1,
    "tickets": {("no_link", 2): 3, ("router_setup", 4): 1},
    "visits_done": 2,
    "visits_cancelled": 1,
    "late_charged": 1,
    "late_charged_kopecks": 150_000,
    "late_waived": 1,
    "no_shows": 2,
    "no_show_charged": 1,
    "no_show_charged_kopecks": 150_000,
    "no_show_waived": 1,
    "notify_created": 3,
    "notify_worked": {"called": 1, "sms": 1, "unreachable": 1},
    "notify_median_min": 60,
    "notify_max_min": 90,
    "notify_pending": 1,
    "helpdesk": (4, 1, 1, 1, 1),  # due, met, late, missed (open), open not yet due
    "claims": (2, 1, 0, 1, 0),
}


def at(hh: int, mm: int = 0, day: int = 24) -> datetime:
    return datetime(2026, 11, day, hh, mm, tzinfo=MSK).astimezone(UTC)


def seed_day() -> None:
    """Write the day into the open database (reference data already synced)."""
    operator = Operator.get(Operator.login == "tester")
    contract = Contract.create(number="77-000001", number_key="77000001", surname="Отчётова",
                               surname_key="отчетова", balance_kopecks=-5000)
    calls = [  # (start, minutes or None for still open, outcome, refusal, flagged)
        (at(23, 30, day=23), 2, "solved", None, False),  # the day before: not counted
        (at(0, 10), 3, "ticket", None, False),  # answering-hours intake right after midnight
        (at(10, 5), 3, "solved", None, False),
        (at(10, 20), 16, "ticket", None, True),
        (at(10, 40), 2, "refused", "not_verified", False),
        (at(11, 10), 4, "refused", "balance", False),
        (at(11, 30), 1, "out_of_scope", None, False),
        (at(11, 50), 20, "callback", None, False),
        (at(14, 0), 1, "hung_up", None, False),
        (at(14, 30), None, None, None, False),
        (at(0, 5, day=25), 1, "solved", None, False),  # the day after
    ]
    ids = []
    for start, minutes, outcome, reason, flagged in calls:
        ended = start + timedelta(minutes=minutes) if minutes is not None else None
        ids.append(Call.create(started_at=start, ended_at=ended, operator=operator,
                               contract=contract, verified=True, outcome=outcome,
                               refusal_reason=reason, over_15_min=flagged).id)
    AuditEvent.create(at=at(11, 12), operator="tester", action="balance_override",
                      entity="call", entity_id=str(ids[5]),
                      details=json.dumps({"reason": "обещал оплатить сегодня"}))
    AuditEvent.create(at=at(11, 12, day=23), operator="tester", action="balance_override",
                      entity="call", entity_id=str(ids[0]), details="{}")

    no_link, router = TaskType.get(code="no_link"), TaskType.get(code="router_setup")
    tickets = [Ticket.create(contract=contract, task_type=tt, priority=tt.priority,
                             created_at=created, updated_at=created)
               for tt, created in [(no_link, at(10, 25)), (no_link, at(11, 0)),
                                   (no_link, at(0, 12)), (router, at(12, 0)),
                                   (router, at(17, 0, day=23))]]
    tech = Technician.create(name="Сидоров П. И.")
    visits = {}
    for status, start in [("done", at(11, 0)), ("done", at(13, 0)), ("cancelled", at(15, 0)),
                          ("done", at(11, 0, day=23)), ("planned", at(16, 30)),
                          ("no_show", at(12, 0)), ("no_show", at(14, 0))]:
        visits.setdefault(status, []).append(Visit.create(
            ticket=tickets[0], technician=tech, start=start, end=start + timedelta(hours=1),
            status=status))
    item = PriceItem.get(code="1.1")
    no_shows = visits["no_show"]
    # (waived, created, the no-show visit or None for a late cancellation)
    for waived, created, visit in [(False, at(14, 10), None), (True, at(14, 20), None),
                                   (False, at(9, 0, day=23), None),
                                   (False, at(13, 30), no_shows[0]),
                                   (True, at(15, 30), no_shows[1])]:
        Charge.create(contract=contract, item=item, amount_kopecks=150_000, ticket=tickets[0],
                      waived=waived, waiver_reason="ошибка" if waived else None,
                      created_at=created, created_by=operator, visit=visit)

    notes = [  # (created, status, resolved)
        (at(10, 30), "called", at(11, 0)),
        (at(11, 0), "sms", at(12, 30)),
        (at(12, 0), "pending", None),
        (at(12, 0, day=23), "superseded", at(13, 0, day=23)),
    ]
    for created, status, resolved in notes:
        Notification.create(ticket=tickets[1], old_start=at(13, 0), new_start=at(15, 0),
                            reason="shifted", status=status, created_at=created,
                            resolved_at=resolved)
    for action, when in [("notify_called", at(11, 0)), ("notify_sms", at(12, 30)),
                         ("notify_unreachable", at(12, 10)),
                         ("notify_called", at(12, 10, day=23))]:
        AuditEvent.create(at=when, operator="tester", action=action, entity="ticket",
                          entity_id=str(tickets[1].id), details="{}")

    for due, answered in [(at(12, 0), at(11, 0)), (at(13, 0), at(14, 0)), (at(12, 0), None),
                          (at(17, 0), None), (at(12, 0, day=23), None)]:
        HelpDeskQuestion.create(received_at=due - timedelta(days=1), due_at=due,
                                answered_at=answered, answer="да" if answered else None)
    for due, replied in [(at(18, 0), at(10, 0)), (at(9, 0), None), (at(18, 0, day=25), None)]:
        Claim.create(received_at=due - timedelta(days=20), due_at=due, replied_at=replied,
                     status="answered" if replied else "registered")
