"""The claim registration form (R17, D12): every field of the regulation, one keyboard pass.

Nothing is required: a claim missing fields is registered as incomplete (D12), and the form
shows what is missing as it is typed. Bad input (a date that is no date, a period ending
before it starts, an e-mail claim marked signed) is refused beside the field, by the same
rules the service checks again. Ctrl+S registers. What is typed autosaves as a draft (D14):
Esc closes and keeps it, the next `n` brings it back, Ctrl+D discards it.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from console.i18n import t
from console.rules import claims as rules
from console.screens.base import translate_bindings
from console.screens.draft_keeper import DraftKeeper
from console.services import drafts
from console.services.claims import Registered, complete_claim, register_claim
from console.services.claims_view import ClaimDetail
from console.widgets.field import Field

CHANNEL_LABELS = {"letter": "Post", "fax": "Fax", "in_person": "In person",
                  "email": "E-mail (scanned letter)"}
REPLY_LABELS = {"letter": "Official letter", "fax": "Fax", "email": "E-mail",
                "phone": "Phone call"}
DRAFT_FORM = "claim"
MISSING_LABELS = {
    "holder": "holder's full name", "contract": "contract number", "phone": "contact phone",
    "description": "what happened", "incident_date": "incident date or period",
    "specialist": "company specialist", "reply_channel": "reply channel",
    "signature": "holder's signature",
}


def missing_text(missing) -> str:
    return ", ".join(t(MISSING_LABELS[m]) for m in missing if m in MISSING_LABELS)


class ClaimForm(ModalScreen[Registered | None]):
    """Registers through the service and dismisses with what it gave; a refusal stays here,
    beside what was typed."""

    OWN_DRAFT = True  # its draft is kept by the form itself (console.screens.dialog_drafts)

    DEFAULT_CSS = """
    ClaimForm { align: center middle; }
    ClaimForm > VerticalScroll {
        width: 110; max-width: 98%; height: auto; max-height: 96%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    ClaimForm .row { height: auto; }
    ClaimForm .field-label { width: 26; }
    ClaimForm Input { width: 1fr; height: 1; border: none; padding: 0 1; background: $boost; }
    ClaimForm Input:focus { background: $accent 35%; border: none; }
    ClaimForm Select { width: 1fr; }
    ClaimForm TextArea { height: 5; }
    ClaimForm Checkbox { border: none; height: 1; padding: 0 1; }
    /* Textual's focused toggle draws a tall border, which a one-line box shows as empty. */
    ClaimForm Checkbox:focus { border: none; background: $accent 35%; }
    ClaimForm .error { color: $error; height: auto; }
    ClaimForm #cf-missing { color: $warning; height: auto; }
    ClaimForm .dialog-title { text-style: bold; }
    ClaimForm .dialog-hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Register", id="save", priority=True),
        Binding("ctrl+d", "discard", "Discard draft", id="discard", priority=True),
        Binding("escape", "back", "Back", id="back"),
    ]

    draft_form = DRAFT_FORM  # the draft's name (D14): one per operator and form
    missing_note = "Missing (R17): {fields}. It will be registered as incomplete (D12)."

    def __init__(self, now: datetime) -> None:
        super().__init__()
        translate_bindings(self)
        self.now = now  # for dates typed without a year
        self._loading = False
        self._drafts = DraftKeeper(self, self.draft_form, self.payload)

    def heading(self) -> str:
        return t("New claim (R17)")

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.heading(), classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label(t("Came by"), classes="field-label")
                yield Select([(t(v), k) for k, v in CHANNEL_LABELS.items()], value="letter",
                             allow_blank=False, id="cf-channel")
            yield from self._input("cf-received", t("Received (date, time)"),
                                   t("empty: now; 24.11.2026 10:30"))
            yield from self._input("cf-holder", t("Holder's full name"), "")
            yield from self._input("cf-contract", t("Contract number"), "")
            yield from self._input("cf-address", t("Address for the reply"),
                                   t("empty: the contract's address"))
            yield from self._input("cf-phone", t("Contact phone"), "+7 903 123-45-67")
            yield Label(t("What happened, with any detail"))
            yield TextArea(id="cf-description", soft_wrap=True)
            yield from self._input("cf-from", t("Incident date (from)"), "24.11.2026")
            yield from self._input("cf-to", t("Incident until (a period)"),
                                   t("empty: one day"))
            yield from self._input("cf-specialist", t("Company specialist"), "")
            with Horizontal(classes="row"):
                yield Label(t("Reply by"), classes="field-label")
                yield Select([(t(v), k) for k, v in REPLY_LABELS.items()], id="cf-reply",
                             prompt=t("not stated"))
            yield Checkbox(t("Signed by the holder"), id="cf-signed")
            yield Static(id="cf-missing")
            yield Label("", classes="error", id="cf-error")
            yield Static(id="cf-draft", classes="dialog-hint")
            yield Static(self.hint(), classes="dialog-hint")

    def hint(self) -> str:
        return t("Ctrl+S: register · Esc: close, the draft is kept · Ctrl+D: discard the draft")

    def _input(self, field_id: str, label: str, placeholder: str) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(label, classes="field-label")
            yield Field(id=field_id, placeholder=placeholder, max_length=300)

    def on_mount(self) -> None:
        self._update_missing()
        self.query_one("#cf-channel", Select).focus()
        self._drafts.offer(self._restore)

    # -- drafts (D14) --
    def payload(self) -> dict:
        values: dict = {box.id: box.value for box in self.query(Input)}
        values["cf-description"] = self.query_one("#cf-description", TextArea).text
        values["cf-signed"] = self.query_one("#cf-signed", Checkbox).value
        for select in self.query(Select):
            values[select.id] = select.value if isinstance(select.value, str) else ""
        return values

    def _restore(self, draft: drafts.DraftView | None) -> None:
        if draft is None or not any(v for v in draft.payload.values() if v not in ("letter",)):
            return
        self._fill(draft.payload)
        tz = self.app.state.ctx.tz  # type: ignore[attr-defined]
        self.query_one("#cf-draft", Static).update(
            t("Draft of {time} restored", time=draft.updated_at.astimezone(tz).strftime(
                "%d.%m %H:%M")))

    def _fill(self, payload: dict) -> None:
        """Put `payload` (as `payload()` makes it) into the fields, without a new draft."""
        self._loading = True
        try:
            widgets = {w.id: w for w in self.query("Input, TextArea, Checkbox, Select") if w.id}
            for key, value in payload.items():
                widget = widgets.get(key)
                if isinstance(widget, TextArea) and isinstance(value, str):
                    widget.text = value
                elif isinstance(widget, Checkbox):
                    widget.value = value is True
                elif isinstance(widget, Input | Select) and isinstance(value, str) and (
                        value or isinstance(widget, Input)):
                    widget.value = value
        finally:
            self.call_after_refresh(self._loaded)

    def _loaded(self) -> None:
        self._loading = False
        self._update_missing()

    def _changed(self) -> None:
        self._update_missing()
        if self._loading:
            return
        self._drafts.changed()

    def _drop_draft(self) -> None:
        self._drafts.drop()

    def _value(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def _fields(self) -> rules.ClaimFields:
        today = self.now.date()
        start = rules.parse_day(self._value("#cf-from"), today)
        end = rules.parse_day(self._value("#cf-to"), today)
        channel = self.query_one("#cf-channel", Select).value
        reply = self.query_one("#cf-reply", Select).value
        return rules.ClaimFields(
            channel=str(channel),
            holder_full_name=self._value("#cf-holder"),
            contract_number=self._value("#cf-contract"),
            contact_phone=self._value("#cf-phone"),
            description=self.query_one("#cf-description", TextArea).text,
            incident_from=start, incident_to=end,
            specialist_name=self._value("#cf-specialist"),
            reply_channel=reply if isinstance(reply, str) else "",
            signed=self.query_one("#cf-signed", Checkbox).value,
            holder_address=self._value("#cf-address"),
        )

    def _update_missing(self) -> None:
        missing = rules.missing_fields(self._fields())
        text = (t(self.missing_note, fields=missing_text(missing)) if missing
                else t("All R17 fields are given."))
        self.query_one("#cf-missing", Static).update(Text(text))

    def on_input_changed(self, _event) -> None:
        self._changed()

    def on_text_area_changed(self, _event) -> None:
        self._changed()

    def on_checkbox_changed(self, _event) -> None:
        self._changed()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "cf-channel":
            signed = self.query_one("#cf-signed", Checkbox)
            # R17: a scanned letter by e-mail carries no handwritten signature.
            if event.value == "email":
                signed.value = False
            signed.disabled = event.value == "email"
        self._changed()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def show_error(self, message: str) -> None:
        self.query_one("#cf-error", Label).update(Text(message))

    def action_save(self) -> None:
        now = self.app.state.now()  # type: ignore[attr-defined]
        received = rules.parse_moment(self._value("#cf-received"), now)
        if received is None:
            self.show_error(t(rules.ERR_MOMENT))
            return
        today = now.date()
        for selector in ("#cf-from", "#cf-to"):
            text = self._value(selector).strip()
            if text and rules.parse_day(text, today) is None:
                self.show_error(t(rules.ERR_DATE))
                self.query_one(selector, Input).focus()
                return
        fields = self._fields()
        if received > now:
            self.show_error(t(rules.ERR_RECEIVED_FUTURE))
            return
        error = rules.check_fields(fields, received.date())
        if error:
            self.show_error(t(error))
            return
        self.submit(fields, received, now)

    def submit(self, fields: rules.ClaimFields, received: datetime, now: datetime) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        state.run_service(
            register_claim, fields, received, operator=state.ctx.operator_login,
            calendar=state.ctx.calendar, now=now,
            working_days=state.ctx.reference.policy.claim_working_days,
            on_done=self._registered, on_error=lambda e: self.show_error(t(str(e))),
            refresh=True,
        )

    def _registered(self, out: Registered) -> None:
        self._drop_draft()
        self.dismiss(out)

    def action_discard(self) -> None:
        self._drafts.drop(final=False)
        self._fill(self.blank())
        self.query_one("#cf-draft", Static).update(t("Draft discarded"))

    def blank(self) -> dict:
        """What the fields hold before anything is typed."""
        return {**{box.id: "" for box in self.query(Input)}, "cf-description": "",
                "cf-signed": False}

    def action_back(self) -> None:
        self._drafts.flush()  # typed just now: written before closing
        self.dismiss(None)


class ClaimCompletionForm(ClaimForm):
    """`e` in F5: the same form on a registered claim, to complete what the paper lacked
    (D12) or correct what was mistyped. The number, the date received and the deadline stay;
    the service audits every changed field."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="save", priority=True),
        Binding("ctrl+d", "discard", "Discard changes", id="discard", priority=True),
        Binding("escape", "back", "Back", id="back"),
    ]

    missing_note = "Missing (R17): {fields}. It stays incomplete (D12)."

    def __init__(self, now: datetime, claim: ClaimDetail, tz) -> None:
        self.claim = claim
        self.tz = tz
        self.draft_form = f"{DRAFT_FORM}-{claim.id}"
        super().__init__(now)

    def heading(self) -> str:
        return t("Claim {number}: complete or correct (R17)", number=self.claim.number)

    def hint(self) -> str:
        return t("Ctrl+S: save · Esc: close, the draft is kept · Ctrl+D: back to what is stored")

    def on_mount(self) -> None:
        # Runs before ClaimForm.on_mount (Textual calls each class's handler, subclass first),
        # so the stored claim is there first and a draft of it (if any) goes over it.
        self._fill(self.blank())
        self.query_one("#cf-received", Input).disabled = True  # the deadline runs from it

    def blank(self) -> dict:
        c = self.claim
        day = "%d.%m.%Y"
        return {
            "cf-channel": c.channel, "cf-received": c.received_at.astimezone(self.tz).strftime(
                "%d.%m.%Y %H:%M"),
            "cf-holder": c.holder_full_name, "cf-contract": c.contract_number,
            "cf-address": c.holder_address, "cf-phone": c.contact_phone,
            "cf-description": c.description,
            "cf-from": c.incident_from.strftime(day) if c.incident_from else "",
            "cf-to": c.incident_to.strftime(day) if c.incident_to else "",
            "cf-specialist": c.specialist_name, "cf-reply": c.reply_channel,
            "cf-signed": c.signed,
        }

    def submit(self, fields: rules.ClaimFields, received: datetime, now: datetime) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        state.run_service(
            complete_claim, self.claim.id, fields, version=self.claim.version,
            operator=state.ctx.operator_login, calendar=state.ctx.calendar, now=now,
            on_done=self._registered, on_error=lambda e: self.show_error(t(str(e))),
            refresh=True,
        )
