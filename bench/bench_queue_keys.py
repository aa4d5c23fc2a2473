"""Benchmark of a key press in F3, the queue, with 10,000 open tickets: the real console, and the
bare table widget as its floor. Prints a JSON list of {name, value, unit, floor, ratio}.

- `queue_keypress_p95_ms` (and `_p50_`): the whole console (ConsoleApp, headless 160x48) on
  bench_queue_refresh's database (the demo generator's open tickets repeated up to 10,000, 50
  technicians, re-planned), F3 open with every ticket loaded and the console left to settle;
  its refresh loop runs as on a dispatcher's desk. Each press posts a `down` (or `up`) Key event
  through the driver's own `send_message` (the path a terminal's input thread uses) and stamps
  t0; `App._display` is wrapped to stamp t1 at the first frame after t0 that shows the moved
  cursor, after encoding that frame to terminal output as a real driver would (the headless
  driver skips that step). DESIGN: hook the frame, not pilot.press(), which sleeps by itself.
  The time holds what the screen does on a cursor move (the detail line under the table) and
  the rows the view scrolls onto, whose cells the screen makes when they are first shown.
- Floor: the same presses on the bare LineTable in an otherwise empty app, holding 10,000
  prepared rows of realistic text (no database, no screen around it).

Presses are ~25 ms apart, like a held key's auto-repeat, so each starts from an idle screen and
the time measured is the app's work, not waiting for the previous frame's 60 fps slot. Every
press scrolls the view (the cursor starts on the last visible line, at rows 1,000, 2,000, ... in
successive rounds; at the end of the table it turns back), the expensive case: the whole table
repaints and one new row is drawn. Rounds alternate the console and the bare widget, so a busy
machine weighs on value and floor alike; percentiles are over all presses of each.

Run: .venv/bin/python bench/bench_queue_keys.py [--presses 200] [--rounds 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult

from console.widgets.line_table import Column, LineTable

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_queue_refresh, run directly

SEED = 20261125
SIZE = (160, 48)
N_ROWS = 10_000
GAP_S = 0.025
WARMUP = 10  # per round

COLUMNS = [
    Column("pos", "№", width=5, align="right"),
    Column("priority", "Приор.", width=8),
    Column("number", "Заявка", width=12),
    Column("type", "Тип работ", flex=2),
    Column("address", "Адрес", flex=3),
    Column("client", "Клиент", flex=2),
    Column("status", "Статус", width=10),
    Column("tech", "Техник", width=14),
    Column("eta", "Срок", width=16),
    Column("told", "Сообщ.", width=6),
    Column("age", "Ждёт", width=7, align="right"),
]
PRIORITIES = ("Авария", "Высокий", "Обычный", "Низкий")
TASK_TYPES = (
    "Авария домового узла (нет связи во всём доме)",
    "Нет подключения у абонента (обрыв кабеля, нет линка)",
    "Нестабильная связь, низкая скорость",
    "Настройка роутера и Wi-Fi",
    "Прокладка кабеля, установка розетки",
    "Переустановка операционной системы",
    "Настройка локальной сети клиента",
)
STREETS = (
    "ул. Профсоюзная", "Ленинский пр-т", "ул. Большая Черёмушкинская", "Варшавское ш.",
    "ул. Академика Королёва", "Новоясеневский пр-т", "ул. Вавилова", "Каширское ш.",
)
SURNAMES = ("Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Фёдоров")
NAMES = ("Алексей", "Мария", "Сергей", "Ольга", "Дмитрий", "Наталья", "Юрий", "Елена")
PATRONYMICS = ("Петрович", "Сергеевна", "Иванович", "Алексеевна", "Юрьевич", "Дмитриевна")
STATUSES = ("в очереди", "назначена", "в работе", "закреплена")
TECHS = tuple(
    f"{s} {n[0]}. {p[0]}." for s, n, p in zip(SURNAMES, NAMES, PATRONYMICS[:4] * 2, strict=True)
)


def make_rows(n: int, rnd: random.Random) -> tuple[list, dict]:
    """`n` queue rows in realistic Russian, a few overdue (alert) and moved rows among them."""
    rows, styles = [], {}
    for i in range(n):
        key = 2026_000_000 + i
        priority = PRIORITIES[min(3, int(rnd.expovariate(1.2)))]
        eta = f"{25 + i // 4000:02d}.11 {10 + rnd.randrange(7)}:{rnd.choice(('00', '30'))} ±1 ч"
        mark = rnd.random()
        eta_cell: str | Text = eta
        if mark < 0.03:
            styles[key] = "alert"
            eta_cell = Text(eta + " просрочено", style="bold red")
        elif mark < 0.05:
            styles[key] = "moved"
        client = f"{rnd.choice(SURNAMES)} {rnd.choice(NAMES)} {rnd.choice(PATRONYMICS)}"
        address = (
            f"г. Москва, {rnd.choice(STREETS)}, д. {rnd.randrange(1, 150)}, "
            f"кв. {rnd.randrange(1, 400)}, подъезд {rnd.randrange(1, 9)}"
        )
        rows.append((key, (
            str(i + 1), priority, f"{key // 1_000_000}-{key % 1_000_000:06d}",
            rnd.choice(TASK_TYPES), address, client, rnd.choice(STATUSES), rnd.choice(TECHS),
            eta_cell, rnd.choice(("да", "нет", "—")),
            f"{rnd.randrange(10)} д {rnd.randrange(24)} ч",
        )))
    return rows, styles


class QueueApp(App):
    """Just the queue table, full screen."""

    def compose(self) -> ComposeResult:
        yield LineTable(COLUMNS)


class FrameProbe:
    """Wraps `App._display` to time stamp the first frame that satisfies a condition."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.display = app._display
        self.condition: Callable[[], bool] | None = None
        self.done: asyncio.Future[float] | None = None
        app._display = self._display  # type: ignore[method-assign]

    def arm(self, condition: Callable[[], bool]) -> asyncio.Future[float]:
        self.condition = condition
        self.done = asyncio.get_running_loop().create_future()
        return self.done

    def _display(self, screen, renderable) -> None:
        self.display(screen, renderable)
        if renderable is None or self.done is None or self.done.done():
            return
        if self.condition is not None and self.condition():
            if isinstance(renderable, CompositorUpdate):
                # What a terminal driver does with the frame (App._display skips it headless).
                renderable.render_segments(self.app.console)
            self.done.set_result(time.perf_counter())


