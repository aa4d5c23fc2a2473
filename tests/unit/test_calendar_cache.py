"""D1: the cached production calendar answers exactly like the holidays package."""

from __future__ import annotations

from datetime import date, timedelta

from console.calendar_cache import warm
from console.rules.calendar import DayKind, WorkingCalendar


def test_d01_cache_round_trip_gives_identical_days(tmp_path):
    years = range(2025, 2028)
    assert warm(WorkingCalendar(), tmp_path, years) is False  # first start: computed, written
    cached = WorkingCalendar()
    assert warm(cached, tmp_path, years) is True
    fresh = WorkingCalendar()
    d = date(2025, 1, 1)
    while d.year < 2028:
        assert cached.day(d) == fresh.day(d), d
        d += timedelta(days=1)
    assert cached.working_days_in_year(2026) == 247


def test_d01_overrides_apply_on_top_of_the_cache(tmp_path):
    warm(WorkingCalendar(), tmp_path, range(2026, 2027))
    cal = WorkingCalendar(extra_days_off={date(2026, 11, 25): "company day"},
                          extra_working_days={date(2026, 11, 29): "inventory"})
    assert warm(cal, tmp_path, range(2026, 2027))
    assert cal.day(date(2026, 11, 25)).kind is DayKind.EXTRA_OFF
    assert cal.is_working_day(date(2026, 11, 29))
    assert not cal.is_working_day(date(2026, 12, 31))


def test_a_corrupt_cache_is_rebuilt(tmp_path):
    warm(WorkingCalendar(), tmp_path, range(2026, 2027))
    for path in tmp_path.iterdir():
        path.write_text("{not json", encoding="utf-8")
    cal = WorkingCalendar()
    assert warm(cal, tmp_path, range(2026, 2027)) is False
    assert not cal.is_working_day(date(2026, 12, 31))


def test_d01_the_cache_is_named_for_the_installed_holidays_version():
    """The version is read from the package's dist-info folder (no importlib.metadata at
    start): it must be the one the package manager reports, or an upgrade reuses stale days."""
    from importlib.metadata import version

    from console.calendar_cache import holidays_version

    assert holidays_version() == version("holidays")
