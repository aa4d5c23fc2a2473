"""The gates as the dispatcher meets them in F2 (issue 7): every dialog option to its effect."""

from __future__ import annotations

from datetime import timedelta

import pytest

from console.app import ConsoleApp
from console.db import open_database
from console.models import BalanceOverride, Call, Contract, Ticket, database
from console.screens.callback_dialog import CallbackDialog
from console.screens.dialogs import ChoiceDialog, ReasonDialog
from console.screens.override_requests import OverrideRequestsScreen
from console.services import calls, overrides
from console.services.operators import add_operator, set_supervisor
from console.widgets.ticket_form import TicketForm
from tests.ui.pilot_helpers import settle, wait_for
from tests.ui.test_call_screen import retype, seed, start_and_verify, text_of

SIZE = (160, 48)


@pytest.fixture
def app_at(make_ctx):
    def make(now: str = "2026-11-24 11:00", *, supervisor: bool = False) -> ConsoleApp:
        ctx = make_ctx(now)
        seed(ctx)
        db = open_database(ctx.db_target)
        add_operator("boss", supervisor=True)
        if supervisor:
            set_supervisor(ctx.operator_login, True)
        db.close()
        return ConsoleApp(ctx)

    return make


def options(app) -> list[str]:
    box = app.screen.query_one("OptionList")
    return [str(box.get_option_at_index(i).id) for i in range(box.option_count)]


