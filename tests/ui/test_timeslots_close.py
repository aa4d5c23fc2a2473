"""F4 from on site to the act (R7, R12), no-shows (D18), the day close, cancellations (R8/D10)
and technicians' days off, each dialog option followed to its effect (Pilot, 160x48)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from console.app import ConsoleApp
from console.db import open_database
from console.models import Act, Charge, Technician, TechnicianDayOff, Ticket, Visit
from console.screens.act_dialog import ActDialog
from console.screens.day_close import DayCloseScreen
from console.screens.dialogs import ChargeDialog, ChoiceDialog, ReasonDialog
from console.screens.notify import NotifyScreen
from console.screens.technicians import TechniciansScreen
from console.services import tickets
from console.widgets.line_table import LineTable
from tests.doc_reading import pdf_text
from tests.ui.pilot_helpers import settle, status, status_bar, wait_for
from tests.ui.test_timeslots_screen import SIZE, at, grid, open_f4, seed


async def choose(pilot, index: int) -> None:
    """Pick the index-th option of the ChoiceDialog on top."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
    for _ in range(index):
        await pilot.press("down")
    await pilot.press("enter")


def start(ctx, tid: int, when: str) -> None:
    db = open_database(ctx.db_target)
    tickets.start_visit(tid, version=None, operator="t", calendar=ctx.calendar, now=at(when))
    db.close()


async def test_r07_r12_closing_with_an_act_writes_a_pdf_that_reads_back(make_ctx):
    ctx = make_ctx("2026-11-24 12:30")
    ids = seed(ctx, "2026-11-24 11:00", techs=("Сидоров Пётр Ильич",),
               jobs=[("unstable_link", "2026-11-24 12:00", True)])
    tid = ids["tickets"][0]
    start(ctx, tid, "2026-11-24 12:05")
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        assert grid(app).move_to(ids["techs"][0], at("2026-11-24 12:15"))
        await pilot.press("c")
        await choose(pilot, 0)  # done
        await wait_for(pilot, lambda: isinstance(app.screen, ActDialog))
        await pilot.press(*"Заменён патч-корд", "tab")
        app.screen.query_one("#act-items").value = "2.5x2, 9.9"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "нет позиции 9.9" in str(
            app.screen.query_one("#act-items-error").render()))
        assert Act.select().count() == 0
        app.screen.query_one("#act-items").value = "2.5x2, 1.1"  # R8's item: its own decision
        await pilot.pause()
        assert "не в акте" in str(app.screen.query_one("#act-items-error").render())
        app.screen.query_one("#act-items").value = "2.5x2"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: Act.select().count() == 1)
        await wait_for(pilot, lambda: not isinstance(app.screen, ActDialog))
        act = Act.get()
        text = pdf_text(Path(act.pdf_path))
        assert Path(act.pdf_path).parent.parent == Path(ctx.db_target).parent / "acts"
        assert "10000001" in text and "Иванов Иван" in text
        assert "200,00 ₽" in text.replace("\xa0", " ") and "Итого" in text
        assert "Заменён патч-корд" in text
        assert Ticket.get_by_id(tid).status == "done"
        await wait_for(pilot, lambda: any(v.status == "done" for v in grid(app).day.visits))
        # o re-writes the act of the done visit
        Path(act.pdf_path).unlink()
        assert grid(app).move_to(ids["techs"][0], at("2026-11-24 12:15"))
        await pilot.press("o")
        await wait_for(pilot, lambda: Path(act.pdf_path).exists())


@pytest.mark.parametrize("charge", [True, False])
async def test_d18_a_no_show_charged_or_waived(make_ctx, charge):
    ctx = make_ctx("2026-11-24 12:30")
    ids = seed(ctx, "2026-11-24 11:00", techs=("Сидоров Пётр Ильич",),
               jobs=[("unstable_link", "2026-11-24 12:00", True)])
    tid = ids["tickets"][0]
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        assert grid(app).move_to(ids["techs"][0], at("2026-11-24 12:00"))
        await pilot.press("c")
        await choose(pilot, 3)  # client absent or no access
        await wait_for(pilot, lambda: isinstance(app.screen, ChargeDialog))
        if charge:
            await pilot.press("enter")
        else:
            await pilot.press("w")
            await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
            await pilot.press(*"домофон сломан", "enter")
        await wait_for(pilot, lambda: Charge.select().count() == 1)
        row = Charge.get()
        assert row.waived is (not charge) and row.amount_kopecks == 100000
        assert row.visit_id == Visit.get(Visit.ticket == tid).id
        assert Visit.get(Visit.ticket == tid).status == "no_show"
        if not charge:
            assert row.waiver_reason == "домофон сломан"


