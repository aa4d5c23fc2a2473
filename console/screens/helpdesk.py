"""F6: HelpDesk questions from the web cabinet (R2, R5, D11).

Questions by due time with the service time left ("осталось 3 ч 20 мин", "просрочено на 1 раб.
день"); overdue ones stand out. `a` answers, `t` takes a ticket (F2's form, prefilled; the
reply saying so is the first reaction), `o` refers an out-of-scope question (R2), `n` types a
question in by hand, Enter shows it whole, `/` filters. Files dropped into the inbox folder are
imported while the console runs (ConsoleApp.scan_inbox).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from console.i18n import t
from console.rules import eligibility
from console.rules import helpdesk as rules
from console.screens.base import ConsoleScreen
from console.screens.dialogs import InfoDialog
from console.screens.held import refusal_text
from console.screens.helpdesk_dialogs import HelpDeskTicketScreen, QuestionForm, ReplyDialog
from console.services import helpdesk as service
from console.services.helpdesk_view import HelpDeskSnapshot, QuestionRow, contract_contact
from console.widgets.filter_row import FilterRow
from console.widgets.fmt import hm
from console.widgets.line_table import Column, LineTable, RowKey
from console.widgets.time_left import time_left_text

NARROW = 130
REACTION_LABELS = {rules.ANSWER: "answer given", rules.TICKET: "ticket taken",
                   rules.OUT_OF_SCOPE: "out of scope (R2)"}


def columns(narrow: bool = False) -> list[Column]:
    every = [
        Column("received", t("Received"), width=11),
        Column("due", t("Due date"), width=11),
        Column("left", t("Time left"), width=26),
        Column("contract", t("Contract"), width=12),
        Column("client", t("Client"), flex=2),
        Column("subject", t("Subject"), flex=3),
        Column("status", t("Status"), width=18),
    ]
    return [c for c in every if not (narrow and c.key in ("received", "client"))]


class HelpDeskScreen(ConsoleScreen):
    """The questions; shows the waiting ones unless `h` shows every one."""

    TITLE = "HelpDesk"
    BINDINGS = [
        Binding("a,ф", "answer", "Answer", id="answer", tooltip="Answer the question"),
        Binding("t,е", "ticket", "Ticket", id="ticket",
                tooltip="Take a ticket and reply that it is taken"),
        Binding("o,щ", "out_of_scope", "Out of scope", id="out_of_scope",
                tooltip="Not a technical question: refer the client (R2)"),
        Binding("n,т", "new_question", "New", id="new_question",
                tooltip="Type a question in by hand"),
        Binding("h,р", "toggle_all", "All/waiting", id="toggle_all",
                tooltip="Show answered questions too, or only those waiting"),
        Binding("slash,ctrl+f", "filter", "Filter", id="filter", tooltip="Filter by any text"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._snapshot = HelpDeskSnapshot()
        self._narrow = False
        self._all = False
        self._filter = ""

    def compose_body(self) -> ComposeResult:
        yield FilterRow(t("Filter: contract, client, subject, text"),
                        on_filter=self._filter_changed, id="hd-filter")
        yield LineTable(columns(), id="hd-table")
        yield Static(id="hd-detail")

    def on_mount(self) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        state.subscribe("helpdesk", self, self.show_questions)
        state.subscribe("clock", self, self._tick)
        self._table.focus()

    @property
    def _table(self) -> LineTable:
        return self.query_one("#hd-table", LineTable)

    def show_questions(self, snapshot: HelpDeskSnapshot | None) -> None:
        if snapshot is not None:
            self._snapshot = snapshot
            self._render_rows()

    def _tick(self, clock) -> None:
        # The time left moves with the clock: redraw once a minute, not every second.
        if clock.now.second == 0 and self._snapshot.rows:
            self._render_rows()

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self._table.set_columns(columns(narrow))
            self._render_rows()

    def _render_rows(self) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        now, cal = state.now(), state.ctx.calendar
        keys = [c.key for c in self._table.columns]
        needle = self._filter.casefold()
        rows: list[tuple[RowKey, list[str]]] = []
        styles: dict[RowKey, str] = {}
        for row in self._snapshot.rows:
            if not self._all and row.answered_at is not None:
                continue
            if needle and needle not in (f"{row.contract_number} {row.client} {row.subject} "
                                         f"{row.text}").casefold():
                continue
            waiting = row.answered_at is None
            status = t("waiting") if waiting else t(REACTION_LABELS.get(row.reaction or "", ""))
            if row.ticket_id:
                status += f" №{row.ticket_id}"
            cells = {
                "received": hm(row.received_at, cal.tz), "due": hm(row.due_at, cal.tz),
                "left": time_left_text(cal, row.due_at, now) if waiting else "",
                "contract": row.contract_number, "client": row.client or t("no such contract"),
                "subject": row.subject or row.text.split("\n", 1)[0], "status": status,
            }
            rows.append((row.id, [cells[k] for k in keys]))
            if waiting and now > row.due_at:
                styles[row.id] = "alert"
        self._table.set_rows(rows, styles=styles)
        self._show_detail()

    def on_line_table_cursor_moved(self, _event: LineTable.CursorMoved) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        row = self._current()
        detail = self.query_one("#hd-detail", Static)
        if row is None:
            detail.update(t("No questions waiting.") if not self._table.row_count else "")
            return
        text = Text()
        text.append(f"{row.subject}\n" if row.subject else "", style="bold")
        text.append(row.text[:600])
        if row.answer:
            text.append("\n" + t("Reply") + ": ", style="bold")
            text.append(row.answer[:300])
        detail.update(text)

    def _current(self) -> QuestionRow | None:
        key = self._table.cursor_key
        return self._snapshot.by_id().get(key) if isinstance(key, int) else None

    def _waiting(self) -> QuestionRow | None:
        row = self._current()
        if row is not None and row.answered_at is not None:
            self.notify(t("The question already has its reaction"), severity="warning")
            return None
        return row

    # -- actions --
    def _run(self, fn, *args, message: str, **kwargs) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        state.run_service(fn, *args, operator=state.ctx.operator_login, now=state.now(),
                          on_done=lambda _r: self.notify(message), on_error=self._refused,
                          refresh=True, **kwargs)

    def _refused(self, error: Exception) -> None:
        tz = self.app.state.ctx.tz  # type: ignore[attr-defined]
        self.notify(refusal_text(error, tz), severity="warning", timeout=8)
        self.app.state.refresh(force=True)  # type: ignore[attr-defined]

    def _question_text(self, row: QuestionRow) -> str:
        return f"{row.subject}\n{row.text}".strip()

    def _one_line(self, row: QuestionRow) -> str:
        """The question as the ticket's one-line 'what is wrong' (the form's limit)."""
        text = " ".join(row.text.split())
        return (f"{row.subject}: {text}" if row.subject else text)[:2000]

    def action_answer(self) -> None:
        row = self._waiting()
        if row is None:
            return

        def got(text: str | None) -> None:
            if text:
                self._run(service.answer, row.id, text, version=row.version,
                          message=t("Answer saved"))

        self.app.push_screen(ReplyDialog(t("Answer to the client"), self._question_text(row)),
                             got)

    def action_out_of_scope(self) -> None:
        row = self._waiting()
        if row is None:
            return

        def got(text: str | None) -> None:
            if text:
                self._run(service.out_of_scope, row.id, text, version=row.version,
                          message=t("Referred as out of scope (R2)"))

        self.app.push_screen(ReplyDialog(t("Out of scope (R2): referral to the client"),
                                         self._question_text(row),
                                         t(eligibility.SCRIPT_OUT_OF_SCOPE)), got)

    def action_ticket(self) -> None:
        row = self._waiting()
        if row is None:
            return
        if row.contract_id is None:
            self.notify(t("A ticket needs a contract: this question has none"),
                        severity="warning")
            return
        state = self.app.state  # type: ignore[attr-defined]

        def saved(fields) -> None:
            if fields is None:
                return
            reply = t("Your question is taken as ticket {ticket}; we will contact you "
                      "to agree the time.")
            state.run_service(
                service.take_ticket, row.id, fields, reply, version=row.version,
                operator=state.ctx.operator_login, calendar=state.ctx.calendar,
                now=state.now(), policy=state.ctx.reference.policy, on_error=self._refused,
                refresh=True,
                on_done=lambda out: self.notify(t("Ticket {ticket} taken; the reply is sent",
                                                  ticket=f"№{out.ticket_id}")))

        def open_form(contact: tuple[str, str]) -> None:
            holder, phone = contact
            title = t("Ticket from HelpDesk question, contract {number}",
                      number=row.contract_number)
            self.app.push_screen(
                HelpDeskTicketScreen(title, holder, phone, self._one_line(row)), saved)

        state.run_service(contract_contact, row.contract_id, on_done=open_form)

    def action_new_question(self) -> None:
        state = self.app.state  # type: ignore[attr-defined]

        def got(values) -> None:
            if values is None:
                return
            contract, subject, text, received = values
            self._run(service.add_question, contract, subject, text, received,
                      calendar=state.ctx.calendar,
                      working_days=state.ctx.reference.policy.helpdesk_working_days,
                      message=t("Question added"))

        self.app.push_screen(QuestionForm(state.now()), got)

    def on_line_table_selected(self, _event: LineTable.Selected) -> None:
        row = self._current()
        if row is None:
            return
        tz = self.app.state.ctx.tz  # type: ignore[attr-defined]
        lines = [
            (t("Received"), hm(row.received_at, tz)), (t("Due date"), hm(row.due_at, tz)),
            (t("Contract"), row.contract_number), (t("Client"), row.client),
            (t("Subject"), row.subject), (t("Question"), row.text),
            (t("Status"), t(REACTION_LABELS[row.reaction]) if row.reaction else t("waiting")),
            (t("Reply"), row.answer or ""), (t("Answered by"), row.answered_by),
            (t("Answered"), hm(row.answered_at, tz)),
        ]
        self.app.push_screen(InfoDialog(t("HelpDesk question"), lines))

    def action_toggle_all(self) -> None:
        self._all = not self._all
        self._render_rows()

    def action_filter(self) -> None:
        self.query_one("#hd-filter", FilterRow).open()

    def _filter_changed(self, text: str) -> None:
        self._filter = text
        self._render_rows()

    def action_clear_filter(self) -> None:
        self.query_one("#hd-filter", FilterRow).close()
        self._filter = ""
        self._render_rows()
        self._table.focus()
