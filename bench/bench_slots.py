"""Benchmark of F4, the technicians' day: opening it on a day with 50 technicians and 600 visits
to the first complete frame, and a cursor key to its frame. Prints a JSON list of
{name, value, unit, floor, ratio}.

- `slots_day_render_ms`: the real console (ConsoleApp, headless 160x48, a SQLite database with
  50 technicians and 600 visits on 2026-11-24: planned, pinned, on site and done) is started and
  left to settle (the first reads done, the other screens built ahead in the quiet moment after
  the start); then F4 is pressed and the time runs until the first frame that shows the
  grid with that day loaded (the day's rows read in a worker, the grid drawn, the frame encoded
  as a terminal driver would). One fresh app per round, the first round is a warm-up (imports).
  Floor: the same grid widget in a bare Textual app drawing the same day from a prepared
  snapshot, no database (`SlotGrid.show` to its frame). Target <= 100 ms.
- `slots_keypress_p95_ms`: on that open day, right/down/left/up keys posted through the driver
  (the path a terminal's input thread uses) ~25 ms apart, each timed to the first frame showing
  the moved cursor (DESIGN: hook the frame, not pilot.press()). Floor: the same keys on the bare
  app's grid. Target <= 30 ms.

Run: .venv/bin/python bench/bench_slots.py [--rounds 7] [--presses 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from textual import events
from textual.app import App, ComposeResult

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_queue_keys import FrameProbe

from console.app import SCREEN_CLASSES, ConsoleApp
from console.config import build_context
from console.db import open_database
from console.launch import prepare
from console.models import BookingCell, Contract, TaskType, Technician, Ticket, Visit, database
from console.services.slots import load_day
from console.services.tickets import cell_rows
from console.widgets.slot_grid import SlotGrid

MSK = ZoneInfo("Europe/Moscow")
NOW = "2026-11-24 12:00"
DAY = datetime(2026, 11, 24, tzinfo=MSK).date()
SIZE = (160, 48)
TECHS, VISITS = 50, 600
GAP_S = 0.025
SEED = 20261124


def build(path: Path):
    """A database with TECHS technicians and VISITS half-hour visits on DAY."""
    ctx = build_context(db_target=str(path), now=NOW, operator="bench", frozen=True)
    prepare(ctx)
    db = open_database(ctx.db_target)
    rnd = random.Random(SEED)
    with database.atomic():
        techs = [Technician.create(name=f"Техник {i:02d} {rnd.choice('АБВГДЕЖЗ')}.").id
                 for i in range(TECHS)]
        task = TaskType.get(TaskType.code == "unstable_link").id
        start0 = datetime(2026, 11, 24, 10, 30, tzinfo=MSK)
        slots = [(tech, start0 + timedelta(minutes=30 * k)) for tech in techs
                 for k in range(13)]
        rnd.shuffle(slots)
        for i, (tech, start) in enumerate(sorted(slots[:VISITS], key=lambda s: s[1])):
            contract = Contract.create(
                number=f"{10_000_000 + i}", number_key=f"{10_000_000 + i}",
                surname=f"Клиентов{i}", surname_key=f"клиентов{i}", balance_kopecks=100000,
                address=f"г. Москва, ул. Профсоюзная, д. {i % 120 + 1}, кв. {i % 400 + 1}")
            end = start + timedelta(minutes=30)
            past = end <= datetime(2026, 11, 24, 12, 0, tzinfo=MSK)
            status = "done" if past else ("in_progress" if start.hour == 11 and start.minute
                                          == 30 else "open")
            ticket = Ticket.create(
                contract=contract, task_type=task, priority=3, status=status,
                planned_technician=tech, technician=None, eta_start=start, eta_end=end,
                pinned=status == "open", told_start=start, created_at=start0 - timedelta(days=1),
                updated_at=start0, description="нет связи", responsible_name="Клиентов")
            visit = Visit.create(ticket=ticket, technician=tech, start=start, end=end,
                                 status="done" if past else (
                                     "in_progress" if status == "in_progress" else "planned"),
                                 started_at=start if status != "open" else None,
                                 finished_at=end if past else None)
            if not past:
                BookingCell.insert_many(cell_rows(tech, start, end, visit.id)).execute()
    snapshot = load_day(DAY, ctx.calendar, ctx.clock.now())
    db.close()
    return ctx, snapshot


def complete(app: App) -> bool:
    """The F4 grid is on screen with the day loaded and nothing left to repaint."""
    try:
        grid = app.screen.query_one(SlotGrid)
    except Exception:
        return False
    return grid.day is not None and grid.day.day == DAY and not grid._repaint_regions


class BareGrid(App):
    """The floor: only the grid, drawing a prepared snapshot."""

    def compose(self) -> ComposeResult:
        yield SlotGrid()


async def settled(app: App, pilot) -> None:
    """Started and left to settle: the first reads done and the other screens built in the
    quiet moment after the start (console/warmup.py), as on a dispatcher's console."""
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    for _ in range(200):
        if all(mode in app._screen_stacks for mode in SCREEN_CLASSES):
            break
        await pilot.pause(0.05)
    else:
        raise RuntimeError("the screens were not built ahead")
    await pilot.pause()


