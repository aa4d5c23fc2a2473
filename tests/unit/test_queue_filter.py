"""The F3 filter (issue 8 item 16): a ticket is found by any of the ways a dispatcher names it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from console.rules.queue_filter import matches, parse_query, search_keys

ROW = search_keys(
    ticket_id=57, contract_number="10-000-123", phones=("+79031234567",),
    client="Ёлкина А. В.", address="г. Москва, ул. Тверская, д. 18, кв. 4",
    technicians=("Сидоров Пётр",), task="Нет связи",
)
OTHER = search_keys(
    ticket_id=158, contract_number="20000001", phones=("+74952456777",),
    client="ООО Ромашка", address="г. Москва, пр-т Мира, д. 57",
    technicians=(), task="Настройка сети",
)


def found(query: str) -> set[int]:
    parsed = parse_query(query)
    return {row.ticket_id for row in (ROW, OTHER) if matches(parsed, row)}


def test_filter_finds_a_contract_by_its_whole_number_or_its_start():
    assert found("10000123") == {57}
    assert found("10-000-123") == {57}
    assert found("100") == {57}
    assert found("дог. 10000") == {57}
    assert found("2000") == {158}


def test_filter_finds_a_ticket_by_its_number_with_or_without_the_sign():
    assert found("№57") == {57}
    assert found("№ 57") == {57}
    assert found("57") == {57}  # a house number 57 elsewhere is not a ticket number
    assert found("158") == {158}


def test_filter_finds_a_phone_in_any_format():
    for typed in ("+7 903 123-45-67", "8 (903) 123-45-67", "79031234567", "89031234567",
                  "9031234567", "123-45-67"):
        assert found(typed) == {57}, typed
    assert found("(495) 245-67-77") == {158}


def test_d03_filter_finds_a_surname_with_yo_as_ye_in_any_case():
    assert found("елкина") == {57}
    assert found("ЁЛКИНА") == {57}
    assert found("Ёлкин") == {57}


def test_filter_finds_an_address_a_technician_and_needs_every_word():
    assert found("тверская 18") == {57}
    assert found("мира") == {158}
    assert found("сидоров") == {57}
    assert found("петр") == {57}  # Пётр
    assert found("тверская мира") == set()


def test_an_empty_filter_shows_everything_and_nonsense_shows_nothing():
    assert found("") == {57, 158}
    assert found("   ") == {57, 158}
    assert found("xyzzy") == set()


DIGIT = st.sampled_from("0123456789")
SEPARATORS = st.sampled_from(["", " ", "-", "  ", "‑"])


@given(st.lists(DIGIT, min_size=10, max_size=10), st.sampled_from(["+7", "8", "7", ""]),
       st.lists(SEPARATORS, min_size=11, max_size=11), st.booleans())
def test_filter_finds_a_phone_however_it_is_written(digits, prefix, seps, brackets):
    national = "".join(digits)
    row = search_keys(ticket_id=1, contract_number="X1", phones=(f"+7{national}",), client="",
                      address="", technicians=())
    code, rest = national[:3], national[3:]
    code = f"({code})" if brackets else code
    parts = [prefix, code, *rest]
    typed = "".join(part + sep for part, sep in zip(parts, seps, strict=False)).strip()
    assert matches(parse_query(typed), row), typed


@given(st.text(alphabet="0123456789", min_size=1, max_size=12), st.data())
def test_filter_finds_a_contract_by_any_start_of_its_number(number, data):
    row = search_keys(ticket_id=999_999_999, contract_number=number, phones=(), client="",
                      address="", technicians=())
    cut = data.draw(st.integers(min_value=1, max_value=len(number)))
    seps = data.draw(st.lists(SEPARATORS, min_size=cut, max_size=cut))
    typed = "".join(ch + sep for ch, sep in zip(number[:cut], seps, strict=True))
    assert matches(parse_query(typed), row), typed


@given(st.text(alphabet="абвгдеёжзиклмнопрстуфхцчшщэюяАБВГДЕЁЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ",
               min_size=1, max_size=20), st.data())
def test_d03_filter_finds_a_surname_whatever_its_case_and_yo(surname, data):
    row = search_keys(ticket_id=1, contract_number="X1", phones=(), client=f"{surname} И. И.",
                      address="", technicians=())
    swapped = "".join(
        data.draw(st.sampled_from([ch, ch.upper(), ch.lower()]))
        .replace("ё", data.draw(st.sampled_from(["ё", "е"])))
        .replace("Ё", data.draw(st.sampled_from(["Ё", "Е", "е"])))
        for ch in surname
    )
    assert matches(parse_query(swapped), row), swapped
