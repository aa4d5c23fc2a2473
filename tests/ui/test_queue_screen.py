"""F3 as a dispatcher uses it: reshuffle -> notify prompt -> answers; R8 charge on cancel."""

from __future__ import annotations

import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from console.app import ConsoleApp
from console.db import open_database
from console.models import Charge, Contract, Notification, Technician, Ticket
from console.screens.dialogs import ChargeDialog, ChoiceDialog, ReasonDialog
from console.screens.notify import NotifyScreen
from console.services import tickets
from console.widgets.line_table import LineTable
from tests.ui.pilot_helpers import settle, status, wait_for

MSK = ZoneInfo("Europe/Moscow")
SIZE = (160, 48)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MSK)


def seed(ctx, told_at: str = "2026-11-24 12:00") -> tuple[int, int]:
    """One technician; A (normal, told 12:00) and B (a long low-priority job) in the queue."""
    db = open_database(ctx.db_target)
    contract = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                               first_name="Иван", surname_key="иванов", balance_kopecks=1000)
    Technician.create(name="Сидоров Пётр")

    def make(task, desired=None, agreed=False):
        form = tickets.NewTicket(
            contract_id=contract.id, task_type=task, description="нет связи",
            responsible_name="Иванов Иван", contact_phone="+79031234567",
            contact_is_mobile=True, desired_at=desired or at("2026-11-24 11:00"),
            intercom_code="12",
            no_intercom=False, billable_agreed=agreed,
        )
        return tickets.create_ticket(form, operator="t", calendar=ctx.calendar,
                                     now=at("2026-11-24 11:00")).ticket_id

    a = make("unstable_link", at(told_at))
    tickets.mark_told(a, operator="t", now=at("2026-11-24 11:00"))
    b = make("lan_setup", agreed=True)
    db.close()
    return a, b


@pytest.fixture
def queue_app(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    a, b = seed(ctx)
    return ConsoleApp(ctx), ctx, a, b


async def test_r09_queue_shows_open_tickets_in_priority_order(queue_app):
    app, _ctx, a, _b = queue_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        table = app.screen.query_one(LineTable)
        assert table.row_count == 2
        assert table.cursor_key == a  # priority 3 before priority 4
        cells = table.get_row(a)
        assert "24.11 12:00\u00a0±1\u00a0ч" in cells and "Сидоров Пётр" in cells


async def test_r11_d09_reshuffle_opens_the_notify_prompt_and_it_is_worked_off(queue_app):
    app, _ctx, a, b = queue_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        table = app.screen.query_one(LineTable)
        assert table.move_cursor(b)
        for reason in ("ВИП-клиент", "авария у клиента"):  # 4 -> 3 -> 2: ahead of A
            await pilot.press("plus")
            await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
            await pilot.press(*reason, "enter")
            await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, NotifyScreen))
        # A moved from 12:00 to 15:00 (B takes 11:00-15:00): more than an hour (D9).
        notify_table = app.screen.query_one(LineTable)
        assert notify_table.row_count == 1
        say = str(app.screen.query_one("#notify-say").render())
        # The new time as the arrival window the intake would say (R3, R10): 15:00 ± 1 h.
        assert "с 24.11 12:00 на 24.11 с 14:00 до 16:00" in say
        await pilot.press("3")  # unreachable: stays, comes back in 15 minutes
        await settle(pilot)
        assert Notification.get().status == "unreachable"
        assert isinstance(app.screen, NotifyScreen)
        await pilot.press("1")  # called and agreed
        await wait_for(pilot, lambda: not isinstance(app.screen, NotifyScreen))
        note = Notification.get()
        assert note.status == "called" and note.attempts == 2
        ticket = Ticket.get_by_id(a)
        assert ticket.told_start == ticket.eta_start == at("2026-11-24 15:00")
        assert "Оповестить: 0" in status(app, "sb-notify")
        # The moved row is marked with how far it moved.
        queue = app.screen.query_one(LineTable)
        assert "+3 ч" in queue.get_row(a)


async def test_closing_a_dialog_does_not_lay_the_queue_out_again(queue_app):
    """Issue 12: Textual laid out the screen under a dialog again when the dialog went (F3 at
    10,000 tickets: ~10 ms of the UI thread while the change it confirmed was saved). The
    queue is repainted; its layout, unchanged, is kept."""
    app, _ctx, _a, b = queue_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        screen = app.screen
        assert screen.query_one(LineTable).move_cursor(b)
        layouts: list[object] = []
        lay_out = screen._refresh_layout
        screen._refresh_layout = lambda *a, **k: layouts.append(a) or lay_out(*a, **k)
        for resize in (False, True):
            await pilot.press("plus")
            await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
            await settle(pilot)
            layouts.clear()
            if resize:  # a resize while the dialog is open still lays it out when it goes
                await pilot.resize_terminal(150, 48)
            await pilot.press("escape")
            await wait_for(pilot, lambda: app.screen is screen)
            await settle(pilot)
            assert bool(layouts) == resize
        assert screen.size.width == 150


