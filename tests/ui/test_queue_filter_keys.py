"""Issue 12: keys typed in F3's filter faster than the screen keeps up are filtered once, for
the text they make together, and the rows shown are the rows that text finds."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from console.app import ConsoleApp
from console.screens.queue import QueueScreen
from console.services.queue_view import QueueSnapshot
from console.widgets.line_table import LineTable
from tests.ui.pilot_helpers import settle
from tests.ui.test_queue_screen import SIZE, seed


@pytest.fixture
def queue_console(make_ctx) -> ConsoleApp:
    ctx = make_ctx("2026-11-24 11:00")
    seed(ctx)
    return ConsoleApp(ctx)


def big_queue(row) -> QueueSnapshot:
    return QueueSnapshot((row, *(
        row._replace(id=100_000 + i,
                address=f"ул. Вавилова, д. {i}" if i % 100 == 0 else row.address)
        for i in range(1, 10_000))))


async def test_a_burst_of_filter_keys_is_filtered_once_for_all_of_them(queue_console,
                                                                     monkeypatch):
    app = queue_console
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        app.state.set_part("queue", big_queue(app.state.get("queue").rows[0]))
        await pilot.press("slash")
        await settle(pilot)
        renders: list[str] = []
        original = QueueScreen._render_rows

        def counted(self):
            renders.append(self._filter)
            original(self)

        monkeypatch.setattr(QueueScreen, "_render_rows", counted)
        box = app.screen.query_one("#queue-filter", Input)
        for char in "вавил":  # queued on the field at once, as a paste of keys would be
            box.post_message(events.Key(char, char))
        await settle(pilot)
        table = app.screen.query_one(LineTable)
        assert box.value == "вавил" and app.screen._filter == "вавил"
        assert renders == ["вавил"]
        assert table.row_count == 99 and table.get_row(100_100)[4] == "ул. Вавилова, д. 100"


async def test_typing_on_and_deleting_in_the_filter_show_what_the_text_finds(queue_console):
    app = queue_console
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        app.state.set_part("queue", big_queue(app.state.get("queue").rows[0]))
        await pilot.press("slash")
        await settle(pilot)
        table = app.screen.query_one(LineTable)
        await pilot.press(*"вавилова", "space", *"д", "space", *"12")
        await pilot.pause()
        assert table.row_count == 1 and table.cursor_key == 101_200  # "д. 1200"
        for _ in range(3):  # back to "вавилова д" (the number goes): all 99 again
            await pilot.press("backspace")
        await pilot.pause()
        assert app.screen._filter == "вавилова д" and table.row_count == 99
