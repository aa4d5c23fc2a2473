"""The working calendar on the real Russian production calendar (R1, R3, R4, D1, D11)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.rules.calendar import MOSCOW, DayKind, ServiceMode, WorkingCalendar

CAL = WorkingCalendar()
OPEN, INTAKE = ServiceMode.OPEN, ServiceMode.INTAKE_ONLY
PROPS = settings(max_examples=200, deadline=None)


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)


dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
instants = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2028, 12, 31),
    timezones=st.sampled_from([UTC, MOSCOW]),
)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20))


# -- the production calendar (R4) -------------------------------------------------------------
@pytest.mark.parametrize("year", [2025, 2026])
def test_r04_production_calendar_has_247_working_days(year: int) -> None:
    assert CAL.working_days_in_year(year) == 247


def test_r04_working_saturday_2025_11_01() -> None:
    info = CAL.day(date(2025, 11, 1))
    assert info.day.weekday() == 5
    assert (info.working, info.kind, info.name) == (True, DayKind.WORKING_WEEKEND, None)
    assert CAL.is_working_day(date(2025, 11, 1))


@pytest.mark.parametrize(
    ("day", "kind", "name"),
    [
        (date(2025, 11, 3), DayKind.TRANSFERRED, "Выходной (перенесено с 01.11.2025)"),
        (date(2026, 1, 9), DayKind.TRANSFERRED, "Выходной (перенесено с 03.01.2026)"),
        (date(2026, 12, 31), DayKind.TRANSFERRED, "Выходной (перенесено с 04.01.2026)"),
        (date(2026, 3, 9), DayKind.TRANSFERRED, "Международный женский день (выходной)"),
        (date(2026, 1, 7), DayKind.HOLIDAY, "Рождество Христово"),
        (date(2025, 11, 4), DayKind.HOLIDAY, "День народного единства"),
        (date(2026, 1, 4), DayKind.HOLIDAY, "Новогодние каникулы"),  # a Sunday, named all the same
        (date(2026, 5, 16), DayKind.WEEKEND, None),
    ],
)
def test_r04_days_off_say_why(day: date, kind: DayKind, name: str | None) -> None:
    info = CAL.day(day)
    assert (info.day, info.working, info.kind, info.name) == (day, False, kind, name)
    assert not CAL.is_working_day(day)


def test_r04_plain_weekday_is_a_workday() -> None:
    info = CAL.day(date(2026, 5, 13))
    assert (info.working, info.kind, info.name) == (True, DayKind.WORKDAY, None)


def test_r04_english_names_same_kinds() -> None:
    en = WorkingCalendar(language="en_US")
    assert en.day(date(2025, 11, 3)).kind is DayKind.TRANSFERRED
    assert en.day(date(2025, 11, 3)).name == "Day off (substituted from 11/01/2025)"
    assert en.day(date(2026, 3, 9)).kind is DayKind.TRANSFERRED
    assert en.day(date(2026, 1, 7)).name == "Christmas Day"
    assert en.working_days_in_year(2026) == 247


def test_d01_unsupported_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        WorkingCalendar(language="xx").is_working_day(date(2026, 1, 1))


def test_d01_overrides_win_over_the_package() -> None:
    wednesday, sunday = date(2026, 4, 15), date(2026, 4, 19)
    assert (wednesday.weekday(), sunday.weekday()) == (2, 6)
    cal = WorkingCalendar(
        extra_days_off={wednesday: "Субботник"}, extra_working_days={sunday: "Аврал"}
    )
    info = cal.day(wednesday)
    assert (info.working, info.kind, info.name) == (False, DayKind.EXTRA_OFF, "Субботник")
    info = cal.day(sunday)
    assert (info.working, info.kind, info.name) == (True, DayKind.EXTRA_WORKING, "Аврал")
    assert cal.service_mode(msk(2026, 4, 15, 12)) is INTAKE
    assert cal.service_mode(msk(2026, 4, 19, 12)) is OPEN
    assert cal.next_opening(msk(2026, 4, 14, 18)) == msk(2026, 4, 16, 10)
    assert cal.visit_window_on(wednesday) is None
    assert cal.working_days_in_year(2026) == 247  # one day lost, one gained
    # An override also wins over a public holiday.
    holiday = WorkingCalendar(extra_working_days={date(2026, 1, 7): "Дежурство"})
    assert holiday.day(date(2026, 1, 7)).kind is DayKind.EXTRA_WORKING


def test_d01_override_on_both_lists_is_refused() -> None:
    with pytest.raises(ValueError, match="both"):
        WorkingCalendar(
            extra_days_off={date(2026, 4, 15): "a"}, extra_working_days={date(2026, 4, 15): "b"}
        )


def test_d01_bad_hours_and_override_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="service_hours"):
        WorkingCalendar(service_hours=(time(18), time(10)))
    with pytest.raises(ValueError, match="visit_window"):
        WorkingCalendar(visit_window=(time(17), time(17)))
    with pytest.raises(TypeError):
        WorkingCalendar(extra_days_off={datetime(2026, 4, 15): "x"})


def test_d01_years_outside_2000_2100_are_refused() -> None:
    for year in (1999, 2101):
        with pytest.raises(ValueError, match="range"):
            CAL.is_working_day(date(year, 6, 1))
    with pytest.raises(ValueError, match="range"):
        CAL.next_working_day(date(2100, 12, 31))  # a walk off the end stops, never loops
    assert CAL.working_days_in_year(2000) > 240 and CAL.working_days_in_year(2100) > 240


def test_d01_a_datetime_is_not_a_date() -> None:
    with pytest.raises(TypeError, match="date"):
        CAL.is_working_day(datetime(2026, 5, 13, 12, tzinfo=MOSCOW))  # type: ignore[arg-type]


def test_d01_importing_the_calendar_does_not_import_holidays() -> None:
    # The package loads every country (~150 ms): it must stay off the startup path.
    code = "import sys, console.rules.calendar; assert 'holidays' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


# -- service mode (R1, R4) ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("at", "mode"),
    [
        (msk(2026, 5, 15, 17, 59), OPEN),  # Friday
        (msk(2026, 5, 15, 17, 59, 59, 999999), OPEN),
        (msk(2026, 5, 15, 18), INTAKE),
        (msk(2026, 5, 15, 10), OPEN),
        (msk(2026, 5, 15, 9, 59, 59), INTAKE),
        (msk(2026, 5, 16, 12), INTAKE),  # Saturday
        (msk(2026, 1, 7, 12), INTAKE),  # Christmas
        (msk(2025, 11, 3, 12), INTAKE),  # transferred day off
        (msk(2025, 11, 1, 12), OPEN),  # working Saturday
        (datetime(2026, 5, 15, 14, 59, tzinfo=UTC), OPEN),  # 17:59 in Moscow
        (datetime(2026, 5, 15, 15, 0, tzinfo=UTC), INTAKE),  # 18:00 in Moscow
        (datetime(2026, 5, 15, 6, 30, tzinfo=UTC), INTAKE),  # 09:30 in Moscow
    ],
)
def test_r01_r04_service_mode(at: datetime, mode: ServiceMode) -> None:
    assert CAL.service_mode(at) is mode


def test_r04_next_opening_after_friday_close_is_monday_10() -> None:
    assert CAL.next_opening(msk(2026, 5, 15, 18)) == msk(2026, 5, 18, 10)
    assert CAL.next_opening(msk(2026, 5, 15, 12)) == msk(2026, 5, 15, 12)  # open: itself
    assert CAL.next_opening(msk(2026, 5, 15, 7)) == msk(2026, 5, 15, 10)  # same morning


def test_r04_next_opening_across_new_year_2027() -> None:
    first_working = next(
        date(2027, 1, d) for d in range(1, 32) if CAL.is_working_day(date(2027, 1, d))
    )
    assert first_working == date(2027, 1, 11)
    opening = CAL.next_opening(msk(2026, 12, 30, 18))
    assert opening == msk(2027, 1, 11, 10)
    assert opening.tzinfo is MOSCOW


def test_r01_utc_inputs_give_moscow_answers() -> None:
    utc = datetime(2026, 5, 15, 15, 0, tzinfo=UTC)  # Friday 18:00 in Moscow
    assert CAL.next_opening(utc) == msk(2026, 5, 18, 10)
    assert CAL.next_opening(utc).tzinfo is MOSCOW
    assert CAL.add_service_time(utc, timedelta(hours=1)) == msk(2026, 5, 18, 11)
    # 23:30 UTC on Sunday is already Monday 02:30 in Moscow.
    assert CAL.next_opening(datetime(2026, 5, 17, 23, 30, tzinfo=UTC)) == msk(2026, 5, 18, 10)


def test_d01_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 5, 15, 12)
    for call in (
        lambda: CAL.service_mode(naive),
        lambda: CAL.next_opening(naive),
        lambda: CAL.add_service_time(naive, timedelta(hours=1)),
        lambda: CAL.service_time_between(naive, msk(2026, 5, 16)),
        lambda: CAL.service_time_between(msk(2026, 5, 14), naive),
    ):
        with pytest.raises(ValueError, match="timezone-aware"):
            call()


# -- visits (R3) ------------------------------------------------------------------------------
def test_r03_visit_window_edges() -> None:
    assert CAL.visit_window_on(date(2026, 5, 15)) == (
        msk(2026, 5, 15, 10, 30),
        msk(2026, 5, 15, 17),
    )
    assert CAL.visit_window_on(date(2025, 11, 1)) == (
        msk(2025, 11, 1, 10, 30),
        msk(2025, 11, 1, 17),
    )
    assert CAL.visit_window_on(date(2026, 5, 16)) is None
    assert CAL.visit_window_on(date(2026, 12, 31)) is None


# -- working-day arithmetic -------------------------------------------------------------------
def test_r04_add_and_count_working_days_examples() -> None:
    friday = date(2026, 5, 15)
    assert CAL.add_working_days(friday, 0) == friday
    assert CAL.add_working_days(friday, 1) == date(2026, 5, 18)
    assert CAL.add_working_days(date(2026, 12, 30), 1) == date(2027, 1, 11)
    assert CAL.next_working_day(friday) == date(2026, 5, 18)
    assert CAL.next_working_day(friday, include_self=True) == friday
    assert CAL.next_working_day(date(2026, 5, 16), include_self=True) == date(2026, 5, 18)
    assert CAL.count_working_days(friday, date(2026, 5, 18)) == 1
    assert CAL.count_working_days(date(2026, 5, 18), friday) == -1
    assert CAL.count_working_days(friday, friday) == 0
    with pytest.raises(ValueError):
        CAL.add_working_days(friday, -1)


@PROPS
@given(dates, st.integers(0, 40), st.integers(0, 40))
def test_r04_add_working_days_is_monotonic_and_lands_on_working_days(
    d: date, n: int, m: int
) -> None:
    lo, hi = sorted((n, m))
    a, b = CAL.add_working_days(d, lo), CAL.add_working_days(d, hi)
    assert a <= b and (a < b) == (lo < hi)
    if hi >= 1:
        assert CAL.is_working_day(b) and b > d
    assert CAL.count_working_days(d, b) == hi


@PROPS
@given(dates, dates)
def test_r04_count_working_days_is_antisymmetric(a: date, b: date) -> None:
    assert CAL.count_working_days(a, b) == -CAL.count_working_days(b, a)


# -- service time (D11) -----------------------------------------------------------------------
def test_d11_service_time_examples() -> None:
    eight = timedelta(hours=8)
    assert CAL.service_day == eight
    assert CAL.add_service_time(msk(2026, 5, 18, 15), eight) == msk(2026, 5, 19, 15)  # Monday
    # 2026-05-11 is a Monday too, but the Victory Day day off: nothing counts until Tuesday.
    assert CAL.add_service_time(msk(2026, 5, 11, 15), eight) == msk(2026, 5, 12, 18)
    assert CAL.add_service_time(msk(2026, 5, 15, 20), eight) == msk(2026, 5, 18, 18)
    assert CAL.add_service_time(msk(2026, 5, 15, 17), timedelta(hours=1)) == msk(2026, 5, 15, 18)
    assert CAL.add_service_time(msk(2026, 5, 15, 17), timedelta(hours=1, seconds=1)) == msk(
        2026, 5, 18, 10, 0, 1
    )
    assert CAL.add_service_time(msk(2026, 5, 16, 3), timedelta(0)) == msk(2026, 5, 16, 3)
    assert CAL.add_service_time(msk(2026, 12, 30, 16), eight) == msk(2027, 1, 11, 16)
    assert CAL.service_time_between(msk(2026, 5, 15, 17), msk(2026, 5, 18, 11)) == timedelta(
        hours=2
    )
    assert CAL.service_time_between(msk(2026, 12, 30, 16), msk(2027, 1, 12, 16)) == 2 * eight
    assert CAL.service_time_between(msk(2026, 5, 16, 9), msk(2026, 5, 17, 20)) == timedelta(0)
    with pytest.raises(ValueError):
        CAL.add_service_time(msk(2026, 5, 15, 12), -timedelta(seconds=1))


def _inside_service_hours(t: datetime) -> bool:
    return CAL.is_working_day(t.date()) and time(10) <= t.time() <= time(18)


@PROPS
@given(instants, durations, durations)
def test_d11_add_service_time_is_monotonic_and_inverted_by_between(
    at: datetime, a: timedelta, b: timedelta
) -> None:
    lo, hi = sorted((a, b))
    r_lo, r_hi = CAL.add_service_time(at, lo), CAL.add_service_time(at, hi)
    assert at <= r_lo <= r_hi
    assert r_hi.tzinfo is MOSCOW
    if hi:
        assert _inside_service_hours(r_hi)  # at most exactly at closing, never past it
    assert CAL.service_time_between(at, r_lo) == lo
    assert CAL.service_time_between(at, r_hi) == hi


@PROPS
@given(instants, instants, durations)
def test_d11_add_service_time_is_monotonic_in_the_start(
    a: datetime, b: datetime, delta: timedelta
) -> None:
    lo, hi = sorted((a, b))
    assert CAL.add_service_time(lo, delta) <= CAL.add_service_time(hi, delta)


@PROPS
@given(instants, instants)
def test_d11_service_time_between_is_additive_and_answers_in_any_zone(
    a: datetime, b: datetime
) -> None:
    span = CAL.service_time_between(a, b)
    assert span == -CAL.service_time_between(b, a)
    assert span == CAL.service_time_between(a.astimezone(UTC), b.astimezone(MOSCOW))
    end = CAL.local(b)
    if span > timedelta(0) and CAL.is_working_day(end.date()) and time(10) < end.time() <= time(18):
        # From the opening instant on it would be the previous closing: the earliest instant.
        assert CAL.add_service_time(a, span) == b


@PROPS
@given(instants)
def test_r01_r04_service_mode_and_next_opening_agree(at: datetime) -> None:
    opening = CAL.next_opening(at)
    assert opening >= at and opening.tzinfo is MOSCOW
    assert CAL.service_mode(opening) is OPEN
    assert CAL.service_mode(at) is (OPEN if opening == at else INTAKE)
    assert CAL.service_time_between(at, opening) == timedelta(0)
    assert CAL.service_mode(at) is CAL.service_mode(at.astimezone(UTC))
