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
        # The same texts come back on every read of the queue (creation times, ETAs on the
        # 5-minute grid): a look-up is ~20x cheaper than parsing and attaching the zone.
        known = _PARSED.get(value)
        if known is not None:
            return known
        parsed = _parse(value)
        if parsed is not None:
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()  # a bound, not an LRU: refilled by the next read
            _PARSED[value] = parsed
        return parsed
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


# Stored text -> its aware time. Shared by the worker threads; each entry is immutable and a
# dict's get/set is atomic, so a race costs at most one parse twice.
_PARSED: dict[str, datetime] = {}
_PARSED_MAX = 50_000  # 10,000 open tickets need ~15,000; ~12 MB at most


def _parse(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)  # 'YYYY-MM-DD HH:MM:SS[.ffffff]'
    except ValueError:
        parsed: datetime | None = _TIME.python_value(value)
        return parsed
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def stored_date(value: str | date | None) -> date | None:
    """A stored day as peewee's DateField gives it."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            day: date | None = _DATE.python_value(value)  # type: ignore[no-untyped-call]
            return day
    return value
