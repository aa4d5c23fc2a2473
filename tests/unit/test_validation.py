"""The ticket form's fields (R6), the R7 checklist and no passwords anywhere (D13)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.i18n.ru import RU
from console.rules import validation as v
from console.rules.validation import (
    FORBIDDEN_FIELD_NAMES,
    R7_CHECKLIST,
    checklist_complete,
    contact_phone,
    contains_password_field,
    description,
    intercom_code,
    override_reason,
    responsible_name,
)

PROPS = settings(max_examples=100, deadline=None)


# -- the responsible person's name (R6) -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("Иванов Иван Иванович", "Иванов Иван Иванович"),
        ("  Анна-Мария   Петрова ", "Анна-Мария Петрова"),
        ("Анна – Мария", "Анна - Мария"),  # a typographic dash folded to a hyphen
        ("O'Brien", "O'Brien"),
        ("Д’Артаньян", "Д'Артаньян"),  # a typographic apostrophe folded
        ("И. И. Петров", "И. И. Петров"),
        ("Ёлкина", "Ёлкина"),
        ("Ян", "Ян"),
        ("Ж" * 100, "Ж" * 100),
    ],
)
def test_r06_responsible_name_accepts_real_names(text: str, clean: str) -> None:
    assert responsible_name(text) == (clean, None)


def test_r06_responsible_name_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Ёлкина Йошкар")
    value, error = responsible_name(decomposed)
    assert error is None
    assert value == "Ёлкина Йошкар" and unicodedata.is_normalized("NFC", value)


@pytest.mark.parametrize(
    "text", ["Иван 2", "ivan@mail.ru", "Иван_Иванов", "Иван 🙂", "Пётр (сосед)"]
)
def test_r06_responsible_name_refuses_other_characters(text: str) -> None:
    assert responsible_name(text)[1] == v.ERR_NAME_CHARS


@pytest.mark.parametrize("text", ["Я", "Ю.", "--", "'.", "Ж" * 101])
def test_r06_responsible_name_length_and_letters(text: str) -> None:
    assert responsible_name(text)[1] == v.ERR_NAME_LENGTH


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_r06_responsible_name_is_required(text: str) -> None:
    assert responsible_name(text) == ("", v.ERR_REQUIRED)


@pytest.mark.parametrize("text", ["Ива\x00нов", "Иван\nИванов", "Иван\x1b[31m", "Ива\u200bнов"])
def test_r06_responsible_name_refuses_control_characters(text: str) -> None:
    assert responsible_name(text) == ("", v.ERR_CONTROL)


# -- the contact phone (R6: mobile preferred) -------------------------------------------------
@pytest.mark.parametrize("text", ["8 903 969-14-45", "+7 (903) 969 14 45", "9039691445"])
def test_r06_mobile_phone_is_accepted_without_a_question(text: str) -> None:
    check = contact_phone(text)
    assert check == ("+79039691445", True, None)
    assert not check.needs_mobile_confirmation


def test_r06_landline_is_valid_but_needs_confirmation() -> None:
    check = contact_phone("(499) 245 6777")
    e164, mobile, error = check  # unpacks as (e164, is_mobile, error)
    assert (e164, mobile, error) == ("+74992456777", False, None)
    assert check.needs_mobile_confirmation
    assert v.CONFIRM_LANDLINE == "A mobile number is preferred. Accept the landline?"


@pytest.mark.parametrize(
    "text", ["123", "8 903 969-14", "позвонить Ивану", "+7 903 969 14 45 доб 2"]
)
def test_r06_invalid_phone_is_refused(text: str) -> None:
    check = contact_phone(text)
    assert check == ("", False, v.ERR_PHONE_INVALID)
    assert not check.needs_mobile_confirmation


def test_r06_phone_required_control_characters_and_huge_paste() -> None:
    assert contact_phone("  ").error_key == v.ERR_REQUIRED
    assert contact_phone("8903\x00 969 14 45").error_key == v.ERR_CONTROL
    assert contact_phone("+79039691445" + "-" * 100).error_key == v.ERR_PHONE_INVALID
    assert contact_phone("8 903 969 14 45 " * 5000).error_key == v.ERR_PHONE_INVALID


# -- the intercom code (R6) -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "clean"),
    [("123", "123"), ("45#", "45#"), ("К 12*3", "К 12*3"), ("B-12/3", "B-12/3"),
     ("  12   34 ", "12 34"), ("ключ 5", "ключ 5"), ("1" * 20, "1" * 20)],
)
def test_r06_intercom_code_accepts_codes(text: str, clean: str) -> None:
    assert intercom_code(text, no_intercom=False) == (clean, None)


def test_r06_intercom_code_is_required_unless_there_is_no_intercom() -> None:
    assert intercom_code("", no_intercom=False) == ("", v.ERR_INTERCOM_REQUIRED)
    assert intercom_code("  ", no_intercom=True) == ("", None)


def test_r06_code_and_no_intercom_together_are_refused_not_dropped() -> None:
    assert intercom_code("123", no_intercom=True) == ("123", v.ERR_INTERCOM_BOTH)


@pytest.mark.parametrize("text", ["12\x07", "12\n34", "1\u202e2"])
def test_r06_intercom_code_refuses_control_characters_clearly(text: str) -> None:
    for no_intercom in (False, True):
        assert intercom_code(text, no_intercom=no_intercom) == ("", v.ERR_CONTROL)
    assert "Control characters" in v.ERR_CONTROL


@pytest.mark.parametrize("text", ["12+3", "αβ12", "12;34", "#", "*-/", "١٢٣", "12🙂"])
def test_r06_intercom_code_refuses_other_characters(text: str) -> None:
    assert intercom_code(text, no_intercom=False)[1] == v.ERR_INTERCOM_CHARS


def test_r06_intercom_code_at_most_20_characters() -> None:
    assert intercom_code("1" * 21, no_intercom=False)[1] == v.ERR_INTERCOM_LENGTH


# -- the description ---------------------------------------------------------------------------
def test_description_keeps_lines_and_drops_control_characters() -> None:
    assert description("  Нет интернета\nс утра\x00 ") == ("Нет интернета\nс утра", None)


@pytest.mark.parametrize(
    ("text", "error"),
    [("", v.ERR_REQUIRED), ("\x00 \n", v.ERR_REQUIRED), ("а", None), ("а" * 2000, None),
     ("а" * 2001, v.ERR_DESCRIPTION_LENGTH)],
)
def test_description_length_1_to_2000(text: str, error: str | None) -> None:
    assert description(text)[1] == error


def test_d04_override_needs_a_reason() -> None:
    assert override_reason(" ") == ("", v.ERR_REQUIRED)
    assert override_reason("ок")[1] == v.ERR_REASON_LENGTH
    assert override_reason("Оплата пришла, биллинг не обновился") == (
        "Оплата пришла, биллинг не обновился", None)


# -- every field survives any text -------------------------------------------------------------
@PROPS
@given(st.text(max_size=300), st.booleans())
def test_r06_validators_never_raise_and_clean_values_are_clean(text: str, flag: bool) -> None:
    for value, error in (responsible_name(text), intercom_code(text, flag), description(text),
                         override_reason(text)):
        assert isinstance(value, str)
        if error is None:
            assert value == value.strip()
            assert unicodedata.is_normalized("NFC", value)
            assert not any(unicodedata.category(c)[0] == "C" for c in value if c not in "\n\t")
    name, error = responsible_name(text)
    if error is None:
        assert 2 <= len(name) <= 100 and not v.has_control(name)
    code, error = intercom_code(text, flag)
    if error is None:
        assert len(code) <= 20 and (code == "" if flag else code != "")
    phone = contact_phone(text)
    assert (phone.error_key is None) == phone.e164.startswith("+")


# -- the R7 checklist and no passwords (D13) ---------------------------------------------------
def test_r07_checklist_covers_knowledge_access_and_authority() -> None:
    text = " ".join(R7_CHECKLIST)
    for words in ("which computer is faulty", "passwords", "LAN cables", "gateway", "entrance",
                  "premises", "the computer", "central device", "floor panel", "220 V socket",
                  "accept the work", "sign the completion act"):
        assert words in text, words


def test_r07_checklist_complete_only_when_every_item_is_ticked() -> None:
    everything = range(len(R7_CHECKLIST))
    assert checklist_complete(set(everything))
    assert checklist_complete([*everything, 99])  # stray indices are ignored
    assert not checklist_complete(set())
    for left_out in everything:
        assert not checklist_complete([i for i in everything if i != left_out])


def test_d13_checklist_tells_the_client_to_keep_passwords_for_the_technician() -> None:
    item = next(i for i in R7_CHECKLIST if "passwords" in i)
    assert "ready for the technician" in item and "do not tell them to us" in item


@pytest.mark.parametrize(
    ("names", "found"),
    [(["responsible_name", "contact_phone"], False), (["client_password"], True),
     (["Пароль от ПК"], True), (["PASSWORD"], True), (["intercom_code", "passport"], False),
     ([], False)],
)
def test_d13_contains_password_field(names: list[str], found: bool) -> None:
    assert contains_password_field(names) is found
    assert FORBIDDEN_FIELD_NAMES == ("password", "пароль")


def test_d13_no_stored_field_is_about_passwords() -> None:
    import peewee

    from console import models

    tables = [m for m in vars(models).values()
              if isinstance(m, type) and issubclass(m, peewee.Model) and m is not peewee.Model]
    assert any(m.__name__ == "Ticket" for m in tables)
    for model in tables:
        names = [*model._meta.fields, *(f.column_name for f in model._meta.fields.values())]
        assert not contains_password_field(names), model.__name__


def test_r06_ticket_stores_every_r06_field() -> None:
    from console.models import Ticket

    for name in ("responsible_name", "contact_phone", "desired_at", "intercom_code",
                 "no_intercom", "description"):
        assert name in Ticket._meta.fields


def test_every_message_has_a_russian_translation() -> None:
    assert [key for key in v.MESSAGES if key not in RU] == []
