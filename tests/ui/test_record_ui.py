"""The record as the dispatcher sees it (D14, R16): F3 history, interrupted calls."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from console.app import ConsoleApp
from console.db import open_database
from console.models import Call
from console.screens.dialogs import InfoDialog
from console.services import calls
from console.widgets.line_table import LineTable
from tests.ui.pilot_helpers import settle, wait_for
from tests.ui.test_r08_notice import told_for_14_30

MSK = ZoneInfo("Europe/Moscow")
SIZE = (160, 48)


async def test_d14_enter_in_f3_shows_the_tickets_history(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ticket_id = told_for_14_30(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        app.screen.query_one(LineTable).move_cursor(ticket_id)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InfoDialog))
        text = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "История" in text and "создана" in text
        assert "сообщено: приход 24.11 14:30-15:30" in text


async def test_r16_a_call_left_open_is_closed_at_start_and_the_operator_told(make_ctx):
    ctx = make_ctx("2026-11-24 12:00")
    db = open_database(ctx.db_target)
    left = calls.start_call(ctx.operator_login, datetime(2026, 11, 24, 10, 5, tzinfo=MSK), "open")
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: Call.get_by_id(left).outcome == "interrupted")
        await wait_for(pilot, lambda: any("прерванный" in str(n.message)
                                          for n in app._notifications))
        assert Call.get_by_id(left).ended_at == datetime(2026, 11, 24, 10, 5, tzinfo=MSK)


async def test_d17_a_priority_move_needs_a_reason_is_audited_and_shown_on_the_row(make_ctx):
    from console.models import AuditEvent, Ticket
    from console.screens.dialogs import ReasonDialog

    ctx = make_ctx("2026-11-24 11:00")
    ticket_id = told_for_14_30(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        table = app.screen.query_one(LineTable)
        table.move_cursor(ticket_id)
        await pilot.press("plus")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press("enter")  # no reason: refused in place
        assert isinstance(app.screen, ReasonDialog)
        await pilot.press(*"в доме больница", "enter")
        await wait_for(pilot, lambda: Ticket.get_by_id(ticket_id).priority == 1)
        await settle(pilot)
        assert Ticket.get_by_id(ticket_id).priority_reason == "в доме больница"
        assert AuditEvent.select().where(AuditEvent.action == "priority_changed").count() == 1
        detail = str(app.screen.query_one("#queue-detail").render())
        assert "вместо класса 2: в доме больница" in detail
        row = app.state.get("queue").by_id()[ticket_id]
        assert row.class_priority == 2 and row.priority == 1
