"""A checkbox whose state reads without colour and which stays readable when focused.

Textual's `Checkbox` draws the same "X" ticked or not (only its colour changes), and on focus
adds a tall border: in a one-line form row that border takes the whole line and the box shows
empty. A `Tick` shows "[✓]" or "[ ]" (plus the colour), and marks focus by reversing its label
instead of a border.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class Tick(Checkbox):
    """`[✓] label` / `[ ] label`; focus reverses the label, no border."""

    DEFAULT_CSS = """
    Tick, Tick:focus { border: none; height: 1; padding: 0 1; background-tint: transparent; }
    Tick:focus > .toggle--label { text-style: reverse bold; }
    """

    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble(("[", ""), ("✓" if self.value else " ", style), ("]", ""))
