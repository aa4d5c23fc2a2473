"""F6 as a dispatcher uses it: the list with time left, answer, out of scope, a ticket taken
through F2's form, a question typed by hand, and the inbox picked up while the app runs."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input, OptionList, TextArea

import console.app
from console.app import ConsoleApp
from console.db import open_database
from console.models import Contract, ContractPhone, HelpDeskQuestion, Ticket
from console.screens.helpdesk import HelpDeskScreen
from console.screens.helpdesk_dialogs import HelpDeskTicketScreen, QuestionForm, ReplyDialog
from console.services import helpdesk
from console.widgets.ticket_form import TicketForm
from tests.ui.pilot_helpers import settle, status, wait_for

MSK = ZoneInfo("Europe/Moscow")
SIZE = (160, 48)
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)


@pytest.fixture
def ctx(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    contract = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                               first_name="Иван", surname_key="иванов", balance_kopecks=1000)
    ContractPhone.create(contract=contract, e164="+79031234567", is_mobile=True)
    for received, text in ((datetime(2026, 11, 20, 12, tzinfo=MSK), "Старый [вопрос]"),
                           (datetime(2026, 11, 24, 10, tzinfo=MSK), "Новый вопрос")):
        helpdesk.add_question("10000001", "Тема", text, received, operator="t",
                              calendar=ctx.calendar, now=NOW)
    db.close()
    return ctx


def rows(app):
    table = app.screen.query_one("#hd-table")
    return [table.get_row(k) for k in table._keys]


def question(ctx, text):
    db = open_database(ctx.db_target)
    try:
        return HelpDeskQuestion.get(HelpDeskQuestion.body == text)
    finally:
        db.close()


async def open_f6(pilot):
    await pilot.press("f6")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HelpDeskScreen)
                   and pilot.app.state.get("helpdesk") is not None)
    await settle(pilot)


async def test_r05_d11_questions_by_due_time_with_time_left_and_overdue_marked(ctx):
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f6(pilot)
        listed = rows(app)
        assert [r[2] for r in listed] == ["просрочено на 7 ч 0 мин", "осталось 7 ч 0 мин"]
        table = app.screen.query_one("#hd-table")
        assert table._row_styles.get(table._keys[0]) == "alert"
        assert table._row_styles.get(table._keys[1]) is None
        assert status(app, "sb-helpdesk") == "HelpDesk просрочено: 1"


async def test_r05_answering_keeps_the_text_and_the_question_leaves_the_waiting_list(ctx):
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f6(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyDialog))
        app.screen.query_one(TextArea).text = "Перезагрузите роутер"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(rows(app)) == 1)
        assert status(app, "sb-helpdesk") == "HelpDesk просрочено: 0"
        await pilot.press("h")  # every question: the answered one shows how it was handled
        await wait_for(pilot, lambda: len(rows(app)) == 2)
        assert rows(app)[0][6] == "дан ответ"
    q = question(ctx, "Старый [вопрос]")
    assert q.answer == "Перезагрузите роутер" and q.answered_by.login == "tester"


async def test_r02_out_of_scope_offers_the_referral_text(ctx):
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f6(pilot)
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ReplyDialog))
        assert "расчётный" in app.screen.query_one(TextArea).text
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(rows(app)) == 1)
    assert question(ctx, "Старый [вопрос]").reaction == "out_of_scope"


async def test_d11_a_ticket_taken_from_a_question_through_f2s_form(ctx):
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f6(pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpDeskTicketScreen))
        form = app.screen.query_one(TicketForm)
        assert form.query_one("#tf-description", Input).value == "Тема: Старый [вопрос]"
        assert form.query_one("#tf-responsible", Input).value == "Иванов Иван"
        assert form.query_one("#tf-phone", Input).value == "+79031234567"
        options = form.query_one("#tf-type", OptionList)
        codes = [tt.code for tt in form.types]
        options.highlighted = codes.index("consultation")
        await pilot.press("enter")
        # No visit and nobody on the line: no intercom code, no R7 read-out is asked for.
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpDeskScreen))
        await wait_for(pilot, lambda: len(rows(app)) == 1)
    q = question(ctx, "Старый [вопрос]")
    db = open_database(ctx.db_target)
    ticket = Ticket.get()
    db.close()
    assert ticket.r7_read == ""  # never recorded as read out when it was not
    assert q.reaction == "ticket" and q.ticket_id == ticket.id and ticket.channel == "helpdesk"
    assert f"№{ticket.id}" in q.answer and ticket.description == "Тема: Старый [вопрос]"


async def test_r05_a_question_typed_in_by_hand(ctx):
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f6(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, QuestionForm))
        form = app.screen
        form.query_one("#qf-contract", Input).value = "10000001"
        form.query_one("#qf-received", Input).value = "24.12 10:30"  # no year: last December
        form.query_one("#qf-text", TextArea).text = "   "
        await pilot.press("ctrl+s")
        await pilot.pause()
        # Refused inside the form, in Russian, with what was typed kept.
        assert app.screen is form
        assert str(form.query_one("#qf-error").render()) == "поле Вопрос пустое"
        form.query_one("#qf-text", TextArea).text = "Вопрос с сайта, записан вручную"
        form.query_one("#qf-received", Input).value = "25.11.2026 10:30"  # tomorrow
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert str(form.query_one("#qf-error").render()) == (
            "Вопрос не может быть получен в будущем")
        assert form.query_one("#qf-contract", Input).value == "10000001"
        form.query_one("#qf-received", Input).value = "24.11.2026 10:30"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(rows(app)) == 3)
    assert question(ctx, "Вопрос с сайта, записан вручную").source == "hand"


async def test_r05_the_inbox_is_picked_up_while_the_console_runs(ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(console.app, "INBOX_SECONDS", 0.2)
    inbox = tmp_path / "inbox"
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_f6(pilot)
        inbox.mkdir()
        (inbox / "web.json").write_text(json.dumps([
            {"id": "w-1", "contract": "10000001", "received_at": "2026-11-24T10:45:00+03:00",
             "subject": "Из кабинета", "text": "Вопрос из файла"},
            {"id": "w-2", "contract": "10000001", "received_at": "not a time",
             "subject": "", "text": "x"},
        ]), encoding="utf-8")
        await wait_for(pilot, lambda: len(rows(app)) == 3, timeout=15)
        assert any(r[5] == "Из кабинета" for r in rows(app))
    assert (inbox / "failed" / "web.json").exists()
    assert "запись 2 (id 'w-2')" in (inbox / "failed" / "web.json.error.txt").read_text(
        encoding="utf-8")


async def test_r05_a_long_question_scrolls_in_its_detail_on_a_small_terminal(ctx):
    from textual.containers import VerticalScroll

    from console.screens.dialogs import InfoDialog

    long_text = "\n".join(f"Строка {i}: роутер перезагружается сам" for i in range(60))
    db = open_database(ctx.db_target)
    helpdesk.add_question("10000001", "Длинный", long_text, NOW, operator="t",
                          calendar=ctx.calendar, now=NOW)
    db.close()
    app = ConsoleApp(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_f6(pilot)
        table = app.screen.query_one("#hd-table")
        table.move_cursor(next(k for k in table._keys if "Длинный" in str(table.get_row(k))))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, InfoDialog))
        scroll = app.screen.query_one(VerticalScroll)
        assert app.focused is scroll
        await pilot.press("end")
        await settle(pilot)
        assert scroll.scroll_y > 0 and scroll.scroll_y == scroll.max_scroll_y
        assert "Строка 59" in app.export_screenshot().replace("&#160;", " ")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HelpDeskScreen)
