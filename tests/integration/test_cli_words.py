"""The command line's own words and the data folder's checks in the console's language (issue
13): `--help`, the usage and argparse's errors, and a broken policy.toml, priorities.toml,
pricelist3.toml, calendar_overrides.toml or keys.toml at start, Russian by default and English
with `--lang en`. Each through the real command line (`python -m console`)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from console.datafolder import defaults_dir
from tests.integration.test_cli_language import LATIN_WORDS, cli, russian

# What a Russian --help still names as it is typed: commands, options, metavars, examples.
COMMAND_WORDS = re.compile(
    r"\b(demo|technician|operator|audit|backup|restore|import-contracts|report|helpdesk|export|"
    r"import|claims|charges|init|list|rename|deactivate|activate|add|set|xlsx|pdf|csv|"
    r"postgresql|textual-light|nord|textual-ansi|ansi|none)\b")


def russian_help(text: str) -> str:
    lines = [line for line in text.splitlines()
             if not line.strip().startswith(("support-console ", "[", "usage"))]
    text = COMMAND_WORDS.sub("", "\n".join(lines))
    for named in ("$SUPPORT_CONSOLE_DATA", "support-console", "data/", "textual-"):
        text = text.replace(named, "")
    return russian(text)


def test_help_is_russian_by_default_and_english_with_lang_en():
    shown = cli("--help")
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert out.startswith("использование: support-console")
    for heading in ("\nаргументы:", "\nпараметры:", "\nкоманды:", "\nпримеры:"):
        assert heading in out, out
    assert "показать эту справку и выйти" in out
    assert "язык интерфейса (по умолчанию ru)" in out
    assert not LATIN_WORDS.search(russian_help(out)), LATIN_WORDS.findall(russian_help(out))
    english = cli("--lang", "en", "--help").stdout
    assert english.startswith("usage: support-console")
    assert "\noptions:" in english and "show this help message and exit" in english
    assert "interface language (default: ru)" in english and "параметры" not in english


def test_a_commands_help_follows_the_language_given_after_it():
    out = cli("technician", "off", "--help").stdout
    assert "ФИО или #номер из `technician list`" in out and "параметры:" in out
    assert not LATIN_WORDS.search(russian_help(out)), out
    out = cli("technician", "off", "--help", "--lang=en").stdout
    assert "full name or #number from `technician list`" in out and "options:" in out


@pytest.mark.parametrize(("args", "ru", "en"), [
    (["--bogus"], "ошибка: непонятные аргументы: --bogus",
     "error: unrecognized arguments: --bogus"),
    (["report"], "ошибка: не хватает обязательных аргументов: --from",
     "error: the following arguments are required: --from"),
    (["demo", "--contracts", "много"], "аргумент --contracts: недопустимое значение: 'много'",
     "argument --contracts: invalid int value: 'много'"),
    (["export", "claims", "--format", "doc"],
     "недопустимое значение: 'doc' (возможны: 'csv', 'xlsx')",
     "invalid choice: 'doc' (choose from 'csv', 'xlsx')"),
    (["техник"], "недопустимое значение: 'техник'", "invalid choice: 'техник'"),
])
def test_parsing_errors_follow_the_language(args, ru, en):
    said = cli(*args)
    assert said.returncode == 2 and ru in said.stderr, said.stderr
    assert said.stderr.startswith("использование: ")
    last = said.stderr.strip().splitlines()[-1]
    assert not LATIN_WORDS.search(russian_help(last)), last
    said = cli("--lang", "en", *args)
    assert said.returncode == 2 and en in said.stderr, said.stderr
    assert said.stderr.startswith("usage: ")


def test_hostile_arguments_are_answered_in_one_language_without_a_traceback():
    # A control character, a very long value and Cyrillic where a number is due.
    said = cli("audit", "--ticket", "\x1b[2J" + "9" * 5000)
    assert said.returncode == 2 and "Traceback" not in said.stderr
    assert "аргумент --ticket: недопустимое значение" in said.stderr


# -- the data folder's files, checked at start (through the real command line) --

BROKEN = {
    "policy.toml": (lambda s: s.replace('open = "10:00"', 'open = "25:00"'),
                    'policy.toml: hours.service.open: ожидается «ЧЧ:ММ», а задано \'25:00\'',
                    "policy.toml: hours.service.open: expected \"HH:MM\", got '25:00'"),
    "priorities.toml": (lambda s: s.replace("priority = 4", "priority = 9", 1),
                        "priority: неизвестный класс приоритета 9 (известны: 1, 2, 3, 4)",
                        "priority: unknown priority class 9 (known: 1, 2, 3, 4)"),
    "pricelist3.toml": (lambda s: s + '\n[[items]]\ncode = "Ёлка"\n',
                        "code: ожидается номер пункта, например «2.1», а задано 'Ёлка'",
                        "code: expected an item number like \"2.1\", got 'Ёлка'"),
    "calendar_overrides.toml": (lambda s: s.replace(
                                    "days_off = []",
                                    'days_off = [{ date = "2026-12-31", name = "канун" }]'),
                                "days_off[0].date: ожидается дата TOML, например 2026-12-31 "
                                "(без кавычек), а задано '2026-12-31'",
                                "days_off[0].date: expected a TOML date like 2026-12-31 "
                                "(no quotes), got '2026-12-31'"),
}


def _data_folder(tmp_path: Path, name: str, change) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for file in defaults_dir().glob("*.toml"):
        shutil.copy(file, folder / file.name)
    path = folder / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_reference_file_stops_the_start_with_one_russian_line(tmp_path, name):
    change, ru, en = BROKEN[name]
    folder = _data_folder(tmp_path, name, change)
    start = ["--data", str(folder), "--db", str(tmp_path / "c.db"), "--now", "2026-11-24 11:00"]
    said = cli(*start)
    lines = said.stderr.strip().splitlines()
    assert said.returncode == 1 and len(lines) == 1 and ru in lines[0], said.stderr
    assert lines[0].startswith(f"support-console: {folder / name}: ")
    problem = lines[0].split(f"{name}: ", 1)[1].split(": ", 1)[1]  # after the key's path
    assert not LATIN_WORDS.search(russian(problem)), lines[0]
    said = cli("--lang", "en", *start)
    assert said.returncode == 1 and en in said.stderr, said.stderr


def test_a_key_holding_an_escape_sequence_is_named_escaped_never_sent_to_the_terminal(tmp_path):
    folder = _data_folder(tmp_path, "policy.toml",
                          lambda s: '"\\u001b]0;pwned\\u0007Ёж" = 1\n' + s)
    start = ["--data", str(folder), "--db", str(tmp_path / "c.db"), "--now", "2026-11-24 11:00"]
    said = cli(*start)
    assert said.returncode == 1 and "\x1b" not in said.stderr and "\x07" not in said.stderr
    assert "policy.toml: '\\x1b]0;pwned\\x07Ёж': неизвестный ключ (допустимы: " in said.stderr
    (folder / "policy.toml").unlink()  # the default comes back; keys.toml holds the sequence
    (folder / "keys.toml").write_text('"\\u001b[2J" = "f9"\n', encoding="utf-8")
    said = cli(*start)
    assert said.returncode == 2 and "\x1b" not in said.stderr, said.stderr
    assert "keys.toml: '\\x1b[2J': такой клавиши нет" in said.stderr, said.stderr


@pytest.mark.parametrize(("text", "ru", "en"), [
    ('queue = "f9"\ncall = "f9"', "keys.toml: call: 'f9' уже занята под queue",
     "keys.toml: call: 'f9' is already queue's key"),
    ("queue = \n", "keys.toml: строка 1, столбец 9: ошибка синтаксиса TOML: неверное значение",
     "keys.toml: line 1, column 9: TOML syntax error: Invalid value"),
    ('queue = "f9"\nqueue = "f8"\n', "строка 2, столбец 13: ошибка синтаксиса TOML: "
     "значение уже задано, второй раз задать нельзя",
     "line 2, column 13: TOML syntax error: Cannot overwrite a value"),
    ("queue = \"f9", "конец файла: ошибка синтаксиса TOML: строка не закрыта кавычкой",
     "end of document: TOML syntax error: Unterminated string"),
])
def test_a_broken_keys_toml_stops_the_start_with_one_russian_line(tmp_path, text, ru, en):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "keys.toml").write_text(text, encoding="utf-8")
    start = ["--data", str(folder), "--db", str(tmp_path / "c.db"), "--now", "2026-11-24 11:00"]
    said = cli(*start)
    lines = said.stderr.strip().splitlines()
    assert said.returncode == 2 and len(lines) == 1 and ru in lines[0], said.stderr
    said = cli("--lang", "en", *start)
    assert said.returncode == 2 and en in said.stderr, said.stderr
