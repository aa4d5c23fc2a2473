"""The command palette (Ctrl+P): go to any screen, and later every screen's actions."""

from __future__ import annotations

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
)


class GoToScreen(Provider):
    """'Go to: Очередь (F3)' for every screen."""

    def _commands(self):
        for mode, title, key in SCREENS:
            text = t("Go to: {screen} ({key})", screen=t(title), key=key)
            yield text, partial(self.app.switch_mode, mode), t("Switch to this screen")

    async def discover(self) -> Hits:
        for text, callback, help_text in self._commands():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
