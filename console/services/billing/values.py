"""Cell values of a billing export: text, money, status; and why a line was rejected.

Every rejection carries a stable code (for scripts and tests) and a reason in English and in
Russian (the dispatcher reads the report), e.g.
`bad_balance: balance 'abc' is not a sum of money (баланс «abc» — не сумма)`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from console.rules.normalize import clean_text
from console.statuses import ContractStatus

# Field name -> (English, Russian) for messages; also the order of the canonical columns.
COLUMN_TITLES: dict[str, tuple[str, str]] = {
    "number": ("contract number", "номер договора"),
    "surname": ("surname", "фамилия"),
    "first_name": ("first name", "имя"),
    "patronymic": ("patronymic", "отчество"),
    "company": ("company", "организация"),
    "address": ("address", "адрес"),
    "phones": ("phones", "телефоны"),
    "balance": ("balance", "баланс"),
    "status": ("status", "статус"),
}
# Longest accepted cell per field, in characters. Longer cells reject the line rather than
# being cut: a cut address or surname would be stored as if it were right.
LIMITS: dict[str, int] = {
    "number": 64, "surname": 100, "first_name": 100, "patronymic": 100, "company": 300,
    "address": 500, "phones": 300, "balance": 64, "status": 32,
}
# Plain strings (the members' values): a million rows go to the driver without adaptation.
ACTIVE, _SUSPENDED, _CLOSED = (s.value for s in (ContractStatus.ACTIVE, ContractStatus.SUSPENDED,
                                                  ContractStatus.CLOSED))
STATUSES: dict[str, str] = {  # casefolded, ё -> е
    "active": ACTIVE, "активен": ACTIVE, "активный": ACTIVE,
    "suspended": _SUSPENDED, "приостановлен": _SUSPENDED,
    "closed": _CLOSED, "закрыт": _CLOSED,
}
MAX_DIGITS = 13  # roubles up to 10**13: anything bigger is a broken cell, not a balance

# Roubles: sign, digits (thousands grouped by a space, NBSP, narrow or thin space, or not at
# all), up to 2 decimals after ',' or '.', an optional currency; one regex for every format
# (a fast path plus a fallback measured slower for the grouped sums half of an export has).
_MONEY = re.compile(
    r"\s*([-−+]?)\s*"
    r"([0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+|[0-9]+)"
    r"(?:[.,]([0-9]{1,2}))?"
    r"(?:\s*(?:₽|[рР][уУ][бБ]\.?|[рР]\.|[rR][uU][bB]))?\s*"
)
# Unicode category Z but ' ' (spaces such as NBSP, line and paragraph separators).
_SEPARATORS_Z = re.compile("[\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_TOO_PRECISE = re.compile(r"[-−+]?[0-9 \u00a0\u202f\u2009]*[.,][0-9]{3,}\D*")


class RowProblem(NamedTuple):
    """Why a line was rejected (or a phone dropped): a stable code, English and Russian."""

    code: str
    en: str
    ru: str

    def describe(self) -> str:
        return f"{self.code}: {self.en} ({self.ru})"


def shown(value: str, limit: int = 40) -> str:
    """A cell as quoted in a message: printable, and cut (a 50 kB cell must not flood it)."""
    text = "".join(ch if ch.isprintable() else " " for ch in value[: limit + 1]).strip()
    return text if len(text) <= limit else text[:limit] + "…"


def is_plain(text: str) -> bool:
    """True when `clean_text(text)` is just `text.strip()`, for text and any part of it.

    isprintable() is False exactly for the characters of category C (control, format, private,
    unassigned: what clean_text removes) and the separators Z other than ' ' (NBSP, thin space:
    clean_text keeps them), so text printable but for its Z characters, and in NFC, has
    nothing for clean_text to change; NFC holds for its parts too, as a cell boundary
    (';', ',', '|') never sits inside a combining sequence.
    """
    printable = text.isprintable() or _SEPARATORS_Z.sub("", text).isprintable()
    return printable and (text.isascii() or unicodedata.is_normalized("NFC", text))


def clean(text: str) -> str:
    """Exactly `clean_text(text)`, ~10x faster for the usual printable NFC cell."""
    return text.strip() if is_plain(text) else clean_text(text)


def too_long(field: str, value: str) -> RowProblem:
    en, ru = COLUMN_TITLES[field]
    limit = LIMITS[field]
    return RowProblem("too_long", f"{en}: {len(value)} characters, at most {limit} accepted",
                      f"{ru}: {len(value)} символов, допустимо не более {limit}")


def parse_balance(text: str) -> int | RowProblem:
    """'1 234,56 ₽', '1234.56', '-300', '1\xa0234,5' -> kopecks; rejects 'abc', '1,2,3', '1,234'."""
    match = _MONEY.fullmatch(text)
    if match is not None:
        sign, whole, frac = match.groups()
        if not whole.isdigit():  # grouped: drop the separators
            whole = (whole.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
                     .replace("\u2009", ""))
        if len(whole) <= MAX_DIGITS:
            kopecks = int(whole) * 100
            if frac:
                kopecks += int(frac) * 10 if len(frac) == 1 else int(frac)
            return -kopecks if sign and sign != "+" else kopecks
    value = shown(text)
    if not value:
        return RowProblem("bad_balance", "balance is empty", "баланс не указан")
    if _TOO_PRECISE.fullmatch(text.strip()):
        return RowProblem("bad_balance",
                          f"balance '{value}' has more than 2 digits after the decimal point",
                          f"баланс «{value}»: больше двух знаков после запятой")
    return RowProblem("bad_balance", f"balance '{value}' is not a sum of money",
                      f"баланс «{value}» — не сумма")


def parse_status(text: str) -> str | RowProblem:
    """active | suspended | closed, English or Russian; an empty cell means active."""
    key = text.strip().casefold().replace("ё", "е")
    if not key:
        return ACTIVE
    status = STATUSES.get(key)
    if status is not None:
        return status
    value = shown(text)
    return RowProblem("bad_status",
                      f"status '{value}' is not one of active, suspended, closed",
                      f"статус «{value}» — не «активен», «приостановлен» или «закрыт»")
