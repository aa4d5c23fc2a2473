"""D16: answering-machine intake through the service, with what it must and must not record."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from console.db import open_database
from console.models import (
    Call,
    Contract,
    ContractPhone,
    MachineMessage,
    Notification,
    Technician,
    Ticket,
)
from console.rules.eligibility import SCRIPT_BALANCE
from console.services import machine, notify, tickets
from console.services.counts import read_counts

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 10, 5, tzinfo=MSK)  # Tuesday morning
NIGHT = datetime(2026, 11, 23, 22, 15, tzinfo=MSK)


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 10:05")
    db = open_database(ctx.db_target)
    c = Contract.create(number="10000001", number_key="10000001", surname="Семёнова-Тян-Шанская",
                        first_name="Анна", surname_key="семенова-тян-шанская",
                        balance_kopecks=100000)
    ContractPhone.create(contract=c, e164="+79031112233", is_mobile=True)
    Contract.create(number="10000002", number_key="10000002", surname="Ёлкина",
                    surname_key="елкина", balance_kopecks=-30000)
    Technician.create(name="Сидоров Пётр")
    yield ctx, c
    db.close()


def entry(number="дог. 10000001", surname="Семенова Тян Шанская", phone="", **kw):
    base = dict(left_at=NIGHT, number=number, surname=surname, phone=phone,
                task_type="no_link", problem="нет интернета с вечера",
                desired_at=datetime(2026, 11, 24, 14, 0, tzinfo=MSK))
    return machine.MachineEntry(**{**base, **kw})


def enter(ctx, e, **kw):
    return machine.enter_message(e, operator="tester", calendar=ctx.calendar, now=NOW,
                                 policy=ctx.reference.policy, **kw)


def test_d16_a_verified_message_becomes_a_ticket_with_a_confirmation_call_and_no_call(env):
    ctx, c = env
    done = enter(ctx, entry())
    ticket = Ticket.get_by_id(done.ticket_id)
    assert ticket.channel == "answering_machine" and ticket.message_left_at == NIGHT
    assert ticket.contract_id == c.id and ticket.contact_phone == "+79031112233"
    assert ticket.told_start is None  # nobody has told the client anything yet
    assert Call.select().count() == 0  # R16 records calls; a message is not one
    note = Notification.get()
    assert note.reason == "confirm" and note.status == "pending"
    assert note.new_start == ticket.eta_start is not None
    tickets.replan_now(calendar=ctx.calendar, now=NOW)  # a re-plan does not withdraw it
    assert Notification.get_by_id(note.id).status == "pending"
    notify.answer(note.id, "called", operator="tester", calendar=ctx.calendar, now=NOW)
    assert Ticket.get_by_id(done.ticket_id).told_start == ticket.eta_start  # now it is told


def test_d16_an_unidentified_message_is_kept_with_its_phone(env):
    ctx, _c = env
    with pytest.raises(machine.NotIdentified):
        enter(ctx, entry(surname="Петров", phone="8 903 555-44-33"))
    with pytest.raises(tickets.TicketError, match="phone the message came from"):
        enter(ctx, entry(surname="Петров"), keep_unidentified=True)
    kept = enter(ctx, entry(surname="Петров", phone="8 903 555-44-33"), keep_unidentified=True)
    assert kept.ticket_id is None and Ticket.select().count() == 0
    msg = MachineMessage.get_by_id(kept.message_id)
    assert msg.status == "unidentified" and msg.phone == "+79035554433"
    assert [u.phone for u in machine.unidentified()] == ["+79035554433"]
    machine.called_back(kept.message_id, operator="tester", now=NOW)
    assert machine.unidentified() == []
    with pytest.raises(tickets.TicketError):  # another console already called
        machine.called_back(kept.message_id, operator="tester", now=NOW)


def test_d16_r14_the_balance_gate_holds_for_messages_too(env):
    ctx, _c = env
    with pytest.raises(tickets.TicketError) as caught:
        enter(ctx, entry(number="10000002", surname="Елкина", phone="+79035554433"))
    assert str(caught.value) == SCRIPT_BALANCE


def test_d16_a_message_cannot_be_left_in_the_future(env):
    ctx, _c = env
    with pytest.raises(tickets.TicketError) as caught:
        enter(ctx, entry(left_at=datetime(2026, 11, 24, 11, 0, tzinfo=MSK)))
    assert str(caught.value) == machine.MSG_LEFT_IN_FUTURE


def test_d16_the_status_bar_counts_messages_not_entered_yet(env):
    ctx, _c = env
    assert read_counts(NOW).machine_left is None  # nobody counted: nothing shown
    machine.note_tally(3, operator="tester", now=NOW)
    enter(ctx, entry())
    assert read_counts(NOW).machine_left == 2
    with pytest.raises(tickets.TicketError):
        machine.note_tally(-1, operator="tester", now=NOW)


@pytest.mark.parametrize(("typed", "expected"), [
    ("22:15", datetime(2026, 11, 23, 22, 15, tzinfo=MSK)),  # later than now: yesterday
    ("07:40", datetime(2026, 11, 24, 7, 40, tzinfo=MSK)),
    ("21.11 19:05", datetime(2026, 11, 21, 19, 5, tzinfo=MSK)),
    ("31.12 23:00", datetime(2025, 12, 31, 23, 0, tzinfo=MSK)),  # last year's
    ("утром", None), ("31.02 10:00", None),
])
def test_d16_when_the_message_was_left_is_read_as_typed(typed, expected):
    assert machine.parse_left_at(typed, NOW) == expected
