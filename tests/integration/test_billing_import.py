"""The billing import (R13, R14, D3, D14): `import-contracts FILE` on file databases in tmp_path."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.db import open_database
from console.models import AuditEvent
from console.rules.eligibility import verify
from console.rules.normalize import _NUMBER_SEPARATORS, clean_text, contract_key, is_mobile
from console.rules.normalize import phone_e164 as library_e164
from console.services.billing import importer
from console.services.billing.importer import ImportFailed, import_contracts
from console.services.billing.parallel import fork_available
from console.services.billing.phones import SLOW, fast_phone
from console.services.billing.values import clean, is_plain

AS_OF = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # 08:00 in Moscow
LATER = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)
HEADER_RU = "Номер договора;Фамилия;Имя;Отчество;Организация;Адрес;Телефоны;Баланс;Статус"
HEADER_EN = "number,surname,first_name,patronymic,company,address,phones,balance,status"
SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "billing_export.csv"


@pytest.fixture
def db(db_target):
    database = open_database(db_target)
    yield database
    database.close()


def write(tmp_path: Path, *lines: str, name: str = "billing.csv", encoding: str = "utf-8",
          newline: str = "\r\n") -> Path:
    path = tmp_path / name
    path.write_bytes((newline.join(lines) + newline).encode(encoding))
    return path


def run_import(path: Path, **kwargs) -> importer.ImportSummary:
    kwargs.setdefault("as_of", AS_OF)
    return import_contracts(path, operator="tester", **kwargs)


def plain(value):
    """A raw column value as SQLite returns it (PostgreSQL gives datetimes and booleans)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, datetime):
        return str(value)
    return value


def contracts(db) -> dict[str, dict]:
    cursor = db.execute_sql("SELECT * FROM contract ORDER BY id")
    names = [c[0] for c in cursor.description]
    return {row[2]: dict(zip(names, map(plain, row), strict=True)) for row in cursor.fetchall()}


def phones(db, number_key: str) -> list[tuple[str, int]]:
    rows = db.execute_sql(
        "SELECT p.e164, p.is_mobile FROM contract_phone p JOIN contract c ON c.id = p.contract_id"
        f" WHERE c.number_key = {db.param} ORDER BY p.id", (number_key,)).fetchall()
    return [tuple(map(plain, row)) for row in rows]


def dump(db) -> tuple[list, list]:
    return (db.execute_sql("SELECT * FROM contract ORDER BY id").fetchall(),
            db.execute_sql("SELECT * FROM contract_phone ORDER BY id").fetchall())


def report_lines(summary) -> list[str]:
    text = summary.report_path.read_text(encoding="utf-8")
    return [line for line in text.splitlines() if not line.startswith("#")]


def row_ru(number="10000001", surname="Иванов", balance="1 250,00", phones="+7 903 111-22-33",
           status="активен", address="г. Москва, ул. Тверская, д. 12, кв. 34",
           company="") -> str:
    return f"{number};{surname};Иван;Иванович;{company};{address};{phones};{balance};{status}"


# -- formats ------------------------------------------------------------------------------


def test_r13_utf8_semicolon_export_imports_normalised_keys(db, tmp_path):
    path = write(tmp_path, HEADER_RU,
                 "12-345 678;Ёлкина ;Анна;Сергеевна;;г. Москва, ул. Профсоюзная, д. 45, кв. 7;"
                 "8 (916) 222-33-44;-300;приостановлен")
    summary = run_import(path)
    assert (summary.added, summary.updated, summary.unchanged, summary.rejected) == (1, 0, 0, 0)
    row = contracts(db)["12345678"]
    assert row["number"] == "12-345 678"
    assert (row["surname"], row["surname_key"], row["first_name"]) == ("Ёлкина", "елкина", "Анна")
    assert (row["balance_kopecks"], row["status"]) == (-30000, "suspended")
    assert row["balance_as_of"] == "2026-11-25 05:00:00"
    assert phones(db, "12345678") == [("+79162223344", 1)]
    # What the call screen does with it (R13, D3): number with other separators, ё = е.
    assert verify("12 345-678", "ЕЛКИНА", row["number_key"], row["surname"]).verified


