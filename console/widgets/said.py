"""A Static's text set again only when it changed (issue 12).

`Static.update` lays its screen out again whatever it is given (~5 ms at 160x48), and a screen
that shows a line about the row under the cursor sets it again on every snapshot: after an
urgent ticket, F3's detail line and the notify list's sentence were each laid out once more on
the way to the frame that shows the change, saying the same as before.
"""

from __future__ import annotations

from textual.visual import VisualType
from textual.widgets import Static


def say(static: Static, content: VisualType) -> None:
    """`static.update(content)`, unless it shows `content` already."""
    shown = static.content
    if type(shown) is type(content) and shown == content:
        return
    static.update(content)
