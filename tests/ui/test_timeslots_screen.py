"""F4 as a dispatcher uses it: days, the grid, booking, moving, on site (Pilot, 160x48)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from console.app import ConsoleApp
from console.db import open_database
from console.models import Contract, Notification, Technician, TechnicianDayOff, Ticket, Visit
from console.screens.dialogs import ChoiceDialog, InfoDialog, ReasonDialog
from console.screens.notify import NotifyScreen
from console.screens.timeslots import TimeslotsScreen
from console.services import tickets
from console.widgets.slot_grid import SlotGrid
from tests.ui.pilot_helpers import settle, wait_for

MSK = ZoneInfo("Europe/Moscow")
SIZE = (160, 48)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MSK)


def seed(ctx, now: str, techs=("Антонов Пётр", "Борисов Иван"), jobs=()) -> dict:
    """Technicians and tickets ((task, desired, told) each), created through the services."""
    db = open_database(ctx.db_target)
    contract = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                               first_name="Иван", surname_key="иванов", balance_kopecks=100000,
                               address="г. Москва, ул. Профсоюзная, д. 12, кв. 34")
    ids = {"techs": [Technician.create(name=name).id for name in techs], "tickets": []}
    for task, desired, told in jobs:
        form = tickets.NewTicket(
            contract_id=contract.id, task_type=task, description="нет связи",
            responsible_name="Иванов Иван", contact_phone="+79031234567",
            contact_is_mobile=True, desired_at=at(desired or now),
            intercom_code="12", no_intercom=False, billable_agreed=True)
        out = tickets.create_ticket(form, operator="t", calendar=ctx.calendar, now=at(now),
                                    tell=told)
        ids["tickets"].append(out.ticket_id)
    db.close()
    return ids


def grid(app) -> SlotGrid:
    return app.screen.query_one(SlotGrid)


def day_text(app) -> str:
    return str(app.screen.query_one("#slots-day").render())


def detail(app) -> str:
    return str(app.screen.query_one("#slots-detail").render())


async def open_f4(pilot) -> None:
    await pilot.press("f4")
    await settle(pilot)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TimeslotsScreen)
                   and grid(pilot.app).day is not None)


async def test_r04_d01_navigation_across_the_holiday_week(make_ctx):
    ctx = make_ctx("2026-12-28 11:00")
    seed(ctx, "2026-12-28 11:00")
    app = ConsoleApp(ctx)
    seen = {}
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        for _ in range(15):  # 28.12.2026 .. 12.01.2027
            day = grid(app).day
            seen[day.day] = day_text(app)
            await pilot.press("right_square_bracket")
            await wait_for(pilot, lambda d=day.day: grid(app).day.day != d)
        seen[grid(app).day.day] = day_text(app)
        assert "рабочий день" in seen[date(2026, 12, 30)]
        assert "Выходной (перенесено с 04.01.2026)" in seen[date(2026, 12, 31)]
        assert "Новогодние каникулы" in seen[date(2027, 1, 1)]
        assert "Рождество Христово" in seen[date(2027, 1, 7)]
        assert "выходной" in seen[date(2027, 1, 9)]
        assert "рабочий день" in seen[date(2027, 1, 11)]
        assert "В нерабочий день выездов нет" in seen[date(2027, 1, 5)]
        await pilot.press("ctrl+left")
        await wait_for(pilot, lambda: grid(app).day.day == date(2027, 1, 11))
        await pilot.press("t")
        await wait_for(pilot, lambda: grid(app).day.day == date(2026, 12, 28))
        # g with a date as in the ticket form: a working Saturday shows as a working day.
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"01.11.2025", "enter")
        await wait_for(pilot, lambda: grid(app).day is not None
                       and grid(app).day.day == date(2025, 11, 1))
        assert "Суббота 01.11.2025 · рабочая суббота" in day_text(app)
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"завтра", "enter")
        await wait_for(pilot, lambda: grid(app).day.day == date(2026, 12, 29))


async def test_grid_shows_visits_days_off_and_booked_time(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ids = seed(ctx, "2026-11-24 11:00",
               jobs=[("unstable_link", "2026-11-24 12:00", True)])
    db = open_database(ctx.db_target)
    TechnicianDayOff.create(technician=ids["techs"][1], day=date(2026, 11, 24),
                            reason="больничный")
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        g = grid(app)
        lines = [g.render_line(y).text for y in range(0, 5)]
        assert "10:30" in lines[0] and "16:30" in lines[0]
        assert f"№{ids['tickets'][0]}" in lines[1] and "Профсоюзная 12-34" in lines[2]
        assert "◼1:00 ◻5:30" in lines[2]
        assert "не работает: больничный" in lines[3]
        assert g.cell_minutes == 15
        # Enter on the visit shows the ticket: address, phones, intercom, what was told.
        assert g.move_to(ids["techs"][0], at("2026-11-24 12:15"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InfoDialog))
        shown = str(app.screen.query_one(".dialog-title").render())
        assert f"№{ids['tickets'][0]}" in shown
        await pilot.press("escape")


async def test_d08_booking_from_a_free_cell_pins_the_visit(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ids = seed(ctx, "2026-11-24 11:00", jobs=[("unstable_link", "2026-11-25 11:00", False)])
    app = ConsoleApp(ctx)
    tid = ids["tickets"][0]
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        await wait_for(pilot, lambda: app.state.get("queue") is not None)
        # A cell already past (10:30 at 11:00) is not offered: said so, no list to pick from.
        assert grid(app).move_to(ids["techs"][1], at("2026-11-24 10:30"))
        await settle(pilot)
        assert "прошло" in detail(app) and "свободно" not in detail(app)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceDialog)
        # 16:30: an hour's work would end at 17:30, after the window (R3): nothing offered.
        assert grid(app).move_to(ids["techs"][1], at("2026-11-24 16:30"))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceDialog)
        assert any("не помещается" in str(n.message) for n in app._notifications)
        assert grid(app).move_to(ids["techs"][1], at("2026-11-24 14:00"))
        await settle(pilot)
        assert "свободно" in detail(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # the best (only) ticket
        await wait_for(pilot, lambda: Ticket.get_by_id(tid).pinned)
        ticket = Ticket.get_by_id(tid)
        assert ticket.planned_technician_id == ids["techs"][1]
        assert ticket.eta_start.astimezone(MSK) == at("2026-11-24 14:00")
        await wait_for(pilot, lambda: any(v.ticket_id == tid and v.status == "pinned"
                                          for v in grid(app).day.visits))


async def test_d09_a_refused_overlapping_move_and_an_accepted_one_that_notifies(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ids = seed(ctx, "2026-11-24 11:00", techs=("Антонов Пётр",),
               jobs=[("unstable_link", "2026-11-24 12:00", True),
                     ("unstable_link", "2026-11-24 14:00", False)])
    first, second = ids["tickets"]
    tech = ids["techs"][0]
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        # Pin the second at 14:00 (book it where it stands), then try to move the first over it.
        assert grid(app).move_to(tech, at("2026-11-24 14:00"))
        await pilot.press("m")
        await pilot.press("enter")
        await wait_for(pilot, lambda: Ticket.get_by_id(second).pinned)
        await settle(pilot)
        assert grid(app).move_to(tech, at("2026-11-24 12:00"))
        await pilot.press("m")
        assert "Перенос" in detail(app)
        assert grid(app).move_to(tech, at("2026-11-24 13:30"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: "уже есть выезд" in detail(app))
        assert f"№{second}" in detail(app)
        assert Ticket.get_by_id(first).eta_start.astimezone(MSK) == at("2026-11-24 12:00")
        # Accepted: to 15:00, more than an hour from the told 12:00 -> the notify list (D9).
        await settle(pilot)
        assert grid(app).move_to(tech, at("2026-11-24 12:00"))
        await pilot.press("m")
        assert grid(app).move_to(tech, at("2026-11-24 15:00"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, NotifyScreen))
        assert Notification.get(Notification.ticket == first).status == "pending"
        assert Ticket.get_by_id(first).eta_start.astimezone(MSK) == at("2026-11-24 15:00")


async def test_d08_on_site_and_an_overrun_pushes_the_next_visit(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ids = seed(ctx, "2026-11-24 11:00", techs=("Антонов Пётр",),
               jobs=[("unstable_link", "2026-11-24 11:00", False),
                     ("unstable_link", "2026-11-24 12:00", True)])
    first, second = ids["tickets"]
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        assert grid(app).move_to(ids["techs"][0], at("2026-11-24 11:00"))
        await pilot.press("s")
        await wait_for(pilot, lambda: Ticket.get_by_id(first).status == "in_progress")
        assert Visit.get(Visit.ticket == first).started_at.astimezone(MSK) == at(
            "2026-11-24 11:00")
        await wait_for(pilot, lambda: any(v.status == "in_progress" for v in grid(app).day.visits))
        # 13:20, the technician still there: the next visit moves on, its client is notified.
        ctx.clock.advance(at("2026-11-24 13:20") - at("2026-11-24 11:00"))
        app.replan()
        await wait_for(pilot, lambda: Ticket.get_by_id(second).eta_start.astimezone(MSK)
                       == at("2026-11-24 13:30"))
        await wait_for(pilot, lambda: isinstance(app.screen, NotifyScreen)
                       or Notification.select().count() == 1)
        assert Notification.get().ticket_id == second


async def test_r04_a_visit_left_under_way_yesterday_is_not_under_the_cursor_on_a_day_off(
        make_ctx):
    """30.12.2026 a visit started and nobody closed it; on 31.12 (a day off) the planner keeps
    the technician busy into that day, but a day off shows and offers no visit (R4): the day
    close lists it instead."""
    ctx = make_ctx("2026-12-30 11:00")
    ids = seed(ctx, "2026-12-30 11:00", techs=("Антонов Пётр",),
               jobs=[("unstable_link", "2026-12-30 11:00", False)])
    (ticket,) = ids["tickets"]
    db = open_database(ctx.db_target)
    tickets.start_visit(ticket, version=None, operator="t", calendar=ctx.calendar,
                        now=at("2026-12-30 11:00"))
    db.close()
    ctx.clock.advance(at("2026-12-31 16:40") - at("2026-12-30 11:00"))
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        assert grid(app).day.day == date(2026, 12, 31) and not grid(app).day.working
        for cell in ("2026-12-31 10:30", "2026-12-31 13:00", "2026-12-31 16:30"):
            assert grid(app).move_to(ids["techs"][0], at(cell))
            await pilot.pause()
            assert grid(app).visit is None
            assert f"№{ticket}" not in detail(app)
            assert "В нерабочий день выездов нет (R4)." in detail(app)
        await pilot.press("left_square_bracket")  # 30.12: the visit is there, under way
        await wait_for(pilot, lambda: grid(app).day.day == date(2026, 12, 30))
        assert grid(app).move_to(ids["techs"][0], at("2026-12-30 11:00"))
        await pilot.pause()
        assert grid(app).visit is not None and grid(app).visit.ticket_id == ticket


async def test_the_cursor_keeps_its_time_when_a_narrower_terminal_halves_the_cells(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ids = seed(ctx, "2026-11-24 11:00")
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f4(pilot)
        g = grid(app)
        assert g.cell_minutes == 15 and g.move_to(ids["techs"][1], at("2026-11-24 16:45"))
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert g.cell_minutes == 30
        assert g.cursor_time == at("2026-11-24 16:30")  # the half hour holding 16:45
        assert "16:30" in detail(app) and "23:00" not in detail(app)
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert g.cell_minutes == 15 and g.cursor_time == at("2026-11-24 16:30")
