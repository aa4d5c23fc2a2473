"""Screens built ahead: each mode's screen is made in an idle moment after the start.

Textual builds a mode's screen the first time it is opened: the widgets are composed, their
default CSS joins the stylesheet (which is then parsed again in full), and the whole stylesheet
is re-applied. On a loaded machine the first F4 of the day took 150-250 ms that way, where a
second one is a plain switch. So after the start, once the console has been idle a moment, the
other screens are built one at a time, without being shown: the first F-key only switches.

A screen built ahead is mounted but not resumed (it gets `ScreenResume` when it is first shown,
like any mode screen). Keys always win: a screen is not built while keys are waiting, and the
next one waits for another quiet moment.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

START_AFTER = 1.5  # seconds after the first frame
QUIET = 0.4  # seconds without a key before a screen is built


class ScreenWarmer:
    """Builds the not-yet-opened mode screens of `app` one by one in quiet moments."""

    def __init__(self, app: App, modes: list[str]) -> None:
        self.app = app
        self.pending = list(modes)

    def start(self) -> None:
        self.app.set_timer(START_AFTER, self._next)

    async def _next(self) -> None:
        app = self.app
        if not self.pending or app._exit or not app.is_running:  # type: ignore[attr-defined]
            return
        gate = getattr(app, "key_gate", None)  # console.typeahead: the keys and when they came
        last = gate.last_key_at if gate is not None else None
        typing = last is not None and time.monotonic() - last < QUIET
        if typing or (gate is not None and gate.buffer):
            app.set_timer(QUIET, self._next)
            return
        mode = self.pending.pop(0)
        await self.build(mode)
        if self.pending:
            app.set_timer(0.05, self._next)  # let a frame and the keys through between two

    async def build(self, mode: str) -> None:
        """Make `mode`'s screen as Textual's `_init_mode` would, without switching to it."""
        app = self.app
        stacks = app._screen_stacks  # type: ignore[attr-defined]
        if mode in stacks or mode == app.current_mode:
            return  # opened by the dispatcher meanwhile
        screen, mounted = app._get_screen(app._modes[mode]())  # type: ignore[attr-defined]
        stacks[mode] = [screen]
        app._load_screen_css(screen)  # type: ignore[attr-defined]
        await mounted
        # Styles as they are now (the widgets' CSS added while composing included), so the
        # switch does not re-parse and re-apply the whole stylesheet.
        app.stylesheet.update(screen)
        screen._css_update_count = app._css_update_count  # type: ignore[attr-defined]
        # Laid out at the terminal's size (not drawn: it is not the current screen), so the
        # widgets know their sizes and read or format what they will show.
        screen._refresh_layout(app.size)  # type: ignore[attr-defined]
        await asyncio.sleep(0)  # the widgets take their sizes (Resize, Show)
        # Drawn once into the widgets' line caches, and the result dropped (not shown).
        screen._compositor.render_update(full=True)  # type: ignore[attr-defined]
