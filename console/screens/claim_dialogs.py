"""F5 dialogs: one claim with its history (D14), and the director's answer (R18)."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

from console.i18n import t
from console.rules import claims as rules
from console.screens.base import translate_bindings
from console.screens.claim_form import CHANNEL_LABELS, REPLY_LABELS, missing_text
from console.services.claims_view import ClaimDetail
from console.widgets.field import Field

STATUS_LABELS: dict[str, str] = {
    rules.REGISTERED: "registered", rules.INCOMPLETE: "incomplete",
    rules.DIRECTOR: "with the director", rules.ANSWERED: "answered",
    rules.REJECTED: "rejected",
}
ACTION_LABELS = {
    "claim_registered": "registered", "claim_signed": "signature recorded",
    "claim_to_director": "handed to the director", "claim_answered": "answered",
    "claim_rejected": "rejected", "claim_letter": "reply letter written",
    "claim_completed": "corrected", "claim_deleted": "deleted",
}
# The R17 fields a correction names (claim_completed's "changed").
CHANGED_LABELS = {
    "channel": "channel", "holder_full_name": "holder", "contract_number": "contract",
    "contact_phone": "phone", "description": "what happened", "incident_from": "incident",
    "incident_to": "incident", "specialist_name": "specialist", "reply_channel": "reply by",
    "signed": "signature", "holder_address": "address",
}


def day(value: date | datetime | None, tz=None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(tz) if tz else value
        return value.strftime("%d.%m.%Y %H:%M")
    return value.strftime("%d.%m.%Y")


def detail_text(c: ClaimDetail, tz) -> Text:
    """The claim as label: value lines, then its history; client text is never markup."""
    text = Text()

    def line(label: str, value: str) -> None:
        text.append(f"{label}: ", style="bold")
        text.append(f"{value or '—'}\n")

    period = day(c.incident_from) + (f" — {day(c.incident_to)}" if c.incident_to else "")
    line(t("Status"), t(STATUS_LABELS.get(c.status, c.status)))
    if c.missing:
        line(t("Missing (R17)"), missing_text(c.missing))
    line(t("Came by"), t(CHANNEL_LABELS.get(c.channel, c.channel)))
    line(t("Received"), day(c.received_at, tz))
    line(t("Due date"), day(c.due_at, tz))
    line(t("Holder"), c.holder_full_name)
    contract = c.contract_number
    if contract and not c.contract_found:
        contract += " (" + t("no such contract") + ")"
    line(t("Contract"), contract)
    line(t("Address"), c.holder_address)
    line(t("Contact phone"), c.contact_phone)
    line(t("Incident"), period)
    line(t("Company specialist"), c.specialist_name)
    line(t("Reply by"), t(REPLY_LABELS[c.reply_channel]) if c.reply_channel else "")
    line(t("Signed"), t("yes") if c.signed else t("no"))
    line(t("What happened"), c.description)
    if c.status == rules.ANSWERED:
        line(t("Answered"), day(c.replied_at, tz))
        line(t("Sent by"), t(REPLY_LABELS.get(c.reply_channel_used or "", "—")))
        line(t("Letter number"), c.reply_letter_no or "")
        line(t("Reply"), c.reply or "")
    if c.status == rules.REJECTED:
        line(t("Rejected"), day(c.replied_at, tz))
        line(t("Reason"), c.reject_reason or "")
    text.append("\n" + t("History") + "\n", style="bold")
    for h in c.history:
        text.append(f"{day(h.at, tz)}  {h.operator}  {t(ACTION_LABELS.get(h.action, h.action))}")
        extra = h.details.get("reason") or h.details.get("letter_no") or ""
        changed = h.details.get("changed")
        if isinstance(changed, dict) and changed:
            extra = ", ".join(dict.fromkeys(t(CHANGED_LABELS.get(name) or str(name))
                                            for name in changed))
        text.append(f"  {extra}\n" if extra else "\n")
    return text


class ClaimDialog(ModalScreen[None]):
    """One claim, scrollable; Esc or Enter closes."""

    DEFAULT_CSS = """
    ClaimDialog { align: center middle; }
    ClaimDialog > VerticalScroll {
        width: 110; max-width: 98%; height: auto; max-height: 94%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    ClaimDialog .dialog-title { text-style: bold; }
    ClaimDialog .dialog-hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape,enter", "close", "Close", id="close")]

    def __init__(self, detail: ClaimDetail, tz) -> None:
        super().__init__()
        translate_bindings(self)
        self.detail, self.tz = detail, tz

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(t("Claim {number}", number=self.detail.number)),
                         classes="dialog-title")
            yield Static(detail_text(self.detail, self.tz), id="claim-detail")
            yield Static(t("Esc: close"), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)


class AnswerDialog(ModalScreen[tuple[date, str, str, str] | None]):
    """The director's answer: date, channel used, reply text or outgoing letter number."""

    DEFAULT_CSS = """
    AnswerDialog { align: center middle; }
    AnswerDialog > VerticalScroll {
        width: 100; max-width: 98%; height: auto; max-height: 94%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    AnswerDialog .row { height: auto; }
    AnswerDialog .field-label { width: 22; }
    AnswerDialog Input { width: 1fr; height: 1; border: none; padding: 0 1; background: $boost; }
    AnswerDialog Input:focus { background: $accent 35%; border: none; }
    AnswerDialog Select { width: 1fr; }
    AnswerDialog TextArea { height: 6; }
    AnswerDialog .error { color: $error; height: auto; }
    AnswerDialog .dialog-title { text-style: bold; }
    AnswerDialog .dialog-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, number: str, preferred: str, received: date, today: date) -> None:
        super().__init__()
        translate_bindings(self)
        self.number, self.preferred = number, preferred or "letter"
        self.received, self.today = received, today

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(t("Answer to claim {number}", number=self.number)),
                         classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label(t("Reply date"), classes="field-label")
                yield Field(value=day(self.today), id="ad-date", max_length=20)
            with Horizontal(classes="row"):
                yield Label(t("Sent by"), classes="field-label")
                yield Select([(t(v), k) for k, v in REPLY_LABELS.items()], id="ad-channel",
                             value=self.preferred, allow_blank=False)
            with Horizontal(classes="row"):
                yield Label(t("Letter number"), classes="field-label")
                yield Field(id="ad-letter", max_length=64, placeholder=t("e.g. 123/П"))
            yield Label(t("Reply text"))
            yield TextArea(id="ad-text", soft_wrap=True)
            yield Label("", classes="error", id="ad-error")
            yield Static(t("Ctrl+S: save the answer · Esc: back"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#ad-date", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        replied = rules.parse_day(self.query_one("#ad-date", Input).value, self.today)
        error = rules.ERR_DATE if replied is None else None
        channel = str(self.query_one("#ad-channel", Select).value)
        text = self.query_one("#ad-text", TextArea).text
        letter = self.query_one("#ad-letter", Input).value
        if replied is not None:
            error = rules.check_reply(replied, self.received, self.today, channel, text, letter)
        if error or replied is None:
            self.query_one("#ad-error", Label).update(t(error or rules.ERR_DATE))
            return
        self.dismiss((replied, channel, text, letter))

    def action_back(self) -> None:
        self.dismiss(None)