def test_cp1251_comma_export_with_quoted_phone_list(db, tmp_path):
    path = write(tmp_path, HEADER_EN,
                 'Д-77,Петров,Олег,Николаевич,ООО «Ромашка»,"г. Москва, ул. Новый Арбат, д. 21",'
                 '"+7 495 123-45-67, +7 926 555-01-02","15 000,00",closed',
                 encoding="cp1251")
    summary = run_import(path)
    assert summary.added == 1, report_lines(summary)
    row = contracts(db)["Д77"]
    assert (row["surname"], row["company"]) == ("Петров", "ООО «Ромашка»")
    assert row["address"] == "г. Москва, ул. Новый Арбат, д. 21"
    assert (row["balance_kopecks"], row["status"]) == (1500000, "closed")
    assert phones(db, "Д77") == [("+74951234567", 0), ("+79265550102", 1)]


def test_utf8_bom_and_english_header_in_any_case(db, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffNUMBER;Surname;BALANCE\n555;Smith;10\n".encode())
    assert run_import(path).added == 1
    row = contracts(db)["555"]
    assert (row["surname"], row["balance_kopecks"], row["status"]) == ("Smith", 1000, "active")


@pytest.mark.parametrize(("cell", "kopecks"), [
    ("1 234,56", 123456), ("1234.56", 123456), ("-300", -30000), ("1 234,56 ₽", 123456),
    ("1\u00a0234,56", 123456), ("1\u202f234,56", 123456), ("0", 0), ("12,5", 1250),
    ("−300", -30000), ("98 000,00 руб.", 9800000), ("  7 ", 700), ("-0,05", -5),
])
def test_r14_balance_formats_become_kopecks(db, tmp_path, cell, kopecks):
    path = write(tmp_path, "номер;фамилия;баланс", f"1;Иванов;{cell}")
    summary = run_import(path)
    assert summary.added == 1, report_lines(summary)
    assert contracts(db)["1"]["balance_kopecks"] == kopecks


@pytest.mark.parametrize("cell", ["abc", "1,2,3", "1,234", "12.345", "", "12 34", "1.234,56",
                                  "--5", "99999999999999"])
def test_r14_balance_that_is_not_money_rejects_the_line(db, tmp_path, cell):
    path = write(tmp_path, "номер;фамилия;баланс", f"1;Иванов;{cell}", "2;Петров;5")
    summary = run_import(path)
    assert (summary.added, summary.rejected) == (1, 1)
    assert set(contracts(db)) == {"2"}  # a wrong balance would open or close support (R14)
    (line,) = report_lines(summary)
    assert line.startswith("line 2: bad_balance: balance")


def test_r14_abc_balance_reason_is_readable_in_both_languages(db, tmp_path):
    summary = run_import(write(tmp_path, "номер;фамилия;баланс", "1;Иванов;abc"))
    assert report_lines(summary) == [
        "line 2: bad_balance: balance 'abc' is not a sum of money (баланс «abc» — не сумма)"]


def test_phone_lists_split_deduplicated_and_typed(db, tmp_path):
    path = write(tmp_path, "номер;фамилия;баланс;телефоны",
                 '1;Иванов;5;"+7 903 111-22-33; 8 (495) 123-45-67"',
                 "2;Петров;5;+79161234567|8 916 123-45-67|74991234567",
                 "3;Сидоров;5;")
    assert run_import(path).added == 3
    assert phones(db, "1") == [("+79031112233", 1), ("+74951234567", 0)]
    assert phones(db, "2") == [("+79161234567", 1), ("+74991234567", 0)]
    assert phones(db, "3") == []


def test_phone_with_letters_is_dropped_with_a_warning_and_the_line_imports(db, tmp_path):
    path = write(tmp_path, "номер;фамилия;баланс;телефоны",
                 "1;Иванов;5;+7 903 111-22-33, звонить вечером",
                 "2;Петров;5;8 903 ABC-22-33")
    summary = run_import(path)
    assert (summary.added, summary.rejected, summary.warnings) == (2, 0, 2)
    assert phones(db, "1") == [("+79031112233", 1)]
    assert phones(db, "2") == []
    assert report_lines(summary) == [
        "line 2: warning bad_phone: phone 'звонить вечером' is not a valid number, dropped "
        "(телефон «звонить вечером» — не номер, пропущен)",
        "line 3: warning bad_phone: phone '8 903 ABC-22-33' is not a valid number, dropped "
        "(телефон «8 903 ABC-22-33» — не номер, пропущен)"]


# -- upsert ---------------------------------------------------------------------------------


def test_added_updated_unchanged_are_counted_and_only_changes_are_written(db, tmp_path):
    first = write(tmp_path, HEADER_RU, row_ru("1"), row_ru("2", "Петров"),
                  row_ru("3", "Сидоров"), name="a.csv")
    assert run_import(first).added == 3
    before = contracts(db)
    phone_rows = "SELECT id, e164 FROM contract_phone WHERE contract_id = " + db.param
    phones_2 = db.execute_sql(phone_rows, (before["2"]["id"],)).fetchall()
    second = write(tmp_path, HEADER_RU, row_ru("1"), row_ru("2", "Петров", balance="-5"),
                   row_ru("3", "Сидоров", phones="+7 916 000-11-22"), row_ru("4", "Новиков"),
                   name="b.csv")
    summary = run_import(second, as_of=LATER)
    assert (summary.added, summary.updated, summary.unchanged, summary.rejected) == (1, 2, 1, 0)
    after = contracts(db)
    assert after["1"] == before["1"]  # unchanged: not even balance_as_of moves
    assert after["2"]["balance_kopecks"] == -500
    assert after["2"]["balance_as_of"] == "2026-11-26 05:00:00"
    assert after["3"]["balance_as_of"] == "2026-11-26 05:00:00"
    assert phones(db, "3") == [("+79160001122", 1)]
    assert after["4"]["balance_as_of"] == "2026-11-26 05:00:00"
    # Phones are rewritten only when they changed: contract 2 keeps its very phone rows.
    assert db.execute_sql(phone_rows, (after["2"]["id"],)).fetchall() == phones_2


def test_reimporting_the_same_file_changes_nothing(db, tmp_path):
    path = SAMPLE
    first = run_import(path, report_path=tmp_path / "r1.txt")
    snapshot = dump(db)
    second = run_import(path, as_of=LATER, report_path=tmp_path / "r2.txt",
                        now=datetime(2026, 11, 27, tzinfo=UTC))
    assert dump(db) == snapshot  # every column of every contract and phone row, incl. as_of
    assert (second.added, second.updated, second.unchanged) == (0, 0, first.added)
    assert second.rejected == first.rejected
    # Only the audit trail grows (D14): one event per import, one per batch that wrote rows.
    actions = [e.action for e in AuditEvent.select().order_by(AuditEvent.id)]
    assert actions == ["contracts_batch_imported", "contracts_imported", "contracts_imported"]


def test_a_column_the_export_lacks_is_left_alone(db, tmp_path):
    run_import(write(tmp_path, "номер;фамилия;баланс;статус;адрес",
                     "1;Иванов;5;приостановлен;ул. Тверская", name="a.csv"))
    summary = run_import(write(tmp_path, "номер;фамилия;баланс", "1;Иванов;7", name="b.csv"))
    assert summary.updated == 1
    row = contracts(db)["1"]
    assert (row["status"], row["address"], row["balance_kopecks"]) == (
        "suspended", "ул. Тверская", 700)


def test_a_company_cleared_in_billing_is_cleared(db, tmp_path):
    run_import(write(tmp_path, HEADER_RU, row_ru(company="ООО «Ромашка»"), name="a.csv"))
    assert run_import(write(tmp_path, HEADER_RU, row_ru(), name="b.csv")).updated == 1
    assert contracts(db)["10000001"]["company"] is None


# -- rejected lines ---------------------------------------------------------------------------


def test_broken_lines_are_rejected_and_the_rest_imports(db, tmp_path):
    path = write(tmp_path, HEADER_RU,
                 row_ru("1"),
                 "2;Петров;Олег",  # too few columns
                 '3;"Сидоров;Пётр;;;;;5;активен',  # a quote never closed
                 row_ru("4", "Новиков"),
                 row_ru("5", "Орлов") + ";лишнее",  # one column too many
                 row_ru("6", "Козлов"))
    summary = run_import(path)
    assert (summary.added, summary.rejected) == (3, 3)
    assert set(contracts(db)) == {"1", "4", "6"}
    assert report_lines(summary) == [
        "line 3: columns: 3 columns instead of 9 (столбцов 3 вместо 9)",
        "line 4: unterminated_quote: a quote opened in this line is never closed "
        "(кавычка, открытая в этой строке, не закрыта)",
        "line 6: columns: 10 columns instead of 9 (столбцов 10 вместо 9)"]


def test_a_quoted_cell_may_hold_a_line_break(db, tmp_path):
    path = write(tmp_path, "номер;фамилия;адрес;баланс", '1;Иванов;"ул. Тверская,\nд. 12";5',
                 "2;Петров;ул. Арбат;6", newline="\n")
    summary = run_import(path)
    assert (summary.added, summary.rejected) == (2, 0)
    assert contracts(db)["1"]["address"] == "ул. Тверская,\nд. 12"


def test_blank_lines_and_trailing_empty_cells_are_not_errors(db, tmp_path):
    path = write(tmp_path, "номер;фамилия;баланс;", "1;Иванов;5;", "", ";;;", "2;Петров;6;;")
    summary = run_import(path)
    assert (summary.added, summary.rejected, summary.report_path) == (2, 0, None)


@pytest.mark.parametrize(("second", "shown"), [("10000001", "10000001"),
                                               ("1000-0001", "1000-0001")])
def test_r13_duplicate_number_rejects_the_second_with_the_first_line(db, tmp_path, second,
                                                                       shown):
    path = write(tmp_path, HEADER_RU, row_ru("10000001"), row_ru("20", "Петров"),
                 row_ru(second, "Сидоров"))
    summary = run_import(path)
    assert (summary.added, summary.rejected) == (2, 1)
    assert contracts(db)["10000001"]["surname"] == "Иванов"
    assert report_lines(summary) == [
        f"line 4: duplicate_number: contract number {shown} already on line 2 "
        f"(договор {shown} уже был в строке 2)"]


def test_empty_number_or_surname_rejects_the_line(db, tmp_path):
    summary = run_import(write(tmp_path, HEADER_RU, row_ru(" - "), row_ru("2", " ")))
    assert summary.rejected == 2
    assert [line.split(":")[1].strip() for line in report_lines(summary)] == [
        "empty_number", "empty_surname"]


def test_a_50_kb_cell_rejects_the_line_instead_of_being_cut(db, tmp_path):
    path = write(tmp_path, HEADER_RU, row_ru("1", address="д" * 50_000), row_ru("2"))
    summary = run_import(path)
    assert (summary.added, summary.rejected) == (1, 1)
    assert "1" not in contracts(db)
    assert report_lines(summary) == [
        "line 2: too_long: address: 50000 characters, at most 500 accepted "
        "(адрес: 50000 символов, допустимо не более 500)"]


def test_unknown_status_rejects_the_line(db, tmp_path):
    summary = run_import(write(tmp_path, HEADER_RU, row_ru(status="в архиве")))
    assert report_lines(summary)[0].startswith("line 2: bad_status: status 'в архиве'")


def test_control_characters_are_removed_as_everywhere_else(db, tmp_path):
    path = write(tmp_path, "номер;фамилия;адрес;баланс", "1;Ива\u200bнов;ул.\tТверская\x07;5")
    run_import(path)
    row = contracts(db)["1"]
    assert (row["surname"], row["address"]) == ("Иванов", "ул.\tТверская")


def test_a_utf8_file_with_one_bad_line_rejects_only_that_line(db, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes("номер;фамилия;баланс\n1;Иванов;5\n".encode()
                     + "2;Петров;6\n".encode("cp1251") + "3;Сидоров;7\n".encode())
    summary = run_import(path)
    assert (summary.added, summary.rejected) == (2, 1)
    assert contracts(db)["3"]["surname"] == "Сидоров"  # not garbled into cp1251
    assert report_lines(summary)[0].startswith("line 3: bad_encoding")


# -- the report, the audit, progress, batches -------------------------------------------------


def test_report_file_beside_the_export_or_where_asked(db, tmp_path):
    path = write(tmp_path, HEADER_RU, row_ru(balance="abc"), row_ru("2", "Петров"))
    summary = run_import(path)
    assert summary.report_path == tmp_path / "billing.csv.rejected.txt"
    text = summary.report_path.read_text(encoding="utf-8")
    assert text.splitlines()[:2] == [
        "# support-console import-contracts billing.csv",
        "# added 1, updated 0, unchanged 0, rejected 1, phone warnings 0"]
    elsewhere = tmp_path / "out" / "report.txt"
    elsewhere.parent.mkdir()
    assert run_import(path, report_path=elsewhere).report_path == elsewhere
    # A clean run overwrites an old report, which would otherwise tell of lines now fixed.
    fixed = write(tmp_path, HEADER_RU, row_ru(), row_ru("2", "Петров"))
    clean_run = run_import(fixed)
    assert clean_run.report_path == summary.report_path
    assert "nothing rejected" in clean_run.report_path.read_text(encoding="utf-8")


def test_d14_import_is_audited_with_counts_file_and_operator(db, tmp_path):
    run_import(write(tmp_path, HEADER_RU, row_ru(), row_ru(balance="x")))
    event = AuditEvent.get(AuditEvent.action == "contracts_imported")
    assert (event.operator, event.action, event.entity) == ("tester", "contracts_imported",
                                                             "contract")
    details = __import__("json").loads(event.details)
    assert details["file"] == "billing.csv"
    assert (details["added"], details["rejected"], details["updated"]) == (1, 1, 0)


@pytest.fixture(params=["direct", "forked"])
def mode(request, monkeypatch) -> str:
    """Run the import in this process, or with a forked parsing child (big files)."""
    monkeypatch.setattr(importer, "BATCH", 2)
    if request.param == "forked":
        if not fork_available():
            pytest.skip("no fork here")
        monkeypatch.setattr(importer, "PARALLEL_MIN_ROWS", 0)
    return request.param


def test_progress_reports_rows_up_to_the_total(db, tmp_path, mode):
    path = write(tmp_path, HEADER_RU, *(row_ru(str(n), "Иванов") for n in range(1, 8)))
    calls = []
    summary = run_import(path, progress=lambda done, total: calls.append((done, total)))
    assert summary.added == 7
    assert calls[0] == (0, 7) and calls[-1] == (7, 7)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) >= 4


def test_a_crash_mid_way_keeps_whole_batches(db, tmp_path, mode, monkeypatch):
    real = importer.fast_phone

    def failing(text):
        if text.startswith("+7 916"):
            raise RuntimeError("power cut")
        return real(text)

    monkeypatch.setattr(importer, "fast_phone", failing)
    path = write(tmp_path, HEADER_RU, row_ru("1"), row_ru("2"), row_ru("3"),
                 row_ru("4", phones="+7 916 000-00-00"))
    expected = RuntimeError if mode == "direct" else ImportFailed
    with pytest.raises(expected, match="power cut"):
        run_import(path)
    assert set(contracts(db)) == {"1", "2"}  # the first batch, whole; not a row of the next
    # D14: the kept batch is audited (in its own transaction), the whole import is not.
    events = list(AuditEvent.select())
    assert [e.action for e in events] == ["contracts_batch_imported"]
    details = __import__("json").loads(events[0].details)
    assert (details["file"], details["inserted"], events[0].operator) == ("billing.csv", 2,
                                                                           "tester")


def test_forked_and_direct_imports_write_the_same_rows(tmp_path, monkeypatch):
    if not fork_available():
        pytest.skip("no fork here")
    monkeypatch.setattr(importer, "BATCH", 3)
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    tables = []
    for threshold in (10**9, 0):
        monkeypatch.setattr(importer, "PARALLEL_MIN_ROWS", threshold)
        database = open_database(tmp_path / f"{threshold}.db")
        try:
            summary = run_import(SAMPLE, report_path=tmp_path / f"{threshold}.txt", now=now)
            tables.append((dump(database), summary.added, summary.rejected,
                           summary.report_path.read_text(encoding="utf-8")))
        finally:
            database.close()
    assert tables[0] == tables[1]


# -- file-level failures ------------------------------------------------------------------------


def test_missing_required_column_names_it_and_imports_nothing(db, tmp_path, english):
    path = write(tmp_path, "Номер договора;Фамилия;Адрес", "1;Иванов;ул. Тверская")
    with pytest.raises(ImportFailed, match="missing required column: balance") as failure:
        run_import(path)
    assert "\n" not in str(failure.value)
    assert contracts(db) == {}
    assert AuditEvent.select().count() == 0


@pytest.mark.parametrize(("content", "needle"), [
    (b"", "empty"),
    (b"\n\n  \n", "empty"),
    (b"just some words\nmore words\n", "not a CSV"),
    (b"PK\x03\x04 zip", "Excel"),
    ("номер;фамилия;баланс\n".encode("utf-16"), "UTF-16"),
    (b"number;surname;balance\n1;X\x00;5\n", "NUL"),
    (b"number;surname;balance\n1;\x98\x98;5\n", "neither UTF-8 nor Windows-1251"),
    (b"number;number;surname;balance\n", "two columns"),
])
def test_a_file_that_is_not_an_export_fails_with_one_line(db, tmp_path, content, needle,
                                                         english):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFailed, match=needle) as failure:
        run_import(path)
    assert "\n" not in str(failure.value)
    assert contracts(db) == {}


