"""R8/D10: the late-cancellation boundary, and money formatting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from console.rules.fees import is_late_cancellation, money

TOLD = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_r08_cancelling_exactly_one_hour_before_is_in_time():
    assert not is_late_cancellation(TOLD, TOLD - timedelta(hours=1))


def test_r08_cancelling_59_minutes_before_is_late():
    assert is_late_cancellation(TOLD, TOLD - timedelta(minutes=59))
    assert is_late_cancellation(TOLD, TOLD - timedelta(minutes=59, seconds=59))


def test_r08_cancelling_after_the_told_time_is_late():
    assert is_late_cancellation(TOLD, TOLD + timedelta(minutes=5))


def test_r08_never_told_means_never_late():
    assert not is_late_cancellation(None, TOLD)


@given(st.integers(min_value=-10_000, max_value=10_000))
def test_r08_late_exactly_when_less_than_an_hour_remains(minutes):
    now = TOLD - timedelta(minutes=minutes)
    assert is_late_cancellation(TOLD, now) == (minutes < 60)


def test_money_is_roubles_with_kopecks():
    assert money(100000) == "1\u00a0000,00\u00a0₽"  # never wraps: no-break spaces
    assert money(-30050) == "-300,50\u00a0₽"
    assert money(5) == "0,05\u00a0₽"
