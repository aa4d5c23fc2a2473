"""Callbacks as work items (R1, R15, D6): when one is due, when an unreachable one comes back.

A callback is a phone call the dispatcher makes, so it keeps to the phone hours (R1: 10:00-18:00
on working days), not to the technicians' visit window. Pure functions: the clock is an argument.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from console.rules.calendar import ServiceMode, WorkingCalendar

RETRY_AFTER = timedelta(minutes=15)  # an unreachable client is tried again after this
TOPIC_LIMIT = 500


def in_phone_hours(at: datetime, calendar: WorkingCalendar) -> bool:
    """R1: may the dispatcher phone a client at `at`?"""
    return calendar.service_mode(at) is ServiceMode.OPEN


def is_due(due_at: datetime | None, now: datetime) -> bool:
    """A callback is due from its booked time on (and stays due until it is worked off)."""
    return due_at is not None and due_at <= now


def retry_at(now: datetime, calendar: WorkingCalendar, delay: timedelta = RETRY_AFTER) -> datetime:
    """When to try an unreachable client again: `delay` later, or the next phone-hours opening
    if that falls outside them (never at night, never on a day off)."""
    return calendar.next_opening(now + delay)


def phones_mobile_first(phones: tuple[tuple[str, bool], ...]) -> list[tuple[str, bool]]:
    """The contract's phones, mobile numbers first (a callback reaches a person, not a flat),
    otherwise in the order billing gave them."""
    return sorted(phones, key=lambda p: not p[1])
