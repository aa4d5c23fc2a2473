"""Benchmark of live sync between consoles: `sync_latency_ms`, the p95 time from a commit on one
console to the change on another console's screen. Target <= 1000 ms on both backends.

One console process writes a ticket through the ticket service and prints the wall-clock time
right after its commit; this process runs the full console headless (`App.run_test`) on the same
database and stamps the first frame whose status bar shows the new ticket count (`App._display`
wrapped, as in bench_queue_keys.py). The floor is the bare mechanism under the same conditions:
on SQLite a `PRAGMA data_version` poll at the console's interval (`state.POLL_SECONDS`) seeing
a plain sqlite3 commit; on PostgreSQL a bare LISTEN/NOTIFY round trip between two connections.

PostgreSQL runs when SUPPORT_CONSOLE_TEST_PG names a server where databases may be created
(`.ci/with-postgres .venv/bin/python bench/bench_sync.py`); otherwise only SQLite is measured.

Run: .venv/bin/python bench/bench_sync.py [--changes 40]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WRITER = """
import sys, time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo
from console.config import build_context
from console.db import open_database
from console.services.tickets import NewTicket, create_ticket
ctx = build_context(db_target=sys.argv[1], now="2026-11-24 11:00", operator="other", frozen=True)
db = open_database(sys.argv[1])
now = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Europe/Moscow"))
print("ready", flush=True)
for line in sys.stdin:
    create_ticket(NewTicket(contract_id=int(sys.argv[2]), task_type="no_link",
                  description="нет связи", responsible_name="Иванов Иван",
                  contact_phone="+79031234567", contact_is_mobile=True,
                  desired_at=now + timedelta(days=1), intercom_code="1", no_intercom=False,
                  billable_agreed=False),
                  operator="other", calendar=ctx.calendar, now=now)
    print(time.time(), flush=True)
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def prepare(target: str) -> int:
    from console.config import build_context
    from console.db import open_database
    from console.launch import prepare as prepare_ctx
    from console.models import Contract, Technician

    prepare_ctx(build_context(db_target=target, now="2026-11-24 11:00", operator="bench"))
    db = open_database(target)
    contract = Contract.create(number="1", number_key="1", surname="Иванов", surname_key="иванов",
                               balance_kopecks=100_000)
    Technician.create(name="Сидоров Пётр")
    db.close()
    return contract.id


async def console_latencies(target: str, contract_id: int, changes: int) -> list[float]:
    from console.app import ConsoleApp
    from console.config import build_context
    from console.widgets.status_bar import StatusBar

    ctx = build_context(db_target=target, now="2026-11-24 11:00", operator="bench", frozen=True)
    ctx.operator_name = "bench"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, target, str(contract_id)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "ready"
    app = ConsoleApp(ctx)
    shown: dict[str, float] = {}
    display = app._display

    def stamped(*args, **kwargs):
        result = display(*args, **kwargs)
        text = app.screen.query_one(StatusBar).text_of("sb-tickets")
        shown.setdefault(text, time.time())
        return result

    app._display = stamped
    latencies = []
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            for _ in range(200):
                await pilot.pause(0.05)
                listener = app.state._listener
                if "Заявок: 0" in shown and (listener is None or listener.connected.is_set()):
                    break
            for n in range(1, changes + 1):
                writer.stdin.write("go\n")
                writer.stdin.flush()
                committed = float(writer.stdout.readline())
                want = f"Заявок: {n}"
                while want not in shown:
                    if time.time() - committed > 10:
                        raise RuntimeError(f"change {n} not shown after 10 s")
                    await pilot.pause(0.005)
                latencies.append((shown[want] - committed) * 1000)
                await pilot.pause(0.05)
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)
    return latencies


def sqlite_floor(path: str, changes: int) -> list[float]:
    """A bare data_version poll at the console's interval noticing a plain commit."""
    from console.state import POLL_SECONDS

    watcher = sqlite3.connect(path, check_same_thread=False)
    writer = sqlite3.connect(path)
    writer.execute("CREATE TABLE IF NOT EXISTS bench_floor (x)")
    writer.commit()
    seen = threading.Event()
    stop = threading.Event()

    def poll() -> None:
        last = watcher.execute("PRAGMA data_version").fetchone()[0]
        while not stop.is_set():
            version = watcher.execute("PRAGMA data_version").fetchone()[0]
            if version != last:
                last = version
                seen.set()
            time.sleep(POLL_SECONDS)

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    time.sleep(POLL_SECONDS * 2)
    out = []
    for i in range(changes):
        time.sleep(0.05 + (i % 7) * 0.031)  # commits land anywhere in the poll interval
        seen.clear()
        writer.execute("INSERT INTO bench_floor VALUES (1)")
        writer.commit()
        t0 = time.time()
        seen.wait(5)
        out.append((time.time() - t0) * 1000)
    stop.set()
    return out


def pg_floor(url: str, changes: int) -> list[float]:
    import psycopg

    listener = psycopg.connect(url, autocommit=True)
    listener.execute("LISTEN bench_floor")
    sender = psycopg.connect(url, autocommit=True)
    out = []
    for _ in range(changes):
        t0 = time.time()
        sender.execute("NOTIFY bench_floor, 'x'")
        for _note in listener.notifies(timeout=5, stop_after=1):
            pass
        out.append((time.time() - t0) * 1000)
        time.sleep(0.02)
    return out


def result(name: str, values: list[float], floor: list[float]) -> dict:
    value, base = p95(values), p95(floor)
    log(f"{name}: p95 {value:.0f} ms (median {statistics.median(values):.0f}), "
        f"floor p95 {base:.1f} ms")
    return {"name": name, "value": round(value, 1), "unit": "ms", "floor": round(base, 2),
            "ratio": round(value / base, 2) if base > 0 else None}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--changes", type=int, default=40)
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "sync.db")
        contract_id = prepare(path)
        latencies = asyncio.run(console_latencies(path, contract_id, args.changes))
        results.append(result("sync_latency_ms", latencies, sqlite_floor(path, args.changes)))
    url = os.environ.get("SUPPORT_CONSOLE_TEST_PG")
    if url:
        import psycopg

        name = f"sc_bench_sync_{os.getpid()}"
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            target = urlunsplit(urlsplit(url)._replace(path="/" + name))
            contract_id = prepare(target)
            latencies = asyncio.run(console_latencies(target, contract_id, args.changes))
            results.append(result("sync_latency_pg_ms", latencies, pg_floor(target, args.changes)))
        finally:
            from console.models import database

            if not database.is_closed():
                database.close()
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        log("sync_latency_pg_ms: skipped (SUPPORT_CONSOLE_TEST_PG is not set)")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
