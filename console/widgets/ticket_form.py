"""The ticket intake form (R6, R7, R12, D13): one keyboard pass, checked field by field.

Order follows the call: task type (Enter picks it), what is wrong, desired time, intercom code;
the responsible person and the phone come prefilled from the contract. The R7 checklist is
ticked as it is read out (Ctrl+R ticks the next item); billable types show their Price List
No. 3 items and need the client's agreement. There is no password field anywhere (D13).
Every change posts `Changed` so the screen can autosave a draft (D14).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, OptionList, Static

from console.i18n import pick, t
from console.reference import Reference, TaskType
from console.rules import validation
from console.rules.fees import money
from console.rules.secrets import looks_like_password
from console.rules.when import format_when, parse_when
from console.services.tickets import IntakeFields
from console.widgets.field import Field
from console.widgets.focus import focus_now
from console.widgets.tick import Tick
from console.widgets.tones import tone
from console.widgets.type_list import TypeList

DESCRIPTION_LIMIT = validation.DESCRIPTION_MAX  # a draft's text is cut to this on restore
DESIRED_LIMIT = 40
TYPE_HINT = "Choose the task type: type part of its name or use the arrows, then Enter"


class TicketForm(Vertical):
    """R6 fields, the R7 checklist, R12 prices; validates on submit, errors beside fields."""

    DEFAULT_CSS = """
    TicketForm { height: auto; border: round $accent; padding: 0 1; }
    TicketForm .row { height: auto; }
    TicketForm .field-label { width: 24; padding: 0 1 0 0; }
    TicketForm Input { width: 1fr; }
    TicketForm #tf-type { height: auto; max-height: 11; }
    TicketForm .error { color: $error; height: auto; padding-left: 24; }
    TicketForm #tf-prices { color: $warning; height: auto; }
    TicketForm #tf-r7 { height: auto; padding-left: 2; }
    """

    in_use = True  # False while it waits, emptied, for the next ticket (`clear`)

    class Submitted(Message):
        """The form passed every check."""

        def __init__(self, data: IntakeFields) -> None:
            super().__init__()
            self.data = data

    class Changed(Message):
        """Something was typed or ticked (for the draft)."""

    def __init__(self, reference: Reference, calendar, now, *, id: str | None = None,
                 live_caller: bool = True) -> None:
        """`live_caller`: the client is on the line (F2), so a visit's R7 checklist is read
        out now; a ticket from a written question (F6) has nobody to read it to."""
        super().__init__(id=id)
        self.live_caller = live_caller
        self.reference = reference
        self.calendar = calendar
        self.now = now  # a callable: the reactor's clock
        self.types = [tt for tt in reference.task_types]
        self.chosen: TaskType | None = None
        self.ticked: set[int] = set()
        self.ticked_at: dict[int, datetime] = {}  # R7: when each item was read out
        self._loading = False

    def compose(self) -> ComposeResult:
        yield Static(t("New ticket (R6)"), classes="dialog-title")
        yield TypeList(
            [(tt.code, self._type_label(tt), f"{tt.name_ru} {tt.name_en} {tt.code}")
             for tt in self.types],
            id="tf-type",
        )
        yield Label("", id="tf-type-chosen")
        yield from self._field("tf-description", t("What is wrong"),
                               t("e.g. no link since morning, router lights off"),
                               validation.DESCRIPTION_MAX)
        yield from self._field("tf-desired", t("Desired date and time"),
                               t("25.11 14:30, tomorrow 11, mon 10:30"), DESIRED_LIMIT)
        with Horizontal(classes="row"):
            yield Label(t("Intercom code"), classes="field-label")
            yield Field(id="tf-intercom", max_length=validation.INTERCOM_MAX,
                        placeholder=t("e.g. 45K1234"))
            yield Tick(t("No intercom"), id="tf-no-intercom")
        yield Label("", classes="error", id="tf-intercom-error")
        yield from self._field("tf-responsible", t("Responsible person"), "",
                               validation.NAME_MAX)
        with Horizontal(classes="row"):
            yield Label(t("Contact phone"), classes="field-label")
            yield Field(id="tf-phone", max_length=validation.PHONE_MAX,
                        placeholder="+7 903 123-45-67")
            yield Tick(t("Landline accepted"), id="tf-landline-ok")
        yield Label("", classes="error", id="tf-phone-error")
        yield Static(id="tf-prices")
        yield Tick(t("The client agrees to the prices (R12)"), id="tf-agree")
        yield Static(t("Read out to the client (R7), Ctrl+R ticks the next item:"))
        yield Static(id="tf-r7")
        yield Label("", classes="error", id="tf-error")
        yield Static(t("Ctrl+S: save the ticket · Esc: close the form"), classes="dialog-hint")

    def _field(self, field_id: str, label: str, placeholder: str, limit: int) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(label, classes="field-label")
            yield Field(id=field_id, placeholder=placeholder, max_length=limit)
        yield Label("", classes="error", id=f"{field_id}-error")

    def _type_label(self, tt: TaskType) -> Text:
        cls = self.reference.priority_class(tt.priority)
        visit = t("visit") if tt.needs_visit else t("no visit")
        paid = " · " + t("paid (Price List No. 3)") if tt.billable else ""
        return Text(f"{pick(tt.name_ru, tt.name_en)} — {pick(cls.name_ru, cls.name_en)}, "
                    f"{tt.duration_min} {t('min')}, {visit}{paid}")

    def on_mount(self) -> None:
        self._show_empty()

    def clear(self) -> None:
        """Empty again, as a new form, for the next ticket: the form is kept mounted (a call
        dropped and built ~35 widgets, each in reference cycles: garbage that set off full
        collections in the dispatcher's keys, issue 12). Nothing said to the draft: no
        `Changed` for what a new form would not have said either."""
        with self.prevent(Input.Changed, Checkbox.Changed, TypeList.Narrowed):
            self.chosen = None
            self.ticked, self.ticked_at = set(), {}
            for box in self.query(Input):
                box.value = ""
            for check in self.query(Checkbox):
                check.value = False
            self.query_one(TypeList).reset()
            for label in self.query(".error").results(Label):
                label.update("")
            self.query_one("#tf-prices", Static).update("")
        self._show_empty()

    def _show_empty(self) -> None:
        self.query_one("#tf-landline-ok").display = False
        for label in self.query(".error"):
            label.display = False
        self._show_type()
        self._show_r7()

    # -- filling ---------------------------------------------------------------------------------
    def prefill(self, responsible: str, phone: str) -> None:
        self._set("#tf-responsible", responsible)
        self._set("#tf-phone", phone)

    def _set(self, selector: str, value: str) -> None:
        box = self.query_one(selector, Input)
        box.value = value
        box.cursor_position = len(value)

    def focus_first(self) -> None:
        focus_now(self.query_one("#tf-type", OptionList))

    def on_type_list_narrowed(self, event: TypeList.Narrowed) -> None:
        event.stop()
        self.query_one("#tf-type-chosen", Label).update(
            Text(t("Types with “{text}”: {n}. Enter picks the highlighted one",
                   text=event.typed, n=event.shown)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.chosen = next(tt for tt in self.types if tt.code == event.option.id)
        self._show_type()
        focus_now(self.query_one("#tf-description", Input))
        self.post_message(self.Changed())

    def _show_type(self) -> None:
        tt = self.chosen
        self.query_one("#tf-type-chosen", Label).update(
            Text(t("Task: {name}", name=pick(tt.name_ru, tt.name_en)), style="bold")
            if tt else t(TYPE_HINT)
        )
        prices = self.query_one("#tf-prices", Static)
        agree = self.query_one("#tf-agree", Checkbox)
        billable = bool(tt and tt.billable)
        prices.display = agree.display = billable
        if billable and tt is not None:
            lines = [t("Paid separately under Price List No. 3 (R12):")]
            for code in tt.price_items:
                item = self.reference.price_item(code)
                unit = pick(item.unit_ru, item.unit_en)
                lines.append(f"  {code} {pick(item.name_ru, item.name_en)}: "
                             f"{money(item.price_kopecks)} / {unit}")
            prices.update(Text("\n".join(lines)))
        desired = self.query_one("#tf-desired", Input)
        desired.disabled = tt is not None and not tt.needs_visit and tt.code != "callback"

    def tick_next(self) -> None:
        """R7: tick the next item the dispatcher has just read out."""
        for i in range(len(validation.R7_CHECKLIST)):
            if i not in self.ticked:
                self.ticked.add(i)
                self.ticked_at[i] = self.now()
                self._show_r7()
                if not self._loading:
                    self.post_message(self.Changed())
                return

    def _show_r7(self) -> None:
        text = Text()
        for i, item in enumerate(validation.R7_CHECKLIST):
            done = i in self.ticked
            mark = tone(self, "ok") if done else tone(self, "warn", bold=True)
            text.append("☑ " if done else "☐ ", style=mark)
            text.append(t(item) + "\n", style="" if done else "bold")
        self.query_one("#tf-r7", Static).update(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "tf-phone":
            self.query_one("#tf-landline-ok").display = False
        errors = self.query(f"#{event.input.id}-error")
        if errors:  # the dispatcher is fixing it: the old complaint goes until the next check
            self._say(f"#{event.input.id}-error", "")
        if event.input.id == "tf-description" and looks_like_password(event.value):
            self._error("tf-description", validation.ERR_PASSWORD)  # D13: at once, as typed
        if not self._loading:
            self.post_message(self.Changed())

    def on_checkbox_changed(self, _event: Checkbox.Changed) -> None:
        if not self._loading:
            self.post_message(self.Changed())

    def on_field_limit_reached(self, event: Field.LimitReached) -> None:
        """Item 9: a field stops at its limit and says so (never cut silently)."""
        event.stop()
        self._say(f"#{event.field.id}-error",
                  t("No more than {n} characters: the rest was not taken", n=event.limit))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter in a field moves on to the next one, as Tab does."""
        event.stop()
        self.screen.focus_next()

    # -- drafts ----------------------------------------------------------------------------------
    def payload(self) -> dict:
        values = {box.id: box.value for box in self.query(Input)}
        ticks = {box.id: box.value for box in self.query(Checkbox)}
        return {"task_type": self.chosen.code if self.chosen else None, **values, **ticks,
                "r7": sorted(self.ticked),
                "r7_at": {str(i): at.isoformat() for i, at in self.ticked_at.items()}}

    def load(self, payload: dict) -> None:
        self._loading = True
        try:
            code = payload.get("task_type")
            self.chosen = next((tt for tt in self.types if tt.code == code), None)
            for box in self.query(Input):
                if isinstance(payload.get(box.id), str):
                    box.value = payload[box.id][: box.max_length or DESCRIPTION_LIMIT]
            for check in self.query(Checkbox):
                if isinstance(payload.get(check.id), bool):
                    check.value = payload[check.id]
            r7 = payload.get("r7", [])
            self.ticked = {i for i in r7 if isinstance(i, int)} if isinstance(r7, list) else set()
            self.ticked_at = {}
            r7_at = payload.get("r7_at")
            if not isinstance(r7_at, dict):
                r7_at = {}
            for i in self.ticked:
                try:
                    self.ticked_at[i] = datetime.fromisoformat(str(r7_at.get(str(i))))
                except ValueError:
                    self.ticked_at[i] = self.now()  # read out before the draft kept times
            self._show_type()
            self._show_r7()
        finally:
            self._loading = False

    # -- checking ---------------------------------------------------------------------------------
    FIELDS_IN_ORDER = ("tf-description", "tf-desired", "tf-intercom", "tf-responsible",
                       "tf-phone")

    def _focus_first_error(self, landline_question: bool, agreement_missing: bool) -> None:
        """A refused save puts the cursor where the first problem is, so what is typed next
        goes there (not into whatever field had the focus)."""
        for field_id in self.FIELDS_IN_ORDER:
            if self.query_one(f"#{field_id}-error", Label).display:
                target = self.query_one(f"#{field_id}")
                if field_id == "tf-phone" and landline_question:
                    target = self.query_one("#tf-landline-ok")  # the question is a tick
                focus_now(target)
                return
        if agreement_missing:
            focus_now(self.query_one("#tf-agree"))

    def _error(self, field_id: str, message: str | None, **values) -> bool:
        self._say(f"#{field_id}-error", t(message, **values) if message else "")
        return message is None

    def _say(self, selector: str, text: str) -> None:
        label = self.query_one(selector, Label)
        label.update(text)
        label.display = bool(text)

    def submit(self) -> IntakeFields | None:
        """Check every field; show each problem next to its field; None if any."""
        ok = True
        tt = self.chosen
        if tt is None:
            self._say("#tf-error", t("Choose the task type"))
            self.focus_first()
            return None
        value = lambda sel: self.query_one(sel, Input).value  # noqa: E731
        description, err = validation.description(value("#tf-description"))
        if not description:
            err = err or validation.ERR_REQUIRED
        ok &= self._error("tf-description", err)
        desired = None
        if tt.needs_visit or (value("#tf-desired").strip() and tt.code == "callback"):
            when = parse_when(value("#tf-desired"), now=self.now(), calendar=self.calendar,
                              duration=timedelta(minutes=tt.duration_min))
            if when.ok:
                desired = when.value
                ok &= self._error("tf-desired", None)
            else:
                hint = ", ".join(format_when(s, self.calendar.tz) for s in when.suggestions)
                message = t(when.error_key or "", **when.error_args)
                if hint:  # a sentence of its own: "No such date. Nearest: ..."
                    message = message.rstrip(". ") + ". " + t("Nearest: {times}", times=hint)
                self._say("#tf-desired-error", message)
                ok = False
        no_intercom = self.query_one("#tf-no-intercom", Checkbox).value
        intercom, err = validation.intercom_code(value("#tf-intercom"), no_intercom)
        if not tt.needs_visit:  # R6: the code is for the technician; no visit, no code needed
            intercom, err = value("#tf-intercom").strip(), None
        ok &= self._error("tf-intercom", err)
        responsible, err = validation.responsible_name(value("#tf-responsible"))
        ok &= self._error("tf-responsible", err)
        phone = validation.contact_phone(value("#tf-phone"))
        landline_box = self.query_one("#tf-landline-ok", Checkbox)
        phone_err = phone.error_key
        if not phone_err and phone.needs_mobile_confirmation and not landline_box.value:
            landline_box.display = True
            phone_err = validation.CONFIRM_LANDLINE
        ok &= self._error("tf-phone", phone_err)
        agreed = self.query_one("#tf-agree", Checkbox).value
        general = None
        if tt.billable and not agreed:
            general = "The client must agree to the Price List No. 3 prices, or refuse the work"
        r7_needed = tt.needs_visit and self.live_caller  # R7: what the visit needs, said now
        if r7_needed and not validation.checklist_complete(self.ticked):
            general = general or "Read out the whole R7 checklist and tick every item"
        self._say("#tf-error", t(general) if general else "")
        if not ok or general:
            self._focus_first_error(phone_err == validation.CONFIRM_LANDLINE,
                                    tt.billable and not agreed)
            return None
        return IntakeFields(
            task_type=tt.code, description=description, responsible_name=responsible,
            contact_phone=phone.e164, contact_is_mobile=phone.is_mobile, desired_at=desired,
            intercom_code=intercom, no_intercom=no_intercom, billable_agreed=agreed,
            r7_read=tuple(self.ticked_at.get(i) or self.now()
                          for i in range(len(validation.R7_CHECKLIST)))
            if validation.checklist_complete(self.ticked) else (),  # never "read" unread
        )
