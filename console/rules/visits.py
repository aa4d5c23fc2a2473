"""Where a visit may stand (R3, R4, D1, D8): pure checks shared by booking, moving and the grid.

No database and no clock of its own: `now`, the calendar and the technician's other visits are
arguments. Each refusal is an English sentence key the UI translates; the services raise it and
the F4 screen shows it next to the cursor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

OVERRUN_STEP = timedelta(minutes=15)  # an overrunning visit keeps its technician this much more

ERR_PAST = "The visit cannot start in the past"
ERR_DAY_OFF = "That day is a day off: no visits"
ERR_WINDOW = "A visit must start and end inside the visit window {start}-{end} (R3)"
ERR_TECH_OFF = "The technician does not work that day: {reason}"
ERR_TECH_INACTIVE = "The technician is deactivated"
ERR_OVERLAP = "The technician already has a visit then: {ticket} {start}-{end}"


class PlacementRefused(ValueError):
    """A visit cannot stand there; `args[0]` is the sentence key, `values` its placeholders."""

    def __init__(self, key: str, **values: str) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def overrun_end(end: datetime, now: datetime, step: timedelta = OVERRUN_STEP) -> datetime:
    """A visit in progress past its planned end keeps its technician busy: the end moves on in
    `step`s, always a little ahead of now, so the planner pushes his later visits (D8)."""
    if now < end:
        return end
    steps = (now - end) // step + 1
    return end + step * steps


def check_placement(
    start: datetime,
    end: datetime,
    *,
    now: datetime,
    calendar,
    technician_active: bool = True,
    technician_off: str | None = None,
    others: Iterable[tuple[int, datetime, datetime]] = (),
) -> None:
    """Refuse a visit at [start, end) for one technician (raises PlacementRefused).

    `technician_off` is the reason of his day off that day (None: he works); `others` are his
    other visits that hold time (ticket id, start, end).
    """
    if not technician_active:
        raise PlacementRefused(ERR_TECH_INACTIVE)
    if start < now:
        raise PlacementRefused(ERR_PAST)
    local = calendar.local(start)
    window = calendar.visit_window_on(local.date())
    if window is None:
        raise PlacementRefused(ERR_DAY_OFF)
    if start < window[0] or end > window[1]:
        ws, we = calendar.visit_window
        raise PlacementRefused(ERR_WINDOW, start=f"{ws:%H:%M}", end=f"{we:%H:%M}")
    if technician_off is not None:
        raise PlacementRefused(ERR_TECH_OFF, reason=technician_off or "—")
    for ticket_id, o_start, o_end in others:
        if o_start < end and start < o_end:
            tz = calendar.tz
            raise PlacementRefused(ERR_OVERLAP, ticket=f"№{ticket_id}",
                                   start=f"{o_start.astimezone(tz):%H:%M}",
                                   end=f"{o_end.astimezone(tz):%H:%M}")


def day_range(d: date, calendar) -> tuple[datetime, datetime]:
    """Midnight to midnight of `d` in the calendar's zone."""
    start = datetime.combine(d, datetime.min.time(), tzinfo=calendar.tz)
    return start, start + timedelta(days=1)


_CITY = re.compile(r"^\s*г\.\s*[^,]+,\s*")
_STREET_KIND = re.compile(
    r"^(ул\.|пр-т|просп\.|пр\.|бул\.|пер\.|ш\.|наб\.|б-р|пл\.|алл\.|проезд|туп\.)\s*|"
    r"\s+(ул\.|пр-т|ш\.|пер\.|наб\.|б-р|алл\.)$")


@lru_cache(maxsize=4096)
def short_address(address: str) -> str:
    """'г. Москва, ул. Профсоюзная, д. 12 к. 2, кв. 34' -> 'Профсоюзная 12к2-34' (grid blocks)."""
    text = _CITY.sub("", address or "").strip()
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts:
        return ""
    street = _STREET_KIND.sub("", parts[0]).strip() or parts[0]
    house, flat = "", ""
    for part in parts[1:]:
        low = part.casefold()
        if low.startswith("д."):
            house = part[2:].strip().replace(" к. ", "к").replace(" ", "")
        elif low.startswith(("кв.", "офис", "оф.")):
            flat = part.split(None, 1)[-1] if " " in part else part
    text = f"{street} {house}".strip()
    return f"{text}-{flat}" if flat else text


def parse_day(text: str, now: datetime) -> date | str:
    """A day typed as in the ticket form (`25.12`, `25.12.2026`, `пн`, `завтра`), or an error
    key. Any day may be looked at, a day off or the past included (only booking is checked)."""
    from console.rules.when import ERR_EMPTY, _parse

    if not text.strip():
        return ERR_EMPTY
    value = _parse(f"{text.strip()} 12:00", now)
    return value if isinstance(value, str) else value.date()


ERR_RANGE = "Give the days as 01.12.2026..05.12.2026 (or one day)"
ERR_RANGE_BACKWARDS = "The range ends before it starts"
ERR_RANGE_LONG = "A range of days off is at most a year"


def parse_range(text: str, now: datetime) -> tuple[date, date] | str:
    """'2026-12-01..2026-12-05', '01.12..05.12', '25.12' -> (first, last), or an error key."""
    parts = [p.strip() for p in (text or "").split("..")]
    if len(parts) not in (1, 2) or not all(parts):
        return ERR_RANGE
    days = []
    for part in parts:
        try:
            days.append(date.fromisoformat(part))
            continue
        except ValueError:
            pass
        value = parse_day(part, now)
        if isinstance(value, str):
            return ERR_RANGE
        days.append(value)
    first, last = days[0], days[-1]
    if last < first:
        return ERR_RANGE_BACKWARDS
    if (last - first).days > 366:
        return ERR_RANGE_LONG
    return first, last
