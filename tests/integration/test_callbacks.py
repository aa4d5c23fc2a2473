"""Callbacks as work items over a real database: booked, due, opened, closed (R1, R15)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.db import open_database
from console.models import AuditEvent, Call, Contract, ContractPhone, Ticket
from console.services import callbacks
from console.services.callbacks import CallbackError, NewCallback

MSK = ZoneInfo("Europe/Moscow")


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MSK)


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    database = open_database(ctx.db_target)
    c = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                        first_name="Иван", surname_key="иванов", balance_kopecks=1000)
    ContractPhone.create(contract=c, e164="+74992456777", is_mobile=False)
    ContractPhone.create(contract=c, e164="+79031112233", is_mobile=True)
    yield ctx, c
    database.close()


def book(ctx, c, due="2026-11-24 14:00", phone="+79031112233", topic="проверить скорость",
         now="2026-11-24 11:00"):
    return callbacks.book_callback(
        NewCallback(c.id, at(due), phone, topic), operator="t", calendar=ctx.calendar,
        now=at(now))


def test_r15_a_callback_keeps_its_time_phone_and_topic(env):
    ctx, c = env
    outcome = book(ctx, c, phone="+74992456777")
    ticket = Ticket.get_by_id(outcome.ticket_id)
    assert ticket.task_type.code == "callback" and ticket.channel == "callback"
    assert ticket.desired_at == at("2026-11-24 14:00")
    assert ticket.contact_phone == "+74992456777" and not ticket.contact_is_mobile
    assert ticket.description == "проверить скорость"
    [item] = callbacks.load_callbacks().items
    assert item.due_at == at("2026-11-24 14:00") and item.client == "Иванов И."


def test_r01_a_callback_outside_phone_hours_is_refused(env):
    ctx, c = env
    for due in ("2026-11-24 18:00", "2026-11-25 09:59", "2026-11-28 12:00"):  # Sat 28.11
        with pytest.raises(CallbackError, match="10:00-18:00"):
            book(ctx, c, due=due)
    assert Ticket.select().count() == 0


def test_a_callback_needs_a_topic_a_contract_phone_and_a_future_time(env):
    ctx, c = env
    with pytest.raises(CallbackError, match="about"):
        book(ctx, c, topic="  \n ")
    with pytest.raises(CallbackError, match="phones"):
        book(ctx, c, phone="+79990000000")
    with pytest.raises(CallbackError, match="passed"):
        book(ctx, c, due="2026-11-24 10:30")
    assert Ticket.select().count() == 0


def test_a_callback_is_due_from_its_time(env):
    ctx, c = env
    book(ctx, c, due="2026-11-24 14:00")
    snapshot = callbacks.load_callbacks()
    assert snapshot.due(at("2026-11-24 13:59")) == ()
    assert len(snapshot.due(at("2026-11-24 14:00"))) == 1


def test_opening_a_callback_starts_an_outgoing_verified_call(env):
    ctx, c = env
    tid = book(ctx, c).ticket_id
    start = callbacks.start_callback(tid, operator="t", calendar=ctx.calendar,
                                     now=at("2026-11-24 14:01"))
    call = Call.get_by_id(start.call_id)
    assert call.direction == "out" and call.verified and call.contract_id == c.id
    assert call.callback_ticket_id == tid
    assert start.lookup.verification.verified and start.lookup.card.id == c.id
    assert start.surname == "Иванов" and start.item.phone == "+79031112233"
    with pytest.raises(CallbackError, match="Another console"):
        callbacks.start_callback(tid, operator="u", calendar=ctx.calendar,
                                 now=at("2026-11-24 14:02"))


def test_r01_a_callback_is_not_opened_outside_phone_hours(env):
    ctx, c = env
    tid = book(ctx, c, due="2026-11-24 17:45").ticket_id
    with pytest.raises(CallbackError, match="10:00-18:00"):
        callbacks.start_callback(tid, operator="t", calendar=ctx.calendar,
                                 now=at("2026-11-24 18:05"))
    assert Call.select().count() == 0


def _open(ctx, tid, now):
    return callbacks.start_callback(tid, operator="t", calendar=ctx.calendar, now=at(now))


def test_a_callback_done_closes_it_and_the_call(env):
    ctx, c = env
    tid = book(ctx, c).ticket_id
    start = _open(ctx, tid, "2026-11-24 14:00")
    due = callbacks.finish_callback(start.call_id, "done", operator="t", calendar=ctx.calendar,
                                    now=at("2026-11-24 14:05"))
    assert due is None and Ticket.get_by_id(tid).status == "done"
    call = Call.get_by_id(start.call_id)
    assert call.outcome == "solved" and call.ended_at == at("2026-11-24 14:05")
    assert callbacks.load_callbacks().items == ()
    assert AuditEvent.select().where(AuditEvent.action == "callback_done").count() == 1


def test_a_rebooked_callback_moves_to_its_new_time(env):
    ctx, c = env
    tid = book(ctx, c).ticket_id
    start = _open(ctx, tid, "2026-11-24 14:00")
    with pytest.raises(CallbackError, match="10:00-18:00"):
        callbacks.finish_callback(start.call_id, "rebooked", operator="t",
                                  calendar=ctx.calendar, now=at("2026-11-24 14:05"),
                                  new_due=at("2026-11-24 20:00"))
    due = callbacks.finish_callback(start.call_id, "rebooked", operator="t",
                                    calendar=ctx.calendar, now=at("2026-11-24 14:05"),
                                    new_due=at("2026-11-25 11:00"))
    ticket = Ticket.get_by_id(tid)
    assert due == at("2026-11-25 11:00") == ticket.desired_at and ticket.status == "open"
    assert Call.get_by_id(start.call_id).outcome == "callback"


def test_an_unreachable_client_is_tried_again_in_15_minutes_inside_phone_hours(env):
    ctx, c = env
    tid = book(ctx, c).ticket_id
    start = _open(ctx, tid, "2026-11-24 14:00")
    due = callbacks.finish_callback(start.call_id, "unreachable", operator="t",
                                    calendar=ctx.calendar, now=at("2026-11-24 14:03"))
    ticket = Ticket.get_by_id(tid)
    assert due == at("2026-11-24 14:18") == ticket.desired_at
    assert ticket.callback_attempts == 1 and ticket.status == "open"
    assert Call.get_by_id(start.call_id).outcome == "unreachable"
    # Late in the day the retry goes to the next working morning, not 18:05 (R1).
    start = _open(ctx, tid, "2026-11-24 17:50")
    due = callbacks.finish_callback(start.call_id, "unreachable", operator="t",
                                    calendar=ctx.calendar, now=at("2026-11-24 17:52"))
    assert due == at("2026-11-25 10:00") and Ticket.get_by_id(tid).callback_attempts == 2


def test_a_callback_call_ends_once(env):
    ctx, c = env
    tid = book(ctx, c).ticket_id
    start = _open(ctx, tid, "2026-11-24 14:00")
    callbacks.finish_callback(start.call_id, "done", operator="t", calendar=ctx.calendar,
                              now=at("2026-11-24 14:05"))
    with pytest.raises(CallbackError, match="already ended"):
        callbacks.finish_callback(start.call_id, "unreachable", operator="t",
                                  calendar=ctx.calendar, now=at("2026-11-24 14:06"))
    assert Ticket.get_by_id(tid).callback_attempts == 0


def test_retry_rule_is_pure_and_keeps_to_phone_hours(env):
    from console.rules.callbacks import phones_mobile_first, retry_at

    ctx, _c = env
    assert retry_at(at("2026-11-27 17:50"), ctx.calendar) == at("2026-11-30 10:00")  # Fri->Mon
    assert retry_at(at("2026-11-24 09:00"), ctx.calendar) == at("2026-11-24 10:00")
    assert retry_at(at("2026-11-24 12:00"), ctx.calendar, timedelta(minutes=5)) == at(
        "2026-11-24 12:05")
    assert phones_mobile_first((("a", False), ("b", True), ("c", False))) == [
        ("b", True), ("a", False), ("c", False)]
