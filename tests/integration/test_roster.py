"""Technicians' days off and deactivation (R3, D8, D9) from the services and the command line,
and the charges export for billing (R8, R12, D18)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from console.cli import main
from console.db import open_database
from console.models import (
    AuditEvent,
    Charge,
    Contract,
    Notification,
    PriceItem,
    Technician,
    TechnicianDayOff,
    Ticket,
)
from console.services import roster, tickets, visits
from console.services.technicians import TechnicianError
from tests.doc_reading import csv_rows, xlsx_rows

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MSK)


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    contract = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                               first_name="Иван", surname_key="иванов", balance_kopecks=125000)
    a = Technician.create(name="Антонов Пётр")
    b = Technician.create(name="Борисов Иван")
    yield ctx, contract, a, b
    db.close()


def create(ctx, contract, desired: str, tell=True) -> int:
    form = tickets.NewTicket(
        contract_id=contract.id, task_type="unstable_link", description="медленно",
        responsible_name="Иванов Иван", contact_phone="+79031234567", contact_is_mobile=True,
        desired_at=at(desired), intercom_code="1", no_intercom=False, billable_agreed=False)
    return tickets.create_ticket(form, operator="t", calendar=ctx.calendar, now=NOW,
                                 tell=tell).ticket_id


def test_d08_d09_a_week_off_re_plans_his_visits_and_notifies(env):
    ctx, contract, a, b = env
    Technician.update(active=False).where(Technician.id == b.id).execute()
    tid = create(ctx, contract, "2026-11-25 12:00")
    visits.place(tid, a.id, at("2026-11-25 12:00"), version=None, operator="t",
                 calendar=ctx.calendar, now=NOW)  # pinned on him
    result = roster.set_days_off(a.id, date(2026, 11, 25), date(2026, 12, 1), "отпуск",
                                 operator="t", calendar=ctx.calendar, now=NOW)
    assert TechnicianDayOff.select().where(TechnicianDayOff.technician == a).count() == 7
    ticket = Ticket.get_by_id(tid)
    assert not ticket.pinned
    assert ticket.eta_start.astimezone(MSK).date() == date(2026, 12, 2)  # after his leave
    assert result.notified == (tid,)
    assert Notification.get().reason == "other_day"
    roster.clear_days_off(a.id, date(2026, 11, 25), date(2026, 12, 1), operator="t",
                          calendar=ctx.calendar, now=NOW)
    assert Ticket.get_by_id(tid).eta_start.astimezone(MSK).date() == date(2026, 11, 25)


def test_d08_a_deactivated_technicians_visits_go_to_others(env):
    ctx, contract, a, b = env
    tid = create(ctx, contract, "2026-11-24 12:00")
    visits.place(tid, a.id, at("2026-11-24 12:00"), version=None, operator="t",
                 calendar=ctx.calendar, now=NOW)
    result = roster.set_active(a.id, False, operator="t", calendar=ctx.calendar, now=NOW)
    ticket = Ticket.get_by_id(tid)
    assert ticket.planned_technician_id == b.id and not ticket.pinned
    assert ticket.eta_start.astimezone(MSK) == at("2026-11-24 12:00")
    # Another technician at the same time: not a move (the command line counted it, the
    # ticket's history said "moved 12:00 -> 12:00").
    assert result.shifts == {} and not result.notified
    assert not AuditEvent.select().where(AuditEvent.action == "replan_moved").exists()


def test_a_day_off_range_that_ends_before_it_starts_is_refused(env):
    ctx, _contract, a, _b = env
    with pytest.raises(TechnicianError, match="ends before"):
        roster.set_days_off(a.id, date(2026, 12, 5), date(2026, 12, 1), "отпуск", operator="t",
                            calendar=ctx.calendar, now=NOW)
    with pytest.raises(TechnicianError, match="reason"):
        roster.set_days_off(a.id, date(2026, 12, 1), date(2026, 12, 5), " ", operator="t",
                            calendar=ctx.calendar, now=NOW)
    assert TechnicianDayOff.select().count() == 0


def test_technician_commands_off_on_deactivate(env, capsys):
    ctx, _contract, _a, _b = env
    db = ["--db", ctx.db_target, "--now", "2026-11-24 11:00", "--operator", "tester",
          "--lang", "en"]
    assert main(["technician", "off", "антонов пётр", "2026-12-01..2026-12-05",
                 "--reason", "отпуск", *db]) == 0
    assert "off 2026-12-01..2026-12-05 (отпуск)" in capsys.readouterr().out
    open_database(ctx.db_target)
    assert TechnicianDayOff.select().count() == 5
    assert main(["technician", "on", "#1", "2026-12-04..2026-12-05", *db]) == 0
    open_database(ctx.db_target)
    assert TechnicianDayOff.select().count() == 3
    assert main(["technician", "off", "#1", "2026-12-05..2026-12-01", "--reason", "x",
                 *db]) == 2
    assert "ends before it starts" in capsys.readouterr().err
    assert main(["technician", "off", "Никто", "2026-12-01", "--reason", "x", *db]) == 2
    assert main(["technician", "deactivate", "Борисов Иван", *db]) == 0
    assert "deactivated" in capsys.readouterr().out
    open_database(ctx.db_target)
    assert not Technician.get_by_id(2).active
    assert main(["technician", "rename", "#2", "Борисов Иван Ильич", *db]) == 0
    open_database(ctx.db_target)
    assert Technician.get_by_id(2).name == "Борисов Иван Ильич"


def test_d18_r12_charges_export_for_billing_csv_and_xlsx(env, tmp_path, capsys):
    ctx, contract, _a, _b = env
    item = PriceItem.get(PriceItem.code == "1.1")
    tid = create(ctx, contract, "2026-11-24 12:00")
    Charge.create(contract=contract, item=item, amount_kopecks=100000, reason="no-show (D18)",
                  ticket=tid, created_at=at("2026-11-24 12:30"))
    Charge.create(contract=contract, item=item, amount_kopecks=100000, reason="late cancel",
                  ticket=tid, waived=True, waiver_reason="ошибка диспетчера",
                  created_at=at("2026-11-25 10:00"))
    Charge.create(contract=contract, item=item, amount_kopecks=100000, reason="outside",
                  created_at=at("2026-12-01 00:30"))  # next month in Moscow time
    db = ["--db", ctx.db_target, "--now", "2026-11-30 11:00", "--lang", "en"]
    out = tmp_path / "charges.xlsx"
    assert main(["export", "charges", "--from", "2026-11-01", "--to", "2026-11-30",
                 "--format", "xlsx", "--out", str(out), *db]) == 0
    assert "exported 2 charges (1000.00 roubles charged)" in capsys.readouterr().out
    header, first, second = xlsx_rows(out)
    assert header[0] == "Договор" and header[5] == "Сумма, ₽"
    assert first[0] == "10000001" and first[1] == "Иванов Иван"
    assert Decimal(str(first[5])) == Decimal("1000.00")
    assert isinstance(first[5], int | float | Decimal)  # a number, not text
    assert second[12] == "да" and second[13] == "ошибка диспетчера"
    csv_out = tmp_path / "charges.csv"
    assert main(["export", "charges", "--from", "2026-11-24", "--to", "2026-11-24",
                 "--out", str(csv_out), *db]) == 0
    rows = csv_rows(csv_out)
    assert len(rows) == 2 and rows[1][5] == "1000,00" and rows[1][7] == "неявка (D18)"
    assert main(["export", "charges", "--from", "2026-11-30", "--to", "2026-11-01", *db]) == 2
    from openpyxl import load_workbook  # the sheet's name keeps both years (31 characters)

    assert load_workbook(out).sheetnames == ["Начисления 01.11.26-30.11.26"]
    capsys.readouterr()
    ru = [*db[:-2], "--lang", "ru"]
    assert main(["export", "charges", "--from", "2026-11-01", "--to", "2026-11-30",
                 "--out", str(csv_out), *ru]) == 0
    assert "(начислено 1000,00 руб.)" in capsys.readouterr().out  # a decimal comma
