"""Display formats shared by the screens: Moscow times, ETA windows (R10), ages, shifts,
addresses in a narrow column."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from rich.cells import cell_len, set_cell_size

from console.i18n import t
from console.rules.addresses import city_of, common_city  # noqa: F401 (the screens import them here)

MSK = ZoneInfo("Europe/Moscow")
NBSP = "\u00a0"  # a no-break space: a number and its unit never part at a line end


def hm(value: datetime | None, tz: ZoneInfo = MSK) -> str:
    """'25.11 13:00' in Moscow time, '' for nothing."""
    return value.astimezone(tz).strftime("%d.%m %H:%M") if value is not None else ""


# R10/D9: policy.toml's eta_accuracy_min; the app sets it at start (`set_eta_accuracy`).
_ACCURACY = {"minutes": 60}


def set_eta_accuracy(minutes: int) -> None:
    _ACCURACY["minutes"] = minutes


def eta_window(value: datetime | None, tz: ZoneInfo = MSK) -> str:
    """R10: the ETA told to a client is accurate to within the policy's accuracy (one hour):
    '25.11 13:00 ±1 h'. No-break spaces: the '±1 h' never wraps away from its time."""
    if value is None:
        return ""
    minutes = _ACCURACY["minutes"]
    if minutes == 60:
        text = t("{time} ±1 h", time=hm(value, tz))
    else:
        text = t("{time} ±{n} min", time=hm(value, tz), n=minutes)
    head, sep, tail = text.partition(" ±")
    return head + NBSP + "±" + tail.replace(" ", NBSP) if sep else text


def age(created: datetime, now: datetime) -> str:
    """How long a ticket has waited: '45 min', '3 h', '2 d'."""
    minutes = max(0, int((now - created).total_seconds() // 60))
    if minutes < 60:
        return t("{n} min", n=minutes)
    if minutes < 48 * 60:
        return t("{n} h", n=minutes // 60)
    return t("{n} d", n=minutes // (24 * 60))


def work_length(minutes: int) -> str:
    """How long the work takes, as said to a client: '1 h 30 min', '1 h', '45 min'."""
    hours, minutes = divmod(max(0, minutes), 60)
    if hours and minutes:
        return t("{h} h {m} min", h=hours, m=minutes)
    return t("{h} h", h=hours) if hours else t("{n} min", n=minutes)


def shift(delta: timedelta | None) -> str:
    """How far a reshuffle moved a visit, as a length of time, never like a clock time:
    '+20 h 30 min', '-15 min', '+2 h', or 'no slot'."""
    if delta is None:
        return t("no slot")
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds() // 60))
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return sign + t("{n} min", n=minutes)
    if not minutes:
        return sign + t("{n} h", n=hours)
    return sign + t("{h} h {m} min", h=hours, m=minutes)


# 'ул. ', 'бул. ', 'пр-т ', 'ш. ': the kind of street, dropped first when space is short. As
# text: compiled (and cached by `re`) by the first address cut, not on the way to the first frame
# (case-insensitive over Cyrillic, the start's dearest pattern).
_STREET_KIND = r"^(?:[а-яё]{1,4}\.|пр-т|б-р|улица|проспект|переулок|шоссе)\s*"
_HOUSE = r"(?:^|,\s*)(?:д\.|дом)\s*\S"


def short_address(address: str, city: str = "", width: int | None = None) -> str:
    """The address without the shared town; cut to `width` cells in the street name, so the
    house number (and the flat) stay: 'ул. Верхняя, д. 5, кв. 12' -> 'ул. Верх…, д. 5, кв. 12'."""
    text = " ".join(address.split())
    if city and city_of(text) == city:
        text = text.partition(",")[2].strip()
    if width is None or cell_len(text) <= width:
        return text
    house = re.search(_HOUSE, text, re.IGNORECASE)
    if house is None or house.start() == 0:
        return text  # nothing to keep: the table crops the end
    # The street's name says more than its kind when space is short: 'Верхн…' not 'ул.…'.
    head = re.sub(_STREET_KIND, "", text[: house.start()], flags=re.IGNORECASE)
    rest = text[house.start():].lstrip(", ")  # 'д. 5, кв. 12'
    if cell_len(text) > width + 3:  # tight: the number alone says the house ('5', not 'д. 5')
        rest = re.sub(r"^(?:д\.|дом)\s*", "", rest, flags=re.IGNORECASE)
    house_part = rest.split(",")[0]  # 'д. 5'
    # Keep the street's start, then the house; the flat goes first when space is short.
    street = head.rstrip(" ,")
    for part in (rest, house_part):
        if cell_len(street) + 2 + cell_len(part) <= width:
            return f"{street}, {part}"
        room = width - cell_len(part) - 3  # the ellipsis and ', '
        if room >= 3:
            return set_cell_size(street, room).rstrip(" ,") + "…, " + part
    return house_part if cell_len(house_part) <= width else set_cell_size(house_part, width)