async def test_the_day_close_list_at_17_05(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ids = seed(ctx, "2026-11-24 11:00", techs=("Антонов Пётр", "Борисов Иван"),
               jobs=[("unstable_link", "2026-11-24 12:00", True),
                     ("unstable_link", "2026-11-24 14:00", True),
                     ("unstable_link", "2026-11-24 15:00", True)])
    done, noshow, moved = ids["tickets"]
    db = open_database(ctx.db_target)
    tickets.replan_now(calendar=ctx.calendar, now=at("2026-11-24 17:05"))
    db.close()
    ctx.clock.advance(at("2026-11-24 17:05") - at("2026-11-24 11:00"))
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        await wait_for(pilot, lambda: "Выезды без итога: 3" in status(app, "sb-dayclose"))
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, DayCloseScreen)
                       and app.screen.query_one(LineTable).row_count == 3)
        table = app.screen.query_one(LineTable)
        table.move_cursor(moved)
        await pilot.press("r")
        await wait_for(pilot, lambda: Ticket.get_by_id(moved).settled_day == date(2026, 11, 24))
        await wait_for(pilot, lambda: isinstance(app.screen, NotifyScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, DayCloseScreen)
                       and app.screen.query_one(LineTable).row_count == 2)
        app.screen.query_one(LineTable).move_cursor(noshow)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ChargeDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: Visit.select().where(Visit.status == "no_show").count())
        await wait_for(pilot, lambda: isinstance(app.screen, DayCloseScreen)
                       and app.screen.query_one(LineTable).row_count == 1)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ActDialog))
        await pilot.press(*"Проверена линия", "ctrl+s")
        await wait_for(pilot, lambda: Ticket.get_by_id(done).status == "done")
        visit = Visit.get(Visit.ticket == done)
        assert visit.started_at == at("2026-11-24 12:00")  # on site as planned, reported late
        await wait_for(pilot, lambda: isinstance(app.screen, DayCloseScreen)
                       and app.screen.query_one(LineTable).row_count == 0)
        await wait_for(pilot, lambda: "Все выезды закрыты" in str(
            app.screen.query_one(".dialog-hint").render()))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not status_bar(app).shown("sb-dayclose"))


async def test_the_day_close_before_the_window_closes_does_not_say_all_is_settled(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    seed(ctx, "2026-11-24 11:00", jobs=[("unstable_link", "2026-11-24 14:00", True)])
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, DayCloseScreen)
                       and "17:00" in str(app.screen.query_one(".dialog-hint").render()))
        assert "Все выезды закрыты" not in str(app.screen.query_one(".dialog-hint").render())


@pytest.mark.parametrize(("minutes", "late"), [(60, False), (59, True)])
async def test_r08_cancelling_from_f4_at_60_and_59_minutes(make_ctx, minutes, late):
    now = at("2026-11-24 14:00") - (at("2026-11-24 11:00") - at("2026-11-24 10:00")) * (
        minutes / 60)
    ctx = make_ctx(now.strftime("%Y-%m-%d %H:%M"))
    ids = seed(ctx, "2026-11-24 11:00", techs=("Антонов Пётр",),
               jobs=[("unstable_link", "2026-11-24 14:00", True)])
    tid = ids["tickets"][0]
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        assert grid(app).move_to(ids["techs"][0], at("2026-11-24 14:00"))
        await pilot.press("x")
        await choose(pilot, 1)  # the responsible person asked
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"уехал", "enter")
        if late:
            await wait_for(pilot, lambda: isinstance(app.screen, ChargeDialog))
            await pilot.press("enter")
            await wait_for(pilot, lambda: Charge.select().count() == 1)
        await wait_for(pilot, lambda: Ticket.get_by_id(tid).status == "cancelled")
        ticket = Ticket.get_by_id(tid)
        assert (ticket.cancel_reason, ticket.cancelled_by) == ("уехал", "responsible")
        assert Charge.select().count() == (1 if late else 0)


async def test_d08_a_technicians_week_off_from_f4_re_plans_his_visits(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ids = seed(ctx, "2026-11-24 11:00", techs=("Антонов Пётр", "Борисов Иван"),
               jobs=[("unstable_link", "2026-11-25 12:00", True)])
    tid = ids["tickets"][0]
    assert Ticket.get_by_id(tid).planned_technician_id == ids["techs"][0]
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, TechniciansScreen)
                       and app.screen.query_one(LineTable).row_count == 2)
        app.screen.query_one(LineTable).move_cursor(ids["techs"][0])
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"01.12.2026..25.11.2026", "enter")
        await wait_for(pilot, lambda: "раньше, чем начинается" in str(
            app.screen.query_one("#reason-error").render()))
        app.screen.query_one("#reason").value = "25.11.2026..01.12.2026"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog)
                       and app.screen.query_one("#reason").value == "")
        await pilot.press(*"отпуск", "enter")
        await wait_for(pilot, lambda: TechnicianDayOff.select().count() == 7)
        await wait_for(pilot, lambda: Ticket.get_by_id(tid).planned_technician_id
                       == ids["techs"][1])
        assert Ticket.get_by_id(tid).eta_start == at("2026-11-25 12:00")
        # d deactivates Борисов: the visit has nobody left that day and moves on.
        await wait_for(pilot, lambda: isinstance(app.screen, TechniciansScreen))
        app.screen.query_one(LineTable).move_cursor(ids["techs"][1])
        await pilot.press("d")
        await wait_for(pilot, lambda: not Technician.get_by_id(ids["techs"][1]).active)
        await wait_for(pilot, lambda: Ticket.get_by_id(tid).eta_start.date()
                       == date(2026, 12, 2))
        await settle(pilot)
