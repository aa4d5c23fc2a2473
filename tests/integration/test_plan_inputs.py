"""The planner's inputs read with the rows of the last read kept (services/plan_inputs) are the
inputs a first read gives (D8): whatever changed in between, by a service or by another
writer, and whatever the clock says."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.db import open_database, write_transaction
from console.models import Contract, Technician, Ticket
from console.services import plan_inputs as inputs
from console.services import tickets
from console.services.schedule import replan

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)  # Tuesday, a working day


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    contract = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                               first_name="Иван", surname_key="иванов", balance_kopecks=125000)
    Technician.create(name="Сидоров Пётр", phone="+79031112233")
    Technician.create(name="Петров Иван", phone="+79031112234")
    yield ctx, contract
    db.close()


def _create(ctx, contract, task: str, desired: datetime) -> int:
    form = tickets.NewTicket(
        contract_id=contract.id, task_type=task, description="нет связи",
        responsible_name="Иванов Иван", contact_phone="+79031234567", contact_is_mobile=True,
        desired_at=desired, intercom_code="45К1234", no_intercom=False, billable_agreed=True)
    return tickets.create_ticket(form, operator="tester", calendar=ctx.calendar,
                                 now=NOW).ticket_id


def _first_read(now: datetime):
    inputs._kept = {}  # nothing kept: every row converted afresh
    return inputs.plan_inputs(now)


def _kept_read(now: datetime):
    return inputs.plan_inputs(now)


def _same(now: datetime) -> None:
    kept = _kept_read(now)
    assert kept == _first_read(now)
    assert _kept_read(now) == kept  # and again, from what the first read kept


def test_d08_plan_inputs_from_kept_rows_equal_a_first_read(env):
    ctx, contract = env
    ids = [_create(ctx, contract, task, NOW + timedelta(hours=h))
           for h, task in enumerate(["no_link", "unstable_link", "no_link", "router_setup",
                                     "no_link", "unstable_link"])]
    _same(NOW)
    # A service's change: a priority moved (D17), a visit told (R10), one pinned (D8).
    version = Ticket.get_by_id(ids[4]).version
    tickets.change_priority(ids[4], 1, "авария", version=version, operator="tester",
                            calendar=ctx.calendar, now=NOW, levels=(1, 2, 3, 4))
    tickets.mark_told(ids[0], operator="tester", now=NOW)
    tickets.set_pinned(ids[1], True, version=Ticket.get_by_id(ids[1]).version,
                       operator="tester", calendar=ctx.calendar, now=NOW)
    _same(NOW)
    # Another writer's change that bumps nothing: ETAs, a desired time, a technician named.
    Ticket.update(eta_start=None, eta_end=None, planned_technician=None).where(
        Ticket.id == ids[2]).execute()
    Ticket.update(desired_at=NOW + timedelta(days=2)).where(Ticket.id == ids[3]).execute()
    Ticket.update(technician=Technician.select().first().id).where(
        Ticket.id == ids[5]).execute()
    _same(NOW)
    # The told visit's time comes (held in place, D8), then the visit starts and overruns.
    told_at = Ticket.get_by_id(ids[0]).eta_start.astimezone(MSK)
    _same(told_at + timedelta(minutes=10))
    tickets.start_visit(ids[0], version=None, operator="tester", calendar=ctx.calendar,
                        now=told_at + timedelta(minutes=10))
    _same(told_at + timedelta(hours=5))
    # A ticket leaves the queue; the re-plan after it writes new ETAs.
    tickets.cancel(ids[3], "решено", version=None, operator="tester", calendar=ctx.calendar,
                   now=NOW, charge=False, waiver_reason="тест")
    with write_transaction():
        replan(ctx.calendar, NOW + timedelta(minutes=7))
    _same(NOW + timedelta(minutes=7))
