"""F4: the technicians' day (R3, R4, R7, R8, R12, D1, D8-D10, D15, D18).

One day at a time: a row per active technician, the visit window across. `[`/`]` (Ctrl+Left/
Right) go a day back/forward, `t` today, `g` any date typed as in the ticket form. The cursor
moves over cells and technicians; Enter opens a visit or books a queued ticket into a free cell
(pinned); `m` moves a visit, `s` marks the technician on site, `c` closes the visit with its act,
`o` opens (re-writes) a done visit's act, `x` cancels at the client's request, `z` lists today's
visits left unsettled after the window closed, `w` manages technicians and days off.
Every change goes through a service in a worker; the grid re-renders from the new day snapshot.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from console.i18n import pick, t
from console.rules.calendar import DayKind
from console.rules.visits import PlacementRefused, parse_day
from console.screens.base import ConsoleScreen
from console.screens.dialogs import (
    ChoiceDialog,
    InfoDialog,
    ReasonDialog,
)
from console.screens.held import held_here_text, push_on
from console.screens.visit_closing import VisitClosing
from console.services import tickets, visits
from console.services.slots import (
    MOVABLE,
    DaySnapshot,
    SlotKind,
    SlotVisit,
    load_day,
    ticket_phones,
)
from console.statuses import TicketStatus
from console.widgets.fmt import eta_window, hm
from console.widgets.slot_grid import SlotGrid
from console.widgets.tones import tone

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
VISIT_STATUS = {
    SlotKind.PLANNED: "planned", SlotKind.PINNED: "pinned", SlotKind.IN_PROGRESS: "on site",
    SlotKind.DONE: "done", SlotKind.NO_SHOW: "no-show", SlotKind.FOLLOW_UP: "follow-up needed",
    SlotKind.REFUSED: "refused (R12)",
}
# The legend: how a visit stands (how a closed one ended shows on the visit itself).
LEGEND = (SlotKind.PLANNED, SlotKind.PINNED, SlotKind.IN_PROGRESS, SlotKind.DONE, SlotKind.NO_SHOW)
DAY_KINDS = {
    DayKind.WORKDAY: "working day",
    DayKind.WORKING_WEEKEND: "working Saturday (transferred)",
    DayKind.WEEKEND: "day off: weekend",
    DayKind.HOLIDAY: "day off: {name}",
    DayKind.TRANSFERRED: "day off: {name}",
    DayKind.EXTRA_OFF: "day off: {name}",
    DayKind.EXTRA_WORKING: "working day: {name}",
}


def day_line(day: DaySnapshot) -> str:
    """'Вторник 24.11.2026 · рабочий день' / '… · выходной: Новый год' (R4, D1)."""
    kind = DAY_KINDS.get(DayKind(day.kind), "{name}")
    what = t(kind, name=day.day_name or "—")
    return f"{t(WEEKDAYS[day.day.weekday()])} {day.day:%d.%m.%Y} · {what}"


class TimeslotsScreen(ConsoleScreen):
    """The technicians' day; keeps its day and cursor when the dispatcher switches away."""

    TITLE = "Visits"
    HELP_WIDGETS = (SlotGrid,)  # F1 lists the grid's keys with this screen's
    DEFAULT_CSS = """
    TimeslotsScreen #slots-day { height: 1; }
    TimeslotsScreen #slots-detail { height: 2; }
    """
    BINDINGS = [
        # Fewer footer keys: each costs a widget on every screen switch; all are in F1 and
        # the palette.
        Binding("left_square_bracket,х,ctrl+left", "day(-1)", "Prev. day", id="prev_day",
                tooltip="The previous day"),
        Binding("right_square_bracket,ъ,ctrl+right", "day(1)", "Next day", id="next_day",
                tooltip="The next day"),
        Binding("t,е", "today", "Today", id="today", tooltip="Back to today"),
        Binding("g,п", "goto", "Go to date", id="goto", show=False,
                tooltip="A date as in the ticket form: 25.12, пн, завтра"),
        Binding("m,ь", "move", "Move", id="move",
                tooltip="Move the visit: pick a technician and time, Enter"),
        Binding("s,ы", "on_site", "On site", id="on_site",
                tooltip="The technician is on site: the visit runs from now"),
        Binding("c,с", "close_visit", "Close", id="close_visit",
                tooltip="Close the visit with the act (R7), or a no-show (D18)"),
        Binding("o,щ", "act", "Act", id="act", show=False,
                tooltip="Open (re-write) the act's PDF"),
        Binding("x,ч", "cancel_visit", "Cancel", id="cancel_visit",
                tooltip="The client cancels (R8: less than an hour before asks about 1.1)"),
        Binding("z,я", "day_close", "Day close", id="day_close",
                tooltip="Today's visits nobody settled (after the visit window)"),
        Binding("w,ц", "technicians", "Technicians", id="technicians", show=False,
                tooltip="Add, rename, deactivate technicians; days off"),
        Binding("escape", "stop_moving", "Stop moving", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._date: date | None = None
        self._snapshot: DaySnapshot | None = None
        self._loading: date | None = None
        self._again = False
        self._moving: SlotVisit | None = None
        self.closing = VisitClosing(self)

    def compose_body(self) -> ComposeResult:
        yield Static(id="slots-day", markup=False)
        yield SlotGrid(id="slots-grid")
        yield Static(id="slots-detail", markup=False)

    @property
    def grid(self) -> SlotGrid:
        return self.query_one(SlotGrid)

    @property
    def state(self):
        return self.app.state  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.grid.focus()
        self.state.subscribe("clock", self, self._tick)
        self._date = self.state.now().date()
        # Today comes from the reactor (read in the background like the queue); another day
        # is reloaded whenever the reactor sees a change (this console or another).
        self.state.subscribe("slots_today", self, self._today)
        self.state.subscribe("queue", self, lambda _q: self._other_day_changed())
        self.state.subscribe("counts", self, lambda _c: self._other_day_changed())
        self.state.subscribe("presence", self, self._presence_changed)
        if self._snapshot is None:
            self.reload()

    def _today(self, snapshot: DaySnapshot | None) -> None:
        if snapshot is not None and snapshot.day == self._date and self._loading is None:
            self._show(snapshot)

    def _other_day_changed(self) -> None:
        today = self.state.get("slots_today")
        if today is None or today.day != self._date:
            self.reload()

    # -- loading --
    def reload(self) -> None:
        """Load the day shown in a worker; loads never overlap (one more follows if asked)."""
        if self._date is None:
            return
        if self._loading is not None:
            self._again = True
            return
        day = self._date
        self._loading, self._again = day, False
        state = self.state
        state.run_service(load_day, day, state.ctx.calendar, state.now(), on_done=self._loaded,
                          on_error=self._load_failed, errors=(Exception,), group="slots")

    def _load_failed(self, error: Exception) -> None:
        self._loading = None
        self.app.notify(t("The database did not answer: {error}. Nothing typed was lost; "
                          "try again.", error=str(error).splitlines()[0] if str(error)
                          else type(error).__name__), severity="error")

    def _loaded(self, snapshot: DaySnapshot) -> None:
        self._loading = None
        if self._again or snapshot.day != self._date:
            self.reload()  # asked again meanwhile, or the dispatcher went on to another day
            if snapshot.day != self._date:
                return
        self._show(snapshot)

    def _show(self, snapshot: DaySnapshot) -> None:
        self._snapshot = snapshot
        self.query_one("#slots-day", Static).update(self._day_text(snapshot))
        self.grid.show(snapshot, self.state.now())

    def _day_text(self, day: DaySnapshot) -> Text:
        style = Style(bold=True) if day.working else tone(self, "warn", bold=True)
        text = Text(day_line(day), style=style, no_wrap=True, overflow="ellipsis")
        if day.working:
            text.append("   ")
            for status in LEGEND:
                # The grid's own colours for the status (theme variables, see SlotGrid).
                legend = self.grid.get_component_rich_style(f"slot-grid--{status}")
                text.append(" " + t(VISIT_STATUS[status]) + " ", style=legend)
                text.append(" ")
            text.append("  " + t("◼ booked ◻ free"), style="dim")
        else:
            text.append("   " + t("No visits on a day off (R4)."), style=tone(self, "warn"))
        return text

    def _tick(self, clock) -> None:
        if self._snapshot is not None:
            self.grid.set_now(clock.now)

    # -- navigation --
    def _go(self, day: date) -> None:
        self._date = day
        today = self.state.get("slots_today")
        if today is not None and today.day == day:
            self._show(today)  # at once; the reload below brings it up to the minute
        else:
            self.query_one("#slots-day", Static).update(
                Text(f"{t(WEEKDAYS[day.weekday()])} {day:%d.%m.%Y} …", style="bold"))
        self.reload()

    def action_day(self, step: int) -> None:
        if self._date is not None:
            self._go(self._date + timedelta(days=step))

    def action_today(self) -> None:
        self._go(self.state.now().date())

    def action_goto(self) -> None:
        now = self.state.now()

        def check(text: str) -> str | None:
            value = parse_day(text, now)
            return t(value) if isinstance(value, str) else None

        def got(text: str | None) -> None:
            if text:
                value = parse_day(text, now)
                if isinstance(value, date):
                    self._go(value)

        self.app.push_screen(
            ReasonDialog(t("Go to date"), t("25.12, 25.12.2026, пн, завтра"),
                         placeholder=t("Date"), check=check), got)

    # -- the cursor --
    def on_slot_grid_cursor_moved(self, event: SlotGrid.CursorMoved) -> None:
        self._show_detail(event.technician, event.at, event.visit)

    def _show_detail(self, tech, at: datetime | None, visit: SlotVisit | None) -> None:
        detail = self.query_one("#slots-detail", Static)
        if tech is None or at is None:
            empty = self._snapshot is not None and not self._snapshot.technicians
            detail.update(t("No active technicians: add one with w.") if empty else "")
            return
        text = Text()
        if visit is None:
            end = at + timedelta(minutes=self.grid.cell_minutes)
            text.append(f"{tech.name} · {at:%H:%M}-{end:%H:%M} · ", style="bold")
            if tech.off_reason is not None:
                text.append(t("day off: {reason}", reason=tech.off_reason or "—"))
            elif self._snapshot is not None and not self._snapshot.working:
                text.append(t("No visits on a day off (R4)."))
            elif end <= self.state.now():
                text.append(t("past: no visit starts here"))
            else:
                text.append(t("free: Enter books a queued ticket here"))
        else:
            text.append(f"№{visit.ticket_id} ", style="bold")
            text.append(f"{visit.start.astimezone(at.tzinfo):%H:%M}-"
                        f"{visit.end.astimezone(at.tzinfo):%H:%M} · ")
            text.append(t(VISIT_STATUS.get(visit.status, visit.status)) + " · ")
            text.append(f"{visit.address} · {visit.client} · {visit.description or '—'}")
            held = held_here_text(self, f"ticket:{visit.ticket_id}")
            if held:
                text.append(" · " + held, style=tone(self, "warn", bold=True))
        detail.update(text, layout=False)  # a fixed two-line box: no re-layout per key

    def _presence_changed(self, _presence) -> None:
        """Another console opened or closed a dialog on a visit's ticket (D14)."""
        if self._moving is None and self._snapshot is not None:
            self._show_detail(self.grid.technician, self.grid.cursor_time, self.grid.visit)

    def on_slot_grid_selected(self, event: SlotGrid.Selected) -> None:
        if self._moving is not None:
            self._drop_moving(event.technician, event.at)
        elif event.visit is not None:
            visit = event.visit
            self.state.run_service(ticket_phones, visit.ticket_id,
                                   on_done=lambda phones: self._open_visit(visit, phones))
        elif event.technician is not None and event.at is not None:
            self._offer_booking(event.technician, event.at)

    def _start_at(self, at: datetime) -> datetime:
        """A cell's start; in the cell holding now, the next 5 minutes (a visit never starts
        in the past)."""
        now = self.state.now()
        if at <= now < at + timedelta(minutes=self.grid.cell_minutes):
            at = now.replace(second=0, microsecond=0) + timedelta(minutes=5 - now.minute % 5)
        return at

    # -- booking --
    def _offer_booking(self, tech, at: datetime) -> None:
        """Enter on a free cell: the queue's tickets that need a visit, best first (D8)."""
        if at + timedelta(minutes=self.grid.cell_minutes) <= self.state.now():
            self.notify(t("That time has passed: choose a later cell."), severity="warning")
            return  # the list would only end in the service's refusal
        queue = self.state.get("queue")
        rows = [r for r in (queue.rows if queue else ())
                if r.needs_visit and r.status == TicketStatus.OPEN]
        if not rows:
            self.notify(t("No queued ticket needs a visit."), severity="warning")
            return
        start = self._start_at(at)
        window = self._snapshot.window if self._snapshot is not None else None
        if window is not None:
            # R3: only the tickets whose work ends inside the window from this start.
            reference = self.state.ctx.reference
            lengths = {tt.code: timedelta(minutes=tt.duration_min)
                       for tt in reference.task_types}
            rows = [r for r in rows
                    if start + lengths.get(r.task_code, timedelta(0)) <= window[1]]
            if not rows:
                self.notify(t("No queued ticket fits here: a visit must end by {end} (R3).",
                              end=f"{window[1]:%H:%M}"), severity="warning")
                return
        by_id = {str(r.id): r for r in rows}
        options = [
            (str(r.id), f"№{r.id} · {pick(r.task_ru, r.task_en)} · {r.address} · "
             + (eta_window(r.eta_start) or t("no slot")))
            for r in rows[:200]
        ]

        def chosen(key: str | None) -> None:
            if key is not None:
                row = by_id[key]
                self.call_service(visits.place, row.id, tech.id, start, version=row.version)

        self.pick(t("Book {tech} at {time}: which ticket?", tech=tech.name,
                     time=f"{start:%d.%m %H:%M}"), options, chosen)

    # -- moving --
    def action_move(self) -> None:
        visit = self.grid.visit
        if visit is None:
            self.notify(t("Put the cursor on a visit first."), severity="warning")
            return
        if visit.status not in MOVABLE:
            self.refused(tickets.TicketError(
                "The visit has already started: it cannot be moved or reassigned"))
            return
        self._moving = visit
        self.state.open_entity(f"ticket:{visit.ticket_id}")  # other consoles see it moving
        self.query_one("#slots-detail", Static).update(Text(
            t("Moving №{ticket}: put the cursor on a technician and time, Enter to place it, "
              "Esc to leave it where it is.", ticket=visit.ticket_id),
            style=tone(self, "warn", bold=True)))

    def action_stop_moving(self) -> None:
        if self._moving is not None:
            self._moving = None
            self.state.open_entity(None)
            self._show_detail(self.grid.technician, self.grid.cursor_time, self.grid.visit)

    def _drop_moving(self, tech, at: datetime | None) -> None:
        visit, self._moving = self._moving, None
        self.state.open_entity(None)
        if visit is None or tech is None or at is None:
            return
        self.call_service(visits.place, visit.ticket_id, tech.id, self._start_at(at),
                   version=visit.version)

    # -- on site --
    def action_on_site(self) -> None:
        visit = self.grid.visit
        if visit is None:
            self.notify(t("Put the cursor on a visit first."), severity="warning")
            return
        self.call_service(tickets.start_visit, visit.ticket_id, version=visit.version)

    def _open_visit(self, v: SlotVisit, phones: tuple[str, ...] = ()) -> None:
        told = t("{time}, told {when}", time=eta_window(v.told_start), when=hm(v.told_at)) \
            if v.told_start else t("not told yet")
        lines = [
            (t("Ticket"), f"№{v.ticket_id}"),
            (t("Status"), t(VISIT_STATUS.get(v.status, v.status))),
            (t("Visit"), f"{hm(v.start)}-{hm(v.end)[-5:]}"),
            (t("Contract"), v.contract_number),
            (t("Client"), v.client),
            (t("Address"), v.address),
            (t("Task"), pick(v.task_ru, v.task_en)),
            (t("What is wrong"), v.description),
            (t("Responsible person"), v.responsible_name),
            (t("Contact phone"), v.contact_phone),
            (t("Contract phones"), ", ".join(phones)),
            (t("Intercom code"), t("No intercom") if v.no_intercom else v.intercom_code),
            (t("What was told"), told),
        ]
        if v.started_at is not None:
            lines.append((t("On site since"), hm(v.started_at)))
        held = held_here_text(self, f"ticket:{v.ticket_id}")
        if held:
            lines.append((t("Open elsewhere"), held))
        push_on(self, f"ticket:{v.ticket_id}",
                InfoDialog(t("Ticket {ticket}", ticket=f"№{v.ticket_id}"), lines))

    # -- closing (the act, a no-show), the act's PDF, cancelling: visit_closing.py --
    def action_close_visit(self) -> None:
        self.closing.close(self.grid.visit)

    def action_act(self) -> None:
        self.closing.rewrite_act(self.grid.visit)

    def action_cancel_visit(self) -> None:
        self.closing.cancel(self.grid.visit)

    def action_technicians(self) -> None:
        from console.screens.technicians import TechniciansScreen

        self.app.push_screen(TechniciansScreen(), lambda _r: self.reload())

    # -- the day close --
    def action_day_close(self) -> None:
        from console.screens.day_close import DayCloseScreen

        self.app.push_screen(DayCloseScreen(self.closing))

    # -- shared by the actions --
    def call_service(self, fn, *args, on_done=None, on_error=None, **kwargs) -> None:
        state = self.state
        state.run_service(
            fn, *args, operator=state.ctx.operator_login, calendar=state.ctx.calendar,
            now=state.now(), on_done=on_done or self.applied, on_error=on_error or self.refused,
            refresh=True, **kwargs)

    def applied(self, outcome) -> None:
        replan = getattr(outcome, "replan", outcome)
        if getattr(replan, "notified", ()):
            self.app.open_notify_after_change()  # type: ignore[attr-defined]
        self.reload()

    def refused(self, error: Exception) -> None:
        """A service said no: the sentence next to the grid, nothing changed."""
        if isinstance(error, PlacementRefused):
            message = t(error.key, **error.values)
        elif isinstance(error, tickets.StaleTicket):
            message = t("The ticket was changed on another console. "
                        "The queue now shows its current state: repeat the action if still needed.")
        else:
            message = t(str(error))
        self.query_one("#slots-detail", Static).update(
            Text(message, style=tone(self, "bad", bold=True)))
        self.notify(message, severity="warning")
        self.state.refresh(force=True)

    def pick(self, title: str, options: list[tuple[str, str]], then,
             entity: str | None = None) -> None:
        """A choice; on `entity` ("ticket:12") other consoles see it open here meanwhile."""
        if entity is None:
            self.app.push_screen(ChoiceDialog(title, options), then)
        else:
            push_on(self, entity, ChoiceDialog(title, options), then)

