"""A one-shot Textual timer whose task loses the CPU between its two clock reads never fires.

Run: python textual_one_shot_timer_skipped.py   (prints ['tiny', 'long'], then ['long'])
The second run holds the thread for 2 ms after each clock read, as a busy core or another
thread's turn with the GIL does now and then: the 1 ms timer is skipped for good.
"""

import asyncio
import time

from textual import _time
from textual.app import App

fired = []


class Bare(App):
    def on_mount(self):
        self.set_timer(0.001, lambda: fired.append("tiny"))
        self.set_timer(0.2, lambda: fired.append("long"))


async def main(preempted: bool) -> None:
    clock = _time.get_time

    def preempted_after_reading():
        now = clock()
        time.sleep(0.002)
        return now

    if preempted:
        _time.get_time = preempted_after_reading
    try:
        async with Bare().run_test() as pilot:
            await pilot.pause(0.5)
    finally:
        _time.get_time = clock
    print(fired)
    fired.clear()


asyncio.run(main(False))
asyncio.run(main(True))
