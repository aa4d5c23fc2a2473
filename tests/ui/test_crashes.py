"""Keys typed in one burst never end the console, and nothing unexpected does either.

Each crash was met by a dispatcher (issue: a double Enter, Enter in a form field, Ctrl+P and
PageUp at once). The keys go in as ONE burst (`burst`): queued before the first is handled.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from console.app import ConsoleApp
from console.models import AuditEvent, Call, Ticket
from console.screens.call import CallScreen
from console.screens.dialogs import ChoiceDialog, ReasonDialog
from console.screens.queue import QueueScreen
from console.widgets.line_table import LineTable
from console.widgets.ticket_form import TicketForm
from tests.ui.pilot_helpers import burst, settle, wait_for
from tests.ui.test_call_screen import SIZE, start_and_verify
from tests.ui.test_queue_screen import seed as seed_queue


@pytest.fixture
def queue_app(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    a, b = seed_queue(ctx)
    return ConsoleApp(ctx), ctx, a, b


async def test_enter_in_what_is_wrong_moves_to_the_next_field(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+t", "enter", *"нет связи", "enter")
        form = app.screen.query_one(TicketForm)
        assert app.focused is form.query_one("#tf-desired")
        await pilot.press(*"завтра 11")
        await burst(pilot, "enter", "enter")  # a double tap
        await settle(pilot)
        assert form.query_one("#tf-description").value == "нет связи"
        assert form.query_one("#tf-desired").value == "завтра 11"
        assert isinstance(app.screen, CallScreen) and form.display


async def test_double_enter_on_the_call_outcome_list_ends_the_call_once(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        # Verified in service hours: "solved by phone" is offered first (R4, R13), so the first
        # Enter ends the call and the second must not reach anything.
        await start_and_verify(pilot, "10000001", "Иванов")
        await burst(pilot, "ctrl+e", "enter", "enter")
        await settle(pilot)
        assert Call.select().count() == 1 and Call.get().ended_at is not None
        ended = AuditEvent.select().where(AuditEvent.action == "call_ended").count()
        assert ended == 1
        assert isinstance(app.screen, CallScreen)


async def test_double_enter_on_the_reason_dialog_changes_the_priority_once(queue_app):
    app, _ctx, a, _b = queue_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        app.screen.query_one(LineTable).move_cursor(a)
        before = Ticket.get_by_id(a).priority
        await pilot.press("minus")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await burst(pilot, *"клиент просит позже", "enter", "enter")
        await settle(pilot)
        moves = AuditEvent.select().where(AuditEvent.action == "priority_changed").count()
        assert moves == 1 and Ticket.get_by_id(a).priority == before + 1
        assert isinstance(app.screen, QueueScreen)


async def test_double_enter_on_the_outcome_list_answers_it_once_and_asks_the_reason(app_at):
    """The second Enter never chooses the outcome again nor pops a screen it was not meant
    for: it answers the reason list the first one opened, or it is dropped (then the reason is
    asked for still); either way the call ends once, refused for the balance."""
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000002", "Елкина")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await burst(pilot, "enter", "enter")  # "refused" is first for a refused verdict
        await settle(pilot)
        if Call.get().outcome is None:
            assert isinstance(app.screen, ChoiceDialog)
            assert "Почему" in str(app.screen.query_one(".dialog-title").render())
            await pilot.press("enter")
        await wait_for(pilot, lambda: Call.get().outcome is not None)
        await settle(pilot)
        call = Call.get()
        assert call.outcome == "refused" and call.refusal_reason == "balance"
        assert AuditEvent.select().where(AuditEvent.action == "call_ended").count() == 1
        assert isinstance(app.screen, CallScreen)


async def test_ctrl_p_and_page_up_in_one_burst(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await burst(pilot, "ctrl+p", "pageup", "pagedown", "pageup")
        await pilot.pause(0.5)
        assert CommandPalette.is_open(app)
        await burst(pilot, "escape")
        await settle(pilot)
        assert isinstance(app.screen, CallScreen)


async def test_page_keys_on_the_dialog_lists_in_one_burst(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", "1")
        await settle(pilot)
        await burst(pilot, "ctrl+e", "pageup", "pagedown")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert app.screen.query_one("OptionList").highlighted is not None


async def test_unexpected_error_in_a_handler_is_logged_and_the_console_goes_on(
    app_at, monkeypatch
):
    app = app_at()
    monkeypatch.setattr(ConsoleApp, "raise_at_exit", False)  # this test wants the survival

    def broken(self, event):
        raise RuntimeError("boom in a handler")

    monkeypatch.setattr(CallScreen, "on_input_submitted", broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await settle(pilot)
        await burst(pilot, *"1000", "enter", *"0001")
        await settle(pilot)
        number = app.screen.query_one("#call-number")
        assert number.value == "10000001"  # typed before and after the error: nothing lost
        assert app.error_log.count == 1
        log = app.error_log.path.read_text(encoding="utf-8")
        assert "RuntimeError: boom in a handler" in log and "Traceback" in log
        assert app.error_log.path == Path(app.ctx.db_target).parent / "console-errors.log"
        assert any("boom in a handler" in str(n.message) for n in app._notifications)
        # The screen's message loop still runs: verification works as before.
        await pilot.press("tab", *"Иванов")
        await pilot.pause(0.4)
        await settle(pilot)
        assert app.screen.card is not None
    assert app.return_code in (None, 0)


async def test_unexpected_error_in_a_timer_is_logged_too(app_at, monkeypatch):
    app = app_at()
    monkeypatch.setattr(ConsoleApp, "raise_at_exit", False)

    def broken(self):
        raise KeyError("lookup exploded")

    monkeypatch.setattr(CallScreen, "_lookup", broken)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press(*"10000001")
        await pilot.pause(0.5)  # the lookup timer fires and fails
        await settle(pilot)
        assert app.error_log.count >= 1
        assert "lookup exploded" in app.error_log.path.read_text(encoding="utf-8")
        await pilot.press(*"2")
        assert app.screen.query_one("#call-number").value == "100000012"
    assert app.return_code in (None, 0)


async def test_paged_option_list_pages_before_its_first_layout():
    """The upstream reproduction (docs/upstream/) with our list: no KeyError."""
    from textual.app import App

    from console.widgets.option_paging import PagedOptionList

    class PageBeforeLayout(App):
        CSS = "PagedOptionList { height: auto; }"

        def compose(self):
            yield PagedOptionList()

        def key_a(self) -> None:
            options = self.query_one(PagedOptionList)
            options.add_options(["one", "two", "three"])
            options.highlighted = 1
            options.action_page_down()

    app = PageBeforeLayout()
    async with app.run_test() as pilot:
        await pilot.press("a")
        assert app.query_one(PagedOptionList).highlighted == 2
