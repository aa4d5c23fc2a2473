"""F2: the incoming call (R1, R2, R4, R13-R16, D2-D6, D14).

F2 shows the screen; Ctrl+N or the first key typed into the contract number starts a call (the
timer runs, the recording notice shows, R16), logged once something is typed. As the dispatcher
types the contract number and the surname, the caller is verified (D3); the verdict line says
what may be done (R14, R4, D4); one key marks the call out of scope (D5); at 15:00 the console
offers a visit or a callback (R15, D6). The ticket form autosaves as a draft and is offered back
between calls (D14). The screen owns the call; its parts are objects it makes and keeps, each
given the screen as the `CallHost` declared in call_parts.py: the intake (call_intake.py), the
endings (call_outcome.py) and the callbacks made from F3 (call_callback.py). The keys of the
screen hand over to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from console.i18n import t
from console.rules import eligibility
from console.rules.calendar import ServiceMode
from console.rules.eligibility import Decision, Verdict
from console.screens.base import ConsoleScreen
from console.screens.call_callback import CallbackCall
from console.screens.call_intake import Intake
from console.screens.call_outcome import Endings
from console.state import CallSnapshot, ClockSnapshot, ConsoleState, SetupSnapshot, service
from console.timers import Later
from console.widgets.contract_card import ContractCardView, balance_staleness
from console.widgets.field import Field
from console.widgets.focus import focus_now
from console.widgets.tones import tone

if TYPE_CHECKING:
    from console.reference import Policy
    from console.services import calls
    from console.services.callbacks import CallbackItem
    from console.widgets.ticket_form import TicketForm

LOOKUP_DELAY = 0.25  # seconds after the last keystroke: verify while the dispatcher types
# Issue 12: a key's frame waits this long at most for the look-up the key started (~10 ms).
ONE_FRAME_WAIT = 0.05


class CallScreen(ConsoleScreen):
    """Lookup, verification, verdict, scripts, timer, intake form."""

    TITLE = "Call"
    AUTO_FOCUS = "#call-number"  # typing the contract number is how a call starts
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
            tooltip="Financial question, on credit, bank payment, other (R2)",
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
        Binding(
            "ctrl+l",
            "machine",
            "Machine",
            id="machine",
            priority=True,
            show=False,
            tooltip="Enter the answering machine's messages (D16)",
        ),
        Binding("escape", "close_form", "Close form", show=False,
                tooltip="Close the ticket form (asks whether to keep what was typed)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.call_id: int | None = None
        self.started_at: datetime | None = None
        self.card: calls.ContractCard | None = None
        self.verification: eligibility.Verification | None = None
        self.decision: Decision | None = None
        self.override = False
        self.override_request: int | None = None  # D4: asked the supervisors, no answer yet
        self.ticket_taken = False
        self.callback_booked = False
        self.prompted_15 = False  # R15: the 15-minute prompt was shown
        self._mode: ServiceMode | None = None  # R4: the mode the verdict was computed in
        self._after_logged: list[Callable[[], None]] = []
        self._log_holds: list[int] = []  # typeahead holds waiting for the call's id
        self.callback: CallbackItem | None = None  # the callback an outgoing call works off
        self.quit_after_call = False
        self.ending: int | None = None  # the call whose closing is being stored
        self._lookup_timer: Later | None = None  # the look-up after a pause in typing
        self._frame_wait: Later | None = None  # the held frame's deadline (ONE_FRAME_WAIT)
        self._lookup_seq = 0
        self._filling = False  # the console itself fills the fields (`filled_quietly`)
        self._shown_for: tuple[str, str] | None = None  # what the verification shown is for
        self._recorded_for: tuple[str, str] | None = None  # ... and was recorded on the call
        # The parts, each given this screen as their CallHost (call_parts.py).
        self.intake = Intake(self)
        self.outgoing = CallbackCall(self, self.intake)
        self.endings = Endings(self, self.intake, self.outgoing)

    # -- layout --
    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="call-scroll"):
            yield Static(id="setup-help", markup=False)
            yield Static(id="call-draft")
            yield Static(id="call-callback")
            with Horizontal(id="call-head"):
                yield Static(id="call-timer")
                yield Static(t(eligibility.SCRIPT_RECORDING), id="call-recording")
            with Horizontal(id="call-main"):
                with Vertical(id="call-left"):
                    yield Label(t("Contract number"))
                    yield Field(id="call-number", max_length=64, placeholder=t("e.g. 10000001"))
                    yield Label(t("Holder's surname"))
                    yield Field(
                        id="call-surname", max_length=64, placeholder=t("as the caller says it")
                    )
                    yield Static(id="call-verify")
                    yield Static(id="call-verdict")
                    yield Static(id="call-override")  # D4: a request waiting, the answer
                    yield Static(id="call-mode-line")  # R4: the mode changed during the call
                    yield Static(id="call-script")
                yield ContractCardView(id="call-card")
            yield Static(id="call-eta")

    def on_mount(self) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        state.subscribe("setup", self, self.show_setup)
        state.subscribe("clock", self, self._tick)
        state.subscribe("overrides", self, self.endings.show_override_answer)
        self.query_one("#call-draft").display = False
        for field in ("#call-number", "#call-surname"):
            # Issue 12: watched rather than answered on Input.Changed, which bubbles up through
            # four containers (a turn of the event loop each, and a frame drawn meanwhile)
            # before it reaches the screen: the look-up now starts as the key is typed.
            self.watch(self.query_one(field, Input), "value", self._typed, init=False)
        self._reset_view()
        # After the first frame: the look for a draft is the first read of the database, and
        # its worker would otherwise load the database layer while the screen is drawn.
        self.app.after_first_frame(self.intake.offer_draft)  # type: ignore[attr-defined]

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
    def state(self) -> ConsoleState:
        return self.app.state  # type: ignore[attr-defined, no-any-return]

    def start_call(self) -> None:
        """Ctrl+N: a call begins (its timer runs); it is logged once something is typed."""
        if self.started_at is not None:
            self.notify(t("A call is already running: end it first (Ctrl+E)."), severity="warning")
            return
        self._begin()
        self._reset_view()
        focus_now(self.query_one("#call-number", Input))

    def _begin(self) -> None:
        self.started_at = self.state.now()
        self.call_id = None
        self._after_logged = []
        self._release_log_holds()
        self.callback = None
        self.state.set_part("call", CallSnapshot(None, self.started_at))
        self.intake.show_draft_notice()  # another contract's draft waits for the call's end
        self._tick(self.state.get("clock"))

    def _log_call(self, then: Callable[[], None] | None = None, hold_keys: bool = False) -> None:
        """R16: log the running call (once); `then` runs when its id is known. `hold_keys`: the
        keys typed until then wait for `then` (they were typed for what it opens)."""
        if self.started_at is None:
            return
        if self.call_id is not None and self.call_id > 0:
            if then is not None:
                then()
            return
        if then is not None:
            self._after_logged.append(then)
            if hold_keys:
                self._log_holds.append(self.app.key_gate.hold())  # type: ignore[attr-defined]
        if self.call_id == -1:
            return  # being logged: `then` waits for the id
        self.call_id = -1
        started_at = self.started_at
        mode = self.state.ctx.calendar.service_mode(started_at)

        def started(call_id: int) -> None:
            if self.started_at != started_at:
                return  # that call was given up meanwhile
            self.call_id = call_id
            self.state.set_part("call", CallSnapshot(call_id, self.started_at))
            self._lookup()  # typed before the id arrived: record the verification on this call
            pending, self._after_logged = self._after_logged, []
            for action in pending:
                action()
            self._release_log_holds()

        def failed(error: Exception) -> None:
            if self.started_at != started_at:
                return
            self.call_id = None  # typed data stays; the next key or action tries again
            self._after_logged = []
            self._release_log_holds()
            self.notify(t("The call could not be logged: {error}. Try again.",
                          error=str(error).splitlines()[0] if str(error) else "?"),
                        severity="error", timeout=8)

        self.state.run_service(
            service("console.services.calls", "start_call"), self.state.ctx.operator_login,
            started_at, str(mode),
            on_done=started, on_error=failed, errors=(Exception,),
        )

    def _ended(self) -> None:
        """The call is over: the screen waits for the next one."""
        self.call_id = self.started_at = None
        self.callback = None
        self._after_logged = []
        self._release_log_holds()
        self.state.set_part("call", CallSnapshot())
        self._reset_view()
        self.intake.offer_draft()  # between calls: a draft left over may be taken up now
        self._tick(self.state.get("clock"))
        focus_now(self.query_one("#call-number", Input))
        if self.quit_after_call:  # Ctrl+Q asked to end the call first
            self.app.exit()

    def _reset_view(self) -> None:
        self._lookup_seq += 1  # answers for the previous call are dropped
        for selector in ("#call-number", "#call-surname"):
            self.query_one(selector, Input).value = ""
        self.card = self.verification = self.decision = None
        self.override = self.ticket_taken = self.callback_booked = self.prompted_15 = False
        self.override_request = None
        self.query_one("#call-override", Static).display = False
        self.query_one("#call-mode-line", Static).display = False
        self.query_one(ContractCardView).show(None)
        self.query_one("#call-verify", Static).update("")
        self.query_one("#call-eta", Static).update("")
        self.query_one("#call-callback", Static).display = self.callback is not None
        self.intake.drop_form()  # a new call starts with an empty form
        self._show_verdict()

    def _tick(self, clock: ClockSnapshot | None) -> None:
        if clock is not None:
            self._follow_mode(clock.mode)
        timer = self.query_one("#call-timer", Static)
        recording = self.query_one("#call-recording", Static)
        if self.started_at is None or clock is None:
            timer.update(t("No call. Ctrl+N or typing a contract number starts one."))
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
            self.endings.prompt_15()

    def _follow_mode(self, mode: ServiceMode) -> None:
        """R4/D2: at 18:00 (and 10:00) the verdict is recomputed, and the dispatcher told."""
        previous, self._mode = self._mode, mode
        if previous is None or previous is mode:
            return
        self._show_verdict()
        line = self.query_one("#call-mode-line", Static)
        if self.call_id is None:
            line.display = False
            return
        text = (t("Service hours are over: from now on intake only, no consultation (R4).")
                if mode is ServiceMode.INTAKE_ONLY
                else t("Service hours have begun: consultation is allowed now (R1)."))
        line.update(Text(text, style=tone(self, "warn", bold=True)))
        line.display = True

    @property
    def _policy(self) -> Policy:
        return self.state.ctx.reference.policy

    # -- verification --
    @contextmanager
    def filled_quietly(self) -> Iterator[None]:
        """Fields the console fills itself (a callback's known contract): no look-up. The
        fields are watched (`_typed` runs as the value is set), so `prevent(Input.Changed)`
        no longer keeps a look-up from starting."""
        self._filling = True
        try:
            yield
        finally:
            self._filling = False

    def _typed(self, value: str) -> None:
        """The contract number or the surname changed (typed, pasted or cleared).

        Called inside the field's own handling of the key: a failure here is reported like
        any handler's, and never reaches the field (its cursor would stay behind its text)."""
        if self._filling:
            return
        try:
            self._verify_typed(value)
        except Exception as error:
            if not self.app.report_unexpected(error, where="handler"):  # type: ignore
                raise

    def _verify_typed(self, value: str) -> None:
        if value.strip():
            if self.started_at is None:
                self._begin()  # the first key typed into the contract number starts a call
            self._log_call()
        if self._lookup_timer is not None:
            self._lookup_timer.stop()
        self._lookup_timer = Later(self, LOOKUP_DELAY, self._lookup)
        # Issue 12: a caller verified by the key just typed shows at once (the look-up
        # takes ~2 ms); a mismatch waits for the pause, so half-typed surnames do not
        # flash red, and the verification is recorded on the call only after the pause.
        self._lookup(record=False)

    def on_field_limit_reached(self, event: Field.LimitReached) -> None:
        event.stop()
        self.notify(t("No more than {n} characters: the rest was not taken", n=event.limit),
                    severity="warning")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "call-number":
            focus_now(self.query_one("#call-surname", Input))
        elif event.input.id == "call-surname":
            self._lookup()

    def verification_pending(self) -> bool:
        """What is typed has not been looked up yet (the lookup waits for a pause in typing)."""
        typed = (self.query_one("#call-number", Input).value,
                 self.query_one("#call-surname", Input).value)
        return all(v.strip() for v in typed) and typed != self._recorded_for

    def verify_now(self, then) -> None:
        """Look up what is typed at once, holding the keys typed after it, then `then()`: a key
        typed in the same burst as the surname (Ctrl+T) acts on the verified caller."""
        self._lookup(hold_keys=True, then=then)

    def _lookup(self, hold_keys: bool = False, then=None, record: bool = True) -> None:
        """Look up what is typed and show the answer; `record=False` looks without writing to
        the call and shows only a verified caller (the look-up after the pause does the rest)."""
        if record and self._lookup_timer is not None:
            # This look-up is the one the pause would make: the pause's is called off, also
            # when its timer has fired and waits for this screen's current message to end
            # (console/timers.py). Made after Ctrl+T's look-up, it made that answer stale and
            # Ctrl+T was refused "not verified" (issue 12, under load).
            self._lookup_timer.stop()
            self._lookup_timer = None
        number = self.query_one("#call-number", Input).value
        surname = self.query_one("#call-surname", Input).value
        if not number.strip() or not surname.strip():
            if record:
                self._show_lookup(None)
            return
        call_id = self.call_id if record and self.call_id and self.call_id > 0 else None
        # Lookups run in parallel workers and can finish out of order (a verifying one waits
        # for the write lock): only the newest, still matching what is typed, may show (D3).
        self._lookup_seq += 1
        seq, typed = self._lookup_seq, (number, surname)

        def done(result: calls.LookupResult) -> None:
            if not self.query("#call-number"):
                return  # the screen is gone (the console is closing) while the lookup waited
            now_typed = (self.query_one("#call-number", Input).value,
                         self.query_one("#call-surname", Input).value)
            if not record:
                shown = seq == self._lookup_seq and typed == now_typed
                if shown and result.verification.verified:
                    self._shown_for = typed
                    self._show_lookup(result)
                if seq == self._lookup_seq:
                    self._draw_held_frame()
                return
            current = seq == self._lookup_seq and call_id == self._current_call_id()
            if current and typed == now_typed:
                self._shown_for = self._recorded_for = typed
                self._show_lookup(result)
            if then is not None:
                then()

        self.state.run_service(
            service("console.services.calls", "lookup"),
            call_id,
            number,
            surname,
            operator=self.state.ctx.operator_login,
            now=self.state.now(),
            on_done=done,
            group="lookup",
            hold_keys=hold_keys,
        )
        if not record:
            self._hold_frame()

    def _hold_frame(self) -> None:
        """Issue 12: the key just typed and the caller it verifies are drawn in one frame.

        Drawn apart, the key's frame (a layout of the whole screen, as the field's text grew)
        took the UI thread while the look-up ran, and the answer then waited for the next
        frame slot: two layouts and ~30 ms between the answer and its frame. So the frame is
        held while the look-up runs, `ONE_FRAME_WAIT` at most: the key's echo comes with the
        answer, ~10 ms later than it would alone.
        """
        if self._frame_wait is not None:
            return  # already held (keys typed in a burst): the first deadline stands
        self.app._begin_batch()  # type: ignore[attr-defined]
        self._frame_wait = Later(self, ONE_FRAME_WAIT, self._draw_held_frame)

    def _draw_held_frame(self) -> None:
        wait, self._frame_wait = self._frame_wait, None
        if wait is None:
            return
        wait.stop()  # a deadline that fired meanwhile must not end the next hold early
        self.app._end_batch()  # type: ignore[attr-defined]
        self.check_idle()  # the screen draws what changed meanwhile, at once

    def on_unmount(self) -> None:
        self._draw_held_frame()

    def _current_call_id(self) -> int | None:
        return self.call_id if self.call_id and self.call_id > 0 else None

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
            self.override_request = None
            self.query_one("#call-override", Static).display = False
        if result is not None and result.override:
            self.override = True  # D4: approved for this call and contract, as on record
        verify = self.query_one("#call-verify", Static)
        if result is None:
            verify.update("")
        elif result.verification.verified:
            verify.update(Text("✓ " + t("Verified: number and surname match"),
                               style=tone(self, "ok")))
        elif not result.verification.number_matched:
            verify.update(
                Text("✗ " + t("No contract with this number: ask for it again"),
                     style=tone(self, "bad"))
            )
        else:
            verify.update(
                Text(
                    "✗ " + t("The surname does not match the contract holder: ask again"),
                    style=tone(self, "bad"),
                )
            )
        self.query_one(ContractCardView).show(
            self.card, self.state.now(), self._policy.balance_max_age_hours)
        form = self.intake.form()
        if self.card is not None and form is not None:
            form.prefill(self.card.holder, self.card.mobile_e164)
        self._show_verdict()
        self.intake.show_draft_notice()

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
        verdict_text = t(text)
        if self.decision.verdict is Verdict.REFUSED_BALANCE and not self.decision.override_used:
            # D4: the one way past the gate, named where the refusal is (it was only in F1).
            override = next((b for _node, b, *_ in self.active_bindings.values()
                             if b.id == "override"), None)  # the key in force (keys.toml)
            if override is not None:
                verdict_text += " · " + t("{key}: ask a supervisor for an exception (D4)",
                                          key=self.app.get_key_display(override))
        if verified and self.card is not None:
            # R14: a verdict on an old balance says so (the caller may have paid since).
            stale = balance_staleness(self.card.balance_as_of, self.state.now(),
                                      self._policy.balance_max_age_hours)
            if stale:
                verdict_text += " · " + t("the balance is {age}", age=stale)
        verdict.update(verdict_text)
        if set(verdict.classes) != {cls}:  # a change of class restyles the line
            verdict.set_classes(cls)
        script = self.decision.script_key
        if mode is ServiceMode.INTAKE_ONLY and self.decision.verdict is Verdict.NOT_VERIFIED:
            script = eligibility.SCRIPT_INTAKE_HOURS
        self.query_one("#call-script", Static).update(Text(t(script)) if script else "")

    # -- actions: the keys hand over to the parts --
    async def action_ticket(self, looked_up: bool = False) -> None:
        await self.intake.ticket(looked_up)

    def action_callback(self) -> None:
        self.intake.book_callback()

    def action_tick_r7(self) -> None:
        self.intake.tick_r7()

    def action_save_ticket(self) -> None:
        self.intake.save_ticket()

    def action_close_form(self) -> None:
        self.intake.close_form()

    async def action_restore_draft(self) -> None:
        await self.intake.restore_draft()

    def on_ticket_form_changed(self, _event: TicketForm.Changed) -> None:
        self.intake.form_changed()

    def action_out_of_scope(self) -> None:
        self.endings.out_of_scope()

    def action_override(self) -> None:
        self.endings.ask_override()

    def action_end_call(self) -> None:
        self.endings.end_call()

    def start_callback(self, ticket_id: int) -> None:
        """Open a callback from F3: an outgoing call to its contract (call_callback.py)."""
        self.outgoing.start(ticket_id)

    def action_machine(self) -> None:
        """D16: the answering machine's messages; no call is started or recorded for them."""
        from console.screens.machine import MachineIntakeDialog

        self.app.push_screen(MachineIntakeDialog())

    def _need_call(self, retry: Callable[[], None] | None = None) -> bool:
        """Whether the call is running and logged. Not logged yet: it is logged now, and
        `retry` (the key's action) runs once it has its id, the keys typed after it waiting
        for what it opens; without `retry` the dispatcher is asked to try again."""
        if self.started_at is None:
            self.notify(t("Start a call first: Ctrl+N or type the contract number."),
                        severity="warning")
            return False
        if self.call_id is None or self.call_id < 0:
            if retry is None:
                self._log_call()
                self.notify(t("The call is being logged: try again in a moment."))
            else:
                self._log_call(then=retry, hold_keys=True)
            return False
        return True

    def _release_log_holds(self) -> None:
        """The keys held for the call's id go on, after the actions already scheduled."""
        holds, self._log_holds = self._log_holds, []
        gate = getattr(self.app, "key_gate", None)
        if gate is not None:
            for token in holds:
                self.call_later(gate.release, token)
