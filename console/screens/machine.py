"""F2's answering-machine mode (Ctrl+L): enter the messages left outside service hours (R4, D16).

One message after another: when it was left, the contract number and surname as heard, the
phone, the task type, the problem and the desired time. Ctrl+S enters it (a ticket of the
`answering_machine` channel with a confirmation call on the notify list, or, when it does not
verify, kept with its phone for a callback); the form clears for the next one. The number of
messages on the machine, typed once, lets the status bar count down. No call is recorded.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from console.i18n import pick, t
from console.rules.normalize import format_phone
from console.screens.dialogs import ChoiceDialog, _Dialog
from console.services import machine
from console.widgets.field import Field
from console.widgets.fmt import eta_window, hm
from console.widgets.tones import Tone, tone

FIELDS = (
    ("mi-left", "Left at", "07:40 or 30.11 22:15"),
    ("mi-number", "Contract number", "as heard"),
    ("mi-surname", "Holder's surname", "as heard"),
    ("mi-phone", "Phone", "+7 903 969-14-45"),
    ("mi-problem", "What is wrong", "as the message says"),
    ("mi-desired", "Desired date and time", "25.11 14:30, tomorrow 11"),
)


class MachineIntakeDialog(_Dialog):
    """D16: messages from the answering machine, entered one after another."""

    DEFAULT_CSS = """
    MachineIntakeDialog > VerticalScroll {
        width: 100; max-width: 95%; height: auto; max-height: 95%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    MachineIntakeDialog .row { height: auto; }
    MachineIntakeDialog .field-label { width: 24; }
    MachineIntakeDialog Input { width: 1fr; }
    MachineIntakeDialog #mi-type { height: auto; max-height: 8; }
    MachineIntakeDialog #mi-result { height: auto; }
    MachineIntakeDialog #mi-kept { height: auto; max-height: 6; }
    """
    BINDINGS = [
        Binding("ctrl+s", "enter_message", "Enter the message", id="enter_message",
                priority=True),
        Binding("ctrl+o", "called_back", "Called back", id="called_back", priority=True),
    ]

    def compose(self) -> ComposeResult:
        types = self.app.state.ctx.reference.task_types  # type: ignore[attr-defined]
        with VerticalScroll():
            yield Static(t("Answering machine: enter the messages (D16)"),
                         classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label(t("Messages on the machine"), classes="field-label")
                yield Field(id="mi-held", max_length=3, placeholder=t("how many; Enter"))
            for field_id, label, placeholder in FIELDS:
                with Horizontal(classes="row"):
                    yield Label(t(label), classes="field-label")
                    yield Field(id=field_id, max_length=200, placeholder=t(placeholder))
            yield Label(t("Task type"))
            yield OptionList(*(Option(Text(pick(tt.name_ru, tt.name_en)), id=tt.code)
                               for tt in types), id="mi-type")
            yield Static(id="mi-result")
            yield Static(id="mi-unidentified")  # kept messages: the phones to call back
            yield OptionList(id="mi-kept")
            yield Static(t("Ctrl+S: enter the message · Esc: close"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#mi-left", Input).focus()
        self._load_unidentified()

    def _load_unidentified(self) -> None:
        def show(kept: list[machine.Unidentified]) -> None:
            title = self.query_one("#mi-unidentified", Static)
            box = self.query_one("#mi-kept", OptionList)
            title.display = box.display = bool(kept)
            title.update(Text(t("Kept for a callback (not identified), Ctrl+O: called back:"),
                              style="bold"))
            box.clear_options()
            box.add_options([Option(Text(f"{hm(m.left_at)}  {format_phone(m.phone)}  "
                                         f"{m.number_heard} {m.surname_heard}: {m.problem}"),
                                    id=str(m.id)) for m in kept])

        self.app.state.run_service(machine.unidentified, on_done=show)  # type: ignore

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def _say(self, text: str, name: Tone = "bad") -> None:
        """The result line: refusals in the theme's error colour, what was done in its
        success colour."""
        self.query_one("#mi-result", Static).update(
            Text(text, style=tone(self, name, bold=name == "bad")))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "mi-held":
            self._note_tally(event.value)
            return
        self.focus_next()

    def _note_tally(self, text: str) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        try:
            held = int(text.strip())
        except ValueError:
            self._say(t(machine.MSG_HELD))
            return
        state.run_service(machine.note_tally, held, operator=state.ctx.operator_login,
                          now=state.now(), on_done=lambda _: self._say(
                              t("Noted: {n} messages on the machine.", n=held), "ok"),
                          on_error=lambda e: self._say(t(str(e))), refresh=True)
        self.query_one("#mi-left", Input).focus()

    def action_called_back(self) -> None:
        """The highlighted kept message's caller was called back (D16)."""
        box = self.query_one("#mi-kept", OptionList)
        if not box.display or box.highlighted is None or box.option_count == 0:
            return
        message_id = int(box.get_option_at_index(box.highlighted).id or 0)
        state = self.app.state  # type: ignore[attr-defined]
        state.run_service(machine.called_back, message_id, operator=state.ctx.operator_login,
                          now=state.now(), on_done=lambda _: self._load_unidentified(),
                          on_error=lambda e: self._say(t(str(e))))

    def _entry(self) -> machine.MachineEntry | None:
        from console.rules.when import parse_when

        state = self.app.state  # type: ignore[attr-defined]
        now = state.now()
        left_at = machine.parse_left_at(self._value("#mi-left"), now)
        if left_at is None:
            self._say(t(machine.MSG_LEFT_AT))
            return None
        box = self.query_one("#mi-type", OptionList)
        if box.highlighted is None:
            self._say(t("Choose the task type"))
            return None
        code = str(box.get_option_at_index(box.highlighted).id)
        task = state.ctx.reference.task_type(code)
        desired = None
        if self._value("#mi-desired").strip() or task.needs_visit:
            when = parse_when(self._value("#mi-desired"), now=now, calendar=state.ctx.calendar,
                              duration=timedelta(minutes=task.duration_min))
            if not when.ok:
                self._say(t(when.error_key or "", **when.error_args))
                return None
            desired = when.value
        return machine.MachineEntry(
            left_at=left_at, number=self._value("#mi-number"),
            surname=self._value("#mi-surname"), phone=self._value("#mi-phone"),
            task_type=code, problem=self._value("#mi-problem"), desired_at=desired)

    def action_enter_message(self, keep_unidentified: bool = False) -> None:
        entry = self._entry()
        if entry is None:
            return
        state = self.app.state  # type: ignore[attr-defined]

        def done(result: machine.Entered) -> None:
            if result.ticket_id is None:
                self._say(t("The message is kept with its phone for a callback."), "ok")
            else:
                self._say(t("Ticket №{id} is queued ({eta}); a confirmation call waits on the "
                            "notify list.", id=result.ticket_id,
                            eta=eta_window(result.eta_start) or t("no slot")), "ok")
            for field_id, _label, _placeholder in FIELDS:
                self.query_one(f"#{field_id}", Input).value = ""
            self.query_one("#mi-left", Input).focus()
            self._load_unidentified()

        def refused(error: Exception) -> None:
            if isinstance(error, machine.NotIdentified):
                self.app.push_screen(
                    ChoiceDialog(t(str(error)), [
                        ("keep", t("Keep it for a callback")),
                        ("back", t("Back to the message")),
                    ]),
                    lambda choice: self.action_enter_message(True) if choice == "keep" else None,
                )
                return
            self._say(t(str(error)))

        state.run_service(machine.enter_message, entry, operator=state.ctx.operator_login,
                          calendar=state.ctx.calendar, now=state.now(),
                          policy=state.ctx.reference.policy,
                          keep_unidentified=keep_unidentified, on_done=done, on_error=refused,
                          refresh=True)
