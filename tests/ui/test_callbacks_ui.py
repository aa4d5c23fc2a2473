"""Callbacks as work in the console: booked, due (toast, status bar), opened from F3, closed."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.app import ConsoleApp
from console.db import open_database
from console.models import Call, Contract, ContractPhone, Technician, Ticket
from console.screens.call import CallScreen
from console.screens.dialogs import ChoiceDialog, ReasonDialog
from console.services import callbacks
from console.widgets.contract_card import ContractCardView
from console.widgets.line_table import LineTable
from tests.ui.pilot_helpers import settle, status, status_bar, wait_for

MSK = ZoneInfo("Europe/Moscow")
SIZE = (160, 48)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MSK)


@pytest.fixture
def callback_app(make_ctx):
    """A callback to Иванов due at 11:00, and the console at 11:00."""
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    c = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                        first_name="Иван", surname_key="иванов", balance_kopecks=125000,
                        address="г. Москва, ул. Тверская, д. 1")
    ContractPhone.create(contract=c, e164="+74992456777", is_mobile=False)
    ContractPhone.create(contract=c, e164="+79031112233", is_mobile=True)
    Technician.create(name="Сидоров Пётр")
    outcome = callbacks.book_callback(
        callbacks.NewCallback(c.id, at("2026-11-24 11:00"), "+79031112233", "проверить скорость"),
        operator="t", calendar=ctx.calendar, now=at("2026-11-24 10:30"))
    db.close()
    return ConsoleApp(ctx), outcome.ticket_id


def notes(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def open_from_f3(pilot, ticket_id: int) -> None:
    app = pilot.app
    await pilot.press("f3")
    await wait_for(pilot, lambda: app.screen.query_one(LineTable).row_count == 1)
    app.screen.query_one(LineTable).move_cursor(ticket_id)
    await pilot.press("o")
    await wait_for(pilot, lambda: isinstance(app.screen, CallScreen)
                   and app.screen.callback is not None)


async def test_r15_a_due_callback_toasts_counts_and_shows_its_time_in_f3(callback_app):
    app, tid = callback_app
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Пора перезвонить" in notes(app))
        assert "проверить скорость" in notes(app) and "+7 903 111-22-33" in notes(app)
        assert "Перезвонить: 1" in status(app, "sb-callbacks")
        await pilot.press("f3")
        await wait_for(pilot, lambda: app.screen.query_one(LineTable).row_count == 1)
        assert "☎ 24.11 11:00" in app.screen.query_one(LineTable).get_row(tid)


async def test_r15_o_in_f3_starts_the_callback_with_the_contract_verified(callback_app):
    app, tid = callback_app
    async with app.run_test(size=SIZE) as pilot:
        await open_from_f3(pilot, tid)
        screen = app.screen
        call = Call.get()
        assert call.direction == "out" and call.verified and call.callback_ticket_id == tid
        assert screen.card is not None and screen.card.number == "10000001"
        assert "Тверская" in str(screen.query_one(ContractCardView).render())
        assert "+7 903 111-22-33" in str(screen.query_one("#call-callback").render())
        assert "Консультация разрешена" in str(screen.query_one("#call-verdict").render())


async def test_r15_an_unreachable_callback_comes_back_in_15_minutes(callback_app):
    app, tid = callback_app
    async with app.run_test(size=SIZE) as pilot:
        await open_from_f3(pilot, tid)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "down", "enter")  # unreachable
        await wait_for(pilot, lambda: Call.get().ended_at is not None)
        await settle(pilot)
        ticket = Ticket.get_by_id(tid)
        assert ticket.status == "open" and ticket.callback_attempts == 1
        assert ticket.desired_at == at("2026-11-24 11:15")
        assert Call.get().outcome == "unreachable"
        await wait_for(pilot, lambda: not status_bar(app).shown("sb-callbacks"))
        before = notes(app).count("Пора перезвонить")
        app.ctx.clock.advance(timedelta(minutes=15))
        app.state.tick()
        app.state.refresh(force=True)
        await wait_for(pilot, lambda: notes(app).count("Пора перезвонить") == before + 1)


async def test_r15_a_callback_done_closes_it(callback_app):
    app, tid = callback_app
    async with app.run_test(size=SIZE) as pilot:
        await open_from_f3(pilot, tid)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # done
        await wait_for(pilot, lambda: Ticket.get_by_id(tid).status == "done")
        assert Call.get().outcome == "solved"
        await wait_for(pilot, lambda: app.screen.started_at is None)


async def test_r15_a_rebooked_callback_moves_to_its_new_time(callback_app):
    app, tid = callback_app
    async with app.run_test(size=SIZE) as pilot:
        await open_from_f3(pilot, tid)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # re-book
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"23:00", "enter")  # outside phone hours: refused in place
        await pilot.pause()
        assert isinstance(app.screen, ReasonDialog)
        app.screen.query_one("#reason").value = "завтра 12"
        await pilot.press("enter")
        await wait_for(pilot, lambda: Call.get().ended_at is not None)
        ticket = Ticket.get_by_id(tid)
        assert ticket.desired_at == at("2026-11-25 12:00") and ticket.status == "open"
        assert Call.get().outcome == "callback"


async def test_r01_a_callback_is_not_started_outside_phone_hours(callback_app):
    app, tid = callback_app
    async with app.run_test(size=SIZE) as pilot:
        app.ctx.clock.advance(timedelta(hours=8))  # 19:00
        app.state.tick()
        await pilot.press("f3")
        await wait_for(pilot, lambda: app.screen.query_one(LineTable).row_count == 1)
        app.screen.query_one(LineTable).move_cursor(tid)
        await pilot.press("o")
        await wait_for(pilot, lambda: "10:00" in notes(app) and "18:00" in notes(app))
        assert Call.select().count() == 0


async def test_r15_starting_a_callback_looks_nothing_up(callback_app, monkeypatch):
    """The callback knows its contract: filling F2's fields with it starts no look-up (since
    the fields are watched, silencing Input.Changed no longer did that), so the call is not
    verified a second time."""
    from console.services import calls

    looked_up: list[tuple] = []
    original = calls.lookup

    def counting(*args, **kwargs):
        looked_up.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(calls, "lookup", counting)
    app, tid = callback_app
    async with app.run_test(size=SIZE) as pilot:
        await open_from_f3(pilot, tid)
        await pilot.pause(0.6)  # past the look-up's pause after typing
        await app.workers.wait_for_complete()
        assert looked_up == []
        assert app.screen.query_one("#call-number").value == "10000001"
        # Typing afterwards looks up again, as ever.
        app.screen.query_one("#call-surname").value = "Петров"
        await pilot.pause(0.6)
        await app.workers.wait_for_complete()
        assert looked_up