def test_a_missing_file_fails_with_one_line(db, tmp_path, english):
    with pytest.raises(ImportFailed, match="no such file"):
        run_import(tmp_path / "nope.csv")


def test_a_report_path_that_cannot_be_written_fails_before_any_contract_is_saved(
        db, tmp_path, english):
    path = write(tmp_path, HEADER_RU, row_ru("1"), row_ru("2", balance="abc"))
    folder = tmp_path / "reports"
    folder.mkdir()
    with pytest.raises(ImportFailed, match="is a folder"):
        run_import(path, report_path=folder)
    with pytest.raises(ImportFailed, match=r"folder .* does not exist"):
        run_import(path, report_path=tmp_path / "nowhere" / "r.txt")
    assert contracts(db) == {}


def test_r14_balances_from_the_future_or_older_than_the_last_import_are_refused(
        db, tmp_path, english):
    path = write(tmp_path, HEADER_RU, row_ru("1", balance="500"))
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    with pytest.raises(ImportFailed, match=r"--as-of 25\.11\.2026 15:00: is in the future"):
        run_import(path, as_of=now + timedelta(hours=3), now=now)
    assert contracts(db) == {}
    run_import(path, as_of=LATER, now=LATER)
    older = write(tmp_path, HEADER_RU, row_ru("1", balance="-700"), name="old.csv")
    with pytest.raises(ImportFailed, match=r"as of 26\.11\.2026 08:00 are already imported.*"
                                           r"as of 25\.11\.2026 08:00, is older"):
        run_import(older, as_of=AS_OF, now=LATER)
    assert contracts(db)["1"]["balance_kopecks"] == 50000  # not rolled back
    # The same moment again (billing re-sent a corrected export) is imported.
    assert run_import(older, as_of=LATER, now=LATER).updated == 1


