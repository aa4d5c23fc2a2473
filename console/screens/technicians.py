"""Technicians from F4 (`w`): add, rename, deactivate or bring back, days off and back on.

Every change runs its service in a worker and re-plans at once (D8); when visits of told clients
move too far the notify list opens (D9). The same services back the command line
(`support-console technician ...`).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static

from console.i18n import t
from console.rules.visits import parse_range
from console.screens.dialogs import ReasonDialog, _Dialog
from console.services import roster, technicians
from console.services.technicians import TechnicianView
from console.widgets.line_table import Column, LineTable


class TechniciansScreen(_Dialog):
    """The technicians: a add, r rename, d deactivate / bring back, o days off, n days on."""

    DEFAULT_CSS = """
    TechniciansScreen > Vertical { width: 110; max-width: 98%; height: 70%; }
    TechniciansScreen LineTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("a,ф", "add", "Add", id="tech_add"),
        Binding("r,к", "rename", "Rename", id="tech_rename"),
        Binding("d,в", "toggle_active", "Deactivate / back", id="tech_active"),
        Binding("o,щ", "days_off", "Days off", id="tech_off"),
        Binding("n,т", "days_on", "Days on", id="tech_on"),
        Binding("escape", "back", "Close", id="close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("Technicians"), classes="dialog-title")
            yield LineTable([Column("id", "#", width=4), Column("name", t("Technician"), flex=3),
                             Column("phone", t("Phone"), width=16),
                             Column("state", t("Status"), width=14)], id="tech-table")
            yield Static(t("a: add · r: rename · d: deactivate or bring back · o: days off · "
                           "n: days on · Esc: close"), classes="dialog-hint")
        yield Footer()

    @property
    def state(self):
        return self.app.state  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.query_one(LineTable).focus()
        self.reload()

    def reload(self) -> None:
        self.state.run_service(technicians.list_technicians, on_done=self._show, group="techs")

    def _show(self, rows: list[TechnicianView]) -> None:
        self._rows = {r.id: r for r in rows}
        self.query_one(LineTable).set_rows([
            (r.id, [str(r.id), Text(r.name), r.phone,
                    t("works") if r.active else t("deactivated")]) for r in rows])

    def _current(self) -> TechnicianView | None:
        key = self.query_one(LineTable).cursor_key
        return getattr(self, "_rows", {}).get(key) if key is not None else None

    def _run(self, fn, *args, replan: bool = True, **kwargs) -> None:
        state = self.state
        if replan:
            kwargs.update(calendar=state.ctx.calendar, now=state.now())

        def done(result) -> None:
            self.reload()
            if getattr(result, "notified", ()):
                self.app.open_notify_after_change()  # type: ignore[attr-defined]

        def refused(error: Exception) -> None:
            self.notify(t(str(error)), severity="warning")

        state.run_service(fn, *args, operator=state.ctx.operator_login, on_done=done,
                          on_error=refused, refresh=True, **kwargs)

    def action_add(self) -> None:
        def got(name: str | None) -> None:
            if name:
                self._run(technicians.add_technician, name, replan=False)

        self.app.push_screen(ReasonDialog(t("New technician"), t("Full name"),
                                          placeholder=t("Full name")), got)

    def action_rename(self) -> None:
        tech = self._current()
        if tech is None:
            return

        def got(name: str | None) -> None:
            if name:
                self._run(technicians.rename_technician, tech.id, name, replan=False)

        self.app.push_screen(ReasonDialog(t("Rename {name}", name=tech.name), t("Full name"),
                                          tech.name, placeholder=t("Full name")), got)

    def action_toggle_active(self) -> None:
        tech = self._current()
        if tech is not None:
            self._run(roster.set_active, tech.id, not tech.active)

    def _ask_range(self, title: str, then) -> None:
        now = self.state.now()

        def check(text: str) -> str | None:
            value = parse_range(text, now)
            return t(value) if isinstance(value, str) else None

        def got(text: str | None) -> None:
            if text:
                value = parse_range(text, now)
                if not isinstance(value, str):
                    then(*value)

        self.app.push_screen(ReasonDialog(title, t("01.12.2026..05.12.2026, or one day"),
                                          placeholder=t("Days"), check=check), got)

    def action_days_off(self) -> None:
        tech = self._current()
        if tech is None:
            return

        def days(first, last) -> None:
            def reason(text: str | None) -> None:
                if text:
                    self._run(roster.set_days_off, tech.id, first, last, text)

            self.app.push_screen(ReasonDialog(
                t("{name}: off {first}..{last}", name=tech.name, first=f"{first:%d.%m.%Y}",
                  last=f"{last:%d.%m.%Y}"), t("Why (leave, sickness)?")), reason)

        self._ask_range(t("Days off of {name}", name=tech.name), days)

    def action_days_on(self) -> None:
        tech = self._current()
        if tech is None:
            return
        self._ask_range(t("{name} works again on", name=tech.name),
                        lambda first, last: self._run(roster.clear_days_off, tech.id, first,
                                                      last))
