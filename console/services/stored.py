"""Stored values read straight from the driver, for the queries that read every open ticket.

peewee converts each field of each row through the field's `python_value`; at 10,000 open
tickets that conversion cost more than the query (the queue's load: ~170 of 230 ms). The hot
queries take the driver's rows as they are and convert only their time columns here, exactly
as models.UTCDateTimeField and peewee's DateField would.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import overload

from peewee import DateField

from console.models import UTCDateTimeField

_TIME = UTCDateTimeField()
_DATE = DateField()


@overload
def stored_time(value: str | datetime) -> datetime: ...
@overload
def stored_time(value: None) -> None: ...
def stored_time(value: str | datetime | None) -> datetime | None:
    """A stored time as models.UTCDateTimeField gives it (aware, UTC); the common case fast."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)  # 'YYYY-MM-DD HH:MM:SS[.ffffff]'
        except ValueError:
            parsed: datetime | None = _TIME.python_value(value)
            return parsed
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def stored_date(value: str | date | None) -> date | None:
    """A stored day as peewee's DateField gives it."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            day: date | None = _DATE.python_value(value)  # type: ignore[no-untyped-call]
            return day
    return value
