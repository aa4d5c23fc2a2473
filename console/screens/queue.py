"""F3: the live priority queue (R9-R11, D8-D10).

Every open ticket in queue order with its ETA window; it updates live from the reactor's `queue`
part. Keys turn into service calls in workers; a re-plan that moves told visits opens the notify
list. Rows the last change moved are marked with how far their ETA moved.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from console.i18n import pick, t
from console.rules import queue_filter
from console.rules.normalize import format_phone
from console.rules.text import printable
from console.screens.base import ConsoleScreen
from console.screens.changes import describe
from console.screens.dialogs import ChoiceDialog, InfoDialog, ReasonDialog, ask_charge
from console.screens.held import held_here_text, push_on
from console.services import ticket_history, tickets
from console.services.queue_view import QueueRow, QueueSnapshot
from console.services.technicians import list_technicians
from console.services.ticket_history import Change
from console.statuses import TicketStatus
from console.widgets.filter_row import FilterRow
from console.widgets.fmt import age, eta_window, hm, shift, short_address
from console.widgets.kept_rows import KeptRows
from console.widgets.line_table import Column, LineTable, column_widths
from console.widgets.said import say
from console.widgets.tones import tone

STATUS: dict[str, str] = {TicketStatus.OPEN: "queued", TicketStatus.IN_PROGRESS: "on site"}
FIELD_LABELS = {"priority": "Priority", "status": "Status", "technician_id": "Assigned",
                "pinned": "Pinned", "desired_at": "Desired time", "eta_start": "ETA"}


NARROW = 130  # columns: below this the queue drops what the detail line shows anyway
NARROW_HIDDEN = ("pos", "told", "age", "moved")


def columns(narrow: bool = False) -> list[Column]:
    every = [
        Column("pos", "#", width=5, align="right"),
        Column("prio", t("Pri."), width=4, align="right"),
        Column("id", t("Ticket"), width=7),
        Column("task", t("Task"), flex=2),
        Column("address", t("Address"), flex=3),
        Column("client", t("Client"), flex=2),
        Column("status", t("Status"), width=10),
        Column("tech", t("Technician"), flex=2),
        Column("eta", t("ETA"), width=16),
        Column("told", t("Told"), width=11),
        Column("moved", t("Moved"), width=13),
        Column("age", t("Age"), width=6, align="right"),
    ]
    return [c for c in every if not (narrow and c.key in NARROW_HIDDEN)]


def ticket_no(ticket_id: int) -> str:
    return f"№{ticket_id}"


def priority_cell(row: QueueRow) -> str:
    """D17: a ticket moved off its Appendix No. 4 class shows which way: '1↑', '4↓'."""
    if not row.class_priority or row.priority == row.class_priority:
        return str(row.priority)
    return f"{row.priority}{'↑' if row.priority < row.class_priority else '↓'}"


def stale_message(error: tickets.StaleTicket) -> str:
    """Item 18: what changed on the ticket and who changed it, not just that it changed."""
    if error.history:
        changes = "; ".join(describe(change) for change in error.history)
        return t("{ticket} was changed on another console: {changes}. Nothing was done; the "
                 "queue shows it as it is now: repeat the action if still needed.",
                 ticket=ticket_no(error.ticket_id), changes=changes)
    fields = ", ".join(t(FIELD_LABELS.get(k, k)) for k in error.changes) or "?"
    return t("{ticket} was changed on another console ({fields}). Nothing was done; the "
             "queue shows it as it is now: repeat the action if still needed.",
             ticket=ticket_no(error.ticket_id), fields=fields)


class QueueScreen(ConsoleScreen):
    """The queue; the table keeps its cursor on the same ticket across refreshes."""

    TITLE = "Queue"
    BINDINGS = [
        Binding(
            "plus,equals_sign",
            "raise_priority",
            "Raise",
            id="raise",
            tooltip="Raise the priority (asks a reason)",
        ),
        Binding(
            "minus",
            "lower_priority",
            "Lower",
            id="lower",
            tooltip="Lower the priority (asks a reason)",
        ),
        Binding("p,з", "pin", "Pin", id="pin", tooltip="Pin or unpin the visit time"),
        Binding("a,ф", "assign", "Assign", id="assign", tooltip="Assign a technician"),
        Binding("x,ч", "cancel_ticket", "Cancel", id="cancel", tooltip="Cancel the ticket"),
        Binding("slash,ctrl+f", "filter", "Filter", id="filter", tooltip="Filter by any text"),
        Binding("n,т", "notify", "Notify", id="notify", tooltip="Clients to notify"),
        Binding("o,щ", "open_callback", "Call back", id="open_callback",
                tooltip="Start the callback under the cursor"),
        Binding("escape", "clear_filter", "Clear filter", show=False,
                tooltip="Clear the filter and show the whole queue"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._snapshot = QueueSnapshot()
        self._shown: QueueSnapshot | None = None  # the last snapshot shown (None: none yet)
        self._moved: dict[int, timedelta | None] = {}
        self._filter = ""
        self._narrow = False
        # The filter's keys of every row (item 16), for one snapshot: (snapshot, by ticket id).
        self._search: tuple[QueueSnapshot | None,
                            dict[int, tuple[QueueRow, queue_filter.SearchKeys]]] = (None, {})
        # ... laid out for `queue_filter.select`, and the last query's answer over it.
        self._index: tuple[QueueSnapshot | None, queue_filter.SearchIndex | None] = (None, None)
        self._selected: tuple[QueueSnapshot | None, queue_filter.Query | None, list[int]] = (
            None, None, [])
        self._city = ""  # the town most addresses share: not repeated on every row (item 20)
        self._rendered_width: int | None = None
        # A ticket closed elsewhere stays under the cursor (item 18).
        self._kept: KeptRows[int] = KeptRows()
        self._new_search = False  # the filter changed: nothing kept into the new list
        self._gone: dict[int, Change | None] = {}  # kept tickets: their last change

    def compose_body(self) -> ComposeResult:
        yield FilterRow(t("Filter: contract, №ticket, phone, surname, address, technician"),
                        on_filter=self._filter_changed, id="queue-filter")
        yield Static(id="queue-empty", markup=False)
        yield LineTable(columns(), id="queue-table")
        yield Static(id="queue-detail", markup=False)

    def on_mount(self) -> None:
        self.query_one("#queue-empty").display = False
        self.app.state.subscribe("queue", self, self.show_queue)  # type: ignore[attr-defined]
        self.app.state.subscribe(  # type: ignore[attr-defined]
            "presence", self, lambda _presence: self._show_detail())
        self.query_one(LineTable).focus()

    # -- rendering --
    @property
    def _table(self) -> LineTable[int]:
        return self.query_one("#queue-table", LineTable)

    def show_queue(self, snapshot: QueueSnapshot | None) -> None:
        if snapshot is None:
            return  # not loaded yet: the first refresh follows the first frame
        if self._shown is not None:
            moved = snapshot.moved_since(self._shown)
            if moved:  # keep the marks of the last change that moved something
                self._moved = moved
        self._shown = snapshot
        self._snapshot = snapshot
        self._city = snapshot.city
        self._render_rows()
        if self.query_one("#queue-filter", FilterRow).is_open:
            self._prepare_search()

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self._table.set_columns(columns(narrow))
        # The address is cut to its column (house number kept), so a new width re-renders.
        self.call_after_refresh(self._render_if_resized)

    def _render_if_resized(self) -> None:
        if self._shown is not None and self._address_width() != self._rendered_width:
            self._render_rows()

    def _address_width(self) -> int | None:
        """Cells of the address column at the table's present width (None before layout)."""
        table = self._table
        width = table.scrollable_content_region.width
        if width <= 0:
            return None
        keys = [c.key for c in table.columns]
        return column_widths(table.columns, width)[keys.index("address")]

    def _render_rows(self) -> None:
        """Give the table the rows to show; their cells are made only when the table shows
        them, so a 10,000-ticket snapshot costs the UI thread the rows on screen (issue 12)."""
        now = self.app.state.now()  # type: ignore[attr-defined]
        snapshot = self._snapshot
        query = queue_filter.parse_query(self._filter)
        keys = [c.key for c in self._table.columns]
        self._rendered_width = address_width = self._address_width()
        present = snapshot.by_id()
        if query.empty:
            shown = [row.id for row in snapshot.rows]
        else:
            rows = snapshot.rows
            shown = [rows[i].id for i in self._select(query, snapshot)]
        # Only a ticket that left the queue is kept, not one the filter hides, and none once
        # the dispatcher searches anew.
        searching, self._new_search = self._new_search, False
        if searching:
            self._kept.release(None)
        else:
            self._kept.forget(present)
        before = set(self._kept.keys)
        order = self._kept.place(self._table, shown,
                                 keep=lambda key: key not in present and not searching)
        kept = {key: tuple(self._mark_gone(key, self._kept.cells(key)))
                for key in self._kept.keys}
        city, moved, cells_of = self._city, self._moved, self._cells

        def make(i: int) -> list[str | Text]:
            key = order[i]
            if key in kept:
                return list(kept[key])
            cells = cells_of(present[key], now, address_width, city, moved)
            return [cells[k] for k in keys]

        styles = {tid: "moved" for tid in moved if tid in present}
        for key in kept:
            styles[key] = "alert"
            if key not in before:
                self._ask_who_closed(key)
        self._table.set_lazy_rows(order, make, styles=styles)
        self._show_empty(bool(order))
        self._show_detail()

    def _show_empty(self, any_rows: bool) -> None:
        """Item 22: an empty table says why (nothing open, or nothing the filter finds)."""
        box = self.query_one("#queue-empty", Static)
        if any_rows:
            box.display = False
            return
        if self._snapshot.rows:
            box.update(t("Nothing matches the filter «{text}». Esc clears the filter.",
                         text=self._filter))
        else:
            box.update(t("The queue is empty: there are no open tickets."))
        box.display = True

    @staticmethod
    def _fold(row: QueueRow) -> queue_filter.SearchKeys:
        """The row folded for the filter (item 16)."""
        return queue_filter.search_keys(
            ticket_id=row.id, contract_number=row.contract_number,
            phones=(row.contact_phone,), client=row.client, address=row.address,
            technicians=(row.technician, row.assigned), task=pick(row.task_ru, row.task_en),
        )

    @classmethod
    def _folded(cls, snapshot: QueueSnapshot,
                cache: dict[int, tuple[QueueRow, queue_filter.SearchKeys]],
                ) -> dict[int, tuple[QueueRow, queue_filter.SearchKeys]]:
        """Every row of `snapshot` folded, taking from `cache` the rows that did not change
        (the loader hands an unchanged row over as the same object)."""
        folded = {}
        for row in snapshot.rows:
            cached = cache.get(row.id)
            folded[row.id] = cached if cached is not None and cached[0] is row else (
                row, cls._fold(row))
        return folded

    def _search_keys(self, snapshot: QueueSnapshot) -> list[queue_filter.SearchKeys]:
        """The filter's keys for every row, in order. The worker `_prepare_search` makes them
        when the filter opens or a snapshot comes while it is open; a key typed before it is
        done folds here only the rows that changed since."""
        if self._search[0] is not snapshot:
            self._search = (snapshot, self._folded(snapshot, self._search[1]))
        folded = self._search[1]
        return [folded[row.id][1] for row in snapshot.rows]

    def _select(self, query: queue_filter.Query, snapshot: QueueSnapshot) -> list[int]:
        """Positions of the rows `query` finds (issue 12: a key typed in `/` scans prepared
        columns, and typing on scans only what the previous key found)."""
        if self._index[0] is not snapshot or self._index[1] is None:
            self._index = (snapshot, queue_filter.index(self._search_keys(snapshot)))
        rows = self._index[1]
        assert rows is not None
        last_snapshot, last_query, last_found = self._selected
        within = (last_found if last_snapshot is snapshot and last_query is not None
                  and queue_filter.narrows(last_query, query) else None)
        found = last_found if within is not None and last_query == query else \
            queue_filter.select(query, rows, within)
        self._selected = (snapshot, query, found)
        return found

    def _prepare_search(self) -> None:
        """Fold this snapshot's rows for the filter in a thread (10,000 rows take ~200 ms),
        so a key typed in `/` only scans them."""
        snapshot, cache = self._snapshot, self._search[1]
        if self._search[0] is snapshot:
            return

        def job() -> None:
            folded = self._folded(snapshot, cache)
            rows = queue_filter.index([folded[row.id][1] for row in snapshot.rows])
            self.app.call_from_thread(self._search_ready, snapshot, folded, rows)

        self.run_worker(job, thread=True, group="queue-search", exclusive=True,
                        exit_on_error=False)

    def _search_ready(self, snapshot: QueueSnapshot,
                      folded: dict[int, tuple[QueueRow, queue_filter.SearchKeys]],
                      rows: queue_filter.SearchIndex) -> None:
        if snapshot is self._snapshot and self._search[0] is not snapshot:
            self._search = (snapshot, folded)
        if snapshot is self._snapshot and self._index[0] is not snapshot:
            self._index = (snapshot, rows)

    def _cells(self, row: QueueRow, now: datetime, address_width: int | None = None,
               city: str | None = None,
               moved: dict[int, timedelta | None] | None = None) -> dict[str, str | Text]:
        city = self._city if city is None else city
        moved = self._moved if moved is None else moved
        tech = row.technician or (t("no slot") if row.needs_visit else "—")
        if row.assigned and row.assigned != row.technician:
            tech = f"{tech} ({row.assigned})"
        eta = eta_window(row.eta_start) if row.needs_visit else t("no visit")
        if row.task_code == "callback":  # a callback is due at its time, not at an ETA
            eta = f"☎ {hm(row.desired_at)}"
        status = t("pinned") if row.pinned and row.status == TicketStatus.OPEN else t(
            STATUS.get(row.status, row.status))
        return {
            "pos": str(self._snapshot.position(row.id)), "prio": priority_cell(row),
            "id": ticket_no(row.id),
            "task": pick(row.task_ru, row.task_en),
            "address": short_address(row.address, city, address_width),
            "client": row.client, "status": status,
            "tech": tech, "eta": eta, "told": hm(row.told_start),
            "moved": shift(moved[row.id]) if row.id in moved else "",
            "age": age(row.created_at, now),
        }

    def _mark_gone(self, key: int, cells):
        """Item 18: a ticket that left the queue under the cursor stays, marked, until the
        cursor leaves it; its status says it is no longer open."""
        keys = [c.key for c in self._table.columns]
        cells = list(cells)
        if "status" in keys:
            cells[keys.index("status")] = t("no longer open")
        return cells

    def _ask_who_closed(self, key: int) -> None:
        def got(history) -> None:
            self._gone[key] = history[-1] if history else None
            self._show_detail()

        self.app.state.run_service(  # type: ignore[attr-defined]
            ticket_history.recent_changes, key, 1, on_done=got
        )

    def on_line_table_cursor_moved(self, event: LineTable.CursorMoved) -> None:
        if self._kept.release(cast(int, event.row_key)):  # the queue's rows: ticket ids
            self._render_rows()
        self._show_detail()

    def on_line_table_selected(self, _event: LineTable.Selected) -> None:
        row = self._current()
        if row is None:
            return
        lines = [
            (t("Ticket"), ticket_no(row.id)),
            (t("Contract"), row.contract_number),
            (t("Client"), row.client),
            (t("Address"), row.address),
            (t("Task"), pick(row.task_ru, row.task_en)),
            (t("Priority"), str(row.priority)),
            (t("Status"), t(STATUS.get(row.status, row.status))),
            (t("What is wrong"), row.description),
            (t("Responsible person"), row.responsible_name),
            (t("Contact phone"), row.contact_phone),
            (t("Intercom code"), t("No intercom") if row.no_intercom else row.intercom_code),
            (t("Desired time"), hm(row.desired_at)),
            (t("ETA"), eta_window(row.eta_start)),
            (t("Told"), hm(row.told_start)),
            (t("Technician"), row.technician),
            (t("Assigned"), row.assigned),
            (t("Pinned"), t("yes") if row.pinned else t("no")),
        ]
        held = held_here_text(self, f"ticket:{row.id}")
        if held:
            lines.append((t("Open elsewhere"), held))

        def with_history(history: list[tuple[str, str, str]]) -> None:
            # D14: who did what to the ticket, from the audit trail (R8: who cancelled).
            events = [(f"{at} {who}", what) for at, who, what in history]
            shown = [(label, printable(value, multiline=True))
                     for label, value in [*lines, (t("History"), t("{n} events", n=len(events))
                                                   if events else ""), *events]]
            push_on(self, f"ticket:{row.id}",
                    InfoDialog(t("Ticket {ticket}", ticket=ticket_no(row.id)), shown))

        from console.services.history import history_lines

        self.app.state.run_service(history_lines, row.id, on_done=with_history)  # type: ignore

    def _show_detail(self) -> None:
        row = self._current()
        detail = self.query_one("#queue-detail", Static)
        key = self._table.cursor_key
        if row is None and key is not None and key in self._kept:
            change = self._gone.get(key)
            say(detail,
                t("{ticket} is no longer in the queue: {change}. Move to another ticket.",
                  ticket=ticket_no(key), change=describe(change)) if change else
                t("{ticket} is no longer in the queue. Move to another ticket.",
                  ticket=ticket_no(key)))
            return
        if row is None:
            say(detail, "")
            return
        text = Text()
        text.append(f"{ticket_no(row.id)} ", style="bold")
        text.append(t("contract {number}", number=printable(row.contract_number)) + " · ")
        text.append(printable(row.description) or "—")
        if row.desired_at:
            text.append(" · " + t("desired {time}", time=hm(row.desired_at)))
        if row.class_priority and row.priority != row.class_priority:  # D17
            text.append(" · " + t("priority {new} instead of class {old}: ",
                                  new=row.priority, old=row.class_priority), style="bold")
            text.append(row.priority_reason or "—")
        if row.contact_phone:
            text.append(" · " + printable(row.contact_phone))
        held = held_here_text(self, f"ticket:{row.id}")
        if held:
            text.append(" · " + held, style=tone(self, "warn", bold=True))
        say(detail, text)

    def _current(self) -> QueueRow | None:
        key = self._table.cursor_key
        return self._snapshot.by_id().get(key) if key is not None else None

    # -- actions --
    def _call(self, fn, *args, **kwargs) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        state.run_service(
            fn,
            *args,
            operator=state.ctx.operator_login,
            calendar=state.ctx.calendar,
            now=state.now(),
            on_done=self._done,
            on_error=self._refused,
            refresh=True,
            hold_keys=True,  # its answer may open the notify list: keys typed ahead go there
            **kwargs,
        )

    def _done(self, outcome: tickets.Outcome) -> None:
        if outcome.replan.notified:
            self.app.open_notify_after_change()  # type: ignore[attr-defined]

    def _refused(self, error: Exception) -> None:
        if isinstance(error, tickets.StaleTicket):
            self.notify(stale_message(error), severity="warning", timeout=10)
            # The cursor stays on the ticket (by id; kept on screen if it left the queue).
            self._table.move_cursor(error.ticket_id)
            self.app.state.refresh(force=True)  # type: ignore[attr-defined]
            return
        self.notify(t(str(error)), severity="warning")

    def _change_priority(self, step: int) -> None:
        row = self._current()
        if row is None:
            return
        levels = tuple(c.level for c in self.app.state.ctx.reference.classes)  # type: ignore
        target = row.priority + step
        if target not in levels:
            self.notify(t("The priority cannot go further"), severity="warning")
            return

        def got(reason: str | None) -> None:
            if reason:
                self._call(
                    tickets.change_priority,
                    row.id,
                    target,
                    reason,
                    version=row.version,
                    levels=levels,
                )

        push_on(
            self, f"ticket:{row.id}",
            ReasonDialog(
                t(
                    "Priority of {ticket}: {old} → {new}",
                    ticket=ticket_no(row.id),
                    old=row.priority,
                    new=target,
                ),
                t("Why?"),
            ),
            got,
        )

    def action_open_callback(self) -> None:
        row = self._current()
        if row is None or row.task_code != "callback":
            self.notify(t("Put the cursor on a callback (its time shows as ☎)"),
                        severity="warning")
            return
        self.app.call_later(self.app.action_open_callback, row.id)  # type: ignore[attr-defined]

    def action_raise_priority(self) -> None:
        self._change_priority(-1)

    def action_lower_priority(self) -> None:
        self._change_priority(+1)

    def action_pin(self) -> None:
        row = self._current()
        if row is not None:
            self._call(tickets.set_pinned, row.id, not row.pinned, version=row.version,
                       seen_eta=row.eta_start)

    def action_assign(self) -> None:
        row = self._current()
        if row is None:
            return

        def chosen(key: str | None) -> None:
            if key is not None:
                tech = None if key == "any" else int(key)
                self._call(tickets.assign, row.id, tech, version=row.version)

        def pick_from(techs) -> None:
            options = [("any", t("Any technician"))]
            # Item 23: the phone tells two technicians of one name apart.
            options += [(str(x.id), f"{x.name} · {format_phone(x.phone)}" if x.phone else x.name)
                        for x in techs if x.active]
            push_on(
                self, f"ticket:{row.id}",
                ChoiceDialog(t("Technician for {ticket}", ticket=ticket_no(row.id)), options),
                chosen,
            )

        self.app.state.run_service(  # type: ignore[attr-defined]
            list_technicians, on_done=pick_from, hold_keys=True  # keys typed ahead: the dialog's
        )

    def action_cancel_ticket(self) -> None:
        row = self._current()
        if row is None:
            return
        notice_at = self._notice_moment()

        def who(reason: str, cancelled_by: str | None) -> None:
            if cancelled_by is None:  # Esc: back to the reason, as typed
                ask_reason(reason)
                return
            self.cancel_with_charge(row.id, reason, version=row.version,
                                    notice_at=notice_at, cancelled_by=cancelled_by)

        def got(reason: str | None) -> None:
            if reason:
                # R8/D10: the client or the responsible person may cancel; it is recorded.
                self.app.push_screen(
                    ChoiceDialog(t("Who asks to cancel?"), [
                        ("client", t("The client")),
                        ("responsible", t("The responsible person")),
                    ]),
                    lambda by: who(reason, by),
                )

        def ask_reason(typed: str = "") -> None:
            push_on(
                self, f"ticket:{row.id}",
                ReasonDialog(t("Cancel {ticket}", ticket=ticket_no(row.id)),
                             t("Why is it cancelled?"), typed),
                got,
            )

        ask_reason()

    def _notice_moment(self):
        """R8/D10: when the client gave notice. During a call, the call's start (they said it
        when they called); otherwise the moment the dispatcher opened the cancellation."""
        state = self.app.state  # type: ignore[attr-defined]
        call = state.get("call")
        if call is not None and call.started_at is not None:  # running (logged or not yet)
            return call.started_at
        return state.now()

    def cancel_with_charge(self, ticket_id: int, reason: str, *, version: int | None,
                           notice_at=None, cancelled_by: str | None = None) -> None:
        """Cancel; if R8 makes it late, ask to charge or waive, then cancel for real."""
        notice_at = notice_at or self._notice_moment()

        def refused(error: Exception) -> None:
            if not isinstance(error, tickets.ChargeDecisionNeeded):
                self._refused(error)
                return

            def decided(charge: bool, waiver: str) -> None:
                self._call(tickets.cancel, ticket_id, reason, version=version, charge=charge,
                           waiver_reason=waiver,
                           policy=self.app.state.ctx.reference.policy,  # type: ignore[attr-defined]
                           notice_at=notice_at, cancelled_by=cancelled_by)

            ask_charge(self.app, error.told_start, error.price_kopecks, decided)

        state = self.app.state  # type: ignore[attr-defined]
        state.run_service(
            tickets.cancel,
            ticket_id,
            reason,
            version=version,
            operator=state.ctx.operator_login,
            calendar=state.ctx.calendar,
            now=state.now(),
            policy=state.ctx.reference.policy,
            notice_at=notice_at,
            cancelled_by=cancelled_by,
            on_done=self._done,
            on_error=refused,
            refresh=True,
            hold_keys=True,  # the answer may be the R8 charge question: keys typed ahead go there
        )

    def action_filter(self) -> None:
        self.query_one("#queue-filter", FilterRow).open()
        self._prepare_search()

    def _filter_changed(self, text: str) -> None:
        """The filter row's text changed (in the same frame as the keys, coalesced: see
        FilterRow)."""
        self._filter = text
        self._new_search = True  # a ticket that left the queue is in no new search
        self._render_rows()

    def action_clear_filter(self) -> None:
        self.query_one("#queue-filter", FilterRow).close()
        self._filter = ""
        self._new_search = True
        self._render_rows()
        self._table.focus()

    def action_notify(self) -> None:  # type: ignore[override]  # `n`: F3's own action
        self.app.action_open_notify()  # type: ignore[attr-defined]