def test_the_sample_export_imports_as_documented(db, tmp_path):
    summary = run_import(SAMPLE, report_path=tmp_path / "sample.txt")
    assert (summary.added, summary.updated, summary.unchanged, summary.rejected,
            summary.warnings) == (13, 0, 0, 7, 1)


# -- the fast paths equal the library ---------------------------------------------------------

SEPARATORS = st.sampled_from(["", "", "", " ", "-", "(", ")", ".", "  ", " - ", ") ", "--"])


@st.composite
def phone_texts(draw) -> str:
    prefix = draw(st.sampled_from(["+7", "+7 ", "8", "8 ", "7", "", "", "+8", "(+7)", "+(7",
                                   "+", "+7(", "8-", " +7"]))
    first = draw(st.sampled_from("0123456789" + "34789" * 3))
    rest = draw(st.text("0123456789", min_size=7, max_size=11))
    text = prefix
    for digit in first + rest:
        text += draw(SEPARATORS) + digit
    return text + draw(st.sampled_from(["", "", " ", "-", ")", "."]))


@settings(max_examples=3000, deadline=None)
@given(phone_texts())
def test_fast_phone_answers_exactly_as_phonenumbers(text):
    fast = fast_phone(text)
    if fast is SLOW:
        return
    e164 = library_e164(text)
    assert fast == (None if e164 is None else (e164, is_mobile(e164)))


