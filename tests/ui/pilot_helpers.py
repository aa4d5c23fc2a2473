"""Waiting helpers for Pilot tests: workers finish in threads, results land on the UI thread."""

from __future__ import annotations

from collections.abc import Callable


async def settle(pilot, rounds: int = 3) -> None:
    """Let running workers finish and their results be applied."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_for(pilot, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    """Poll until `predicate()` holds (a dialog opened, a row landed), or fail."""
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await pilot.pause(0.05)
        await pilot.app.workers.wait_for_complete()
    assert predicate()


async def burst(pilot, *keys: str) -> None:
    """Send keys as ONE burst, as a fast typist or a terminal's paste does: every key is queued
    before the first is handled (`pilot.press` waits for the app to idle between keys)."""
    from tests.ui.burst import burst as queue_keys

    queue_keys(pilot.app, *keys)
    await pilot.pause()


def status(app, part: str) -> str:
    """What the status bar's `part` ("sb-tickets", ...: console/widgets/status_bar.py PARTS)
    shows now, "" when it is not shown."""
    from console.widgets.status_bar import StatusBar

    return app.screen.query_one(StatusBar).text_of(part)


def status_bar(app):
    from console.widgets.status_bar import StatusBar

    return app.screen.query_one(StatusBar)
