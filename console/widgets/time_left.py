"""'осталось 3 ч 20 мин' / 'просрочено на 1 раб. день': a deadline in service time (D11)."""

from __future__ import annotations

from datetime import datetime, timedelta

from console.i18n import language, t
from console.rules.calendar import WorkingCalendar


def plural_ru(n: int) -> int:
    """Russian plural form: 0 for 1/21/31.., 1 for 2-4/22-24.., 2 for the rest."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return 1
    return 2


def _hours(span: timedelta) -> tuple[int, int]:
    minutes = int(span.total_seconds() // 60)
    return minutes // 60, minutes % 60


def _duration(span: timedelta) -> str:
    hours, minutes = _hours(span)
    if not hours:
        return t("{m} min", m=minutes)
    return t("{h} h {m} min", h=hours, m=minutes)


def _days(n: int) -> str:
    form = plural_ru(n) if language() == "ru" else (0 if n == 1 else 2)
    key = ("{n} working day", "{n} working days (2-4)", "{n} working days")[form]
    return t(key, n=n)


def time_left_text(cal: WorkingCalendar, due: datetime, now: datetime) -> str:
    """Service time left until `due`, or how late it is (in working days once a day late)."""
    if now <= due:
        return t("{time} left", time=_duration(cal.service_time_between(now, due)))
    late = cal.service_time_between(due, now)
    days = late // cal.service_day
    if days >= 1:
        return t("overdue by {time}", time=_days(days))
    if late >= timedelta(minutes=1):
        return t("overdue by {time}", time=_duration(late))
    return t("overdue")
