"""Issue 12: the F3 filter over a whole queue (`index` + `select`) finds exactly the rows
`matches` finds one by one, and narrowing to what the previous key found changes nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from console.rules.queue_filter import index, matches, narrows, parse_query, search_keys, select

NAMES = ("Иванов И. И.", "Ёлкина А. В.", "Иваненко П.", "ООО Ромашка", "Сидорова-Тян Н.")
STREETS = ("ул. Тверская, д. 18", "пр-т Мира, д. 57", "ул. Вавилова, д. 5", "Ивановская, 1")
TYPED = st.text(alphabet="иваноёлкеИВЁ 57-+()1089№", max_size=8)

rows_strategy = st.lists(
    st.builds(
        lambda n, client, street, contract, phone: search_keys(
            ticket_id=n, contract_number=contract, phones=(phone,), client=client,
            address=street, technicians=("Сидоров Пётр",), task="Нет связи"),
        st.integers(min_value=1, max_value=999),
        st.sampled_from(NAMES), st.sampled_from(STREETS),
        st.text(alphabet="0123456789-", min_size=1, max_size=9),
        st.text(alphabet="0123456789+ ", max_size=14),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(rows_strategy, TYPED)
def test_select_finds_the_rows_matches_finds(rows, typed):
    query = parse_query(typed)
    assert select(query, index(rows)) == [i for i, row in enumerate(rows) if matches(query, row)]


@settings(max_examples=300, deadline=None)
@given(rows_strategy, TYPED, TYPED)
def test_typing_on_narrows_to_the_same_rows_as_a_full_scan(rows, first, more):
    before, after = parse_query(first), parse_query(first + more)
    prepared = index(rows)
    if narrows(before, after):
        assert select(after, prepared, within=select(before, prepared)) == select(
            after, prepared)


def test_typing_a_surname_on_narrows_and_a_number_starts_again():
    assert narrows(parse_query("ив"), parse_query("ива"))
    assert narrows(parse_query(""), parse_query("57"))
    assert narrows(parse_query("ива тв"), parse_query("ивано тверс"))
    assert not narrows(parse_query("иванов"), parse_query("иван"))  # deleting widens
    assert not narrows(parse_query("57"), parse_query("575"))  # a number: ticket, contract, phone
