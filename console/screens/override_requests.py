"""D4: the list of override requests a supervisor answers (`a` approves, `r` refuses).

Opened from the palette (console/screens/overrides.py), and imported only then: a dialog is not
on the way to the console's first frame (issue 12).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

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
