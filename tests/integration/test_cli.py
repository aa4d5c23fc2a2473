"""The command line: every option documented, bad input -> one line and a non-zero exit."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from console.reference import default_data_dir


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The command in English (its messages are read here); test_cli_language.py reads the
    Russian ones."""
    lang = () if "--lang" in args else ("--lang", "en")
    return subprocess.run(
        [sys.executable, "-m", "console", *lang, *args],
        capture_output=True, text=True, timeout=60, cwd=cwd, stdin=subprocess.DEVNULL,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_help_documents_every_option():
    result = run("--help")
    assert result.returncode == 0
    for option in ("--db", "--now", "--lang", "--operator", "--demo", "demo", "technician",
                   "backup"):
        assert option in result.stdout
    demo = run("demo", "--help")
    for option in ("--contracts", "--seed", "--db"):
        assert option in demo.stdout


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("--lang", "de"), ("--lang", "de")),
        (("--now", "2026-02-31 10:00"), ("--now", "no such date")),
        (("--now", "2026-11-25 25:00"), ("--now", "no such date or time")),
        (("--now", "tomorrow"), ("--now",)),
        (("--db", "/nonexistent-folder/x.db"), ("/nonexistent-folder", "does not exist")),
        (("--operator", ""), ("--operator",)),
    ],
)
def test_bad_options_fail_with_one_clear_line(args, needles):
    assert_one_line_error(run(*args), *needles)


