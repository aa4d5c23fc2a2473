"""Queue services over a real database: intake, re-plan, reshuffle, notify list, R8 charges."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.db import open_database
from console.models import AuditEvent, Charge, Contract, Notification, Technician, Ticket
from console.services import notify, tickets
from console.services.queue_view import load_queue

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)  # Tuesday, a working day


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MSK)


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    contract = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                               first_name="Иван", surname_key="иванов", balance_kopecks=125000)
    Technician.create(name="Сидоров Пётр", phone="+79031112233")
    yield ctx, contract
    db.close()


def new(contract, task="no_link", desired=None, **kw) -> tickets.NewTicket:
    return tickets.NewTicket(
        contract_id=contract.id, task_type=task, description="нет связи",
        responsible_name="Иванов Иван", contact_phone="+79031234567", contact_is_mobile=True,
        desired_at=desired, intercom_code="45К1234", no_intercom=False,
        billable_agreed=kw.pop("billable_agreed", False), **kw,
    )


def create(ctx, contract, task="no_link", desired=None, now=NOW, **kw):
    # R6: a visit needs a desired time; "as soon as possible" is the moment of the call.
    desired = desired or now
    return tickets.create_ticket(new(contract, task, desired, **kw), operator="tester",
                                 calendar=ctx.calendar, now=now)


def test_r09_ticket_is_queued_with_its_appendix4_priority_and_gets_an_eta(env):
    ctx, contract = env
    out = create(ctx, contract, "no_link")
    ticket = Ticket.get_by_id(out.ticket_id)
    assert ticket.priority == ctx.reference.task_type("no_link").priority
    assert out.eta_start is not None
    start = out.eta_start.astimezone(MSK)
    assert start >= NOW and (start.hour, start.minute) >= (10, 30)  # R3
    assert out.eta_end.astimezone(MSK) <= start.replace(hour=17, minute=0)
    assert AuditEvent.select().where(AuditEvent.action == "ticket_created").count() == 1


def test_r06_desired_time_is_honoured(env):
    ctx, contract = env
    out = create(ctx, contract, desired=at("2026-11-26 14:00"))
    assert out.eta_start.astimezone(MSK) == at("2026-11-26 14:00")


def test_r12_billable_work_needs_agreement(env):
    ctx, contract = env
    with pytest.raises(tickets.TicketError):
        create(ctx, contract, "router_setup")
    assert Ticket.select().count() == 0
    assert create(ctx, contract, "router_setup", billable_agreed=True).eta_start is not None


def test_r11_urgent_ticket_reshuffles_and_notifies_moved_clients(env):
    ctx, contract = env
    first = create(ctx, contract, "unstable_link", desired=at("2026-11-24 12:00"))
    tickets.mark_told(first.ticket_id, operator="tester", now=NOW)
    assert Ticket.get_by_id(first.ticket_id).told_start == first.eta_start
    # An outage at 11:00 with one technician takes 11:00-13:00: the 12:00 visit moves to 13:00.
    urgent = create(ctx, contract, "node_outage", now=NOW)
    assert urgent.eta_start.astimezone(MSK) == at("2026-11-24 11:00")
    moved = Ticket.get_by_id(first.ticket_id)
    assert moved.eta_start.astimezone(MSK) == at("2026-11-24 13:00")
    assert urgent.replan.shifts[first.ticket_id] == timedelta(hours=1)
    # Exactly one hour later is still "within one hour" (R10): nobody to call yet.
    assert Notification.select().count() == 0
    create(ctx, contract, "node_outage", now=NOW)  # another outage: now 15:00, 3 h later
    note = Notification.get()
    assert note.ticket_id == first.ticket_id and note.status == "pending"
    assert note.old_start == first.eta_start
    assert note.new_start.astimezone(MSK) == at("2026-11-24 15:00")
    assert notify.load_notify().items[0].client == "Иванов Иван"


def test_d09_notify_answers_called_sms_and_unreachable(env):
    ctx, contract = env
    first = create(ctx, contract, "unstable_link", desired=at("2026-11-24 12:00"))
    tickets.mark_told(first.ticket_id, operator="tester", now=NOW)
    create(ctx, contract, "node_outage")
    create(ctx, contract, "node_outage")
    note = Notification.get()
    notify.answer(note.id, "unreachable", operator="tester", calendar=ctx.calendar, now=NOW)
    item = notify.load_notify().items[0]
    assert item.status == "unreachable" and item.attempts == 1
    assert item.retry_at == NOW + timedelta(minutes=15) and not item.due(NOW)
    assert item.due(NOW + timedelta(minutes=15))
    notify.answer(note.id, "called", operator="tester", calendar=ctx.calendar, now=NOW)
    assert notify.load_notify().items == ()
    ticket = Ticket.get_by_id(first.ticket_id)
    assert ticket.told_start == ticket.eta_start  # what the client now knows (R10)
    # D15: and when the work should be done: the new arrival plus the work's length.
    minutes = ticket.task_type.duration_min
    assert ticket.told_duration_min == minutes
    assert ticket.told_due == ticket.eta_start + timedelta(minutes=minutes)
    with pytest.raises(tickets.TicketError):
        notify.answer(note.id, "sms", operator="tester", calendar=ctx.calendar, now=NOW)


def test_d09_the_notify_list_read_again_keeps_the_items_that_read_the_same(env):
    """Issue 12: ~1,000 owed calls are read after every change; an item whose row did not
    change is the one made before, and any change to its row makes it anew."""
    ctx, contract = env
    first = create(ctx, contract, "unstable_link", desired=at("2026-11-24 12:00"))
    tickets.mark_told(first.ticket_id, operator="tester", now=NOW)
    create(ctx, contract, "node_outage")
    create(ctx, contract, "node_outage")
    before = notify.load_notify().items
    again = notify.load_notify().items
    assert again == before and again[0] is before[0]
    Ticket.update(responsible_name="Петров Пётр").where(
        Ticket.id == first.ticket_id).execute()
    renamed = notify.load_notify().items
    assert renamed[0].client == "Петров Пётр" and renamed[0] is not before[0]


def test_r08_late_cancellation_is_charged_after_confirmation(env):
    ctx, contract = env
    out = create(ctx, contract, desired=at("2026-11-24 12:00"))
    tickets.mark_told(out.ticket_id, operator="tester", now=NOW)
    late = at("2026-11-24 11:30")
    with pytest.raises(tickets.ChargeDecisionNeeded) as info:
        tickets.cancel(out.ticket_id, "решили сами", version=None, operator="tester",
                       calendar=ctx.calendar, now=late)
    assert info.value.price_kopecks == ctx.reference.price_item("1.1").price_kopecks
    assert Ticket.get_by_id(out.ticket_id).status == "open"  # nothing stored yet
    result = tickets.cancel(out.ticket_id, "решили сами", version=None, operator="tester",
                            calendar=ctx.calendar, now=late, charge=True)
    charge = Charge.get()
    assert charge.amount_kopecks == result.charged_kopecks > 0 and not charge.waived
    assert charge.item.code == "1.1"
    assert Ticket.get_by_id(out.ticket_id).status == "cancelled"


def test_r08_timely_cancellation_is_free(env):
    ctx, contract = env
    out = create(ctx, contract, desired=at("2026-11-24 12:00"))
    tickets.mark_told(out.ticket_id, operator="tester", now=NOW)
    tickets.cancel(out.ticket_id, "решили сами", version=None, operator="tester",
                   calendar=ctx.calendar, now=at("2026-11-24 11:00"))
    assert Charge.select().count() == 0


def test_d10_waiver_needs_a_reason_and_is_audited(env):
    ctx, contract = env
    out = create(ctx, contract, desired=at("2026-11-24 12:00"))
    tickets.mark_told(out.ticket_id, operator="tester", now=NOW)
    late = at("2026-11-24 11:45")
    with pytest.raises(tickets.TicketError):
        tickets.cancel(out.ticket_id, "x", version=None, operator="tester",
                       calendar=ctx.calendar, now=late, charge=False)
    tickets.cancel(out.ticket_id, "x", version=None, operator="tester", calendar=ctx.calendar,
                   now=late, charge=False, waiver_reason="техник опоздал сам")
    assert Charge.get().waived
    assert AuditEvent.select().where(AuditEvent.action == "late_cancel_waived").count() == 1


def test_r08_d10_a_client_who_cancels_when_told_of_our_move_is_not_charged(env):
    ctx, contract = env
    first = create(ctx, contract, "unstable_link", desired=at("2026-11-24 12:00"))
    tickets.mark_told(first.ticket_id, operator="tester", now=NOW)
    create(ctx, contract, "node_outage")
    create(ctx, contract, "node_outage")
    note = Notification.get()
    late = at("2026-11-24 11:30")  # 30 min before the told 12:00, but we moved it
    notify.answer(note.id, "client_cancels", operator="tester", calendar=ctx.calendar,
                  now=late, cancelled_by="responsible")
    assert Charge.select().count() == 0
    ticket = Ticket.get_by_id(first.ticket_id)
    assert ticket.status == "cancelled" and ticket.cancelled_by == "responsible"
    assert notify.load_notify().items == ()


def test_d08_pinned_and_in_progress_visits_never_move(env):
    ctx, contract = env
    a = create(ctx, contract, "unstable_link", desired=at("2026-11-24 12:00"))
    version = Ticket.get_by_id(a.ticket_id).version
    tickets.set_pinned(a.ticket_id, True, version=version, operator="tester",
                       calendar=ctx.calendar, now=NOW)
    b = create(ctx, contract, "unstable_link", desired=at("2026-11-24 14:00"))
    tickets.start_visit(b.ticket_id, version=None, operator="tester", calendar=ctx.calendar,
                        now=at("2026-11-24 14:00"))
    create(ctx, contract, "node_outage")
    create(ctx, contract, "node_outage")
    assert Ticket.get_by_id(a.ticket_id).eta_start.astimezone(MSK) == at("2026-11-24 12:00")
    assert Ticket.get_by_id(b.ticket_id).eta_start.astimezone(MSK) == at("2026-11-24 14:00")


def pin(ctx, ticket_id: int) -> None:
    tickets.set_pinned(ticket_id, True, version=Ticket.get_by_id(ticket_id).version,
                       operator="tester", calendar=ctx.calendar, now=NOW)


def pinned_and_forged(ctx, contract, start: str, end: str) -> int:
    """A pinned 12:00-13:00 visit, and a second ticket whose ETA another console forged."""
    a = create(ctx, contract, "unstable_link", desired=at("2026-11-24 12:00"))
    pin(ctx, a.ticket_id)
    b = create(ctx, contract, "unstable_link", desired=at("2026-11-25 12:00"))
    Ticket.update(eta_start=at(start), eta_end=at(end)).where(Ticket.id == b.ticket_id).execute()
    return b.ticket_id


def test_double_booking_is_refused_by_the_database(env):
    ctx, contract = env
    b = pinned_and_forged(ctx, contract, "2026-11-24 12:30", "2026-11-24 13:30")
    with pytest.raises(tickets.TicketError, match="already booked"):
        pin(ctx, b)
    assert not Ticket.get_by_id(b).pinned  # the transaction rolled back


def test_a_stale_edit_is_refused_with_what_changed(env):
    ctx, contract = env
    out = create(ctx, contract)
    seen = Ticket.get_by_id(out.ticket_id).version
    tickets.change_priority(out.ticket_id, 1, "авария", version=seen, operator="a",
                            calendar=ctx.calendar, now=NOW, levels=(1, 2, 3, 4))
    with pytest.raises(tickets.StaleTicket):
        tickets.change_priority(out.ticket_id, 4, "ошибка", version=seen, operator="b",
                                calendar=ctx.calendar, now=NOW, levels=(1, 2, 3, 4))
    assert Ticket.get_by_id(out.ticket_id).priority == 1


def test_bad_input_is_refused_and_nothing_stored(env):
    ctx, contract = env
    with pytest.raises(tickets.TicketError):
        create(ctx, contract, "no_such_type")
    out = create(ctx, contract)
    version = Ticket.get_by_id(out.ticket_id).version
    with pytest.raises(tickets.TicketError):
        tickets.change_priority(out.ticket_id, 9, "x", version=version, operator="a",
                                calendar=ctx.calendar, now=NOW, levels=(1, 2, 3, 4))
    with pytest.raises(tickets.TicketError):
        tickets.assign(out.ticket_id, 999, version=version, operator="a",
                       calendar=ctx.calendar, now=NOW)
    assert Ticket.get_by_id(out.ticket_id).version == version


def test_queue_view_lists_open_tickets_in_queue_order(env):
    ctx, contract = env
    low = create(ctx, contract, "unstable_link")
    high = create(ctx, contract, "node_outage")
    snapshot = load_queue()
    rows = snapshot.rows
    assert [r.id for r in rows] == [high.ticket_id, low.ticket_id]
    assert snapshot.position(high.ticket_id) == 1 and rows[0].client == "Иванов И."
    assert rows[0].technician == "Сидоров Пётр"


def test_r10_queue_view_shows_what_changed_and_keeps_the_rows_that_did_not(env):
    """The loader reuses a row the database returns unchanged (issue 12: ~1 ms, not a rebuilt
    10,000-row snapshot); a told time written without a new version (the notify list's answer
    writes it so) and a new position after a raise are still seen."""
    ctx, contract = env
    low = create(ctx, contract, "unstable_link")
    high = create(ctx, contract, "node_outage")
    first = load_queue().rows
    again = load_queue().rows
    assert [a is b for a, b in zip(first, again, strict=True)] == [True, True]
    told = at("2026-11-24 15:00")
    Ticket.update(told_start=told, told_at=NOW).where(Ticket.id == low.ticket_id).execute()
    rows = {r.id: r for r in load_queue().rows}
    assert rows[low.ticket_id].told_start == told
    assert rows[high.ticket_id] is again[0]
    version = Ticket.get_by_id(low.ticket_id).version
    tickets.change_priority(low.ticket_id, 1, "авария", version=version, operator="a",
                            calendar=ctx.calendar, now=NOW, levels=(1, 2, 3, 4))
    snapshot = load_queue()
    rows = snapshot.rows
    assert [(r.id, snapshot.position(r.id), r.priority) for r in rows] == [
        (low.ticket_id, 1, 1), (high.ticket_id, 2, rows[1].priority)]


def test_r13_queue_view_shows_what_billing_the_dispatcher_and_the_roster_changed(env, tmp_path):
    """The loader reads the columns a re-plan never writes again only for a ticket whose version
    or contract stamp changed (issue 12): each writer of them is seen on the next load."""
    from console.services.billing.importer import import_contracts

    ctx, contract = env
    out = create(ctx, contract)
    other = create(ctx, contract, "unstable_link")
    row = {r.id: r for r in load_queue().rows}[out.ticket_id]
    assert (row.client, row.address, row.technician) == ("Иванов И.", "", "Сидоров Пётр")
    # The billing import, the one writer of contracts, changes the holder's address and name.
    csv = tmp_path / "billing.csv"
    csv.write_text("Номер договора;Фамилия;Имя;Отчество;Организация;Адрес;Телефоны;Баланс;Статус\n"
                   "10000001;Иванова;Инна;Петровна;;г. Москва, ул. Тверская, д. 12;"
                   "+7 903 111-22-33;1 250,00;активен\n", encoding="utf-8")
    import_contracts(csv, operator="tester", as_of=NOW, now=NOW + timedelta(hours=1))
    for row in load_queue().rows:  # neither ticket has a new version
        assert (row.client, row.address) == ("Иванова И. П.", "г. Москва, ул. Тверская, д. 12")
    # The roster renames the technician: no ticket changes.
    Technician.update(name="Сидоров Пётр Ильич").execute()
    assert {r.technician for r in load_queue().rows} == {"Сидоров Пётр Ильич"}
    # The dispatcher adds to the ticket: a new version.
    tickets.add_to_ticket(out.ticket_id, "звонил ещё раз", operator="tester",
                          calendar=ctx.calendar, now=NOW)
    row = {r.id: r for r in load_queue().rows}[out.ticket_id]
    assert "звонил ещё раз" in row.description
    tickets.cancel(other.ticket_id, "не нужно", version=None, operator="tester",
                   calendar=ctx.calendar, now=NOW)
    assert [r.id for r in load_queue().rows] == [out.ticket_id]


@pytest.mark.parametrize("desired", ["2026-11-24 09:00", "2026-11-28 12:00", "2026-11-24 16:30",
                                     "2026-11-23 12:00"])
def test_r03_service_refuses_a_desired_time_outside_the_window_or_in_the_past(env, desired):
    ctx, contract = env
    with pytest.raises(tickets.TicketError):
        create(ctx, contract, "no_link", desired=at(desired))  # 90 minutes from 16:30 > 17:00
    assert Ticket.select().count() == 0


def test_d09_a_cancelled_ticket_leaves_the_notify_list(env):
    ctx, contract = env
    first = create(ctx, contract, "unstable_link", desired=at("2026-11-24 12:00"))
    tickets.mark_told(first.ticket_id, operator="tester", now=NOW)
    create(ctx, contract, "node_outage")
    news = create(ctx, contract, "node_outage")
    assert news.replan.notified == (first.ticket_id,)
    assert len(notify.load_notify().items) == 1
    again = create(ctx, contract, "no_link", desired=at("2026-11-27 12:00"))
    assert again.replan.notified == ()  # nothing new moved: the list is not raised again
    tickets.cancel(first.ticket_id, "клиент отказался", version=None, operator="tester",
                   calendar=ctx.calendar, now=at("2026-11-24 09:00"))
    assert notify.load_notify().items == ()
    assert Notification.get().status == "ticket_closed"


def test_a_visit_in_progress_cannot_be_reassigned_or_pinned(env):
    ctx, contract = env
    out = create(ctx, contract, desired=at("2026-11-24 12:00"))
    tickets.start_visit(out.ticket_id, version=None, operator="t", calendar=ctx.calendar,
                        now=at("2026-11-24 12:00"))
    version = Ticket.get_by_id(out.ticket_id).version
    other = Technician.create(name="Антонов")
    with pytest.raises(tickets.TicketError, match="already started"):
        tickets.assign(out.ticket_id, other.id, version=version, operator="t",
                       calendar=ctx.calendar, now=NOW)
    with pytest.raises(tickets.TicketError, match="already started"):
        tickets.set_pinned(out.ticket_id, True, version=version, operator="t",
                           calendar=ctx.calendar, now=NOW)
    assert Ticket.get_by_id(out.ticket_id).technician_id is None


def test_d09_a_visit_moved_back_withdraws_its_pending_call(env):
    ctx, contract = env
    first = create(ctx, contract, "unstable_link", desired=at("2026-11-24 12:00"))
    tickets.mark_told(first.ticket_id, operator="tester", now=NOW)
    outage = create(ctx, contract, "node_outage")
    create(ctx, contract, "node_outage")
    assert Notification.get().status == "pending"  # 12:00 -> 15:00
    tickets.cancel(outage.ticket_id, "ложная тревога", version=None, operator="tester",
                   calendar=ctx.calendar, now=at("2026-11-24 09:00"))
    tickets.replan_now(calendar=ctx.calendar, now=NOW)
    eta = Ticket.get_by_id(first.ticket_id).eta_start.astimezone(MSK)
    assert eta == at("2026-11-24 13:00")  # back within the hour of the told 12:00
    assert Notification.get().status == "superseded"
    assert notify.load_notify().items == ()


def test_d09_calling_with_a_stale_time_is_refused(env):
    ctx, contract = env
    first = create(ctx, contract, "unstable_link", desired=at("2026-11-24 12:00"))
    tickets.mark_told(first.ticket_id, operator="tester", now=NOW)
    create(ctx, contract, "node_outage")
    create(ctx, contract, "node_outage")
    note = Notification.get()
    Ticket.update(eta_start=at("2026-11-25 10:30")).where(Ticket.id == first.ticket_id).execute()
    with pytest.raises(tickets.TicketError, match="moved again"):
        notify.answer(note.id, "called", operator="tester", calendar=ctx.calendar, now=NOW)
    assert Ticket.get_by_id(first.ticket_id).told_start.astimezone(MSK) == at("2026-11-24 12:00")


def test_r10_ticket_created_and_told_in_one_transaction(env):
    ctx, contract = env
    out = tickets.create_and_tell(new(contract, "no_link", at("2026-11-24 14:00")),
                                  operator="tester", calendar=ctx.calendar, now=NOW)
    ticket = Ticket.get_by_id(out.ticket_id)
    assert ticket.told_start == out.eta_start == at("2026-11-24 14:00")
    assert AuditEvent.select().where(AuditEvent.action == "eta_told").count() == 1


def test_d10_a_charge_names_the_operator(env):
    ctx, contract = env
    out = create(ctx, contract, desired=at("2026-11-24 12:00"))
    tickets.mark_told(out.ticket_id, operator="tester", now=NOW)
    tickets.cancel(out.ticket_id, "x", version=None, operator="tester", calendar=ctx.calendar,
                   now=at("2026-11-24 11:30"), charge=True)
    assert Charge.get().created_by.login == "tester"


def test_booking_cells_catch_an_overlap_off_the_quarter_hour(env):
    ctx, contract = env
    # Overlaps 12:00-13:00 by 10 minutes, not on a quarter hour.
    b = pinned_and_forged(ctx, contract, "2026-11-24 12:50", "2026-11-24 13:50")
    with pytest.raises(tickets.TicketError, match="already booked"):
        pin(ctx, b)
    # Adjacent is fine.
    Ticket.update(eta_start=at("2026-11-24 13:00"), eta_end=at("2026-11-24 14:00")).where(
        Ticket.id == b).execute()
    pin(ctx, b)



def test_r08_the_notice_comes_from_policy_toml(env):
    from dataclasses import replace

    ctx, contract = env
    out = create(ctx, contract, desired=at("2026-11-24 14:00"))
    tickets.mark_told(out.ticket_id, operator="tester", now=NOW)
    two_hours = replace(ctx.reference.policy, cancel_notice_min=120)
    with pytest.raises(tickets.ChargeDecisionNeeded):  # 1.5 h before: late under a 2 h notice
        tickets.cancel(out.ticket_id, "x", version=None, operator="t", calendar=ctx.calendar,
                       now=at("2026-11-24 12:30"), policy=two_hours)
    tickets.cancel(out.ticket_id, "x", version=None, operator="t", calendar=ctx.calendar,
                   now=at("2026-11-24 12:30"), policy=ctx.reference.policy)  # in time under 1 h
    assert Charge.select().count() == 0
