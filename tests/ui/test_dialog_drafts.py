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



async def test_d14_a_reply_draft_comes_back_only_to_the_question_it_answers(make_ctx):
    """Two F6 answers share a title ("Ответ клиенту"): the draft is keyed by what the dialog
    shows too, so it never lands in the answer to another question."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from textual.widgets import TextArea

    from console.models import Contract
    from console.screens.helpdesk_dialogs import ReplyDialog
    from console.services import helpdesk

    msk = ZoneInfo("Europe/Moscow")
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                    surname_key="иванов", balance_kopecks=1000)
    for hour, text in ((9, "Первый вопрос"), (10, "Второй вопрос")):
        helpdesk.add_question("10000001", "Тема", text, datetime(2026, 11, 24, hour, tzinfo=msk),
                              operator="t", calendar=ctx.calendar,
                              now=datetime(2026, 11, 24, 11, tzinfo=msk))
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("a")  # the first question (due first)
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyDialog))
        assert "Первый вопрос" in str(app.screen.query_one(".question").render())
        app.screen.query_one(TextArea).focus()
        await pilot.press(*"перезагрузите роутер")
        await wait_for(pilot, lambda: len(drafts_of(ctx)) == 1, timeout=6)
    ctx.console_id = "restarted"
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("down", "a")  # the second question: nothing of the first's draft
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyDialog))
        assert "Второй вопрос" in str(app.screen.query_one(".question").render())
        await settle(pilot)
        await pilot.pause(0.3)
        assert app.screen.query_one(TextArea).text == ""
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("up", "a")  # the first question: its draft is back
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyDialog))
        await wait_for(pilot, lambda: app.screen.query_one(TextArea).text
                       == "перезагрузите роутер")
