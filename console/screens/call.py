"""F2: the incoming call (R1, R2, R4, R13-R16, D2-D6, D14).

F2 with no call running (or Ctrl+N anywhere) starts one: the timer runs, the recording notice
shows (R16), the call is logged. As the dispatcher types the contract number and the surname,
the caller is verified (D3); the verdict line says what may be done (R14, R4, D4); one key marks
the call out of scope (D5); at 15:00 the console offers a visit or a callback (R15, D6). The
ticket form autosaves as a draft and is offered back after a crash (D14).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from console.i18n import t
from console.rules import eligibility
from console.rules.calendar import ServiceMode
from console.rules.eligibility import Decision, OutOfScope, Verdict
from console.screens.base import ConsoleScreen
from console.screens.dialogs import ChoiceDialog, ReasonDialog
from console.services import calls, drafts
from console.widgets.contract_card import ContractCardView
from console.widgets.fmt import eta_window, hm

if TYPE_CHECKING:
    from console.services.tickets import Outcome
    from console.widgets.ticket_form import TicketForm, TicketFormData

# The ticket form, the planner behind ticket services and the date parser are imported on first
# use: they are not needed to show the screen, and the console starts faster without them.

DRAFT_FORM = "ticket"
LOOKUP_DELAY = 0.25  # seconds after the last keystroke: verify while the dispatcher types
DRAFT_DELAY = 1.0


@dataclass(frozen=True)
class SetupSnapshot:
    """Whether the database has what a working day needs (a fresh console.db has not)."""

    has_contracts: bool = True
    has_technicians: bool = True


@dataclass(frozen=True)
class CallSnapshot:
    """The reactor's `call` part: the running call, for the status bar's timer."""

    call_id: int | None = None
    started_at: datetime | None = None


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


class CallScreen(ConsoleScreen):
    """Lookup, verification, verdict, scripts, timer, intake form."""

    TITLE = "Call"
    BINDINGS = [
        Binding(
            "ctrl+t", "ticket", "Ticket", id="ticket", priority=True, tooltip="Take a ticket (R6)"
        ),
        Binding(
            "ctrl+b",
            "callback",
            "Callback",
            id="callback",
            priority=True,
            tooltip="Book a callback (R15)",
        ),
        Binding(
            "ctrl+o",
            "out_of_scope",
            "Out of scope",
            id="out_of_scope",
            priority=True,
            tooltip="Financial question, on credit, bank payment (R2)",
        ),
        Binding(
            "ctrl+g",
            "override",
            "Override",
            id="override",
            priority=True,
            show=False,
            tooltip="Supervisor override of the balance gate (D4)",
        ),
        Binding(
            "ctrl+r",
            "tick_r7",
            "R7 read",
            id="tick_r7",
            priority=True,
            show=False,
            tooltip="Tick the next R7 item read out",
        ),
        Binding(
            "ctrl+s",
            "save_ticket",
            "Save",
            id="save_ticket",
            priority=True,
            show=False,
            tooltip="Save the ticket",
        ),
        Binding(
            "ctrl+e",
            "end_call",
            "End call",
            id="end_call",
            priority=True,
            tooltip="End the call with its outcome",
        ),
        Binding(
            "ctrl+d",
            "restore_draft",
            "Restore draft",
            id="restore_draft",
            priority=True,
            show=False,
            tooltip="Restore the unsaved ticket form (D14)",
        ),
        Binding("escape", "close_form", "Close form", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.call_id: int | None = None
        self.started_at: datetime | None = None
        self.card: calls.ContractCard | None = None
        self.verification: eligibility.Verification | None = None
        self.decision: Decision | None = None
        self.override = False
        self.ticket_taken = False
        self.callback_booked = False
        self.prompted_15 = False
        self._draft: drafts.DraftView | None = None
        self._lookup_timer: Timer | None = None
        self._draft_timer: Timer | None = None

    # -- layout --
    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="call-scroll"):
            yield Static(id="setup-help", markup=False)
            yield Static(id="call-draft")
            with Horizontal(id="call-head"):
                yield Static(id="call-timer")
                yield Static(t(eligibility.SCRIPT_RECORDING), id="call-recording")
            with Horizontal(id="call-main"):
                with Vertical(id="call-left"):
                    yield Label(t("Contract number"))
                    yield Input(id="call-number", max_length=64, placeholder=t("e.g. 10000001"))
                    yield Label(t("Holder's surname"))
                    yield Input(
                        id="call-surname", max_length=64, placeholder=t("as the caller says it")
                    )
                    yield Static(id="call-verify")
                    yield Static(id="call-verdict")
                    yield Static(id="call-script")
                yield ContractCardView(id="call-card")
            yield Static(id="call-eta")

    def on_mount(self) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        state.subscribe("setup", self, self.show_setup)
        state.subscribe("clock", self, self._tick)
        self.query_one("#call-draft").display = False
        self._reset_view()

    def _form(self) -> TicketForm | None:
        """The ticket form, if it was ever opened (it is built on first use: a faster start)."""
        forms = self.query("#ticket-form")
        return forms.first() if forms else None  # type: ignore[return-value]

    async def _open_form(self) -> TicketForm:
        form = self._form()
        if form is None:
            from console.widgets.ticket_form import TicketForm

            ctx = self.state.ctx
            form = TicketForm(ctx.reference, ctx.calendar, self.state.now, id="ticket-form")
            await self.query_one("#call-scroll").mount(form, before="#call-eta")
        if self.card is not None:
            form.prefill(self.card.holder, self.card.mobile_e164)
        form.display = True
        return form

    def _hide_form(self) -> None:
        form = self._form()
        if form is not None:
            form.display = False

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
        box = self.query_one("#setup-help", Static)
        box.update("\n\n".join(lines))
        box.display = bool(lines)

    # -- the call --
    @property
    def state(self):
        return self.app.state  # type: ignore[attr-defined]

    def start_call(self) -> None:
        if self.call_id is not None:
            self.notify(t("A call is already running: end it first (Ctrl+E)."), severity="warning")
            return
        now = self.state.now()
        mode = self.state.ctx.calendar.service_mode(now)
        self.started_at = now
        self.call_id = -1  # taken: the id arrives from the worker

        def started(call_id: int) -> None:
            self.call_id = call_id
            self.state.set_part("call", CallSnapshot(call_id, self.started_at))
            self._offer_draft()

        self.state.run_service(
            calls.start_call, self.state.ctx.operator_login, now, str(mode), on_done=started
        )
        self._reset_view()
        self.query_one("#call-number", Input).focus()

    def _reset_view(self) -> None:
        for selector in ("#call-number", "#call-surname"):
            self.query_one(selector, Input).value = ""
        self.card = self.verification = self.decision = None
        self.override = self.ticket_taken = self.callback_booked = self.prompted_15 = False
        self.query_one(ContractCardView).show(None)
        self.query_one("#call-verify", Static).update("")
        self.query_one("#call-eta", Static).update("")
        form = self._form()
        if form is not None:
            form.remove()  # a new call starts with an empty form
        self._show_verdict()

    def _tick(self, clock) -> None:
        timer = self.query_one("#call-timer", Static)
        recording = self.query_one("#call-recording", Static)
        if self.started_at is None or self.call_id is None:
            timer.update(t("No call. F2 or Ctrl+N starts one."))
            timer.set_classes("")
            recording.display = False
            return
        recording.display = True  # R16: said at the start of every call
        elapsed = clock.now - self.started_at
        stage = eligibility.call_timer_stage(
            elapsed, self._policy.call_warn_min, self._policy.call_limit_min
        )
        minutes, seconds = divmod(max(0, int(elapsed.total_seconds())), 60)
        timer.update(t("Call {time}", time=f"{minutes:02d}:{seconds:02d}"))
        timer.set_classes(f"-{stage}")
        if stage == "limit" and not self.prompted_15:
            self.prompted_15 = True
            self._prompt_15()

    @property
    def _policy(self):
        return self.state.ctx.reference.policy

    # -- verification --
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("call-number", "call-surname"):
            if self._lookup_timer is not None:
                self._lookup_timer.stop()
            self._lookup_timer = self.set_timer(LOOKUP_DELAY, self._lookup)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "call-number":
            self.query_one("#call-surname", Input).focus()
        elif event.input.id == "call-surname":
            self._lookup()

    def _lookup(self) -> None:
        number = self.query_one("#call-number", Input).value
        surname = self.query_one("#call-surname", Input).value
        if not number.strip() or not surname.strip():
            self._show_lookup(None)
            return
        call_id = self.call_id if self.call_id and self.call_id > 0 else None
        self.state.run_service(
            calls.lookup,
            call_id,
            number,
            surname,
            operator=self.state.ctx.operator_login,
            now=self.state.now(),
            on_done=self._show_lookup,
            group="lookup",
        )

    def _show_lookup(self, result: calls.LookupResult | None) -> None:
        if result is not None:
            # A late answer for what is no longer typed must not show a stale card.
            current = (
                self.query_one("#call-number", Input).value,
                self.query_one("#call-surname", Input).value,
            )
            if not all(s.strip() for s in current):
                result = None
        previous = self.card.id if self.card else None
        self.verification = result.verification if result else None
        self.card = result.card if result else None
        if self.card is None or self.card.id != previous:
            self.override = False  # D4: an override is for one verified contract, not the call
        verify = self.query_one("#call-verify", Static)
        if result is None:
            verify.update("")
        elif result.verification.verified:
            verify.update(Text("✓ " + t("Verified: number and surname match"), style="green"))
        elif not result.verification.number_matched:
            verify.update(
                Text("✗ " + t("No contract with this number: ask for it again"), style="red")
            )
        else:
            verify.update(
                Text(
                    "✗ " + t("The surname does not match the contract holder: ask again"),
                    style="red",
                )
            )
        self.query_one(ContractCardView).show(self.card)
        form = self._form()
        if self.card is not None and form is not None:
            form.prefill(self.card.holder, self.card.mobile_e164)
        self._show_verdict()

    def _show_verdict(self) -> None:
        mode = self.state.ctx.calendar.service_mode(self.state.now())
        verified = bool(self.verification and self.verification.verified)
        balance = self.card.balance_kopecks if self.card else 0
        self.decision = eligibility.decide(
            verified=verified,
            balance_kopecks=balance,
            mode=mode,
            min_balance_kopecks=self._policy.min_balance_kopecks,
            supervisor_override=self.override,
        )
        verdict = self.query_one("#call-verdict", Static)
        labels = {
            Verdict.CONSULT: ("Consultation allowed", "-ok"),
            Verdict.REFUSED_BALANCE: ("Refused: the balance is not positive (R14)", "-refused"),
            Verdict.INTAKE_ONLY: ("Intake only: no consultation now (R4)", "-intake"),
            Verdict.NOT_VERIFIED: (
                "Not verified: ask for the contract number and surname (R13)",
                "-pending",
            ),
        }
        text, cls = labels[self.decision.verdict]
        if self.decision.override_used:
            text = "Allowed by a supervisor override (D4)"
            cls = "-ok"
        verdict.update(t(text))
        verdict.set_classes(cls)
        script = self.decision.script_key
        if mode is ServiceMode.INTAKE_ONLY and self.decision.verdict is Verdict.NOT_VERIFIED:
            script = eligibility.SCRIPT_INTAKE_HOURS
        self.query_one("#call-script", Static).update(Text(t(script)) if script else "")

    # -- actions --
    def _need_call(self) -> bool:
        if self.call_id is None or self.call_id < 0:
            self.notify(t("Start a call first: F2 or Ctrl+N."), severity="warning")
            return False
        return True

    async def action_ticket(self) -> None:
        if not self._need_call():
            return
        if self.decision is None or not self.decision.may_take_intake or self.card is None:
            self.notify(
                t(self.decision.script_key)
                if self.decision and self.decision.script_key
                else t("The caller is not verified"),
                severity="warning",
            )
            return
        form = await self._open_form()
        form.focus_first()
        form.scroll_visible()

    def action_tick_r7(self) -> None:
        form = self._form()
        if form is not None and form.display:
            form.tick_next()

    def action_close_form(self) -> None:
        form = self._form()
        if form is None or not form.display:
            return

        def answer(choice: str | None) -> None:
            if choice in ("discard", "keep"):
                form.display = False
                if choice == "discard":
                    form.remove()
                    self._delete_draft()
                # After the dialog has handed focus back, so it is not taken again.
                self.call_after_refresh(self.query_one("#call-number", Input).focus)

        self.app.push_screen(
            ChoiceDialog(
                t("Close the ticket form?"),
                [
                    ("keep", t("Close, keep the draft")),
                    ("discard", t("Discard what was typed")),
                    ("back", t("Back to the form")),
                ],
            ),
            answer,
        )

    def action_save_ticket(self) -> None:
        form = self._form()
        if form is None or not form.display or not self._need_call() or self.card is None:
            return
        if self.decision is None or not self.decision.may_book_visit:
            self.notify(t(eligibility.SCRIPT_BALANCE), severity="warning")
            return
        data = form.submit()
        if data is not None:
            self._create(data)

    def _create(self, data: TicketFormData, channel: str = "phone") -> None:
        from console.services import tickets

        card = self.card
        assert card is not None
        new = tickets.NewTicket(
            contract_id=card.id,
            task_type=data.task_type,
            description=data.description,
            responsible_name=data.responsible_name,
            contact_phone=data.contact_phone,
            contact_is_mobile=data.contact_is_mobile,
            desired_at=data.desired_at,
            intercom_code=data.intercom_code,
            no_intercom=data.no_intercom,
            channel=channel,
            call_id=self.call_id,
            billable_agreed=data.billable_agreed,
        )
        self.state.run_service(
            tickets.create_and_tell,
            new,
            operator=self.state.ctx.operator_login,
            calendar=self.state.ctx.calendar,
            now=self.state.now(),
            on_done=partial(self._created, channel=channel),
            on_error=self._refused,
            refresh=True,
        )

    def _created(self, outcome: Outcome, *, channel: str = "phone") -> None:
        if channel == "callback":
            self.callback_booked = True
        else:
            self.ticket_taken = True
        self._hide_form()
        self._delete_draft()
        eta = self.query_one("#call-eta", Static)
        if outcome.eta_start is not None:  # R10: an ETA accurate to within one hour
            eta.update(
                Text(
                    t(
                        "Ticket №{id} is queued. Say: the technician will come on {eta}.",
                        id=outcome.ticket_id,
                        eta=eta_window(outcome.eta_start),
                    ),
                    style="bold green",
                )
            )
        else:
            eta.update(Text(t("Ticket №{id} is queued.", id=outcome.ticket_id), style="bold green"))
        if channel == "callback" and outcome.desired_at is not None:
            eta.update(Text(t("Callback booked for {time}: tell the caller.",
                              time=hm(outcome.desired_at)), style="bold green"))
        if outcome.replan.notified:
            # Not a pop-up in the middle of a call: the list waits in F3 (n) and the status bar.
            self.notify(t("Visits of {n} clients moved: notify them from F3 (n).",
                          n=len(outcome.replan.notified)), severity="warning", timeout=10)
        self._lookup()  # the card's open tickets now include this one

    def _refused(self, error: Exception) -> None:
        self.notify(t(str(error)), severity="warning")

    def action_callback(self) -> None:
        if not self._need_call():
            return
        if self.card is None:
            self.notify(t("The caller is not verified"), severity="warning")
            return

        from console.rules.when import PhoneHours, format_when, parse_when

        hours = PhoneHours(self.state.ctx.calendar)  # R1: a callback is a call, 10:00-18:00

        def parse(text: str):
            return parse_when(text, now=self.state.now(), calendar=hours,
                              duration=timedelta(minutes=15))

        def check(text: str) -> str | None:
            when = parse(text)
            if when.ok:
                return None
            hint = ", ".join(format_when(x, hours.tz) for x in when.suggestions)
            message = t(when.error_key, **when.error_args)
            return message + (" " + t("Nearest: {times}", times=hint) if hint else "")

        def got(text: str | None) -> None:
            if not text:
                return
            from console.widgets.ticket_form import TicketFormData

            when = parse(text)
            data = TicketFormData(
                task_type="callback",
                description=t("Callback: continue the conversation"),
                responsible_name=self.card.holder,
                contact_phone=self.card.mobile_e164,
                contact_is_mobile=True,
                desired_at=when.value,
                intercom_code="",
                no_intercom=True,
                billable_agreed=False,
            )
            self._create(data, channel="callback")

        self.app.push_screen(
            ReasonDialog(t("Book a callback (R15)"), t("When shall we call back?"),
                         placeholder=t("e.g. tomorrow 11, 25.11 14:30"), check=check),
            got,
        )

    def action_out_of_scope(self) -> None:
        if not self._need_call():
            return
        options = [(kind.value, t(eligibility.OUT_OF_SCOPE_LABELS[kind])) for kind in OutOfScope]

        def chosen(kind: str | None) -> None:
            if kind is None:
                return
            sentence = t(eligibility.OUT_OF_SCOPE_SCRIPTS[OutOfScope(kind)])
            self._finish("out_of_scope", notes=kind)
            self.query_one("#call-script", Static).update(Text(sentence, style="bold"))

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

    def _finish(self, outcome: str, *, refusal: str | None = None, notes: str = "") -> None:
        call_id = self.call_id
        limit = timedelta(minutes=self._policy.call_limit_min)
        self.state.run_service(
            calls.end_call,
            call_id,
            outcome,
            operator=self.state.ctx.operator_login,
            now=self.state.now(),
            refusal_reason=refusal,
            notes=notes,
            limit=limit,
            refresh=True,
        )
        self.call_id = self.started_at = None
        self.state.set_part("call", CallSnapshot())
        self._reset_view()
        self.notify(t("Call ended: {outcome}", outcome=t(OUTCOME_LABELS[outcome])))

    # -- drafts (D14) --
    def on_ticket_form_changed(self, _event: TicketForm.Changed) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self._save_draft)

    def _save_draft(self) -> None:
        payload = {
            "form": form.payload() if (form := self._form()) is not None else {},
            "number": self.query_one("#call-number", Input).value,
            "surname": self.query_one("#call-surname", Input).value,
        }
        self.state.run_service(
            drafts.save_draft,
            self.state.ctx.operator_login,
            DRAFT_FORM,
            payload,
            self.state.now(),
            group="draft",
        )

    def _delete_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self.state.run_service(
            drafts.delete_draft, self.state.ctx.operator_login, DRAFT_FORM, group="draft"
        )

    def _offer_draft(self) -> None:
        """D14: say that a draft waits; never a pop-up that would swallow the typed number."""

        def found(draft: drafts.DraftView | None) -> None:
            self._draft = draft
            notice = self.query_one("#call-draft", Static)
            notice.display = draft is not None
            if draft is not None:
                notice.update(
                    Text(
                        t(
                            "An unsaved ticket form is waiting (contract {number}, {time}): "
                            "Ctrl+D restores it.",
                            number=str(draft.payload.get("number", "?"))[:64],
                            time=hm(draft.updated_at),
                        ),
                        style="bold yellow",
                    )
                )

        self.state.run_service(
            drafts.load_draft, self.state.ctx.operator_login, DRAFT_FORM, on_done=found
        )

    async def action_restore_draft(self) -> None:
        if self._draft is None:
            self.notify(t("No draft to restore."))
            return
        if not self._need_call():
            return
        payload, self._draft = self._draft.payload, None
        self.query_one("#call-draft", Static).display = False
        await self._restore(payload)

    async def _restore(self, payload: dict) -> None:
        self.query_one("#call-number", Input).value = str(payload.get("number", ""))[:64]
        self.query_one("#call-surname", Input).value = str(payload.get("surname", ""))[:64]
        form = await self._open_form()
        form.load(payload.get("form") if isinstance(payload.get("form"), dict) else {})
        self._lookup()
