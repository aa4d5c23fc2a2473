"""Every rule in docs/RULES.md is proven by a behaviour test named after it.

A test carries a rule ID in its name (`test_r08_...`, `test_r13_d03_...`). Tests of the demo
generator prove the demo data, not a rule: they carry no ID and do not count.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "docs" / "RULES.md"  # a copy inside the repository: a clone has no ../shared
TESTS = ROOT / "tests"
NOT_BEHAVIOUR = {"test_demo.py", "test_rule_coverage.py"}
_ID_IN_NAME = re.compile(r"_([rd])(\d{1,2})(?=_|$)")

# Rules whose screens and services are other issues' work, not on main yet. Each entry must go
# as soon as a test names the rule (the test below fails if it lingers).
PENDING: dict[str, str] = {}


def rule_ids() -> list[str]:
    ids = re.findall(r"^\| ([RD]\d+) \|", RULES.read_text(encoding="utf-8"), re.MULTILINE)
    return sorted(set(ids), key=lambda i: (i[0], int(i[1:])))


def named_rules(files) -> dict[str, list[str]]:
    """Rule ID -> the test functions naming it."""
    found: dict[str, list[str]] = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and \
                    node.name.startswith("test_"):
                for kind, number in _ID_IN_NAME.findall(node.name):
                    found.setdefault(f"{kind.upper()}{int(number)}", []).append(node.name)
    return found


def behaviour_files() -> list[Path]:
    return [p for p in TESTS.rglob("test_*.py") if p.name not in NOT_BEHAVIOUR]


def test_the_repository_copy_of_the_rules_lists_every_id():
    ids = rule_ids()
    assert ids[:1] == ["D1"] and "R19" in ids and "D18" in ids


def test_every_rule_has_a_behaviour_test():
    covered = named_rules(behaviour_files())
    missing = [i for i in rule_ids() if i not in covered and i not in PENDING]
    assert not missing, f"no behaviour test names these rules: {missing}"


def test_pending_rules_leave_the_list_once_a_test_names_them():
    covered = named_rules(behaviour_files())
    stale = [i for i in PENDING if i in covered]
    assert not stale, f"remove from PENDING, a test now proves them: {stale}"
    assert set(PENDING) <= set(rule_ids())


def test_demo_generator_tests_carry_no_rule_ids():
    demo = named_rules([TESTS / "integration" / "test_demo.py"])
    names = sorted(name for found in demo.values() for name in found)
    assert not demo, f"the demo data is not a rule: rename {names}"


def test_f1_summarises_every_rule_of_the_repository_copy():
    from console.rules_summary import RULES as SUMMARY

    assert sorted(rule_id for rule_id, _text in SUMMARY) == sorted(rule_ids())
