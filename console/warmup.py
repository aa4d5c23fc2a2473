"""Screens built ahead: each mode's screen is made in an idle moment after the start.

Textual builds a mode's screen the first time it is opened: the widgets are composed, their
default CSS joins the stylesheet (which is then parsed again in full), and the whole stylesheet
is re-applied. On a loaded machine the first F4 of the day took 150-250 ms that way, where a
second one is a plain switch. So after the start, once the console has been idle a moment, the
other screens are built one at a time, without being shown: the first F-key only switches.

A screen built ahead is mounted but not resumed (it gets `ScreenResume` when it is first shown,
like any mode screen). Keys always win: a screen is not built while keys are waiting, and the
next one waits for another quiet moment. When every screen is built, one more quiet moment
sets what the console now holds aside from the garbage collector (console/heap.py).
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

START_AFTER = 1.5  # seconds after the first frame
QUIET = 0.4  # seconds without a key before a screen is built


class ScreenWarmer:
    """Builds the not-yet-opened mode screens of `app` one by one in quiet moments."""

    def __init__(self, app: App, modes: list[str]) -> None:
        self.app = app
        self.pending = list(modes)
        self._mounting: asyncio.Future[None] | None = None
        self.finished = not modes  # every screen built (or opened by the dispatcher first)
        self.settled = False  # and what the console holds set aside from the collector

    def start(self) -> None:
        self.app.set_timer(START_AFTER, self._next if self.pending else self._settle)

    def _quiet(self, then) -> bool:
        """No key typed a moment ago or waiting; else `then` is tried again later."""
        gate = getattr(self.app, "key_gate", None)  # console.typeahead: the keys and their time
        last = gate.last_key_at if gate is not None else None
        typing = last is not None and time.monotonic() - last < QUIET
        if typing or (gate is not None and gate.buffer):
            self.app.set_timer(QUIET, then)
            return False
        return True

    def _next(self) -> None:
        app = self.app
        if not self.pending or app._exit or not app.is_running:  # type: ignore[attr-defined]
            return
        if self._quiet(self._next):
            self.build(self.pending.pop(0))

    def _settle(self) -> None:
        app = self.app
        if not app._exit and app.is_running and self._quiet(self._settle):  # type: ignore
            from console import heap

            heap.settle()
            self.settled = True

    def build(self, mode: str) -> None:
        """Make `mode`'s screen as Textual's `_init_mode` would, without switching to it.

        In steps, each its own turn of the App's queue (mount, style, lay out, draw), so a
        key or another console's change arriving meanwhile waits for one step at most."""
        app = self.app
        stacks = app._screen_stacks  # type: ignore[attr-defined]
        if mode in stacks or mode == app.current_mode:
            self._then()  # opened by the dispatcher meanwhile
            return
        factory = app._modes[mode]  # type: ignore[attr-defined]
        if not callable(factory):  # a mode named by an installed screen: nothing to build
            self._then()
            return
        screen, mounted = app._get_screen(factory())  # type: ignore[attr-defined]
        stacks[mode] = [screen]
        app._load_screen_css(screen)  # type: ignore[attr-defined]

        async def when_mounted() -> None:
            await mounted
            app.call_later(self._style, screen)

        self._mounting = asyncio.ensure_future(when_mounted())  # kept: a task needs a holder

    def _idle(self, screen: Screen) -> bool:
        """Still a screen to prepare (not shown meanwhile, not closed, the app running)."""
        return (self.app.is_running and not screen.is_current
                and not getattr(screen, "_closing", False))

    def _style(self, screen: Screen) -> None:
        if self._idle(screen):
            # Styles as they are now (the widgets' CSS added while composing included), so
            # the switch does not re-parse and re-apply the whole stylesheet.
            self.app.stylesheet.update(screen)
            screen._css_update_count = self.app._css_update_count  # type: ignore[attr-defined]
            self.app.call_later(self._lay_out, screen)
        else:
            self._then()

    def _lay_out(self, screen: Screen) -> None:
        if self._idle(screen):
            # At the terminal's size (not drawn: it is not the current screen), so the
            # widgets know their sizes and read or format what they will show.
            screen._refresh_layout(self.app.size)  # type: ignore[attr-defined]
            self.app.set_timer(0.01, lambda: self._draw(screen))  # Resize, Show handled first
        else:
            self._then()

    def _draw(self, screen: Screen) -> None:
        if self._idle(screen):
            # Drawn once into the widgets' line caches, and the result dropped (not shown).
            screen._compositor.render_update(full=True)  # type: ignore[attr-defined]
        self._then()

    def _then(self) -> None:
        if self.pending:
            self.app.set_timer(0.05, self._next)  # a frame and the keys go between two
        else:
            self.finished = True
            self.app.set_timer(QUIET, self._settle)
