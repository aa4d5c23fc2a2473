"""Soak benchmark: a dispatcher's day compressed into one console process, to see whether memory
grows and keys slow down over a long run (`soak_rss_growth_mb` <= 30, `soak_slowdown` <= 1.2).

The console runs headless at 160x48 under `run_test` on a copy of the demo generator's
database (`build_demo`, 20,000 contracts, seed 1; bench_queue_refresh's cache). Each scripted
"hour" has, in this order and interleaved:
- calls with tickets through F2 as a dispatcher makes them: the contract number and the
  holder's surname typed, the caller verified, Ctrl+T, a task type, the description and the
  desired time, Ctrl+S, then Ctrl+E and the call's outcome (Enter on the likely one);
- screen switches: F1..F7 keys posted through the driver, each timed to the first frame that
  shows the new screen (`App._display`, encoded as a real driver would);
- dialogs: in F3, `+` opens the reason dialog, Esc closes it;
- a re-plan of the whole queue "every minute" (the console's own `replan`, every few actions);
while another process writes to the database all along (a ticket's description every 0.3 s,
through its own connection, like another console).

A warm-up before the first hour (not counted) builds every screen and makes one call and one
dialog. `soak_rss_growth_mb`: the process's resident memory (VmRSS) at the end minus after the
warm-up (the floor), after a `gc.collect()` both times. `soak_slowdown`: the last hour's p95
screen-switch key-to-frame time over the first hour's (floor: the first hour's p95, ms).
`soak_growth_per_hour_mb` is reported too, so a short run still says where a full day would end.

The issue's full day is 8 hours of 250 calls, 625 switches and 62 dialogs each
(`--hours 8 --calls 250 --switches 625 --dialogs 62`: several hours on this machine, a call
through the form taking ~10 s under Pilot); `make bench` runs a short day by default (`--hours 3
--calls 2 --switches 20 --dialogs 4`, ~3 minutes), so its figures say less than a full day's.

Run: .venv/bin/python bench/bench_soak.py [--hours 3] [--calls 2] [--switches 20] [--dialogs 4]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from textual import events

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_queue_keys import FrameProbe, percentile
from bench_queue_refresh import CACHE, NOW, SIZE, demo_database, log, wait_until

SWITCH_KEYS = (("f1", "help"), ("f2", "call"), ("f3", "queue"), ("f4", "timeslots"),
               ("f5", "claims"), ("f6", "helpdesk"), ("f7", "summary"))
WRITER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=10)
ids = [r[0] for r in conn.execute("SELECT id FROM ticket WHERE status = 'open' LIMIT 200")]
n = 0
while True:
    n += 1
    conn.execute("UPDATE ticket SET description = ?, version = version + 1 WHERE id = ?",
                 (f"другая консоль {n}", ids[n % len(ids)]))  # as a console edits it (D14)
    conn.commit()
    time.sleep(0.3)
"""


def rss_mb() -> float:
    gc.collect()
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def holders(db: Path, count: int) -> list[tuple[str, str]]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT number, surname FROM contract WHERE coalesce(company, '') = '' "
            "AND balance_kopecks > 0 AND status = 'active' ORDER BY id LIMIT ?",
            (count,)).fetchall()
    finally:
        conn.close()
    return rows


