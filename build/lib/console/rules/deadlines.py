"""Deadlines of HelpDesk questions (R5) and claims (R18), as D11 reads them.

Pure: the calendar and every instant are arguments. Due times come back as aware datetimes in
the calendar's zone (Europe/Moscow); inputs may be in any zone but must be aware.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from console.rules.calendar import WorkingCalendar

HELPDESK_WORKING_DAYS = 1  # R5: "within one working day"
CLAIM_WORKING_DAYS = 14  # R18: "within 14 working days"


def helpdesk_due(
    cal: WorkingCalendar, received: datetime, working_days: int = HELPDESK_WORKING_DAYS
) -> datetime:
    """When a HelpDesk question must be answered (R5, D11).

    One working day is one service day (10:00-18:00) of service time, counted only inside
    service hours of working days: Monday 15:00 -> Tuesday 15:00; Friday 20:00 -> Monday 18:00.
    """
    if working_days < 0:
        raise ValueError(f"working_days must be >= 0, got {working_days}")
    return cal.add_service_time(received, working_days * cal.service_day)


def claim_due(
    cal: WorkingCalendar, received: datetime, working_days: int = CLAIM_WORKING_DAYS
) -> datetime:
    """When a claim must be answered: closing time of the 14th working day after (R18, D11).

    The day received is the Moscow date, whatever the hour or the zone of `received`, and it
    never counts itself: a claim received on 2026-12-25 is due 2027-01-25 18:00.
    """
    if working_days < 0:
        raise ValueError(f"working_days must be >= 0, got {working_days}")
    received_day = cal.local(received).date()
    return cal.closing(cal.add_working_days(received_day, working_days))


def is_overdue(due: datetime, now: datetime) -> bool:
    """True once `now` is past `due`; at the due instant itself it is not yet overdue."""
    return _utc(now) > _utc(due)


def time_left(due: datetime, now: datetime) -> timedelta:
    """Real time until `due` (negative when overdue), whatever zones the two are in."""
    # In UTC, because subtracting two datetimes that share a tzinfo ignores offset changes.
    return _utc(due) - _utc(now)


def _utc(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"naive datetime {at.isoformat()}: pass a timezone-aware datetime")
    return at.astimezone(UTC)
