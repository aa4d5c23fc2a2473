"""How old the balance billing gave us is (R14): an old one may no longer be true.

Billing imports date every balance (`balance_as_of`). A verdict given on a balance older than the
policy limit (`balance_max_age_hours`, default 24) is flagged: the caller may have paid, or run
into debt, since. Pure: the clock is an argument.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def balance_age(as_of: datetime | None, now: datetime) -> timedelta | None:
    """How long ago the balance was true in billing; None when billing gave no date."""
    return None if as_of is None else max(timedelta(0), now - as_of)


def balance_is_stale(as_of: datetime | None, now: datetime, max_age_hours: int) -> bool:
    """Older than the limit, or of unknown date (an undated balance cannot be trusted either)."""
    age = balance_age(as_of, now)
    return age is None or age > timedelta(hours=max_age_hours)


def age_parts(age: timedelta) -> tuple[int, str]:
    """(n, unit) for saying an age: whole days from two days on, else whole hours."""
    hours = int(age.total_seconds() // 3600)
    return (hours // 24, "d") if hours >= 48 else (hours, "h")
