"""The status bar on every screen: Moscow time, service mode, call timer, operator, counters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label

from console.i18n import t
from console.rules.calendar import ServiceMode
from console.rules.text import printable
from console.services.counts import Counts

if TYPE_CHECKING:
    from console.state import ClockSnapshot

NARROW = 150  # columns
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def mode_label(mode: ServiceMode) -> str:
    """D2: the service mode in words, shown at all times."""
    return t("INTAKE OPEN") if mode is ServiceMode.OPEN else t("TICKET INTAKE ONLY")


class StatusBar(Horizontal):
    """One line at the top of every screen, fed by the reactor's `clock` and `counts` parts."""

    DEFAULT_CSS = """
    StatusBar { height: 1; dock: top; background: $panel; }
    StatusBar Label { padding: 0 1; height: 1; }
    StatusBar #sb-mode.-open { background: $success; color: $text; text-style: bold; }
    StatusBar #sb-mode.-intake { background: $warning; color: $background; text-style: bold; }
    StatusBar #sb-spacer { width: 1fr; }
    StatusBar #sb-online { display: none; }
    StatusBar #sb-online.-shown { display: block; }
    StatusBar.-narrow Label { padding: 0 0 0 1; }

    StatusBar .-alert { color: $error; text-style: bold; }
    StatusBar #sb-call.-warn { background: $warning; color: $background; }
    StatusBar #sb-call.-alert { background: $error; color: $text; }
    """

    _counts = Counts()

    def compose(self) -> ComposeResult:
        # Filled from the current snapshots at once, so the very first frame is complete.
        state = self.app.state  # type: ignore[attr-defined]
        clock = state.get("clock")
        yield Label(self._time_text(clock), id="sb-time")
        yield Label(mode_label(clock.mode), id="sb-mode")
        yield Label(id="sb-call")
        yield Label(id="sb-spacer")
        yield Label(id="sb-tickets")
        yield Label(id="sb-notify")
        yield Label(id="sb-callbacks")
        yield Label(id="sb-helpdesk")
        yield Label(id="sb-claims")
        yield Label(id="sb-machine")  # D16: answering-machine messages not entered yet
        yield Label(id="sb-dayclose")
        yield Label(id="sb-online")
        yield Label(Text(t("Operator: {name}", name=state.ctx.operator_name)), id="sb-operator")

    def on_mount(self) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        state.subscribe("clock", self, self.show_clock)
        state.subscribe("counts", self, self.show_counts)
        state.subscribe("call", self, self.show_call)
        state.subscribe("callbacks", self, lambda _s: self.show_callbacks())
        state.subscribe("dayclose", self, self.show_dayclose)
        state.subscribe("presence", self, self.show_online)

    def show_dayclose(self, count: int | None) -> None:
        """F4: visits of today left unsettled after the visit window (shown only then)."""
        self._dayclose = count or 0
        label = self.query_one("#sb-dayclose", Label)
        label.update(self._texts(self.has_class("-narrow"))["sb-dayclose"])
        label.display = bool(count)
        label.set_class(bool(count), "-alert")
        self._choose_form()

    def show_online(self, presence) -> None:
        """Who else is online (other consoles on the same database)."""
        self._online = tuple(getattr(presence, "others", ()))
        self.query_one("#sb-online", Label).set_class(bool(self._online), "-shown")
        self._choose_form()
        self._fit_online()

    def _fit_online(self) -> None:
        """The names when the line has room for them, else how many (nothing is cut off:
        the operator's name at the right end stays whole)."""
        others = getattr(self, "_online", ())
        if not others:
            return
        label = self.query_one("#sb-online", Label)
        pad = 1 if self.has_class("-narrow") else 2
        used = sum(cell_len(str(x.render())) + pad for x in self.query(Label)
                   if x.display and x.id not in ("sb-online", "sb-spacer"))
        full = printable(t("Also online: {names}", names=", ".join(others)))
        room = self.size.width - used - pad
        text = full if cell_len(full) <= room or not self.size.width else printable(
            t("+{n} online", n=len(others)))
        if str(label.render()) != text:
            label.update(Text(text))

    def show_call(self, call) -> None:
        self._call_started = getattr(call, "started_at", None)
        self._show_timer(self.app.state.get("clock"))  # type: ignore[attr-defined]

    def _show_timer(self, clock: ClockSnapshot | None) -> None:
        """D6: the running call's timer, amber from 12:00, red from 15:00."""
        label = self.query_one("#sb-call", Label)
        started = getattr(self, "_call_started", None)
        if started is None or clock is None:
            label.update("")
            label.set_classes("")
            return
        seconds = max(0, int((clock.now - started).total_seconds()))
        label.update(t("Call {time}", time=f"{seconds // 60:02d}:{seconds % 60:02d}"))
        policy = self.app.state.ctx.reference.policy  # type: ignore[attr-defined]
        label.set_class(seconds >= policy.call_warn_min * 60, "-warn")
        label.set_class(seconds >= policy.call_limit_min * 60, "-alert")

    def _time_text(self, clock: ClockSnapshot, short: bool | None = None) -> str:
        if self.has_class("-narrow") if short is None else short:
            return clock.now.strftime("%H:%M:%S")
        day = t(WEEKDAYS[clock.now.weekday()])
        return f"{day} {clock.now.strftime('%d.%m.%Y %H:%M:%S')} {t('MSK')}"

    def _due_callbacks(self) -> int:
        state = self.app.state  # type: ignore[attr-defined]
        snapshot = state.get("callbacks")
        return len(snapshot.due(state.now())) if snapshot is not None else 0

    def show_callbacks(self) -> None:
        """Callbacks that have come due and are not worked off yet (like notifications)."""
        due = self._due_callbacks()
        label = self.query_one("#sb-callbacks", Label)
        label.display = due > 0
        self._counter("#sb-callbacks", self._texts(self.has_class("-narrow"))["sb-callbacks"],
                      due > 0)

    def show_clock(self, clock: ClockSnapshot) -> None:
        self._show_timer(clock)
        self.show_callbacks()
        self.query_one("#sb-time", Label).update(self._time_text(clock))
        mode = self.query_one("#sb-mode", Label)
        mode.update(mode_label(clock.mode))
        mode.set_class(clock.mode is ServiceMode.OPEN, "-open")
        mode.set_class(clock.mode is not ServiceMode.OPEN, "-intake")
        self._choose_form()
        self._fit_online()  # the counters' widths change as they count

    def on_resize(self) -> None:
        self._choose_form()
        self._fit_online()

    def _texts(self, short: bool) -> dict[str, str]:
        """Each label's text in its short or its full form (one place for both)."""
        state = self.app.state  # type: ignore[attr-defined]
        counts, due, dayclose = self._counts, self._due_callbacks(), getattr(self, "_dayclose", 0)
        name = state.ctx.operator_name
        machine = counts.machine_left

        def form(short_text: str, full_text: str) -> str:
            return short_text if short else full_text

        return {
            "sb-time": self._time_text(state.get("clock"), short),
            "sb-tickets": form(t("Tickets {n}", n=counts.open_tickets),
                               t("Tickets: {n}", n=counts.open_tickets)),
            "sb-notify": form(t("Notify {n}", n=counts.pending_notifications),
                              t("To notify: {n}", n=counts.pending_notifications)),
            "sb-helpdesk": form(t("HD late {n}", n=counts.overdue_helpdesk),
                                t("HelpDesk overdue: {n}", n=counts.overdue_helpdesk)),
            "sb-claims": form(t("Claims late {n}", n=counts.overdue_claims),
                              t("Claims overdue: {n}", n=counts.overdue_claims)),
            "sb-machine": "" if machine is None else form(
                t("Machine {n}", n=machine), t("On the machine: {n}", n=machine)),
            "sb-callbacks": form(t("Call back {n}", n=due), t("Callbacks due: {n}", n=due)),
            "sb-dayclose": "" if not dayclose else form(
                t("Unsettled {n}", n=dayclose), t("Visits to settle: {n}", n=dayclose)),
            # The others online at their shortest: the label fits itself into the room left.
            "sb-online": t("+{n} online", n=len(getattr(self, "_online", ()))),
            "sb-operator": form(name, t("Operator: {name}", name=name)),
        }

    def _choose_form(self) -> None:
        """The short forms below NARROW columns, and wherever the full ones would not fit
        (a busy day: every counter, the day close and the others online at once), so the
        line is never cut off at the right, where the operator's name is."""
        if not self.size.width:
            return
        full = self._texts(False)
        needed = sum(cell_len(full.get(x.id or "", str(x.render()))) + 2
                     for x in self.query(Label) if x.display and x.id != "sb-spacer")
        short = self.size.width < NARROW or needed > self.size.width
        if short == self.has_class("-narrow"):
            return
        self.set_class(short, "-narrow")
        self.show_counts(self._counts)
        self.show_dayclose(getattr(self, "_dayclose", 0))
        self._show_operator()
        clock = self.app.state.get("clock")  # type: ignore[attr-defined]
        if clock is not None:
            self.show_clock(clock)

    def _show_operator(self) -> None:
        text = self._texts(self.has_class("-narrow"))["sb-operator"]
        self.query_one("#sb-operator", Label).update(Text(text))

    def show_counts(self, counts: Counts) -> None:
        self._counts = counts
        texts = self._texts(self.has_class("-narrow"))
        self._counter("#sb-tickets", texts["sb-tickets"], False)
        self._counter("#sb-notify", texts["sb-notify"], counts.pending_notifications > 0)
        self._counter("#sb-helpdesk", texts["sb-helpdesk"], counts.overdue_helpdesk > 0)
        self._counter("#sb-claims", texts["sb-claims"], counts.overdue_claims > 0)
        machine = self.query_one("#sb-machine", Label)
        machine.display = counts.machine_left is not None
        if counts.machine_left is not None:
            self._counter("#sb-machine", texts["sb-machine"], counts.machine_left > 0)
        self._choose_form()

    def _counter(self, selector: str, text: str, alert: bool) -> None:
        label = self.query_one(selector, Label)
        label.update(text)
        label.set_class(alert, "-alert")
