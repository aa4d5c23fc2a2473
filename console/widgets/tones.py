"""Message tones in the theme's colours: ok, warn, bad, accent.

A line that says "verified", "saving…" or "refused" is coloured by what it means, not by a fixed
colour name: the theme's readable text variants (`$text-success`, `$text-warning`,
`$text-error`, `$text-accent`), so a light theme keeps them legible (yellow on white was not)
and an ANSI theme (the default on an ANSI-only terminal) gives the terminal's own green,
yellow and red. The colour is taken when
the text is made; a message already on screen keeps its colour until it is written again.
"""

from __future__ import annotations

from typing import Literal

from rich.style import Style
from textual.color import Color
from textual.dom import DOMNode

Tone = Literal["ok", "warn", "bad", "accent"]
_VARIABLE: dict[str, str] = {"ok": "text-success", "warn": "text-warning", "bad": "text-error",
                             "accent": "text-accent"}


def tone(node: DOMNode, name: Tone, *, bold: bool = False) -> Style:
    """The rich style for a message of tone `name` in `node`'s app's current theme."""
    value = node.app.theme_variables.get(_VARIABLE[name])
    # Through Textual's parser: an ANSI theme's values ("ansi_green") are not rich's names.
    color = Color.parse(value).rich_color if value else None
    return Style(color=color, bold=bold or None)
