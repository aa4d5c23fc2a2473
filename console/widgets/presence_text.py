"""What the screens say about another console holding a ticket or claim open (D14)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from console.i18n import language, t
from console.rules.text import printable

# Russian surname endings in the genitive ("открыто у Ивановой"), longest first.
_GENITIVE = (("ская", "ской"), ("цкая", "цкой"), ("ский", "ского"), ("цкий", "цкого"),
             ("ова", "овой"), ("ева", "евой"), ("ёва", "ёвой"), ("ина", "иной"),
             ("ына", "ыной"), ("ов", "ова"), ("ев", "ева"), ("ёв", "ёва"), ("ин", "ина"),
             ("ын", "ына"))


def genitive(name: str) -> str:
    """'Иванова Мария' -> 'Ивановой': the surname (the first word) in the genitive, declined
    for the common endings only; anything else (a login, a foreign name) stays as it is."""
    first = name.partition(" ")[0]
    for ending, replaced in _GENITIVE:
        if first.endswith(ending) and len(first) > len(ending) + 1:
            return first[: -len(ending)] + replaced
    return first or name


def held_text(holder, tz: ZoneInfo) -> str:
    """"открыто у Ивановой с 11:02" for a `presence.Holder`."""
    name = printable(holder.operator_name)
    if language() == "ru":
        name = genitive(name)
    return t("Open at {name}'s console since {time}", name=name,
             time=holder.since.astimezone(tz).strftime("%H:%M"))
