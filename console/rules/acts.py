"""The completion act's items (R7, R12): what the dispatcher types, checked and summed.

Pure. The dispatcher types the Price List No. 3 items performed on one line, each an item
number with an optional quantity: `2.1, 2.5x4, 2.3 x 12` (`х`, `*` and `×` work as `x` too;
no quantity means 1). Amounts are integer kopecks: price x quantity, never a float.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from console.statuses import VisitOutcome

OUTCOMES = tuple(VisitOutcome)
MAX_QUANTITY = 10_000

ERR_ITEM_SYNTAX = "Write items as 2.1, 2.5x4: an item number, then x and a quantity"
ERR_NO_ITEM = "No such item in Price List No. 3: {code}"
ERR_QUANTITY = "A quantity must be a whole number from 1 to {max}: {code}"
ERR_TWICE = "Item {code} is listed twice: give one quantity"
ERR_NOT_IN_ACT = ("Item {code} is charged by its own decision (a no-show or a late "
                  "cancellation, R8), not in an act")
ERR_PAID_EMPTY = ("Paid work (Price List No. 3, R12): list the items done, or choose "
                  "another outcome")
# R8: item 1.1 (a call-out not cancelled in time) is charged only after the dispatcher
# confirms it (D10, D18), never as a line of a completion act.
NOT_IN_ACTS = ("1.1",)

_ENTRY = re.compile(r"^\s*(\d+(?:\.\d+)*)\s*(?:[xх×*]\s*(-?\d+(?:[.,]\d+)?))?\s*$", re.I)


class ActItemsRefused(ValueError):
    """The items line cannot be read; `key` is the sentence, `values` its placeholders."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass(frozen=True, slots=True)
class ActLine:
    """One performed item: its number and quantity."""

    code: str
    quantity: int


@dataclass(frozen=True, slots=True)
class PricedLine:
    """An item with its price and amount (kopecks)."""

    code: str
    quantity: int
    price_kopecks: int
    amount_kopecks: int


def parse_items(text: str) -> tuple[ActLine, ...]:
    """`2.1, 2.5x4` -> lines; raises ActItemsRefused. An empty line means no items."""
    lines: list[ActLine] = []
    for part in (p for p in re.split(r"[,;\n]", text or "") if p.strip()):
        m = _ENTRY.match(part)
        if m is None:
            raise ActItemsRefused(ERR_ITEM_SYNTAX)
        code, qty = m[1], m[2]
        if qty is not None and not re.fullmatch(r"\d+", qty):
            raise ActItemsRefused(ERR_QUANTITY, code=code, max=MAX_QUANTITY)
        quantity = int(qty) if qty is not None else 1
        if any(line.code == code for line in lines):
            raise ActItemsRefused(ERR_TWICE, code=code)
        lines.append(ActLine(code, quantity))
    return tuple(lines)


def price_lines(lines: tuple[ActLine, ...], prices: Mapping[str, int], *,
                excluded: tuple[str, ...] = NOT_IN_ACTS) -> tuple[PricedLine, ...]:
    """Check every line against the price list (R12) and compute its amount."""
    out = []
    for line in lines:
        if line.code not in prices:
            raise ActItemsRefused(ERR_NO_ITEM, code=line.code)
        if line.code in excluded:
            raise ActItemsRefused(ERR_NOT_IN_ACT, code=line.code)
        if not 1 <= line.quantity <= MAX_QUANTITY:
            raise ActItemsRefused(ERR_QUANTITY, code=line.code, max=MAX_QUANTITY)
        price = prices[line.code]
        out.append(PricedLine(line.code, line.quantity, price, price * line.quantity))
    return tuple(out)


def act_number(year: int, number: int) -> str:
    """'А-2026-0001': numbered per year."""
    return f"А-{year}-{number:04d}"
