"""Benchmark of F3 in the running console with 10,000 open tickets: how long the UI thread is
blocked when another console's change brings a new queue snapshot (`queue_refresh_block_ms`,
target <= 16 ms, one frame), and a key typed in the `/` filter to the frame that shows the
filtered list (`queue_filter_keypress_p95_ms`, target <= 50 ms).

The database is built by the demo generator (`build_demo`, 20,000 contracts, seed 1, cached in
/tmp/support-console-bench/), then its open tickets are repeated (new ids, same contracts and
task types) up to 10,000, technicians are added up to 50 (the demo has six), and it is
re-planned once by `services/schedule.replan`, as the console would. The floor is the same
measurement on a copy with 10 open tickets.

The console runs headless at 160x48 under `run_test` with its real refresh loop: another
process's connection (the "other console") changes one ticket's description; the app's change
watcher sees it, a worker reloads the parts, and the snapshot is applied on the UI thread.
Blocking is measured by an event-loop hook: every callback the loop runs is timed
(`asyncio.Handle._run`), and the longest one between the write and the frame that shows the new
description counts (the worker's own time runs in its thread and is not a block). A filter key
is posted through the driver like a terminal's input thread does, and timed to the first frame
(`App._display`, encoded to terminal output as a real driver would) that shows the filtered
table. Medians of several rounds; the machine was shared (see bench/README.md).

Run: .venv/bin/python bench/bench_queue_refresh.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sqlite3
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from textual import events

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_queue_keys import FrameProbe, percentile

CACHE = Path("/tmp/support-console-bench")
NOW = "2026-11-25 11:00"
SIZE = (160, 48)
BIG, SMALL = 10_000, 10
FILTER_TEXT = "ива"  # a surname prefix: many matches, like a dispatcher looking for "Иванов"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def demo_database() -> Path:
    """The demo generator's database (20,000 contracts), built once."""
    from console.services.demo.builder import build_demo

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / "queue-demo-20000.db"
    if not path.exists():
        log("building the 20,000-contract demo database (once) ...")
        building = CACHE / "queue-demo-building.db"
        for stale in CACHE.glob("queue-demo-building.db*"):
            stale.unlink()
        now = datetime.strptime(NOW, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("Europe/Moscow"))
        build_demo(building, contracts=20_000, seed=1, now=now)
        building.rename(path)
    return path


TECHNICIANS = 50  # issue 12: 10,000 open tickets over 50 technicians (the demo has six)


def queue_database(open_tickets: int) -> Path:
    """A copy of the demo database with exactly `open_tickets` open tickets and `TECHNICIANS`
    active technicians (the demo's six plus new ones), re-planned."""
    path = CACHE / f"queue-{open_tickets}-t{TECHNICIANS}.db"
    source = demo_database()
    if path.exists() and path.stat().st_mtime >= source.stat().st_mtime:
        return path
    log(f"preparing {path.name} ...")
    shutil.copy(source, path)
    conn = sqlite3.connect(path)
    cols = [r[1] for r in conn.execute("PRAGMA table_info(ticket)") if r[1] != "id"]
    ids = [r[0] for r in conn.execute("SELECT id FROM ticket WHERE status = 'open' ORDER BY id")]
    if len(ids) > open_tickets:
        extra = ids[open_tickets:]
        conn.executemany("DELETE FROM notification WHERE ticket_id = ?", [(i,) for i in extra])
        conn.executemany("DELETE FROM ticket WHERE id = ?", [(i,) for i in extra])
    listed = ", ".join(cols)
    while (n := conn.execute("SELECT count(*) FROM ticket WHERE status = 'open'").fetchone()[0]) \
            < open_tickets:
        conn.execute(
            f"INSERT INTO ticket ({listed}) SELECT {listed} FROM ticket WHERE status = 'open' "
            f"AND pinned = 0 ORDER BY id LIMIT ?", (open_tickets - n,))
    have = conn.execute("SELECT count(*) FROM technician WHERE active").fetchone()[0]
    conn.executemany("INSERT INTO technician (name, phone, active) VALUES (?, ?, 1)",
                     [(f"Техник {i:02d}", f"+7900000{i:04d}") for i in range(have, TECHNICIANS)])
    conn.commit()
    conn.close()
    from console.config import build_context
    from console.launch import prepare
    from console.services.tickets import replan_now

    ctx = build_context(db_target=str(path), now=NOW, lang="ru", operator="bench", frozen=True)
    prepare(ctx)
    from console.db import open_database

    db = open_database(ctx.db_target)
    try:
        replan_now(calendar=ctx.calendar, now=ctx.clock.now().astimezone(ctx.tz))
    finally:
        db.close()
    return path


class LoopBlocks:
    """Times every callback the event loop runs: the `longest` (wall) since `reset()`, and the
    UI thread's own CPU time in the longest-CPU one (`longest_cpu`: what a quiet machine would
    see; on a loaded one the wall time also holds the waits for a core)."""

    def __init__(self) -> None:
        self.longest = self.longest_cpu = 0.0
        self._run = asyncio.events.Handle._run
        blocks = self

        def timed(handle: asyncio.events.Handle) -> None:
            t0, c0 = time.perf_counter(), time.thread_time()
            try:
                blocks._run(handle)
            finally:
                blocks.longest = max(blocks.longest, time.perf_counter() - t0)
                blocks.longest_cpu = max(blocks.longest_cpu, time.thread_time() - c0)

        asyncio.events.Handle._run = timed  # type: ignore[method-assign]

    def reset(self) -> None:
        self.longest = self.longest_cpu = 0.0

    def close(self) -> None:
        asyncio.events.Handle._run = self._run  # type: ignore[method-assign]


