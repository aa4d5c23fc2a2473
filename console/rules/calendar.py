"""The working calendar: which days are working days and when the service is open (D1).

Pure: no database, no UI and no clock of its own; every instant is an argument. Working days
follow the Russian production calendar of the `holidays` package (public holidays, transferred
days off, working Saturdays) plus local overrides from `data/calendar_overrides.toml` (R4).
Everything is computed in Europe/Moscow; callers may pass instants in any time zone.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from holidays.countries.russia import Russia

MOSCOW = ZoneInfo("Europe/Moscow")
MIN_YEAR, MAX_YEAR = 2000, 2100  # a loop that walks days always ends inside this range
_ONE_DAY = timedelta(days=1)
# The package names transferred days off in Russian by default ("ru" needs no translation):
# a moved day off, and a holiday that fell on a weekend moved to the next working day (ТК 112).
_SUBSTITUTED_PREFIX = "Выходной (перенесено с "
_OBSERVED_SUFFIX = " (выходной)"


class ServiceMode(StrEnum):
    """What the phone lines offer at an instant: consultation (R1) or intake only (R4)."""

    OPEN = "open"
    INTAKE_ONLY = "intake_only"


class DayKind(StrEnum):
    """Why a day is working or not."""

    WORKDAY = "workday"
    WORKING_WEEKEND = "working_weekend"  # a Saturday worked in exchange for a transferred day off
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    TRANSFERRED = "transferred"  # a transferred day off (incl. a holiday moved off a weekend)
    EXTRA_OFF = "extra_off"  # local override
    EXTRA_WORKING = "extra_working"  # local override


@dataclass(frozen=True, slots=True)
class DayInfo:
    """One calendar day: working or not, why, and the holiday/override name (None if plain)."""

    day: date
    working: bool
    kind: DayKind
    name: str | None


def _load_russia(language: str) -> tuple[Russia, Russia]:
    """Build the package's calendars (display language, Russian for classification)."""
    # Imported here, not at module level: the package's import costs ~150 ms (it loads every
    # country), which must stay off the console's startup path.
    from holidays.countries.russia import Russia

    if language not in Russia.supported_languages:
        raise ValueError(
            f"unsupported calendar language {language!r}; "
            f"choose one of {', '.join(Russia.supported_languages)}"
        )
    ru = Russia(years=(), language="ru")
    return (ru if language == "ru" else Russia(years=(), language=language)), ru


