"""F1: every key binding, the rules in short (R/D), the contact numbers (R19)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from console.i18n import pick, t
from console.rules_summary import RULES
from console.screens.base import ConsoleScreen


class HelpScreen(ConsoleScreen):
    """Reference for the dispatcher: keys, rules, contacts. Scrolls with arrows/PgUp/PgDn."""

    TITLE = "Help"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Static(self._keys_table(), id="help-keys")
            yield Static(self._rules_table(), id="help-rules")
            yield Static(self._contacts(), id="help-contacts")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def _keys_table(self) -> Table:
        table = Table(title=t("Keys"), title_justify="left", expand=True, show_lines=False)
        table.add_column(t("Key"), style="bold", no_wrap=True)
        table.add_column(t("Action"))
        table.add_column(t("Where"))
        seen: set[tuple[str, str]] = set()
        for where, node in self._binding_sources():
            for key, bindings in node._bindings.key_to_bindings.items():
                for binding in bindings:
                    if not binding.description or (key, where) in seen:
                        continue
                    seen.add((key, where))
                    display = binding.key_display or self.app.get_key_display(binding)
                    table.add_row(display, binding.description, where)
        return table

    def _binding_sources(self):
        yield t("everywhere"), self.app
        for mode in ("call", "queue", "timeslots", "claims", "helpdesk"):
            try:
                screen = self.app.get_screen_stack(mode)[-1]  # type: ignore[attr-defined]
            except Exception:
                continue
            yield screen.title, screen

    def _rules_table(self) -> Table:
        table = Table(title=t("Rules"), title_justify="left", expand=True, show_header=False)
        table.add_column("ID", style="bold cyan", no_wrap=True)
        table.add_column(t("Rule"))
        for rule_id, text in RULES:
            table.add_row(rule_id, t(text))
        return table

    def _contacts(self) -> Text:
        policy = self.app.state.ctx.reference.policy  # type: ignore[attr-defined]
        text = Text(t("Contacts (R19)") + "\n", style="bold")
        for contact in policy.contacts:
            text.append(f"  {pick(contact.label_ru, contact.label_en)}: ", style="bold")
            text.append(f"{contact.phone}\n")
        text.append(t("Claims are addressed to the general director: {name}", name=policy.director))
        return text
