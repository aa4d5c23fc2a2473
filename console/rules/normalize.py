"""Normalised keys for matching what a caller says against what billing holds (R13, D3).

A contract number is compared without spaces, dashes, dots and slashes, case-insensitively;
a surname case-insensitively with ё = е (and Latin look-alikes left alone: a surname typed in
Latin is a different surname). Both are stored as indexed key columns, because SQLite folds
only ASCII in lower()/LIKE.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import phonenumbers

_NUMBER_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―./\\_]+")
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"\s*[-‐‑‒–—―]\s*")


def clean_text(text: str, *, limit: int | None = None) -> str:
    """NFC, no control characters, trimmed; `limit` cuts pasted walls of text."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    text = text.strip()
    return text[:limit] if limit is not None else text


def contract_key(number: str) -> str:
    """'12-345 678' -> '12345678'; case-insensitive (D3)."""
    return _NUMBER_SEPARATORS.sub("", clean_text(number)).upper()


def surname_key(surname: str) -> str:
    """'Ёлкина - Петрова ' -> 'елкина-петрова': casefold, ё -> е, tight hyphens (D3)."""
    text = clean_text(surname).casefold().replace("ё", "е")
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text)


# D3: what a dispatcher types before the number as they hear it: "№ 123", "N123",
# "дог. 123", "договор № 123" (Latin or Cyrillic N, any case).
_SPOKEN_PREFIX = re.compile(
    r"^\s*(?:договор[а-я]*|дог)?\.?\s*(?:№|#|n°|no\.|[nн](?=[\s.\d:№-]|$))?\s*[.:№]?\s*",
    re.IGNORECASE,
)
_PART_SEPARATORS = re.compile(r"[\s\-]+")


def spoken_contract_keys(number: str) -> list[str]:
    """Keys to look a spoken contract number up by: as typed, then without a leading
    `№`/`N`/`дог.`/`договор` (D3). As typed comes first, so a number that really starts with
    N in billing is still found."""
    raw = contract_key(number)
    stripped = contract_key(_SPOKEN_PREFIX.sub("", clean_text(number), count=1))
    return [k for k in dict.fromkeys((raw, stripped)) if k]


# Latin letters that look like Cyrillic ones (after casefold). A surname typed with one of them
# in the middle of Cyrillic ("Иванoв" with a Latin o, a keyboard layout slip) reads the same.
_LOOKALIKES = str.maketrans("aceopxykmthb", "асеорхукмтнв")
_CYRILLIC = re.compile(r"[а-яё]")
_LATIN = re.compile(r"[a-z]")


def fold_lookalikes(key: str) -> str:
    """In a key mixing Cyrillic and Latin letters, Latin look-alikes become Cyrillic; a key in
    one script (Иванов, Smith) is left alone."""
    if _CYRILLIC.search(key) and _LATIN.search(key):
        return key.translate(_LOOKALIKES)
    return key


def surnames_match(given: str, on_contract: str) -> bool:
    """The verification comparison of R13 / D3: case, ё/е and the separators between the parts
    of a double surname ignored (a hyphen cannot be heard on the phone), Latin look-alike
    letters typed among Cyrillic ones folded (issue 8, item 12)."""
    key = fold_lookalikes(_PART_SEPARATORS.sub("", surname_key(given)))
    return bool(key) and key == fold_lookalikes(
        _PART_SEPARATORS.sub("", surname_key(on_contract)))


def parse_phone(text: str, region: str = "RU") -> phonenumbers.PhoneNumber | None:
    """A valid phone number or None; accepts 8-903-..., +7 (903) ..., 903 969 14 45."""
    import phonenumbers  # ~20 ms of metadata: kept off the console's start path

    text = clean_text(text, limit=64)
    if not text or re.search(r"[^\d\s()+\-.]", text):
        return None  # letters or other junk: refuse rather than guess
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def phone_e164(text: str) -> str | None:
    """'8 (903) 969-14-45' -> '+79039691445', or None when it is not a valid number."""
    import phonenumbers

    number = parse_phone(text)
    return (
        phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if number else None
    )


def is_mobile(e164: str) -> bool:
    """Mobile preferred for the responsible person's contact (R6)."""
    import phonenumbers

    number = parse_phone(e164)
    return number is not None and phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


@lru_cache(maxsize=16_384)  # the notify list formats every owed call's phone on every load
def format_phone(e164: str) -> str:
    """For dialling and reading out: '+7 903 969-14-45'."""
    import phonenumbers

    number = parse_phone(e164)
    if number is None:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
