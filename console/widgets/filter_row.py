"""The filter row above a list (F3's queue, F6's HelpDesk): `/` opens it, typing filters, Enter
goes back to the list, Esc clears it.

One widget for every list a dispatcher filters, so they behave alike: the rows change in the
same frame as the text (the field's value is watched; `Input.Changed` would come a frame later,
after bubbling), keys typed faster than the screen keeps up with (a burst, a paste, a loaded
machine) are applied once, for the last of them, and what is typed or pasted is cleaned
(no control characters, at most `LIMIT` characters) before the list sees it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.widget import Widget
from textual.widgets import Input

from console.rules.text import strip_controls
from console.widgets.field import Field

LIMIT = 200  # characters: a filter is a few words; a pasted wall of text is cut here


class FilterRow(Field):
    """A one-line filter, hidden until `open()`; tells `on_filter` the trimmed text."""

    DEFAULT_CSS = """
    FilterRow { display: none; }
    FilterRow.-open { display: block; }
    """

    def __init__(self, placeholder: str, *, on_filter: Callable[[str], None],
                 id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, max_length=LIMIT)
        self._on_filter = on_filter
        self._applied = ""
        self._back_to: Widget | None = None

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def applied(self) -> str:
        """The text the list is filtered by now."""
        return self._applied

    def open(self) -> None:
        """Show the row and type into it; Enter or Esc hands the keys back to what had them."""
        if not self.is_open:
            self._back_to = self.screen.focused
        self.add_class("-open")
        self.focus()

    def close(self) -> None:
        """Hide and empty the row; the list shows everything again."""
        self.remove_class("-open")
        self.value = ""
        self._apply("")
        self._hand_back()

    def _hand_back(self) -> None:
        target, self._back_to = self._back_to, None
        if target is not None and target.is_attached and target is not self:
            target.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()  # the filter's own Enter: back to the list, the filter stays
        back_to = self._back_to
        self._hand_back()
        self._back_to = back_to  # a second `/` returns there again

    def watch_value(self, value: str) -> None:
        clean = strip_controls(value.replace("\n", " ").replace("\t", " "))
        if clean != value:  # a pasted control character never reaches the list (nor the screen)
            self.value = clean
            return
        if value.strip() == self._applied:
            return
        if self._more_typed():
            # The field's next key filters for both; should it not change the text after all
            # (the field is full), the list catches up once the field's queue is done.
            self.call_later(self._caught_up)
            return
        self._apply(value.strip())

    def _caught_up(self) -> None:
        self.watch_value(self.value)

    def _apply(self, text: str) -> None:
        if text != self._applied:
            self._applied = text
            self._on_filter(text)

    def _more_typed(self) -> bool:
        """Keys or a paste wait in the field's queue (Textual's message queue and the message
        its pump peeked at, looked at as console/typeahead.py does): the value will change
        again before the next frame."""
        try:
            waiting = list(self._message_queue.values)  # type: ignore[attr-defined]
            waiting.append(self._pending_message)  # peeked at by the pump, not yet handled
        except AttributeError:
            return False
        return any(isinstance(m, events.Paste) or (isinstance(m, events.Key) and m.is_printable)
                   for m in waiting)
