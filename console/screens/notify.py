"""The notify prompt (D9, R11): clients whose booked visit moved, one key per answer.

It lists every pending notification from the reactor's `notify` part, shows the sentence to read
out for the client under the cursor, and records the answer in a worker. Closing it answers
nothing: the clients stay on the list (and in the status bar count) until answered.

One screen serves every opening (`notify_screen`): it opens after each change that moved told
visits, and building it anew cost ~60 ms of the UI thread each time, spent while the reload it
waits for was reading (issue 12). Each opening starts it as a new one would start.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from console.i18n import t
from console.rules.told import arrival_window
from console.screens.base import keep_styles_if_unchanged
from console.screens.changes import what, when_who
from console.screens.dialogs import ChoiceDialog, _Dialog, ask_charge
from console.services import notify, ticket_history, tickets
from console.services.notify import NotifyItem, NotifySnapshot
from console.services.ticket_history import Change
from console.statuses import NotificationStatus
from console.widgets.fmt import eta_window, hm, work_length
from console.widgets.footer import ConsoleFooter
from console.widgets.kept_rows import KeptRows
from console.widgets.line_table import Cell, Column, LineTable, RowKey
from console.widgets.said import say as said

REASONS = {"shifted": "moved", "other_day": "another day", "unplaced": "no slot",
           "placed": "time found", "confirm": "confirm message",
           "confirm_web": "confirm web question"}
STATUSES = {"pending": "to call", "unreachable": "unreachable"}
INSTALLED = "notify"  # the name the kept screen is installed under


def arrival(item: NotifyItem, calendar: object | None) -> str:
    """The new time as the client hears it: the arrival window of the intake's sentence
    (R3, R10, D8: '12.01 between 10:30 and 11:30'), or the ETA ± the accuracy without a
    calendar to narrow it."""
    if item.new_start is None:
        return "—"
    if calendar is None:
        return eta_window(item.new_start)
    accuracy = getattr(calendar, "eta_accuracy", timedelta(hours=1))
    start, end = arrival_window(item.new_start, calendar, accuracy,
                                duration=timedelta(minutes=item.duration_min),
                                desired=item.desired_at)
    if start == end:  # no room either side: one time, not "16:00-16:00"
        return t("{day} at {start}", day=hm(start)[:5], start=hm(start)[6:])
    return t("{day} between {start} and {end}", day=hm(start)[:5], start=hm(start)[6:],
             end=hm(end)[6:])


def sentence(item: NotifyItem, calendar: object | None = None) -> str:
    """What the dispatcher reads out (R10: the new time is accurate to within an hour)."""
    if item.reason == "placed":  # D15: told "no technician free yet"; now there is one
        return t(
            "Hello, this is technical support. A technician can now come on {new}. "
            "Is that convenient for you?",
            new=arrival(item, calendar),
        )
    if item.reason == "confirm_web":  # a visit taken from a HelpDesk question (R5)
        return t(
            "Hello, this is technical support, about your question on our website. "
            "The technician can come on {new}; the responsible person must know the details, "
            "give access and sign the act (R7). Is that convenient for you?",
            new=arrival(item, calendar),
        )
    if item.reason == "confirm":  # D16: a message from the answering machine
        return t(
            "Hello, this is technical support, about your message on the answering machine. "
            "The technician can come on {new}; the responsible person must know the details, "
            "give access and sign the act (R7). Is that convenient for you?",
            new=arrival(item, calendar),
        )
    if item.new_start is None:
        return t(
            "Hello, this is technical support. Your visit on {old} has to be moved; we "
            "will call you back with a new time. Is that convenient?",
            old=hm(item.old_start),
        )
    return t(
        "Hello, this is technical support. The technician's visit moves from {old} to "
        "{new}; the work will take about {duration}. Is that convenient for you?",
        old=hm(item.old_start),
        new=arrival(item, calendar),
        duration=work_length(item.duration_min),
    )


class NotifyScreen(_Dialog):
    """Work the notify list: 1 called, 2 SMS, 3 unreachable, 4 client cancels, C copy phone."""

    DEFAULT_CSS = """
    NotifyScreen > Vertical { width: 150; max-width: 98%; height: 80%; }
    NotifyScreen LineTable { height: 1fr; }
    NotifyScreen #notify-say { border: round $accent; padding: 0 1; height: auto; }
    """
    BINDINGS = [
        Binding("1", "answer('called')", "Called, agreed", id="called",
                tooltip="The client was called and agreed to the new time"),
        Binding("2", "answer('sms')", "SMS sent", id="sms",
                tooltip="The new time was sent to the client by SMS"),
        Binding("3", "answer('unreachable')", "Unreachable", id="unreachable",
                tooltip="No answer: the client comes back on the list in 15 minutes"),
        Binding("4", "answer('client_cancels')", "Client cancels", id="client_cancels",
                tooltip="The client cancels the visit: cancel the ticket (asks first; R8)"),
        Binding("c,с", "copy_phone", "Copy phone", id="copy",
                tooltip="Copy the client's phone number"),
        Binding("escape", "back", "Close", id="close",
                tooltip="Close the list; unanswered clients stay on it"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._items: dict[int, NotifyItem] = {}
        self._snapshot: NotifySnapshot | None = None
        self._start()

    def _start(self) -> None:
        """What an opening starts from."""
        self._seen_any = False
        # Item 17: the item under the cursor stays when another console answers it, saying
        # who answered and when; items this console answered just leave.
        self._kept: KeptRows[RowKey] = KeptRows()
        self._answers: dict[int, Change | None] = {}
        self._mine: set[int] = set()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        keep_styles_if_unchanged(self, event)  # kept, opened again after every urgent ticket
        super()._on_screen_resume(event)

    def reopen(self) -> None:
        """Ready to be pushed again, as a new screen: nothing kept from the last opening, the
        cursor on the first client, the list as it is now."""
        self.dismissed = False
        self._start()
        # The list as the reactor has it now: the one its signal brings next (the reload that
        # opened it) is then not laid out a second time (`show`).
        current = self.app.state.get("notify")  # type: ignore[attr-defined]
        if current is not None:
            self._snapshot = current
        if self.is_mounted:
            self.query_one(LineTable).set_lazy_rows((), lambda _i: ())  # the cursor to the top
            self._show_rows(opening=True)

    def _open(self) -> bool:
        """On a screen stack (maybe under a dialog): it shows the list as it changes."""
        return any(self in stack for stack in self.app._screen_stacks.values())

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("Clients to notify (D9)"), classes="dialog-title")
            yield LineTable(
                [
                    Column("client", t("Client"), flex=3),
                    Column("phone", t("Phone"), width=18),
                    Column("old", t("Was"), width=12),
                    Column("new", t("Now"), width=18),
                    Column("why", t("Why"), width=12),
                    Column("status", t("Status"), width=26),
                    Column("tries", t("Tries"), width=8, align="right"),
                ],
                id="notify-table",
            )
            yield Static(id="notify-say")
        yield ConsoleFooter()

    def on_mount(self) -> None:
        self.app.state.subscribe("notify", self, self.show)  # type: ignore[attr-defined]
        self.query_one(LineTable).focus()

    def show(self, snapshot: NotifySnapshot | None) -> None:
        if snapshot is None:
            return  # not loaded yet: the first refresh follows the first frame
        if snapshot is self._snapshot and self._open():
            return  # shown when it opened (`reopen`)
        self._snapshot = snapshot
        self._show_rows()

    def _show_rows(self, opening: bool = False) -> None:
        """Give the table the rows to show; their cells are made only when the table shows
        them: after an urgent ticket the list may hold a thousand clients, and the list opens
        while the re-plan's reload is still reading (issue 12). Closed, it only keeps the
        snapshot (`reopen` shows it)."""
        snapshot = self._snapshot
        if snapshot is None or not (opening or self._open()):
            return
        now = self.app.state.now()  # type: ignore[attr-defined]
        items = self._items = {item.id: item for item in snapshot.items}
        table = self.query_one(LineTable)
        before = set(self._kept.keys)
        order = self._kept.place(table, list(items), keep=lambda key: key not in self._mine)
        for key in set(self._kept.keys) - before:
            if isinstance(key, int):  # a notification's id, as every row's
                self._ask_who_answered(key)
        kept = {key: tuple(self._mark(key, self._kept.cells(key))) for key in self._kept.keys}
        if not order and self._seen_any:
            self.notify(t("Everyone on the list has been answered."))
            self.dismiss(None)
            return
        self._seen_any = self._seen_any or bool(snapshot.items)
        styles: dict[RowKey, str] = {
            item.id: "moved" for item in snapshot.items if not item.due(now)}
        for key in kept:
            styles[key] = "alert"

        def make(i: int) -> tuple[Cell, ...]:
            key = order[i]
            if key in kept:
                return kept[key]
            return self._cells(items[key], now) if isinstance(key, int) else ()

        table.set_lazy_rows(order, make, styles=styles)
        self._say()

    @staticmethod
    def _cells(item: NotifyItem, now: datetime) -> tuple[Cell, ...]:
        status = t(STATUSES.get(item.status, item.status))
        if not item.due(now):
            status = t("again {time}", time=hm(item.retry_at)[-5:])
        return (
            item.client,
            item.phone,
            hm(item.old_start),
            eta_window(item.new_start) or t("no slot"),
            t(REASONS.get(item.reason, item.reason)),
            status,
            str(item.attempts),
        )

    def _mark(self, key, cells):
        """A kept row: its status column says it was answered elsewhere, and by whom."""
        change = self._answers.get(key)
        status = t("answered: {who}", who=when_who(change)) if change else t("answered elsewhere")
        return (*cells[:5], status, *cells[6:])

    def _ask_who_answered(self, key: int) -> None:
        def got(change: Change | None) -> None:
            self._answers[key] = change
            if key in self._kept:
                self._show_rows()

        self.app.state.run_service(ticket_history.answered, key, on_done=got)  # type: ignore

    def _answered_elsewhere(self, key: int) -> str:
        change = self._answers.get(key)
        if change is None:
            return t("This client was answered on another console. Move to the next one.")
        return t("This client was answered on another console: {what} ({who}). "
                 "Move to the next one.", what=what(change), who=when_who(change))

    def on_line_table_cursor_moved(self, event: LineTable.CursorMoved) -> None:
        if self._kept.release(event.row_key):
            self._show_rows()  # the answered row the cursor left goes
        self._say()

    def _current(self) -> NotifyItem | None:
        key = self.query_one(LineTable).cursor_key
        return self._items.get(key) if isinstance(key, int) else None

    def _say(self) -> None:
        item = self._current()
        say = self.query_one("#notify-say", Static)
        key = self.query_one(LineTable).cursor_key
        if item is None and isinstance(key, int) and key in self._kept:
            said(say, Text(self._answered_elsewhere(key)))
            return
        calendar = self.app.state.ctx.calendar  # type: ignore[attr-defined]
        said(say, Text(sentence(item, calendar)) if item else t("Nobody to notify."))

    def action_copy_phone(self) -> None:
        item = self._current()
        if item and item.phone:
            self.app.copy_to_clipboard(item.phone)
            self.notify(t("Copied: {phone}", phone=item.phone))

    def action_answer(self, result: str) -> None:
        item = self._current()
        key = self.query_one(LineTable).cursor_key
        if item is None:
            if isinstance(key, int) and key in self._kept:  # never another client's (item 17)
                self.notify(self._answered_elsewhere(key), severity="warning")
            return
        if result == NotificationStatus.CLIENT_CANCELS:
            self._confirm_cancel(item)
            return
        self._answer(item, result)

    def _confirm_cancel(self, item: NotifyItem) -> None:
        """Item 19: `4` cancels a ticket, so it asks first."""

        def chosen(choice: str | None) -> None:
            if choice in ("client", "responsible"):  # R8/D10: who asked is recorded
                self._answer(item, NotificationStatus.CLIENT_CANCELS, cancelled_by=choice)

        self.app.push_screen(
            ChoiceDialog(
                t("{client} cancels the visit: cancel ticket №{ticket}?",
                  client=item.client, ticket=item.ticket_id),
                [("client", t("Yes, the client cancels: cancel the ticket")),
                 ("responsible", t("Yes, the responsible person cancels: cancel the ticket")),
                 ("no", t("No, back to the list"))],
            ),
            chosen,
        )

    def _answer(self, item: NotifyItem, result: str, cancelled_by: str = "client") -> None:
        state = self.app.state  # type: ignore[attr-defined]
        notice_at = state.now()  # R8/D10: the client said it now, not when the dialog closed
        self._mine.add(item.id)  # before the refresh that drops it can arrive

        def run(charge: bool | None = None, waiver: str = "") -> None:
            state.run_service(
                notify.answer,
                item.id,
                result,
                operator=state.ctx.operator_login,
                calendar=state.ctx.calendar,
                now=state.now(),
                notice_at=notice_at,
                cancelled_by=cancelled_by,
                charge=charge,
                waiver_reason=waiver,
                policy=state.ctx.reference.policy,
                on_error=refused,
                refresh=True,
                hold_keys=True,  # the answer may be the R8 charge question
            )

        def refused(error: Exception) -> None:
            if isinstance(error, tickets.ChargeDecisionNeeded):
                ask_charge(self.app, error.told_start, error.price_kopecks, run)
                return
            self._mine.discard(item.id)
            if isinstance(error, notify.AlreadyAnswered):
                self._answers[item.id] = error.change
                self.notify(self._answered_elsewhere(item.id), severity="warning", timeout=8)
                return
            self.notify(t(str(error)), severity="warning")

        run()


def notify_screen(app: App) -> NotifyScreen:
    """The notify list to push: the one kept for the app (installed on its first opening),
    ready for a new opening; a new one while that one is open in another mode (Ctrl+N leaves
    it open under F3 and goes to F2)."""
    if not app.is_screen_installed(INSTALLED):
        screen = NotifyScreen()
        app.install_screen(screen, INSTALLED)
        return screen
    kept = cast(NotifyScreen, app.get_screen(INSTALLED))
    if kept._open():
        return NotifyScreen()
    kept.reopen()
    return kept
