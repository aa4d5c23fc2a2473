"""Display formats: shifts read as durations (item 21), addresses keep the house (item 20)."""

from __future__ import annotations

import re
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from console.widgets.fmt import common_city, shift, short_address

ADDRESS = "г. Москва, ул. Верхняя Красносельская, д. 18, кв. 4"


def test_item21_shift_is_a_duration_not_a_clock_time():
    assert shift(timedelta(hours=20, minutes=30)) == "+20 ч 30 мин"
    assert shift(timedelta(minutes=-15)) == "-15 мин"
    assert shift(timedelta(hours=2)) == "+2 ч"
    assert shift(timedelta(hours=-1, minutes=-5)) == "-1 ч 5 мин"
    assert shift(None) == "нет слота"


def test_item20_the_town_most_rows_share_is_dropped():
    rows = [ADDRESS, "г. Москва, пр-т Мира, д. 57", "г. Химки, ул. Ленина, д. 2"]
    assert common_city(rows) == "г. Москва"
    assert short_address(ADDRESS, "г. Москва") == "ул. Верхняя Красносельская, д. 18, кв. 4"
    assert short_address(rows[2], "г. Москва") == rows[2]  # another town stays named
    assert common_city(["ул. Ленина, д. 2", "пр-т Мира, д. 57"]) == ""


@given(st.integers(min_value=5, max_value=60))
def test_item20_a_cut_address_keeps_the_house_number(width):
    text = short_address(ADDRESS, "г. Москва", width)
    assert cell_len(text) <= width
    assert re.search(r"(?<!\d)18(?!\d)", text), text
