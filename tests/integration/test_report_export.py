"""The summary written out: XLSX (a sheet per table), PDF (tables and the chart), the command."""

from __future__ import annotations

import subprocess
import sys

import pytest

from console.db import open_database
from console.i18n import set_language, t
from console.services.report import read_figures
from console.services.report_export import (
    NOTIFY_LABELS,
    OUTCOME_LABELS,
    REFUSAL_LABELS,
    summary_pdf,
    summary_sheets,
    write_summary,
)
from tests.report_day import DAY, EXPECTED, MSK, NOW, seed_day


@pytest.fixture
def figures(make_ctx):
    ctx = make_ctx(now="2026-11-24 16:00")
    database = open_database(ctx.db_target)
    seed_day()
    yield read_figures(DAY, DAY, now=NOW, tz=MSK)
    database.close()


def sheet(sheets, title):
    (found,) = [s for s in sheets if s.title == title]
    return [list(row) for row in found.rows]


def test_every_label_of_the_summary_has_russian():
    from console.i18n.ru import RU

    for labels in (OUTCOME_LABELS, REFUSAL_LABELS, NOTIFY_LABELS):
        for text in labels.values():
            assert text in RU, text


def test_sheets_carry_the_seeded_counts(figures):
    sheets = summary_sheets(figures)
    assert sheet(sheets, "Звонки по часам") == [["00:00", 1], ["10:00", 3], ["11:00", 3],
                                                ["14:00", 2]]
    assert ["Всего", EXPECTED["calls"]] in sheet(sheets, "Итоги звонков")
    assert len(sheet(sheets, "Звонки дольше 15 минут (R15)")) == EXPECTED["long_calls"]
    (override,) = sheet(sheets, "Допуски при долге (D4)")
    assert override[1:4] == ["tester", "не записано", "77-000001"]
    visits = {row[0]: row[1:] for row in sheet(sheets, "Выезды")}
    assert visits["Выезды выполнены"] == [2, None]
    assert visits["Клиента не было на месте"] == [2, None]
    assert visits["Неявки с начислением (D18, п. 1.1)"] == [1, 150_000]
    assert visits["Неявки без начисления"] == [1, None]
    assert visits["Поздние отмены начислены (R8, п. 1.1)"] == [1, 150_000]
    assert sheet(sheets, "Сроки") == [["HelpDesk (R5)", 4, 1, 1, 1, 1],
                                      ["Претензии (R18)", 2, 1, 0, 1, 0]]


def test_xlsx_has_one_sheet_per_table_with_numbers_as_numbers(figures, tmp_path):
    from openpyxl import load_workbook

    path = write_summary(tmp_path / "s.xlsx", "xlsx", figures)
    book = load_workbook(path)
    assert book.sheetnames == [s.title[:31] for s in summary_sheets(figures)]
    hours = book["Звонки по часам"]
    assert [c.value for c in hours["B"]][1:] == [1, 3, 3, 2]
    visits = book["Выезды"]
    charged = [row for row in visits.iter_rows(values_only=True)
               if row[0] == "Поздние отмены начислены (R8, п. 1.1)"]
    assert charged[0][2] == 1500  # roubles, a number


def test_pdf_has_the_chart_and_the_tables(figures, tmp_path):
    from pypdf import PdfReader

    path = write_summary(tmp_path / "s.pdf", "pdf", figures)
    text = "".join(page.extract_text() for page in PdfReader(path).pages)
    for needle in ("Сводка за 24.11.2026", "Звонков: 9", "Звонки по часам", "Итоги звонков",
                   "Допуски при долге (D4)", "Заявки по видам задач", "Претензии (R18)"):
        assert needle in text, needle


def test_english_summary(figures):
    set_language("en")
    try:
        data = summary_pdf(figures)
        titles = [s.title for s in summary_sheets(figures)]
    finally:
        set_language("ru")
    assert "Calls per hour" in titles and t("Calls per hour") == "Звонки по часам"
    assert data.startswith(b"%PDF")


def run_cli(*args, cwd=None):
    """The command in English, whose messages these tests read."""
    return subprocess.run([sys.executable, "-m", "console", "--lang", "en", *args],
                          capture_output=True,
                          text=True, timeout=120, cwd=cwd, stdin=subprocess.DEVNULL)


def test_report_command_writes_xlsx_and_pdf(make_ctx, tmp_path):
    ctx = make_ctx(now="2026-11-24 16:00")
    database = open_database(ctx.db_target)
    seed_day()
    database.close()
    out = tmp_path / "day.pdf"
    result = run_cli("report", "--from", "2026-11-24", "--to", "2026-11-24", "--format", "pdf",
                     "--out", str(out), "--db", ctx.db_target, "--now", "2026-11-24 16:00")
    assert result.returncode == 0, result.stderr
    assert "9 calls" in result.stdout and str(out) in result.stdout
    assert out.read_bytes().startswith(b"%PDF")
    data = tmp_path / "data"
    result = run_cli("report", "--from", "2026-11-23", "--to", "2026-11-25",
                     "--db", ctx.db_target, "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert (data / "exports" / "summary-2026-11-23_2026-11-25.xlsx").is_file()
    assert "11 calls" in result.stdout


@pytest.mark.parametrize(("args", "needle"), [
    (("--from", "24.11.2026"), "YYYY-MM-DD"),
    (("--from", "2026-11-24", "--to", "2026-11-23"), "before"),
    (("--from", "2026-11-24", "--format", "doc"), "invalid choice"),
])
def test_report_command_bad_input_is_one_clear_line(args, needle, tmp_path):
    result = run_cli("report", *args, "--db", str(tmp_path / "c.db"))
    assert result.returncode != 0
    assert needle in result.stderr and "Traceback" not in result.stderr


def test_report_command_refuses_a_missing_database(tmp_path):
    result = run_cli("report", "--from", "2026-11-24", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_bar_lines_scale_to_the_peak():
    from console.widgets.bar_chart import bar_lines

    lines = bar_lines([0, 4, 2], ["a", "b", "c"], height=2)
    assert lines[0].split() == ["4", "2"]
    assert lines[1] == "   ██"  # only the peak reaches the top row
    assert lines[2] == "   ██ ██"
    assert lines[3].split() == ["a", "b", "c"]
    assert bar_lines([0, 0], ["a", "b"], height=1)[1] == ""  # nothing to draw: no bars
