"""D3/R13: contract numbers and surnames compare the way a caller says them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.rules.normalize import (
    clean_text,
    contract_key,
    format_phone,
    is_mobile,
    phone_e164,
    surname_key,
    surnames_match,
)


def test_d03_contract_number_ignores_spaces_dashes_and_case():
    assert contract_key(" 12-345 678 ") == "12345678"
    assert contract_key("ab–12.34/5") == "AB12345"
    assert contract_key("") == ""


def test_d03_surname_yo_equals_ye_and_case_is_ignored():
    assert surnames_match("ЁЛКИНА", "Елкина")
    assert surnames_match("  иванов ", "Иванов")
    assert surnames_match("Римский - Корсаков", "Римский-Корсаков")
    assert not surnames_match("Иванова", "Иванов")
    assert not surnames_match("", "")  # nothing said is not a match


def test_d03_a_latin_surname_is_a_different_surname():
    assert not surnames_match("Ivanov", "Иванов")
    assert not surnames_match("Smith", "Смит")


def test_d03_latin_lookalikes_typed_among_cyrillic_are_folded():
    """A layout slip ("Иванoв" with a Latin o) is the same surname as the caller said."""
    assert surnames_match("Иванoв", "Иванов")  # a Latin "o" inside
    assert surnames_match("CEMEHOBA", "Семенова") is False  # all Latin: not folded
    assert surnames_match("Сeмёнoва", "Семенова")
    assert surnames_match("Иванов", "Иванoв")  # billing's slip reads the same too
    assert not surnames_match("Иванoва", "Иванов")


def test_phones_parse_to_e164_and_mobile_is_detected():
    assert phone_e164("8 (903) 969-14-45") == "+79039691445"
    assert phone_e164("+7 499 245 6777") == "+74992456777"
    assert phone_e164("call me") is None
    assert phone_e164("8903") is None
    assert is_mobile("+79039691445") and not is_mobile("+74992456777")
    assert format_phone("+79039691445") == "+7 903 969-14-45"


def test_clean_text_drops_control_characters_and_cuts_long_pastes():
    assert clean_text("a\x00b\x07c\n") == "abc"
    assert len(clean_text("я" * 50_000, limit=64)) == 64


@given(st.text(max_size=40))
def test_d03_surname_key_is_idempotent_and_case_free(text):
    key = surname_key(text)
    assert surname_key(key) == key
    assert surname_key(text.upper()) == surname_key(text.lower()) or "ß" in text.lower()


@given(st.text(alphabet="0123456789 -.", max_size=30))
def test_d03_contract_key_keeps_only_the_digits(text):
    assert contract_key(text) == "".join(ch for ch in text if ch.isdigit())


@pytest.mark.parametrize("typed", ["№ 10000001", "№10000001", "N10000001", "n 10000001",
                                   "Н 10000001", "дог. 10000001", "Дог 10000001",
                                   "договор 10000001", "договор № 10000001", "100-000-01"])
def test_d03_a_number_typed_with_a_spoken_prefix_verifies(typed):
    from console.rules.eligibility import verify

    assert verify(typed, "Иванов", "10000001", "Иванов").verified


def test_d03_a_number_that_really_starts_with_n_is_kept_as_typed():
    from console.rules.normalize import spoken_contract_keys

    assert spoken_contract_keys("NA123") == ["NA123"]
    assert spoken_contract_keys("N 123")[0] == "N123"  # as typed is tried first


@pytest.mark.parametrize("typed", ["Семёнова Тян Шанская", "СемёноваТянШанская",
                                   "семенова-тян шанская", "Семёнова - Тян - Шанская"])
def test_d03_a_double_surname_verifies_whatever_separators_were_typed(typed):
    from console.rules.normalize import surnames_match

    assert surnames_match(typed, "Семёнова-Тян-Шанская")
    assert not surnames_match("Семёнова", "Семёнова-Тян-Шанская")