async def _reason_dialog_on(pilot, ticket: int) -> LineTable:
    """F3 with the cursor on `ticket` and its `+` (reason) dialog open; F3's table."""
    app = pilot.app
    await pilot.press("f3")
    await settle(pilot)
    table = app.screen.query_one(LineTable)
    assert table.move_cursor(ticket)
    await pilot.press("plus")
    await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
    return table


async def test_d14_keys_typed_after_a_change_that_opens_no_notify_list_wait_for_f3_only(
        queue_app):
    """Issue 12: the reload shows F3 and the counts first, the notify list after. A change that
    makes no call (B raised from class 4 to 3 moves no told visit) lets the keys typed after it
    go on once F3 shows it, not once the notify list has been read as well."""
    import threading

    app, _ctx, a, b = queue_app
    async with app.run_test(size=SIZE) as pilot:
        table = await _reason_dialog_on(pilot, b)
        loader, gate = app.state._loaders["notify"], threading.Event()

        def held(now):  # the notify list's read, held until the key has landed (or 5 s)
            gate.wait(5)
            return loader(now)

        app.state._loaders["notify"] = held
        await pilot.press(*"ВИП-клиент", "enter", "home")
        for _ in range(60):  # not `wait_for`: it waits for the held worker too
            if app.state.get("queue").by_id()[b].priority == 3 and table.cursor_key == a:
                break
            await pilot.pause(0.05)
        landed = table.cursor_key == a and not gate.is_set()
        gate.set()
        await settle(pilot)
        assert landed
        assert Notification.select().count() == 0 and not isinstance(app.screen, NotifyScreen)


async def test_d14_an_answer_typed_before_the_notify_list_opens_lands_in_it(queue_app):
    """The notify list opens once the queue shows the change (its calls on it); the keys
    typed meanwhile wait for it instead of going to F3."""
    app, _ctx, _a, b = queue_app
    async with app.run_test(size=SIZE) as pilot:
        await _reason_dialog_on(pilot, b)
        await pilot.press(*"ВИП-клиент", "enter")
        await settle(pilot)
        await pilot.press("plus")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
        loader = app.state._loaders["notify"]

        def slow(now):  # a reload slower than the keys
            time.sleep(0.3)
            return loader(now)

        app.state._loaders["notify"] = slow
        # 4 -> 3 -> 2 moves A by three hours; "3" (unreachable) typed before the list is up.
        await pilot.press(*"авария у клиента", "enter", "3")
        await settle(pilot)
        await wait_for(pilot, lambda: Notification.select().count() == 1)
        await settle(pilot)
        assert isinstance(app.screen, NotifyScreen)
        assert Notification.get().status == "unreachable"
        assert Ticket.get_by_id(b).priority == 2


async def test_d09_closing_the_prompt_answers_nothing(queue_app):
    app, _ctx, _a, _b = queue_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        app.screen.query_one(LineTable).move_cursor(_b)
        for reason in ("a1", "b2"):
            await pilot.press("plus")
            await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))
            await pilot.press(*reason, "enter")
            await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, NotifyScreen))
        await pilot.press("escape")
        await settle(pilot)
        assert Notification.get().status == "pending"
        assert "Оповестить: 1" in status(app, "sb-notify")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NotifyScreen))


async def cancel_in_f3(pilot, ticket_id: int, reason: str) -> None:
    """F3, the cursor on the ticket, x, the reason, Enter."""
    await pilot.press("f3")
    await settle(pilot)
    pilot.app.screen.query_one(LineTable).move_cursor(ticket_id)
    await pilot.press("x")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReasonDialog))
    await pilot.press(*reason, "enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
    # Esc on "who asks?" goes back to the reason, as typed, not out of the cancellation.
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReasonDialog))
    assert pilot.app.screen.query_one("#reason").value == reason
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ChoiceDialog))
    await pilot.press("enter")  # who asks: the client (R8)


