"""The desired date and time of a visit, as the dispatcher types it (R3, R6).

Pure: `now` and the working calendar are arguments; every result is an aware datetime in the
calendar's zone (Europe/Moscow, D1). What is accepted (case-insensitive; `в`/`во`/`at`/`on`
and commas are ignored):

- ``25.11 14:30``, ``25.11.2026 14:30``, ``25.11.26 14:30``, ``25.11 14`` (hour only);
  dates take ``.``, ``/`` or ``-`` (one kind per date), times ``:``, ``.`` or ``-``;
- ``14:30`` alone: today. A lone time needs the colon: a lone ``14.30`` could be a date, so it is
  refused as ambiguous, and a lone valid ``DD.MM`` (``10.11``) asks for a time too;
- ``сегодня``/``today``, ``завтра``/``tomorrow``, ``послезавтра`` + a time;
- a weekday (``пн``..``вс``, ``понедельник``..``воскресенье`` incl. ``среду``/``пятницу``/
  ``субботу``, ``mon``..``sun``, ``monday``..``sunday``) + a time: the next such day, today when
  it is that weekday and the time is still ahead;
- the time first, with a colon: ``14:30 завтра``.

A date without a year is this year's when the day has not passed yet, else next year's (so
``25.11`` typed on 30.11 is next year's); a time earlier today is refused as past, never moved
to another day. The typed minute is kept (no snapping). A visit must start and end inside the
R3 window (10:30-17:00) of a working day (R4), not in the past and at most a year ahead.
Refusals carry an English error key (translated by the UI; placeholders filled from
`WhenResult.error_args`) and the nearest valid starts as suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from console.rules.calendar import MAX_YEAR, MOSCOW, WorkingCalendar
from console.rules.validation import ERR_CONTROL, has_control

ONE_HOUR = timedelta(hours=1)
MAX_INPUT = 64  # characters; longer is not a date typed by hand
MAX_AHEAD = timedelta(days=366)
_QUARTER = 15  # minutes: a suggestion made from "now" starts on a quarter hour

ERR_EMPTY = "Give the desired date and time of the visit"
ERR_UNRECOGNISED = "Not understood: type e.g. 25.11 14:30, tomorrow 11 or fri 10:30"
ERR_NEED_TIME = "Give a time too, e.g. 25.11 14:30"
ERR_AMBIGUOUS = "Write the time with a colon (14:30), or put the date or day first"
ERR_NO_SUCH_DATE = "No such date"
ERR_NO_SUCH_TIME = "No such time"
ERR_PAST = "That time has already passed"
ERR_TOO_FAR = "That is more than a year ahead"
ERR_DAY_OFF = "{date} is a day off"
ERR_HOLIDAY = "{date} is a day off: {name}"
ERR_TOO_EARLY = "Technicians visit from {start} to {end}: start at {start} at the earliest"
ERR_TOO_LATE = "A {minutes}-minute visit must end by {end}: start at {latest} at the latest"
ERR_TOO_LONG = "A {minutes}-minute visit does not fit the visit window {start}-{end}"
# The same limits said of a callback (R1: a call, within the phone hours), not of a visit.
CALL_WORDING = {
    ERR_TOO_EARLY: "Calls are made from {start} to {end}: call at {start} at the earliest",
    ERR_TOO_LATE: "A {minutes}-minute call must end by {end}: call at {latest} at the latest",
    ERR_TOO_LONG: "A {minutes}-minute call does not fit the phone hours {start}-{end}",
}

MESSAGES: tuple[str, ...] = (
    ERR_EMPTY, ERR_UNRECOGNISED, ERR_NEED_TIME, ERR_AMBIGUOUS, ERR_NO_SUCH_DATE,
    ERR_NO_SUCH_TIME, ERR_PAST, ERR_TOO_FAR, ERR_DAY_OFF, ERR_HOLIDAY, ERR_TOO_EARLY,
    ERR_TOO_LATE, ERR_TOO_LONG,
)

_RELATIVE = {"сегодня": 0, "today": 0, "завтра": 1, "tomorrow": 1, "послезавтра": 2}
_WEEKDAYS = {
    word: weekday
    for weekday, words in enumerate((
        ("пн", "понедельник", "mon", "monday"),
        ("вт", "вторник", "tue", "tues", "tuesday"),
        ("ср", "среда", "среду", "wed", "wednesday"),
        ("чт", "четверг", "thu", "thur", "thurs", "thursday"),
        ("пт", "пятница", "пятницу", "fri", "friday"),
        ("сб", "суббота", "субботу", "sat", "saturday"),
        ("вс", "воскресенье", "sun", "sunday"),
    ))
    for word in words
}
_FILLERS = frozenset({"в", "во", "at", "on"})
_DATE = re.compile(r"([0-9]{1,2})([./-])([0-9]{1,2})(?:\2([0-9]{2}|[0-9]{4}))?")
_TIME = re.compile(r"([0-9]{1,2})(?:[:.-]([0-9]{2}))?")
_COLON_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})")


@dataclass(frozen=True)
class WhenResult:
    """A parsed desired time, or why not and the nearest valid starts (R3, R6)."""

    ok: bool
    value: datetime | None
    error_key: str | None
    suggestions: tuple[datetime, ...]
    error_values: tuple[tuple[str, str], ...] = ()  # placeholders of error_key, as text

    @property
    def error_args(self) -> dict[str, str]:
        """The placeholders for `t(result.error_key, **result.error_args)`."""
        return dict(self.error_values)


def format_when(value: datetime, tz: ZoneInfo = MOSCOW, *, with_year: bool = False) -> str:
    """'25.11 14:30' (or '25.11.2026 14:30'): the form `parse_when` reads back."""
    return value.astimezone(tz).strftime("%d.%m.%Y %H:%M" if with_year else "%d.%m %H:%M")


def parse_when(
    text: str, *, now: datetime, calendar: WorkingCalendar, duration: timedelta = ONE_HOUR
) -> WhenResult:
    """Read the desired visit time typed by the dispatcher and check it (R3, R6).

    Never raises for any text; raises for a naive `now` or a non-positive `duration`, which are
    the caller's mistakes.
    """
    _check_duration(duration)
    now = calendar.local(now)
    parsed = _parse(text, now)
    if isinstance(parsed, str):
        return WhenResult(False, None, parsed, ())
    return _judge(parsed, now, calendar, duration)


def check_when(
    value: datetime, *, now: datetime, calendar: WorkingCalendar, duration: timedelta = ONE_HOUR
) -> WhenResult:
    """Check a desired visit start that is already a datetime (R3, R4), with suggestions."""
    _check_duration(duration)
    return _judge(calendar.local(value), calendar.local(now), calendar, duration)


def _check_duration(duration: timedelta) -> None:
    if duration <= timedelta(0):
        raise ValueError(f"a visit's duration must be positive, got {duration}")


# -- reading the text -------------------------------------------------------------------------
def _parse(text: str, now: datetime) -> datetime | str:
    """The typed instant in now's zone, or an error key. Checks nothing about the calendar."""
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        return ERR_EMPTY
    if len(text) > MAX_INPUT:
        return ERR_UNRECOGNISED
    if has_control(text):
        return ERR_CONTROL
    tokens = [_word(tok) for tok in text.casefold().replace(",", " ").split()]
    tokens = [tok for tok in tokens if tok not in _FILLERS]
    if not tokens:
        return ERR_EMPTY
    if len(tokens) == 1:
        return _lone(tokens[0], now)
    if len(tokens) == 2:
        day_tok, time_tok = tokens
        if _COLON_TIME.fullmatch(day_tok) and not _COLON_TIME.fullmatch(time_tok):
            day_tok, time_tok = time_tok, day_tok  # "14:30 завтра"
        return _day_and_time(day_tok, time_tok, now)
    return ERR_UNRECOGNISED


