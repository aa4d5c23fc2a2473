"""console/timers.py: a one-shot timer fires even when held up, and stays stopped once stopped
(also when it fired while its widget was busy). Bare Textual apps, so only the timers count."""

from __future__ import annotations

import asyncio
import time

from textual import _time
from textual.app import App
from textual.message import Message

from console import timers


class Busy(Message):
    """Keeps the App's message loop in one handler until `release` is set."""


class Bare(App):
    def __init__(self) -> None:
        super().__init__()
        self.release = asyncio.Event()
        self.ran: list[str] = []

    async def on_busy(self, _message: Busy) -> None:
        await self.release.wait()


async def test_a_one_shot_timer_held_up_between_its_clock_reads_still_fires(monkeypatch):
    """Textual skips a one-shot timer whose task lost the CPU for longer than its delay right
    after reading the clock; held there every time, the 1 ms timer must still fire."""
    timers.install()
    clock = _time.get_time

    def preempted_after_reading() -> float:
        now = clock()
        time.sleep(0.002)
        return now

    monkeypatch.setattr(_time, "get_time", preempted_after_reading)
    app = Bare()
    async with app.run_test() as pilot:
        app.set_timer(0.001, lambda: app.ran.append("1 ms"))
        await pilot.pause(0.3)
        assert app.ran == ["1 ms"]


async def test_later_stopped_after_its_timer_fired_does_not_run():
    """The timer fires while the App handles a message: its callback waits behind it, where
    `Timer.stop()` no longer reaches it. `Later.stop()` does; one not stopped runs."""
    timers.install()
    app = Bare()
    async with app.run_test() as pilot:
        app.post_message(Busy())
        await asyncio.sleep(0.05)  # the App is in `on_busy` (pilot.pause would wait for it)
        stopped = timers.Later(app, 0.01, lambda: app.ran.append("stopped"))
        kept = timers.Later(app, 0.01, lambda: app.ran.append("kept"))
        deadline = time.monotonic() + 5
        while len(app._next_callbacks) < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        assert len(app._next_callbacks) == 2  # both fired, both wait for the App
        stopped.stop()
        assert not stopped.pending and kept.pending
        app.release.set()
        await pilot.pause(0.1)
        assert app.ran == ["kept"]
