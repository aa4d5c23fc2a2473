"""Ctrl+B: book a callback (R15) — when, on which of the contract's phones, about what (R1).

The time is read like the ticket form's desired time, but against the phone hours (a callback is
a call, 10:00-18:00 on working days), with the nearest valid times offered when it does not fit.
The phones are the contract's, mobile first. Enter moves on; Enter on the topic (or Ctrl+S) books.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Static
from textual.widgets.option_list import Option

from console.i18n import t
from console.rules.callbacks import TOPIC_LIMIT, phones_mobile_first
from console.rules.normalize import clean_text, phone_e164
from console.screens.dialogs import _Dialog
from console.widgets.field import Field
from console.widgets.focus import focus_now
from console.widgets.option_paging import PagedOptionList


@dataclass(frozen=True)
class CallbackAnswer:
    """What the dispatcher agreed with the caller."""

    due_at: datetime
    phone: str  # E.164
    topic: str


class CallbackDialog(_Dialog):
    """Time, phone, topic; each checked where it is typed."""

    BINDINGS = [Binding("ctrl+s", "book", "Book", id="book", priority=True)]

    def __init__(self, phones: tuple[tuple[str, bool], ...],
                 parse: Callable[[str], tuple[datetime | None, str | None]],
                 title: str | None = None, topic: str = "") -> None:
        """`phones`: (formatted, is_mobile) as the card has them; `parse(text)` gives the
        time or the message to show (with the nearest valid times)."""
        super().__init__()
        self._phones = phones_mobile_first(phones)
        self._parse = parse
        self._title = title or t("Book a callback (R15)")
        self._topic = topic

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self._title), classes="dialog-title")
            yield Label(t("When shall we call back?"))
            yield Field(placeholder=t("e.g. tomorrow 11, 25.11 14:30"), id="cb-when",
                        max_length=40)
            yield Label("", classes="dialog-error", id="cb-when-error")
            yield Label(t("Which phone?"))
            yield PagedOptionList(
                *(Option(Text(f"{phone} ({t('mobile') if mobile else t('landline')})"),
                         id=str(i)) for i, (phone, mobile) in enumerate(self._phones)),
                id="cb-phone",
            )
            yield Label("", classes="dialog-error", id="cb-phone-error")
            yield Label(t("What to discuss"))
            yield Field(value=self._topic, placeholder=t("e.g. check the speed after the fix"),
                        id="cb-topic", max_length=TOPIC_LIMIT)
            yield Label("", classes="dialog-error", id="cb-topic-error")
            yield Static(t("Enter: next · Ctrl+S: book · Esc: back"), classes="dialog-hint")

    def on_mount(self) -> None:
        phones = self.query_one("#cb-phone", PagedOptionList)
        if self._phones:
            phones.highlighted = 0
        focus_now(self.query_one("#cb-when", Input))

    def on_field_limit_reached(self, event: Field.LimitReached) -> None:
        event.stop()
        field = (event.field.id or "").removeprefix("cb-")
        self._say(field, t("No more than {n} characters: the rest was not taken", n=event.limit))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "cb-topic":
            self.action_book()
        else:
            self.focus_next()

    def on_option_list_option_selected(self, event: PagedOptionList.OptionSelected) -> None:
        event.stop()
        focus_now(self.query_one("#cb-topic", Input))

    def _say(self, field: str, message: str | None) -> bool:
        label = self.query_one(f"#cb-{field}-error", Label)
        label.update(message or "")
        return message is None

    def action_book(self) -> None:
        when, error = self._parse(self.query_one("#cb-when", Input).value)
        ok = self._say("when", error)
        phones = self.query_one("#cb-phone", PagedOptionList)
        index = phones.highlighted
        phone = ""
        if index is None or not self._phones:
            ok &= self._say("phone", t("The contract has no phone: a callback is impossible"))
        else:
            phone = phone_e164(self._phones[index][0]) or ""
            ok &= self._say("phone", None)
        topic = clean_text(self.query_one("#cb-topic", Input).value, limit=TOPIC_LIMIT)
        ok &= self._say("topic", None if topic else t("Say what the callback is about"))
        if not ok or when is None:
            for field, widget in (("when", "#cb-when"), ("phone", "#cb-phone"),
                                  ("topic", "#cb-topic")):
                if str(self.query_one(f"#cb-{field}-error", Label).render()):
                    focus_now(self.query_one(widget))  # the first field in error
                    break
            return
        self.dismiss(CallbackAnswer(when, phone, topic))