def _word(token: str) -> str:
    """'пн.' -> 'пн': a trailing dot after a word is an abbreviation, not a separator."""
    bare = token.rstrip(".")
    return bare if bare.isalpha() else token


def _lone(token: str, now: datetime) -> datetime | str:
    """A single token: a time with a colon is today; a day or date alone needs a time."""
    if m := _COLON_TIME.fullmatch(token):
        clock = _clock(m[1], m[2])
        return ERR_NO_SUCH_TIME if clock is None else _at(now.date(), clock, now)
    if token in _RELATIVE or token in _WEEKDAYS:
        return ERR_NEED_TIME
    if m := _DATE.fullmatch(token):
        day = _date_of(m, now)
        if isinstance(day, date):
            return ERR_NEED_TIME
        if m[4] is None and _clock(m[1], m[3]) is not None:
            return ERR_AMBIGUOUS  # "14.30": not a date, and a lone time needs the colon
        return day
    if _TIME.fullmatch(token):
        return ERR_AMBIGUOUS  # "14": an hour or a day of the month?
    return ERR_UNRECOGNISED


def _day_and_time(day_tok: str, time_tok: str, now: datetime) -> datetime | str:
    tm = _TIME.fullmatch(time_tok)
    if tm is None:
        return ERR_UNRECOGNISED
    weekday: int | None = None
    if day_tok in _RELATIVE:
        day: date | str = now.date() + timedelta(days=_RELATIVE[day_tok])
    elif day_tok in _WEEKDAYS:
        weekday = _WEEKDAYS[day_tok]
        day = now.date() + timedelta(days=(weekday - now.weekday()) % 7)
    elif m := _DATE.fullmatch(day_tok):
        day = _date_of(m, now)
    else:
        return ERR_UNRECOGNISED
    if isinstance(day, str):
        return day
    clock = _clock(tm[1], tm[2] or "00")
    if clock is None:
        return ERR_NO_SUCH_TIME
    value = _at(day, clock, now)
    if weekday is not None and value < now:
        value += timedelta(days=7)  # that weekday today, but the time has passed: next week
    return value


def _date_of(m: re.Match[str], now: datetime) -> date | str:
    """The date of a DD.MM[.YY[YY]] match; without a year, the next such day from today."""
    day, month, year_text = int(m[1]), int(m[3]), m[4]
    if year_text is None:
        year = now.year if (month, day) >= (now.month, now.day) else now.year + 1
    else:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
    try:
        return date(year, month, day)
    except ValueError:  # 31.02, 32.01, 13th month, year 0
        return ERR_NO_SUCH_DATE


