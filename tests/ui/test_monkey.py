"""A keystroke monkey (D14: never a traceback): random keys across every screen of a demo
database, then the database's integrity check.

Keys: Latin and Cyrillic letters, digits, F1-F6, Tab, Enter, Esc, every bound Ctrl key but
quitting, and paste bursts. The seed is printed so a failure can be replayed:
SUPPORT_CONSOLE_MONKEY_SEED=<seed> SUPPORT_CONSOLE_MONKEY_KEYS=20000 pytest tests/ui/test_monkey.py
(`make test` runs 400 keys with a fixed seed; set another to explore. The full 20,000 take
over an hour on a loaded 2-core machine, so they run on demand.)
"""

from __future__ import annotations

import os
import random
import sqlite3
import string
from datetime import datetime
from zoneinfo import ZoneInfo

from textual import events
from textual.worker import WorkerState

from console.app import SCREEN_CLASSES, ConsoleApp, screen_class
from console.config import build_context
from console.launch import prepare
from console.services.demo.builder import build_demo

KEYS = int(os.environ.get("SUPPORT_CONSOLE_MONKEY_KEYS", "400"))
SEED = int(os.environ.get("SUPPORT_CONSOLE_MONKEY_SEED", "20261201"))
CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
NEVER = {"ctrl+q", "ctrl+c"}  # quitting ends the run, it is not a fault


def bound_ctrl_keys() -> list[str]:
    keys: set[str] = set()
    classes = [ConsoleApp, *(screen_class(mode) for mode in SCREEN_CLASSES)]
    for cls in classes:
        for binding in getattr(cls, "BINDINGS", []):
            key = binding.key if hasattr(binding, "key") else binding[0]
            keys.update(k.strip() for k in key.split(",") if k.strip().startswith("ctrl+"))
    from console.widgets.ticket_form import TicketForm

    for binding in getattr(TicketForm, "BINDINGS", []):
        key = binding.key if hasattr(binding, "key") else binding[0]
        keys.update(k.strip() for k in key.split(",") if k.strip().startswith("ctrl+"))
    return sorted(keys - NEVER)


def key_stream(rng: random.Random, ctrl: list[str]):
    letters = string.ascii_letters + CYRILLIC
    while True:
        roll = rng.random()
        if roll < 0.45:
            yield rng.choice(letters)
        elif roll < 0.60:
            yield rng.choice(string.digits)
        elif roll < 0.68:
            yield rng.choice(("f1", "f2", "f3", "f4", "f5", "f6"))
        elif roll < 0.78:
            yield "tab"
        elif roll < 0.84:
            yield "enter"
        elif roll < 0.89:
            yield "escape"
        elif roll < 0.93:
            yield rng.choice(("up", "down", "backspace", "space", "+", "-", "/"))
        elif roll < 0.98:
            yield rng.choice(ctrl)
        else:
            yield ("paste", "".join(rng.choice(letters + " 0123456789\n")
                                    for _ in range(rng.randint(5, 120))))


async def test_d14_keystroke_monkey_finds_no_unhandled_exception(tmp_path):
    print(f"\nmonkey seed {SEED}, {KEYS} keys "
          f"(replay: SUPPORT_CONSOLE_MONKEY_SEED={SEED} SUPPORT_CONSOLE_MONKEY_KEYS={KEYS})")
    path = tmp_path / "monkey.db"
    now = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Europe/Moscow"))
    build_demo(path, contracts=200, seed=1, now=now)
    ctx = build_context(db_target=str(path), now="2026-11-24 11:00", operator="monkey")
    prepare(ctx)
    app = ConsoleApp(ctx)
    failures: list[str] = []
    original = app.on_worker_state_changed

    def watch(event) -> None:
        if event.state is WorkerState.ERROR and not isinstance(event.worker.error, ValueError):
            failures.append(repr(event.worker.error))
        original(event)

    app.on_worker_state_changed = watch
    rng = random.Random(SEED)
    ctrl = bound_ctrl_keys()
    sent = 0
    async with app.run_test(size=(160, 48)) as pilot:
        for key in key_stream(rng, ctrl):
            if sent >= KEYS:
                break
            if isinstance(key, tuple):
                app.screen.post_message(events.Paste(key[1]))
                await pilot.pause()
            else:
                await pilot.press(key)
            sent += 1
            if sent % 250 == 0:
                await pilot.app.workers.wait_for_complete()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    assert app._exception is None, f"seed {SEED}: {app._exception!r}"
    assert app.return_code in (None, 0), f"seed {SEED}"
    assert failures == [], f"seed {SEED}: {failures[:5]}"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
