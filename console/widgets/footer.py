"""The footer of every screen: the F-keys first, so the screens stay in reach at 80x24.

Textual's Footer lists the focused widget's and the screen's keys before the App's, and on a
narrow terminal the App's F-keys (the way to every other screen) fall off the right edge
(issue 8 item 24). This footer puts the F-keys first and turns compact below `NARROW` columns;
the screen's own keys follow as far as they fit (all of them are in F1 and the palette).
"""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 120  # columns
_F_KEY = re.compile(r"f\d{1,2}")


class ConsoleFooter(Footer):
    """A Footer whose F-keys come first."""

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        first: list[tuple] = []
        rest: list[tuple] = []
        seen: set[str] = set()
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            is_f_key = _F_KEY.fullmatch(binding.key.split(",")[0].strip())
            (first if is_f_key else rest).append((binding, enabled, tooltip))
        self.styles.grid_size_columns = len(first) + len(rest)
        for binding, enabled, tooltip in first + rest:
            display = self.app.get_key_display(binding)
            yield FooterKey(
                binding.key,
                display.upper() if _F_KEY.fullmatch(display) else display,  # 'F3', as printed
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        palette = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        narrow = self.app.size.width < NARROW  # the palette key would cover the last F-key
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE and palette \
                and not narrow:
            _node, binding, enabled, _tooltip = palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    async def on_resize(self) -> None:
        compact = self.size.width < NARROW
        if compact != self.compact:
            self.compact = compact
            await self.recompose()  # the palette key comes or goes
