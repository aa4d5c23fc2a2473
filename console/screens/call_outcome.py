"""The call screen's endings: out of scope, the supervisor override, the 15-minute prompt, the
outcome of the call (R2, R14, R15, D4-D6).

A part of `CallScreen` (console/screens/call.py); what it shares with the others is declared
in call_parts.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from rich.text import Text
from textual.widgets import Static

from console.i18n import t
from console.rules import eligibility, gates, validation
from console.rules.eligibility import OutOfScope, Verdict
from console.screens.call_parts import CallParts
from console.screens.dialogs import ChoiceDialog, ReasonDialog, ScriptDialog
from console.services import calls, overrides
from console.statuses import CallOutcome, OverrideStatus

OUTCOME_LABELS = {
    "solved": "Solved by phone",
    "ticket": "Ticket taken",
    "callback": "Callback booked",
    "refused": "Refused",
    "out_of_scope": "Out of scope",
    "hung_up": "Caller hung up",
    "interrupted": "Interrupted: the console was closed mid-call",
    "unreachable": "Unreachable",
}
REFUSALS = {
    "balance": "Balance is zero or negative (R14)",
    "not_verified": "Caller not verified (R13)",
    "work_refused": "Price List No. 3 work refused (R12)",
    "other": "Other reason",
}


class OutcomeMixin(CallParts):
    """How a call ends, and the decisions that change what it may lead to."""

    def action_out_of_scope(self) -> None:
        """D5: one key: what it is about, the referral read out, the call closed."""
        if self.started_at is None:
            self._need_call()
            return
        options = [(kind.value, t(eligibility.OUT_OF_SCOPE_LABELS[kind])) for kind in OutOfScope]

        def chosen(kind: str | None) -> None:
            if kind is None:
                return
            sentence = t(eligibility.OUT_OF_SCOPE_SCRIPTS[OutOfScope(kind)])

            def read(done: bool | None) -> None:
                if done:
                    self._log_call(then=lambda: self._finish("out_of_scope", notes=kind))

            # The referral stays on screen until the dispatcher has read it out (D5).
            self.app.push_screen(
                ScriptDialog(t("Out of scope (R2): read this out"), sentence,
                             t("Enter: read out, end the call · Esc: back to the call")),
                read,
            )

        self.app.push_screen(
            ChoiceDialog(t("Out of scope (R2): what is it about?"), options), chosen
        )

    def action_override(self) -> None:
        """D4: a supervisor at this console lifts the gate with a reason; anyone else asks the
        supervisors, and the answer arrives on this screen (`show_override_answer`)."""
        if not self._need_call():
            return
        if self.card is None or self.decision is None:
            self.notify(t(gates.OVERRIDE_NOT_VERIFIED), severity="warning")
            return
        if self.decision.verdict is not Verdict.REFUSED_BALANCE:
            self.notify(t(gates.OVERRIDE_NOT_NEEDED), severity="warning")
            return
        snapshot = self.state.get("overrides")
        supervisor = bool(snapshot and snapshot.is_supervisor)
        call_id, contract_id = self.call_id, self.card.id

        def check(text: str) -> str | None:
            error = validation.override_reason(text)[1]
            return t(error) if error else None

        def granted(_row: int) -> None:
            if self.call_id == call_id and self.card is not None and self.card.id == contract_id:
                self.override = True
                self._show_verdict()

        def asked(request_id: int) -> None:
            if self.call_id == call_id:
                self.override_request = request_id
                self._show_override_line(t("Waiting for the supervisor's answer…"), "-pending")

        def got(reason: str | None) -> None:
            if not reason:
                return
            service = overrides.grant_override if supervisor else overrides.request_override
            self.state.run_service(
                service, call_id, contract_id, reason, operator=self.state.ctx.operator_login,
                now=self.state.now(), min_balance_kopecks=self._policy.min_balance_kopecks,
                on_done=granted if supervisor else asked, on_error=self._refused, refresh=True,
            )

        self.app.push_screen(
            ReasonDialog(
                t("Supervisor override (D4)") if supervisor
                else t("Ask a supervisor for an override (D4)"),
                t("Why may this caller be helped despite the balance?"),
                check=check,
            ),
            got,
        )

    def show_override_answer(self, snapshot) -> None:
        """D4: the supervisors' answer to this call's request, as soon as it is loaded."""
        request = getattr(self, "override_request", None)
        if snapshot is None or request is None:
            return
        answer = next((r for r in snapshot.answered if r.id == request), None)
        if answer is None:
            return
        self.override_request = None
        if answer.status == OverrideStatus.APPROVED:
            self.override = True
            self._show_verdict()
            self._show_override_line(
                t("Supervisor {name} approved the override.", name=answer.supervisor or "?"),
                "-ok")
        else:
            self._show_override_line(
                t("Supervisor {name} refused the override: read the balance sentence.",
                  name=answer.supervisor or "?"), "-refused")

    def _show_override_line(self, text: str, cls: str) -> None:
        line = self.query_one("#call-override", Static)
        line.update(Text(text))
        line.set_classes(cls)
        line.display = bool(text)

    def _prompt_15(self) -> None:
        """R15/D6: fifteen minutes without a solution: offer a visit or a callback."""

        def chosen(choice: str | None) -> None:
            # action_ticket is a coroutine (it mounts the form): it must be awaited, which
            # call_later does; calling it bare only made a coroutine that never ran.
            if choice == "visit":
                self.call_later(self.action_ticket)
            elif choice == "callback":
                self.call_later(self.action_callback)

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

    def call_facts(self) -> gates.CallFacts:
        """What this screen knows of the call, for the outcomes it may offer (R4, R13, R14)."""
        card = self.card
        verified = bool(self.verification and self.verification.verified and card)
        balance_ok = verified and card is not None and gates.balance_ok(
            card.balance_kopecks, self._policy.min_balance_kopecks, self.override)
        return gates.CallFacts(
            verified=verified, balance_ok=balance_ok,
            mode=self.state.ctx.calendar.service_mode(self.state.now()),
            ticket_saved=self.ticket_taken, callback_booked=self.callback_booked)

    def action_end_call(self) -> None:
        if self.started_at is None:
            self._need_call()
            return
        if self.call_id is None:  # nothing was typed: there is no call to log
            self._ended()
            self.notify(t("Nothing was typed: the call is not logged."))
            return
        self._log_call(then=self._ask_outcome)

    def _ask_outcome(self) -> None:
        if self.callback is not None:
            self._ask_callback_outcome()
            return
        # Only what the facts allow, the likely outcome first (Enter); end_call re-checks.
        options = [(key, t(OUTCOME_LABELS[key])) for key in gates.allowed_outcomes(
            self.call_facts())]

        def chosen(outcome: str | None) -> None:
            if outcome is None:
                self.quit_after_call = False  # backed out: Ctrl+Q's quit is off too
            if outcome == CallOutcome.REFUSED:
                self._ask_refusal()
            elif outcome == CallOutcome.OUT_OF_SCOPE:
                self.action_out_of_scope()
            elif outcome is not None:
                self._finish(outcome)

        self.app.push_screen(ChoiceDialog(t("How did the call end?"), options), chosen)

    def _ask_refusal(self) -> None:
        options = [(key, t(REFUSALS[key])) for key in gates.refusal_reasons(self.call_facts())]

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
            self._ended()
            self.notify(t("Call ended: {outcome}", outcome=t(OUTCOME_LABELS[outcome])))
            if then is not None:
                then()

        def failed(error: Exception) -> None:
            self._ending = None  # nothing was stored: Ctrl+E again
            if isinstance(error, calls.CallError):  # the gate's sentence (R4, R13, R14)
                self.notify(t(str(error)), severity="warning", timeout=8)
                return
            self.notify(t("The call could not be closed: {error}. Press Ctrl+E again.",
                          error=str(error).splitlines()[0] if str(error) else "?"),
                        severity="error", timeout=8)

        self.state.run_service(
            calls.end_call, call_id, outcome, operator=self.state.ctx.operator_login,
            now=self.state.now(), refusal_reason=refusal, notes=notes, limit=limit,
            calendar=self.state.ctx.calendar,
            min_balance_kopecks=self._policy.min_balance_kopecks,
            on_done=done, on_error=failed, errors=(Exception,), refresh=True,
        )
