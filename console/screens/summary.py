"""F7, the summary: a supervisor's view of a day (or a week) from the database.

Calls per hour as a chart, then every table of `services.report_export.summary_sheets`.
Left/right move by a day, `w` takes the week so far, `t` today; `x` and `p` write the XLSX and
the PDF into the data folder's `exports/` and say where.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Static

from console.i18n import language, t
from console.screens.base import ConsoleScreen
from console.widgets.bar_chart import BarChart


def export_summary(first: date, last: date, fmt: str, folder: Path, **read: object) -> Path:
    """Read the figures and write them as `fmt` into `folder` (a worker's job)."""
    from console.services.report import read_figures
    from console.services.report_export import write_summary

    figures = read_figures(first, last, **read)  # type: ignore[arg-type]
    name = f"summary-{first:%Y-%m-%d}" + ("" if first == last else f"_{last:%Y-%m-%d}")
    return write_summary(folder / f"{name}.{fmt}", fmt, figures)


class SummaryScreen(ConsoleScreen):
    """F7: the day's figures, a chart of calls per hour, exports."""

    TITLE = "Summary"
    BINDINGS = [
        Binding("left,bracketleft", "shift(-1)", "Day before", id="day_before",
                tooltip="The previous day", key_display="←"),
        Binding("right,bracketright", "shift(1)", "Day after", id="day_after",
                tooltip="The next day", key_display="→"),
        Binding("t,е", "today", "Today", id="today", tooltip="Back to today"),
        Binding("w,ц", "week", "Week", id="week", tooltip="Monday to today"),
        Binding("x,ч", "export('xlsx')", "XLSX", id="export_xlsx",
                tooltip="Write the summary as an XLSX, a sheet per table"),
        Binding("p,з", "export('pdf')", "PDF", id="export_pdf",
                tooltip="Write the summary as a PDF with the chart"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.first: date | None = None
        self.last: date | None = None
        self._shown: tuple | None = None  # the figures (and language) the tables show

    def compose_body(self) -> ComposeResult:
        yield Static("", id="summary-period", markup=False)
        yield BarChart("", id="summary-chart")
        yield VerticalScroll(id="summary-tables")

    @property
    def state(self):
        return self.app.state  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.action_today()

    def on_screen_resume(self) -> None:
        if self.first is not None:
            self.load()

    # -- the period --
    def _today(self) -> date:
        return self.state.now().astimezone(self.state.ctx.tz).date()

    def action_today(self) -> None:
        self.first = self.last = self._today()
        self.load()

    def action_shift(self, days: int) -> None:
        assert self.last is not None
        self.first = self.last = self.last + timedelta(days=days)
        self.load()

    def action_week(self) -> None:
        today = self._today()
        self.first, self.last = today - timedelta(days=today.weekday()), today
        self.load()

    def _read_args(self) -> dict[str, object]:
        policy = self.state.ctx.reference.policy
        return {"now": self.state.now(), "tz": self.state.ctx.tz,
                "call_limit_min": policy.call_limit_min,
                "late_cancel_item": policy.late_cancel_item}

    def load(self) -> None:
        from console.services.report import read_figures
        from console.services.report_export import period_text

        assert self.first is not None and self.last is not None
        self.query_one("#summary-period", Static).update(
            t("Period: {period} (loading…)", period=period_text(self.first, self.last)))
        self.state.run_service(read_figures, self.first, self.last, **self._read_args(),
                               on_done=self.show_figures, group="summary")

    def show_figures(self, figures) -> None:
        from console.documents.tabular import DATETIME, TEXT
        from console.services.report_export import cell_text, period_text, summary_sheets

        if (figures.first, figures.last) != (self.first, self.last):
            return  # an older period's answer arriving late
        self.query_one("#summary-period", Static).update(Text(t(
            "Period: {period} · calls: {calls} · keys: ←/→ day, w week, t today, x XLSX, p PDF",
            period=period_text(figures.first, figures.last), calls=figures.calls)))
        self.query_one(BarChart).show(figures.calls_by_hour,
                                      [f"{h:02d}" for h in range(24)], height=6)
        box = self.query_one("#summary-tables", VerticalScroll)
        # Each F7 reads the figures again; the tables are rebuilt only when they changed (a
        # rebuild is ~40 widgets made and dropped: a slower switch and garbage to collect).
        shown = (figures, language())
        if shown == self._shown and box.children:
            return
        self._shown = shown
        box.remove_children()
        widgets: list[Widget] = []
        for sheet in summary_sheets(figures)[1:]:
            widgets.append(Static(Text(sheet.title, style="bold"), classes="summary-title"))
            rows = list(sheet.rows)
            if not rows:
                widgets.append(Static(t("None in this period."), classes="summary-empty",
                                      markup=False))
                continue
            table: DataTable = DataTable(cursor_type="none", zebra_stripes=True,
                                         classes="summary-table")
            right = ["left" if c.kind in (TEXT, DATETIME) else "right" for c in sheet.columns]
            table.add_columns(*(Text(c.header, justify=j)  # type: ignore[arg-type]
                                for c, j in zip(sheet.columns, right, strict=True)))
            for row in rows:
                table.add_row(*(Text(cell_text(v, c), justify=j)  # type: ignore[arg-type]
                                for v, c, j in zip(row, sheet.columns, right, strict=True)))
            widgets.append(table)
        box.mount_all(widgets)

    # -- exports --
    def action_export(self, fmt: str) -> None:
        from console.documents.files import DocumentError

        assert self.first is not None and self.last is not None
        from console.datafolder import resolve_data_dir

        folder = (self.state.ctx.data_dir or resolve_data_dir()) / "exports"
        self.state.run_service(
            export_summary, self.first, self.last, fmt, folder, **self._read_args(),
            on_done=lambda path: self.notify(t("Written: {path}", path=str(path)), timeout=10,
                                             markup=False),
            on_error=lambda exc: self.notify(str(exc), severity="error", markup=False),
            errors=(ValueError, DocumentError), group="summary-export",
        )
