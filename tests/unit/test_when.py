"""The desired visit time as typed by the dispatcher (R3, R4, R6), on the real calendar."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from console.i18n.ru import RU
from console.rules import when as w
from console.rules.calendar import MOSCOW, WorkingCalendar
from console.rules.when import WhenResult, check_when, format_when, parse_when

CAL = WorkingCalendar()
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MOSCOW)  # a Tuesday, the service is open
HOUR = timedelta(hours=1)
PROPS = settings(max_examples=100, deadline=None)


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)


def parse(text: str, now: datetime = NOW, duration: timedelta = HOUR) -> WhenResult:
    return parse_when(text, now=now, calendar=CAL, duration=duration)


def valid_start(value: datetime, now: datetime, duration: timedelta) -> bool:
    """R3/R4 restated: aware Moscow time, not past, a working day, inside 10:30-17:00."""
    day = value.date()
    return (
        value.tzinfo is not None
        and value.utcoffset() == timedelta(hours=3)
        and now <= value <= now + timedelta(days=366)
        and CAL.is_working_day(day)
        and datetime.combine(day, time(10, 30), tzinfo=MOSCOW) <= value
        and value + duration <= datetime.combine(day, time(17), tzinfo=MOSCOW)
    )


# -- what is understood (R6) ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25.11 14:30", msk(2026, 11, 25, 14, 30)),
        ("25.11.2026 14:30", msk(2026, 11, 25, 14, 30)),
        ("25.11.26 14:30", msk(2026, 11, 25, 14, 30)),
        ("25.11 14", msk(2026, 11, 25, 14, 0)),
        ("25/11 14.30", msk(2026, 11, 25, 14, 30)),
        ("25-11-2026 14-30", msk(2026, 11, 25, 14, 30)),
        ("1.12 11:00", msk(2026, 12, 1, 11, 0)),
        ("01.12.2026 11:00", msk(2026, 12, 1, 11, 0)),
        ("14:30", msk(2026, 11, 24, 14, 30)),
        ("сегодня 15", msk(2026, 11, 24, 15, 0)),
        ("Сегодня 15:45", msk(2026, 11, 24, 15, 45)),
        ("today 15:00", msk(2026, 11, 24, 15, 0)),
        ("завтра 11", msk(2026, 11, 25, 11, 0)),
        ("завтра 11:30", msk(2026, 11, 25, 11, 30)),
        ("ЗАВТРА в 11:30", msk(2026, 11, 25, 11, 30)),
        ("tomorrow at 12", msk(2026, 11, 25, 12, 0)),
        ("послезавтра 10:30", msk(2026, 11, 26, 10, 30)),
        ("14:30 завтра", msk(2026, 11, 25, 14, 30)),
        ("завтра, 14:30", msk(2026, 11, 25, 14, 30)),
        ("  25.11   14:30  ", msk(2026, 11, 25, 14, 30)),
        ("25.11 10:35", msk(2026, 11, 25, 10, 35)),
    ],
)
def test_r06_desired_time_formats(text: str, expected: datetime) -> None:
    result = parse(text)
    assert result == WhenResult(True, expected, None, ())
    assert result.value is not None and result.value.tzinfo is MOSCOW


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("пн 10:30", msk(2026, 11, 30, 10, 30)),
        ("понедельник 10:30", msk(2026, 11, 30, 10, 30)),
        ("mon 10:30", msk(2026, 11, 30, 10, 30)),
        ("вт 11:30", msk(2026, 11, 24, 11, 30)),  # today is Tuesday and 11:30 is ahead
        ("вторник 11:00", msk(2026, 11, 24, 11, 0)),  # exactly now still counts as today
        ("вт 10:45", msk(2026, 12, 1, 10, 45)),  # passed today: next Tuesday
        ("tuesday 10:45", msk(2026, 12, 1, 10, 45)),
        ("ср 12", msk(2026, 11, 25, 12, 0)),
        ("в среду 12", msk(2026, 11, 25, 12, 0)),
        ("чт 12", msk(2026, 11, 26, 12, 0)),
        ("пт 15:59", msk(2026, 11, 27, 15, 59)),
        ("пт. 12", msk(2026, 11, 27, 12, 0)),
        ("пятницу 12", msk(2026, 11, 27, 12, 0)),
        ("fri 12", msk(2026, 11, 27, 12, 0)),
    ],
)
def test_r06_weekday_means_the_next_such_day(text: str, expected: datetime) -> None:
    assert parse(text).value == expected


@pytest.mark.parametrize("text", ["сб 12:00", "суббота 12", "вс 12", "воскресенье 12", "sun 12"])
def test_r04_weekend_weekday_is_refused_as_a_day_off(text: str) -> None:
    result = parse(text)
    assert result.error_key == w.ERR_DAY_OFF
    assert result.suggestions[0] == msk(2026, 11, 30, 12, 0)


def test_r06_date_without_a_year_is_the_next_occurrence() -> None:
    now = msk(2026, 11, 30, 11, 0)
    assert parse("25.11 14:30", now).value == msk(2027, 11, 25, 14, 30)
    assert parse("30.11 14:30", now).value == msk(2026, 11, 30, 14, 30)  # today's date: this year
    assert parse("30.11 10:30", now).error_key == w.ERR_PAST  # not moved to next year


def test_r06_a_time_earlier_today_is_refused_not_moved_to_tomorrow() -> None:
    result = parse("10:45")
    assert result.error_key == w.ERR_PAST
    assert result.suggestions == (msk(2026, 11, 24, 11, 0), msk(2026, 11, 25, 10, 45),
                                  msk(2026, 11, 26, 10, 45))


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("31.02 11:00", w.ERR_NO_SUCH_DATE),
        ("30.02 11:00", w.ERR_NO_SUCH_DATE),
        ("32.01 11:00", w.ERR_NO_SUCH_DATE),
        ("31.04 11:00", w.ERR_NO_SUCH_DATE),
        ("15.13 11:00", w.ERR_NO_SUCH_DATE),
        ("00.12 11:00", w.ERR_NO_SUCH_DATE),
        ("29.02.2027 11:00", w.ERR_NO_SUCH_DATE),
        ("29.02 11:00", w.ERR_NO_SUCH_DATE),  # no 29 February in 2027
        ("01.01.0000 11:00", w.ERR_NO_SUCH_DATE),
        ("завтра 24:00", w.ERR_NO_SUCH_TIME),
        ("завтра 10:60", w.ERR_NO_SUCH_TIME),
        ("24:00", w.ERR_NO_SUCH_TIME),
        ("10:60", w.ERR_NO_SUCH_TIME),
        ("25.11 25", w.ERR_NO_SUCH_TIME),
        ("25.11", w.ERR_NEED_TIME),
        ("25.11.2026", w.ERR_NEED_TIME),
        ("завтра", w.ERR_NEED_TIME),
        ("пт", w.ERR_NEED_TIME),
        ("14.30", w.ERR_AMBIGUOUS),  # not a date (no 30th month), and a lone time needs ':'
        ("14-30", w.ERR_AMBIGUOUS),
        ("14", w.ERR_AMBIGUOUS),
        ("", w.ERR_EMPTY),
        ("   ", w.ERR_EMPTY),
        ("в", w.ERR_EMPTY),
        ("хочу вечером", w.ERR_UNRECOGNISED),
        ("25.11 14:30 15:00", w.ERR_UNRECOGNISED),
        ("25.11.2026.1 14:30", w.ERR_UNRECOGNISED),
        ("25.11/2026 14:30", w.ERR_UNRECOGNISED),  # one kind of separator per date
        ("14:5", w.ERR_UNRECOGNISED),
        ("завтра 9:5", w.ERR_UNRECOGNISED),
        ("завтра 11ч", w.ERR_UNRECOGNISED),
        ("１４:３０", w.ERR_UNRECOGNISED),  # full-width digits
        ("٢٥.١١ 14:30", w.ERR_UNRECOGNISED),  # Arabic-Indic digits
        ("x" * 50_000, w.ERR_UNRECOGNISED),
        ("25.11\x0014:30", w.ERR_CONTROL),
        ("завтра\t11", w.ERR_CONTROL),
        ("25.11 14:30\u202e", w.ERR_CONTROL),
    ],
)
def test_r06_garbage_and_impossible_values_are_errors(text: str, error: str) -> None:
    result = parse(text)
    assert result == WhenResult(False, None, error, ())


# -- the visit window (R3) --------------------------------------------------------------------
def test_r03_a_60_minute_visit_may_start_at_16_00() -> None:
    assert parse("25.11 16:00").value == msk(2026, 11, 25, 16, 0)


def test_r03_a_60_minute_visit_at_16_01_is_refused_with_suggestions() -> None:
    result = parse("25.11 16:01")
    assert result.error_key == w.ERR_TOO_LATE
    assert result.error_args == {"minutes": "60", "end": "17:00", "latest": "16:00",
                                 "start": "10:30"}
    assert result.suggestions == (msk(2026, 11, 25, 16, 0), msk(2026, 11, 26, 10, 30))


def test_r03_friday_16_30_for_60_minutes_is_refused() -> None:
    result = parse("пт 16:30")
    assert result.error_key == w.ERR_TOO_LATE
    assert result.suggestions == (msk(2026, 11, 27, 16, 0), msk(2026, 11, 30, 10, 30))


def test_r03_the_visit_duration_moves_the_latest_start() -> None:
    assert parse("25.11 16:30", duration=timedelta(minutes=30)).ok
    result = parse("25.11 15:00", duration=timedelta(hours=3))
    assert result.error_args["latest"] == "14:00"
    assert result.suggestions[0] == msk(2026, 11, 25, 14, 0)


@pytest.mark.parametrize("text", ["25.11 17:00", "25.11 17:30", "25.11 23:59"])
def test_r03_starts_at_or_after_17_are_refused(text: str) -> None:
    assert parse(text).error_key == w.ERR_TOO_LATE


@pytest.mark.parametrize("text", ["25.11 10:29", "25.11 10", "25.11 0:00", "25.11 08:15"])
def test_r03_starts_before_10_30_are_refused(text: str) -> None:
    result = parse(text)
    assert result.error_key == w.ERR_TOO_EARLY
    assert result.error_args == {"start": "10:30", "end": "17:00"}
    assert result.suggestions == (msk(2026, 11, 25, 10, 30), msk(2026, 11, 26, 10, 30))


def test_r03_10_30_is_the_first_start() -> None:
    assert parse("25.11 10:30").ok


def test_r03_the_typed_minute_is_kept() -> None:
    assert parse("25.11 13:07").value == msk(2026, 11, 25, 13, 7)


def test_r03_a_late_start_today_after_the_last_fit_suggests_tomorrow() -> None:
    result = parse("сегодня 16:30", now=msk(2026, 11, 24, 16, 10))
    assert result.error_key == w.ERR_TOO_LATE
    assert result.suggestions == (msk(2026, 11, 25, 10, 30), msk(2026, 11, 26, 10, 30))


def test_r03_a_visit_longer_than_the_window_never_fits() -> None:
    result = parse("25.11 10:30", duration=timedelta(hours=7))
    assert result.error_key == w.ERR_TOO_LONG
    assert result.error_args == {"minutes": "420", "start": "10:30", "end": "17:00"}
    assert result.suggestions == ()
    assert parse("25.11 10:30", duration=timedelta(hours=6, minutes=30)).ok


@pytest.mark.parametrize("bad", [timedelta(0), timedelta(minutes=-5)])
def test_r03_a_non_positive_duration_is_a_programming_error(bad: timedelta) -> None:
    with pytest.raises(ValueError, match="positive"):
        parse("25.11 12:00", duration=bad)


def test_r03_a_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="naive"):
        parse_when("25.11 12:00", now=datetime(2026, 11, 24, 11), calendar=CAL)


# -- days off (R4) ----------------------------------------------------------------------------
def test_r04_31_december_2026_is_a_day_off_with_its_name() -> None:
    result = parse("31.12 11:00")
    assert result.error_key == w.ERR_HOLIDAY
    assert result.error_args == {"date": "31.12.2026", "name": "Выходной (перенесено с 04.01.2026)"}
    assert result.suggestions == (msk(2027, 1, 11, 11, 0), msk(2027, 1, 12, 11, 0),
                                  msk(2027, 1, 13, 11, 0))


@pytest.mark.parametrize("day", range(1, 9))
def test_r04_new_year_holidays_2027_are_refused(day: int) -> None:
    result = parse(f"{day:02d}.01.2027 12:00", now=msk(2026, 12, 28, 12, 0))
    assert result.error_key == w.ERR_HOLIDAY
    assert result.error_args["name"] in ("Новогодние каникулы", "Рождество Христово")
    assert result.suggestions[0] == msk(2027, 1, 11, 12, 0)


def test_r04_a_single_digit_date_in_the_new_year_holidays() -> None:
    result = parse("5.1 11:00")  # next 5 January: 2027, a holiday
    assert result.error_key == w.ERR_HOLIDAY
    assert result.error_args["date"] == "05.01.2027"


def test_r04_a_plain_weekend_names_no_holiday() -> None:
    result = parse("28.11 12:00")  # a Saturday
    assert result.error_key == w.ERR_DAY_OFF
    assert result.error_args == {"date": "28.11.2026"}


def test_r04_day_off_suggestions_move_into_the_window() -> None:
    early = parse("28.11 09:00")
    late = parse("28.11 16:45")
    assert early.suggestions[0] == msk(2026, 11, 30, 10, 30)
    assert late.suggestions[0] == msk(2026, 11, 30, 16, 0)


def test_r04_working_saturday_2025_11_01_is_accepted() -> None:
    result = parse("сб 12:00", now=msk(2025, 10, 30, 12, 0))
    assert result.value == msk(2025, 11, 1, 12, 0)
    assert parse("01.11 12:00", now=msk(2025, 10, 30, 12, 0)).ok


def test_r04_transferred_monday_2025_11_03_is_refused() -> None:
    result = parse("03.11.2025 12:00", now=msk(2025, 10, 30, 12, 0))
    assert result.error_key == w.ERR_HOLIDAY
    assert result.suggestions[0] == msk(2025, 11, 5, 12, 0)  # 4 November is a holiday too


# -- the past and the far future -------------------------------------------------------------
def test_r06_past_dates_are_refused_with_suggestions_from_now() -> None:
    result = parse("01.01.2020 12:00", now=msk(2026, 11, 24, 11, 7))
    assert result.error_key == w.ERR_PAST
    assert result.suggestions == (msk(2026, 11, 24, 11, 15), msk(2026, 11, 25, 12, 0),
                                  msk(2026, 11, 26, 12, 0))


def test_r06_past_suggestions_skip_a_finished_day() -> None:
    result = parse("сегодня 11:00", now=msk(2026, 11, 24, 16, 30))
    assert result.suggestions == (msk(2026, 11, 25, 11, 0), msk(2026, 11, 26, 11, 0),
                                  msk(2026, 11, 27, 11, 0))


def test_r06_more_than_a_year_ahead_is_refused() -> None:
    assert parse("25.11.2099 12:00").error_key == w.ERR_TOO_FAR
    assert parse("25.11.27 12:00").error_key == w.ERR_TOO_FAR
    assert parse("24.11.27 12:00").ok  # within 366 days


def test_r06_check_when_judges_a_ready_datetime_in_any_zone() -> None:
    from datetime import UTC

    assert check_when(datetime(2026, 11, 25, 9, 0, tzinfo=UTC), now=NOW, calendar=CAL).value == (
        msk(2026, 11, 25, 12, 0))
    assert check_when(msk(2026, 11, 25, 16, 1), now=NOW, calendar=CAL).error_key == w.ERR_TOO_LATE


def test_format_when_reads_back() -> None:
    assert format_when(msk(2026, 11, 25, 9, 5)) == "25.11 09:05"
    assert format_when(msk(2026, 11, 25, 9, 5), with_year=True) == "25.11.2026 09:05"


def test_every_error_has_a_russian_translation() -> None:
    assert [key for key in w.MESSAGES if key not in RU] == []


# -- properties -------------------------------------------------------------------------------
nows = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 6, 30),
                    timezones=st.just(MOSCOW))
durations = st.sampled_from([timedelta(minutes=m) for m in (15, 30, 60, 90, 120, 240, 390)])
day_words = st.sampled_from(["", "сегодня", "завтра", "послезавтра", "пн", "вт", "ср", "чт", "пт",
                             "сб", "вс", "tomorrow", "fri", "в пятницу", "31.12", "01.01.2027",
                             "25.11", "1.11.25", "29.02", "30/04", "07-01"])


def _typed(day: str, h: int, m: int, sep: str, hour_only: bool) -> str:
    return f"{day} {h}" if hour_only and day else f"{day} {h}{sep}{m:02d}"


typed = st.builds(
    _typed,
    day_words,
    st.one_of(st.integers(10, 16), st.integers(0, 25)),  # mostly inside the window
    st.integers(0, 61),
    st.sampled_from([":", ".", "-"]),
    st.booleans(),
)


def _assert_sound(result: WhenResult, now: datetime, duration: timedelta) -> None:
    if result.ok:
        assert result.value is not None and valid_start(result.value, now, duration)
        assert result.error_key is None and result.suggestions == ()
    else:
        assert result.value is None and result.error_key in {*w.MESSAGES, w.ERR_CONTROL}
        assert set(result.error_args) <= {"date", "name", "start", "end", "minutes", "latest"}
    for s in result.suggestions:
        assert valid_start(s, now, duration), s
    assert list(result.suggestions) == sorted(set(result.suggestions))


@PROPS
@given(st.text(max_size=80), nows, durations)
def test_r06_any_text_never_raises(text: str, now: datetime, duration: timedelta) -> None:
    _assert_sound(parse(text, now, duration), now, duration)


@PROPS
@given(typed, nows, durations)
def test_r03_accepted_times_and_suggestions_are_valid_starts(
    text: str, now: datetime, duration: timedelta
) -> None:
    _assert_sound(parse(text, now, duration), now, duration)


@PROPS
@given(nows, st.integers(0, 330), st.floats(0, 1), durations)
def test_r06_a_formatted_valid_time_parses_back(
    now: datetime, days: int, share: float, duration: timedelta
) -> None:
    day = CAL.next_working_day(now.date() + timedelta(days=days), include_self=True)
    latest = 17 * 60 - duration // timedelta(minutes=1)
    minute = 10 * 60 + 30 + round(share * (latest - 10 * 60 - 30))
    value = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=MOSCOW)
    assume(value >= now)
    assert check_when(value, now=now, calendar=CAL, duration=duration).value == value
    assert parse(format_when(value), now, duration).value == value
    assert parse(format_when(value, with_year=True), now, duration).value == value
