"""F7, the summary, as a supervisor uses it: the day's figures, other days, the week, exports."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from console.app import ConsoleApp
from console.db import open_database
from console.widgets.bar_chart import BarChart
from tests.report_day import seed_day
from tests.ui.pilot_helpers import settle, wait_for

SIZE = (160, 48)


def period(app) -> str:
    return str(app.screen.query_one("#summary-period", Static).render())


def make_app(make_ctx, tmp_path):
    ctx = make_ctx("2026-11-24 16:00")
    ctx.data_dir = tmp_path / "data"
    database = open_database(ctx.db_target)
    seed_day()
    database.close()
    return ConsoleApp(ctx, start_refresh=False)


async def test_f7_shows_the_days_figures_with_the_chart(make_ctx, tmp_path):
    app = make_app(make_ctx, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: "звонков: 9" in period(app))
        assert app.current_mode == "summary"
        assert "24.11.2026" in period(app)
        chart = str(app.screen.query_one(BarChart).render())
        assert "10 11" in chart and "█" in chart
        tables = list(app.screen.query(DataTable))
        assert len(tables) == 8  # outcomes, R15, refusals, D4, tickets, visits, notify, deadlines
        deadlines = tables[-1]
        assert [str(c) for c in deadlines.get_row_at(0)] == ["HelpDesk (R5)", "4", "1", "1", "1",
                                                             "1"]


async def test_f7_moves_by_day_and_takes_the_week(make_ctx, tmp_path):
    app = make_app(make_ctx, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: "звонков: 9" in period(app))
        await pilot.press("left")
        await wait_for(pilot, lambda: "23.11.2026 · звонков: 1" in period(app))
        await pilot.press("right", "right")
        await wait_for(pilot, lambda: "25.11.2026 · звонков: 1" in period(app))
        await pilot.press("t")
        await wait_for(pilot, lambda: "24.11.2026 · звонков: 9" in period(app))
        await pilot.press("w")  # Monday 23.11 to today
        await wait_for(pilot, lambda: "23.11.2026 – 24.11.2026 · звонков: 10" in period(app))


async def test_f7_exports_xlsx_and_pdf_into_the_data_folder(make_ctx, tmp_path):
    app = make_app(make_ctx, tmp_path)
    exports = tmp_path / "data" / "exports"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: "звонков: 9" in period(app))
        await pilot.press("x")
        await wait_for(pilot, lambda: (exports / "summary-2026-11-24.xlsx").is_file())
        await pilot.press("з")  # the Russian layout's p
        await wait_for(pilot, lambda: (exports / "summary-2026-11-24.pdf").is_file())
        await settle(pilot)
        shown = [str(n.message) for n in app._notifications]
        assert any(str(exports / "summary-2026-11-24.pdf") in m for m in shown), shown


async def test_f7_again_with_the_same_figures_keeps_its_tables(make_ctx, tmp_path):
    """Each F7 reads the figures again; the ~40 widgets of the tables are made again only when
    the figures changed (a rebuild on every switch made F7 the slowest screen to switch to)."""
    app = make_app(make_ctx, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f7")
        await wait_for(pilot, lambda: "звонков: 9" in period(app))
        tables = list(app.screen.query(DataTable))
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("f7")
        await wait_for(pilot, lambda: "звонков: 9" in period(app))
        await settle(pilot)
        assert list(app.screen.query(DataTable)) == tables  # the same widgets
        await pilot.press("left")  # other figures: other tables
        await wait_for(pilot, lambda: "23.11.2026 · звонков: 1" in period(app))
        await settle(pilot)
        assert not set(app.screen.query(DataTable)) & set(tables)