class Day:
    """Drives the console through the scripted hours."""

    def __init__(self, app, pilot, contracts: list[tuple[str, str]]) -> None:
        self.app, self.pilot = app, pilot
        self.contracts = contracts
        self.calls = 0
        self.probe = FrameProbe(app)
        self.rng = random.Random(20261125)

    async def idle(self) -> None:
        await wait_until(lambda: not self.app.workers._workers, timeout=60)
        await self.pilot.pause(0.05)

    async def switch(self, key: str, mode: str) -> float:
        app = self.app
        frame = self.probe.arm(lambda: app.current_mode == mode)
        event = events.Key(key, None)
        event.set_sender(app)
        t0 = time.perf_counter()
        app._driver.send_message(event)
        t1 = await asyncio.wait_for(frame, 30)
        await self.pilot.pause(0.03)
        return (t1 - t0) * 1000

    async def call_with_ticket(self) -> None:
        from console.rules.validation import R7_CHECKLIST
        from console.screens.dialogs import ChoiceDialog
        from console.widgets.ticket_form import TicketForm

        app, pilot = self.app, self.pilot
        number, surname = self.contracts[self.calls % len(self.contracts)]
        self.calls += 1
        await pilot.press("f2")
        await self.idle()
        await pilot.press(*number, "tab", *surname)
        await wait_until(lambda: app.screen.verification is not None
                         and app.screen.verification.verified)
        await pilot.press("ctrl+t")
        await wait_until(lambda: any(f.display for f in app.screen.query(TicketForm)))
        form = app.screen.query_one(TicketForm)
        await pilot.press("enter")  # the first task type
        form.query_one("#tf-description").value = f"нет связи, звонок {self.calls}"
        form.query_one("#tf-desired").value = "завтра 11"
        form.query_one("#tf-intercom").value = "12"
        await pilot.press(*["ctrl+r"] * len(R7_CHECKLIST), "ctrl+s")  # R7 read out, save
        await self.idle()
        await pilot.press("ctrl+e")
        try:
            await wait_until(lambda: isinstance(app.screen, ChoiceDialog), timeout=10)
            await pilot.press("enter")
        except TimeoutError:
            log(f"call {self.calls}: no outcome dialog (screen {app.screen!r})")
        await self.idle()
        while len(app.screen_stack) > 1:  # whatever a refused save left open
            app.pop_screen()
            await self.idle()

    async def dialog(self) -> None:
        from console.screens.dialogs import ReasonDialog

        app, pilot = self.app, self.pilot
        await pilot.press("f3")
        await self.idle()
        await pilot.press("plus")
        try:
            await wait_until(lambda: isinstance(app.screen, ReasonDialog), timeout=10)
        except TimeoutError:
            return  # the cursor's ticket cannot go higher: no dialog this time
        await pilot.press("escape")
        await self.idle()

    async def hour(self, calls: int, switches: int, dialogs: int) -> list[float]:
        """One scripted hour; returns its switch key-to-frame times."""
        times: list[float] = []
        actions = (["call"] * calls + ["switch"] * switches + ["dialog"] * dialogs)
        self.rng.shuffle(actions)
        replan_every = max(1, len(actions) // 60)  # "every minute" of the hour
        for i, action in enumerate(actions):
            if action == "call":
                await self.call_with_ticket()
            elif action == "dialog":
                await self.dialog()
            else:
                key, mode = SWITCH_KEYS[self.rng.randrange(len(SWITCH_KEYS))]
                if self.app.current_mode == mode:
                    key, mode = SWITCH_KEYS[(SWITCH_KEYS.index((key, mode)) + 1)
                                            % len(SWITCH_KEYS)]
                times.append(await self.switch(key, mode))
            if i % replan_every == 0:
                self.app.replan()
        await self.idle()
        return times


async def run(db: Path, hours: int, calls: int, switches: int, dialogs: int) -> dict:
    from console.app import ConsoleApp
    from console.config import build_context
    from console.launch import prepare

    ctx = build_context(db_target=str(db), now=NOW, lang="ru", operator="bench", frozen=True)
    prepare(ctx)
    app = ConsoleApp(ctx)
    contracts = holders(db, max(1, hours * calls))
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db)])
    rss, p95s = [], []
    try:
        async with app.run_test(size=SIZE) as pilot:
            day = Day(app, pilot, contracts)
            await day.idle()
            # Warm-up, not counted: every screen built, a call and a dialog made once.
            for key, mode in SWITCH_KEYS * 2:
                if app.current_mode != mode:
                    await day.switch(key, mode)
            await day.call_with_ticket()
            await day.dialog()
            await day.idle()
            rss.append(rss_mb())
            log(f"warm: rss {rss[-1]:.1f} MB")
            for h in range(hours):
                started = time.perf_counter()
                times = await day.hour(calls, switches, dialogs)
                rss.append(rss_mb())
                p95s.append(percentile(times, 95))
                log(f"hour {h + 1}: {time.perf_counter() - started:.0f} s, rss {rss[-1]:.1f} MB, "
                    f"switch p95 {p95s[-1]:.1f} ms, calls so far {day.calls}")
    finally:
        writer.kill()
        writer.wait()
    conn = sqlite3.connect(db)
    made = conn.execute("SELECT count(*) FROM call WHERE outcome IS NOT NULL AND operator_id IN "
                        "(SELECT id FROM operator WHERE login = 'bench')").fetchone()[0]
    tickets = conn.execute("SELECT count(*) FROM ticket WHERE description LIKE "
                           "'нет связи, звонок %'").fetchone()[0]
    conn.close()
    log(f"{made} calls logged, {tickets} tickets filed from them")
    return {"rss": rss, "p95": p95s}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=int, default=3)
    parser.add_argument("--calls", type=int, default=2, help="calls with tickets an hour")
    parser.add_argument("--switches", type=int, default=20, help="screen switches an hour")
    parser.add_argument("--dialogs", type=int, default=4, help="dialogs an hour")
    args = parser.parse_args()
    if args.hours < 2:
        parser.error("--hours must be 2 or more (the last hour is compared with the first)")
    db = CACHE / "soak-work.db"
    for stale in CACHE.glob("soak-work.db*"):
        stale.unlink()
    shutil.copy(demo_database(), db)
    found = asyncio.run(run(db, args.hours, args.calls, args.switches, args.dialogs))
    rss, p95 = found["rss"], found["p95"]
    growth = rss[-1] - rss[0]
    per_hour = growth / args.hours
    print(json.dumps([
        {"name": "soak_rss_growth_mb", "value": round(growth, 1), "unit": "MB",
         "floor": round(rss[0], 1), "ratio": round(rss[-1] / rss[0], 3)},
        {"name": "soak_growth_per_hour_mb", "value": round(per_hour, 2), "unit": "MB/h",
         "floor": None, "ratio": None},
        {"name": "soak_slowdown", "value": round(p95[-1] / p95[0], 2), "unit": "x",
         "floor": round(p95[0], 1), "ratio": None},
        {"name": "soak_switch_p95_last_hour_ms", "value": round(p95[-1], 1), "unit": "ms",
         "floor": round(p95[0], 1), "ratio": round(p95[-1] / p95[0], 2)},
    ], indent=1))


if __name__ == "__main__":
    main()
