"""What the client is told (R10/D15), policy that drives behaviour (D9), the record (D14), and
calls left open by a killed terminal (R16)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.config import build_calendar
from console.db import open_database
from console.models import AuditEvent, Call, Contract, Notification, Technician, Ticket
from console.rules import told as told_rules
from console.rules.validation import R7_CHECKLIST
from console.services import calls, notify, tickets
from console.services.history import history_lines
from console.services.operators import add_operator

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)  # Tuesday


def at(hhmm: str, day: int = 24) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return datetime(2026, 11, day, h, m, tzinfo=MSK)


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    c = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                        surname_key="иванов", balance_kopecks=100000)
    add_operator("ivanova")
    yield ctx, c
    db.close()


def new(c, task="no_link", desired=None, **kw) -> tickets.NewTicket:
    return tickets.NewTicket(
        contract_id=c.id, task_type=task, description="нет связи",
        responsible_name="Иванов Иван", contact_phone="+79031234567", contact_is_mobile=True,
        desired_at=desired, intercom_code="12", no_intercom=False,
        billable_agreed=kw.pop("billable_agreed", False),
        r7_read=(NOW,) * len(R7_CHECKLIST), **kw)


def tell(ctx, c, task="no_link", desired=None, now=NOW, calendar=None, **kw):
    return tickets.create_and_tell(new(c, task, desired or now, **kw), operator="ivanova",
                                   calendar=calendar or ctx.calendar, now=now)


# -- R10 / D15 -------------------------------------------------------------------------------------
def test_r10_d15_a_visit_is_told_its_arrival_window_and_its_duration(env):
    ctx, c = env
    Technician.create(name="Сидоров Пётр")
    out = tell(ctx, c, "no_link", at("14:00"))
    told = out.told
    duration = ctx.reference.task_type("no_link").duration_min
    assert told.kind == told_rules.VISIT and told.duration_min == duration
    # From the desired time (D8: never before it) to an hour after the ETA (R10).
    assert (told.window_start, told.window_end) == (at("14:00"), at("15:00"))
    assert told.due == at("14:00") + timedelta(minutes=duration)
    ticket = Ticket.get_by_id(out.ticket_id)
    assert ticket.told_start == at("14:00") and ticket.told_duration_min == duration
    assert ticket.told_due == told.due and not ticket.unplaced_told


def test_r03_r10_the_window_stays_inside_the_visit_hours(env):
    ctx, c = env
    Technician.create(name="Сидоров Пётр")
    told = tell(ctx, c, "no_link", at("10:30", 25), now=NOW).told
    assert told.window_start == at("10:30", 25) and told.window_end == at("11:30", 25)


def test_d15_a_ticket_without_a_visit_is_told_when_it_will_be_handled(env):
    ctx, c = env
    out = tickets.create_and_tell(
        replace(new(c, "consultation", None), no_intercom=True, intercom_code=""),
        operator="ivanova", calendar=ctx.calendar, now=at("15:00"))
    assert out.told.kind == told_rules.NO_VISIT
    assert out.told.due == at("15:00", 25)  # R5: within one working day of service time
    assert Ticket.get_by_id(out.ticket_id).told_due == at("15:00", 25)


def test_d15_an_unplaceable_visit_is_said_so_and_goes_on_the_notify_list_once_placed(env):
    ctx, c = env  # no technician at all
    out = tell(ctx, c, "no_link", at("14:00"))
    assert out.told.kind == told_rules.UNPLACED and out.eta_start is None
    ticket = Ticket.get_by_id(out.ticket_id)
    assert ticket.unplaced_told and ticket.told_start is None
    assert Notification.select().count() == 0
    Technician.create(name="Сидоров Пётр")
    tickets.replan_now(calendar=ctx.calendar, now=NOW)
    note = Notification.get()
    assert note.ticket_id == out.ticket_id and note.reason == "placed"
    assert note.new_start == at("14:00")
    notify.answer(note.id, "called", operator="ivanova", calendar=ctx.calendar, now=NOW)
    assert Ticket.get_by_id(out.ticket_id).told_start == at("14:00")
    assert Notification.get_by_id(note.id).resolved_by.login == "ivanova"  # D14


# -- D9: policy is live ------------------------------------------------------------------
def _moved_by(ctx, c, minutes_threshold: int) -> int:
    """A told visit is pushed 90 minutes by an urgent ticket; how many go on the list?"""
    policy = replace(ctx.reference.policy, notify_threshold_min=minutes_threshold)
    calendar = build_calendar(replace(ctx.reference, policy=policy))
    tell(ctx, c, "unstable_link", at("11:30"), calendar=calendar)
    tell(ctx, c, "node_outage", NOW, calendar=calendar)  # 11:00-..., ahead of it (R11)
    return Notification.select().count()


def test_d09_notify_threshold_from_policy_decides_who_is_called(env):
    ctx, c = env
    Technician.create(name="Сидоров Пётр")
    outage = ctx.reference.task_type("node_outage").duration_min
    assert outage > 60  # the visit moves by more than an hour ...
    assert _moved_by(ctx, c, 60) == 1  # ... so with the default it is news


def test_d09_a_larger_notify_threshold_keeps_the_move_off_the_list(env):
    ctx, c = env
    Technician.create(name="Сидоров Пётр")
    assert _moved_by(ctx, c, 600) == 0


def test_d09_r10_eta_accuracy_from_policy_sets_the_told_window(env):
    ctx, c = env
    Technician.create(name="Сидоров Пётр")
    policy = replace(ctx.reference.policy, eta_accuracy_min=30)
    calendar = build_calendar(replace(ctx.reference, policy=policy))
    told = tell(ctx, c, "no_link", at("14:00"), calendar=calendar).told
    assert (told.window_start, told.window_end) == (at("14:00"), at("14:30"))


def test_d09_eta_accuracy_drives_the_shown_window():
    from console.widgets.fmt import eta_window, set_eta_accuracy

    try:
        set_eta_accuracy(30)
        assert "±30" in eta_window(at("14:00"))
    finally:
        set_eta_accuracy(60)
    assert "±1" in eta_window(at("14:00"))


# -- D14: the record -----------------------------------------------------------------------------
def test_d14_created_by_and_one_audit_event_per_replan_listing_the_moves(env):
    ctx, c = env
    Technician.create(name="Сидоров Пётр")
    first = tell(ctx, c, "unstable_link", at("11:30"))
    assert Ticket.get_by_id(first.ticket_id).created_by.login == "ivanova"
    urgent = tell(ctx, c, "node_outage", NOW)
    events = list(AuditEvent.select().where(AuditEvent.action == "replan_moved"))
    assert len(events) == 1 and events[0].operator == "ivanova"
    details = json.loads(events[0].details)
    assert str(first.ticket_id) in details["moves"] and details["notified"] == [first.ticket_id]
    assert str(urgent.ticket_id) not in details["moves"]  # not told yet when it was placed


def test_d14_r08_d17_history_shows_created_told_moved_priority_and_who_cancelled(env):
    ctx, c = env
    Technician.create(name="Сидоров Пётр")
    first = tell(ctx, c, "unstable_link", at("11:30"))
    tell(ctx, c, "node_outage", NOW)
    ticket = Ticket.get_by_id(first.ticket_id)
    levels = tuple(x.level for x in ctx.reference.classes)
    tickets.change_priority(first.ticket_id, ticket.priority - 1, "клиент — больница",
                            version=ticket.version, operator="ivanova", calendar=ctx.calendar,
                            now=NOW, levels=levels)
    assert Ticket.get_by_id(first.ticket_id).priority_reason == "клиент — больница"  # D17
    tickets.cancel(first.ticket_id, "решили сами", version=None, operator="ivanova",
                   calendar=ctx.calendar, now=NOW, cancelled_by="responsible", charge=False,
                   waiver_reason="первый раз")
    lines = [what for _at, _who, what in history_lines(first.ticket_id)]
    text = "\n".join(lines)
    assert lines[0].startswith("создана")
    assert "сообщено: приход 24.11 11:30-12:30" in text
    assert "перенесена при перепланировании" in text and "в списке на оповещение" in text
    assert "клиент — больница" in text
    assert "отменена, попросил(а) ответственное лицо: решили сами" in text


# -- R16: a call a killed terminal left open -----------------------------------------------
def test_r16_a_call_left_open_is_closed_as_interrupted_at_its_last_activity(env):
    call_id = calls.start_call("ivanova", at("10:05"), "open")
    calls.lookup(call_id, "10000001", "Иванов", operator="ivanova", now=at("10:07"))
    other = calls.start_call("petrova", at("10:06"), "open")  # another console's live call
    closed = calls.close_interrupted("ivanova", now=at("12:00"))
    assert [(x.call_id, x.ended_at) for x in closed] == [(call_id, at("10:07"))]
    call = Call.get_by_id(call_id)
    assert call.outcome == "interrupted" and call.ended_at == at("10:07")
    assert Call.get_by_id(other).ended_at is None
    assert calls.close_interrupted("ivanova", now=at("12:01")) == []


def test_d14_every_ticket_event_reads_in_russian_with_its_facts(env):
    from console.services.history import HistoryEntry, describe

    def line(action, **details):
        return describe(HistoryEntry(NOW, "ivanova", action, details))

    assert line("notify_sms") == "оповещение: SMS отправлено"
    assert line("notify_client_cancels") == "оповещение: клиент отменяет"
    assert line("no_show_waived", waiver_reason="подъезд закрыт") == (
        "неявка (D18) без начисления: подъезд закрыт")
    assert line("no_show_charged", kopecks=100000) == (
        "неявка (D18): начислена позиция 1.1, 1\xa0000,00\xa0₽")
    assert line("act_signed", act="А-2026-0002", total_kopecks=258250) == (
        "акт А-2026-0002: 2\xa0582,50\xa0₽")
    assert line("visit_finished", act_signed_by="Семёнова") == (
        "выезд завершён, акт подписал(а) Семёнова")
    assert line("visit_started") == "специалист на месте"
    assert line("callback_rebooked") == "обратный звонок: перенесён"
    assert line("ticket_created", task_type="no_link", priority=2, channel="helpdesk") == (
        "создана: Нет подключения у абонента (обрыв кабеля, нет линка), приоритет 2, "
        "канал HelpDesk")