async def wait_until(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the console did not get there in time")
        await asyncio.sleep(0.02)


async def measure(db: Path, rounds: int) -> tuple[list[float], list[float], list[float]]:
    """(refresh blocks ms, their CPU ms, filter key-to-frame ms) for the console on `db`."""
    from console.app import ConsoleApp
    from console.config import build_context
    from console.launch import prepare
    from console.widgets.line_table import LineTable

    ctx = build_context(db_target=str(db), now=NOW, lang="ru", operator="bench", frozen=True)
    prepare(ctx)
    app = ConsoleApp(ctx)
    other = sqlite3.connect(db)  # the other console
    target = other.execute("SELECT id FROM ticket WHERE status = 'open' ORDER BY priority, "
                           "created_at, id LIMIT 1").fetchone()[0]
    blocks, refresh, cpu, keys = None, [], [], []
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("queue")
        table = app.screen.query_one("#queue-table", LineTable)
        await wait_until(lambda: table.row_count >= 10 and not app.workers._workers)
        # As a console that has run a while: its screens built ahead and its heap settled
        # (console/warmup.py, console/heap.py), which would otherwise land in rounds.
        await wait_until(lambda: app.screen_warmer.settled, 60)
        await pilot.pause(1.0)
        probe = FrameProbe(app)
        blocks = LoopBlocks()
        try:
            for n in range(rounds + 1):
                text = f"bench round {n}"
                frame = probe.arm(lambda text=text: (
                    (row := app.state.get("queue")) is not None
                    and any(r.id == target and r.description == text for r in row.rows[:1])
                    and not table._repaint_regions))
                await asyncio.sleep(0.2)  # idle before the write
                blocks.reset()
                # As a console writes it: every edit of a ticket bumps its version (D14), which
                # is what tells the queue loader to read the ticket's text again.
                other.execute("UPDATE ticket SET description = ?, version = version + 1"
                              " WHERE id = ?", (text, target))
                other.commit()
                await asyncio.wait_for(frame, 30)
                if n:
                    refresh.append(blocks.longest * 1000)
                    cpu.append(blocks.longest_cpu * 1000)
            box = app.screen.query_one("#queue-filter")
            app.screen.action_filter()
            await pilot.pause(0.2)
            driver = app._driver
            assert driver is not None
            for n in range(rounds + 1):
                for i, char in enumerate(FILTER_TEXT):
                    shown = FILTER_TEXT[: i + 1]
                    # The first frame after the table got the filtered rows shows them (the
                    # rows are set in the Input.Changed handler, before the next screen update).
                    old_keys = table._keys
                    frame = probe.arm(lambda shown=shown, old_keys=old_keys: (
                        app.screen._filter == shown and table._keys is not old_keys))
                    event = events.Key(char, char)
                    event.set_sender(app)
                    t0 = time.perf_counter()
                    driver.send_message(event)
                    try:
                        t1 = await asyncio.wait_for(frame, 30)
                    except TimeoutError:
                        log(f"filter: value {box.value!r} filter {app.screen._filter!r} "
                            f"focused {app.focused!r} repaint {table._repaint_regions}")
                        raise
                    if n:
                        keys.append((t1 - t0) * 1000)
                    await asyncio.sleep(0.05)
                app.screen.action_clear_filter()
                app.screen.action_filter()
                await pilot.pause(0.2)
        finally:
            if blocks is not None:
                blocks.close()
            other.close()
    return refresh, cpu, keys


def row(name: str, value: float, floor: float | None, unit: str = "ms") -> dict:
    return {"name": name, "value": round(value, 2), "unit": unit,
            "floor": None if floor is None else round(floor, 2),
            "ratio": None if not floor else round(value / floor, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    big_db, small_db = queue_database(BIG), queue_database(SMALL)
    big_refresh, big_cpu, big_keys, small_refresh, small_cpu, small_keys = [], [], [], [], [], []
    for _ in range(2):  # alternate, so a busy moment weighs on both
        r, c, k = asyncio.run(measure(big_db, args.rounds))
        big_refresh += r
        big_cpu += c
        big_keys += k
        r, c, k = asyncio.run(measure(small_db, args.rounds))
        small_refresh += r
        small_cpu += c
        small_keys += k
        log(f"refresh block ms: big {statistics.median(big_refresh):.1f}, "
            f"small {statistics.median(small_refresh):.1f}")
    print(json.dumps([
        row("queue_refresh_block_ms", statistics.median(big_refresh),
            statistics.median(small_refresh)),
        row("queue_refresh_block_cpu_ms", statistics.median(big_cpu),
            statistics.median(small_cpu)),
        row("queue_filter_keypress_p95_ms", percentile(big_keys, 95),
            percentile(small_keys, 95)),
        row("queue_filter_keypress_p50_ms", percentile(big_keys, 50),
            percentile(small_keys, 50)),
    ], indent=1))


if __name__ == "__main__":
    main()