def _clock(hour: str, minute: str) -> time | None:
    h, m = int(hour), int(minute)
    return time(h, m) if h < 24 and m < 60 else None  # 24:00 and 10:60 do not exist


def _at(day: date, clock: time, now: datetime) -> datetime:
    return datetime.combine(day, clock, tzinfo=now.tzinfo)


# -- judging the instant ----------------------------------------------------------------------
def _problem(
    value: datetime, now: datetime, cal: WorkingCalendar, duration: timedelta
) -> tuple[str, dict[str, str]] | None:
    """Why `value` cannot be a visit start (error key and placeholders), or None if it can."""
    start_t, end_t = cal.visit_window
    span = datetime.combine(date.min, end_t) - datetime.combine(date.min, start_t)
    minutes = str(int(duration.total_seconds() // 60))
    hours = {"start": f"{start_t:%H:%M}", "end": f"{end_t:%H:%M}"}
    if duration > span:
        return ERR_TOO_LONG, {"minutes": minutes, **hours}
    if value < now:
        return ERR_PAST, {}
    if value - now > MAX_AHEAD or value.year > MAX_YEAR:
        return ERR_TOO_FAR, {}
    window = cal.visit_window_on(value.date())
    if window is None:  # R4: a weekend, a holiday or a transferred day off
        shown = f"{value:%d.%m.%Y}"
        name = cal.day(value.date()).name
        return (ERR_HOLIDAY, {"date": shown, "name": name}) if name else (
            ERR_DAY_OFF, {"date": shown})
    start, end = window
    if value < start:  # R3: the window opens at 10:30
        return ERR_TOO_EARLY, hours
    if value + duration > end:  # R3: the visit must also end inside the window
        return ERR_TOO_LATE, {"minutes": minutes, "latest": f"{end - duration:%H:%M}", **hours}
    return None


def _judge(value: datetime, now: datetime, cal: WorkingCalendar, duration: timedelta) -> WhenResult:
    problem = _problem(value, now, cal, duration)
    if problem is None:
        return WhenResult(True, value, None, ())
    key, values = problem
    return WhenResult(
        False, None, key, _suggest(key, value, now, cal, duration), tuple(values.items())
    )


def _suggest(
    key: str, value: datetime, now: datetime, cal: WorkingCalendar, duration: timedelta
) -> tuple[datetime, ...]:
    """The nearest valid starts for a refused `value`, each passing `_problem`."""
    typed, day = value.time(), value.date()

    def window(d: date) -> tuple[datetime, datetime]:
        bounds = cal.visit_window_on(d)
        assert bounds is not None  # only asked for working days
        return bounds

    def fit(d: date) -> datetime:  # the typed time on day d, moved just inside the window
        start, end = window(d)
        return min(max(datetime.combine(d, typed, tzinfo=now.tzinfo), start), end - duration)

    def working_days_after(d: date, n: int) -> list[date]:
        found: list[date] = []
        while len(found) < n:
            d = cal.next_working_day(d)
            found.append(d)
        return found

    candidates: list[datetime | None]
    if key == ERR_PAST:  # the earliest start from now, then the typed time on the next days
        candidates = [_earliest_from(now, cal, duration)]
        candidates += [fit(d) for d in working_days_after(now.date(), 3)]
        limit = 3
    elif key in (ERR_DAY_OFF, ERR_HOLIDAY):  # the same time on the next working days
        candidates, limit = [fit(d) for d in working_days_after(day, 3)], 3
    elif key in (ERR_TOO_EARLY, ERR_TOO_LATE):  # that day's nearest start, then 10:30 next
        candidates = [fit(day), *(window(d)[0] for d in working_days_after(day, 2))]
        limit = 2
    else:
        return ()
    chosen: list[datetime] = []
    for c in candidates:
        if c is not None and c not in chosen and _problem(c, now, cal, duration) is None:
            chosen.append(c)
    return tuple(chosen[:limit])


def _earliest_from(now: datetime, cal: WorkingCalendar, duration: timedelta) -> datetime | None:
    """The first quarter-hour start at or after `now` on today's window, if one still fits."""
    window = cal.visit_window_on(now.date())
    if window is None:
        return None
    start, end = window
    t = now.replace(second=0, microsecond=0)
    if t < now:
        t += timedelta(minutes=1)
    t += timedelta(minutes=-t.minute % _QUARTER)
    t = max(t, start)
    return t if t + duration <= end else None


class PhoneHours:
    """A calendar whose 'visit window' is the service hours (R1): for booking a callback,
    which is a phone call, not a technician's visit (R3)."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self._cal = calendar
        self.visit_window = calendar.service_hours
        self.tz = calendar.tz

    def visit_window_on(self, d: date) -> tuple[datetime, datetime] | None:
        if not self._cal.is_working_day(d):
            return None
        return self._cal.opening(d), self._cal.closing(d)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cal, name)
