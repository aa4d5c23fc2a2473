"""Printable A4 documents (the completion act, R7; the reply to a claim, R18) through fpdf2.

The text font is DejaVu Sans, shipped in `fonts/` beside this module (its licence is there
too), so Cyrillic renders the same on a dispatcher's machine with no system fonts at all.

A document is built top to bottom and saved once:

    doc = PdfDocument("Акт выполненных работ № А-2026-0001")
    doc.heading("Акт выполненных работ № А-2026-0001")
    doc.fields([("Договор", "10000001"), ("Абонент", "Иванов Иван Иванович")])
    doc.table(["Работа", "Кол-во", "Сумма"], [["Обжим коннектора", "2", "400,00 ₽"]],
              widths=(6, 1, 2), align="LRR")
    doc.signature("Исполнитель", "Сидоров П. И.")
    doc.save(path)
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from console.documents.files import write_atomically

FONT = "DejaVu"
BODY_SIZE = 10
LINE_MM = 5.5
SIGNATURE_BLANK = "_" * 28


def _font_path(name: str) -> str:
    return str(resources.files("console.documents").joinpath("fonts", name))


def printable(text: object) -> str:
    """Text safe for the page: NFC, control characters dropped (tabs become spaces)."""
    value = unicodedata.normalize("NFC", "" if text is None else str(text))
    value = value.replace("\t", " ").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in value if ch == "\n" or unicodedata.category(ch)[0] != "C")


class PdfDocument:
    """One A4 portrait document with the shipped font; methods add blocks in reading order."""

    def __init__(self, title: str, *, author: str = "", created: datetime | None = None) -> None:
        from fpdf import FPDF  # imported here: fpdf2 is not on the console's start path

        pdf = FPDF(orientation="P", unit="mm", format="A4")
        pdf.set_margins(20, 15, 20)  # symmetric: tables centre on the page
        pdf.set_auto_page_break(auto=True, margin=15)
        pdf.add_font(FONT, "", _font_path("DejaVuSans.ttf"))
        pdf.add_font(FONT, "B", _font_path("DejaVuSans-Bold.ttf"))
        pdf.set_title(printable(title))
        if author:
            pdf.set_author(printable(author))
        pdf.set_creator("support-console")
        # A fixed creation date makes the same act byte-identical when it is written again.
        pdf.set_creation_date(created or datetime.now(UTC))
        pdf.add_page()
        pdf.set_font(FONT, "", BODY_SIZE)
        self._pdf = pdf

    # -- blocks ------------------------------------------------------------------------------
    def heading(self, text: str, *, size: int = 14, align: str = "C") -> None:
        """A bold title line (wraps if long)."""
        self._write(text, size=size, bold=True, align=align)
        self.spacer(2)

    def paragraph(self, text: str, *, bold: bool = False, size: int = BODY_SIZE,
                  align: str = "L") -> None:
        """Running text; line breaks in `text` are kept, long lines wrap."""
        self._write(text, size=size, bold=bold, align=align)

    def fields(self, pairs: Sequence[tuple[str, object]]) -> None:
        """`Label: value` lines, the label in bold; an empty value prints as a dash."""
        from fpdf.enums import XPos, YPos

        pdf = self._pdf
        for label, value in pairs:
            pdf.set_font(FONT, "B", BODY_SIZE)
            caption = printable(label) + ": "
            pdf.cell(pdf.get_string_width(caption) + 1, LINE_MM, caption,
                     new_x=XPos.RIGHT, new_y=YPos.TOP)
            pdf.set_font(FONT, "", BODY_SIZE)
            pdf.multi_cell(0, LINE_MM, printable(value) or "—",
                           new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[object]], *,
              widths: Sequence[float] | None = None, align: str | None = None,
              footer: Sequence[object] | None = None) -> None:
        """A bordered table with a bold header row (repeated on a new page) and an optional
        bold `footer` row (a total). `widths` are relative; `align` has one of L/C/R per column.
        """
        from fpdf.fonts import FontFace

        pdf = self._pdf
        columns = len(headers)
        aligns = tuple((align or "L" * columns).upper())
        if len(aligns) != columns or any(len(row) != columns for row in rows):
            raise ValueError("every table row needs one cell per header")
        pdf.set_font(FONT, "", BODY_SIZE - 1)
        bold = FontFace(emphasis="BOLD")
        with pdf.table(
            col_widths=tuple(widths) if widths else None,
            text_align=aligns,
            headings_style=bold,
            line_height=LINE_MM,
            first_row_as_headings=True,
        ) as table:
            for row in (headers, *rows):
                cells = table.row()
                for value in row:
                    cells.cell(printable(value))
            if footer is not None:
                cells = table.row()
                for value in footer:
                    cells.cell(printable(value), style=bold)
        pdf.set_font(FONT, "", BODY_SIZE)
        self.spacer(2)

    def bar_chart(self, labels: Sequence[str], values: Sequence[int], *, caption: str = "",
                  height_mm: float = 40) -> None:
        """A column chart: one bar per label, its value above it, the labels below."""
        pdf = self._pdf
        if len(labels) != len(values) or not labels:
            raise ValueError("a chart needs one value per label")
        if pdf.get_y() + height_mm + 20 > pdf.h - pdf.b_margin:
            pdf.add_page()
        if caption:
            self._write(caption, size=BODY_SIZE, bold=True)
        left, width = pdf.l_margin, pdf.w - pdf.l_margin - pdf.r_margin
        step = width / len(labels)
        top = pdf.get_y() + 4
        base = top + height_mm
        peak = max(max(values), 1)
        pdf.set_font(FONT, "", 7)
        pdf.set_fill_color(70, 110, 170)
        for i, (label, value) in enumerate(zip(labels, values, strict=True)):
            x = left + i * step
            bar = height_mm * value / peak
            if value:
                pdf.rect(x + step * 0.15, base - bar, step * 0.7, bar, style="F")
                pdf.text(x + step / 2 - pdf.get_string_width(str(value)) / 2, base - bar - 1,
                         str(value))
            pdf.text(x + step / 2 - pdf.get_string_width(printable(label)) / 2, base + 3.5,
                     printable(label))
        pdf.line(left, base, left + width, base)
        pdf.set_fill_color(255)  # tables after the chart keep their white cells
        pdf.set_font(FONT, "", BODY_SIZE)
        pdf.set_y(base + 6)

    def signature(self, label: str, name: str = "") -> None:
        """A signature line: `label ________________ / name /`."""
        tail = f" / {printable(name)} /" if name else ""
        self.spacer(4)
        self._write(f"{printable(label)}: {SIGNATURE_BLANK}{tail}", size=BODY_SIZE)

    def spacer(self, mm: float = 4) -> None:
        self._pdf.ln(mm)

    # -- output ------------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        return bytes(self._pdf.output())

    def save(self, path: Path | str) -> Path:
        """Write the document atomically, owner-only; returns the path."""
        data = self.to_bytes()
        return write_atomically(Path(path), lambda stream: stream.write(data))

    def _write(self, text: str, *, size: int, bold: bool = False, align: str = "L") -> None:
        from fpdf.enums import XPos, YPos

        pdf = self._pdf
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.multi_cell(0, size * 0.5 + 0.5, printable(text), align=align,
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", BODY_SIZE)

