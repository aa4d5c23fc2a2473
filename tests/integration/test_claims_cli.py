"""`export claims` and `helpdesk import` from the command line, their files read back."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from console.cli import main
from console.db import open_database
from console.models import Contract, HelpDeskQuestion
from console.rules.claims import ClaimFields
from console.services import claims

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)


@pytest.fixture
def register_db(make_ctx):
    """Three claims of 2026 (answered late, open and overdue, fresh) and one of 2025."""
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    Contract.create(number="10000001", number_key="10000001", surname="Ёлкин",
                    surname_key="елкин", address="Москва")
    F = ClaimFields(channel="letter", holder_full_name="Ёлкин Пётр «Младший»",
                    contract_number="10000001", description="=SUM(A1) нет связи")

    def reg(received, now):
        return claims.register_claim(F, received, operator="t", calendar=ctx.calendar, now=now)

    old = datetime(2025, 12, 1, 12, tzinfo=MSK)
    reg(old, old)
    a = reg(datetime(2026, 10, 1, 12, tzinfo=MSK), datetime(2026, 10, 1, 12, tzinfo=MSK))
    claims.to_director(a.claim_id, version=1, operator="t", now=NOW)
    claims.answer(a.claim_id, date(2026, 10, 23), "letter", "Перерасчёт", "исх-5", version=2,
                  operator="t", calendar=ctx.calendar, now=NOW)
    reg(datetime(2026, 10, 2, 12, tzinfo=MSK), NOW)
    reg(NOW, NOW)
    db.close()
    return ctx


def export(ctx, tmp_path, fmt, capsys):
    out = tmp_path / f"r.{fmt}"
    code = main(["export", "claims", "--year", "2026", "--format", fmt, "--out", str(out),
                 "--db", ctx.db_target, "--now", "2026-11-24 11:00"])
    assert code == 0
    assert "выгружено претензий за 2026 год: 3" in capsys.readouterr().out  # Russian: the default
    return out


def test_r18_export_claims_csv_reads_back_with_cyrillic_due_dates_and_days_late(
        register_db, tmp_path, capsys):
    out = export(register_db, tmp_path, "csv", capsys)
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert header[0] == "Номер" and "Дней просрочки (раб.)" in header
    col = {name: i for i, name in enumerate(header)}
    assert [r[0] for r in body] == ["П-2026-0001", "П-2026-0002", "П-2026-0003"]
    first, second = body[0], body[1]
    assert first[col["Владелец"]] == "Ёлкин Пётр «Младший»"
    assert first[col["Срок"]] == "21.10.2026" and first[col["Дата ответа"]] == "23.10.2026"
    assert first[col["Дней просрочки (раб.)"]] == "2" and first[col["Исх. номер"]] == "исх-5"
    assert second[col["Статус"]] == "неполная" and second[col["Дата ответа"]] == ""
    assert int(second[col["Дней просрочки (раб.)"]]) > 0  # open and overdue: late so far


def test_r18_export_claims_xlsx_has_typed_dates_numbers_and_a_frozen_header(
        register_db, tmp_path, capsys):
    out = export(register_db, tmp_path, "xlsx", capsys)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    col = {name: i for i, name in enumerate(header)}
    first = [c.value for c in ws[2]]
    assert ws.freeze_panes == "A2"
    assert first[col["Номер"]] == "П-2026-0001"
    assert first[col["Владелец"]] == "Ёлкин Пётр «Младший»"
    assert first[col["Суть претензии"]] == "=SUM(A1) нет связи"  # text, never a formula
    assert ws.cell(2, col["Суть претензии"] + 1).data_type == "s"
    assert first[col["Срок"]] == datetime(2026, 10, 21)  # a date cell, not text
    assert first[col["Получена"]] == datetime(2026, 10, 1, 12, 0)  # Moscow wall time
    assert first[col["Дней просрочки (раб.)"]] == 2
    assert ws.column_dimensions["D"].width > 10
    assert ws.max_row == 4


def test_export_refuses_a_bad_year(register_db, capsys):
    assert main(["export", "claims", "--year", "1900", "--db", register_db.db_target]) == 2
    assert "--year 1900" in capsys.readouterr().err


def test_r05_helpdesk_import_command_reports_each_refused_record(make_ctx, tmp_path, capsys):
    ctx = make_ctx("2026-11-24 11:00")
    path = tmp_path / "q.json"
    path.write_text(json.dumps([
        {"id": "1", "contract": "1", "received_at": "2026-11-23T10:00:00+03:00",
         "subject": "s", "text": "t"},
        {"id": "2", "contract": "1", "received_at": "bad", "subject": "s", "text": "t"},
    ]), encoding="utf-8")
    args = ["helpdesk", "import", str(path), "--db", ctx.db_target, "--now", "2026-11-24 11:00"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "добавлено 1, уже были 0, отклонено 1" in captured.out
    assert "запись 2 (id '2')" in captured.err
    assert main(args) == 0
    assert "добавлено 0, уже были 1" in capsys.readouterr().out
    db = open_database(ctx.db_target)
    assert HelpDeskQuestion.select().count() == 1
    db.close()
    path.write_text("not json", encoding="utf-8")
    assert main(args) == 1
    assert "не JSON" in capsys.readouterr().err
