"""Control characters out of stored and shown text (terminal safety, D14).

A stored escape sequence would reach the terminal raw when shown (a description holding
`ESC ] 0 ; title BEL` renamed the pane, `ESC [ 2 J` wiped the screen), and Rich keeps ESC.
So every text column drops control and format characters (Unicode Cc, Cf) when written,
whatever path writes it (`console.models` fields), and every screen that shows stored text
passes it through `printable` again (rows written by older versions or by hand).
Line breaks and tabs survive in multi-line text (descriptions), nowhere else.
"""

from __future__ import annotations

import unicodedata
from typing import Any

_DROP = frozenset(("Cc", "Cf"))  # controls (ESC, BEL, C1) and format characters (bidi overrides)


def strip_controls(text: str, *, keep: str = "") -> str:
    """`text` without control and format characters (Unicode Cc, Cf), except those in `keep`
    (e.g. "\\n\\t"). Unassigned and private-use code points stay: they cannot drive a terminal,
    and range queries use U+FFFF as an upper bound."""
    if text.isprintable():
        return text  # the usual case: nothing to look at character by character
    return "".join(ch for ch in text if ch in keep or unicodedata.category(ch) not in _DROP)


def printable(text: object, *, multiline: bool = False) -> str:
    """Stored text made safe to show: one line unless `multiline`."""
    if text is None:
        return ""
    text = str(text)
    if multiline:
        return strip_controls(text, keep="\n")
    return strip_controls(text.replace("\n", " ").replace("\t", " "))


def clean_json(value: Any) -> Any:
    """Every string inside a JSON-like value (a draft payload) without control characters."""
    if isinstance(value, str):
        return strip_controls(value, keep="\n\t")
    if isinstance(value, dict):
        return {clean_json(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    return value
