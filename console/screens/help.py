"""F1: every key binding, the rules in short (R/D), the contact numbers (R19)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from console.i18n import pick, t
from console.rules_summary import RULES
from console.screens.base import ConsoleScreen
from console.widgets.tones import tone


def _as_binding(binding: Binding | tuple) -> Binding:
    return binding if isinstance(binding, Binding) else Binding(*binding)


class HelpScreen(ConsoleScreen):
    """Reference for the dispatcher: keys, rules, contacts. Scrolls with arrows/PgUp/PgDn."""

    TITLE = "Help"
    # Focused when shown (not on mount: the screen may be built ahead, or the app closing).
    AUTO_FOCUS = "#help-scroll"

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Static(self._keys_table(), id="help-keys")
            yield Static(self._rules_table(), id="help-rules")
            yield Static(self._contacts(), id="help-contacts")

    def _keys_table(self) -> Table:
        table = Table(title=t("Keys"), title_justify="left", expand=True, show_lines=False)
        table.add_column(t("Key"), style="bold", no_wrap=True, width=14)
        table.add_column(t("Action"), ratio=3)
        table.add_column(t("Where"), ratio=1)
        seen: set[tuple[str, str]] = set()
        keymap: dict[str, str] = self.app.ctx.keymap  # type: ignore[attr-defined]
        for where, binding in self._all_bindings():
            if binding.id in keymap:  # keys.toml: the keys in force
                binding = replace(binding, key=keymap[binding.id], key_display=None)
            if not binding.description or "super+" in binding.key or (binding.key, where) in seen:
                continue
            seen.add((binding.key, where))
            keys = [k.strip() for k in binding.key.split(",") if "super+" not in k]
            display = binding.key_display or " / ".join(
                self.app.get_key_display(replace(binding, key=k)) for k in keys
            )
            action = t(binding.description)
            if binding.tooltip:
                action += f" — {t(binding.tooltip)}"
            table.add_row(display, action, where)
        return table

    def _all_bindings(self) -> Iterator[tuple[str, Binding]]:
        """The app's keys, then each screen's own, read from the classes (screens not yet
        opened have no instance)."""
        for bindings in self.app._bindings.key_to_bindings.values():
            for binding in bindings:
                yield t("everywhere"), binding
        for entry in Screen.BINDINGS:
            yield t("everywhere"), _as_binding(entry)
        from console.widgets.line_table import LineTable

        for entry in LineTable.BINDINGS:
            yield t("lists"), _as_binding(entry)

        for screen_cls in self.app.screen_classes().values():  # type: ignore[attr-defined]
            for binding in getattr(screen_cls, "BINDINGS", []):
                if binding not in Screen.BINDINGS:
                    yield t(screen_cls.TITLE), _as_binding(binding)
            # Widgets with keys of their own there (F4's grid: cells and visits, not rows).
            for widget_cls in getattr(screen_cls, "HELP_WIDGETS", ()):
                for binding in widget_cls.BINDINGS:
                    yield t(screen_cls.TITLE), _as_binding(binding)

    def _rules_table(self) -> Table:
        table = Table(title=t("Rules in short (in full: docs/RULES.md in the console's folder)"),
                      title_justify="left", expand=True, show_header=False)
        table.add_column("ID", style=tone(self, "accent", bold=True), no_wrap=True)
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
