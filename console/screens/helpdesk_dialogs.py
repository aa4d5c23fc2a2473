"""F6 dialogs: write a reply (answer or referral), type a question in by hand, and take a ticket
from a question through F2's ticket form, prefilled with the contract and the question."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from console.i18n import t
from console.rules import claims as claim_rules
from console.rules import helpdesk as hd_rules
from console.screens.base import translate_bindings
from console.widgets.field import Field

_FRAME = """
{name} { align: center middle; }
{name} > VerticalScroll {
    width: 110; max-width: 98%; height: auto; max-height: 96%;
    border: thick $accent; background: $surface; padding: 0 1;
}
{name} .row { height: auto; }
{name} .field-label { width: 22; }
{name} Input { width: 1fr; height: 1; border: none; padding: 0 1; background: $boost; }
{name} Input:focus { background: $accent 35%; border: none; }
{name} TextArea { height: 8; }
{name} .error { color: $error; height: auto; }
{name} .dialog-title { text-style: bold; }
{name} .dialog-hint { color: $text-muted; }
{name} .question { color: $text-muted; height: auto; max-height: 8; }
"""


class ReplyDialog(ModalScreen[str | None]):
    """A reply to the client (an answer, or an R2 referral); Ctrl+S sends, Esc backs out."""

    DEFAULT_CSS = _FRAME.replace("{name}", "ReplyDialog")
    BINDINGS = [
        Binding("ctrl+s", "save", "Send", id="save", priority=True),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, title: str, question: str, value: str = "") -> None:
        super().__init__()
        translate_bindings(self)
        self._title, self._question, self._value = title, question, value

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self._title), classes="dialog-title")
            yield Static(Text(self._question), classes="question")
            yield TextArea(self._value, id="reply-text", soft_wrap=True)
            yield Label("", classes="error", id="reply-error")
            yield Static(t("Ctrl+S: send the reply · Esc: back"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            self.query_one("#reply-error", Label).update(t("Write the reply to the client"))
            return
        self.dismiss(text)

    def action_back(self) -> None:
        self.dismiss(None)


# The web cabinet's field -> the form's label for it (in messages about a typed question).
_FIELD_LABELS = {"contract": "Contract number", "subject": "Subject", "text": "Question"}
# The refusals that name the web cabinet's `received_at`: said of the form's field instead.
_FORM_MESSAGES = {
    hd_rules.ERR_FUTURE: "A question cannot be received in the future",
    hd_rules.ERR_PAST: "Received: give a date from 2000 on",
}


class QuestionForm(ModalScreen[tuple[str, str, str, datetime] | None]):
    """A question typed in by hand: contract, when it came, subject, text."""

    DEFAULT_CSS = _FRAME.replace("{name}", "QuestionForm")
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, now: datetime) -> None:
        super().__init__()
        translate_bindings(self)
        self.now = now

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(t("New HelpDesk question"), classes="dialog-title")
            for field_id, label, hint in (
                ("qf-contract", t("Contract number"), ""),
                ("qf-received", t("Received (date, time)"), t("empty: now; 24.11.2026 10:30")),
                ("qf-subject", t("Subject"), ""),
            ):
                with Horizontal(classes="row"):
                    yield Label(label, classes="field-label")
                    yield Field(id=field_id, placeholder=hint, max_length=300)
            yield Label(t("Question"))
            yield TextArea(id="qf-text", soft_wrap=True)
            yield Label("", classes="error", id="qf-error")
            yield Static(t("Ctrl+S: save · Esc: back"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#qf-contract", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def show_error(self, message: str) -> None:
        self.query_one("#qf-error", Label).update(Text(message))

    def action_save(self) -> None:
        """Checked here as the service will check it (R5), so a refusal is shown in the form
        with everything typed still in it, not after the form has closed."""
        now = self.app.state.now()  # type: ignore[attr-defined]
        received = claim_rules.parse_moment(self.query_one("#qf-received", Input).value, now)
        if received is None:
            self.show_error(t(claim_rules.ERR_MOMENT))
            return
        values = (self.query_one("#qf-contract", Input).value,
                  self.query_one("#qf-subject", Input).value,
                  self.query_one("#qf-text", TextArea).text, received)
        checked = hd_rules.check_record(
            {"id": "x", "contract": values[0], "subject": values[1], "text": values[2],
             "received_at": received.isoformat()}, now)
        if isinstance(checked, hd_rules.Refusal):
            said = dict(checked.values)
            if "field" in said:  # the form's own names, not the web cabinet's JSON fields
                said["field"] = t(_FIELD_LABELS.get(said["field"]) or str(said["field"]))
            self.show_error(t(_FORM_MESSAGES.get(checked.key, checked.key), **said))
            return
        self.dismiss(values)

    def action_back(self) -> None:
        self.dismiss(None)


class HelpDeskTicketScreen(ModalScreen):
    """F2's ticket form over a question: the contract's holder and phone, the question as
    what is wrong. Ctrl+S dismisses with the form's checked fields; Esc backs out."""

    DEFAULT_CSS = _FRAME.replace("{name}", "HelpDeskTicketScreen")
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("ctrl+r", "tick_r7", "R7 read out", id="tick_r7", priority=True),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, title: str, holder: str, phone: str, description: str) -> None:
        super().__init__()
        translate_bindings(self)
        self._title = title
        self._prefill = (holder, phone, description)

    def compose(self) -> ComposeResult:
        from console.widgets.ticket_form import TicketForm

        ctx = self.app.state.ctx  # type: ignore[attr-defined]
        with VerticalScroll():
            yield Static(Text(self._title), classes="dialog-title")
            yield TicketForm(ctx.reference, ctx.calendar, self.app.state.now,  # type: ignore
                             id="hd-ticket-form", live_caller=False)  # a written question

    def on_mount(self) -> None:
        from console.widgets.ticket_form import TicketForm

        form = self.query_one(TicketForm)
        holder, phone, description = self._prefill
        form.prefill(holder, phone)
        form.load({**form.payload(), "tf-description": description})
        form.focus_first()

    def action_tick_r7(self) -> None:
        from console.widgets.ticket_form import TicketForm

        self.query_one(TicketForm).tick_next()

    def action_save(self) -> None:
        from console.widgets.ticket_form import TicketForm

        data = self.query_one(TicketForm).submit()
        if data is not None:
            self.dismiss(data)

    def action_back(self) -> None:
        self.dismiss(None)
