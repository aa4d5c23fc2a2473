"""Every UI string has a Russian translation; English works with --lang en."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from console.commands import SCREENS
from console.i18n import LANGUAGES, UnknownLanguageError, set_language, t
from console.i18n.ru import RU
from console.rules_summary import RULES
from console.screens.call_outcome import OUTCOME_LABELS, REFUSALS
from console.screens.notify import REASONS, STATUSES
from console.screens.queue import STATUS
from console.widgets.status_bar import WEEKDAYS

CONSOLE = Path(__file__).resolve().parents[2] / "console"


def _literal(node: ast.expr) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def translated_literals() -> set[str]:
    """String literals passed to t() anywhere in console/."""
    found: set[str] = set()
    for path in CONSOLE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and (text := _literal(node.args[0])) is not None
            ):
                found.add(text)
    return found


def binding_descriptions() -> set[str]:
    """Binding(...) descriptions and tooltips and screen TITLE/PLAN texts, translated at runtime."""
    found: set[str] = set()
    for path in CONSOLE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Binding":
                if len(node.args) >= 3 and (text := _literal(node.args[2])):
                    found.add(text)
                for kw in node.keywords:
                    if kw.arg in ("description", "tooltip") and (text := _literal(kw.value)):
                        found.add(text)
            # Refusals raised by services are shown through t(str(error)).
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") == "TicketError"
                and node.args
                and (text := _literal(node.args[0]))
                and "/console/services/" in str(path)
            ):
                found.add(text)
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id in ("TITLE", "PLAN")
                and (text := _literal(node.value))
                and text != "support-console"
            ):
                found.add(text)
    return found


def test_every_ui_string_has_a_russian_translation():
    keys = translated_literals() | binding_descriptions() | {text for _, text in RULES}
    keys |= set(WEEKDAYS) | {title for _, title, _ in SCREENS}  # translated through variables
    keys |= set(STATUS.values()) | set(REASONS.values()) | set(STATUSES.values())
    keys |= set(OUTCOME_LABELS.values()) | set(REFUSALS.values()) | set(OUTCOME_LABELS)
    missing = sorted(k for k in keys if k not in RU)
    assert not missing, f"no Russian for: {missing}"


def test_translations_keep_their_placeholders():
    import string

    fields = string.Formatter()
    for key, value in RU.items():
        want = {f for _, f, _, _ in fields.parse(key) if f}
        got = {f for _, f, _, _ in fields.parse(value) if f}
        assert want == got, f"{key!r} -> {value!r}"


def test_language_switch_and_unknown_language():
    try:
        set_language("en")
        assert t("Queue") == "Queue"
        assert t("Tickets: {n}", n=3) == "Tickets: 3"
        set_language("ru")
        assert t("Queue") == "Очередь"
        assert t("Tickets: {n}", n=3) == "Заявок: 3"
        with pytest.raises(UnknownLanguageError):
            set_language("de")
    finally:
        set_language("ru")
    assert LANGUAGES == ("ru", "en")


def test_d02_mode_words_are_the_agreed_ones():
    assert t("INTAKE OPEN") == "ПРИЁМ ОТКРЫТ"
    assert t("TICKET INTAKE ONLY") == "ТОЛЬКО ПРИЁМ ЗАЯВОК"


def test_the_operating_systems_reasons_are_said_in_the_consoles_language(tmp_path):
    import errno

    from console.i18n import os_reason, set_language

    try:
        (tmp_path / "x").mkdir()
        try:
            (tmp_path / "x").mkdir()
        except OSError as exc:
            exists = exc
        set_language("ru")
        assert os_reason(exists) == "уже существует"
        assert os_reason(OSError(errno.EISDIR, "Is a directory")) == "это папка"
        assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "на диске нет места"
        assert os_reason(OSError(errno.EXDEV, "Invalid cross-device link")) == (
            "Invalid cross-device link")  # a rare one: the system's words, never nothing
        set_language("en")
        assert os_reason(exists) == "already exists"
    finally:
        set_language("ru")
