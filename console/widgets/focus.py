"""Focus that takes effect before the next key: keys typed ahead land where they were meant.

`Widget.focus()` defers the change to the end of the app's message queue, so keys already
queued behind the key that opened a form (a fast typist, a loaded machine) still go to the field
that had the focus before: text meant for "what is wrong" landed in the surname and broke the
verification. `Screen.set_focus` changes it at once.
"""

from __future__ import annotations

from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Give `widget` the focus now (keys already queued go to it)."""
    widget.screen.set_focus(widget)
