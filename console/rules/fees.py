"""Charges under Price List No. 3 (R8, R12, D10): when a cancellation costs the client."""

from __future__ import annotations

from datetime import datetime, timedelta

CANCEL_NOTICE = timedelta(hours=1)  # R8: "no later than 1 hour before the appointed time"


def is_late_cancellation(
    told_start: datetime | None, now: datetime, notice: timedelta = CANCEL_NOTICE
) -> bool:
    """R8/D10: less than `notice` left before the time the client was told.

    Exactly one hour before is still in time ("не позднее чем за час"). A client never told a
    time has no appointment to miss, so nothing is charged.
    """
    if told_start is None:
        return False
    return told_start - now < notice


def notice_minute(at: datetime) -> datetime:
    """R8/D10: notice is compared at minute resolution, as the told time is given."""
    return at.replace(second=0, microsecond=0)


def money(kopecks: int) -> str:
    """'1 000,00 ₽' — roubles for the screen; money stays integer kopecks everywhere else."""
    sign = "-" if kopecks < 0 else ""
    roubles, kop = divmod(abs(kopecks), 100)
    # No-break spaces: "1 000,00 ₽" never wraps inside the number or away from its sign.
    return f"{sign}{roubles:,}".replace(",", "\u00a0") + f",{kop:02d}\u00a0₽"
