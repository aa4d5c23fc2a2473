"""The town in an address, and the town most of a list shares (the queue leaves it out, item 20).

Pure functions, so the queue's loader can work out the shared town in its worker instead of on
the UI thread (10,000 addresses take ~10 ms).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

_TOWN = re.compile(r"(?:г\.|город)\s*\S", re.IGNORECASE)


@lru_cache(maxsize=65_536)  # the queue asks for every open ticket's address on every load
def city_of(address: str) -> str:
    """The first part of an address when it names a town: 'г. Москва' in 'г. Москва, ул. ...'."""
    head, sep, _rest = address.partition(",")
    head = head.strip()
    return head if sep and _TOWN.match(head) else ""


def common_city(addresses: Iterable[str]) -> str:
    """The town most rows share (half of them at least): the queue leaves it out."""
    counts: dict[str, int] = {}
    total = 0
    for address in addresses:
        total += 1
        city = city_of(address)
        if city:
            counts[city] = counts.get(city, 0) + 1
    if not counts:
        return ""
    city, n = max(counts.items(), key=lambda kv: kv[1])
    return city if n * 2 >= total else ""
