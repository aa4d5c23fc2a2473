"""The command palette (Ctrl+P): go to any screen, and run any key of the current screen."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from console.i18n import t

SCREENS: tuple[tuple[str, str, str], ...] = (
    ("help", "Help", "F1"),
    ("call", "Call", "F2"),
    ("queue", "Queue", "F3"),
    ("timeslots", "Visits", "F4"),
    ("claims", "Claims", "F5"),
    ("helpdesk", "HelpDesk", "F6"),
    ("summary", "Summary", "F7"),
)

Command = tuple[str, Callable[[], object], str]  # text, callback, help

# What each screen is for, as the palette says it (item 24: not just the screen's name again).
SCREEN_HELP = {
    "help": "Every key, the rules in short, contact numbers",
    "call": "The incoming call: verify the caller, take a ticket or a callback",
    "queue": "Open tickets in priority order with their arrival times",
    "timeslots": "The technicians' visits, day by day",
    "claims": "Written claims and their deadlines",
    "helpdesk": "Web-cabinet questions and their deadlines",
    "summary": "The day's figures: calls, tickets, visits",
}


class _ListProvider(Provider):
    """A provider over a short list of commands: all shown on open, fuzzy-matched on typing."""

    @abstractmethod
    def _commands(self) -> Iterator[Command]:
        """The commands: text, callback, help."""

    async def discover(self) -> Hits:
        for text, callback, help_text in self._commands():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)


class GoToScreen(_ListProvider):
    """'Перейти: Очередь (F3)' for every screen."""

    def _commands(self) -> Iterator[Command]:
        for mode, title, key in SCREENS:
            text = t("Go to: {screen} ({key})", screen=t(title), key=key)
            yield text, partial(self.app.switch_mode, mode), t(SCREEN_HELP.get(mode, title))


class ScreenActions(_ListProvider):
    """Every key of the screen the palette was opened from, by its name: 'Отменить (x)'."""

    def _commands(self) -> Iterator[Command]:
        screen = self.screen
        seen: set[str] = set()
        for bindings in screen._bindings.key_to_bindings.values():
            for binding in bindings:
                if not binding.description or binding.action in seen:
                    continue
                seen.add(binding.action)
                key = binding.key_display or self.app.get_key_display(binding)
                run = partial(self.app.call_later, screen.run_action, binding.action)
                yield f"{binding.description} ({key})", run, binding.tooltip or binding.description
