"""The call screen's intake side: the ticket form, saving it, callbacks, drafts (R6, R7, R15, D14).

A part the call screen (console/screens/call.py) makes and keeps; the screen owns the call, the
verification and the verdict, and this part turns a verified call into a queued ticket or a
booked callback. It reaches the screen only through `CallHost` (call_parts.py).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Static

from console.i18n import t
from console.rules import eligibility
from console.screens.call_parts import CallHost
from console.state import service
from console.timers import Later
from console.widgets.fmt import hm, work_length
from console.widgets.tones import tone

MINUTE = timedelta(minutes=1)

if TYPE_CHECKING:
    from console.rules.told import Told
    from console.services import drafts
    from console.services.tickets import IntakeFields, Outcome
    from console.widgets.ticket_form import TicketForm

# The ticket form, the planner behind ticket services and the date parser are imported on first
# use: they are not needed to show the call screen, and the console starts faster without them.
DRAFT_FORM = "ticket"
DRAFT_DELAY = 1.0
DRAFT_MAX_WAIT = 2.0  # seconds: a dispatcher who keeps typing still has a draft this fresh
SAVE_RETRY = 3.0  # seconds between attempts to save while the database does not answer


def told_sentence(told: Told | None) -> str:
    """D15: the sentence to read out: arrival window and duration, or when it is handled."""
    from console.rules import told as told_rules

    if told is None:
        return ""
    if told.kind == told_rules.UNPLACED:
        return t(told_rules.SAY_UNPLACED)
    if told.kind == told_rules.VISIT:
        duration = work_length(told.duration_min or 0)
        if told.window_start == told.window_end:  # no room either side: one time, not "16-16"
            return t(told_rules.SAY_VISIT_AT, day=hm(told.window_start)[:5],
                     start=hm(told.window_start)[6:], duration=duration)
        return t(told_rules.SAY_VISIT, day=hm(told.window_start)[:5],
                 start=hm(told.window_start)[6:], end=hm(told.window_end)[6:],
                 duration=duration)
    key = told_rules.SAY_CALLBACK if told.callback else told_rules.SAY_NO_VISIT
    return t(key, due=hm(told.due))


class Intake:
    """Ticket form, callbacks and drafts of a call; the screen's keys for them call these."""

    def __init__(self, host: CallHost) -> None:
        self.host = host
        self._intake_key: str | None = None  # one ticket per form, however often saved
        self._saving = False  # a save is running: a second Ctrl+S waits for its answer
        self._pending_ticket: IntakeFields | None = None  # what the last save sent
        self.draft: drafts.DraftView | None = None  # a draft waiting to be restored (D14)
        # A stopped one never saves, also once fired (a saved ticket's draft is not revived).
        self._draft_timer: Later | None = None
        self._draft_dirty_since: float | None = None  # typed since the last draft write
        self._draft_busy = False
        # The write waiting for the running one (only the latest is kept).
        self._draft_next: tuple[Callable[..., object], tuple[Any, ...], dict[str, Any]] | None
        self._draft_next = None

    def form(self) -> TicketForm | None:
        """The ticket form, if it was ever opened (it is built on first use: a faster start)."""
        # A child of the scroll (see `open_form`): found by id there, not by a walk of the
        # whole screen (this runs on every look-up's answer).
        form = self._mounted_form()
        return form if form is not None and form.in_use else None

    def _mounted_form(self) -> TicketForm | None:
        forms = self.host.query_one("#call-scroll", VerticalScroll).query_children("#ticket-form")
        return forms.first() if forms else None  # type: ignore[return-value]

    def drop_form(self) -> None:
        """The form emptied and put away for the next ticket, as if it were gone: `form()`
        says None until it is opened again. It stays mounted (see `TicketForm.clear`); the
        focus leaves it as it leaves a removed widget."""
        form = self.form()
        if form is None:
            return
        screen = form.screen
        inside = list(form.walk_children(Widget, with_self=True))
        if screen.focused in inside:
            screen._reset_focus(screen.focused, inside)  # as `Widget.remove` does
        form.display = False
        form.in_use = False
        form.clear()

    async def open_form(self) -> TicketForm:
        form = self._mounted_form()
        if form is not None:
            form.in_use = True
        else:
            from console.widgets.ticket_form import TicketForm

            ctx = self.host.state.ctx
            form = TicketForm(ctx.reference, ctx.calendar, self.host.state.now, id="ticket-form")
            scroll = self.host.query_one("#call-scroll", VerticalScroll)
            await scroll.mount(form, before="#call-eta")
        if self._intake_key is None:
            # Made when the form opens and saved with the draft: however often this form is
            # saved (a second Ctrl+S, a restored draft), the service queues one ticket.
            self._intake_key = uuid.uuid4().hex
        if self.host.card is not None:
            form.prefill(self.host.card.holder, self.host.card.mobile_e164)
        form.display = True
        return form

    async def ticket(self, looked_up: bool = False) -> None:
        def again() -> None:  # once the call has its id (a coroutine: call_later awaits it)
            self.host.call_later(self.ticket, looked_up)

        if not self.host._need_call(again):
            return
        if not looked_up and self.host.verification_pending():  # Ctrl+T right after the surname
            self.host.verify_now(lambda: self.host.call_later(self.host.run_action, "ticket(True)"))
            return
        decision = self.host.decision
        if decision is None or not decision.may_take_intake or self.host.card is None:
            self.host.notify(
                t(decision.script_key)
                if decision and decision.script_key
                else t("The caller is not verified"),
                severity="warning",
            )
            return
        form = await self.open_form()
        form.focus_first()
        form.scroll_visible()

    def tick_r7(self) -> None:
        form = self.form()
        if form is not None and form.display:
            form.tick_next()

    def close_form(self) -> None:
        from console.screens.dialogs import ChoiceDialog

        form = self.form()
        if form is None or not form.display:
            return

        def answer(choice: str | None) -> None:
            if choice in ("discard", "keep"):
                form.display = False
                if choice == "discard":
                    self.drop_form()
                    self._delete_draft()
                    self._intake_key = None
                # After the dialog has handed focus back, so it is not taken again.
                self.host.call_after_refresh(self.host.query_one("#call-number", Input).focus)

        self.host.app.push_screen(
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

    def save_ticket(self) -> None:
        form = self.form()
        if (form is None or not form.display or not self.host._need_call(self.save_ticket)
                or self.host.card is None):
            return
        if self._saving:
            self.host.notify(t("The ticket is being saved: wait for the answer."),
                             severity="warning")
            return
        if self.host.decision is None or not self.host.decision.may_book_visit:
            self.host.notify(t(eligibility.SCRIPT_BALANCE), severity="warning")
            return
        data = form.submit()
        if data is not None:
            self._create(data)

    def _create(self, data: IntakeFields, channel: str = "phone",
                allow_duplicate: bool = False) -> None:
        from console.services import tickets

        card = self.host.card
        assert card is not None
        key = self._intake_key if channel == "phone" else None
        new = tickets.NewTicket(
            **asdict(data), contract_id=card.id, channel=channel, call_id=self.host.call_id,
            check_duplicate=channel == "phone" and not allow_duplicate,
            intake_key=key,
        )
        self._pending_ticket = data
        self._saving = True
        self.host.query_one("#call-eta", Static).update(
            Text(t("Saving the ticket…"), style=tone(self.host.app, "warn", bold=True)))
        self.host.state.run_service(
            tickets.create_and_tell,
            new,
            operator=self.host.state.ctx.operator_login,
            calendar=self.host.state.ctx.calendar,
            now=self.host.state.now(),
            policy=self.host.state.ctx.reference.policy,
            on_done=partial(self.created, channel=channel),
            on_error=partial(self._save_failed, channel=channel),
            errors=(Exception,),
            refresh=True,
        )

    def _save_failed(self, error: Exception, *, channel: str = "phone") -> None:
        """Refused: say why. The database failed (locked, gone, disk full): the form stays and
        the save is tried again by itself until it goes through; the intake key makes a
        repeated save one ticket, even if the first attempt did commit."""
        self._saving = False
        eta = self.host.query_one("#call-eta", Static)
        eta.update("")
        if isinstance(error, ValueError):
            self.refused(error)
            return
        problem = t(self.host.state.failure_text(error))
        if channel != "phone":
            self.host.notify(t("Not saved: {problem}. The form is kept: press Ctrl+S again.",
                          problem=problem), severity="error", timeout=10)
            return
        eta.update(Text(t("Not saved yet: {problem}. The form is kept; trying again in {n} s.",
                          problem=problem, n=int(SAVE_RETRY)),
                 style=tone(self.host.app, "warn", bold=True)))
        self.host.set_timer(SAVE_RETRY, self._retry_save)

    def _retry_save(self) -> None:
        form = self.form()
        if form is None or not form.display or self._intake_key is None:
            return  # closed, discarded or saved meanwhile
        if not self._saving:
            self.save_ticket()

    def created(self, outcome: Outcome, *, channel: str = "phone") -> None:
        self._saving = False
        if channel == "phone":
            self._intake_key = None  # the next form is another ticket
        if channel == "callback":
            self.host.callback_booked = True
        else:
            self.host.ticket_taken = True
            self._delete_draft()  # its ticket is saved: the draft must never be offered again
            self.drop_form()  # the next ticket in this call starts from an empty form
        eta = self.host.query_one("#call-eta", Static)
        eta.update(Text(t("Ticket №{id} is queued.", id=outcome.ticket_id) + " "
                        + told_sentence(outcome.told), style=tone(self.host.app, "ok", bold=True)))
        if outcome.replan.notified:
            # Not a pop-up in the middle of a call: the list waits in F3 (n) and the status bar.
            self.host.notify(
                t(
                    "Visits of {n} clients moved: notify them from F3 (n).",
                    n=len(outcome.replan.notified),
                ),
                severity="warning",
                timeout=10,
            )
        self.host._lookup()  # the card's open tickets now include this one

    def refused(self, error: Exception) -> None:
        from console.services.tickets import DuplicateOpen

        if isinstance(error, DuplicateOpen):
            self._ask_duplicate(error)
            return
        self.host.notify(t(str(error)), severity="warning")

    def _ask_duplicate(self, error) -> None:
        """Item 15: the contract has an open ticket of this type: add to it, or a second one."""
        from console.screens.dialogs import ChoiceDialog

        data = self._pending_ticket
        if data is None:
            return

        def chosen(choice: str | None) -> None:
            if choice == "add":
                self._add_to(error.ticket_id, data.description, data.desired_at)
            elif choice == "separate":
                self._create(data, allow_duplicate=True)

        self.host.app.push_screen(
            ChoiceDialog(
                t("Ticket №{id} of this type is already open (since {time}).",
                  id=error.ticket_id, time=hm(error.created_at)),
                [
                    ("add", t("Add what was said to №{id}", id=error.ticket_id)),
                    ("separate", t("Save a separate ticket")),
                    ("back", t("Back to the form")),
                ],
            ),
            chosen,
        )

    def _add_to(self, ticket_id: int, text: str, desired: datetime | None = None) -> None:
        from console.services import tickets

        def added(outcome) -> None:
            self.host.ticket_taken = True  # the caller's problem is in a ticket
            self._delete_draft()
            self.drop_form()
            lines = [t("Added to ticket №{id}.", id=ticket_id), told_sentence(outcome.told)]
            kept = outcome.desired_at
            if desired is not None and (kept is None or abs(kept - desired) >= MINUTE):
                # The time asked for now is not the ticket's: say so, never drop it silently.
                lines.append(t("The desired time {time} was not put in №{id}; its visit stays "
                               "as said. To change it, move the visit in F4.",
                               time=hm(desired), id=ticket_id))
            self.host.query_one("#call-eta", Static).update(
                Text(" ".join(line for line in lines if line),
                     style=tone(self.host.app, "ok", bold=True)))
            self.host._lookup()

        self.host.state.run_service(
            tickets.add_to_ticket, ticket_id, text, operator=self.host.state.ctx.operator_login,
            calendar=self.host.state.ctx.calendar, now=self.host.state.now(),
            call_id=self.host._current_call_id(), on_done=added,
            on_error=self.refused, refresh=True,
        )

    def callback_time_parser(self):
        """Read a callback time against the phone hours (R1): (time, None) or (None, why)."""
        from console.rules.when import CALL_WORDING, PhoneHours, format_when, parse_when

        hours = PhoneHours(self.host.state.ctx.calendar)  # R1: a callback is a call, 10:00-18:00

        def parse(text: str):
            when = parse_when(
                text, now=self.host.state.now(), calendar=hours, duration=timedelta(minutes=15)
            )
            if when.ok:
                return when.value, None
            hint = ", ".join(format_when(x, hours.tz) for x in when.suggestions)
            key = when.error_key or ""
            message = t(CALL_WORDING.get(key, key), **when.error_args)
            if hint:
                message = message.rstrip(".") + ". " + t("Nearest: {times}", times=hint)
            return None, message

        return parse

    def book_callback(self) -> None:
        """R15: book a callback: when, which of the contract's phones, what to discuss."""
        if not self.host._need_call(self.book_callback):
            return
        if self.host.card is None:
            self.host.notify(t("The caller is not verified"), severity="warning")
            return
        if self.host.decision is None or not self.host.decision.may_book_visit:
            # R14/D4: no callback for a refused balance; the service refuses it too.
            self.host.notify(t(eligibility.SCRIPT_BALANCE), severity="warning")
            return
        from console.screens.callback_dialog import CallbackAnswer, CallbackDialog

        card = self.host.card

        def got(answer: CallbackAnswer | None) -> None:
            if answer is None:
                return
            from console.services import callbacks

            new = callbacks.NewCallback(card.id, answer.due_at, answer.phone, answer.topic,
                                        call_id=self.host._current_call_id())
            self.host.state.run_service(
                callbacks.book_callback, new, operator=self.host.state.ctx.operator_login,
                calendar=self.host.state.ctx.calendar, now=self.host.state.now(),
                policy=self.host.state.ctx.reference.policy,
                on_done=partial(self.created, channel="callback"), on_error=self.refused,
                refresh=True,
            )

        self.host.app.push_screen(CallbackDialog(card.phones, self.callback_time_parser()), got)

    # -- drafts (D14) --
    def form_changed(self) -> None:
        """Autosave a second after typing pauses, and at least every DRAFT_MAX_WAIT seconds
        while it does not (restarting the timer alone would never save a non-stop typist)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        now = time.monotonic()
        since = self._draft_dirty_since
        if since is None:
            self._draft_dirty_since = since = now
        if now - since >= DRAFT_MAX_WAIT:
            self._save_draft()
            return
        self._draft_timer = Later(self.host, min(DRAFT_DELAY, DRAFT_MAX_WAIT - (now - since)),
                                  self._save_draft)

    def _save_draft(self) -> None:
        from console.services import drafts

        form = self.form()
        if form is None:
            return
        self._draft_dirty_since = None
        payload = {
            "form": form.payload(),
            "number": self.host.query_one("#call-number", Input).value,
            "surname": self.host.query_one("#call-surname", Input).value,
            "intake_key": self._intake_key,
        }
        self._draft_write(drafts.save_draft, self.host.state.ctx.operator_login, DRAFT_FORM,
                          payload, self.host.state.now(), console=self.host.state.ctx.console_id)

    def _delete_draft(self) -> None:
        """The form was saved or discarded: its draft goes (and no late autosave revives it)."""
        from console.services import drafts

        if self._draft_timer is not None:
            self._draft_timer.stop()
        self.draft = None
        self.host.query_one("#call-draft", Static).display = False
        self._draft_dirty_since = None
        self._draft_write(drafts.delete_draft, self.host.state.ctx.operator_login, DRAFT_FORM,
                          console=self.host.state.ctx.console_id)

    def _draft_write(self, fn, *args, **kwargs) -> None:
        """Draft writes run one after another, in the order asked: a save still running in a
        worker must not land after the delete that follows a saved ticket (a revived draft
        offered the same ticket again). Only the latest waiting write is kept."""
        if self._draft_busy:
            self._draft_next = (fn, args, kwargs)
            return
        self._draft_busy = True

        def next_write(_result=None) -> None:
            self._draft_busy = False
            waiting, self._draft_next = self._draft_next, None
            if waiting is not None:
                self._draft_write(waiting[0], *waiting[1], **waiting[2])

        from console.services import drafts

        # The deletion after a saved ticket waits until its change is shown (issue 12).
        state = self.host.state
        run = state.run_when_quiet if fn is drafts.delete_draft else state.run_service
        run(fn, *args, **kwargs, group="draft", on_done=next_write,
            on_error=lambda _e: next_write(), errors=(Exception,))

    def offer_draft(self) -> None:
        """D14: look whether a draft waits; say so (never a pop-up that would swallow keys)."""

        def found(draft: drafts.DraftView | None) -> None:
            self.draft = draft
            self.show_draft_notice()

        self.host.state.run_service(
            service("console.services.drafts", "load_draft"),
            self.host.state.ctx.operator_login, DRAFT_FORM, on_done=found,
            now=self.host.state.now(), own_console=self.host.state.ctx.console_id,
        )

    def _draft_is_for_this_call(self) -> bool:
        """The draft belongs to the contract verified in the running call."""
        from console.rules.normalize import contract_key

        number = str(self.draft.payload.get("number", "")) if self.draft else ""
        return bool(self.host.card is not None and number
                    and contract_key(number) == contract_key(self.host.card.number))

    def show_draft_notice(self) -> None:
        """Another contract's draft is offered only between calls (never into a verified one)."""
        draft = self.draft
        notice = self.host.query_one("#call-draft", Static)
        show = draft is not None and (self.host.started_at is None
                                      or self._draft_is_for_this_call())
        notice.display = show
        if show and draft is not None:
            notice.update(
                Text(
                    t(
                        "An unsaved ticket form is waiting (contract {number}, {time}): "
                        "Ctrl+D restores it.",
                        number=str(draft.payload.get("number", "?"))[:64],
                        time=hm(draft.updated_at),
                    ),
                    style=tone(self.host.app, "warn", bold=True),
                )
            )

    async def restore_draft(self) -> None:
        if self.draft is None:
            self.host.notify(t("No draft to restore."))
            return
        payload = self.draft.payload
        saved = payload.get("form")
        form_data: dict[str, Any] = saved if isinstance(saved, dict) else {}
        if self.host.started_at is not None:
            if not self._draft_is_for_this_call():
                self.host.notify(
                    t("The draft is for contract {number}: restore it after this call.",
                      number=str(payload.get("number", "?"))[:64]),
                    severity="warning",
                )
                return
            if self.host.decision is None or not self.host.decision.may_take_intake:
                return
            self._adopt_draft()
            form = await self.open_form()
            form.load(form_data)  # the verified caller stays as verified
            return
        # Between calls: the draft's caller rings again; a call starts with their contract
        # number. R13: this call's caller says the surname before anything of the contract, the
        # form included, is shown; once verified, Ctrl+D brings the form back.
        self.host._begin()
        self.host._reset_view()
        self.host.query_one("#call-number", Input).value = str(payload.get("number", ""))[:64]
        surname = self.host.query_one("#call-surname", Input)
        surname.value = ""
        surname.focus()
        self.host.notify(t("Ask the caller's surname (R13): once verified, Ctrl+D brings the "
                           "form back."))
        self.show_draft_notice()

    def _adopt_draft(self) -> None:
        """The restored draft is this console's now (offered once, deleted when saved here),
        and its form keeps the intake key it was opened with: saving it again after a crash
        between the commit and the draft's deletion returns the ticket already queued."""
        from console.services import drafts

        draft, self.draft = self.draft, None
        self.host.query_one("#call-draft", Static).display = False
        if draft is None:
            return
        ctx = self.host.state.ctx
        self._draft_write(drafts.adopt_draft, ctx.operator_login, DRAFT_FORM, draft.console,
                          ctx.console_id)
        key = draft.payload.get("intake_key")
        self._intake_key = key if isinstance(key, str) and key else None
