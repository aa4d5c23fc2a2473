"""F5: the claims register (R17, R18, D11, D12, D14).

Every claim by due date with the working days left; overdue ones and those due within three
working days stand out. `n` registers a claim, Enter opens it with its history, `s` records the
signature, `d` hands it to the director, `a` answers, `x` rejects, `r` writes the reply letter,
`/` filters by status, channel, contract and text. The list is a Line-API table: 10,000 claims
load in milliseconds. The `claims` part is loaded by the reactor while this screen exists.
"""

from __future__ import annotations

from datetime import date, datetime
from operator import itemgetter

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static

from console.documents.files import DocumentError
from console.i18n import t
from console.rules import claims as rules
from console.screens.base import ConsoleScreen
from console.screens.claim_dialogs import STATUS_LABELS, AnswerDialog, ClaimDialog
from console.screens.claim_form import (
    CHANNEL_LABELS,
    ClaimCompletionForm,
    ClaimForm,
    missing_text,
)
from console.screens.dialogs import ReasonDialog
from console.screens.held import held_here_text, push_on, refusal_text
from console.services import claims as service
from console.services.claims_view import ClaimRow, ClaimsSnapshot, claim_detail
from console.widgets.line_table import Column, LineTable, RowKey
from console.widgets.tones import tone

NARROW = 130
NARROW_HIDDEN = ("received", "channel")
OPEN_FILTER = "open"


def columns(narrow: bool = False) -> list[Column]:
    every = [
        Column("number", t("Number"), width=12),
        Column("received", t("Received"), width=10),
        Column("due", t("Due date"), width=10),
        Column("left", t("Left"), width=9, align="right"),
        Column("status", t("Status"), width=16),
        Column("channel", t("Came by"), width=10),
        Column("holder", t("Holder"), flex=2),
        Column("contract", t("Contract"), width=10),
        Column("summary", t("What happened"), flex=3),
    ]
    return [c for c in every if not (narrow and c.key in NARROW_HIDDEN)]


class ClaimsTable(LineTable):
    """The register's table: adds the `soon` mark (due within three working days)."""

    COMPONENT_CLASSES = LineTable.COMPONENT_CLASSES | {"line-table--soon"}
    DEFAULT_CSS = """
    ClaimsTable > .line-table--soon { color: $warning; text-style: bold; }
    """