async def test_r08_late_cancellation_from_f3_asks_and_charges(make_ctx):
    ctx = make_ctx("2026-11-24 11:30")  # 30 minutes before the told 12:00
    a, _b = seed(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await cancel_in_f3(pilot, a, "клиент уехал")
        await wait_for(pilot, lambda: isinstance(app.screen, ChargeDialog))
        await pilot.press("enter")
        await wait_for(pilot, lambda: Charge.select().count() == 1)
        assert Charge.get().amount_kopecks == ctx.reference.price_item("1.1").price_kopecks
        assert Ticket.get_by_id(a).status == "cancelled"


async def test_r08_timely_cancellation_from_f3_charges_nothing(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")  # exactly an hour before 12:00
    a, _b = seed(ctx)
    app = ConsoleApp(ctx)
    async with app.run_test(size=SIZE) as pilot:
        await cancel_in_f3(pilot, a, "решили сами")
        await wait_for(pilot, lambda: Ticket.get_by_id(a).status == "cancelled")
        assert Charge.select().count() == 0
        assert not isinstance(app.screen, ChargeDialog)


async def test_filter_finds_by_any_text_and_escape_clears(queue_app):
    app, _ctx, _a, b = queue_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("slash", *"локал")  # "Настройка локальной сети" is B's task
        await pilot.pause()
        table = app.screen.query_one(LineTable)
        assert table.row_count == 1 and table.cursor_key == b
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == 2


async def test_every_queue_action_is_in_the_command_palette(queue_app):
    from textual.command import CommandPalette

    app, _ctx, a, _b = queue_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        app.screen.query_one(LineTable).move_cursor(a)
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"Отменить")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReasonDialog))



async def test_a_big_snapshot_formats_only_the_rows_on_screen(queue_app, monkeypatch):
    """Issue 12: a 10,000-ticket snapshot must not format every row on the UI thread."""

    from console.screens.queue import QueueScreen
    from console.services.queue_view import QueueSnapshot

    app, _ctx, _a, _b = queue_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        row = app.state.get("queue").rows[0]
        # The ticket under the cursor stays in (else it would be kept there, item 18).
        big = QueueSnapshot((row, *(row._replace(id=100_000 + i)
                                    for i in range(1, 10_000))))
        formatted: list[int] = []
        original = QueueScreen._cells

        def counting(self, queue_row, now, *args):
            formatted.append(queue_row.id)
            return original(self, queue_row, now, *args)

        monkeypatch.setattr(QueueScreen, "_cells", counting)
        app.state.set_part("queue", big)
        await pilot.pause()
        table = app.screen.query_one(LineTable)
        assert table.row_count == 10_000
        assert 0 < len(formatted) <= 48
        assert table.get_row(109_999)[2] == "№109999"


async def test_filter_keys_scan_lines_made_in_a_worker(queue_app, monkeypatch):
    """Issue 12: a key typed in `/` on 10,000 tickets formats only the rows on screen."""

    from console.screens.queue import QueueScreen
    from console.services.queue_view import QueueSnapshot

    app, _ctx, _a, _b = queue_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        row = app.state.get("queue").rows[0]
        big = QueueSnapshot((row, *(
            row._replace(id=100_000 + i,
                    address=f"ул. Вавилова, д. {i}" if i % 100 == 0 else row.address)
            for i in range(1, 10_000))))
        app.state.set_part("queue", big)
        await pilot.press("slash")
        await settle(pilot)  # the worker made the search lines
        formatted: list[int] = []
        original = QueueScreen._cells

        def counting(self, queue_row, now, *args):
            formatted.append(queue_row.id)
            return original(self, queue_row, now, *args)

        monkeypatch.setattr(QueueScreen, "_cells", counting)
        await pilot.press(*"вавил")
        await pilot.pause()
        table = app.screen.query_one(LineTable)
        assert table.row_count == 99
        assert table.get_row(100_100)[4] == "ул. Вавилова, д. 100"
        assert len(formatted) <= 5 * 48  # the rows on screen after each key, not 10,000 a key


async def _drawn_with(pilot, key: str, dialog: type) -> str:
    """`key` opens `dialog`: the screen as drawn with it open, then closed again (Escape)."""
    app = pilot.app
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(app.screen, dialog))
    await settle(pilot)
    shown = app.export_screenshot()
    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(app.screen, dialog))
    await settle(pilot)
    return shown


async def test_f3_and_the_notify_list_look_the_same_after_a_dialog_as_before(queue_app):
    """Their styles are kept when resumed (issue 12): what a dialog closed over F3 leaves, and
    the notify list opened a second time, are drawn exactly as before; a theme picked
    meanwhile still restyles them."""
    app, _ctx, _a, _b = queue_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        before = app.export_screenshot()
        await _drawn_with(pilot, "plus", ReasonDialog)
        assert app.export_screenshot() == before
        first = await _drawn_with(pilot, "n", NotifyScreen)
        assert app.export_screenshot() == before
        assert await _drawn_with(pilot, "n", NotifyScreen) == first
        app.theme = "ansi-light" if app.theme != "ansi-light" else "ansi-dark"
        await settle(pilot)
        themed = app.export_screenshot()
        assert themed != before
        assert await _drawn_with(pilot, "n", NotifyScreen) != first  # restyled in the new theme
        assert app.export_screenshot() == themed
