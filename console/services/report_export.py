"""The summary of a period as tables: on the F7 screen, in an XLSX (a sheet each) and a PDF.

One description (`summary_sheets`) feeds all three, so the screen and the files never disagree.
A figure the database does not record reads "no data", never 0.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from console.documents.tabular import DATETIME, INTEGER, MONEY, TEXT, Column, Sheet, csv_value
from console.i18n import pick, t
from console.services.report import Deadlines, Figures

FORMATS = ("xlsx", "pdf")

OUTCOME_LABELS = {
    "solved": "Solved on the phone",
    "ticket": "Ticket taken",
    "callback": "Callback booked",
    "refused": "Refused",
    "out_of_scope": "Out of scope (R2)",
    "hung_up": "Caller hung up",
    "open": "Not ended",
}
REFUSAL_LABELS = {
    "balance": "Balance is zero or negative (R14)",
    "not_verified": "Caller not verified (R13)",
    "hours": "Outside consultation hours (R4)",
    "work_refused": "Price List No. 3 work refused (R12)",
    "other": "Other reason",
}
NOTIFY_LABELS = {
    "called": "Called, agreed",
    "sms": "SMS sent",
    "unreachable": "Unreachable (an attempt)",
    "client_cancels": "Client cancelled",
    "awaiting_slot": "Told we will call back with a time",
}


def period_text(first: date, last: date) -> str:
    if first == last:
        return first.strftime("%d.%m.%Y")
    return f"{first:%d.%m.%Y} – {last:%d.%m.%Y}"


def _no_data(value: int | None) -> object:
    return t("no data") if value is None else value


def _deadline_row(name: str, d: Deadlines) -> list[object]:
    return [name, d.due, d.met, d.late, d.missed_open, d.open_not_due]


def summary_sheets(f: Figures) -> list[Sheet]:
    """Every table of the summary, in reading order (the first one is the chart's data)."""
    count = Column(t("Calls"), INTEGER)
    sheets = [
        Sheet(t("Calls per hour"), [Column(t("Hour")), count],
              [[f"{h:02d}:00", n] for h, n in enumerate(f.calls_by_hour) if n]),
        Sheet(t("Call outcomes"), [Column(t("Outcome")), count],
              [[t(OUTCOME_LABELS.get(k, k)), n] for k, n in f.outcomes.items() if n]
              + [[t("Total"), f.calls]]),
        Sheet(t("Calls over {minutes} minutes (R15)", minutes=f.call_limit_min),
              [Column(t("Started"), DATETIME), Column(t("Minutes"), INTEGER),
               Column(t("Outcome")), Column(t("Operator"))],
              [[c.started, c.minutes, t(OUTCOME_LABELS.get(c.outcome, c.outcome)), c.operator]
               for c in f.long_calls]),
        Sheet(t("Refusals"), [Column(t("Reason")), count],
              [[t(REFUSAL_LABELS.get(k, k)), n] for k, n in f.refusals.items()]),
        Sheet(t("Balance overrides (D4)"),
              [Column(t("When"), DATETIME), Column(t("Operator")), Column(t("Approved by")),
               Column(t("Contract")), Column(t("Reason"))],
              [[o.at, o.operator, o.supervisor or t("not recorded"), o.contract, o.reason]
               for o in f.overrides]),
        Sheet(t("Tickets by task type"),
              [Column(t("Task type")), Column(t("Priority"), INTEGER),
               Column(t("Tickets"), INTEGER)],
              [[pick(*f.task_names.get(g.task_type, (g.task_type, g.task_type))), g.priority,
                g.count] for g in f.tickets]),
        Sheet(t("Visits"), [Column(t("Figure")), Column(t("Count"), INTEGER),
                            Column(t("Amount, ₽"), MONEY)],
              [[t("Visits done"), f.visits_done, None],
               [t("Visits cancelled"), f.visits_cancelled, None],
               [t("Nobody at the address (no-show)"), f.no_shows, None],
               [t("No-shows charged (D18, item 1.1)"), f.no_show_charged,
                f.no_show_charged_kopecks],
               [t("No-shows waived"), f.no_show_waived, None],
               [t("Late cancellations charged (R8, item 1.1)"), f.late_charged,
                f.late_charged_kopecks],
               [t("Late cancellations waived"), f.late_waived, None]]),
        Sheet(t("Notifications"), [Column(t("Figure")), Column(t("Value"), INTEGER)],
              [[t("Notifications raised"), f.notify_created],
               *[[t(NOTIFY_LABELS.get(k, k)), n] for k, n in sorted(f.notify_worked.items())],
               [t("Median wait until answered, min"), _no_data(f.notify_median_min)],
               [t("Longest wait until answered, min"), _no_data(f.notify_max_min)],
               [t("Still to notify"), f.notify_pending]]),
        Sheet(t("Deadlines"),
              [Column(t("Channel")), Column(t("Due"), INTEGER), Column(t("Met"), INTEGER),
               Column(t("Late"), INTEGER), Column(t("Missed, still open"), INTEGER),
               Column(t("Open, not due yet"), INTEGER)],
              [_deadline_row(t("HelpDesk (R5)"), f.helpdesk),
               _deadline_row(t("Claims (R18)"), f.claims)]),
    ]
    return sheets


def cell_text(value: object, column: Column) -> str:
    """How a cell reads on the screen and in the PDF (the CSV's spelling, with a dash)."""
    if value is None or value == "":
        return "—"
    return csv_value(value, column.kind if not isinstance(value, str) else TEXT)


def summary_pdf(f: Figures, *, created: datetime | None = None) -> bytes:
    from console.documents.pdf import PdfDocument

    title = t("Summary for {period}", period=period_text(f.first, f.last))
    doc = PdfDocument(title, created=created)
    doc.heading(title)
    doc.paragraph(t("Calls: {n}", n=f.calls), bold=True)
    doc.bar_chart([f"{h:02d}" for h in range(24)], list(f.calls_by_hour),
                  caption=t("Calls per hour"))
    for sheet in summary_sheets(f)[1:]:
        doc.paragraph(sheet.title, bold=True)
        rows = [[cell_text(v, c) for v, c in zip(row, sheet.columns, strict=True)]
                for row in sheet.rows]
        if rows:
            wide = [c.kind in (TEXT, DATETIME) for c in sheet.columns]
            doc.table([c.header for c in sheet.columns], rows,
                      align="".join("L" if w else "R" for w in wide),
                      widths=[3 if w else 1 for w in wide])
        else:
            doc.paragraph(t("None in this period."))
            doc.spacer(2)
    return doc.to_bytes()


def write_summary(path: Path, fmt: str, f: Figures) -> Path:
    """Write the summary as `fmt` (xlsx: one sheet per table; pdf: tables and the chart)."""
    from console.documents.files import write_atomically
    from console.documents.tabular import write_table

    if fmt == "xlsx":
        return write_table(path, "xlsx", summary_sheets(f))
    if fmt == "pdf":
        data = summary_pdf(f)
        return write_atomically(Path(path), lambda stream: stream.write(data))
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