@settings(max_examples=2000, deadline=None)
@given(st.from_regex(r"[3-9][0-9]{9}", fullmatch=True),
       st.sampled_from(["+7 {a} {b}-{c}-{d}", "8 ({a}) {b}-{c}-{d}", "7{a}{b}{c}{d}",
                        "8{a}{b}{c}{d}", "+7({a}){b}{c}{d}", "{a} {b} {c} {d}"]))
def test_fast_phone_covers_the_usual_shapes_of_every_prefix(nsn, shape):
    text = shape.format(a=nsn[:3], b=nsn[3:6], c=nsn[6:8], d=nsn[8:])
    fast = fast_phone(text)
    # Covered: '+7' and any national number; '8'/'7' and one starting 3, 4, 7, 8, 9 (not 810,
    # Russia's international prefix); bare 10 digits starting 3, 4, 9.
    covered = "3456789" if shape.startswith("+7") else "349" if shape[0] == "{" else "34789"
    if nsn[0] not in covered:
        assert fast is SLOW
        return
    assert fast is not SLOW
    e164 = library_e164(text)
    assert fast == (None if e164 is None else (e164, is_mobile(e164)))


CELL_TEXT = st.text(st.characters(codec="utf-8"), max_size=30) | st.text(
    st.sampled_from("аёЁе\u0301\u00a0\u200b\t\n \x07;,|-АZz9\ufeff\u2028"), max_size=30)


