"""Shared fixtures: a prepared console context on a file database in tmp_path (never :memory:)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from console.config import AppContext, build_context
from console.i18n import set_language
from console.launch import prepare


@pytest.fixture(autouse=True)
def strict_app_errors(monkeypatch):
    """The console survives an unexpected error (it is logged and reported); a test must not:
    any error reported during a Pilot test is raised when the test's app ends."""
    from console.app import ConsoleApp

    monkeypatch.setattr(ConsoleApp, "raise_at_exit", True)


@pytest.fixture
def make_ctx(tmp_path) -> Callable[..., AppContext]:
    """Build a migrated, reference-synced context; the clock is frozen unless asked otherwise."""

    def make(now: str = "2026-11-24 11:00", *, lang: str = "ru", frozen: bool = True,
             db_name: str = "console.db") -> AppContext:
        ctx = build_context(
            db_target=str(tmp_path / db_name), now=now, lang=lang, operator="tester",
            frozen=frozen,
        )
        prepare(ctx)
        return ctx

    yield make
    set_language("ru")
