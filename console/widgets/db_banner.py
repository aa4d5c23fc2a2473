"""The banner under the status bar while the database does not answer (D14).

It names the problem (disk full, file deleted, locked, server unreachable), says that what was
typed stays on screen, and disappears by itself once a refresh succeeds again.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from console.i18n import t


class DatabaseBanner(Static):
    """Fed by the reactor's `db` part (`state.DbHealth`)."""

    DEFAULT_CSS = """
    DatabaseBanner { dock: top; height: auto; display: none;
                     background: $error; color: $text; text-style: bold; padding: 0 1; }
    DatabaseBanner.-shown { display: block; }
    """

    def on_mount(self) -> None:
        self.app.state.subscribe("db", self, self.show)  # type: ignore[attr-defined]

    def show(self, health) -> None:
        problem = getattr(health, "problem", None)
        self.set_class(problem is not None, "-shown")
        if problem is not None:
            self.update(Text(t("Database unavailable: {problem}. Everything typed stays on "
                               "screen; retrying by itself.", problem=t(problem))))
