"""F3's rows made again from what changed (issue 12): `queue_view._rehot` equals `_row`.

A re-plan after an urgent ticket rewrites the ETAs of ~1,800 tickets; their rows are made from
the known row with the fields a hot row gives made again. For any two hot rows of one ticket
with the same cold key and any cold values, that row is the one `_row` makes from scratch.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from console.services.queue_view import _cold_key, _rehot, _row

NAMES = {1: "Сидоров Пётр", 2: "Петров Иван", 3: ""}
TASKS = {1: ("no_link", "Нет связи", "No link", 1, 2), 2: ("callback", "Звонок", "Call", 0, 3),
         3: ("lan_setup", "ЛВС", "LAN", True, 4)}

times = st.one_of(
    st.none(),
    st.sampled_from(["2026-11-24 10:30:00", "2026-11-24 11:45:00", "2026-11-25 16:00:00",
                     "2026-11-24 07:30:00.123456"]),
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1)),
    st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1),
                 timezones=st.just(UTC)),
)
technician = st.one_of(st.none(), st.sampled_from([1, 2, 3, 99]))


def hot_rows(tid: int, version: int, contract: int, updated):
    return st.tuples(
        st.just(tid), st.integers(1, 4), st.sampled_from(["open", "in_progress"]),
        technician, technician, times, times, times,
        times.filter(lambda t: t is not None), st.sampled_from([0, 1, False, True]),
        st.just(version), st.sampled_from(list(TASKS)), st.just(contract), st.just(updated),
    )


texts = st.text(max_size=12)
colds = st.tuples(texts, texts, texts, texts, st.one_of(st.just(""), st.none(), texts), texts,
                  texts, times, texts, texts, texts, st.sampled_from([0, 1, None]),
                  st.one_of(st.none(), texts))


@st.composite
def two_hots_one_cold_key(draw):
    tid = draw(st.integers(1, 10**6))
    key = (draw(st.integers(1, 50)), draw(st.integers(1, 10**6)), draw(times))
    return draw(hot_rows(tid, *key)), draw(hot_rows(tid, *key)), draw(colds)


@settings(max_examples=400, deadline=None)
@given(two_hots_one_cold_key())
def test_r09_a_row_made_again_from_its_known_row_equals_one_made_from_scratch(case):
    old_hot, new_hot, cold = case
    assert _cold_key(old_hot) == _cold_key(new_hot)
    known = _row(old_hot, cold, NAMES, TASKS)
    again = _rehot(known, new_hot, NAMES, TASKS)
    fresh = _row(new_hot, cold, NAMES, TASKS)
    assert again == fresh
    assert type(again) is type(fresh)
    assert [type(v) for v in again] == [type(v) for v in fresh]


def test_r09_the_cold_key_is_what_the_cold_columns_are_read_again_on():
    """Version, contract and the contract's update stamp: a change of any reads them again."""
    hot = (7, 2, "open", 1, None, None, None, None, "2026-11-24 10:00:00", 0, 3, 1, 42,
           "2026-11-01 00:00:00")
    assert _cold_key(hot) == (3, 42, "2026-11-01 00:00:00")