async def test_r14_d04_ctrl_b_offers_no_callback_for_a_refused_balance(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000002", "Ёлкина")  # balance -300,00
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not isinstance(app.screen, ReasonDialog)
        assert Ticket.select().count() == 0


async def test_d04_an_operator_asks_and_the_supervisors_answer_arrives_on_the_call_screen(
        app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000002", "Ёлкина")
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        assert "Запросить" in str(app.screen.query_one(".dialog-title").render())
        await pilot.press("x", "enter")  # D4: a reason of one letter is refused in place
        assert isinstance(app.screen, ReasonDialog) and text_of(app, "#reason-error")
        app.screen.query_one("#reason").value = "чек об оплате у клиента"
        await pilot.press("enter")
        await wait_for(pilot, lambda: BalanceOverride.select().count() == 1)
        await settle(pilot)
        assert "Ждём ответа" in text_of(app, "#call-override")
        assert "Отказ: баланс" in text_of(app, "#call-verdict")
        # The way past the gate is named where the refusal is (D4).
        assert "^g — запросить исключение у старшего (D4)" in text_of(app, "#call-verdict")
        with database.connection_context():  # the supervisor's console answers
            overrides.decide_override(BalanceOverride.get().id, True, operator="boss",
                                      now=app.state.now())
        await wait_for(pilot, lambda: "разрешил" in text_of(app, "#call-override"), timeout=4)
        assert "исключения" in text_of(app, "#call-verdict")
        # Another contract typed and this one again: the approval on record still holds (D4).
        await retype(pilot, "10000001", "Иванов")
        assert "исключения" not in text_of(app, "#call-verdict")
        await retype(pilot, "10000002", "Ёлкина")
        assert "исключения" in text_of(app, "#call-verdict")
        await pilot.press("ctrl+b")  # the callback is open now
        await wait_for(pilot, lambda: isinstance(app.screen, CallbackDialog))
        await pilot.press(*"завтра 11", "enter", "enter", *"договорить", "enter")
        await wait_for(pilot, lambda: Ticket.select().count() == 1)


async def test_d04_a_refused_request_is_shown_and_the_gate_stays_shut(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000002", "Ёлкина")
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press(*"чек об оплате у клиента", "enter")
        await wait_for(pilot, lambda: BalanceOverride.select().count() == 1)
        with database.connection_context():
            overrides.decide_override(BalanceOverride.get().id, False, operator="boss",
                                      now=app.state.now())
        await wait_for(pilot, lambda: "отказал" in text_of(app, "#call-override"), timeout=4)
        assert "Отказ: баланс" in text_of(app, "#call-verdict")


async def _pending_request(app) -> int:
    """Another console's operator asks (a row in the shared database)."""
    with database.connection_context():
        elkina = Contract.get(Contract.number == "10000002")
        call_id = calls.start_call("ivanova", app.state.now(), "open")
        calls.lookup(call_id, "10000002", "Ёлкина", operator="ivanova", now=app.state.now())
        return overrides.request_override(call_id, elkina.id, "клиент оплатил сегодня",
                                          operator="ivanova", now=app.state.now())


@pytest.mark.parametrize(("key", "status"), [("a", "approved"), ("r", "refused")])
async def test_d04_a_request_reaches_the_supervisor_who_answers_with_one_key(app_at, key,
                                                                            status):
    app = app_at(supervisor=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        request = await _pending_request(app)
        # A toast within a second or two (the refresh loop polls every second).
        await wait_for(pilot, lambda: any("10000002" in str(n.message)
                                          for n in app._notifications), timeout=4)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Запросы исключений")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideRequestsScreen))
        await wait_for(pilot, lambda: options(app) == [str(request)])
        await pilot.press(key)
        await wait_for(pilot, lambda: BalanceOverride.get_by_id(request).status == status)
        assert BalanceOverride.get_by_id(request).supervisor == "tester"
        await wait_for(pilot, lambda: options(app) == [])


async def test_d04_a_supervisor_at_the_console_overrides_at_once_with_a_valid_reason(app_at):
    app = app_at(supervisor=True)
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000002", "Ёлкина")
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        await pilot.press("x", "enter")
        assert isinstance(app.screen, ReasonDialog)  # too short: refused in place
        app.screen.query_one("#reason").value = "оплата прошла утром"
        await pilot.press("enter")
        await wait_for(pilot, lambda: "исключения" in text_of(app, "#call-verdict"))
        row = BalanceOverride.get()
        assert row.status == "approved" and row.supervisor == "tester"


async def test_r04_d02_ctrl_e_at_night_offers_no_consultation(app_at):
    app = app_at("2026-11-24 19:30")
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "solved" not in options(app) and "ticket" not in options(app)
        await pilot.press("escape")


async def test_r13_ctrl_e_for_an_unverified_caller_offers_refusal_first_and_no_ticket(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n", "1")  # a call with something typed: it is logged
        await settle(pilot)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert options(app)[0] == "refused"
        assert not {"solved", "ticket", "callback"} & set(options(app))
        await pilot.press("enter")
        await wait_for(pilot, lambda: options(app)[:1] == ["not_verified"])
        assert "balance" not in options(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: Call.get().ended_at is not None)
        assert Call.get().outcome == "refused" and Call.get().refusal_reason == "not_verified"


async def test_r04_ctrl_e_in_service_hours_offers_solved_first(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert options(app)[0] == "solved" and "ticket" not in options(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: Call.get().ended_at is not None)
        assert Call.get().outcome == "solved"


# -- R15 / D6: both options of the 15-minute prompt work ------------------------------------------
async def _at_fifteen_minutes(pilot, app) -> None:
    await start_and_verify(pilot, "10000001", "Иванов")
    app.ctx.clock.advance(timedelta(minutes=15))
    app.state.tick()
    await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))


async def test_r15_d06_take_a_ticket_with_a_visit_opens_the_form(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await _at_fifteen_minutes(pilot, app)
        assert options(app)[0] == "visit"
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(app.screen.query(TicketForm))
                       and app.screen.query_one(TicketForm).display)
        assert app.screen.focused is app.screen.query_one("#tf-type")


async def test_r15_d06_book_a_callback_books_it(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await _at_fifteen_minutes(pilot, app)
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, CallbackDialog))
        await pilot.press(*"завтра 11", "enter", "enter", *"договорить", "enter")
        await wait_for(pilot, lambda: Ticket.select().count() == 1)
        assert Ticket.get().channel == "callback"


async def test_r15_d06_continue_keeps_the_call_going(app_at):
    app = app_at()
    async with app.run_test(size=SIZE) as pilot:
        await _at_fifteen_minutes(pilot, app)
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ChoiceDialog)
        assert not app.screen.query(TicketForm) and Call.get().ended_at is None


# -- R4 / D2: the verdict follows the clock ----------------------------------------------------
async def test_r04_d02_verdict_is_recomputed_when_the_clock_passes_18(app_at):
    app = app_at("2026-11-24 17:58")
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        assert "Консультация разрешена" in text_of(app, "#call-verdict")
        app.ctx.clock.advance(timedelta(minutes=3))
        app.state.tick()
        await pilot.pause()
        assert "Только приём" in text_of(app, "#call-verdict")
        assert "только приём заявок" in text_of(app, "#call-mode-line")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        assert "solved" not in options(app)


async def test_r01_d02_verdict_is_recomputed_when_the_clock_passes_10(app_at):
    app = app_at("2026-11-24 09:59")
    async with app.run_test(size=SIZE) as pilot:
        await start_and_verify(pilot, "10000001", "Иванов")
        assert "Только приём" in text_of(app, "#call-verdict")
        app.ctx.clock.advance(timedelta(minutes=2))
        app.state.tick()
        await pilot.pause()
        assert "Консультация разрешена" in text_of(app, "#call-verdict")
        assert "можно консультировать" in text_of(app, "#call-mode-line")
