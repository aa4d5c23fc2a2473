"""What the F3 filter finds (issue 8 item 16): the ways a dispatcher names a ticket.

- a contract number, whole or its start, written any way D3 accepts (`12-345`, `дог. 12345`);
- a ticket number with or without `№` (`№ 57`, `57`);
- a phone in any format (`+7 903 123-45-67`, `8 (903) 1234567`, `79031234567`), or its last
  digits (`45-67` is too short to mean anything; five digits and more do);
- any words of the client's name, the address, the technician or the task, in any case and with
  ё = е (`елкина`, `тверская 1`); every word must be found.

Pure functions: `search_keys` folds a row once (the screen may cache it per row), `parse_query`
folds what was typed once per keystroke, `matches` compares them. For a whole queue, `index`
lays the folded rows out in columns once per snapshot and `select` answers a keystroke over
10,000 rows with a plain scan (no call per row); `narrows` tells when the rows a longer query
finds are among those the previous one found, so only those are scanned again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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


@dataclass(frozen=True, slots=True)
class SearchIndex:
    """A queue's rows folded once, laid out by column for `select` (positions are row order)."""

    ticket_ids: tuple[int, ...]
    contracts: tuple[str, ...]
    phones: tuple[tuple[str, ...], ...]
    words: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.ticket_ids)


def index(rows: Sequence[SearchKeys]) -> SearchIndex:
    return SearchIndex(
        ticket_ids=tuple(row.ticket_id for row in rows),
        contracts=tuple(row.contract for row in rows),
        phones=tuple(row.phones for row in rows),
        words=tuple(row.words for row in rows),
    )


def select(query: Query, rows: SearchIndex, within: Sequence[int] | None = None) -> list[int]:
    """The positions of the rows `query` matches, in order: the same rows as `matches` finds.
    `within`: only among these positions (what a query that `narrows` to this one found)."""
    positions: Sequence[int] = range(len(rows)) if within is None else within
    if query.empty:
        return list(positions)
    words = rows.words
    wanted = query.words
    if query.ticket_id is None and not query.contract and not query.phone:
        # Words only (a name, a street): the common case, one substring test a row.
        if len(wanted) == 1:
            word = wanted[0]
            return [i for i in positions if word in words[i]]
        return [i for i in positions if all(w in words[i] for w in wanted)]
    ticket, contract, phone = query.ticket_id, query.contract, query.phone
    ids, contracts, phones = rows.ticket_ids, rows.contracts, rows.phones
    return [
        i for i in positions
        if (ticket is not None and ids[i] == ticket)
        or (contract and contracts[i].startswith(contract))
        or (phone and any(phone in digits for digits in phones[i]))
        or (wanted and all(w in words[i] for w in wanted))
    ]


def narrows(before: Query, after: Query) -> bool:
    """Every row `after` matches is one `before` matched (typing on in the same words), so
    `select(after, rows, within=select(before, rows))` finds the same rows as a full scan."""
    if before.empty:
        return True
    words_only = all(q.ticket_id is None and not q.contract and not q.phone and q.words
                     for q in (before, after))
    return words_only and all(any(old in new for new in after.words) for old in before.words)
