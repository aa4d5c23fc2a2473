"""D14: every dialog that takes typed text autosaves it as a draft; a console that dies with
the dialog open has its text offered back at the next start, in the same dialog."""

from __future__ import annotations

from console.app import ConsoleApp
from console.db import open_database
from console.models import Draft, Ticket
from console.screens.dialogs import ChoiceDialog, ReasonDialog
from tests.ui.pilot_helpers import settle, wait_for
from tests.ui.test_queue_screen import SIZE, seed


def drafts_of(ctx) -> list[tuple[str, str]]:
    db = open_database(ctx.db_target)
    try:
        return [(d.console, d.form) for d in Draft.select()]
    finally:
        db.close()


async def test_d14_a_reason_typed_into_a_dialog_survives_the_console_and_comes_back(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    a, _b = seed(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("x")  # cancel the ticket under the cursor: a reason is asked
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"клиент уехал на дачу")
        await wait_for(pilot, lambda: len(drafts_of(ctx)) == 1, timeout=6)
        console, form = drafts_of(ctx)[0]
        assert console == ctx.console_id and form.startswith("dialog:ReasonDialog:")
        # The terminal is closed with the dialog open (no answer, no Esc).
    first = ctx.console_id
    ctx.console_id = "restarted"
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        # The start says what waits, and where.
        await wait_for(pilot, lambda: any("«Отмена №1»" in str(n.message)
                                          for n in app._notifications), timeout=6)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        field = app.screen.query_one("#reason")
        await wait_for(pilot, lambda: field.value == "клиент уехал на дачу")
        assert drafts_of(ctx) == [("restarted", drafts_of(ctx)[0][1])]  # this console's now
        await pilot.press("enter")  # the reason given: who asks comes next
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await settle(pilot)
        await wait_for(pilot, lambda: drafts_of(ctx) == [])  # answered: nothing to offer
    assert first != ctx.console_id
    db = open_database(ctx.db_target)
    try:
        assert Ticket.get_by_id(a).status == "cancelled"
    finally:
        db.close()


async def test_d14_a_dialog_backed_out_of_leaves_no_draft(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    seed(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"передумал")
        await wait_for(pilot, lambda: len(drafts_of(ctx)) == 1, timeout=6)
        await pilot.press("escape")
        await settle(pilot)
        await wait_for(pilot, lambda: drafts_of(ctx) == [])

