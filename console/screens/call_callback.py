"""The call screen's outgoing side: a callback opened from F3, and how its call ends (R1, R15).

A part the call screen (console/screens/call.py) makes and keeps; it reaches the screen only
through `CallHost` (call_parts.py). Opening a callback starts an outgoing call to its contract,
verified by construction (the dispatcher dials the contract's own number); its outcome closes
the callback (done), moves it (re-booked) or brings it back in 15 minutes inside the phone hours
(unreachable).
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import Input, Static

from console.i18n import t
from console.screens.call_intake import Intake
from console.screens.call_parts import CallHost
from console.state import CallSnapshot
from console.statuses import CallOutcome
from console.widgets.fmt import hm


class CallbackCall:
    """Start a callback's call; end it with the callback's outcome."""

    def __init__(self, host: CallHost, intake: Intake) -> None:
        self.host = host
        self.intake = intake  # the re-booked time is read as a booked one; refusals said alike

    def ask_outcome(self) -> None:
        from console.screens.dialogs import ChoiceDialog

        options = [
            ("done", t("Done: talked it through")),
            ("rebooked", t("Re-book: call again at another time")),
            ("unreachable", t("Unreachable: try again in 15 minutes")),
        ]
        if self.host.ticket_taken:
            options.insert(0, ("ticket", t("Ticket taken")))

        def chosen(result: str | None) -> None:
            if result is None:
                self.host.quit_after_call = False
            if result == "rebooked":
                self._ask_rebook()
            elif result is not None:
                self._finish_callback(result)

        self.host.app.push_screen(ChoiceDialog(t("How did the callback end?"), options), chosen)

    def _ask_rebook(self) -> None:
        from console.screens.dialogs import ReasonDialog

        parse = self.intake.callback_time_parser()

        def got(text: str | None) -> None:
            if text:
                when, _error = parse(text)
                if when is not None:
                    self._finish_callback("rebooked", when)

        self.host.app.push_screen(
            ReasonDialog(t("Re-book the callback"), t("When shall we call back?"),
                         placeholder=t("e.g. tomorrow 11, 25.11 14:30"),
                         check=lambda text: parse(text)[1]),
            got,
        )

    def _finish_callback(self, result: str, new_due=None) -> None:
        from console.services import callbacks

        call_id = self.host.call_id
        if call_id is None or call_id < 0 or self.host.ending == call_id:
            return
        self.host.ending = call_id

        def done(due) -> None:
            self.host.ending = None
            if self.host.call_id != call_id:
                return
            self.host._ended()
            if due is None:
                self.host.notify(t("Callback closed."))
            else:
                self.host.notify(t("The callback comes back at {time}.", time=hm(due)))

        def failed(error: Exception) -> None:
            self.host.ending = None
            self.host.notify(t(str(error)), severity="warning", timeout=8)

        self.host.state.run_service(
            callbacks.finish_callback, call_id, result,
            operator=self.host.state.ctx.operator_login, calendar=self.host.state.ctx.calendar,
            now=self.host.state.now(), new_due=new_due,
            limit=timedelta(minutes=self.host._policy.call_limit_min),
            min_balance_kopecks=self.host._policy.min_balance_kopecks,
            on_done=done, on_error=failed, refresh=True,
        )

    def start(self, ticket_id: int) -> None:
        """Open a callback: an outgoing call to its contract, verified by construction."""
        from console.services import callbacks, calls

        if self.host.started_at is not None:
            self.host.notify(t("A call is already running: end it first (Ctrl+E)."),
                        severity="warning")
            return

        def opened(start: callbacks.CallbackStart) -> None:
            if self.host.started_at is not None:  # a call began meanwhile: this one is given up
                self.host.state.run_service(
                    calls.end_call, start.call_id, CallOutcome.INTERRUPTED,
                    operator=self.host.state.ctx.operator_login, now=self.host.state.now(),
                )
                return
            self.host._begin()
            self.host.started_at, self.host.call_id, self.host.callback = (
                start.started_at, start.call_id, start.item)
            self.host.state.set_part("call", CallSnapshot(start.call_id, start.started_at))
            self.host._reset_view()
            card = start.lookup.card
            assert card is not None  # a callback's contract is always shown
            with self.host.filled_quietly():  # no lookup: the contract is known
                self.host.query_one("#call-number", Input).value = card.number
                self.host.query_one("#call-surname", Input).value = start.surname
            self.host._show_lookup(start.lookup)
            self.show()
            self.host._tick(self.host.state.get("clock"))

        self.host.state.run_service(
            callbacks.start_callback, ticket_id, operator=self.host.state.ctx.operator_login,
            calendar=self.host.state.ctx.calendar, now=self.host.state.now(),
            on_done=opened, on_error=self.intake.refused,
        )

    def show(self) -> None:
        box = self.host.query_one("#call-callback", Static)
        item = self.host.callback
        box.display = item is not None
        if item is not None:
            text = Text(t("Callback to {phone} ({client}). About: ",
                          phone=item.phone_text, client=item.client), style="bold")
            text.append(item.topic, style="")
            if item.attempts:
                text.append(" · " + t("attempt {n}", n=item.attempts + 1))
            box.update(text)
