"""HelpDesk (R5) and claim (R18) deadlines as D11 reads them, on the real production calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.rules.calendar import MOSCOW, WorkingCalendar
from console.rules.deadlines import claim_due, helpdesk_due, is_overdue, time_left

CAL = WorkingCalendar()
PROPS = settings(max_examples=200, deadline=None)
instants = st.datetimes(
    min_value=datetime(2024, 1, 1),
    max_value=datetime(2028, 12, 31),
    timezones=st.sampled_from([UTC, MOSCOW]),
)


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)


# -- HelpDesk (R5) ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("received", "due"),
    [
        (msk(2026, 5, 18, 15), msk(2026, 5, 19, 15)),  # Monday 15:00 -> Tuesday 15:00
        (msk(2026, 5, 15, 20), msk(2026, 5, 18, 18)),  # Friday 20:00 -> Monday 18:00, not Tue 10:00
        (msk(2026, 5, 15, 18), msk(2026, 5, 18, 18)),  # received at closing
        (msk(2026, 5, 15, 17), msk(2026, 5, 18, 17)),  # Friday 17:00 -> Monday 17:00
        (msk(2026, 5, 19, 8), msk(2026, 5, 19, 18)),  # before opening: the same day's closing
        (msk(2026, 5, 16, 12), msk(2026, 5, 18, 18)),  # Saturday
        (msk(2026, 12, 30, 15), msk(2027, 1, 11, 15)),  # across the New Year holidays
        (msk(2025, 10, 31, 12), msk(2025, 11, 1, 12)),  # the working Saturday counts
        (datetime(2026, 5, 18, 12, tzinfo=UTC), msk(2026, 5, 19, 15)),  # 15:00 Moscow, given in UTC
    ],
)
def test_r05_d11_helpdesk_due_after_one_working_day_of_service_time(
    received: datetime, due: datetime
) -> None:
    result = helpdesk_due(CAL, received)
    assert result == due
    assert result.tzinfo is MOSCOW


def test_r05_d11_helpdesk_due_for_more_days_and_bad_input() -> None:
    assert helpdesk_due(CAL, msk(2026, 5, 18, 15), working_days=2) == msk(2026, 5, 20, 15)
    assert helpdesk_due(CAL, msk(2026, 5, 18, 15), working_days=0) == msk(2026, 5, 18, 15)
    with pytest.raises(ValueError):
        helpdesk_due(CAL, msk(2026, 5, 18, 15), working_days=-1)
    with pytest.raises(ValueError, match="timezone-aware"):
        helpdesk_due(CAL, datetime(2026, 5, 18, 15))


def test_d01_d11_helpdesk_due_honours_overrides() -> None:
    cal = WorkingCalendar(extra_days_off={date(2026, 5, 19): "Санитарный день"})
    assert helpdesk_due(cal, msk(2026, 5, 18, 15)) == msk(2026, 5, 20, 15)


@PROPS
@given(instants)
def test_r05_d11_helpdesk_due_is_one_service_day_later_inside_hours(received: datetime) -> None:
    due = helpdesk_due(CAL, received)
    assert due > received
    assert CAL.is_working_day(due.date()) and time(10) < due.time() <= time(18)
    assert CAL.service_time_between(received, due) == timedelta(hours=8)


# -- claims (R18) -----------------------------------------------------------------------------
def test_r18_d11_claim_received_2026_12_25_is_due_2027_01_25_at_closing() -> None:
    due = claim_due(CAL, msk(2026, 12, 25, 11))
    assert due == msk(2027, 1, 25, 18)
    assert due.tzinfo is MOSCOW
    assert CAL.count_working_days(date(2026, 12, 25), due.date()) == 14


def test_r18_d11_claim_day_is_the_moscow_date() -> None:
    # 21:30 UTC on 24 December is already 00:30 on 25 December in Moscow.
    assert claim_due(CAL, datetime(2026, 12, 24, 21, 30, tzinfo=UTC)) == msk(2027, 1, 25, 18)
    assert claim_due(CAL, msk(2026, 12, 24, 23, 59)) == msk(2027, 1, 22, 18)
    # Received on a day off or after hours: still counted from that day, which never counts.
    assert claim_due(CAL, msk(2026, 12, 26, 23)) == msk(2027, 1, 25, 18)
    assert claim_due(CAL, msk(2026, 5, 18, 9), working_days=1) == msk(2026, 5, 19, 18)
    with pytest.raises(ValueError):
        claim_due(CAL, msk(2026, 5, 18, 9), working_days=-1)
    with pytest.raises(ValueError, match="timezone-aware"):
        claim_due(CAL, datetime(2026, 12, 25, 11))


@PROPS
@given(instants)
def test_r18_d11_claim_due_is_always_a_working_days_closing(received: datetime) -> None:
    due = claim_due(CAL, received)
    assert CAL.is_working_day(due.date())
    assert due.time() == time(18) and due.tzinfo is MOSCOW
    assert CAL.count_working_days(CAL.local(received).date(), due.date()) == 14
    assert CAL.service_time_between(received, due) >= 13 * timedelta(hours=8)


# -- overdue (D11) ----------------------------------------------------------------------------
def test_d11_overdue_only_after_the_due_instant() -> None:
    due = msk(2026, 5, 19, 15)
    assert not is_overdue(due, due)
    assert not is_overdue(due, due - timedelta(microseconds=1))
    assert is_overdue(due, due + timedelta(microseconds=1))
    assert is_overdue(due, datetime(2026, 5, 19, 12, 0, 1, tzinfo=UTC))  # 15:00:01 Moscow
    assert time_left(due, msk(2026, 5, 19, 13)) == timedelta(hours=2)
    assert time_left(due, datetime(2026, 5, 19, 13, tzinfo=UTC)) == -timedelta(hours=1)
    assert time_left(due, due) == timedelta(0)
    with pytest.raises(ValueError, match="timezone-aware"):
        is_overdue(due, datetime(2026, 5, 19, 15))
    with pytest.raises(ValueError, match="timezone-aware"):
        time_left(datetime(2026, 5, 19, 15), due)


@PROPS
@given(instants, instants)
def test_d11_overdue_agrees_with_time_left(due: datetime, now: datetime) -> None:
    assert is_overdue(due, now) == (time_left(due, now) < timedelta(0))
    assert time_left(due, now) == due - now  # aware arithmetic, any zones