def press(app: App, key: str) -> float:
    """A key sent the way a terminal's input thread sends it; returns when it was sent."""
    event = events.Key(key, None)
    event.set_sender(app)
    t0 = time.perf_counter()
    app._driver.send_message(event)
    return t0


async def open_console(ctx) -> float:
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        probe = FrameProbe(app)
        frame = probe.arm(lambda: complete(app))
        t0 = press(app, "f4")
        t1 = await asyncio.wait_for(frame, 30)
        await app.workers.wait_for_complete()
    return (t1 - t0) * 1000


async def open_bare(snapshot, now) -> float:
    app = BareGrid()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        probe = FrameProbe(app)
        grid = app.query_one(SlotGrid)
        frame = probe.arm(lambda: grid.day is not None and not grid._repaint_regions)
        t0 = time.perf_counter()
        grid.show(snapshot, now)
        t1 = await asyncio.wait_for(frame, 30)
    return (t1 - t0) * 1000


KEYS = ("right", "down", "right", "down", "left", "up", "left", "up")


async def presses(app: App, pilot, grid: SlotGrid, n: int) -> list[float]:
    grid.focus()
    await pilot.pause()
    probe = FrameProbe(app)
    samples = []
    for i in range(n + 10):
        key = KEYS[i % len(KEYS)]
        before = (grid._row, grid._cell)
        frame = probe.arm(lambda b=before: (grid._row, grid._cell) != b
                          and not grid._repaint_regions)
        t0 = press(app, key)
        t1 = await asyncio.wait_for(frame, 5)
        if i >= 10:
            samples.append((t1 - t0) * 1000)
        await asyncio.sleep(GAP_S)
    return samples


async def keys_console(ctx, n: int) -> list[float]:
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        await app.switch_mode("timeslots")
        for _ in range(50):
            await pilot.pause(0.05)
            if complete(app):
                break
        grid = app.screen.query_one(SlotGrid)
        grid.move_to(grid.day.technicians[10].id, datetime(2026, 11, 24, 13, 0, tzinfo=MSK))
        return await presses(app, pilot, grid, n)


async def keys_bare(snapshot, now, n: int) -> list[float]:
    app = BareGrid()
    async with app.run_test(size=SIZE) as pilot:
        grid = app.query_one(SlotGrid)
        grid.show(snapshot, now)
        await pilot.pause()
        grid.move_to(snapshot.technicians[10].id, datetime(2026, 11, 24, 13, 0, tzinfo=MSK))
        return await presses(app, pilot, grid, n)


def percentile(samples: list[float], p: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def row(name: str, value: float, floor: float | None, unit: str = "ms") -> dict:
    return {"name": name, "value": round(value, 2), "unit": unit,
            "floor": None if floor is None else round(floor, 2),
            "ratio": None if not floor else round(value / floor, 2)}


async def run(rounds: int, n_presses: int) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="bench-slots-") as tmp:
        ctx, snapshot = build(Path(tmp) / "slots.db")
        assert len(snapshot.visits) == VISITS, len(snapshot.visits)
        now = ctx.clock.now().astimezone(MSK)
        value, floor = [], []
        for r in range(rounds + 1):  # interleaved; the first round warms up imports
            print(f"round {r}", file=sys.stderr, flush=True)
            v, f = await open_console(ctx), await open_bare(snapshot, now)
            if r:
                value.append(v)
                floor.append(f)
        keys = await keys_console(ctx, n_presses)
        keys_floor = await keys_bare(snapshot, now, n_presses)
    return [
        row("slots_day_render_ms", statistics.median(value), statistics.median(floor)),
        row("slots_keypress_p95_ms", percentile(keys, 95), percentile(keys_floor, 95)),
        row("slots_keypress_p50_ms", percentile(keys, 50), percentile(keys_floor, 50)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--presses", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.rounds, args.presses)), indent=1))


if __name__ == "__main__":
    main()
