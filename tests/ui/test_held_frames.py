"""A frame held a moment (a mode switch) is always drawn in the end (issue 12).

The short soak on a loaded machine lost every frame from some switch on: a mode switch holds
frames with a 1 ms one-shot timer (`ConsoleApp.delay_update`), and Textual skips a one-shot
timer whose task lost the CPU for longer than its delay between its two clock reads; the App
then batched updates for good (console/timers.py). Here the UI thread is held at exactly that
place, for one switch.
"""

from __future__ import annotations

import threading
import time

from textual import _time

from console.app import ConsoleApp
from tests.ui.pilot_helpers import settle

SIZE = (160, 48)


def frames_of(app) -> list[str]:
    """The modes of the frames that reach the terminal from now on (not those Textual drops
    while updates are batched)."""
    shown: list[str] = []
    display = app._display

    def counting(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and not app._batch_count:
            shown.append(app.current_mode)

    app._display = counting
    return shown


async def frame_of(pilot, shown: list[str], mode: str, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while mode not in shown and time.monotonic() < deadline:
        await pilot.pause(0.02)
    return mode in shown


async def batching_ends(pilot, seconds: float = 5.0) -> bool:
    """No update batch is left open (Textual opens short ones of its own now and then)."""
    deadline = time.monotonic() + seconds
    while pilot.app._batch_count and time.monotonic() < deadline:
        await pilot.pause(0.02)
    return not pilot.app._batch_count


async def test_a_switch_whose_frame_hold_timer_was_held_up_is_drawn_and_so_are_the_next(
        make_ctx, monkeypatch):
    app = ConsoleApp(make_ctx(), start_refresh=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = frames_of(app)
        clock = _time.get_time
        held = threading.Event()

        def preempted_after_reading() -> float:
            """The UI thread loses the CPU for 2 ms right after each clock read (a busy core,
            a worker's turn with the GIL): longer than the switch's 1 ms frame hold."""
            now = clock()
            if held.is_set():
                time.sleep(0.002)
            return now

        monkeypatch.setattr(_time, "get_time", preempted_after_reading)
        held.set()
        await pilot.press("f3")
        assert await frame_of(pilot, shown, "queue"), f"F3 never drawn (frames {shown})"
        held.clear()
        await pilot.press("f4")
        assert await frame_of(pilot, shown, "timeslots"), f"F4 never drawn (frames {shown})"
        assert await batching_ends(pilot)
