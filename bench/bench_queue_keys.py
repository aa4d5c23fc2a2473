"""Benchmark of the F3 queue table (console/widgets/line_table.py): a key press to the next frame
with 10,000 tickets, and loading 10,000 rows. Prints a JSON list of {name, value, unit, floor,
ratio}.

How a key press is timed (DESIGN: hook the frame, not pilot.press(), which sleeps by itself):
the app runs headless under run_test; each press posts a `down` Key event through the driver's
own `send_message` (the path a terminal's input thread uses) and stamps t0; `App._display` is
wrapped to stamp t1 at the first frame after t0 that shows the moved cursor, after encoding
that frame to terminal output as a real driver would (the headless driver skips that step).
Presses are ~25 ms apart, like a held key's auto-repeat, so each starts from an idle screen and
the time measured is the app's work, not waiting for the previous frame's 60 fps slot.
On 10,000 rows every press scrolls the view (the cursor starts on the last visible line, at
rows 1,000, 2,000, ... in successive rounds), the expensive case: the whole table repaints
and one new row is rendered (the widget's default CSS has no scroll bar; one adds ~5 ms).
The floor is the same measurement on a 10-row table (down to the end, then up: it never
scrolls). Rounds alternate the two tables; percentiles are over all presses of each.

Run: .venv/bin/python bench/bench_queue_keys.py [--presses 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from collections.abc import Callable

from rich.text import Text
from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App, ComposeResult

from console.widgets.line_table import Column, LineTable

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


async def keypress_latencies(rows: list, styles: dict, presses: int, start: int) -> list[float]:
    """Milliseconds from posting a key to its frame, for `presses` presses after a warm-up,
    starting with the cursor on row `start` at the bottom of the view."""
    app = QueueApp()
    samples: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(rows, styles=styles)
        table.focus()
        await pilot.pause()
        table.cursor_index = start  # from the top: the view scrolls so it is the last line
        await pilot.pause()
        probe = FrameProbe(app)
        driver = app._driver
        assert driver is not None
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


async def load_times(rows: list, styles: dict, runs: int) -> tuple[float, float]:
    """Median ms of set_rows alone, and of set_rows to the next frame; each run alternates the
    queue with a copy that has an urgent ticket on top, so every load reorders all rows."""
    app = QueueApp()
    urgent = (1, ("1", "Авария", "2026-999999", TASK_TYPES[0], "г. Москва, ул. Вавилова, д. 1",
                  "Сидоров Юрий Петрович", "в очереди", "—", "25.11 11:30 ±1 ч", "да", "5 мин"))
    variants = [rows, [urgent, *rows]]
    alone, framed = [], []
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(LineTable)
        table.focus()
        table.set_rows(rows, styles=styles)
        await pilot.pause()
        probe = FrameProbe(app)
        for run in range(runs + 1):
            new = variants[(run + 1) % 2]
            frame = probe.arm(lambda: not table._repaint_regions)
            t0 = time.perf_counter()
            table.set_rows(new, styles=styles)
            t1 = time.perf_counter()
            t2 = await asyncio.wait_for(frame, 5)
            if run:  # the first is a warm-up
                alone.append((t1 - t0) * 1000)
                framed.append((t2 - t0) * 1000)
            await pilot.pause()
    return statistics.median(alone), statistics.median(framed)


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


async def run(presses: int, runs: int, rounds: int) -> list[dict]:
    rows, styles = make_rows(N_ROWS, random.Random(SEED))
    big: list[float] = []
    small: list[float] = []
    # Rounds alternate the two tables so that a busy machine weighs on value and floor alike.
    for n in range(rounds):
        big += await keypress_latencies(rows, styles, presses // rounds, 1000 * (n + 1))
        small += await keypress_latencies(rows[:10], {}, presses // rounds, 0)
    load, load_frame = await load_times(rows, styles, runs)
    return [
        row("queue_keypress_p95_ms", percentile(big, 95), percentile(small, 95)),
        # The median too: on a busy machine the p95 is mostly other processes' noise.
        row("queue_keypress_p50_ms", percentile(big, 50), percentile(small, 50)),
        row("queue_load_10k_ms", load, None),
        row("queue_reorder_10k_to_frame_ms", load_frame, None),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.presses, args.runs, args.rounds)), indent=1))


if __name__ == "__main__":
    main()
