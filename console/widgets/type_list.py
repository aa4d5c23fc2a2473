"""The task type list of the ticket form, narrowed by typing part of a name (R9).

Typing while the list has the focus filters it: "роу" leaves the router types, "лок сет" the
local network one (every word must appear; case and ё/е do not matter). Backspace widens it
again, Esc-free: the arrows and Enter work as in any list, so the dispatcher picks any type in
"a few letters + Enter" instead of counting arrow presses.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets.option_list import Option

from console.widgets.option_paging import PagedOptionList


def search_key(text: str) -> str:
    return text.casefold().replace("ё", "е")


class TypeList(PagedOptionList):
    """An option list of (id, label, searchable text); printable keys narrow it."""

    class Narrowed(Message):
        """The typed filter changed (the form shows it)."""

        def __init__(self, query: str, shown: int) -> None:
            super().__init__()
            self.typed = query
            self.shown = shown

    def __init__(self, entries: list[tuple[str, Text, str]], *, id: str | None = None) -> None:
        self._entries = [(key, label, search_key(words)) for key, label, words in entries]
        super().__init__(*(Option(label, id=key) for key, label, _w in self._entries), id=id)
        self.typed = ""

    def reset(self) -> None:
        """Every type listed again and nothing typed, as when the list was made (the form is
        used again for the next ticket)."""
        if self.typed:
            self.typed = ""
            self.clear_options()
            self.add_options([Option(label, id=key) for key, label, _words in self._entries])
        self.highlighted = 0 if self.option_count else None
        self.scroll_home(animate=False, immediate=True)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "backspace" and self.typed:
            self._narrow(self.typed[:-1])
        elif event.is_printable and event.character and (event.character != " " or self.typed):
            self._narrow(self.typed + event.character)
        else:
            return
        event.stop()
        event.prevent_default()

    def _narrow(self, typed: str) -> None:
        words = search_key(typed).split()
        shown = [(key, label) for key, label, text in self._entries
                 if all(word in text for word in words)]
        if not shown:
            self.app.bell()  # nothing would be left: the letter is not taken
            return
        self.typed = typed
        self.clear_options()
        self.add_options([Option(label, id=key) for key, label in shown])
        self.highlighted = 0
        self.post_message(self.Narrowed(typed, len(shown)))