class WorkingCalendar:
    """The production calendar plus service hours (R1, R3, R4) and service-time arithmetic (D11).

    Day facts are computed a whole year at a time and cached in dicts, so `is_working_day` is a
    dict lookup after the first call for that year. Safe to share between threads.
    """

    def __init__(
        self,
        *,
        tz: ZoneInfo = MOSCOW,
        service_hours: tuple[time, time] = (time(10), time(18)),
        visit_window: tuple[time, time] = (time(10, 30), time(17)),
        extra_days_off: Mapping[date, str] | None = None,
        extra_working_days: Mapping[date, str] | None = None,
        language: str = "ru",
        notify_threshold: timedelta = timedelta(hours=1),
        eta_accuracy: timedelta = timedelta(hours=1),
    ) -> None:
        # D9, R10 (policy.toml limits): how far a told visit may move before the client is
        # called, and how accurate the told time is. They travel with the calendar because
        # every re-plan and every told sentence already takes it.
        self.notify_threshold = notify_threshold
        self.eta_accuracy = eta_accuracy
        for label, (start, end) in (
            ("service_hours", service_hours),
            ("visit_window", visit_window),
        ):
            if start.tzinfo is not None or end.tzinfo is not None or not start < end:
                raise ValueError(f"{label} must be two naive times, start < end: {start}-{end}")
        self.tz = tz
        self.service_hours = service_hours
        self.visit_window = visit_window
        self.language = language
        self._off = dict(extra_days_off or {})
        self._extra_working = dict(extra_working_days or {})
        for d in (*self._off, *self._extra_working):
            if isinstance(d, datetime) or not isinstance(d, date):
                raise TypeError(f"calendar override keys must be dates, got {d!r}")
        if both := sorted(self._off.keys() & self._extra_working.keys()):
            raise ValueError(f"dates both a day off and a working day: {both}")
        # A service day's length; used as "one working day" of service time (D11).
        self.service_day = datetime.combine(date.min, service_hours[1]) - datetime.combine(
            date.min, service_hours[0]
        )
        self._days: dict[date, DayInfo] = {}
        self._working: dict[date, bool] = {}
        self._package: tuple[Russia, Russia] | None = None
        self._preloaded: dict[int, dict[date, tuple[str, str | None]]] = {}
        self._lock = threading.Lock()

    # -- days ------------------------------------------------------------------------------
    def day(self, d: date) -> DayInfo:
        """Why a day is (not) working; local overrides win over the package (D1)."""
        try:
            return self._days[d]
        except KeyError:
            return self._miss(d)

    def is_working_day(self, d: date) -> bool:
        """True on a working day (R4). Hot path: one dict lookup once the year is loaded."""
        try:
            return self._working[d]
        except KeyError:
            return self._miss(d).working

    def _miss(self, d: date) -> DayInfo:
        # A datetime is never a key (datetime != date), so it would miss forever: refuse it.
        if isinstance(d, datetime) or not isinstance(d, date):
            raise TypeError(f"expected a date, got {type(d).__name__}: {d!r}")
        self._load_year(d.year)
        return self._days[d]

    def _load_year(self, year: int) -> None:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"year {year} is outside the calendar's range {MIN_YEAR}..{MAX_YEAR}")
        with self._lock:
            if date(year, 1, 1) in self._days:
                return
            if year in self._preloaded:
                self._publish(year, self._from_exceptions(year, self._preloaded[year]))
                return
            if self._package is None:
                self._package = _load_russia(self.language)
            shown, ru = self._package
            # Populating a year can mark a working Saturday in the neighbouring year, so the
            # neighbours are populated too before reading this year's days.
            for y in range(max(year - 1, ru.start_year), min(year + 1, ru.end_year) + 1):
                shown.get(date(y, 1, 1))  # expand=True: a lookup populates the year
                ru.get(date(y, 1, 1))
            days, d = {}, date(year, 1, 1)
            while d.year == year:
                days[d] = self._classify(d, shown, ru)
                d += _ONE_DAY
            self._publish(year, days)

    def _publish(self, year: int, days: dict[date, DayInfo]) -> None:
        # Published whole, so a reader in another thread never sees a half-loaded year.
        self._working.update((k, v.working) for k, v in days.items())
        self._days.update(days)

    # -- a cache of the package's answers, so a start need not import it ------------------
    def exceptions(self, year: int) -> dict[date, tuple[str, str | None]]:
        """The package's days of `year` that differ from a plain Mon-Fri week (no overrides)."""
        self._load_year(year)
        out = {}
        for d in (date(year, 1, 1) + _ONE_DAY * i for i in range(366)):
            if d.year != year:
                break
            info = self._days[d]
            if info.kind in (DayKind.EXTRA_OFF, DayKind.EXTRA_WORKING):
                shown, ru = self._package or _load_russia(self.language)
                info = self._classify_package(d, shown, ru)
            if info.kind not in (DayKind.WORKDAY, DayKind.WEEKEND):
                out[d] = (info.kind.value, info.name)
        return out

    def preload(self, year: int, exceptions: dict[date, tuple[str, str | None]]) -> None:
        """Use `exceptions` (from `exceptions()` of an earlier run) instead of the package."""
        with self._lock:
            self._preloaded[year] = exceptions

    def _from_exceptions(self, year: int, exc: dict[date, tuple[str, str | None]]
                         ) -> dict[date, DayInfo]:
        days: dict[date, DayInfo] = {}
        d = date(year, 1, 1)
        while d.year == year:
            if d in self._off:
                days[d] = DayInfo(d, False, DayKind.EXTRA_OFF, self._off[d])
            elif d in self._extra_working:
                days[d] = DayInfo(d, True, DayKind.EXTRA_WORKING, self._extra_working[d])
            elif d in exc:
                kind = DayKind(exc[d][0])
                days[d] = DayInfo(d, kind is DayKind.WORKING_WEEKEND, kind, exc[d][1])
            else:
                weekend = d.weekday() >= 5
                days[d] = DayInfo(d, not weekend, DayKind.WEEKEND if weekend else DayKind.WORKDAY,
                                  None)
            d += _ONE_DAY
        return days

    def _classify(self, d: date, shown: Russia, ru: Russia) -> DayInfo:
        if d in self._off:
            return DayInfo(d, False, DayKind.EXTRA_OFF, self._off[d])
        if d in self._extra_working:
            return DayInfo(d, True, DayKind.EXTRA_WORKING, self._extra_working[d])
        return self._classify_package(d, shown, ru)

    def _classify_package(self, d: date, shown: Russia, ru: Russia) -> DayInfo:
        if d in ru:
            ru_name: str = ru[d]
            moved = ru_name.startswith(_SUBSTITUTED_PREFIX) or ru_name.endswith(_OBSERVED_SUFFIX)
            return DayInfo(d, False, DayKind.TRANSFERRED if moved else DayKind.HOLIDAY, shown[d])
        if d.weekday() in ru.weekend:
            if d in ru.weekend_workdays:
                return DayInfo(d, True, DayKind.WORKING_WEEKEND, None)
            return DayInfo(d, False, DayKind.WEEKEND, None)
        return DayInfo(d, True, DayKind.WORKDAY, None)

    def next_working_day(self, d: date, *, include_self: bool = False) -> date:
        """The first working day after `d` (or `d` itself when include_self and it works)."""
        if not include_self:
            d += _ONE_DAY
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day strictly after `d`; `d` itself for n == 0."""
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        while n:
            d = self.next_working_day(d)
            n -= 1
        return d

    def count_working_days(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end < start, so it is antisymmetric."""
        if end < start:
            return -self.count_working_days(end, start)
        count, d = 0, start + _ONE_DAY
        while d <= end:
            count += self.is_working_day(d)
            d += _ONE_DAY
        return count

    def working_days_in_year(self, year: int) -> int:
        """How many working days the year has (247 in 2025 and 2026)."""
        return self.count_working_days(date(year, 1, 1) - _ONE_DAY, date(year, 12, 31))

    # -- instants --------------------------------------------------------------------------
    def local(self, at: datetime) -> datetime:
        """`at` converted to the calendar's zone; naive datetimes are refused (D1)."""
        if not isinstance(at, datetime):
            raise TypeError(f"expected a datetime, got {type(at).__name__}: {at!r}")
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError(
                f"naive datetime {at.isoformat()}: pass a timezone-aware datetime "
                f"(e.g. tzinfo=ZoneInfo('Europe/Moscow'))"
            )
        return at.astimezone(self.tz)

    def opening(self, d: date) -> datetime:
        """When the service opens on day `d` (whether or not it is a working day)."""
        return datetime.combine(d, self.service_hours[0], tzinfo=self.tz)

    def closing(self, d: date) -> datetime:
        """When the service closes on day `d` (whether or not it is a working day)."""
        return datetime.combine(d, self.service_hours[1], tzinfo=self.tz)

    def service_mode(self, at: datetime) -> ServiceMode:
        """OPEN inside [open, close) of a working day (R1), INTAKE_ONLY otherwise (R4)."""
        t = self.local(at)
        open_, close = self.service_hours
        if open_ <= t.time() < close and self.is_working_day(t.date()):
            return ServiceMode.OPEN
        return ServiceMode.INTAKE_ONLY

    def next_opening(self, at: datetime) -> datetime:
        """`at` itself (in tz) if the service is open, else the next instant it opens."""
        t = self.local(at)
        if self.service_mode(t) is ServiceMode.OPEN:
            return t
        if t.time() < self.service_hours[0] and self.is_working_day(t.date()):
            return self.opening(t.date())
        return self.opening(self.next_working_day(t.date()))

    def visit_window_on(self, d: date) -> tuple[datetime, datetime] | None:
        """The technicians' visit window on `d` (R3), or None on a day off."""
        if not self.is_working_day(d):
            return None
        start, end = self.visit_window
        return (
            datetime.combine(d, start, tzinfo=self.tz),
            datetime.combine(d, end, tzinfo=self.tz),
        )

    def add_service_time(self, at: datetime, delta: timedelta) -> datetime:
        """`at` plus `delta` of service time: only service hours of working days count (D11).

        The result is the earliest instant with that much service time since `at`, so a
        deadline that lands exactly on closing time stays at closing, not next day's opening.
        """
        if delta < timedelta(0):
            raise ValueError(f"delta must be >= 0, got {delta}")
        t = self.local(at)
        if not delta:
            return t
        t = self.next_opening(t)
        while True:
            left_today = self.closing(t.date()) - t
            if delta <= left_today:
                return t + delta
            delta -= left_today
            t = self.opening(self.next_working_day(t.date()))

    def service_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Service time in [start, end) (D11); negative when end < start."""
        s, e = self.local(start), self.local(end)
        if e < s:
            return -self.service_time_between(e, s)
        if s.date() == e.date():
            return self._service_on(s.date(), s, e)
        whole_days = self.count_working_days(s.date(), e.date() - _ONE_DAY)
        return (
            self._service_on(s.date(), s, self.closing(s.date()))
            + whole_days * self.service_day
            + self._service_on(e.date(), self.opening(e.date()), e)
        )

    def _service_on(self, d: date, lo: datetime, hi: datetime) -> timedelta:
        """Service time of day `d` that falls inside [lo, hi]."""
        if not self.is_working_day(d):
            return timedelta(0)
        return max(min(hi, self.closing(d)) - max(lo, self.opening(d)), timedelta(0))
