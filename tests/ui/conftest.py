"""Fixtures shared by the Pilot tests of the call screen and its neighbours."""

from __future__ import annotations

import pytest

from console.app import ConsoleApp


@pytest.fixture
def app_at(make_ctx):
    """A console on the call screen's seed (Иванов 10000001 in credit, Ёлкина 10000002 not)."""
    from tests.ui.test_call_screen import seed

    def make(now: str = "2026-11-24 11:00") -> ConsoleApp:
        ctx = make_ctx(now)
        seed(ctx)
        return ConsoleApp(ctx)

    return make
