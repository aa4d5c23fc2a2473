"""Layout guard for F4: a busy day at 160x48 and at 100x30 (update with --snapshot-update)."""

from __future__ import annotations

from datetime import date

from console.app import ConsoleApp
from console.db import open_database
from console.models import TechnicianDayOff
from console.services import tickets, visits
from tests.ui.test_timeslots_screen import at, seed

JOBS = [
    ("node_outage", None, False), ("no_link", "2026-11-24 11:00", True),
    ("unstable_link", "2026-11-24 12:00", True), ("router_setup", None, False),
    ("unstable_link", "2026-11-24 14:00", True), ("no_link", None, False),
    ("unstable_link", "2026-11-24 15:30", False), ("os_reinstall", None, False),
    ("unstable_link", "2026-11-24 16:00", True), ("no_link", None, False),
]


def busy_day(make_ctx) -> ConsoleApp:
    ctx = make_ctx("2026-11-24 13:10")
    ids = seed(ctx, "2026-11-24 10:40", techs=("Антонов Пётр Ильич", "Борисов Иван Сергеевич",
                                                "Волков Олег", "Григорьев Семён Аркадьевич",
                                                "Дмитриев Юрий"), jobs=JOBS)
    db = open_database(ctx.db_target)
    TechnicianDayOff.create(technician=ids["techs"][4], day=date(2026, 11, 24),
                            reason="больничный")
    t = ids["tickets"]
    tickets.replan_now(calendar=ctx.calendar, now=at("2026-11-24 10:45"))
    tickets.start_visit(t[1], version=None, operator="t", calendar=ctx.calendar,
                        now=at("2026-11-24 11:05"))
    visits.place(t[6], ids["techs"][2], at("2026-11-24 15:30"), version=None, operator="t",
                 calendar=ctx.calendar, now=at("2026-11-24 11:10"))
    db.close()
    return ConsoleApp(ctx)


async def _open(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.press("f4")
    for _ in range(4):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_timeslots_busy_day_160x48(snap_compare, make_ctx):
    assert snap_compare(busy_day(make_ctx), terminal_size=(160, 48), run_before=_open)


def test_timeslots_busy_day_100x30(snap_compare, make_ctx):
    assert snap_compare(busy_day(make_ctx), terminal_size=(100, 30), run_before=_open)
