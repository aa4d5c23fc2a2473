"""F2: the incoming call. Until the call issue lands, it shows what it will hold and setup help."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Static

from console.i18n import t
from console.screens.base import PlannedScreen


@dataclass(frozen=True)
class SetupSnapshot:
    """Whether the database has what a working day needs (a fresh console.db has not)."""

    has_contracts: bool = True
    has_technicians: bool = True


class CallScreen(PlannedScreen):
    """F2: lookup, verification, balance verdict, scripts, timer, intake form (R13-R16)."""

    TITLE = "Call"
    PLAN = (
        "The incoming call: contract lookup, verification by number and surname, the balance "
        "verdict, scripts, the 15-minute timer and the ticket form with the R7 checklist."
    )

    def compose_body(self) -> ComposeResult:
        yield from super().compose_body()
        yield Static(id="setup-help", markup=False)

    def on_mount(self) -> None:
        self.app.state.subscribe("setup", self, self.show_setup)  # type: ignore[attr-defined]

    def show_setup(self, setup: SetupSnapshot) -> None:
        lines = []
        if not setup.has_contracts:
            lines.append(
                t(
                    "The database holds no contracts yet. Import them from billing: "
                    "support-console import-contracts FILE.csv (see README), "
                    "or try the demo: support-console --demo."
                )
            )
        if not setup.has_technicians:
            lines.append(
                t(
                    "No technicians yet. Add them: "
                    'support-console technician add "Full Name" --phone +7...'
                )
            )
        help_box = self.query_one("#setup-help", Static)
        help_box.update("\n\n".join(lines))
        help_box.display = bool(lines)