def test_broken_reference_file_names_file_and_problem(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    (data / "policy.toml").write_text("[hours\nbroken = ", encoding="utf-8")
    result = run("--data", str(data), "--db", str(tmp_path / "c.db"))
    assert_one_line_error(result, "policy.toml")
    assert not (tmp_path / "c.db").exists()  # nothing written before the data is valid


def test_a_typo_after_a_start_that_cached_the_reference_still_stops_the_console(tmp_path):
    """The reference data a start validated are kept for the next (console/reference_cache.py);
    a file edited since is validated again."""
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    first = run("--data", str(data), "--db", str(tmp_path / "c.db"))
    assert_one_line_error(first, "terminal")  # valid data: up to the missing terminal
    assert (data / ".cache" / "reference.pickle").exists()
    policy = data / "policy.toml"
    policy.write_text(policy.read_text(encoding="utf-8").replace('open = "10:00"',
                                                                 'open = "25:00"'),
                      encoding="utf-8")
    assert_one_line_error(run("--data", str(data), "--db", str(tmp_path / "c.db")),
                          "policy.toml", "hours.service.open", "25:00")


def test_garbage_database_file_is_refused(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00garbage" * 1000)
    assert_one_line_error(run("--db", str(junk)), "junk.db")


def test_database_newer_than_code_is_refused(tmp_path):
    path = tmp_path / "c.db"
    assert run("db", "init", "--db", str(path)).returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_migration (name, applied) VALUES ('9999_x', '2030-01-01')")
    assert_one_line_error(run("--db", str(path)), "newer than this console")


def test_demo_replace_replaces_only_a_demo_and_checks_its_options_first(tmp_path):
    real = tmp_path / "real.db"
    assert run("technician", "add", "Техник", "--db", str(real)).returncode == 0
    before = real.read_bytes()
    refused = run("demo", "--replace", "--contracts", "3", "--db", str(real))
    assert_one_line_error(refused, "real.db", "not built by demo")
    assert real.read_bytes() == before  # someone's data: never removed
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database")
    assert_one_line_error(run("demo", "--replace", "--contracts", "3", "--db", str(junk)),
                          "not built by demo")
    assert junk.read_bytes() == b"not a database"
    demo = tmp_path / "demo.db"
    assert run("demo", "--contracts", "3", "--db", str(demo)).returncode == 0
    # A bad option stops the command before the old demo is removed.
    assert_one_line_error(run("demo", "--replace", "--now", "2026-02-30 11:00", "--db",
                              str(demo)), "--now")
    assert demo.exists()
    again = run("demo", "--replace", "--contracts", "5", "--db", str(demo))
    assert again.returncode == 0, again.stderr
    with sqlite3.connect(demo) as conn:
        assert conn.execute("SELECT count(*) FROM contract").fetchone()[0] == 5
    ru = run("--lang", "ru", "demo", "--contracts", "3", "--db", str(demo))
    assert_one_line_error(ru, "в базе уже есть договоры")


@pytest.mark.parametrize("args", [
    ("export", "charges", "--from", "2026-11-01", "--to", "2026-11-30"),
    ("export", "claims", "--year", "2026"),
    ("audit", "--ticket", "1"),
    ("report", "--from", "2026-11-01"),
    ("technician", "list"),
    ("technician", "off", "Сидоров", "2026-12-01..2026-12-02", "--reason", "x"),
    ("operator", "list"),
    ("operator", "set", "ivanova", "--supervisor"),
])
def test_a_command_that_reads_refuses_a_database_that_does_not_exist(tmp_path, args):
    typo = tmp_path / "tyop.db"
    result = run(*args, "--db", str(typo), "--data", str(tmp_path), "--out",
                 str(tmp_path / "out.csv")) if args[0] == "export" else run(
        *args, "--db", str(typo), "--data", str(tmp_path))
    assert_one_line_error(result, "tyop.db", "does not exist")
    assert not typo.exists() and not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("dates", [("9999-12-31", "9999-12-31"), ("0001-01-01", "2026-01-01")])
def test_export_and_report_dates_past_the_calendar_are_a_usage_error(tmp_path, dates):
    db = str(tmp_path / "c.db")
    assert run("db", "init", "--db", db).returncode == 0
    first, last = dates
    charges = run("export", "charges", "--from", first, "--to", last, "--db", db,
                  "--out", str(tmp_path / "c.csv"))
    assert_one_line_error(charges, "2000", "2100")
    assert charges.returncode == 2
    report = run("report", "--from", first, "--to", last, "--db", db, "--data", str(tmp_path))
    assert_one_line_error(report, "2000", "2100")


def test_technicians_are_added_listed_and_audited(tmp_path):
    db = str(tmp_path / "c.db")
    added = run("technician", "add", "Сидоров Пётр Ильич", "--phone", "8 903 111-22-33",
                "--db", db, "--operator", "ivanova")
    assert added.returncode == 0, added.stderr
    assert "+79031112233" in added.stdout
    listed = run("technician", "list", "--db", db)
    assert "Сидоров Пётр Ильич" in listed.stdout
    bad = run("technician", "add", "Кто-то", "--phone", "call me", "--db", db)
    assert_one_line_error(bad, "--phone")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM technician").fetchone()[0] == 1
        rows = conn.execute("SELECT operator, action FROM audit_event").fetchall()
    # D14: her login, new to this database, then the technician she added.
    assert rows[:2] == [("ivanova", "operator_added"), ("ivanova", "technician_added")]


def test_backup_copies_a_live_database(tmp_path):
    db = tmp_path / "c.db"
    assert run("technician", "add", "Техник", "--db", str(db)).returncode == 0
    dest = tmp_path / "backup.db"
    result = run("backup", str(dest), "--db", str(db))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(dest) as conn:
        assert conn.execute("SELECT name FROM technician").fetchone() == ("Техник",)
    assert_one_line_error(run("backup", str(dest), "--db", str(db)), "already exists")


def test_d04_operators_are_added_listed_and_made_supervisors(tmp_path):
    db = str(tmp_path / "c.db")
    assert run("operator", "add", "petrova", "--supervisor", "--db", db).returncode == 0
    assert run("operator", "add", "ivanova", "--db", db).returncode == 0
    assert_one_line_error(run("operator", "add", "ivanova", "--db", db), "already exists")
    assert_one_line_error(run("operator", "set", "nobody", "--supervisor", "--db", db),
                          "no operator")
    listed = run("operator", "list", "--db", db).stdout
    assert "petrova\tpetrova\tsupervisor" in listed and "ivanova\tivanova\toperator" in listed
    assert run("operator", "set", "ivanova", "--supervisor", "--db", db).returncode == 0
    assert run("operator", "set", "petrova", "--no-supervisor", "--db", db).returncode == 0
    listed = run("operator", "list", "--db", db).stdout
    assert "ivanova\tivanova\tsupervisor" in listed and "petrova\tpetrova\toperator" in listed
    # D4: the last supervisor stays one, or nobody could lift the balance gate.
    assert_one_line_error(run("operator", "set", "ivanova", "--no-supervisor", "--db", db),
                          "last supervisor")
    assert "ivanova\tivanova\tsupervisor" in run("operator", "list", "--db", db).stdout


def test_d14_audit_prints_a_tickets_history(make_ctx):
    from tests.ui.test_r08_notice import told_for_14_30

    ctx = make_ctx("2026-11-24 11:00")
    ticket_id = told_for_14_30(ctx)
    result = run("audit", "--ticket", str(ticket_id), "--db", ctx.db_target, "--lang", "ru")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "создана: Нет подключения у абонента" in lines[0] and "\tt\t" in lines[0]
    assert "канал звонок" in lines[0]  # names, not the codes the audit keeps
    assert any("сообщено: приход 24.11 14:30-15:30" in line for line in lines)  # D8: from 14:30
    assert_one_line_error(run("audit", "--ticket", "999999", "--db", ctx.db_target),
                          "no ticket")


def test_hostile_numbers_are_one_line_answers(tmp_path):
    """A ticket number past SQLite's integer range overflowed the driver (a traceback); a year
    of 0 exported this year's register."""
    db = str(tmp_path / "h.db")
    assert run("db", "init", "--db", db).returncode == 0
    huge = run("--db", db, "--data", str(tmp_path), "audit", "--ticket", "9" * 20)
    assert_one_line_error(huge, "no ticket 99999999999999999999")
    assert huge.returncode == 2
    year = run("--db", db, "--data", str(tmp_path), "export", "claims", "--year", "0",
               "--out", str(tmp_path / "c.csv"))
    assert_one_line_error(year, "2000")
    assert not (tmp_path / "c.csv").exists()


def test_an_unforeseen_failure_of_a_command_is_one_line_and_logged(tmp_path, monkeypatch,
                                                                   capsys):
    from console import launch

    def broken(_args):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(launch, "run_audit", broken)
    from console.cli import main

    code = main(["--db", str(tmp_path / "x.db"), "--data", str(tmp_path), "audit",
                 "--ticket", "1"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "непредвиденная ошибка: RuntimeError: boom" in err
    log = (tmp_path / "console-errors.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "second line" in log


def test_a_file_the_system_refuses_is_named_with_its_reason_not_as_a_database_failure(
        tmp_path, monkeypatch, capsys):
    import errno

    from console import launch
    from console.cli import main

    def full(_args):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "b.db"))

    monkeypatch.setattr(launch, "run_backup", full)
    code = main(["--db", str(tmp_path / "x.db"), "--data", str(tmp_path), "backup",
                 str(tmp_path / "b.db")])
    assert code == 1
    assert capsys.readouterr().err == f"support-console: {tmp_path / 'b.db'}: на диске нет места\n"


def test_restore_into_an_empty_file_and_a_folder_given_as_the_backup(tmp_path):
    db = tmp_path / "c.db"
    assert run("technician", "add", "Техник", "--db", str(db)).returncode == 0
    backup = tmp_path / "b.db"
    assert run("backup", str(backup), "--db", str(db)).returncode == 0
    empty = tmp_path / "empty.db"
    empty.touch()  # made by hand beforehand: empty, so nothing is overwritten
    restored = run("restore", str(backup), "--db", str(empty))
    assert restored.returncode == 0, restored.stderr
    with sqlite3.connect(empty) as conn:
        assert conn.execute("SELECT name FROM technician").fetchone() == ("Техник",)
    assert_one_line_error(run("restore", str(tmp_path), "--db", str(tmp_path / "n.db")),
                          "is a folder")


@pytest.mark.parametrize("args", [("--data", "", "technician", "list"),
                                  ("export", "claims", "--out", ""),
                                  ("backup", "")])
def test_an_empty_path_is_a_usage_error_not_the_current_folder(tmp_path, args):
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "an empty path" in result.stderr
    assert not list(tmp_path.iterdir())  # nothing written where the command ran
