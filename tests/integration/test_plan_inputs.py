"""The planner's inputs read with the rows of the last read kept (services/plan_inputs) are the
inputs a first read gives (D8): whatever changed in between, by a service or by another
writer, and whatever the clock says."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.db import is_postgres_url, open_database, write_transaction
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


# -- the remembered queue (SQLite: proved by the change marks) ---------------------------------

def _normal(got):
    """PlanInputs in an order-free form: a remembered read keeps rows where they were."""
    return (sorted(got.tickets, key=lambda t: t.id), sorted(got.technicians, key=lambda t: t.id),
            got.told, got.current, sorted(got.waiting))


def _inputs_in_change(now: datetime, touched: frozenset[int], change=None):
    """Inside one write transaction (as a service's re-plan): `change()`, then the inputs read
    with `touched` and in full; and whether the queue's full query ran for the first."""
    full_reads = []
    query = inputs._query

    def counting(ids=None):
        if ids is None:
            full_reads.append(1)
        return query(ids)

    with write_transaction():
        if change is not None:
            change()
        inputs._query = counting
        try:
            got = inputs.plan_inputs(now, touched)
        finally:
            inputs._query = query
        whole = inputs.plan_inputs(now)
    return _normal(got), _normal(whole), not full_reads


def _marked(ctx) -> bool:
    """SQLite: commits leave change marks, the proof a remembered queue needs."""
    return not is_postgres_url(ctx.db_target)


def _raise(ctx, ticket_id: int, when: datetime) -> None:
    tickets.change_priority(ticket_id, 1, "авария", version=Ticket.get_by_id(ticket_id).version,
                            operator="tester", calendar=ctx.calendar, now=when,
                            levels=(1, 2, 3, 4))


def test_d08_remembered_queue_equals_a_full_read_and_is_used_only_when_proved(env):
    ctx, contract = env
    ids = [_create(ctx, contract, task, NOW + timedelta(hours=h))
           for h, task in enumerate(["no_link", "unstable_link", "no_link", "router_setup",
                                     "no_link"])]
    # D15: one client told "no technician yet": its slot comes with the inputs' `waiting`.
    Ticket.update(unplaced_told=True, told_start=None).where(Ticket.id == ids[2]).execute()
    _raise(ctx, ids[4], NOW)  # a service's re-plan commits: its rows are remembered

    # This console's change, named: the remembered rows, the changed ticket read again.
    def lower() -> None:
        Ticket.update(priority=4, version=Ticket.version + 1).where(
            Ticket.id == ids[1]).execute()

    got, whole, remembered = _inputs_in_change(NOW, frozenset({ids[1]}), lower)
    assert remembered == _marked(ctx) and got == whole
    assert ids[2] in got[4]

    # The same through the services, one after the other: each is proved by the one before.
    _raise(ctx, ids[0], NOW)
    _raise(ctx, ids[3], NOW + timedelta(minutes=5))
    got, whole, remembered = _inputs_in_change(NOW + timedelta(minutes=5), frozenset({ids[3]}))
    assert remembered == _marked(ctx) and got == whole

    # A ticket leaves the queue and a new one comes, each named by its change.
    tickets.cancel(ids[0], "решено", version=None, operator="tester", calendar=ctx.calendar,
                   now=NOW, charge=False, waiver_reason="тест")
    new = _create(ctx, contract, "no_link", NOW + timedelta(hours=3))
    got, whole, remembered = _inputs_in_change(NOW, frozenset({new}))
    assert remembered == _marked(ctx) and got == whole
    assert new in got[2] and ids[0] not in got[2]


def test_d08_remembered_queue_not_used_after_another_commit_or_a_rollback(env):
    ctx, contract = env
    ids = [_create(ctx, contract, "no_link", NOW + timedelta(hours=h)) for h in range(3)]
    _raise(ctx, ids[2], NOW)
    # A commit the remembered rows do not know (another console's, a script's): in full.
    Ticket.update(desired_at=NOW + timedelta(days=1)).where(Ticket.id == ids[0]).execute()
    got, whole, remembered = _inputs_in_change(NOW, frozenset({ids[1]}))
    assert not remembered and got == whole

    # A change that rolls back leaves nothing remembered of it: what the commit before left
    # is proved still, and read with it the queue is what the database holds.
    _raise(ctx, ids[1], NOW)

    class Boom(Exception):
        pass

    with pytest.raises(Boom), write_transaction():
        Ticket.update(priority=1, version=Ticket.version + 1).where(
            Ticket.id == ids[0]).execute()
        replan(ctx.calendar, NOW, touched=frozenset({ids[0]}))
        raise Boom
    got, whole, remembered = _inputs_in_change(NOW, frozenset({ids[2]}))
    assert remembered == _marked(ctx) and got == whole

    # A re-plan that names nothing (the minute's) reads in full, and is remembered after.
    got, whole, remembered = _inputs_in_change(NOW, None)  # type: ignore[arg-type]
    assert not remembered and got == whole
    got, whole, remembered = _inputs_in_change(NOW, frozenset({ids[2]}))
    assert remembered == _marked(ctx) and got == whole


def test_d08_remembered_queue_not_used_for_another_file_at_the_path(env):
    ctx, contract = env
    ids = [_create(ctx, contract, "no_link", NOW + timedelta(hours=h)) for h in range(2)]
    _raise(ctx, ids[1], NOW)
    if not _marked(ctx):
        assert inputs._remembered is None or inputs._remembered.file[0] != ctx.db_target
        return
    # The same path, a different file (moved in place): the marks may read the same.
    entry = inputs._remembered
    inputs._remembered = inputs._Remembered(
        (entry.file[0], entry.file[1], entry.file[2] + 1), entry.marks, entry.rows, entry.again)
    got, whole, remembered = _inputs_in_change(NOW, frozenset({ids[0]}))
    assert not remembered and got == whole
