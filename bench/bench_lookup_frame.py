"""Benchmark of caller verification in F2 through the running console on 1,000,000 contracts:
`lookup_to_frame_p95_ms`, the last key of the holder's surname to the first frame that shows
the verified contract card. Target <= 50 ms.

The database is built by the demo generator (`build_demo`, 1,000,000 contracts, seed 1; once,
cached in /tmp/support-console-bench/, a few minutes). The console runs headless at 160x48
under `run_test` on it, in F2, once the screens built ahead after the start are done (as in a
console that has run a few seconds). Each round takes a contract of a private holder at random, puts
its number (as callers say it) in the number field and all but the last letter of the surname in
the surname field, waits for the console to settle (the partial surname has been looked up and
refused, as happens while a dispatcher types), then posts the last letter through the driver as
a terminal's input thread does (t0). t1 is the first frame (`App._display`, encoded as a real
driver would) in which the verdict line says the caller is verified and the card shows that
contract. The lookup runs as the console runs it: `calls.lookup` in a thread worker with its
own connection, recording the verification on the running call.

Floor: the lookup service alone, `calls.lookup(None, number, surname)` on one connection in this
process, over the same inputs (p95). `lookup_to_frame_p50_ms` is reported beside it.

Run: .venv/bin/python bench/bench_lookup_frame.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from textual import events

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_queue_keys import FrameProbe, percentile

CACHE = Path("/tmp/support-console-bench")
CONTRACTS = 1_000_000
NOW = "2026-11-25 11:00"
SIZE = (160, 48)
SEED = 20261125


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def demo_database() -> Path:
    """The demo generator's database with 1,000,000 contracts, built once."""
    from console.services.demo.builder import build_demo

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"lookup-demo-{CONTRACTS}.db"
    if not path.exists():
        log(f"building the {CONTRACTS:,}-contract demo database (once, a few minutes) ...")
        building = CACHE / "lookup-demo-building.db"
        for stale in CACHE.glob("lookup-demo-building.db*"):
            stale.unlink()
        now = datetime.strptime(NOW, "%Y-%m-%d %H:%M").replace(tzinfo=ZoneInfo("Europe/Moscow"))
        build_demo(building, contracts=CONTRACTS, seed=1, now=now)
        building.rename(path)
    return path


def inputs(db: Path, rounds: int) -> list[tuple[str, str]]:
    """(number, surname) of `rounds` private holders, as the demo stored them."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        top = conn.execute("SELECT max(id) FROM contract").fetchone()[0]
        rng = random.Random(SEED)
        found: list[tuple[str, str]] = []
        while len(found) < rounds:
            row = conn.execute(
                "SELECT number, surname FROM contract WHERE id >= ? AND coalesce(company, '') = '' "
                "AND length(surname) > 2 ORDER BY id LIMIT 1", (rng.randint(1, top),)).fetchone()
            if row is not None:
                found.append(row)
    finally:
        conn.close()
    return found


def service_floor(db: Path, typed: list[tuple[str, str]]) -> list[float]:
    """ms of `calls.lookup` alone for each input (verified, card built, nothing written)."""
    from console.config import build_context
    from console.db import open_database
    from console.models import database
    from console.services import calls

    ctx = build_context(db_target=str(db), now=NOW, lang="ru", operator="bench", frozen=True)
    opened = open_database(ctx.db_target)
    now = ctx.clock.now().astimezone(ctx.tz)
    times = []
    try:
        with database.connection_context():
            for number, surname in typed:
                t0 = time.perf_counter()
                result = calls.lookup(None, number, surname, operator="bench", now=now)
                times.append((time.perf_counter() - t0) * 1000)
                assert result.verification.verified, (number, surname)
    finally:
        opened.close()
    return times


async def wait_until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the console did not get there in time")
        await asyncio.sleep(0.02)


async def measure(db: Path, typed: list[tuple[str, str]]) -> list[float]:
    from textual.widgets import Input

    from console.app import ConsoleApp
    from console.config import build_context
    from console.launch import prepare
    from console.screens.call import CallScreen

    ctx = build_context(db_target=str(db), now=NOW, lang="ru", operator="bench", frozen=True)
    prepare(ctx)
    app = ConsoleApp(ctx)
    times = []
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("call")
        screen = app.screen
        assert isinstance(screen, CallScreen)
        await wait_until(lambda: not app.workers._workers)
        # As a console that has run a few seconds: the other screens are built (console/
        # warmup.py builds them in quiet moments after the start, which would land in rounds).
        await wait_until(lambda: getattr(app, "screen_warmer", None) is not None
                         and app.screen_warmer.settled, 60)
        await pilot.pause(0.5)
        probe = FrameProbe(app)
        driver = app._driver
        assert driver is not None
        number_box = screen.query_one("#call-number", Input)
        surname_box = screen.query_one("#call-surname", Input)
        for n, (number, surname) in enumerate(typed):
            number_box.value = number
            surname_box.focus()
            surname_box.value = surname[:-1]
            surname_box.cursor_position = len(surname_box.value)
            # The partial surname is looked up and refused, as while a dispatcher types.
            await pilot.pause(0.5)
            await wait_until(lambda: not app.workers._workers)
            last = surname[-1]

            def shown(number=number, surname=surname) -> bool:
                card = screen.card
                return (screen.verification is not None and screen.verification.verified
                        and card is not None and card.number == number
                        and screen._shown_for == (number, surname))

            frame = probe.arm(shown)
            event = events.Key(last, last)
            event.set_sender(app)
            t0 = time.perf_counter()
            driver.send_message(event)
            t1 = await asyncio.wait_for(frame, 30)
            if n:  # the first round warms what a working console has warm
                times.append((t1 - t0) * 1000)
            await wait_until(lambda: not app.workers._workers)
    return times


def row(name: str, value: float, floor: float | None) -> dict:
    return {"name": name, "value": round(value, 2), "unit": "ms",
            "floor": None if floor is None else round(floor, 3),
            "ratio": None if not floor else round(value / floor, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    db = demo_database()
    typed = inputs(db, args.rounds + 1)
    frames = asyncio.run(measure(db, typed))
    floor = service_floor(db, typed[1:])
    log(f"to frame p50 {percentile(frames, 50):.1f} ms, p95 {percentile(frames, 95):.1f} ms; "
        f"service p95 {percentile(floor, 95):.2f} ms")
    print(json.dumps([
        row("lookup_to_frame_p95_ms", percentile(frames, 95), percentile(floor, 95)),
        row("lookup_to_frame_p50_ms", percentile(frames, 50), percentile(floor, 50)),
    ], indent=1))


if __name__ == "__main__":
    main()
