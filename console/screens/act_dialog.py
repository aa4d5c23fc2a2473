"""The completion act form (R7, R12): who signed, the work, the Price List No. 3 items.

The dialog checks what it can as the dispatcher types (the items line is read and priced live,
with the total), but the service decides: `save(act, dialog)` runs `acts.close_visit` in a worker
and a refusal comes back to `refused`, shown next to the field it is about; the dialog stays open
with everything typed. Ctrl+S saves, Esc backs out (nothing is stored).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Static

from console.i18n import pick, t
from console.reference import PriceItem
from console.rules.acts import ActItemsRefused, parse_items, price_lines
from console.rules.fees import money
from console.screens.dialogs import _Dialog
from console.services.acts import ActInput, ActRefused
from console.statuses import VisitOutcome

TITLES = {"done": "Done", "follow_up": "Not solved: a follow-up visit is needed",
          "refused": "Refused as impossible or impractical (R12)"}
FIELDS = ("outcome", "signer", "role", "work", "items", "refusal")


class ActDialog(_Dialog):
    """Enter the act of one visit; `save(act, dialog)` is called on Ctrl+S."""

    DEFAULT_CSS = """
    ActDialog > Vertical { width: 120; height: auto; max-height: 95%; }
    ActDialog VerticalScroll { height: auto; max-height: 30; }
    ActDialog .row { height: 1; }
    ActDialog .field-label { width: 28; }
    ActDialog Input { width: 1fr; height: 1; border: none; padding: 0 1; background: $boost; }
    ActDialog Input:focus { background: $accent 35%; border: none; }
    ActDialog Checkbox { height: 1; border: none; padding: 0; }
    ActDialog Checkbox:focus { border: none; background: $accent 35%; }
    ActDialog #act-preview { height: auto; color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [Binding("ctrl+s", "save", "Save the act", id="save_act")]

    def __init__(self, title: str, outcome: str, responsible: str,
                 prices: Mapping[str, PriceItem],
                 save: Callable[[ActInput, ActDialog], None]) -> None:
        super().__init__()
        self._title, self._outcome = title, outcome
        self._responsible = responsible
        self._prices = prices
        self._save = save
        self._busy = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self._title), classes="dialog-title")
            yield Static(Text(t("Outcome: {what}", what=t(TITLES[self._outcome]))))
            with VerticalScroll():
                with Horizontal(classes="row"):
                    yield Label(t("Signed by"), classes="field-label")
                    yield Input(self._responsible, id="act-signer")
                yield Label("", classes="dialog-error", id="act-signer-error")
                yield Checkbox(t("Not the responsible person (give the role)"),
                               id="act-other")
                with Horizontal(classes="row"):
                    yield Label(t("Signer's role"), classes="field-label")
                    yield Input(placeholder=t("e.g. the flat's owner, the office manager"),
                                id="act-role")
                yield Label("", classes="dialog-error", id="act-role-error")
                with Horizontal(classes="row"):
                    yield Label(t("Work done"), classes="field-label")
                    yield Input(id="act-work")
                yield Label("", classes="dialog-error", id="act-work-error")
                with Horizontal(classes="row"):
                    yield Label(t("Price List No. 3 items"), classes="field-label")
                    yield Input(placeholder=t("2.1, 2.5x4 (item number x quantity)"),
                                id="act-items")
                yield Label("", classes="dialog-error", id="act-items-error")
                if self._outcome == VisitOutcome.REFUSED:
                    with Horizontal(classes="row"):
                        yield Label(t("Why refused (R12)"), classes="field-label")
                        yield Input(id="act-refusal")
                    yield Label("", classes="dialog-error", id="act-refusal-error")
                yield Label("", classes="dialog-error", id="act-outcome-error")
                yield Static(id="act-preview", markup=False)
            yield Static(t("Ctrl+S: save the act · Esc: back"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#act-work", Input).focus()
        self._preview()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "act-items":
            self._preview()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def _preview(self) -> None:
        """The items as priced lines with the total, or why the line cannot be read."""
        preview = self.query_one("#act-preview", Static)
        error = self.query_one("#act-items-error", Label)
        prices = {code: item.price_kopecks for code, item in self._prices.items()}
        try:
            lines = price_lines(parse_items(self.query_one("#act-items", Input).value), prices)
        except ActItemsRefused as exc:
            error.update(t(exc.key, **exc.values))
            preview.update("")
            return
        error.update("")
        text = Text()
        for line in lines:
            item = self._prices[line.code]
            text.append(f"{line.code} {pick(item.name_ru, item.name_en)} · {line.quantity} "
                        f"{pick(item.unit_ru, item.unit_en)} × {money(line.price_kopecks)} = "
                        f"{money(line.amount_kopecks)}\n")
        total = sum(line.amount_kopecks for line in lines)
        text.append(t("Total: {sum}", sum=money(total)), style="bold")
        preview.update(text)

    def act(self) -> ActInput:
        """What is typed, as the service takes it (the items line must read)."""
        value = {f: self.query_one(f"#act-{f}", Input).value for f in ("signer", "role", "work")}
        refusal = self.query("#act-refusal")
        return ActInput(
            outcome=self._outcome, signer_name=value["signer"], work_done=value["work"],
            items=parse_items(self.query_one("#act-items", Input).value),
            signer_is_responsible=not self.query_one("#act-other", Checkbox).value,
            signer_role=value["role"],
            refusal_reason=refusal.first(Input).value if refusal else "",
        )

    def action_save(self) -> None:
        if self._busy:
            return
        for name in FIELDS:
            for label in self.query(f"#act-{name}-error"):
                label.update("")  # type: ignore[attr-defined]
        try:
            act = self.act()
        except ActItemsRefused as exc:
            self.refused(ActRefused(exc.key, "items", **exc.values))
            return
        self._busy = True
        self._save(act, self)

    def refused(self, error: Exception) -> None:
        """The service said no: the sentence next to the field, everything typed kept."""
        self._busy = False
        if isinstance(error, ActRefused):
            field = error.field if error.field in FIELDS else "outcome"
            labels = self.query(f"#act-{field}-error")
            label = labels.first(Label) if labels else self.query_one("#act-outcome-error",
                                                                       Label)
            label.update(t(error.key, **error.values))
            inputs = self.query(f"#act-{field}")
            if inputs:
                inputs.first().focus()
            return
        self.query_one("#act-outcome-error", Label).update(t(str(error)))
