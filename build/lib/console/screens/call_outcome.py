"""The call screen's endings: out of scope, the supervisor override, the 15-minute prompt, the
outcome of the call (R2, R14, R15, D4-D6).

A mixin of `CallScreen` (console/screens/call.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from rich.text import Text
from textual.widgets import Static

from console.i18n import t
from console.rules import eligibility
from console.rules.eligibility import OutOfScope, Verdict
from console.screens.dialogs import ChoiceDialog, ReasonDialog
from console.services import calls
from console.state import CallSnapshot

OUTCOME_LABELS = {
    "solved": "Solved by phone",
    "ticket": "Ticket taken",
    "callback": "Callback booked",
    "refused": "Refused",
    "out_of_scope": "Out of scope",
    "hung_up": "Caller hung up",
}
REFUSALS = {
    "balance": "Balance is zero or negative (R14)",
    "not_verified": "Caller not verified (R13)",
    "work_refused": "Price List No. 3 work refused (R12)",
    "other": "Other reason",
}


class OutcomeMixin:
    """How a call ends, and the decisions that change what it may lead to."""

    def action_out_of_scope(self) -> None:
        if not self._need_call():
            return
        options = [(kind.value, t(eligibility.OUT_OF_SCOPE_LABELS[kind])) for kind in OutOfScope]

        def chosen(kind: str | None) -> None:
            if kind is None:
                return
            sentence = t(eligibility.OUT_OF_SCOPE_SCRIPTS[OutOfScope(kind)])
            self._finish(
                "out_of_scope", notes=kind,  # the referral sentence stays on screen (D5)
                then=lambda: self.query_one("#call-script", Static).update(
                    Text(sentence, style="bold")),
            )

        self.app.push_screen(
            ChoiceDialog(t("Out of scope (R2): what is it about?"), options), chosen
        )

    def action_override(self) -> None:
        if not self._need_call() or self.card is None:
            return

        def got(reason: str | None) -> None:
            if not reason:
                return
            self.override = True
            self.state.run_service(
                calls.record_override,
                self.call_id,
                reason,
                operator=self.state.ctx.operator_login,
                now=self.state.now(),
            )
            self._show_verdict()

        self.app.push_screen(
            ReasonDialog(
                t("Supervisor override (D4)"),
                t("Why may this caller be helped despite the balance?"),
            ),
            got,
        )

    def _prompt_15(self) -> None:
        """R15/D6: fifteen minutes without a solution: offer a visit or a callback."""

        def chosen(choice: str | None) -> None:
            if choice == "visit":
                self.action_ticket()
            elif choice == "callback":
                self.action_callback()

        self.app.push_screen(
            ChoiceDialog(
                t("15 minutes (R15): offer a technician visit or a callback"),
                [
                    ("visit", t("Take a ticket with a visit")),
                    ("callback", t("Book a callback")),
                    ("continue", t("Continue the conversation")),
                ],
            ),
            chosen,
        )

    def action_end_call(self) -> None:
        if not self._need_call():
            return
        suggested = (
            "ticket"
            if self.ticket_taken
            else "callback"
            if self.callback_booked
            else "refused"
            if self.decision and self.decision.verdict in (Verdict.REFUSED_BALANCE,)
            else "solved"
        )
        options = [(key, t(label)) for key, label in OUTCOME_LABELS.items()]
        options.sort(key=lambda o: o[0] != suggested)  # the likely outcome first: Enter

        def chosen(outcome: str | None) -> None:
            if outcome == "refused":
                self._ask_refusal()
            elif outcome == "out_of_scope":
                self.action_out_of_scope()
            elif outcome is not None:
                self._finish(outcome)

        self.app.push_screen(ChoiceDialog(t("How did the call end?"), options), chosen)

    def _ask_refusal(self) -> None:
        options = [(key, t(label)) for key, label in REFUSALS.items()]

        def chosen(reason: str | None) -> None:
            if reason is not None:
                self._finish("refused", refusal=reason)

        self.app.push_screen(ChoiceDialog(t("Why was the caller refused?"), options), chosen)

    def _finish(self, outcome: str, *, refusal: str | None = None, notes: str = "",
                then: Callable[[], None] | None = None) -> None:
        """Close the call in the database; the screen resets only once that is stored (R16)."""
        call_id = self.call_id
        if call_id is None or call_id < 0 or getattr(self, "_ending", None) == call_id:
            return
        self._ending = call_id
        limit = timedelta(minutes=self._policy.call_limit_min)

        def done(_result: object) -> None:
            self._ending = None
            if self.call_id != call_id:
                return
            self.call_id = self.started_at = None
            self.state.set_part("call", CallSnapshot())
            self._reset_view()
            self.notify(t("Call ended: {outcome}", outcome=t(OUTCOME_LABELS[outcome])))
            if then is not None:
                then()

        def failed(error: Exception) -> None:
            self._ending = None  # nothing was stored: Ctrl+E again
            self.notify(t("The call could not be closed: {error}. Press Ctrl+E again.",
                          error=str(error).splitlines()[0] if str(error) else "?"),
                        severity="error", timeout=8)

        self.state.run_service(
            calls.end_call, call_id, outcome, operator=self.state.ctx.operator_login,
            now=self.state.now(), refusal_reason=refusal, notes=notes, limit=limit,
            on_done=done, on_error=failed, errors=(Exception,), refresh=True,
        )
