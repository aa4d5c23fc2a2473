"""The day close: today's visits that were never started or never closed, to settle one by one.

After the visit window closes (17:00, R3) nothing of today may slide to tomorrow unnoticed:
each visit is settled as done (the act, R7), a no-show (D18) or rescheduled (back to the
planner; the client goes on the notify list, D9). The list reloads after every answer; closing
it answers nothing, and the status bar keeps counting what is left.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static

from console.i18n import t
from console.screens.dialogs import _Dialog
from console.services import visits
from console.services.visits import Unsettled
from console.statuses import TicketStatus
from console.widgets.fmt import hm
from console.widgets.line_table import Column, LineTable

STATES: dict[str, str] = {TicketStatus.OPEN: "never started",
                          TicketStatus.IN_PROGRESS: "on site, not closed"}


class DayCloseScreen(_Dialog):
    """d done (with the act), n no-show, r reschedule; Esc closes (nothing is answered)."""

    DEFAULT_CSS = """
    DayCloseScreen > Vertical { width: 140; max-width: 98%; height: 70%; }
    DayCloseScreen LineTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("d,в", "settle('done')", "Done (act)", id="settle_done"),
        Binding("n,т", "settle('no_show')", "No-show", id="settle_no_show"),
        Binding("r,к", "settle('reschedule')", "Reschedule", id="settle_reschedule"),
        Binding("escape", "back", "Close", id="close"),
    ]

    def __init__(self, closing) -> None:
        super().__init__()
        self._visits = closing  # F4's VisitClosing: the act form and the charge question
        self._rows: dict[int, Unsettled] = {}

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("The day close: visits nobody settled"),
                         classes="dialog-title")
            yield LineTable([
                Column("id", t("Ticket"), width=8), Column("time", t("Visit"), width=12),
                Column("state", t("Status"), width=20), Column("tech", t("Technician"), flex=2),
                Column("client", t("Client"), flex=2), Column("address", t("Address"), flex=3),
            ], id="dayclose-table")
            yield Static(t("d: done, write the act · n: no-show (D18) · r: reschedule · "
                           "Esc: close"), classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(LineTable).focus()
        self.reload()

    def reload(self) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        state.run_service(visits.unsettled, state.ctx.calendar, state.now(), on_done=self._show,
                          group="dayclose")

    def _show(self, rows: list[Unsettled]) -> None:
        self._rows = {r.ticket_id: r for r in rows}
        table = self.query_one(LineTable)
        table.set_rows([(r.ticket_id, [f"№{r.ticket_id}", hm(r.start), t(STATES[r.status]),
                                       r.technician, Text(r.client), Text(r.address)])
                        for r in rows])
        if not rows:
            state = self.app.state  # type: ignore[attr-defined]
            now = state.now()
            window = state.ctx.calendar.visit_window_on(state.ctx.calendar.local(now).date())
            if window is not None and now < window[1]:
                # Before the window closes today's visits are still running, not unsettled.
                self.query_one(".dialog-hint", Static).update(t(
                    "Nothing left from earlier days. Today's visits are listed here once the "
                    "visit window closes ({end}).", end=f"{window[1]:%H:%M}"))
            else:
                self.query_one(".dialog-hint", Static).update(t("Everything is settled."))

    def action_settle(self, how: str) -> None:
        key = self.query_one(LineTable).cursor_key
        row = self._rows.get(key) if isinstance(key, int) else None
        if row is None:
            return
        self._visits.settle(row, how, then=self.reload)