@settings(max_examples=1500, deadline=None)
@given(CELL_TEXT)
def test_cell_cleaning_fast_path_equals_clean_text(text):
    assert clean(text) == clean_text(text)
    if is_plain(text):
        for delimiter in ";,|":
            for part in text.split(delimiter):
                assert part.strip() == clean_text(part)


@settings(max_examples=1000, deadline=None)
@given(CELL_TEXT)
def test_r13_number_key_fast_path_equals_contract_key(text):
    assert _NUMBER_SEPARATORS.sub("", clean(text)).upper() == contract_key(text)


# -- the command line ---------------------------------------------------------------------------


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The command in English, whose messages these tests read."""
    return subprocess.run([sys.executable, "-m", "console", "--lang", "en", *args],
                          capture_output=True,
                          text=True, timeout=120, cwd=cwd, stdin=subprocess.DEVNULL)


def test_cli_imports_and_prints_one_summary_line(tmp_path):
    db_path = tmp_path / "c.db"
    result = cli("import-contracts", str(SAMPLE), "--db", str(db_path), "--operator", "ivanova",
                 "--as-of", "2026-11-25 08:00", "--report", str(tmp_path / "r.txt"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert "13 added, 0 updated, 0 unchanged, 7 rejected" in lines[0]
    assert str(tmp_path / "r.txt") in lines[0]
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM contract").fetchone() == (13,)
        assert conn.execute("SELECT DISTINCT balance_as_of FROM contract").fetchall() == [
            ("2026-11-25 05:00:00",)]  # --as-of is Moscow time, stored in UTC
        assert conn.execute("SELECT operator, action FROM audit_event").fetchall() == [
            ("ivanova", "operator_added"),  # her first command on this database
            ("ivanova", "contracts_batch_imported"), ("ivanova", "contracts_imported")]
    again = cli("import-contracts", str(SAMPLE), "--db", str(db_path), "--report",
                str(tmp_path / "r.txt"), cwd=tmp_path)
    assert "0 added, 0 updated, 13 unchanged, 7 rejected" in again.stdout


def test_cli_missing_column_is_one_line_and_writes_no_database(tmp_path):
    path = write(tmp_path, "Номер договора;Фамилия", "1;Иванов")
    db_path = tmp_path / "c.db"
    result = cli("import-contracts", str(path), "--db", str(db_path), cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "missing required column: balance" in lines[0], result.stderr
    assert not db_path.exists()


def test_cli_bad_as_of_is_one_line(tmp_path):
    result = cli("import-contracts", str(SAMPLE), "--db", str(tmp_path / "c.db"), "--as-of",
                 "tomorrow", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "support-console: --as-of 'tomorrow': expected \"YYYY-MM-DD HH:MM\" (Moscow time)"]


def test_cli_help_documents_the_command():
    result = subprocess.run([sys.executable, "-m", "console", "import-contracts", "--help"],
                            capture_output=True, text=True, timeout=60)
    for option in ("FILE", "--report", "--as-of", "--db", "--operator"):
        assert option in result.stdout