def painted(table: LineTable, index: int) -> Callable[[], bool]:
    """The cursor is on `index` and the table has no repaint pending: this frame shows it."""
    return lambda: (
        table.cursor_index == index and not table._repaint_regions
    )


async def bare_latencies(rows: list, styles: dict, presses: int, start: int) -> list[float]:
    """The floor: milliseconds from posting a key to its frame on the bare table holding
    `rows`, for `presses` presses after a warm-up, from row `start` at the bottom of the view."""
    app = QueueApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(rows, styles=styles)
        table.focus()
        await pilot.pause()
        return await _presses(app, pilot, table, presses, start)


async def console_latencies(db, presses: int, start: int) -> list[float]:
    """The same presses in F3 of the running console on the 10,000-ticket database `db`."""
    from bench_queue_refresh import NOW, wait_until

    from console.app import ConsoleApp
    from console.config import build_context
    from console.launch import prepare
    from console.screens.queue import QueueScreen

    ctx = build_context(db_target=str(db), now=NOW, lang="ru", operator="bench", frozen=True)
    prepare(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await app.switch_mode("queue")
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        table = screen.query_one("#queue-table", LineTable)
        await wait_until(lambda: table.row_count >= N_ROWS and not app.workers._workers)
        # As a console that has run a while: the first reads done, the screens built ahead and
        # its heap settled (console/warmup.py, console/heap.py).
        await wait_until(lambda: app.screen_warmer.settled, 60)
        await pilot.pause(0.5)
        table.focus()
        return await _presses(app, pilot, table, presses, start)


async def _presses(app: App, pilot, table: LineTable, presses: int, start: int) -> list[float]:
    table.cursor_index = start  # from the top: the view scrolls so it is the last line
    await pilot.pause()
    probe = FrameProbe(app)
    driver = app._driver
    assert driver is not None
    samples: list[float] = []
    direction = 1
    for press in range(WARMUP + presses):
        if not 0 <= table.cursor_index + direction < table.row_count:
            direction = -direction
        target = table.cursor_index + direction
        frame = probe.arm(painted(table, target))
        event = events.Key("down" if direction > 0 else "up", None)
        event.set_sender(app)
        t0 = time.perf_counter()
        driver.send_message(event)
        t1 = await asyncio.wait_for(frame, 5)
        if press >= WARMUP:
            samples.append((t1 - t0) * 1000)
        await asyncio.sleep(GAP_S)
    return samples


def percentile(samples: list[float], p: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[p - 1]


def row(name: str, value: float, floor: float | None, unit: str = "ms") -> dict:
    return {
        "name": name,
        "value": round(value, 2),
        "unit": unit,
        "floor": None if floor is None else round(floor, 2),
        "ratio": None if floor is None else round(value / floor, 2),
    }


async def run(presses: int, rounds: int) -> list[dict]:
    from bench_queue_refresh import BIG, queue_database

    assert BIG == N_ROWS
    db = queue_database(BIG)
    rows, styles = make_rows(N_ROWS, random.Random(SEED))
    console: list[float] = []
    bare: list[float] = []
    # Rounds alternate the two so that a busy machine weighs on value and floor alike.
    for n in range(rounds):
        start = 1000 * (n + 1)
        console += await console_latencies(db, presses // rounds, start)
        bare += await bare_latencies(rows, styles, presses // rounds, start)
    return [
        row("queue_keypress_p95_ms", percentile(console, 95), percentile(bare, 95)),
        # The median too: on a busy machine the p95 is mostly other processes' noise.
        row("queue_keypress_p50_ms", percentile(console, 50), percentile(bare, 50)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.presses, args.rounds)), indent=1))


if __name__ == "__main__":
    main()
