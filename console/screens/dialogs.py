"""Small modal dialogs: ask a reason, pick one of a list, confirm or waive a late-cancel charge.

Each is a `ModalScreen[T]` that dismisses with its answer, or None when the dispatcher backs
out with Esc (nothing is changed then).
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from console.i18n import t
from console.rules.fees import money
from console.rules.normalize import clean_text
from console.screens.base import translate_bindings
from console.widgets.field import Field
from console.widgets.fmt import hm
from console.widgets.option_paging import PagedOptionList

REASON_LIMIT = 500


class _Dialog(ModalScreen):
    """Shared frame: a bordered box in the middle, Esc backs out; dismissed exactly once."""

    DEFAULT_CSS = """
    _Dialog { align: center middle; }
    _Dialog > Vertical, _Dialog > VerticalScroll {
        width: 80; max-width: 95%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 1 2;
    }
    _Dialog .dialog-title { text-style: bold; margin-bottom: 1; }
    _Dialog .dialog-hint { color: $text-muted; margin-top: 1; }
    /* The full width, so a long message (the nearest valid times) wraps instead of being cut. */
    _Dialog .dialog-error { color: $error; width: 100%; }
    _Dialog VerticalScroll { scrollbar-size-vertical: 1; }
    """
    BINDINGS = [Binding("escape", "back", "Back", id="back")]
    # The first field or list takes the keys, not the scrolling box around them.
    AUTO_FOCUS = "Input, OptionList"

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)
        self.dismissed = False

    def dismiss(self, result=None) -> AwaitComplete:
        """Answer once. Keys typed in the same burst (a double Enter) still reach this screen
        after its first answer; Textual would run the callback again and pop whatever screen
        is on top by then (or fail: "Can't pop screen"). A dialog that is not on top (another
        one opened over it) cannot answer either: its keys were meant for that other one."""
        if self.dismissed or self.app.screen_stack[-1:] != [self]:
            return AwaitComplete.nothing()
        self.dismissed = True
        return super().dismiss(result)

    def action_back(self) -> None:
        self.dismiss(None)


class ReasonDialog(_Dialog):
    """Asks for a reason (priority change, cancellation, waiver); empty is not accepted."""

    def __init__(self, title: str, prompt: str = "", value: str = "", *,
                 placeholder: str | None = None,
                 check: Callable[[str], str | None] | None = None) -> None:
        """`check(text)` returns an error to show (the dialog stays open) or None to accept."""
        super().__init__()
        self._title, self._prompt, self._value = title, prompt, value
        self._placeholder = placeholder if placeholder is not None else t("Reason")
        self._check = check

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self._title), classes="dialog-title")
            if self._prompt:
                yield Static(Text(self._prompt))
            yield Field(value=self._value, placeholder=self._placeholder, id="reason",
                        max_length=REASON_LIMIT)
            yield Label("", classes="dialog-error", id="reason-error")
            yield Static(t("Enter: confirm · Esc: back"), classes="dialog-hint")

    def on_field_limit_reached(self, event: Field.LimitReached) -> None:
        event.stop()
        self.query_one("#reason-error", Label).update(
            t("No more than {n} characters: the rest was not taken", n=event.limit))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        reason = clean_text(event.value, limit=REASON_LIMIT)
        error = t("Give a reason") if not reason else self._check(reason) if self._check else None
        if error:
            self.query_one("#reason-error", Label).update(error)
            return
        self.dismiss(reason)


class ChoiceDialog(_Dialog):
    """Pick one of a few options with arrows/j/k and Enter; returns the option's id."""

    def __init__(self, title: str, options: list[tuple[str, str]], hint: str = "") -> None:
        super().__init__()
        self._title, self._options, self._hint = title, options, hint

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self._title), classes="dialog-title")
            yield PagedOptionList(
                *(Option(Text(label), id=key) for key, label in self._options)
            )
            yield Static(self._hint or t("Enter: choose · Esc: back"), classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class ChargeDialog(_Dialog):
    """R8/D10: a late cancellation. Enter charges item 1.1; W waives it with a reason."""

    BINDINGS = [
        Binding("enter", "charge", "Charge", id="charge"),
        Binding("w,ц", "waive", "Waive", id="waive"),
    ]

    def __init__(self, message: str, title: str | None = None,
                 hint: str | None = None) -> None:
        super().__init__()
        self._message = message
        self._title = title
        self._hint = hint

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._title or t("Late cancellation (R8)"), classes="dialog-title")
            yield Static(Text(self._message))
            yield Static(
                self._hint or t("Enter: charge · W: waive with a reason · Esc: do not cancel"),
                classes="dialog-hint",
            )

    def action_charge(self) -> None:
        self.dismiss((True, ""))

    def action_waive(self) -> None:
        def got(reason: str | None) -> None:
            if reason:
                self.dismiss((False, reason))

        self.app.push_screen(ReasonDialog(t("Why is the charge waived?")), got)


def ask_charge(app, told_start, price_kopecks: int,
               then: Callable[[bool, str], None]) -> None:
    """R8/D10: ask whether to charge a late cancellation; `then(charge, waiver_reason)`."""
    message = t(
        "Less than an hour is left before {time}, the time the client was told. "
        "Charge {price} (Price List No. 3, item 1.1)?",
        time=hm(told_start),
        price=money(price_kopecks),
    )

    def decided(answer: tuple[bool, str] | None) -> None:
        if answer is not None:
            then(*answer)

    app.push_screen(ChargeDialog(message), decided)


class InfoDialog(_Dialog):
    """Read-only details as label: value lines; Esc or Enter closes; arrows scroll (a small
    terminal cuts the box: it scrolls instead)."""

    AUTO_FOCUS = "VerticalScroll"

    BINDINGS = [Binding("enter", "back", "Close", id="close")]

    def __init__(self, title: str, lines: list[tuple[str, str]]) -> None:
        super().__init__()
        self._title, self._lines = title, lines

    def compose(self) -> ComposeResult:
        text = Text()
        for label, value in self._lines:
            text.append(f"{label}: ", style="bold")
            text.append(f"{value or '—'}\n")
        with VerticalScroll():
            yield Static(Text(self._title), classes="dialog-title")
            yield Static(text)
            yield Static(t("Esc: close"), classes="dialog-hint")


class ScriptDialog(_Dialog):
    """A sentence to read out to the caller; it stays until the dispatcher says it was read.

    Enter: read out (returns True) · Esc: back (None).
    """

    BINDINGS = [Binding("enter", "read", "Read out", id="read")]
    AUTO_FOCUS = "VerticalScroll"  # a long script scrolls

    def __init__(self, title: str, sentence: str, hint: str) -> None:
        super().__init__()
        self._title, self._sentence, self._hint = title, sentence, hint

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self._title), classes="dialog-title")
            yield Static(Text(self._sentence, style="bold"), id="script-text")
            yield Static(self._hint, classes="dialog-hint")

    def action_read(self) -> None:
        self.dismiss(True)
