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
            contact_is_mobile=True, desired_at=None, intercom_code="12", no_intercom=False,
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
        assert "д. 18" in address
        line = "".join(s.text for s in table.render_line(1 + table._index[ids["Ёлкина"]]))
        assert "д. 18" in line  # on screen, not cropped away


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
