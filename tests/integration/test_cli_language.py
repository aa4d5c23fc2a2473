"""The command line speaks the console's language: Russian by default, English with
`--lang en`, never a mix (issue 13). Each command's own lines and its errors, both ways."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from console.cli import main
from console.i18n.ru_cli import RU

LATIN_WORDS = re.compile(r"\b(?!support-console\b)[a-z]{4,}\b")  # a word of English prose


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "console", *args], capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def russian(line: str) -> str:
    """The line without what it names (paths, options, values), to look for English words."""
    line = re.sub(r"(/|\S+\.(db|csv|txt|xlsx|pdf))\S*", "", line)  # paths and files
    line = re.sub(r"--[a-z-]+|'[^']*'|\"[^\"]*\"|`[^`]*`", "", line)  # options, quoted values
    return line.replace("support-console:", "").replace("backup:", "").replace("restore:", "")


def test_every_cli_sentence_has_its_russian_with_the_same_blanks():
    for english, translated in RU.items():
        assert set(re.findall(r"{\w+}", english)) == set(re.findall(r"{\w+}", translated)), english


def test_db_init_backup_and_restore_speak_russian_by_default_and_english_when_asked(tmp_path):
    db = tmp_path / "c.db"
    first = cli("db", "init", "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "база данных" in first.stdout and "применено миграций:" in first.stdout
    again = cli("--lang", "en", "db", "init", "--db", str(db))
    assert "already up to date" in again.stdout
    copy = tmp_path / "copy.db"
    done = cli("backup", str(copy), "--db", str(db))
    assert done.returncode == 0 and done.stdout.startswith("копия записана в")
    twice = cli("backup", str(copy), "--db", str(db))
    assert twice.returncode == 1 and "уже есть; выберите новый файл" in twice.stderr
    assert not LATIN_WORDS.search(russian(twice.stderr)), twice.stderr
    twice_en = cli("--lang", "en", "backup", str(copy), "--db", str(db))
    assert "already exists; choose a new file" in twice_en.stderr
    over = cli("restore", str(copy), "--db", str(db))
    assert "уже есть: восстанавливайте в новый файл" in over.stderr
    assert not LATIN_WORDS.search(russian(over.stderr)), over.stderr


@pytest.mark.parametrize(("lang", "needle"), [
    ("ru", "нет обязательного столбца: баланс"),
    ("en", "missing required column: balance"),
])
def test_import_contracts_errors_follow_the_language(tmp_path, lang, needle):
    source = tmp_path / "billing.csv"
    source.write_text("Номер договора;Фамилия\n1;Иванов\n", encoding="utf-8")
    result = cli("--lang", lang, "import-contracts", str(source), "--db", str(tmp_path / "c.db"))
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 1 and len(lines) == 1 and needle in lines[0], result.stderr


def test_import_contracts_summary_is_russian_by_default(tmp_path):
    source = tmp_path / "billing.csv"
    source.write_text("номер;фамилия;баланс\n1;Иванов;100\n2;Петров;abc\n", encoding="utf-8")
    result = cli("import-contracts", str(source), "--db", str(tmp_path / "c.db"),
                 "--report", str(tmp_path / "r.txt"))
    assert result.returncode == 0, result.stderr
    assert "добавлено 1" in result.stdout and "отклонено 1" in result.stdout
    assert "; отчёт:" in result.stdout
    with sqlite3.connect(tmp_path / "c.db") as conn:
        assert conn.execute("SELECT count(*) FROM contract").fetchone() == (1,)


@pytest.mark.parametrize(("args", "ru", "en"), [
    (("--now", "2026-02-31 10:00"), "такой даты или времени нет", "no such date or time"),
    (("report", "--from", "2026-11-30", "--to", "2026-11-01"), "report: --to раньше, чем --from",
     "report: --to is before --from"),
    (("export", "claims", "--year", "1900"), "укажите год от 2000 до 2100",
     "give a year from 2000 to 2100"),
])
def test_errors_are_one_line_in_the_chosen_language(tmp_path, capsys, args, ru, en):
    db = ("--db", str(tmp_path / "c.db"))
    assert main([*args, *db]) != 0
    assert ru in capsys.readouterr().err
    assert main([*args, *db, "--lang", "en"]) != 0
    assert en in capsys.readouterr().err


def test_report_line_follows_the_language(make_ctx, tmp_path, capsys):
    ctx = make_ctx("2026-11-24 11:00")
    out = tmp_path / "s.xlsx"
    common = ["report", "--from", "2026-11-24", "--db", ctx.db_target, "--now",
              "2026-11-24 11:00", "--out", str(out)]
    assert main(common) == 0
    said = capsys.readouterr().out
    assert said.startswith("сводка 2026-11-24..2026-11-24: звонков 0") and "записана в" in said
    out.unlink()
    assert main([*common, "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("summary 2026-11-24..2026-11-24: 0 calls")


def test_technician_lines_follow_the_language(tmp_path, capsys):
    db = ["--db", str(tmp_path / "c.db")]
    assert main(["technician", "add", "Сидоров Пётр", "--phone", "+7 903 111-22-33", *db]) == 0
    assert "добавлен техник №1: Сидоров Пётр" in capsys.readouterr().out
    assert main(["technician", "add", "Сидоров Пётр", *db]) == 2
    err = capsys.readouterr().err
    assert "уже такое имя" in err and "--force" in err
    assert main(["technician", "add", "Сидоров Пётр", *db, "--lang", "en"]) == 2
    assert "already has this name" in capsys.readouterr().err


def test_a_missing_folder_is_said_in_russian(tmp_path):
    result = cli("--db", str(Path("/nonexistent-folder") / "x.db"))
    assert "папки /nonexistent-folder нет" in result.stderr and result.returncode != 0
