"""The frame every console screen shares: status bar on top, body, footer with Russian labels."""

from __future__ import annotations

from dataclasses import replace

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

from console.i18n import t
from console.widgets.db_banner import DatabaseBanner
from console.widgets.footer import ConsoleFooter
from console.widgets.status_bar import StatusBar


def translate_bindings(node: DOMNode) -> None:
    """Bindings are declared in English (ids, tooltips); show them in the UI language."""
    for key, bindings in node._bindings.key_to_bindings.items():
        node._bindings.key_to_bindings[key] = [
            replace(b, description=t(b.description), tooltip=t(b.tooltip) if b.tooltip else "")
            for b in bindings
        ]


def keep_styles_if_unchanged(screen: Screen, event: events.ScreenResume) -> None:
    """Textual styles every widget of a screen again each time it is resumed: F3 after every
    dialog closed over it, a kept dialog opened again (the notify list after an urgent ticket:
    ~5-10 ms each on the way to the frame, issue 12). The styles can only come out different
    when the stylesheet changed since the screen was last styled (a theme, the terminal's
    colours: Textual counts those in `App._css_update_count`); a class or pseudo-class changed
    meanwhile restyled its own widget when it changed. So the styles are kept otherwise."""
    count = screen.app._css_update_count
    if getattr(screen, "_styled_at", None) == count:
        event.refresh_styles = False
    screen._styled_at = count  # type: ignore[attr-defined]


class ConsoleScreen(Screen):
    """Base class: subclasses set `TITLE` (English, translated) and implement `compose_body`."""

    TITLE = ""

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self.title = t(self.TITLE)

    def compose(self) -> ComposeResult:
        yield StatusBar()
        yield DatabaseBanner()
        with Vertical(id="body"):
            yield Static(self.title or "", id="screen-title", markup=False)
            yield from self.compose_body()
        yield ConsoleFooter()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def _screen_resized(self, size: Size) -> None:
        """Textual lays the whole screen out again on every Resize it gets, of the same size
        too: at the start a screen gets three (the App's, the driver's, its own first layout's)
        and laid out 80 widgets four times before the first frame reached the terminal. A
        layout at this size is done already, and anything that changed since asks for its own:
        the same size is only repainted (the terminal may need it, e.g. after a suspend)."""
        compositor = self._compositor
        if compositor.root is self and compositor.size == size and self.is_attached:
            self.refresh()
            return
        super()._screen_resized(size)  # type: ignore[misc]

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual styles every widget of a screen again when the screen is resumed, its first
        time too. At the start that is the first screen, resumed once its widgets were mounted,
        each styled then by the same stylesheet (any change of style since restyled it, as the
        screen is the App's current one): the whole screen styled twice (40 widgets, a tenth of
        the work to the first frame, issue 12). Before the first frame the resume keeps the
        styles; later (a screen built ahead by console/warmup.py may be shown after a theme
        change it never saw) it restyles as Textual does."""
        first = not getattr(self.app, "first_frame_drawn", True)
        if first:
            event.refresh_styles = False
        keep_styles_if_unchanged(self, event)
        if first and self.is_attached:
            # Textual lays the screen out here, at once, and again for the first frame (the
            # mount changed texts since): with its Resize and Show messages to every widget,
            # the first layout was ~30 M instructions of the ~1,300 M to the first frame
            # (issue 12). So the screen takes the terminal's size (what that layout gives it)
            # and the first frame's layout is the only one; a widget whose looks depend on
            # its width knows it before (StatusBar: the terminal's).
            self._size = self.app.size
            self._layout_required = True
        super()._on_screen_resume(event)  # type: ignore[misc]

    def _compositor_refresh(self) -> None:
        """A frame drawn while the App batches updates (the start, a mount in a batch) is
        dropped unseen by Textual: it is drawn once the batch is over instead. The App hears
        of each frame shown (ConsoleApp.frame_drawn: the work it keeps for after the first)."""
        if self.app._batch_count and self.app.is_running:  # type: ignore[attr-defined]
            self._repaint_required = True
            return
        super()._compositor_refresh()  # type: ignore[misc]
        if self is self.app.screen:
            drawn = getattr(self.app, "frame_drawn", None)
            if drawn is not None:
                drawn()


class PlannedScreen(ConsoleScreen):
    """A screen whose issue is still open: its title and what it will hold, nothing fake."""

    PLAN = ""

    def compose_body(self) -> ComposeResult:
        yield Static(t(self.PLAN), classes="plan", markup=False)
