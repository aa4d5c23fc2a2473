"""Tables for billing and the office: CSV and XLSX from one description of the columns.

    columns = [Column("Договор"), Column("Сумма, ₽", kind=MONEY), Column("Дата", kind=DATE)]
    write_table(path, "xlsx", [Sheet("Начисления", columns, rows)])

- CSV: UTF-8 with a BOM and `;` between cells, which is what office software in a Russian
  locale opens without an import dialog; money as `1234,56`, dates as `25.12.2026`; a text
  that would start a formula (`=`, `+`, `-`, `@`) gets a leading `'`.
- XLSX (openpyxl): numbers are numbers (money in roubles with two decimals), dates are dates
  (Moscow time, shown `ДД.ММ.ГГГГ` / `ДД.ММ.ГГГГ ЧЧ:ММ`), a bold frozen header row, an
  autofilter, and column widths from the longest value.

Money comes in as integer kopecks (the database's unit, `kind=MONEY`) and is never a float on
the way: the XLSX cell gets a Decimal.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from rich.cells import cell_len

from console.documents.files import write_atomically

MSK = ZoneInfo("Europe/Moscow")

TEXT, INTEGER, MONEY, DATE, DATETIME, BOOL = "text", "integer", "money", "date", "datetime", "bool"
FORMATS = ("csv", "xlsx")
MAX_WIDTH = 60  # characters: a long description wraps in the office program instead


@dataclass(frozen=True)
class Column:
    """One column: its header and what its values are (`kind`)."""

    header: str
    kind: str = TEXT


@dataclass(frozen=True)
class Sheet:
    """A named table; XLSX writes one worksheet per sheet, CSV only the first."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]] = field(default_factory=list)


def _clean(text: object) -> str:
    """NFC text without control characters (a formula-looking cell stays text, see below)."""
    value = unicodedata.normalize("NFC", "" if text is None else str(text))
    return "".join(ch for ch in value if ch in "\n" or unicodedata.category(ch)[0] != "C")


# A CSV cell that starts with one of these is a formula to a spreadsheet (CSV injection):
# `=HYPERLINK(...)` in a holder's name would run in the accountant's office program.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# ...unless it is a plain number or phone (`+79031112233`, `-1`): those are left as they are
# for the programs that read the file.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9 ()\-]*(?:[.,][0-9]+)?")


def _defused(text: str) -> str:
    """A text cell a spreadsheet will show as text: a leading apostrophe before a formula."""
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _local(value: datetime) -> datetime:
    """Aware -> Moscow wall time without tzinfo (spreadsheets have no time zones)."""
    if value.tzinfo is not None:
        value = value.astimezone(MSK)
    return value.replace(tzinfo=None)


def _roubles(kopecks: int) -> Decimal:
    return (Decimal(int(kopecks)) / 100).quantize(Decimal("0.01"))


def csv_value(value: object, kind: str) -> str:
    """How one value reads in the CSV."""
    if value is None or value == "":
        return ""
    if kind == MONEY:
        return f"{_roubles(value):.2f}".replace(".", ",")  # type: ignore[arg-type]
    if kind == DATETIME and isinstance(value, datetime):
        return _local(value).strftime("%d.%m.%Y %H:%M")
    if kind in (DATE, DATETIME) and isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if kind == BOOL:
        return "да" if value else "нет"
    text = _clean(value)
    return _defused(text) if isinstance(value, str) else text


def _check(sheet: Sheet) -> list[Sequence[object]]:
    rows = list(sheet.rows)
    width = len(sheet.columns)
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            raise ValueError(f"{sheet.title}: row {number} has {len(row)} cells, not {width}")
    return rows


def csv_bytes(sheet: Sheet) -> bytes:
    """The sheet as CSV (UTF-8 with BOM, `;`, CRLF line ends as office software writes)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_clean(c.header) for c in sheet.columns])
    for row in _check(sheet):
        writer.writerow([csv_value(v, c.kind) for v, c in zip(row, sheet.columns, strict=True)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as an XLSX workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        # Excel limits sheet titles to 31 characters and forbids a few symbols.
        title = "".join(ch for ch in _clean(sheet.title) if ch not in "[]:*?/\\")[:31] or "Sheet"
        ws = book.create_sheet(title)
        ws.append([_clean(c.header) for c in sheet.columns])
        widths = [cell_len(_clean(c.header)) for c in sheet.columns]
        for row in _check(sheet):
            values = []
            for i, (value, column) in enumerate(zip(row, sheet.columns, strict=True)):
                cell = _xlsx_value(value, column.kind)
                values.append(cell)
                widths[i] = max(widths[i], cell_len(csv_value(value, column.kind)))
            ws.append(values)
        for i, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = min(MAX_WIDTH, widths[i - 1] + 2)
            fmt = _NUMBER_FORMATS.get(column.kind)
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                if fmt and cell.value is not None:
                    cell.number_format = fmt
                if isinstance(cell.value, str):
                    # A client's text starting with "=" must stay text, never run as a formula.
                    cell.data_type = "s"
                    if "\n" in cell.value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        if ws.max_row > 1:
            ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_NUMBER_FORMATS = {
    MONEY: "#,##0.00",
    INTEGER: "0",
    DATE: "DD.MM.YYYY",
    DATETIME: "DD.MM.YYYY HH:MM",
}


def _xlsx_value(value: object, kind: str) -> object:
    if value is None or value == "":
        return None
    if kind == MONEY:
        return _roubles(value)  # type: ignore[arg-type]
    if kind == INTEGER and not isinstance(value, str):  # a word ("no data") stays a word
        return int(value)  # type: ignore[call-overload]
    if kind == DATETIME and isinstance(value, datetime):
        return _local(value)
    if kind in (DATE, DATETIME) and isinstance(value, datetime):
        return _local(value).date()
    if kind in (DATE, DATETIME) and isinstance(value, date):
        return value
    if kind == BOOL:
        return "да" if value else "нет"
    return _clean(value)  # a text cell, typed as text below: never a formula


def write_table(path: Path | str, fmt: str, sheets: Sequence[Sheet]) -> Path:
    """Write `sheets` as `fmt` ("csv": the first sheet only, or "xlsx"); returns the path."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if not sheets:
        raise ValueError("nothing to write: no sheet")
    data = csv_bytes(sheets[0]) if fmt == "csv" else xlsx_bytes(sheets)
    return write_atomically(Path(path), lambda stream: stream.write(data))
