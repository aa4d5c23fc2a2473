"""What the F3 filter finds (issue 8 item 16): the ways a dispatcher names a ticket.

- a contract number, whole or its start, written any way D3 accepts (`12-345`, `дог. 12345`);
- a ticket number with or without `№` (`№ 57`, `57`);
- a phone in any format (`+7 903 123-45-67`, `8 (903) 1234567`, `79031234567`), or its last
  digits (`45-67` is too short to mean anything; five digits and more do);
- any words of the client's name, the address, the technician or the task, in any case and with
  ё = е (`елкина`, `тверская 1`); every word must be found.

Pure functions: `search_keys` folds a row once (the screen may cache it per row), `parse_query`
folds what was typed once per keystroke, `matches` compares them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from console.rules.normalize import clean_text, contract_key

_TICKET = re.compile(r"\s*(?:№|n|#|no\.?)\s*(\d{1,9})\s*", re.IGNORECASE)
_DIGITS_ONLY = re.compile(r"\s*\d{1,9}\s*")
_PHONE_CHARS = re.compile(r"[\d\s()+\-.‐‑‒–—―]+")
_CONTRACT_PREFIX = re.compile(r"^\s*(?:№|n|дог\.?|договор)\s*", re.IGNORECASE)
_WORD = re.compile(r"\w+")
MIN_PHONE_DIGITS = 5  # fewer digits would match a third of the queue by chance


def fold(text: str) -> str:
    """Case and ё folded, NFC, no control characters: 'Ёлкина' -> 'елкина'."""
    return clean_text(text).casefold().replace("ё", "е")


def phone_digits(text: str) -> str:
    """The national significant digits: '+7 (903) 123-45-67' and '8 903 1234567' -> '9031234567'."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 11 and digits[0] in "78":
        return digits[1:]
    return digits


@dataclass(frozen=True, slots=True)
class SearchKeys:
    """One row, folded for the filter."""

    ticket_id: int
    contract: str  # contract_key
    phones: tuple[str, ...]  # phone_digits of each
    words: str  # folded client, address, technicians, task, contract number, "№id"


@dataclass(frozen=True, slots=True)
class Query:
    """What was typed, folded once."""

    ticket_id: int | None  # '№57', '57'
    contract: str  # contract_key of the whole query ('' if it cannot be a number)
    phone: str  # phone_digits, when the query looks like (part of) a phone number
    words: tuple[str, ...]  # folded words; all must be in SearchKeys.words

    @property
    def empty(self) -> bool:
        return not (self.ticket_id or self.contract or self.phone or self.words)


def search_keys(*, ticket_id: int, contract_number: str, phones: tuple[str, ...] | list[str],
                client: str, address: str, technicians: tuple[str, ...] | list[str],
                task: str = "") -> SearchKeys:
    words = " ".join((client, address, *technicians, task, contract_number, f"№{ticket_id}"))
    return SearchKeys(
        ticket_id=ticket_id,
        contract=contract_key(contract_number),
        phones=tuple(d for d in (phone_digits(p) for p in phones if p) if d),
        words=fold(words),
    )


def parse_query(text: str) -> Query:
    """Numbers are matched as numbers (a ticket, a contract, a phone), never as parts of an
    address: `57` finds ticket №57 and contracts starting 57, not every house number 57.
    Words are matched when the query has a letter in it."""
    text = clean_text(text)
    ticket = _TICKET.fullmatch(text) or _DIGITS_ONLY.fullmatch(text)
    ticket_id = int(re.sub(r"\D", "", ticket.group(0))) if ticket else None
    has_digit = any(ch.isdigit() for ch in text)
    contract = contract_key(_CONTRACT_PREFIX.sub("", text)) if has_digit else ""
    phone = ""
    if _PHONE_CHARS.fullmatch(text):
        digits = phone_digits(text)
        phone = digits if len(digits) >= MIN_PHONE_DIGITS else ""
    folded = fold(text)
    has_letter = any(ch.isalpha() for ch in folded)
    words = tuple(_WORD.findall(folded)) if has_letter and not ticket else ()
    return Query(ticket_id, contract, phone, words)


def matches(query: Query, row: SearchKeys) -> bool:
    """Whether the row is one the dispatcher may mean (an empty query matches every row)."""
    if query.empty:
        return True
    if query.ticket_id is not None and query.ticket_id == row.ticket_id:
        return True
    if query.contract and row.contract.startswith(query.contract):
        return True
    if query.phone and any(query.phone in digits for digits in row.phones):
        return True
    return bool(query.words) and all(word in row.words for word in query.words)
