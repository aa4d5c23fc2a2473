"""F2 over a working day: drafts, quitting mid-call (issue: a whole day without a misstep)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from console.db import open_database
from console.models import Call, Draft, Ticket
from console.screens.call import CallScreen
from console.screens.dialogs import ChoiceDialog
from console.services import drafts
from console.widgets.ticket_form import TicketForm
from tests.ui.pilot_helpers import settle, wait_for
from tests.ui.test_call_screen import SIZE, start_and_verify

MSK = ZoneInfo("Europe/Moscow")


def leave_draft(app, number: str, surname: str, description: str) -> None:
    db = open_database(app.ctx.db_target)
    drafts.save_draft("tester", "ticket", {
        "number": number, "surname": surname,
        "form": {"task_type": "no_link", "tf-description": description},
    }, datetime(2026, 11, 24, 10, 50, tzinfo=MSK))
    db.close()


def notes(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def test_d14_another_contracts_draft_is_never_swapped_into_a_verified_call(app_at):
    app = app_at()
    leave_draft(app, "10000002", "Ёлкина", "чужой черновик")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one("#call-draft").display)  # between calls
        await start_and_verify(pilot, "10000001", "Иванов")
        assert not app.screen.query_one("#call-draft").display  # not offered during this call
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert "после этого звонка" in notes(app)
        screen = app.screen
        assert screen.card is not None and screen.card.number == "10000001"
        assert screen.query_one("#call-number").value == "10000001"
        assert not any(f.display for f in screen.query(TicketForm))
        assert Draft.select().count() == 1  # kept for later


async def test_d14_the_same_contracts_draft_restores_into_the_verified_call(app_at):
    app = app_at()
    leave_draft(app, "100-000-01", "Иванов", "мигает роутер")
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "иванов")
        assert app.screen.query_one("#call-draft").display
        await pilot.press("ctrl+d")
        await settle(pilot)
        form = app.screen.query_one(TicketForm)
        assert form.display and form.query_one("#tf-description").value == "мигает роутер"
        assert app.screen.query_one("#call-surname").value == "иванов"  # as the caller said it


async def test_d14_a_draft_is_deleted_when_its_ticket_is_saved(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+t", "enter", *"нет связи", "tab", *"завтра 11", "tab", *"12")
        await pilot.pause(1.2)  # an autosave is written
        await settle(pilot)
        assert Draft.select().count() == 1
        await pilot.press("ctrl+r", "ctrl+r", "ctrl+r", "ctrl+s")
        await wait_for(pilot, lambda: Ticket.select().count() == 1)
        await pilot.pause(1.2)  # no late autosave revives it
        await settle(pilot)
        assert Draft.select().count() == 0
        assert not app.screen.query_one("#call-draft").display


async def test_r16_ctrl_q_during_a_call_asks_and_ends_it_as_interrupted(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("escape")  # back: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, CallScreen) and Call.get().ended_at is None
        # The palette's "Quit" asks the same question (it quit at once, the call left open).
        quit_command = next(c for c in app.get_system_commands(app.screen)
                            if c.title == "Выход")
        quit_command.callback()
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert app.is_running
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("end", "enter")  # end as interrupted and quit
        await wait_for(pilot, lambda: Call.get().ended_at is not None)
        assert Call.get().outcome == "interrupted"
        await wait_for(pilot, lambda: not app.is_running)


async def test_r16_ctrl_q_can_end_the_call_with_its_outcome_first(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("f3", "ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # with its outcome
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog)
                       and "закончился" in str(app.screen.query_one(".dialog-title").render()))
        await pilot.press("enter")  # solved
        await wait_for(pilot, lambda: Call.get().ended_at is not None)
        assert Call.get().outcome == "solved"
        await wait_for(pilot, lambda: not app.is_running)


async def test_ctrl_q_without_a_call_quits_at_once(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: not app.is_running)
    assert Call.select().count() == 0


async def test_r15_the_15_minute_prompt_opens_the_ticket_form_or_the_callback(app_at):
    from datetime import timedelta

    from console.screens.callback_dialog import CallbackDialog

    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        app.ctx.clock.advance(timedelta(minutes=15))
        app.state.tick()
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # a visit
        await wait_for(pilot, lambda: any(f.display for f in app.screen.query(TicketForm)))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")  # close, keep the draft
        app.screen.prompted_15 = False
        app.ctx.clock.advance(timedelta(seconds=1))
        app.state.tick()
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # a callback
        await wait_for(pilot, lambda: isinstance(app.screen, CallbackDialog))
