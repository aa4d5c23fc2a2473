"""Screens built ahead (console/warmup.py): built in a quiet moment, shown only when asked for,
never in the way of keys being typed."""

from __future__ import annotations

import asyncio
import time

import pytest

from console.app import SCREEN_CLASSES, ConsoleApp
from console.screens.call import CallScreen
from console.screens.timeslots import TimeslotsScreen
from console.warmup import QUIET, START_AFTER, ScreenWarmer
from console.widgets.slot_grid import SlotGrid
from tests.ui.pilot_helpers import settle, wait_for

SIZE = (160, 48)


def built(app) -> set[str]:
    return set(app._screen_stacks)


async def test_the_other_screens_are_built_ahead_without_being_shown(make_ctx):
    app = ConsoleApp(make_ctx("2026-11-24 11:00"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert built(app) == {"call"}  # nothing but the first screen at the start
        await wait_for(pilot, lambda: built(app) == set(SCREEN_CLASSES), timeout=START_AFTER + 8)
        assert isinstance(app.screen, CallScreen)
        assert app.focused is app.screen.query_one("#call-number")  # focus stayed on the call
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, TimeslotsScreen)
        grid = app.screen.query_one(SlotGrid)
        assert app.focused is grid and grid.region.width >= SIZE[0] - 2  # laid out and focused
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)


async def test_no_screen_is_built_while_the_dispatcher_types(make_ctx):
    app = ConsoleApp(make_ctx("2026-11-24 11:00"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        deadline = time.monotonic() + START_AFTER + 1.5
        typed = ""
        # On a loaded machine the test itself may fall behind: a gap of QUIET between two
        # keys is a quiet moment, and building a screen in it is right.
        gap = 0.0
        last = time.monotonic()
        while time.monotonic() < deadline:  # a number typed slowly, past the start delay
            await pilot.press("1")
            typed += "1"
            gap, last = max(gap, time.monotonic() - last), time.monotonic()
            await pilot.pause(QUIET / 4)
            # The pause itself may outlast QUIET under load: the console may build then.
            gap = max(gap, time.monotonic() - last)
            assert built(app) == {"call"} or gap >= QUIET, f"built while typing (gap {gap:.2f} s)"
        assert app.screen.query_one("#call-number").value.replace(" ", "").startswith(
            typed[:8])
        await wait_for(pilot, lambda: built(app) == set(SCREEN_CLASSES), timeout=10)


async def test_a_screen_opened_before_its_turn_is_not_built_twice(make_ctx):
    app = ConsoleApp(make_ctx("2026-11-24 11:00"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4")  # before the quiet moment: Textual builds it
        await settle(pilot)
        first = app.screen
        await wait_for(pilot, lambda: built(app) == set(SCREEN_CLASSES), timeout=START_AFTER + 8)
        assert app._screen_stacks["timeslots"] == [first]
        assert len(app.screen.query(SlotGrid)) == 1


@pytest.mark.parametrize("steps", [0, 1, 3])
@pytest.mark.parametrize("mode", [mode for mode in SCREEN_CLASSES if mode != "call"])
async def test_quitting_while_a_screen_is_built_ahead_is_no_error(make_ctx, mode, steps):
    """The screen being built is detached or closing before its widgets mount, yet it (and
    its status bar) gets Mount: no handler may go looking for them (an error reported at such a
    quit, seen as random failures of unrelated tests under load). `steps`: how far the build
    got when the quit came."""
    app = ConsoleApp(make_ctx("2026-11-24 11:00"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ScreenWarmer(app, []).build(mode)
        for _ in range(steps):
            await asyncio.sleep(0)
        app.exit()
    assert app._exception is None


async def test_once_the_screens_are_built_the_heap_is_frozen_until_the_console_ends(make_ctx):
    """console/heap.py: after the warm-up, what the console holds is left out of the cyclic
    collector's full walks (the soak's slowest switches were those walks); the app gives it
    back when it ends."""
    import gc

    app = ConsoleApp(make_ctx("2026-11-24 11:00"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.get_freeze_count() == 0
        await wait_for(pilot, lambda: app.screen_warmer.settled, timeout=START_AFTER + 10)
        assert gc.get_freeze_count() > 10_000
        await pilot.press("f4")  # the console goes on as before
        await settle(pilot)
        assert isinstance(app.screen, TimeslotsScreen)
    assert gc.get_freeze_count() == 0
