"""D4 on a supervisor's console: the override requests of every console, answered with one key.

A request another operator sends (contract, balance, reason) is a database row; the reactor's
`overrides` part loads it with the usual refresh (within a second on SQLite). The app shows a
toast on a supervisor's console (`OverrideWatcher`); the list opens from the palette
("Override requests"), where `a` approves and `r` refuses the highlighted request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from console.commands import Command, _ListProvider
from console.i18n import t
from console.rules.fees import money
from console.screens.dialogs import _Dialog
from console.statuses import OverrideStatus
from console.widgets.fmt import hm

if TYPE_CHECKING:
    from console.services import overrides


def request_line(request: overrides.OverrideRequest) -> Text:
    """One request as the supervisor reads it; client data is plain text, never markup."""
    text = Text()
    text.append(f"{hm(request.requested_at)} ", style="bold")
    text.append(t("{operator} asks for contract {number} ({holder}), balance {balance}: ",
                  operator=request.requested_by, number=request.contract_number,
                  holder=request.holder, balance=money(request.balance_kopecks)))
    text.append(request.reason, style="italic")
    return text


class OverrideRequestsScreen(_Dialog):
    """The pending requests; `a` approves, `r` refuses the highlighted one (D4)."""

    BINDINGS = [
        Binding("a,ф", "decide(True)", "Approve", id="approve"),
        Binding("r,к", "decide(False)", "Refuse", id="refuse"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("Override requests (D4)"), classes="dialog-title")
            yield Static(id="ovr-empty")
            yield OptionList(id="ovr-list")
            yield Static(t("A: approve · R: refuse · Esc: close"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.app.state.subscribe("overrides", self, self._show)  # type: ignore[attr-defined]

    def _show(self, snapshot: overrides.OverridesSnapshot | None) -> None:
        pending = snapshot.pending if snapshot else ()
        box = self.query_one("#ovr-list", OptionList)
        highlighted = box.highlighted
        box.clear_options()
        box.add_options([Option(request_line(r), id=str(r.id)) for r in pending])
        if pending:
            box.highlighted = min(highlighted or 0, len(pending) - 1)
            box.focus()
        empty = self.query_one("#ovr-empty", Static)
        empty.update("" if pending else t("No requests are waiting."))
        empty.display = not pending

    def action_decide(self, approve: bool) -> None:
        box = self.query_one("#ovr-list", OptionList)
        if box.highlighted is None or box.option_count == 0:
            return
        request_id = int(box.get_option_at_index(box.highlighted).id or 0)
        state = self.app.state  # type: ignore[attr-defined]

        def done(status: str) -> None:
            self.notify(t("Override approved.") if status == OverrideStatus.APPROVED
                        else t("Override refused."))

        def refused(error: Exception) -> None:
            self.notify(t(str(error)), severity="warning")

        from console.services import overrides

        state.run_service(overrides.decide_override, request_id, approve,
                          operator=state.ctx.operator_login, now=state.now(),
                          on_done=done, on_error=refused, refresh=True)


class OverrideCommands(_ListProvider):
    """'Override requests (D4)' in the palette, on every console (a non-supervisor sees the
    list too, and is told that only a supervisor answers)."""

    def _commands(self) -> Iterator[Command]:
        yield (t("Override requests (D4)"),
               lambda: self.app.push_screen(OverrideRequestsScreen()),
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
        for request in new:
            self.app.notify(
                request_line(request).plain + "\n"
                + t("Ctrl+P → Override requests: A approves, R refuses."),
                title=t("Override request (D4)"), severity="warning", timeout=20)
