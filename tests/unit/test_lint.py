"""The checks of `make lint` that guard DESIGN.md, run with the tests too, so that a change
which breaks a layer or a type fails before it lands, not only in CI.

- import-linter: rules and models import no UI and no services; screens and widgets reach the
  database only through services; UI -> reactor -> services -> rules; no import cycles.
- mypy: strict on console/rules and console/services, basic everywhere else (no module left out).
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_layers_and_cycles_hold_import_linter_contracts(monkeypatch, capsys) -> None:
    from importlinter.cli import lint_imports

    monkeypatch.chdir(REPO)
    code = lint_imports(no_cache=True)
    out = capsys.readouterr().out
    hint = ("\nDESIGN.md's layers: a screen or widget gets data from a service (never models/db);"
            " rules/models import no UI or services; break a cycle by moving what both need"
            " down a layer (a Protocol for a type-only import).\n")
    assert code == 0, hint + (out[out.find("Broken contracts"):] or out)
    assert "0 broken" in out


def test_types_check_mypy_strict_on_rules(monkeypatch) -> None:
    from mypy import api

    monkeypatch.chdir(REPO)  # pyproject.toml's [tool.mypy] names the files
    out, err, code = api.run(["--cache-dir", str(REPO / ".mypy_cache")])
    hint = "\nFix these: every module of console/ is checked (basic, strict on rules/services).\n"
    assert code == 0, hint + out + err
    assert "Success: no issues found" in out


def test_no_module_is_left_out_of_the_type_check() -> None:
    """The known-debt list is gone: no module is excluded or has its errors ignored."""
    import tomllib

    mypy = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["mypy"]
    assert "exclude" not in mypy
    assert not [o["module"] for o in mypy.get("overrides", []) if o.get("ignore_errors")]
