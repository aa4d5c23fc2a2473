"""The call screen's parts reach it through a declared interface (screens/call_parts.py), so the
type checker sees what they do with it: the mistake behind the R15 prompt that never opened
the ticket form (an async step called without `await`) is a type error, not a silent no-op."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PART = '''
from console.screens.call import CallScreen
from console.screens.call_parts import CallHost


def host_of(screen: CallScreen) -> CallHost:
    return screen  # the screen provides everything a part may use


def prompt_15(host: CallHost) -> None:
    host.action_ticket()  # the R15 slip: a coroutine made and never run
'''


def test_r15_a_part_calling_an_async_step_without_await_is_a_type_error(tmp_path) -> None:
    from mypy import api

    part = tmp_path / "part.py"
    part.write_text(PART)
    out, err, code = api.run([str(part), "--config-file", str(REPO / "pyproject.toml"),
                              "--cache-dir", str(REPO / ".mypy_cache")])
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert code == 1, out + err
    assert len(errors) == 1, out
    assert "part.py:11:" in errors[0] and "[unused-coroutine]" in errors[0]
