"""Every command in the README's Running section works as written in a fresh clone (item 25).

The clone is a copy of the tracked files; `.venv` in it is this environment's (what `make
install` would have made), and PYTHONPATH makes the copy's `console` the one that runs. Commands
that open the full-screen console run in a pseudo-terminal until the first screen shows, then
Ctrl+Q; the others run as they are and must exit 0. Nothing may be written into the sources
(the sample's import report goes to the data folder, not beside the sample).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.test_install import _run_in_pty

REPO = Path(__file__).resolve().parents[2]
TUI_WORDS = {"ru": ["Звонок", "ПРИЁМ"], "en": ["Call", "INTAKE"]}


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    running = text[text.index("## Running"):]
    block = running[running.index("```sh") + 5: running.index("```", running.index("```sh") + 5)]
    return [line.strip() for line in block.splitlines() if line.strip()]


def fresh_clone(tmp: Path) -> Path:
    clone = tmp / "clone"
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                           cwd=REPO, capture_output=True, text=True,
                           check=True).stdout.splitlines()
    for name in files:
        source = REPO / name
        if source.is_file():
            target = clone / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    # What `make install` makes: this test's own environment.
    (clone / ".venv").symlink_to(Path(sys.executable).parents[1])
    return clone


def opens_the_console(argv: list[str]) -> bool:
    """No command (demo, technician, report, ...) and no --help: the full-screen console."""
    from console.cli import build_parser

    return "--help" not in argv and build_parser().parse_args(argv[1:]).command is None


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_item25_every_readme_command_works_as_written_in_a_fresh_clone(tmp_path: Path) -> None:
    if not (REPO / ".git").exists():
        pytest.skip("needs the git checkout to know the tracked files")
    clone = fresh_clone(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(clone), "HOME": str(tmp_path / "home"),
           "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    env.pop("SUPPORT_CONSOLE_DATA", None)
    before = {p for p in clone.rglob("*") if ".venv" not in p.parts}
    ran = []
    for line in readme_commands():
        argv = shlex.split(line, comments=True)
        if argv[0] in ("make", "pipx"):
            continue  # `make install` made .venv (here: linked); pipx: tests/…/test_install.py
        assert argv[0] == ".venv/bin/support-console", line
        argv[0] = str(clone / argv[0])
        if opens_the_console(argv):
            lang = "en" if "en" in argv else "ru"
            screen, code = _run_in_pty(argv, cwd=clone, env=env, expect=TUI_WORDS[lang])
            assert "Traceback" not in screen and code == 0, (line, screen[-2000:])
            assert all(word in screen for word in TUI_WORDS[lang]), (line, screen[-2000:])
        else:
            result = subprocess.run(argv, cwd=clone, env=env, capture_output=True, text=True,
                                    timeout=600, stdin=subprocess.DEVNULL)
            assert result.returncode == 0, (line, result.stdout, result.stderr)
        ran.append(line)
    assert len(ran) >= 10, ran
    written = {p for p in clone.rglob("*") if ".venv" not in p.parts} - before
    outside_data = [p for p in written if p.relative_to(clone).parts[0] != "data"
                    and p.name not in ("console-backup.db",)]
    assert not outside_data, outside_data
    assert not [p for p in written if "samples" in p.parts], "report beside the sample"
    assert (clone / "data" / "reports" / "billing_export.csv.rejected.txt").is_file()


def test_item25_the_console_refuses_a_pipe_with_one_clear_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "console", "--demo", "--db", str(tmp_path / "d.db")],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "терминал" in result.stderr  # Russian: the default
    assert not (tmp_path / "d.db").exists()


def test_item25_make_clean_removes_what_the_console_wrote() -> None:
    plan = subprocess.run(["make", "-n", "clean"], cwd=REPO, capture_output=True, text=True,
                          check=True).stdout
    for path in ("data/console.db", "data/.cache", ".egg-info", "data/reports", "data/demo.db"):
        assert path in plan, plan
