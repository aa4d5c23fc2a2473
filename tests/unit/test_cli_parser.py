"""The command line parsed with the commands' parsers left empty (console/cli.py
`build_parser(argv)`, issue 12) answers exactly as the full parser: the same options, the same
errors, the same help."""

from __future__ import annotations

import contextlib
import io

import pytest

from console.argparse_language import argparse_speaking
from console.cli import COMMAND_NAMES, build_parser, names_a_command
from console.i18n import set_language

ARGVS = [
    [],
    ["--demo"],
    ["--db", "x.db", "--now", "2026-11-25 11:00", "--lang", "ru"],
    ["--operator", "ivanova", "--theme", "nord", "--data", "/tmp/d"],
    ["--db=x.db", "--op", "ivanova"],  # a prefix argparse accepts
    ["stray"],  # an unknown command: "invalid choice", listing the commands
    ["--db", "x.db", "demo"],
    ["--db", "demo"],  # a value that is a command's name: the full parser, the same answer
    ["demo", "--contracts", "10", "--seed", "2"],
    ["technician", "add", "Сидоров Пётр", "--phone", "1"],
    ["export", "claims", "--year", "2026"],
    ["--unknown"],
    ["--now"],  # an option without its value
    ["-h"],
    ["--he"],
    ["--version"],
    ["demo", "--help"],
]


def outcome(argv: list[str], *, lazy: bool) -> tuple[object, int | None, str, str]:
    """(the parsed namespace or None, exit code, stdout, stderr) of parsing `argv`."""
    out, err = io.StringIO(), io.StringIO()
    parsed, code = None, None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), argparse_speaking():
        try:
            parsed = vars(build_parser(argv if lazy else None).parse_args(argv))
        except SystemExit as exc:
            code = exc.code  # type: ignore[assignment]
    return parsed, code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("argv", ARGVS, ids=" ".join)
def test_the_lazy_parser_answers_as_the_full_one(argv, lang):
    set_language(lang)
    try:
        assert outcome(argv, lazy=True) == outcome(argv, lazy=False)
    finally:
        set_language("ru")


def test_the_command_names_are_the_full_parsers_in_its_order():
    full = build_parser()
    commands = next(a for a in full._actions if a.dest == "command")
    assert tuple(commands.choices) == COMMAND_NAMES


def test_only_a_command_or_help_needs_the_commands_parsers():
    assert not names_a_command(["--db", "x.db", "--now", "2026-11-25 11:00", "--demo"])
    assert names_a_command(["--db", "x.db", "report", "--from", "2026-11-01"])
    assert names_a_command(["--he"]) and names_a_command(["-h"])
