"""The call screen's endings: out of scope, the supervisor override, the 15-minute prompt, the
outcome of the call (R2, R14, R15, D4-D6).

A part the call screen (console/screens/call.py) makes and keeps; it reaches the screen only
through `CallHost` (call_parts.py), and the intake and callback parts through their methods.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from console.i18n import t
from console.rules import eligibility
from console.rules.eligibility import OutOfScope, Verdict
from console.screens.call_callback import CallbackCall
from console.screens.call_intake import Intake
from console.screens.call_parts import CallHost
from console.statuses import CallOutcome, OverrideStatus

if TYPE_CHECKING:
    from console.rules import gates
    from console.services.overrides import OverridesSnapshot

OUTCOME_LABELS: dict[str, str] = {
    CallOutcome.SOLVED: "Solved by phone",
    CallOutcome.TICKET: "Ticket taken",
    CallOutcome.CALLBACK: "Callback booked",
    CallOutcome.REFUSED: "Refused",
    CallOutcome.OUT_OF_SCOPE: "Out of scope",
    CallOutcome.HUNG_UP: "Caller hung up",
    CallOutcome.INTERRUPTED: "Interrupted: the console was closed mid-call",
    CallOutcome.UNREACHABLE: "Unreachable",
}
REFUSALS = {
    "balance": "Balance is zero or negative (R14)",
    "not_verified": "Caller not verified (R13)",
    "hours": "Outside consultation hours (R4)",
    "work_refused": "Price List No. 3 work refused (R12)",
    "other": "Other reason",
}


class Endings:
    """How a call ends, and the decisions that change what it may lead to."""

    def __init__(self, host: CallHost, intake: Intake, callbacks: CallbackCall) -> None:
        self.host = host
        self.intake = intake  # a refused override is said as the intake says a refusal
        self.callbacks = callbacks  # a callback's call ends with the callback's outcome

    def out_of_scope(self) -> None:
        """D5: one key: what it is about, the referral read out, the call closed."""
        from console.screens.dialogs import ChoiceDialog, ScriptDialog

        if self.host.started_at is None:
            self.host._need_call()
            return
        options = [(kind.value, t(eligibility.OUT_OF_SCOPE_LABELS[kind])) for kind in OutOfScope]

        def chosen(kind: str | None) -> None:
            if kind is None:
                return
            sentence = t(eligibility.OUT_OF_SCOPE_SCRIPTS[OutOfScope(kind)])

            def read(done: bool | None) -> None:
                if done:
                    self.host._log_call(
                        then=lambda: self.finish(CallOutcome.OUT_OF_SCOPE, notes=kind))

            # The referral stays on screen until the dispatcher has read it out (D5).
            self.host.app.push_screen(
                ScriptDialog(t("Out of scope (R2): read this out"), sentence,
                             t("Enter: read out, end the call · Esc: back to the call")),
                read,
            )

        self.host.app.push_screen(
            ChoiceDialog(t("Out of scope (R2): what is it about?"), options), chosen
        )

    def ask_override(self) -> None:
        """D4: a supervisor at this console lifts the gate with a reason; anyone else asks the
        supervisors, and the answer arrives on this screen (`show_override_answer`)."""
        from console.rules import gates, validation
        from console.screens.dialogs import ReasonDialog

        if not self.host._need_call(self.ask_override):
            return
        if self.host.card is None or self.host.decision is None:
            self.host.notify(t(gates.OVERRIDE_NOT_VERIFIED), severity="warning")
            return
        if self.host.decision.verdict is not Verdict.REFUSED_BALANCE:
            self.host.notify(t(gates.OVERRIDE_NOT_NEEDED), severity="warning")
            return
        snapshot = self.host.state.get("overrides")
        supervisor = bool(snapshot and snapshot.is_supervisor)
        call_id, contract_id = self.host.call_id, self.host.card.id

        def check(text: str) -> str | None:
            error = validation.override_reason(text)[1]
            return t(error) if error else None

        def granted(_row: int) -> None:
            card = self.host.card
            if self.host.call_id == call_id and card is not None and card.id == contract_id:
                self.host.override = True
                self.host._show_verdict()

        def asked(request_id: int) -> None:
            if self.host.call_id == call_id:
                self.host.override_request = request_id
                self._show_override_line(t("Waiting for the supervisor's answer…"), "-pending")

        def got(reason: str | None) -> None:
            from console.services import overrides

            if not reason:
                return
            service = overrides.grant_override if supervisor else overrides.request_override
            self.host.state.run_service(
                service, call_id, contract_id, reason, operator=self.host.state.ctx.operator_login,
                now=self.host.state.now(),
                min_balance_kopecks=self.host._policy.min_balance_kopecks,
                on_done=granted if supervisor else asked, on_error=self.intake.refused,
                refresh=True,
            )

        self.host.app.push_screen(
            ReasonDialog(
                t("Supervisor override (D4)") if supervisor
                else t("Ask a supervisor for an override (D4)"),
                t("Why may this caller be helped despite the balance?"),
                check=check,
            ),
            got,
        )

    def show_override_answer(self, snapshot: OverridesSnapshot | None) -> None:
        """D4: the supervisors' answer to this call's request, as soon as it is loaded."""
        request = self.host.override_request
        if snapshot is None or request is None:
            return
        answer = next((r for r in snapshot.answered if r.id == request), None)
        if answer is None:
            return
        self.host.override_request = None
        if answer.status == OverrideStatus.APPROVED:
            self.host.override = True
            self.host._show_verdict()
            self._show_override_line(
                t("Supervisor {name} approved the override.", name=answer.supervisor or "?"),
                "-ok")
        else:
            self._show_override_line(
                t("Supervisor {name} refused the override: read the balance sentence.",
                  name=answer.supervisor or "?"), "-refused")

    def _show_override_line(self, text: str, cls: str) -> None:
        line = self.host.query_one("#call-override", Static)
        line.update(Text(text))
        line.set_classes(cls)
        line.display = bool(text)

    def prompt_15(self) -> None:
        """R15/D6: fifteen minutes without a solution: offer a visit or a callback."""
        from console.screens.dialogs import ChoiceDialog

        def chosen(choice: str | None) -> None:
            # action_ticket is a coroutine (it mounts the form): it must be awaited, which
            # call_later does; calling it bare only made a coroutine that never ran.
            if choice == "visit":
                self.host.call_later(self.host.action_ticket)
            elif choice == "callback":
                self.host.call_later(self.host.action_callback)

        self.host.app.push_screen(
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
        from console.rules import gates

        card = self.host.card
        verified = bool(self.host.verification and self.host.verification.verified and card)
        balance_ok = verified and card is not None and gates.balance_ok(
            card.balance_kopecks, self.host._policy.min_balance_kopecks, self.host.override)
        return gates.CallFacts(
            verified=verified, balance_ok=balance_ok,
            mode=self.host.state.ctx.calendar.service_mode(self.host.state.now()),
            ticket_saved=self.host.ticket_taken, callback_booked=self.host.callback_booked)

    def end_call(self) -> None:
        if self.host.started_at is None:
            self.host._need_call()
            return
        if self.host.call_id is None:  # nothing was typed: there is no call to log
            self.host._ended()
            self.host.notify(t("Nothing was typed: the call is not logged."))
            return
        self.host._log_call(then=self._ask_outcome)

    def _ask_outcome(self) -> None:
        from console.rules import gates
        from console.screens.dialogs import ChoiceDialog

        if self.host.callback is not None:
            self.callbacks.ask_outcome()
            return
        # Only what the facts allow, the likely outcome first (Enter); end_call re-checks.
        options = [(key, t(OUTCOME_LABELS[key])) for key in gates.allowed_outcomes(
            self.call_facts())]

        def chosen(outcome: str | None) -> None:
            if outcome is None:
                self.host.quit_after_call = False  # backed out: Ctrl+Q's quit is off too
            if outcome == CallOutcome.REFUSED:
                self._ask_refusal()
            elif outcome == CallOutcome.OUT_OF_SCOPE:
                self.out_of_scope()
            elif outcome is not None:
                self.finish(outcome)

        self.host.app.push_screen(ChoiceDialog(t("How did the call end?"), options), chosen)

    def _ask_refusal(self) -> None:
        from console.rules import gates
        from console.screens.dialogs import ChoiceDialog

        options = [(key, t(REFUSALS[key])) for key in gates.refusal_reasons(self.call_facts())]

        def chosen(reason: str | None) -> None:
            if reason is not None:
                self.finish(CallOutcome.REFUSED, refusal=reason)

        self.host.app.push_screen(ChoiceDialog(t("Why was the caller refused?"), options), chosen)

    def finish(self, outcome: str, *, refusal: str | None = None, notes: str = "",
                then: Callable[[], None] | None = None) -> None:
        """Close the call in the database; the screen resets only once that is stored (R16)."""
        from console.services import calls

        call_id = self.host.call_id
        if call_id is None or call_id < 0 or self.host.ending == call_id:
            return
        self.host.ending = call_id
        limit = timedelta(minutes=self.host._policy.call_limit_min)

        def done(_result: object) -> None:
            self.host.ending = None
            if self.host.call_id != call_id:
                return
            self.host._ended()
            self.host.notify(t("Call ended: {outcome}", outcome=t(OUTCOME_LABELS[outcome])))
            if then is not None:
                then()

        def failed(error: Exception) -> None:
            self.host.ending = None  # nothing was stored: Ctrl+E again
            if isinstance(error, calls.CallError):  # the gate's sentence (R4, R13, R14)
                self.host.notify(t(str(error)), severity="warning", timeout=8)
                return
            self.host.notify(t("The call could not be closed: {error}. Press Ctrl+E again.",
                          error=str(error).splitlines()[0] if str(error) else "?"),
                        severity="error", timeout=8)

        self.host.state.run_service(
            calls.end_call, call_id, outcome, operator=self.host.state.ctx.operator_login,
            now=self.host.state.now(), refusal_reason=refusal, notes=notes, limit=limit,
            calendar=self.host.state.ctx.calendar,
            min_balance_kopecks=self.host._policy.min_balance_kopecks,
            on_done=done, on_error=failed, errors=(Exception,), refresh=True,
        )
