"""The status bar on every screen: Moscow time, service mode, call timer, operator, counters."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from console.i18n import t
from console.rules.calendar import ServiceMode
from console.rules.text import printable
from console.services.counts import Counts

if TYPE_CHECKING:
    from console.state import ClockSnapshot

NARROW = 150  # columns
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# The parts from left to right; the spacer takes what the others leave, so the counters and the
# operator's name sit at the right end.
PARTS = ("sb-time", "sb-mode", "sb-call", "sb-spacer", "sb-tickets", "sb-notify", "sb-callbacks",
         "sb-helpdesk", "sb-claims", "sb-machine", "sb-dayclose", "sb-online", "sb-operator")
# A part's mark -> the component class (DEFAULT_CSS below, app.tcss for ANSI themes) it is
# drawn in.
MARKS = {"-open": "status-bar--open", "-intake": "status-bar--intake",
         "-alert": "status-bar--alert", "-warn": "status-bar--call-warn",
         "-call-alert": "status-bar--call-alert"}


def mode_label(mode: ServiceMode) -> str:
    """D2: the service mode in words, shown at all times."""
    return t("INTAKE OPEN") if mode is ServiceMode.OPEN else t("TICKET INTAKE ONLY")


class StatusBar(Widget):
    """One line at the top of every screen, fed by the reactor's `clock` and `counts` parts.

    One widget that draws its parts as one line of text (issue 12: it was thirteen Labels, each
    a widget to compose, style, lay out and draw on the way to the first frame). Each part
    (`PARTS`) is the text of one thing, padded like a label: one cell each side, one on the left
    only in the short forms (`-narrow`); a marked one (`MARKS`) is drawn in its component
    class's colours. `text_of`, `shown` and `marks_of` say what a part shows.
    """

    COMPONENT_CLASSES = set(MARKS.values())
    DEFAULT_CSS = """
    StatusBar { height: 1; dock: top; background: $panel; }
    StatusBar > .status-bar--open { background: $success; color: $text; text-style: bold; }
    StatusBar > .status-bar--intake { background: $warning; color: $background; text-style: bold; }
    StatusBar > .status-bar--alert { color: $error; text-style: bold; }
    StatusBar > .status-bar--call-warn { background: $warning; color: $background; }
    StatusBar > .status-bar--call-alert { background: $error; color: $text; text-style: bold; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._counts = Counts()
        self._call_started: datetime | None = None
        self._dayclose = 0
        self._online: tuple[str, ...] = ()

    def on_mount(self) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        state.subscribe("clock", self, self.show_clock)
        state.subscribe("counts", self, self.show_counts)
        state.subscribe("call", self, self.show_call)
        state.subscribe("callbacks", self, lambda _s: self.show_callbacks())
        state.subscribe("dayclose", self, self.show_dayclose)
        state.subscribe("presence", self, self.show_online)

    # -- what the reactor says --
    def show_clock(self, _clock: ClockSnapshot | None) -> None:
        self._changed()

    def show_counts(self, counts: Counts) -> None:
        self._counts = counts
        self._changed()

    def show_call(self, call) -> None:
        self._call_started = getattr(call, "started_at", None)
        self._changed()

    def show_callbacks(self) -> None:
        """Callbacks that have come due and are not worked off yet (like notifications)."""
        self._changed()

    def show_dayclose(self, count: int | None) -> None:
        """F4: visits of today left unsettled after the visit window (shown only then)."""
        self._dayclose = count or 0
        self._changed()

    def show_online(self, presence) -> None:
        """Who else is online (other consoles on the same database)."""
        self._online = tuple(getattr(presence, "others", ()))
        self._changed()

    def on_resize(self) -> None:
        self._changed()

    def _changed(self) -> None:
        """The short forms below NARROW columns, and wherever the full ones would not fit
        (a busy day: every counter, the day close and the others online at once), so the
        line is never cut off at the right, where the operator's name is."""
        # Before its first layout the bar knows the width it will have: the terminal's (it
        # spans the screen), so the first frame already shows the right forms.
        width = self.size.width or self.app.size.width
        if width:
            # The others online count at their shortest: they fit themselves into the room left.
            needed = sum(cell_len(text) + 2 for part, text, _ in self._parts(False, 0)
                         if part not in ("sb-spacer", "sb-online"))
            if self._online:
                needed += cell_len(t("+{n} online", n=len(self._online))) + 2
            self.set_class(width < NARROW or needed > width, "-narrow")
        self.refresh()

    # -- what the line shows --
    def text_of(self, part: str) -> str:
        """The text `part` shows now ("" when it is not shown)."""
        return next((text for name, text, _ in self._shown() if name == part), "")

    def shown(self, part: str) -> bool:
        return any(name == part for name, _, _ in self._shown())

    def marks_of(self, part: str) -> set[str]:
        """The part's marks (`-open`, `-intake`, `-alert`, `-warn`): how it stands out."""
        return {mark for name, _, mark in self._shown() if name == part and mark}

    def _shown(self) -> list[tuple[str, str, str]]:
        return self._parts(self.has_class("-narrow"), self.size.width)

    def _time_text(self, clock: ClockSnapshot, short: bool) -> str:
        if short:
            return clock.now.strftime("%H:%M:%S")
        day = t(WEEKDAYS[clock.now.weekday()])
        return f"{day} {clock.now.strftime('%d.%m.%Y %H:%M:%S')} {t('MSK')}"

    def _due_callbacks(self) -> int:
        state = self.app.state  # type: ignore[attr-defined]
        snapshot = state.get("callbacks")
        return len(snapshot.due(state.now())) if snapshot is not None else 0

    def _timer(self, clock: ClockSnapshot) -> tuple[str, str]:
        """D6: the running call's timer, amber from 12:00, red from 15:00."""
        started = self._call_started
        if started is None:
            return "", ""
        seconds = max(0, int((clock.now - started).total_seconds()))
        policy = self.app.state.ctx.reference.policy  # type: ignore[attr-defined]
        mark = ("-call-alert" if seconds >= policy.call_limit_min * 60
                else "-warn" if seconds >= policy.call_warn_min * 60 else "")
        return t("Call {time}", time=f"{seconds // 60:02d}:{seconds % 60:02d}"), mark

    def _parts(self, short: bool, width: int) -> list[tuple[str, str, str]]:
        """(part, text, mark) of each part shown, in order, in the short or the full forms;
        the others online fit themselves into the room `width` leaves them."""
        state = self.app.state  # type: ignore[attr-defined]
        clock = state.get("clock")
        counts, due, dayclose = self._counts, self._due_callbacks(), self._dayclose
        machine = counts.machine_left

        def form(short_text: str, full_text: str) -> str:
            return short_text if short else full_text

        def alert(on: bool) -> str:
            return "-alert" if on else ""

        parts: list[tuple[str, str, str]] = []
        if clock is not None:
            mode = "-open" if clock.mode is ServiceMode.OPEN else "-intake"
            parts += [("sb-time", self._time_text(clock, short), ""),
                      ("sb-mode", mode_label(clock.mode), mode),
                      ("sb-call", *self._timer(clock))]
        parts += [
            ("sb-spacer", "", ""),
            ("sb-tickets", form(t("Tickets {n}", n=counts.open_tickets),
                                t("Tickets: {n}", n=counts.open_tickets)), ""),
            ("sb-notify", form(t("Notify {n}", n=counts.pending_notifications),
                               t("To notify: {n}", n=counts.pending_notifications)),
             alert(counts.pending_notifications > 0)),
        ]
        if due:
            parts.append(("sb-callbacks", form(t("Call back {n}", n=due),
                                               t("Callbacks due: {n}", n=due)), "-alert"))
        parts += [
            ("sb-helpdesk", form(t("HD late {n}", n=counts.overdue_helpdesk),
                                 t("HelpDesk overdue: {n}", n=counts.overdue_helpdesk)),
             alert(counts.overdue_helpdesk > 0)),
            ("sb-claims", form(t("Claims late {n}", n=counts.overdue_claims),
                               t("Claims overdue: {n}", n=counts.overdue_claims)),
             alert(counts.overdue_claims > 0)),
        ]
        if machine is not None:  # D16: answering-machine messages not entered yet
            parts.append(("sb-machine", form(t("Machine {n}", n=machine),
                                             t("On the machine: {n}", n=machine)),
                          alert(machine > 0)))
        if dayclose:
            parts.append(("sb-dayclose", form(t("Unsettled {n}", n=dayclose),
                                              t("Visits to settle: {n}", n=dayclose)), "-alert"))
        name = state.ctx.operator_name
        operator = ("sb-operator", printable(form(name, t("Operator: {name}", name=name))), "")
        if self._online:
            parts.append(("sb-online", self._fit_online([*parts, operator], short, width), ""))
        parts.append(operator)
        return parts

    def _fit_online(self, others: list[tuple[str, str, str]], short: bool, width: int) -> str:
        """The names when the line has room for them, else how many (nothing is cut off:
        the operator's name at the right end stays whole)."""
        pad = 1 if short else 2
        used = sum(cell_len(text) + pad for part, text, _ in others if part != "sb-spacer")
        full = printable(t("Also online: {names}", names=", ".join(self._online)))
        if not width or cell_len(full) <= width - used - pad:
            return full
        return printable(t("+{n} online", n=len(self._online)))

    def render(self) -> Text:
        short = self.has_class("-narrow")
        parts = self._parts(short, self.size.width)
        after = "" if short else " "
        used = sum(cell_len(text) + 1 + len(after) for part, text, _ in parts
                   if part != "sb-spacer")
        line = Text(no_wrap=True, overflow="crop", end="")
        for part, text, mark in parts:
            if part == "sb-spacer":
                line.append(" " * max(0, self.size.width - used))
                continue
            style: Style | str = self.get_component_rich_style(MARKS[mark]) if mark else ""
            line.append(f" {text}{after}", style=style)
        return line
