"""Benchmark of F5 opening on 10,000 claims: the F5 key to the first frame that shows the
register's rows (`claims_list_10k_ms`, target <= 100 ms). Prints a JSON list of {name, value,
unit, floor, ratio}.

End to end through the real console: a file database with 10,000 claims (and one with 10, the
floor: the fixed cost of opening the screen), a `ConsoleApp` headless at 160x48, the F5 key
posted through the driver's `send_message` (the path a terminal's input thread uses), and
`App._display` wrapped to stamp the first frame after it in which the claims table holds every
row with no repaint pending (the frame is also encoded as a terminal driver would). That covers
building the screen, loading the register in a worker (one `.tuples()` query), computing the
working days left and the marks, and painting. Each run is a fresh app, started and left to
settle (the register read after the first frame, the screens built ahead in the quiet moment
after the start, as on a dispatcher's console); runs alternate the two databases; the first
pair warms up imports and caches.

`claims_render_10k_ms` is the longest the UI thread is blocked in that opening: the register's
rows turned into cells and handed to the table (`ClaimsScreen._render_rows`), against the same
on 10 claims.

Run: .venv/bin/python bench/bench_claims_list.py [--runs 9]
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
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_queue_keys import FrameProbe
from bench_slots import press, settled

from console.app import ConsoleApp
from console.config import build_context
from console.db import open_database
from console.launch import prepare
from console.models import Claim, ClaimCounter
from console.rules.deadlines import claim_due
from console.screens.claims import ClaimsScreen

SIZE = (160, 48)
NOW = "2026-11-24 11:00"
SURNAMES = ("Иванов", "Смирнова", "Кузнецов", "Попова", "Васильев", "Петрова", "Соколов")
TEXTS = ("Связь отсутствовала три дня", "Выставлена плата за выезд, хотя заявка была отменена",
         "Специалист опоздал на визит на два часа", "Скорость регулярно ниже заявленной")


def build(path: Path, n: int):
    """A migrated database at `path` with `n` claims received over the last year."""
    ctx = build_context(db_target=str(path), now=NOW, operator="bench", frozen=True)
    prepare(ctx)
    db = open_database(ctx.db_target)
    rnd = random.Random(20261124)
    now = ctx.clock.now()
    rows = []
    for i in range(1, n + 1):
        received = now - timedelta(minutes=rnd.randrange(60 * 24 * 300))
        status = rnd.choice(("registered", "registered", "incomplete", "director", "answered"))
        rows.append(dict(
            number=f"П-2026-{i:04d}", reg_year=2026, reg_seq=i, received_at=received,
            due_at=claim_due(ctx.calendar, received), channel=rnd.choice(("letter", "fax")),
            holder_full_name=f"{rnd.choice(SURNAMES)} Иван Иванович",
            contract_number=str(50_000_000 + i), description=rnd.choice(TEXTS), status=status,
            missing="signature" if status == "incomplete" else "", signed=True,
            replied_at=now if status == "answered" else None, updated_at=now))
    with db.atomic():
        for start in range(0, len(rows), 500):
            Claim.insert_many(rows[start:start + 500]).execute()
        ClaimCounter.insert(year=2026, last=n).execute()
    db.close()
    return ctx


BLOCKS: list[float] = []  # how long each _render_rows ran, ms


def _timed(render):
    def wrapper(self) -> None:
        t0 = time.perf_counter()
        render(self)
        BLOCKS.append((time.perf_counter() - t0) * 1000)

    return wrapper


ClaimsScreen._render_rows = _timed(ClaimsScreen._render_rows)  # type: ignore[method-assign]


async def open_f5(ctx, expected_open: int) -> tuple[float, float]:
    """Milliseconds from the F5 key to the frame showing `expected_open` rows, and the longest
    single render of the rows on the UI thread in between."""
    open_database(ctx.db_target).close()  # bind the models to this database, as a start does
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await settled(app, pilot)
        probe = FrameProbe(app)

        def shown() -> bool:
            table = app.screen.query("#claims-table")
            return bool(table) and table.first().row_count == expected_open and not (
                table.first()._repaint_regions)

        frame = probe.arm(shown)
        BLOCKS.clear()
        t0 = press(app, "f5")
        t1 = await asyncio.wait_for(frame, 30)
        block = max(BLOCKS, default=0.0)
    return (t1 - t0) * 1000, block


def open_count(ctx) -> int:
    db = open_database(ctx.db_target)
    try:
        return Claim.select().where(Claim.status.not_in(("answered", "rejected"))).count()
    finally:
        db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-claims-") as tmp:
        print("building 10,000 claims ...", file=sys.stderr)
        big = build(Path(tmp) / "big.db", 10_000)
        small = build(Path(tmp) / "small.db", 10)
        counts = {id(big): open_count(big), id(small): open_count(small)}
        results: dict[int, tuple[list[float], list[float]]] = {id(big): ([], []),
                                                                id(small): ([], [])}
        for run in range(args.runs + 1):
            for ctx in (big, small):
                ms, block = asyncio.run(open_f5(ctx, counts[id(ctx)]))
                if run:
                    results[id(ctx)][0].append(ms)
                    results[id(ctx)][1].append(block)
                print(f"run {run} {counts[id(ctx)]} open claims: {ms:.1f} ms, "
                      f"longest render {block:.1f} ms", file=sys.stderr)
    out = []
    for name, i in (("claims_list_10k_ms", 0), ("claims_render_10k_ms", 1)):
        value = statistics.median(results[id(big)][i])
        floor = statistics.median(results[id(small)][i])
        out.append({"name": name, "value": round(value, 1), "unit": "ms",
                    "floor": round(floor, 1), "ratio": round(value / floor, 2) if floor else None})
    print(json.dumps(out))


if __name__ == "__main__":
    main()
