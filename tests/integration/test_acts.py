"""Closing a visit with its act (R7, R12): refusals store nothing; the PDF reads back."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from console.db import open_database
from console.models import Act, ActItem, Charge, Contract, Technician, Ticket, Visit
from console.rules.acts import ActItemsRefused, ActLine, parse_items
from console.services import acts, tickets
from tests.doc_reading import pdf_text

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=MSK)


@pytest.fixture
def env(make_ctx, tmp_path):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    contract = Contract.create(number="77-123456", number_key="77123456", surname="Семёнова",
                               first_name="Ольга", patronymic="Игоревна",
                               surname_key="семенова", balance_kopecks=125000,
                               address="г. Москва, ул. Профсоюзная, д. 12, кв. 34")
    Technician.create(name="Сидоров Пётр Ильич")
    yield ctx, contract, tmp_path / "acts"
    db.close()


def started(ctx, contract, task="router_setup") -> int:
    form = tickets.NewTicket(
        contract_id=contract.id, task_type=task, description="настроить роутер",
        responsible_name="Семёнова Ольга", contact_phone="+79031234567", contact_is_mobile=True,
        desired_at=NOW, intercom_code="34", no_intercom=False, billable_agreed=True)
    tid = tickets.create_ticket(form, operator="tester", calendar=ctx.calendar,
                                now=NOW).ticket_id
    tickets.start_visit(tid, version=None, operator="tester", calendar=ctx.calendar, now=NOW)
    return tid


NOON = datetime(2026, 11, 24, 12, 10, tzinfo=MSK)


def close(ctx, tid, acts_dir, now=NOON, **fields):
    act = acts.ActInput(**{"outcome": "done", "signer_name": "Семёнова Ольга",
                           "work_done": "Настроен роутер, проверена скорость",
                           "items": (ActLine("2.1", 1), ActLine("2.5", 4)), **fields})
    return acts.close_visit(tid, act, version=None, operator="tester", calendar=ctx.calendar,
                            now=now, acts_dir=acts_dir, company="ООО «Интернет-провайдер»")


def stored():
    return (Act.select().count(), ActItem.select().count(), Charge.select().count(),
            list(Ticket.select(Ticket.status).tuples()), list(Visit.select(Visit.status).tuples()))


def test_r07_r12_an_act_closes_the_visit_charges_the_items_and_reads_back(env):
    ctx, contract, acts_dir = env
    tid = started(ctx, contract)
    result = close(ctx, tid, acts_dir)
    assert result.number == "А-2026-0001"
    assert result.total_kopecks == 150000 + 4 * 10000
    assert Ticket.get_by_id(tid).status == "done"
    visit = Visit.get(Visit.ticket == tid)
    assert (visit.status, visit.outcome, visit.act_signed_by) == ("done", "done",
                                                                  "Семёнова Ольга")
    charges = sorted((c.item.code, c.quantity, c.amount_kopecks) for c in Charge.select())
    assert charges == [("2.1", 1, 150000), ("2.5", 4, 40000)]
    text = pdf_text(result.pdf_path)
    assert "Акт выполненных работ № А-2026-0001" in text
    assert "77-123456" in text  # the contract
    assert "Семёнова Ольга Игоревна" in text  # the holder, Cyrillic intact
    assert "Профсоюзная" in text and "Сидоров Пётр Ильич" in text
    assert "Итого" in text and "1 900,00 ₽" in text.replace("\xa0", " ")
    assert "ООО «Интернет-провайдер»" in text
    # The next act of the year takes the next number (a free task: no items, nothing billed).
    second = close(ctx, started(ctx, contract, task="no_link"), acts_dir,
                   now=at("2026-11-24 16:00"), items=())
    assert second.number == "А-2026-0002" and second.total_kopecks == 0


def test_r07_an_act_for_another_signer_needs_the_role(env):
    ctx, contract, acts_dir = env
    tid = started(ctx, contract)
    before = stored()
    with pytest.raises(acts.ActRefused) as err:
        close(ctx, tid, acts_dir, signer_name="Петров Иван", signer_is_responsible=False)
    assert err.value.field == "role"
    assert stored() == before
    result = close(ctx, tid, acts_dir, signer_name="Петров Иван", signer_is_responsible=False,
                   signer_role="сосед по доверенности")
    assert "Петров Иван, сосед по доверенности" in " ".join(pdf_text(result.pdf_path).split())


@pytest.mark.parametrize(("fields", "field"), [
    ({"signer_name": "  "}, "signer"),
    ({"items": (ActLine("2.5", 0),)}, "items"),
    ({"items": (ActLine("2.5", -2),)}, "items"),
    ({"items": (ActLine("9.9", 1),)}, "items"),
    ({"outcome": "refused"}, "refusal"),
    ({"outcome": "maybe"}, "outcome"),
    # R12: paid work done with no items would bill nothing; R8: 1.1 is its own decision.
    ({"items": ()}, "items"),
    ({"items": (ActLine("2.1", 1), ActLine("1.1", 1))}, "items"),
])
def test_r07_r12_a_bad_act_is_refused_and_nothing_is_stored(env, fields, field):
    ctx, contract, acts_dir = env
    tid = started(ctx, contract)
    before = stored()
    with pytest.raises(acts.ActRefused) as err:
        close(ctx, tid, acts_dir, **fields)
    assert err.value.field == field
    assert stored() == before
    assert not acts_dir.exists()


def test_r07_an_act_for_a_visit_never_started_is_refused(env):
    ctx, contract, acts_dir = env
    form = tickets.NewTicket(
        contract_id=contract.id, task_type="no_link", description="нет связи",
        responsible_name="Семёнова Ольга", contact_phone="+79031234567", contact_is_mobile=True,
        desired_at=NOW, intercom_code="34", no_intercom=False, billable_agreed=False)
    tid = tickets.create_ticket(form, operator="t", calendar=ctx.calendar, now=NOW).ticket_id
    before = stored()
    with pytest.raises(tickets.TicketError, match="not started"):
        close(ctx, tid, acts_dir)
    assert stored() == before


def test_r12_refused_work_and_a_follow_up_ticket(env):
    ctx, contract, acts_dir = env
    refused = close(ctx, started(ctx, contract), acts_dir, outcome="refused", items=(),
                    work_done="", refusal_reason="нет доступа к щитку: дом на ремонте")
    assert "нет доступа к щитку" in pdf_text(refused.pdf_path)
    first = started(ctx, contract, "no_link")
    result = close(ctx, first, acts_dir, now=at("2026-11-24 15:00"), outcome="follow_up",
                   items=())
    follow = Ticket.get_by_id(result.follow_up_ticket)
    assert follow.status == "open" and follow.contract_id == contract.id
    assert f"№{first}" in follow.description
    assert Act.get_by_id(result.act_id).follow_up_ticket_id == follow.id
    assert f"заявка № {follow.id}" in pdf_text(result.pdf_path)


def test_r07_o_rewrites_the_act_from_the_database(env):
    ctx, contract, acts_dir = env
    tid = started(ctx, contract)
    result = close(ctx, tid, acts_dir)
    result.pdf_path.unlink()
    view = acts.rewrite_act(tid, acts_dir=acts_dir, company="ООО «Интернет-провайдер»")
    assert view.number == "А-2026-0001"
    assert "А-2026-0001" in pdf_text(result.pdf_path)


@pytest.mark.parametrize("text", ["2.5x", "abc", "2.5 x 1.5", "2.5x-1"])
def test_r12_items_line_refuses_what_it_cannot_read(text):
    with pytest.raises(ActItemsRefused):
        parse_items(text)


def test_r12_items_line_reads_numbers_and_quantities():
    assert parse_items("2.1, 2.5x4; 2.3 х 12") == (ActLine("2.1", 1), ActLine("2.5", 4),
                                                   ActLine("2.3", 12))
    assert parse_items("  ") == ()
