"""The contract card answers about charges and cancellations (D10); a second ticket of the same
type for one contract is a decision, not an accident (issue 8, items 11 and 15)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from console.db import open_database
from console.models import Contract, Technician, Ticket
from console.services import calls, tickets
from console.services.tickets import DuplicateOpen, NewTicket

MSK = ZoneInfo("Europe/Moscow")


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MSK)


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    database = open_database(ctx.db_target)
    c = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                        first_name="Иван", surname_key="иванов", balance_kopecks=1000)
    Technician.create(name="Сидоров Пётр")
    yield ctx, c
    database.close()


def new(c, task="no_link", desired=None, **kw) -> NewTicket:
    return NewTicket(task_type=task, description="нет связи", responsible_name="Иванов Иван",
                     contact_phone="+79031234567", contact_is_mobile=True, desired_at=desired,
                     intercom_code="12", no_intercom=False, billable_agreed=False,
                     contract_id=c.id, **kw)


def create(ctx, form, now="2026-11-24 11:00"):
    return tickets.create_ticket(form, operator="ivanova", calendar=ctx.calendar, now=at(now))


def test_a_second_open_ticket_of_the_same_type_is_refused_when_asked_to_check(env):
    ctx, c = env
    first = create(ctx, new(c, desired=at("2026-11-25 11:00"), check_duplicate=True)).ticket_id
    with pytest.raises(DuplicateOpen) as info:
        create(ctx, new(c, desired=at("2026-11-25 12:00"), check_duplicate=True),
               now="2026-11-24 11:01")
    assert info.value.ticket_id == first and Ticket.select().count() == 1
    # Confirmed by the dispatcher (or an import, the demo): a second one is saved.
    create(ctx, new(c, desired=at("2026-11-25 12:00")))
    assert Ticket.select().count() == 2
    # Another type is no duplicate.
    create(ctx, new(c, task="consultation", check_duplicate=True))
    assert Ticket.select().count() == 3


def test_adding_to_the_open_ticket_keeps_one_ticket(env):
    ctx, c = env
    first = create(ctx, new(c, desired=at("2026-11-25 11:00"))).ticket_id
    tickets.add_to_ticket(first, "теперь и телевидение пропало", operator="ivanova",
                          calendar=ctx.calendar, now=at("2026-11-24 11:05"))
    ticket = Ticket.get_by_id(first)
    assert "нет связи" in ticket.description
    assert "[24.11 11:05, ivanova] теперь и телевидение пропало" in ticket.description
    assert Ticket.select().count() == 1


def test_item15_r16_a_call_that_added_to_the_open_ticket_may_end_as_ticket_and_no_other_may(
        env):
    ctx, c = env
    other = Contract.create(number="10000002", number_key="10000002", surname="Петров",
                            first_name="Пётр", surname_key="петров", balance_kopecks=1000)
    first = create(ctx, new(c, desired=at("2026-11-25 11:00"))).ticket_id

    def call_about(contract, minute: str) -> int:
        call_id = calls.start_call("ivanova", at(f"2026-11-24 11:{minute}"), "open")
        calls.lookup(call_id, contract.number, contract.surname, operator="ivanova",
                     now=at(f"2026-11-24 11:{minute}"))
        return call_id

    def end(call_id: int, minute: str) -> None:
        calls.end_call(call_id, "ticket", operator="ivanova", now=at(f"2026-11-24 11:{minute}"),
                       calendar=ctx.calendar)

    repeat, stranger = call_about(c, "10"), call_about(other, "11")
    # Said in another contract's call: no proof that this call's problem is in a ticket.
    tickets.add_to_ticket(first, "ошибка оператора", operator="ivanova", calendar=ctx.calendar,
                          now=at("2026-11-24 11:12"), call_id=stranger)
    with pytest.raises(calls.CallError):
        end(stranger, "13")
    with pytest.raises(calls.CallError):  # nothing added in this call yet
        end(repeat, "13")
    tickets.add_to_ticket(first, "и телевидение пропало", operator="ivanova",
                          calendar=ctx.calendar, now=at("2026-11-24 11:14"), call_id=repeat)
    end(repeat, "15")
    assert Ticket.select().count() == 1


def test_d10_the_card_lists_charges_and_cancelled_tickets_with_who_and_why(env):
    ctx, c = env
    a = create(ctx, new(c, desired=at("2026-11-24 12:00"))).ticket_id
    tickets.mark_told(a, operator="ivanova", now=at("2026-11-24 11:00"))
    tickets.cancel(a, "клиент уехал", version=None, operator="petrova", calendar=ctx.calendar,
                   now=at("2026-11-24 11:30"), charge=True)
    b = create(ctx, new(c, task="unstable_link", desired=at("2026-11-24 13:00"))).ticket_id
    tickets.mark_told(b, operator="ivanova", now=at("2026-11-24 11:31"))
    tickets.cancel(b, "решили сами", version=None, operator="petrova", calendar=ctx.calendar,
                   now=at("2026-11-24 12:30"), charge=False, waiver_reason="постоянный клиент")
    card = calls.contract_card(c.id)
    assert [(ch.item, ch.amount_kopecks > 0, ch.waived) for ch in card.charges] == [
        ("1.1", True, True), ("1.1", True, False)]
    assert card.charges[0].waiver_reason == "постоянный клиент"
    assert [(x.id, x.by, x.reason) for x in card.cancelled] == [
        (b, "petrova", "решили сами"), (a, "petrova", "клиент уехал")]
