"""R8/D10: the moment of notice, with the clock running (issue 7, point 12).

The notice is given when the client said it: during a call, the call's start; otherwise the
minute the dispatcher opened the cancellation; compared at minute resolution.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.app import ConsoleApp
from console.db import open_database
from console.models import Charge, Contract, Technician, Ticket
from console.rules.validation import R7_CHECKLIST
from console.screens.dialogs import ChargeDialog, ChoiceDialog, ReasonDialog
from console.services import tickets
from console.widgets.line_table import LineTable
from tests.ui.pilot_helpers import settle, wait_for

MSK = ZoneInfo("Europe/Moscow")
SIZE = (160, 48)
TOLD = datetime(2026, 11, 24, 14, 30, tzinfo=MSK)


def told_for_14_30(ctx) -> int:
    db = open_database(ctx.db_target)
    c = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                        surname_key="иванов", balance_kopecks=100000)
    Technician.create(name="Сидоров Пётр")
    created = TOLD.replace(hour=11, minute=0)
    new = tickets.NewTicket(
        contract_id=c.id, task_type="no_link", description="нет связи",
        responsible_name="Иванов Иван", contact_phone="+79031234567", contact_is_mobile=True,
        desired_at=TOLD, intercom_code="12", no_intercom=False, billable_agreed=False,
        r7_read=(created,) * len(R7_CHECKLIST))
    out = tickets.create_and_tell(new, operator="t", calendar=ctx.calendar, now=created)
    assert out.eta_start == TOLD
    db.close()
    return out.ticket_id


async def cancel_slowly(pilot, ticket_id: int) -> None:
    """x, then a couple of seconds of typing while the clock runs, then Enter, the client."""
    await pilot.press("f3")
    await settle(pilot)
    pilot.app.screen.query_one(LineTable).move_cursor(ticket_id)
    await pilot.press("x")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReasonDialog))
    await pilot.pause(1.5)  # the running clock passes into the next second (or minute)
    await pilot.press(*"решили сами", "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
    await pilot.press("enter")


@pytest.mark.parametrize(("start", "charged"), [
    ("2026-11-24 13:29", False),  # 61 minutes before: free
    ("2026-11-24 13:30", False),  # exactly 60 minutes, though seconds pass while typing: free
    ("2026-11-24 13:31", True),   # 59 minutes: item 1.1
])
async def test_r08_d10_notice_is_the_minute_the_cancellation_was_opened(make_ctx, start,
                                                                        charged):
    ctx = make_ctx(start, frozen=False)  # the clock runs, as at a real console
    ticket_id = told_for_14_30(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await cancel_slowly(pilot, ticket_id)
        if charged:
            await wait_for(pilot, lambda: isinstance(app.screen, ChargeDialog))
            await pilot.press("enter")
            await wait_for(pilot, lambda: Charge.select().count() == 1)
        else:
            await wait_for(pilot, lambda: Ticket.get_by_id(ticket_id).status == "cancelled")
            assert Charge.select().count() == 0
        ticket = Ticket.get_by_id(ticket_id)
        assert ticket.status == "cancelled" and ticket.cancelled_by == "client"


async def test_r08_d10_during_a_call_notice_is_the_calls_start(make_ctx):
    ctx = make_ctx("2026-11-24 13:29")  # the client calls at 13:29 ...
    ticket_id = told_for_14_30(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")  # the call starts when the phone rings
        await settle(pilot)
        app.ctx.clock.advance(timedelta(minutes=3))  # ... and is verified at 13:32
        await cancel_slowly(pilot, ticket_id)
        await wait_for(pilot, lambda: Ticket.get_by_id(ticket_id).status == "cancelled")
        assert Charge.select().count() == 0


async def test_r08_d10_the_responsible_person_cancelling_is_recorded(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ticket_id = told_for_14_30(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        app.screen.query_one(LineTable).move_cursor(ticket_id)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"не сможет принять", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: Ticket.get_by_id(ticket_id).status == "cancelled")
        assert Ticket.get_by_id(ticket_id).cancelled_by == "responsible"


async def test_r08_d10_backing_out_of_who_asks_cancels_nothing(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ticket_id = told_for_14_30(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        app.screen.query_one(LineTable).move_cursor(ticket_id)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"не сможет принять", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("escape")
        await settle(pilot)
        assert Ticket.get_by_id(ticket_id).status == "open"
