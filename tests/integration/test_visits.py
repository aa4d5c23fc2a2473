"""Visit services over a real database: booking, moving, on site, overrun, no-show, day close.

Each refusal is proven by calling the service directly with the forbidden input (the service is
the gate), and each time nothing is stored.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from console.db import open_database
from console.models import (
    BookingCell,
    Charge,
    Contract,
    Notification,
    Technician,
    TechnicianDayOff,
    Ticket,
    Visit,
)
from console.rules.visits import PlacementRefused
from console.services import tickets, visits
from console.services.slots import load_day

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)  # Tuesday, a working day


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MSK)


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    contract = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                               first_name="Иван", surname_key="иванов", balance_kopecks=125000,
                               address="г. Москва, ул. Профсоюзная, д. 12, кв. 34")
    a = Technician.create(name="Антонов Пётр")
    b = Technician.create(name="Борисов Иван")
    yield ctx, contract, a, b
    db.close()


def create(ctx, contract, task="no_link", desired=None, now=NOW, tell=False) -> int:
    form = tickets.NewTicket(
        contract_id=contract.id, task_type=task, description="нет связи",
        responsible_name="Иванов Иван", contact_phone="+79031234567", contact_is_mobile=True,
        desired_at=desired or now, intercom_code="45К1234", no_intercom=False,
        billable_agreed=task in ("router_setup", "lan_setup"),
    )
    out = tickets.create_ticket(form, operator="tester", calendar=ctx.calendar, now=now,
                                tell=tell)
    return out.ticket_id


def place(ctx, ticket_id, tech, start, now=NOW):
    return visits.place(ticket_id, tech.id, start, version=None, operator="tester",
                        calendar=ctx.calendar, now=now)


def state():
    """Everything a refused change must leave untouched."""
    return (
        list(Ticket.select().order_by(Ticket.id).tuples()),
        list(Visit.select().order_by(Visit.id).tuples()),
        list(BookingCell.select().order_by(BookingCell.id).tuples()),
    )


def test_d08_a_booked_visit_is_pinned_where_the_dispatcher_put_it(env):
    ctx, contract, _a, b = env
    tid = create(ctx, contract, desired=at("2026-11-25 11:00"))
    out = place(ctx, tid, b, at("2026-11-24 14:00"))
    ticket = Ticket.get_by_id(tid)
    assert ticket.pinned and ticket.planned_technician_id == b.id
    assert out.eta_start.astimezone(MSK) == at("2026-11-24 14:00")
    assert BookingCell.select().count() == 18  # no_link: 90 minutes of 5-minute cells
    day = load_day(date(2026, 11, 24), ctx.calendar, NOW)
    (v,) = day.visits
    assert (v.ticket_id, v.technician_id, v.status) == (tid, b.id, "pinned")
    assert v.short_address == "Профсоюзная 12-34"


@pytest.mark.parametrize(("start", "message"), [
    ("2026-11-24 10:45", "in the past"),
    ("2026-11-24 16:30", "visit window"),
    ("2026-11-25 10:00", "visit window"),
    ("2026-11-28 12:00", "day off"),  # a Saturday (R4)
    ("2026-12-31 12:00", "day off"),  # a holiday
])
def test_r03_r04_booking_is_refused_outside_the_window_on_a_day_off_or_in_the_past(
        env, start, message):
    ctx, contract, a, _b = env
    tid = create(ctx, contract)
    before = state()
    with pytest.raises(PlacementRefused, match=message):
        place(ctx, tid, a, at(start))
    assert state() == before


def test_booking_is_refused_over_another_fixed_visit_and_nothing_is_stored(env):
    ctx, contract, a, _b = env
    first, second = create(ctx, contract), create(ctx, contract)
    place(ctx, first, a, at("2026-11-24 13:00"))
    before = state()
    with pytest.raises(PlacementRefused, match="already has a visit") as err:
        place(ctx, second, a, at("2026-11-24 13:30"))
    assert err.value.values["ticket"] == f"№{first}"
    assert state() == before
    place(ctx, second, a, at("2026-11-24 14:30"))  # adjacent (90 minutes) is fine


def test_booking_is_refused_for_a_technician_on_leave_or_deactivated(env):
    ctx, contract, a, b = env
    tid = create(ctx, contract)
    TechnicianDayOff.create(technician=a, day=date(2026, 11, 24), reason="отпуск")
    b.active = False
    b.save()
    before = state()
    with pytest.raises(PlacementRefused, match="does not work") as err:
        place(ctx, tid, a, at("2026-11-24 14:00"))
    assert err.value.values["reason"] == "отпуск"
    with pytest.raises(PlacementRefused, match="deactivated"):
        place(ctx, tid, b, at("2026-11-24 14:00"))
    assert state() == before


def test_a_started_or_closed_visit_cannot_be_moved(env):
    ctx, contract, _a, b = env
    tid = create(ctx, contract)
    tickets.start_visit(tid, version=None, operator="t", calendar=ctx.calendar, now=NOW)
    with pytest.raises(tickets.TicketError, match="already started"):
        place(ctx, tid, b, at("2026-11-24 15:00"))


def test_two_consoles_booking_the_same_time_one_wins(env):
    """The overlap re-check inside the write lock refuses the second; the unique cells are the
    last guard (a stale read cannot double-book)."""
    ctx, contract, a, _b = env
    first, second = create(ctx, contract), create(ctx, contract)
    place(ctx, first, a, at("2026-11-24 13:00"))
    with pytest.raises(PlacementRefused):
        place(ctx, second, a, at("2026-11-24 13:00"))
    assert Visit.select().where(Visit.technician == a, Visit.status == "planned").count() == 1
    # Forge the race: a visit row without the overlap check still cannot take the cells.
    forged = Visit.create(ticket=second, technician=a, start=at("2026-11-24 13:00"),
                          end=at("2026-11-24 14:00"), status="planned")
    with pytest.raises(Exception, match=r"UNIQUE|unique"):
        BookingCell.insert_many(tickets.cell_rows(a.id, at("2026-11-24 13:00"),
                                                  at("2026-11-24 14:00"), forged.id)).execute()


def test_d09_moving_a_told_visit_past_the_threshold_notifies_the_client(env):
    ctx, contract, a, b = env
    tid = create(ctx, contract, desired=at("2026-11-24 12:00"), tell=True)
    assert Ticket.get_by_id(tid).told_start.astimezone(MSK) == at("2026-11-24 12:00")
    out = place(ctx, tid, b, at("2026-11-24 12:30"))  # within the hour: nobody to call
    assert not out.replan.notified
    out = place(ctx, tid, a, at("2026-11-24 15:00"))
    assert out.replan.notified == (tid,)
    note = Notification.get(Notification.ticket == tid)
    assert note.new_start.astimezone(MSK) == at("2026-11-24 15:00")


def test_d08_on_site_runs_from_the_real_time_and_an_overrun_pushes_the_next_visit(env):
    ctx, contract, _a, _b = env
    Technician.update(active=False).where(Technician.name == "Борисов Иван").execute()
    first = create(ctx, contract, "unstable_link", desired=at("2026-11-24 11:00"))
    second = create(ctx, contract, "unstable_link", desired=at("2026-11-24 12:00"), tell=True)
    assert Ticket.get_by_id(second).eta_start.astimezone(MSK) == at("2026-11-24 12:00")
    tickets.start_visit(first, version=None, operator="t", calendar=ctx.calendar,
                        now=at("2026-11-24 11:10"))
    visit = Visit.get(Visit.ticket == first)
    assert visit.started_at.astimezone(MSK) == at("2026-11-24 11:10")
    assert visit.start.astimezone(MSK) == at("2026-11-24 11:10")
    # started 10 minutes late: the next visit follows at once (no call: within the hour)
    assert Ticket.get_by_id(second).eta_start.astimezone(MSK) == at("2026-11-24 12:10")
    # 13:20 and still on site (planned end 12:10): the planner extends it in 15-minute steps
    out = tickets.replan_now(calendar=ctx.calendar, now=at("2026-11-24 13:20"))
    assert Ticket.get_by_id(second).eta_start.astimezone(MSK) == at("2026-11-24 13:25")
    assert out.notified == (second,)  # 12:00 told, now 13:25: more than an hour (D9)
    day = load_day(date(2026, 11, 24), ctx.calendar, at("2026-11-24 13:20"))
    on_site = next(v for v in day.visits if v.ticket_id == first)
    assert on_site.status == "in_progress"
    assert on_site.end.astimezone(MSK) == at("2026-11-24 13:25")


def test_r03_on_site_is_refused_outside_the_visit_window(env):
    ctx, contract, _a, _b = env
    tid = create(ctx, contract)
    with pytest.raises(tickets.TicketError, match="visit window"):
        tickets.start_visit(tid, version=None, operator="t", calendar=ctx.calendar,
                            now=at("2026-11-24 17:30"))
    assert Ticket.get_by_id(tid).status == "open"


def test_d08_on_site_is_refused_for_a_visit_planned_for_another_day(env):
    ctx, contract, _a, _b = env
    tid = create(ctx, contract, desired=at("2026-11-25 13:00"))  # tomorrow
    with pytest.raises(tickets.TicketError, match=r"25\.11"):
        tickets.start_visit(tid, version=None, operator="t", calendar=ctx.calendar, now=NOW)
    ticket = Ticket.get_by_id(tid)
    assert ticket.status == "open" and ticket.eta_start.astimezone(MSK) == at("2026-11-25 13:00")


def test_a_told_visit_whose_time_came_waits_instead_of_sliding(env):
    ctx, contract, a, _b = env
    Technician.update(active=False).where(Technician.id != a.id).execute()
    tid = create(ctx, contract, desired=at("2026-11-24 11:00"), tell=True)
    out = tickets.replan_now(calendar=ctx.calendar, now=at("2026-11-24 11:40"))
    assert Ticket.get_by_id(tid).eta_start.astimezone(MSK) == at("2026-11-24 11:00")
    assert not out.notified and Notification.select().count() == 0
    # The next day it is re-planned, and the client is told (D9: another day).
    out = tickets.replan_now(calendar=ctx.calendar, now=at("2026-11-25 10:00"))
    assert Ticket.get_by_id(tid).eta_start.astimezone(MSK) == at("2026-11-25 10:30")
    assert out.notified == (tid,)


def test_d18_no_show_is_charged_after_confirmation_or_waived_with_a_reason(env):
    ctx, contract, _a, _b = env
    charged = create(ctx, contract, desired=at("2026-11-24 11:00"), tell=True)
    waived = create(ctx, contract, desired=at("2026-11-24 13:00"), tell=True)
    later = at("2026-11-24 14:30")
    with pytest.raises(tickets.ChargeDecisionNeeded):
        visits.record_no_show(charged, version=None, operator="tester", calendar=ctx.calendar,
                              now=later)
    assert Charge.select().count() == 0
    out = visits.record_no_show(charged, version=None, operator="tester",
                                calendar=ctx.calendar, now=later, charge=True)
    assert out.charged_kopecks == 100000
    with pytest.raises(tickets.TicketError, match="reason"):
        visits.record_no_show(waived, version=None, operator="tester", calendar=ctx.calendar,
                              now=later, charge=False)
    visits.record_no_show(waived, version=None, operator="tester", calendar=ctx.calendar,
                          now=later, charge=False, waiver_reason="подъезд закрыт на ремонт")
    rows = {c.ticket_id: c for c in Charge.select()}
    assert not rows[charged].waived and rows[charged].amount_kopecks == 100000
    assert rows[waived].waived and rows[waived].waiver_reason == "подъезд закрыт на ремонт"
    assert Visit.get(Visit.ticket == charged).status == "no_show"
    assert Ticket.get_by_id(charged).status == "cancelled"


def test_d18_no_show_is_refused_before_the_visit_time(env):
    ctx, contract, _a, _b = env
    tid = create(ctx, contract, desired=at("2026-11-24 15:00"))
    with pytest.raises(tickets.TicketError, match="not come"):
        visits.record_no_show(tid, version=None, operator="t", calendar=ctx.calendar, now=NOW,
                              charge=True)
    assert Charge.select().count() == 0


def test_d18_no_show_of_a_visit_whose_time_the_client_was_never_told_is_not_charged(env):
    ctx, contract, _a, _b = env
    untold = create(ctx, contract, desired=at("2026-11-24 11:00"), tell=False)
    with pytest.raises(tickets.TicketError, match="never told"):
        visits.record_no_show(untold, version=None, operator="t", calendar=ctx.calendar,
                              now=at("2026-11-24 14:30"), charge=True)
    assert Charge.select().count() == 0 and Ticket.get_by_id(untold).status == "open"


def test_day_close_lists_unsettled_visits_after_the_window_and_reschedule_settles(env):
    ctx, contract, _a, _b = env
    told = create(ctx, contract, desired=at("2026-11-24 12:00"), tell=True)
    started = create(ctx, contract, desired=at("2026-11-24 11:00"))
    create(ctx, contract, desired=at("2026-11-24 14:00"))  # not told, not pinned: re-planned
    tickets.start_visit(started, version=None, operator="t", calendar=ctx.calendar,
                        now=at("2026-11-24 11:00"))
    tickets.replan_now(calendar=ctx.calendar, now=at("2026-11-24 16:55"))
    assert visits.unsettled(ctx.calendar, at("2026-11-24 16:55")) == []  # window still open
    evening = at("2026-11-24 17:05")
    tickets.replan_now(calendar=ctx.calendar, now=evening)
    listed = visits.unsettled(ctx.calendar, evening)
    assert {(u.ticket_id, u.status) for u in listed} == {(told, "open"),
                                                         (started, "in_progress")}
    visits.reschedule(told, version=None, operator="t", calendar=ctx.calendar, now=evening)
    assert [u.ticket_id for u in visits.unsettled(ctx.calendar, evening)] == [started]
    assert Ticket.get_by_id(told).eta_start.astimezone(MSK).date() == date(2026, 11, 25)
    assert Notification.get(Notification.ticket == told).reason == "other_day"


def test_d08_a_booking_cannot_go_over_a_told_visit_whose_time_has_come(env):
    """The planner holds a told visit in place once its time comes (waiting for "on site" or
    the day close); F4 must not book another over it (two consoles found this double booking)."""
    ctx, contract, a, b = env
    Technician.update(active=False).where(Technician.id == b.id).execute()
    told = create(ctx, contract, "unstable_link", desired=at("2026-11-24 11:00"), tell=True)
    assert Ticket.get_by_id(told).eta_start.astimezone(MSK) == at("2026-11-24 11:00")
    later = at("2026-11-24 11:20")  # 11:00 has come; nobody marked the technician on site
    other = create(ctx, contract, "unstable_link", desired=at("2026-11-24 14:00"), now=later)
    with pytest.raises(PlacementRefused):
        visits.place(other, a.id, at("2026-11-24 11:30"), version=None, operator="t",
                     calendar=ctx.calendar, now=later)
    out = visits.place(other, a.id, at("2026-11-24 12:00"), version=None, operator="t",
                       calendar=ctx.calendar, now=later)  # right after it: fine
    assert out.eta_start.astimezone(MSK) == at("2026-11-24 12:00")
    assert Ticket.get_by_id(told).eta_start.astimezone(MSK) == at("2026-11-24 11:00")
