"""Benchmark of an urgent ticket through the running console: `urgent_to_frame_ms`, from the key
that confirms raising a ticket to the top class in F3 to the first frame where F3 shows the new
order, on 10,000 open tickets and 50 technicians. Target <= 150 ms.

The database is bench_queue_refresh's: the demo generator's (`build_demo`, 20,000 contracts) with
its open tickets repeated up to 10,000, technicians added up to 50 and re-planned once.

The console runs headless at 160x48 under `run_test`. Each round puts F3's cursor on the last
ticket of class 2, presses `+` (the reason dialog opens), fills in the reason, and posts Enter
through the driver as a terminal's input thread does (t0). The whole production path runs:
the dialog closes, `tickets.change_priority` runs in a worker (the ticket saved, the re-plan
of 10,000 tickets read from the database, the ETAs that changed written, the notify list
updated, committed), the reactor reloads in a worker what the change touched: first F3's
queue (the ticket the change saved read again and the ETAs its re-plan stored patched in, when
the change marks prove no other commit came in between, else the whole queue) and the counts,
shown at once; once drawn, the notify list, opened over F3 when clients must be called; then
F4's day and the other parts. t1 is the first frame (`App._display`, encoded as a real driver
would) after F3's table holds the snapshot where the ticket has its new class (the status
bar's counts, the calls owed among them, come with it). The console's own refresh loop, the
presence row and the dialog's draft (written once the change is shown) and the checkpoint of
the database's log (after the reload) run as usual.
`urgent_to_frame_ms` is the median over the rounds; `urgent_service_ms` the service alone
(timed inside the worker), `urgent_reload_ms` from the reload's start to those first parts
shown.

The floor (`urgent_to_frame_ms`'s) is the pure planner on the same tickets: `Planner.plan` over
the open queue as `services/schedule.plan_inputs` reads it after the last round, timed alone
(median of as many runs).

Run: .venv/bin/python bench/bench_urgent.py [--rounds 9]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

from textual import events

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_queue_keys import FrameProbe
from bench_queue_refresh import BIG, NOW, SIZE, log, queue_database, row, wait_until


def planner_floor(db: Path, runs: int) -> float:
    """Median ms of the pure planner on the queue as the service reads it."""
    from console.config import build_context
    from console.db import open_database
    from console.rules.planner import Planner
    from console.services.schedule import plan_inputs

    ctx = build_context(db_target=str(db), now=NOW, lang="ru", operator="bench", frozen=True)
    database = open_database(ctx.db_target)
    try:
        now = ctx.clock.now().astimezone(ctx.tz)
        tickets, techs, *_ = plan_inputs(now)
    finally:
        database.close()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        Planner(techs, ctx.calendar, now).plan(tickets)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


async def measure(db: Path, rounds: int) -> tuple[list[float], list[float], list[float], int]:
    """(Enter-to-frame ms, service ms, reload ms, rounds that opened the notify list)."""
    from console.app import ConsoleApp
    from console.config import build_context
    from console.launch import prepare
    from console.screens.dialogs import ReasonDialog
    from console.screens.notify import NotifyScreen
    from console.screens.queue import QueueScreen
    from console.services import tickets
    from console.state import ConsoleState
    from console.widgets.line_table import LineTable

    ctx = build_context(db_target=str(db), now=NOW, lang="ru", operator="bench", frozen=True)
    prepare(ctx)
    app = ConsoleApp(ctx)
    service_ms: list[float] = []
    reload_ms: list[float] = []
    # Time the service in its worker and the reactor's reload, around the real functions.
    change_priority = tickets.change_priority

    def timed_change(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return change_priority(*args, **kwargs)
        finally:
            service_ms.append((time.perf_counter() - t0) * 1000)

    tickets.change_priority = timed_change  # QueueScreen calls it through the module
    refresh, shown_parts = ConsoleState.refresh, ConsoleState._show_parts
    reload_started: list[float] = []

    def timed_refresh(self, *, force: bool = False, own=None) -> None:
        if force and not self._busy:  # a reload starts now (else it follows the one running)
            reload_started.append(time.perf_counter())
        refresh(self, force=force, own=own)

    def timed_show(self, values) -> None:
        # The reload's parts the dispatcher waits for (F3's queue and the counts) are applied
        # together, first; the notify list and the others follow in the same reload.
        if "queue" in values and reload_started:
            reload_ms.append((time.perf_counter() - reload_started.pop()) * 1000)
        shown_parts(self, values)

    ConsoleState.refresh, ConsoleState._show_parts = timed_refresh, timed_show  # type: ignore
    frames, services, reloads, notified = [], [], [], 0
    try:
        async with app.run_test(size=SIZE) as pilot:
            await app.switch_mode("queue")
            screen = app.screen
            assert isinstance(screen, QueueScreen)
            table = screen.query_one("#queue-table", LineTable)
            await wait_until(lambda: table.row_count >= BIG and not app.workers._workers)
            # As a console that has run a while: its screens built ahead and its heap settled
            # (console/warmup.py, console/heap.py), which would otherwise land in rounds.
            await wait_until(lambda: app.screen_warmer.settled, 60)
            await pilot.pause(1.0)
            probe = FrameProbe(app)
            driver = app._driver
            assert driver is not None
            for n in range(rounds + 1):
                snapshot = app.state.get("queue")
                target = [r for r in snapshot.rows if r.priority == 2 and r.status == "open"
                          and not r.pinned][-1]
                table.move_cursor(target.id)
                await pilot.pause(0.1)
                screen.action_raise_priority()
                await wait_until(lambda: isinstance(app.screen, ReasonDialog))
                await pilot.pause(0.2)
                app.screen.query_one("#reason").value = "авария на узле"
                # The reason typed is on screen before Enter, as a dispatcher's is: its layout
                # and frame were in t0..t1 (~5 ms) when Enter followed the text at once.
                await pilot.pause(0.2)
                service_ms.clear()
                reload_ms.clear()
                reload_started.clear()

                def shown(target=target) -> bool:
                    current = screen._snapshot.by_id().get(target.id)
                    return (current is not None and current.priority == 1
                            and bool(reload_ms)  # the counts from that reload
                            and not isinstance(app.screen, ReasonDialog))

                frame = probe.arm(shown)
                event = events.Key("enter", "\r")
                event.set_sender(app)
                t0 = time.perf_counter()
                driver.send_message(event)
                t1 = await asyncio.wait_for(frame, 60)
                await wait_until(lambda: not app.workers._workers)
                if n:  # the first round warms the caches a dispatcher's day has warm
                    frames.append((t1 - t0) * 1000)
                    notified += isinstance(app.screen, NotifyScreen)
                log(f"round {n}: {(t1 - t0) * 1000:.0f} ms to frame, service "
                    f"{service_ms[0] if service_ms else float('nan'):.0f} ms, reload "
                    f"{reload_ms[0] if reload_ms else float('nan'):.0f} ms, notify list "
                    f"{'open' if isinstance(app.screen, NotifyScreen) else 'not opened'}")
                if n:
                    services.append(service_ms[0] if service_ms else 0.0)
                    reloads.append(reload_ms[0] if reload_ms else 0.0)
                if isinstance(app.screen, NotifyScreen):
                    app.pop_screen()
                await pilot.pause(0.5)
    finally:
        tickets.change_priority = change_priority
        ConsoleState.refresh, ConsoleState._show_parts = refresh, shown_parts  # type: ignore
    return frames, services, reloads, notified


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    db = queue_database(BIG)
    # The rounds change the database: work on a copy, so every run starts from the same queue.
    work = db.with_name("urgent-work.db")
    for stale in db.parent.glob("urgent-work.db*"):
        stale.unlink()
    work.write_bytes(db.read_bytes())
    frames, service, reload_, notified = asyncio.run(measure(work, args.rounds))
    floor = planner_floor(work, max(3, args.rounds))
    log(f"notify list opened in {notified} of {len(frames)} rounds")
    value = statistics.median(frames)
    print(json.dumps([
        row("urgent_to_frame_ms", value, floor),
        row("urgent_service_ms", statistics.median(service), floor),
        row("urgent_reload_ms", statistics.median(reload_), None),
    ], indent=1))


if __name__ == "__main__":
    main()
