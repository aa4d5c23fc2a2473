"""Reading written documents back in tests: PDF text (pypdf), XLSX cells (openpyxl), CSV rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path


def pdf_text(data: bytes | Path) -> str:
    """All text of a PDF, page after page, as a PDF reader extracts it."""
    from pypdf import PdfReader

    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else Path(data)
    return "\n".join(page.extract_text() or "" for page in PdfReader(source).pages)


def xlsx_rows(path: Path, sheet: str | None = None) -> list[tuple]:
    """The cell values of one sheet (the first by default), typed as openpyxl reads them."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    ws = book[sheet] if sheet else book.worksheets[0]
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def csv_rows(path: Path) -> list[list[str]]:
    """The rows of a CSV written by `console.documents.tabular` (UTF-8 with BOM, `;`)."""
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream, delimiter=";"))
