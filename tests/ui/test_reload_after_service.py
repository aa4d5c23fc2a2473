"""A service that reloads the parts when done is not doubled by a poll meanwhile (issue 12).

At 10,000 open tickets a reload reads for ~300 ms; a poll that started while an urgent ticket's
service ran read the old queue beside it, and the service's own reload then waited for it.
"""

from __future__ import annotations

import sqlite3
import threading

from console.app import ConsoleApp
from console.state import POLL_SECONDS, SERVICE_WAIT
from tests.ui.pilot_helpers import settle, wait_for

SIZE = (160, 48)


async def test_a_poll_waits_for_a_running_service_whose_reload_will_follow(make_ctx):
    ctx = make_ctx()
    app = ConsoleApp(ctx)
    loads: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.state.register_loader("probe", lambda now: loads.append(now) or len(loads), 0)
        gate = threading.Event()
        app.state.run_service(gate.wait, 30, refresh=True)
        before = len(loads)
        other = sqlite3.connect(ctx.db_target)  # another console writes meanwhile
        other.execute("UPDATE operator SET name = name || '.'")
        other.commit()
        other.close()
        await pilot.pause(POLL_SECONDS * 4)
        assert len(loads) == before  # the change waits for the service's own reload
        gate.set()
        await wait_for(pilot, lambda: len(loads) > before)
        # ... after which polling goes on as before.
        after = len(loads)
        other = sqlite3.connect(ctx.db_target)
        other.execute("UPDATE operator SET name = name || '.'")
        other.commit()
        other.close()
        await wait_for(pilot, lambda: len(loads) > after, timeout=POLL_SECONDS * 12)


async def test_a_service_waiting_long_does_not_hold_other_consoles_changes_back(make_ctx):
    """A save waiting for another program's write lock (up to 30 s) must not stop live sync."""
    ctx = make_ctx()
    app = ConsoleApp(ctx)
    loads: list[object] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.state.register_loader("probe", lambda now: loads.append(now) or len(loads), 0)
        gate = threading.Event()
        app.state.run_service(gate.wait, 30, refresh=True)
        before = len(loads)
        other = sqlite3.connect(ctx.db_target)
        other.execute("UPDATE operator SET name = name || '.'")
        other.commit()
        other.close()
        try:
            for _ in range(int((SERVICE_WAIT + 3) / 0.05)):  # not wait_for: it waits for workers
                if len(loads) > before:
                    break
                await pilot.pause(0.05)
            assert len(loads) > before  # the poll went on while the service still waited
            assert not gate.is_set()
        finally:
            gate.set()