class ClaimsScreen(ConsoleScreen):
    """The register; keeps its cursor on the same claim across refreshes."""

    TITLE = "Claims"
    BINDINGS = [
        Binding("n,т", "new_claim", "New claim", id="new_claim", tooltip="Register a claim"),
        Binding("e,у", "complete", "Complete", id="complete",
                tooltip="Complete or correct the claim's R17 fields"),
        Binding("s,ы", "signed", "Signed", id="signed",
                tooltip="The signed original or a fax arrived"),
        Binding("d,в", "to_director", "To director", id="to_director",
                tooltip="Hand the claim to the general director"),
        Binding("a,ф", "answer", "Answer", id="answer", tooltip="Record the director's answer"),
        Binding("x,ч", "reject", "Reject", id="reject", tooltip="Record a rejection with reason"),
        Binding("r,к", "letter", "Letter", id="letter", tooltip="Write the reply letter (PDF)"),
        Binding("delete", "delete", "Delete", id="delete", show=False,
                tooltip="Delete a claim registered by mistake"),
        Binding("slash,ctrl+f", "filter", "Filter", id="filter", tooltip="Filter the register"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._snapshot = ClaimsSnapshot()
        self._narrow = False
        self._status = OPEN_FILTER
        self._channel = ""
        self._contract = ""
        self._text = ""
        self._built: tuple | None = None  # (key, cells of every claim), see _build
        self._select_after: int | None = None  # a claim just registered: the cursor goes to it

    def compose_body(self) -> ComposeResult:
        yield ClaimsTable(columns(), id="claims-table")
        yield Static(id="claims-detail")

    def _filter_bar(self) -> Horizontal:
        """The filter row, built on first use: its widgets would double the screen's start."""
        status = [(t("open"), OPEN_FILTER), (t("all"), "")]
        status += [(t(v), k) for k, v in STATUS_LABELS.items()]
        channels = [(t("any channel"), "")] + [(t(v), k) for k, v in CHANNEL_LABELS.items()]
        return Horizontal(
            Select(status, value=OPEN_FILTER, allow_blank=False, id="cl-status"),
            Select(channels, value="", allow_blank=False, id="cl-channel"),
            Input(placeholder=t("Contract"), id="cl-contract"),
            Input(placeholder=t("Text: number, holder, what happened"), id="cl-text"),
            id="claims-filter",
        )

    def on_mount(self) -> None:
        state = self.app.state  # type: ignore[attr-defined]
        state.subscribe("claims", self, self.show_claims)
        # D14: "open at Ivanova's since 11:02" follows the other consoles' presence rows.
        state.subscribe("presence", self, lambda _presence: self._show_detail())
        self._table.focus()

    @property
    def _table(self) -> ClaimsTable:
        return self.query_one("#claims-table", ClaimsTable)

    # -- rendering --
    def show_claims(self, snapshot: ClaimsSnapshot | None) -> None:
        if snapshot is None:
            return
        self._snapshot = snapshot
        self._render_rows()
        if self._select_after is not None and self._table.move_cursor(self._select_after):
            self._select_after = None

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self._table.set_columns(columns(narrow))
            self._render_rows()

    def _keep(self, row: ClaimRow) -> bool:
        if self._status == OPEN_FILTER and row.status not in rules.OPEN_STATUSES:
            return False
        if self._status not in ("", OPEN_FILTER) and row.status != self._status:
            return False
        if self._channel and row.channel != self._channel:
            return False
        if self._contract and self._contract not in row.contract_number.casefold():
            return False
        return not self._text or self._text in (
            f"{row.number} {row.holder} {row.summary} {row.contract_number}".casefold())

    def _build(self) -> list[tuple[ClaimRow, tuple[str, ...], str | None]]:
        """Every claim's cells (all columns) and mark, once per snapshot and day: filtering
        and resizing then only pick from them."""
        state = self.app.state  # type: ignore[attr-defined]
        now, cal = state.now(), state.ctx.calendar
        key = (self._snapshot, now.date(), now.hour >= cal.service_hours[1].hour)
        if self._built is not None and self._built[0][0] is self._snapshot and (
                self._built[0][1:] == key[1:]):  # `is`: comparing 10,000 rows costs a frame
            return self._built[1]
        tz = cal.tz
        # Claims share due instants (a day's closing): the due cells are computed once each.
        by_due: dict[datetime, tuple[str, str, str | None]] = {}
        labels = {k: t(v) for k, v in STATUS_LABELS.items()}
        starred = {k: f"{v} *" for k, v in labels.items()}  # still missing an R17 field (D12)
        channels = {k: t(v) for k, v in CHANNEL_LABELS.items()}
        closed_statuses, incomplete = set(rules.CLOSED_STATUSES), rules.INCOMPLETE
        marks = {"overdue": "alert", "soon": "soon", None: None}
        lefts = rules.working_days_left_many(cal, (r.due_at for r in self._snapshot.rows), now)
        # Many claims share a day received too: each day's text is made once.
        days = {r.received_day for r in self._snapshot.rows}
        received_texts: dict[date | None, str] = {d: _day(d, tz) for d in days if d is not None}
        built: list[tuple[ClaimRow, tuple[str, ...], str | None]] = []
        for row in self._snapshot.rows:
            due = by_due.get(row.due_at)
            if due is None:
                left = lefts[row.due_at]
                due = by_due[row.due_at] = (_day(row.due_at, tz), t("{n} w.d.", n=left),
                                            marks[rules.urgency(left, now, row.due_at)])
            due_text, left_text, mark = due
            status = row.status
            if status in closed_statuses:
                left_text, mark, label = "", None, labels.get(status, status)
            elif row.missing and status != incomplete:
                label = starred.get(status, status)
            else:
                label = labels.get(status, status)
            contract = row.contract_number
            if contract and not row.contract_found:
                contract += " ?"  # the detail line says: no such contract
            built.append((row, (
                row.number, received_texts.get(row.received_day) or _day(row.received_at, tz),
                due_text, left_text, label,
                channels.get(row.channel, row.channel), row.holder, contract, row.summary,
            ), mark))
        self._built = (key, built)
        return built

    def _render_rows(self) -> None:
        order = [c.key for c in columns()]  # the order `_build` makes the cells in
        pick = itemgetter(*(order.index(c.key) for c in self._table.columns))
        keep = self._keep if (self._status != OPEN_FILTER or self._channel or self._contract
                              or self._text) else None
        open_statuses = set(rules.OPEN_STATUSES)
        rows: list[tuple[RowKey, list[str]]] = []
        styles: dict[RowKey, str] = {}
        for row, cells, mark in self._build():
            if keep is None:
                if row.status not in open_statuses:
                    continue
            elif not keep(row):
                continue
            rows.append((row.id, pick(cells)))
            if mark is not None:
                styles[row.id] = mark
        self._table.set_rows(rows, styles=styles)
        self._show_detail()

    def on_line_table_cursor_moved(self, _event: LineTable.CursorMoved) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        row = self._current()
        detail = self.query_one("#claims-detail", Static)
        if row is None:
            detail.update(t("No claims.") if not self._table.row_count else "")
            return
        text = Text()
        text.append(f"{row.number} ", style="bold")
        if row.contract_number and not row.contract_found:
            text.append(t("Contract {number}: no such contract", number=row.contract_number),
                        style=tone(self, "warn", bold=True))
            text.append(" · ")
        if row.missing:
            text.append(t("Missing (R17)") + ": " + missing_text(row.missing),
                        style=tone(self, "bad", bold=True))
            text.append(" · ")
        text.append(row.summary or "—")
        held = held_here_text(self, f"claim:{row.id}")
        if held:
            text.append(" · " + held, style="bold yellow")
        detail.update(text)

    def _current(self) -> ClaimRow | None:
        key = self._table.cursor_key
        return self._snapshot.by_id().get(key) if isinstance(key, int) else None

    # -- actions --
    def _run(self, fn, *args, done_message: str | None = None, **kwargs) -> None:
        state = self.app.state  # type: ignore[attr-defined]

        def done(_result) -> None:
            if done_message:
                self.notify(done_message)

        state.run_service(fn, *args, operator=state.ctx.operator_login, now=state.now(),
                          on_done=done, on_error=self._refused, refresh=True, **kwargs)

    def _refused(self, error: Exception) -> None:
        tz = self.app.state.ctx.tz  # type: ignore[attr-defined]
        self.notify(refusal_text(error, tz), severity="warning", timeout=8)
        self.app.state.refresh(force=True)  # type: ignore[attr-defined]

    def action_new_claim(self) -> None:
        def registered(out: service.Registered | None) -> None:
            if out is None:
                return
            message = t("Registered {number}; due {due}.", number=out.number,
                        due=_day(out.due_at, self.app.state.ctx.tz))  # type: ignore[attr-defined]
            if out.missing:
                message += " " + t("Incomplete: {fields}.", fields=missing_text(out.missing))
            if not out.contract_found and "contract" not in out.missing:  # a number typed
                message += " " + t("No such contract: kept as typed.")
            self.notify(message, timeout=10)
            self._select_after = out.claim_id  # it arrives with the next refresh

        self.app.push_screen(ClaimForm(self.app.state.now()), registered)  # type: ignore

    def on_line_table_selected(self, _event: LineTable.Selected) -> None:
        row = self._current()
        if row is None:
            return
        tz = self.app.state.ctx.tz  # type: ignore[attr-defined]

        def show(detail) -> None:
            if detail is not None:
                push_on(self, f"claim:{row.id}", ClaimDialog(detail, tz))

        self.app.state.run_service(claim_detail, row.id, on_done=show)  # type: ignore

    def action_complete(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.status in rules.CLOSED_STATUSES:
            self.notify(t(rules.ERR_CLOSED_EDIT), severity="warning")
            return
        state = self.app.state  # type: ignore[attr-defined]

        def saved(out: service.Registered | None) -> None:
            if out is None:
                return
            message = t("{number} saved.", number=out.number)
            if out.missing:
                message += " " + t("Incomplete: {fields}.", fields=missing_text(out.missing))
            self.notify(message, timeout=8)

        def edit(detail) -> None:
            if detail is not None:
                self.app.push_screen(ClaimCompletionForm(state.now(), detail, state.ctx.tz),
                                     saved)

        state.run_service(claim_detail, row.id, on_done=edit)

    def action_signed(self) -> None:
        row = self._current()
        if row is not None:
            self._run(service.mark_signed, row.id, version=row.version,
                      done_message=t("Signature recorded for {number}", number=row.number))

    def action_to_director(self) -> None:
        row = self._current()
        if row is not None:
            self._run(service.to_director, row.id, version=row.version,
                      done_message=t("{number} is with the director", number=row.number))

    def action_answer(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.status != rules.DIRECTOR:
            self.notify(t(rules.ERR_TRANSITION), severity="warning")
            return
        state = self.app.state  # type: ignore[attr-defined]
        tz, now = state.ctx.tz, state.now()

        def got(answer) -> None:
            if answer is not None:
                replied, channel, text, letter = answer
                self._run(service.answer, row.id, replied, channel, text, letter,
                          version=row.version, calendar=state.ctx.calendar,
                          done_message=t("{number} answered", number=row.number))

        def ask(detail) -> None:
            if detail is not None:
                push_on(self, f"claim:{row.id}",
                        AnswerDialog(row.number, detail.reply_channel,
                                     row.received_at.astimezone(tz).date(), now.date()), got)

        state.run_service(claim_detail, row.id, on_done=ask)

    def action_reject(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.status != rules.DIRECTOR:
            self.notify(t(rules.ERR_TRANSITION), severity="warning")
            return

        def got(reason: str | None) -> None:
            if reason:
                self._run(service.reject, row.id, reason, version=row.version,
                          done_message=t("{number} rejected", number=row.number))

        push_on(self, f"claim:{row.id}",
                ReasonDialog(t("Reject claim {number}", number=row.number),
                             t("The director's reason")), got)

    def action_delete(self) -> None:
        row = self._current()
        if row is None:
            return

        def got(reason: str | None) -> None:
            if reason:
                self._run(service.delete_claim, row.id, reason, version=row.version,
                          done_message=t("{number} deleted; the number is not reused",
                                         number=row.number))

        push_on(self, f"claim:{row.id}",
                ReasonDialog(t("Delete claim {number}", number=row.number),
                             t("Why (e.g. registered twice)?")), got)

    def action_letter(self) -> None:
        row = self._current()
        if row is None:
            return
        if row.status != rules.ANSWERED:
            self.notify(t("The reply letter is written for an answered claim"),
                        severity="warning")
            return
        state = self.app.state  # type: ignore[attr-defined]

        def written(path) -> None:
            self.notify(t("Reply letter written: {path}", path=str(path)), timeout=12)

        state.run_service(service.write_reply_letter, row.id,
                          service.letters_folder(state.ctx.db_target, state.ctx.data_dir),
                          director=state.ctx.reference.policy.director,
                          operator=state.ctx.operator_login, now=state.now(),
                          on_done=written, on_error=self._refused,
                          errors=(ValueError, DocumentError))

    # -- filters --
    async def action_filter(self) -> None:
        bars = self.query("#claims-filter")
        if not bars:
            await self.mount(self._filter_bar(), before=self._table)
        self.query_one("#claims-filter").display = True
        self.query_one("#cl-text", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "cl-status":
            self._status = str(event.value)
        elif event.select.id == "cl-channel":
            self._channel = str(event.value)
        else:
            return
        self._render_rows()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "cl-contract":
            self._contract = event.value.strip().casefold()
        elif event.input.id == "cl-text":
            self._text = event.value.strip().casefold()
        else:
            return
        self._render_rows()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("cl-contract", "cl-text"):
            self._table.focus()

    def action_clear_filter(self) -> None:
        self._status, self._channel, self._contract, self._text = OPEN_FILTER, "", "", ""
        bars = self.query("#claims-filter")
        if bars:
            self.query_one("#cl-status", Select).value = OPEN_FILTER
            self.query_one("#cl-channel", Select).value = ""
            for box in self.query("#claims-filter Input").results(Input):
                box.value = ""
            bars.first().display = False
        self._render_rows()
        self._table.focus()

def _day(value: datetime | date | None, tz) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(tz)
    return f"{value.day:02d}.{value.month:02d}.{value.year}"  # strftime is 3x slower
