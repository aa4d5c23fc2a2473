"""A one-line input field as a dispatcher needs it: it stops at its limit and says so, and
focus never selects what is in it.

Textual's `Input` selects all of its text on focus (typing then replaces a prefilled
responsible person or a verified contract number) and refuses a paste longer than its limit
outright, with only a bell. A `Field` keeps the cursor at the end of its text on focus, takes as
much of a paste as fits, and posts `LimitReached` so the form can say "no more than N".
"""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input


class Field(Input):
    """An `Input` that never selects on focus and cuts at `max_length` with a message."""

    class LimitReached(Message):
        """Text was cut (typed or pasted) at the field's limit."""

        def __init__(self, field: Field, limit: int) -> None:
            super().__init__()
            self.field = field
            self.limit = limit

        @property
        def control(self) -> Field:
            return self.field

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        self._signal_screen: Screen | None = None

    def _on_mount(self, event: events.Mount) -> None:
        super()._on_mount(event)
        self._signal_screen = self.screen

    def on_unmount(self) -> None:
        # Textual's Input subscribes to its screen's text-selection signal when mounted and
        # never unsubscribes. The signal keys its table weakly by the field, but the callback it
        # keeps there holds the field: on a screen that lives all day (F2) every field of every
        # ticket form stayed alive with its blink timer and styles (~0.15 MB a call in the soak).
        screen, self._signal_screen = self._signal_screen, None
        if screen is not None:
            screen.text_selection_started_signal.unsubscribe(self)

    def replace(self, text: str, start: int, end: int) -> None:
        cut = False
        if self.max_length:
            start, end = sorted((max(0, start), min(len(self.value), end)))
            room = self.max_length - (len(self.value) - (end - start))
            if len(text) > room:
                text, cut = text[: max(0, room)], True
        if text or not cut:
            super().replace(text, start, end)
        if cut and self.max_length:  # after the change: the form's "changed" keeps the message
            self.post_message(self.LimitReached(self, self.max_length))

    def _on_focus(self, event: events.Focus) -> None:
        super()._on_focus(event)
        if not self.select_on_focus:
            self.cursor_position = len(self.value)  # typing goes on after what is there
