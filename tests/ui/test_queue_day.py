"""F3 as a dispatcher meets it over a day (issue 8 items 16-22): the filter, the address and
shift columns, an empty queue, stale actions, the notify list under another console's changes."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from console.app import ConsoleApp
from console.db import open_database
from console.models import Contract, Technician, Ticket
from console.services import tickets
from console.widgets.line_table import LineTable
from tests.ui.pilot_helpers import settle, wait_for

MSK = ZoneInfo("Europe/Moscow")
SIZE = (160, 48)
SMALL = (80, 24)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MSK)


def seed_day(ctx) -> dict[str, int]:
    """Two clients in Moscow, one in Khimki; two technicians; three tickets."""
    db = open_database(ctx.db_target)
    people = [
        ("10-000-123", "Ёлкина", "Анна", "г. Москва, ул. Верхняя Красносельская, д. 18, кв. 4",
         "+79031234567"),
        ("20000001", "Иванов", "Иван", "г. Москва, пр-т Мира, д. 57", "+74952456777"),
        ("30000001", "Петров", "Пётр", "г. Москва, ул. Тверская, д. 1", "+79165550011"),
    ]
    Technician.create(name="Сидоров Пётр", phone="+79030000001")
    ids = {}
    for number, surname, first, address, phone in people:
        contract = Contract.create(
            number=number, number_key=number.replace("-", ""), surname=surname,
            first_name=first, surname_key=surname.casefold().replace("ё", "е"),
            address=address, balance_kopecks=100000,
        )
        form = tickets.NewTicket(
            contract_id=contract.id, task_type="no_link", description="нет связи",
            responsible_name=f"{surname} {first}", contact_phone=phone,
            contact_is_mobile=True, desired_at=at("2026-11-24 11:00"), intercom_code="12",
            no_intercom=False,
            billable_agreed=False,
        )
        ids[surname] = tickets.create_ticket(form, operator="t", calendar=ctx.calendar,
                                             now=at("2026-11-24 11:00")).ticket_id
    db.close()
    return ids


@pytest.fixture
def day(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ids = seed_day(ctx)
    return ConsoleApp(ctx), ctx, ids


async def open_queue(pilot) -> LineTable:
    await pilot.press("f3")
    await settle(pilot)
    table = pilot.app.screen.query_one("#queue-table", LineTable)
    await wait_for(pilot, lambda: table.row_count > 0)
    return table


async def filtered(pilot, table: LineTable, text: str) -> set[int]:
    box = pilot.app.screen.query_one("#queue-filter")
    box.value = ""
    await pilot.press("slash", *text)
    await pilot.pause()
    keys = {table._keys[i] for i in range(table.row_count)}
    await pilot.press("escape")  # back to the table, the filter cleared
    return keys


async def test_item16_filter_finds_contract_ticket_phone_surname_address_technician(day):
    app, _ctx, ids = day
    async with app.run_test(size=SIZE) as pilot:
        table = await open_queue(pilot)
        yolkina, ivanov = ids["Ёлкина"], ids["Иванов"]
        assert await filtered(pilot, table, "10000123") == {yolkina}
        assert await filtered(pilot, table, "10-000") == {yolkina}
        assert await filtered(pilot, table, f"№{ivanov}") == {ivanov}
        assert await filtered(pilot, table, str(ivanov)) == {ivanov}
        assert await filtered(pilot, table, "8 (903) 123-45-67") == {yolkina}
        assert await filtered(pilot, table, "+7 495 245 67 77") == {ivanov}
        assert await filtered(pilot, table, "елкина") == {yolkina}
        assert await filtered(pilot, table, "мира 57") == {ivanov}
        assert await filtered(pilot, table, "сидоров") == set(ids.values())
        assert await filtered(pilot, table, "ничего такого") == set()
        assert table.row_count == 3


async def test_item22_an_empty_queue_says_so_and_an_empty_filter_says_why(make_ctx):
    app = ConsoleApp(make_ctx("2026-11-24 11:00"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        note = app.screen.query_one("#queue-empty")
        await wait_for(pilot, lambda: note.display)
        assert "Очередь пуста" in str(note.render())


async def test_item22_a_filter_that_finds_nothing_says_so(day):
    app, _ctx, _ids = day
    async with app.run_test(size=SIZE) as pilot:
        await open_queue(pilot)
        await pilot.press("slash", *"xyzzy")
        await pilot.pause()
        note = app.screen.query_one("#queue-empty")
        assert note.display and "xyzzy" in str(note.render())
        await pilot.press("escape")
        await pilot.pause()
        assert not note.display


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_item20_address_drops_the_shared_city_and_keeps_the_house(day, size):
    app, _ctx, ids = day
    async with app.run_test(size=size) as pilot:
        table = await open_queue(pilot)
        await pilot.pause()
        keys = [c.key for c in table.columns]
        address = table.get_row(ids["Ёлкина"])[keys.index("address")]
        assert "Москва" not in address
        house = re.compile(r"(?<!\d)18(?!\d)")
        assert house.search(address), address
        line = "".join(s.text for s in table.render_line(1 + table._index[ids["Ёлкина"]]))
        assert house.search(line), line  # on screen, not cropped away


async def test_item21_a_shift_reads_as_hours_and_minutes_not_as_a_clock(day):
    app, ctx, ids = day
    async with app.run_test(size=SIZE) as pilot:
        table = await open_queue(pilot)
        # Another console raises Петров's ticket: the others move later.
        ticket = Ticket.get_by_id(ids["Петров"])
        tickets.change_priority(ticket.id, 1, "авария", version=ticket.version, operator="t",
                                calendar=ctx.calendar, now=at("2026-11-24 11:00"),
                                levels=tuple(c.level for c in ctx.reference.classes))
        app.state.refresh(force=True)
        keys = [c.key for c in table.columns]
        moved = lambda: table.get_row(ids["Ёлкина"])[keys.index("moved")]  # noqa: E731
        await wait_for(pilot, lambda: moved() != "")
        assert re.fullmatch(r"\+(\d+ ч( \d+ мин)?|\d+ мин)", moved()), moved()


def other_console(ctx):
    """Another dispatcher, Петрова, working on the same database."""
    from console.models import Operator

    Operator.get_or_create(login="petrova", defaults={"name": "Петрова"})
    return {"operator": "petrova", "calendar": ctx.calendar, "now": at("2026-11-24 11:05")}


def put_on_notify_list(ctx, ids) -> dict[int, int]:
    """The clients of these tickets were told 16:00; the plan has them much earlier, so the
    re-plan puts them on the notify list (D9). Returns ticket id -> notification id."""
    from console.db import open_database
    from console.models import Notification

    db = open_database(ctx.db_target)
    Ticket.update(told_start=at("2026-11-24 16:00"), told_at=at("2026-11-24 10:00")).where(
        Ticket.id.in_(list(ids))).execute()
    tickets.replan_now(calendar=ctx.calendar, now=at("2026-11-24 11:00"))
    notes = {n.ticket_id: n.id for n in Notification.select().where(
        Notification.status == "pending")}
    db.close()
    assert set(notes) == set(ids)
    return notes


async def open_notify(pilot):
    from console.screens.notify import NotifyScreen

    await pilot.press("f3")
    await settle(pilot)
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, NotifyScreen)
                   and bool(pilot.app.screen.query(LineTable)))
    table = pilot.app.screen.query_one(LineTable)
    await wait_for(pilot, lambda: table.row_count > 0)
    return table


async def test_item17_an_item_answered_elsewhere_stays_under_the_cursor_and_says_who(day):
    from console.models import Notification
    from console.services import notify

    app, ctx, ids = day
    notes = put_on_notify_list(ctx, [ids["Ёлкина"], ids["Иванов"]])
    async with app.run_test(size=SIZE) as pilot:
        table = await open_notify(pilot)
        mine = table.cursor_key
        other = next(n for n in notes.values() if n != mine)
        notify.answer(mine, "sms", **other_console(ctx))  # Петрова texted this client
        app.state.refresh(force=True)
        await wait_for(pilot, lambda: "Петрова" in str(table.get_row(mine)))
        assert table.cursor_key == mine
        await pilot.press("1")  # "called": must not land on the other client
        await settle(pilot)
        assert Notification.get_by_id(other).status == "pending"
        assert Notification.get_by_id(mine).status == "sms"
        assert Notification.get_by_id(mine).resolved_by.login == "petrova"
        say = str(app.screen.query_one("#notify-say").render())
        assert "Петрова" in say and "SMS" in say
        await pilot.press("down")  # leaving the answered row lets it go
        await settle(pilot)
        assert table.cursor_key == other and table.row_count == 1
        await pilot.press("2")
        await wait_for(pilot, lambda: Notification.get_by_id(other).status == "sms")
        assert Notification.get_by_id(other).resolved_by.login == "tester"


async def test_item19_four_in_the_notify_list_asks_before_cancelling(day):
    from console.screens.dialogs import ChoiceDialog
    from tests.ui.burst import burst

    app, ctx, ids = day
    put_on_notify_list(ctx, [ids["Ёлкина"], ids["Иванов"]])
    async with app.run_test(size=SIZE) as pilot:
        table = await open_notify(pilot)
        first = Ticket.get_by_id(
            __import__("console.models").models.Notification.get_by_id(table.cursor_key).ticket_id
        )
        await pilot.press("4")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("escape")
        await settle(pilot)
        assert Ticket.get_by_id(first.id).status == "open"
        burst(app, "4", "down", "enter")  # typed ahead: the keys are for the question
        await wait_for(pilot, lambda: Ticket.get_by_id(first.id).status == "cancelled")
        assert not isinstance(app.screen, ChoiceDialog)
        # R8/D10: who cancelled is what was chosen (the second choice: the responsible person).
        assert Ticket.get_by_id(first.id).cancelled_by == "responsible"


async def test_item18_a_stale_action_says_what_changed_and_who_and_keeps_the_cursor(day):
    app, ctx, ids = day
    async with app.run_test(size=SIZE) as pilot:
        table = await open_queue(pilot)
        target = ids["Иванов"]
        table.move_cursor(target)
        ticket = Ticket.get_by_id(target)
        tickets.change_priority(target, 2, "авария", version=ticket.version,
                                levels=tuple(c.level for c in ctx.reference.classes),
                                **other_console(ctx))
        await pilot.press("p")  # pin, on the version this console saw
        await wait_for(pilot, lambda: any("Петрова" in n.message for n in app._notifications))
        message = next(n.message for n in app._notifications if "Петрова" in n.message)
        assert f"№{target}" in message and "приоритет" in message
        await settle(pilot)
        assert table.cursor_key == target
        assert not Ticket.get_by_id(target).pinned


async def test_item18_a_ticket_closed_elsewhere_stays_under_the_cursor_marked(day):
    app, ctx, ids = day
    async with app.run_test(size=SIZE) as pilot:
        table = await open_queue(pilot)
        target = ids["Ёлкина"]
        table.move_cursor(target)
        tickets.cancel(target, "клиент уехал", version=None, **other_console(ctx))
        app.state.refresh(force=True)
        detail = app.screen.query_one("#queue-detail")
        await wait_for(pilot, lambda: "Петрова" in str(detail.render()))
        assert table.cursor_key == target
        assert "отменена" in str(detail.render())
        await pilot.press("x")  # nothing to cancel: no dialog for another ticket
        await settle(pilot)
        assert app.screen.query_one("#queue-table") is table
        # A new search does not keep it either: only open tickets are searched.
        await pilot.press("slash", *"Иванов")
        await settle(pilot)
        assert target not in table._index and table.cursor_key != target


async def test_item23_the_assign_dialog_tells_namesakes_apart_by_phone(day):
    from textual.widgets import OptionList

    from console.screens.dialogs import ChoiceDialog

    app, ctx, ids = day
    from console.db import open_database

    db = open_database(ctx.db_target)
    Technician.create(name="Сидоров Пётр", phone="+79039990000")
    db.close()
    async with app.run_test(size=SIZE) as pilot:
        table = await open_queue(pilot)
        table.move_cursor(ids["Иванов"])
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog)
                       and bool(app.screen.query(OptionList)))
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("+7 903 000-00-01" in label for label in labels), labels
        assert any("+7 903 999-00-00" in label for label in labels), labels


async def test_d09_the_notify_list_opened_again_starts_as_a_new_one(day):
    """One notify screen serves every opening (issue 12): opened again it shows the list as it
    is now, the cursor on the first client, nothing kept from the last opening (item 17's row
    answered elsewhere goes with the close); a change made while it was closed is there."""
    from console.models import Notification
    from console.screens.notify import NotifyScreen
    from console.services import notify

    app, ctx, ids = day
    notes = put_on_notify_list(ctx, [ids["Ёлкина"], ids["Иванов"], ids["Петров"]])
    async with app.run_test(size=SIZE) as pilot:
        table = await open_notify(pilot)
        first_screen = app.screen
        first = table.cursor_key
        await pilot.press("down")
        await settle(pilot)
        second = table.cursor_key
        assert second != first
        notify.answer(second, "sms", **other_console(ctx))  # kept under the cursor, marked
        app.state.refresh(force=True)
        await wait_for(pilot, lambda: "Петрова" in str(table.get_row(second)))
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NotifyScreen)
        third = next(n for n in notes.values() if n not in (first, second))
        notify.answer(third, "called", **other_console(ctx))  # while the list is closed
        app.state.refresh(force=True)
        await settle(pilot)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NotifyScreen))
        await settle(pilot)
        assert app.screen is first_screen
        table = app.screen.query_one(LineTable)
        assert [table._keys[i] for i in range(table.row_count)] == [first]
        assert table.cursor_key == first
        say = str(app.screen.query_one("#notify-say").render())
        assert "Петрова" not in say and "16:00" in say
        await pilot.press("1")  # the last one answered here: the list says so and closes
        await wait_for(pilot, lambda: not isinstance(app.screen, NotifyScreen))
        assert Notification.get_by_id(first).status == "called"
        await pilot.press("n")  # nobody left: it opens empty and stays
        await wait_for(pilot, lambda: isinstance(app.screen, NotifyScreen))
        await settle(pilot)
        assert app.screen.query_one(LineTable).row_count == 0
        assert isinstance(app.screen, NotifyScreen)


async def test_d09_a_notify_list_left_open_under_f3_does_not_stop_another_opening(day):
    """Ctrl+N goes to F2 with the list still open in F3's stack: a change there that moves
    told visits opens a list of its own, and each closes by itself."""
    from console.screens.notify import NotifyScreen

    app, ctx, ids = day
    put_on_notify_list(ctx, [ids["Ёлкина"], ids["Иванов"]])
    async with app.run_test(size=SIZE) as pilot:
        await open_notify(pilot)
        under_f3 = app.screen
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: not isinstance(app.screen, NotifyScreen))
        app.action_open_notify()
        await wait_for(pilot, lambda: isinstance(app.screen, NotifyScreen))
        await settle(pilot)
        assert app.screen is not under_f3
        assert app.screen.query_one(LineTable).row_count == 2
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, NotifyScreen)
        await pilot.press("f3")
        await settle(pilot)
        assert app.screen is under_f3
        assert under_f3.query_one(LineTable).row_count == 2


async def test_r11_the_detail_line_is_laid_out_again_only_when_it_changes(day):
    """Issue 12: every snapshot set F3's detail line again (a layout of the screen each time);
    a change elsewhere in the queue leaves it alone, a change of the ticket under the cursor
    shows."""
    from textual.widgets import Static

    app, ctx, ids = day
    async with app.run_test(size=SIZE) as pilot:
        table = await open_queue(pilot)
        table.move_cursor(ids["Ёлкина"])
        await settle(pilot)
        detail = app.screen.query_one("#queue-detail", Static)
        updates: list[object] = []
        update = detail.update
        detail.update = lambda content="", **kw: updates.append(content) or update(content, **kw)
        other = Ticket.get_by_id(ids["Петров"])
        tickets.change_priority(other.id, 1, "авария", version=other.version,
                                levels=tuple(c.level for c in ctx.reference.classes),
                                **other_console(ctx))
        app.state.refresh(force=True)
        await wait_for(pilot, lambda: app.state.get("queue").rows[0].id == other.id)
        await settle(pilot)
        assert updates == []
        mine = Ticket.get_by_id(ids["Ёлкина"])
        tickets.change_priority(mine.id, 1, "ВИП", version=mine.version,
                                levels=tuple(c.level for c in ctx.reference.classes),
                                **other_console(ctx))
        app.state.refresh(force=True)
        await wait_for(pilot, lambda: bool(updates))
        assert "ВИП" in str(detail.render())
