"""D4 on a supervisor's console: the override requests of every console, answered with one key.

A request another operator sends (contract, balance, reason) is a database row; the reactor's
`overrides` part loads it with the usual refresh (within a second on SQLite). The app shows a
toast on a supervisor's console (`OverrideWatcher`); the list opens from the palette
("Override requests"), where `a` approves and `r` refuses the highlighted request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from console.commands import Command, _ListProvider
from console.i18n import t

if TYPE_CHECKING:
    from console.services import overrides


class OverrideCommands(_ListProvider):
    """'Override requests (D4)' in the palette, on every console (a non-supervisor sees the
    list too, and is told that only a supervisor answers)."""

    def _commands(self) -> Iterator[Command]:
        def open_list() -> None:
            from console.screens.override_requests import OverrideRequestsScreen

            self.app.push_screen(OverrideRequestsScreen())

        yield (t("Override requests (D4)"), open_list,
               t("Answer the balance-gate requests of other consoles"))


class OverrideWatcher:
    """On a supervisor's console, a toast for every new request (D4)."""

    def __init__(self, app) -> None:
        self.app = app
        self.seen: set[int] = set()

    def __call__(self, snapshot: overrides.OverridesSnapshot | None) -> None:
        if snapshot is None:
            return
        new = [r for r in snapshot.pending if r.id not in self.seen]
        self.seen.update(r.id for r in snapshot.pending)
        if not snapshot.is_supervisor:
            return
        from console.screens.override_requests import request_line

        for request in new:
            self.app.notify(
                request_line(request).plain + "\n"
                + t("Ctrl+P → Override requests: A approves, R refuses."),
                title=t("Override request (D4)"), severity="warning", timeout=20)
