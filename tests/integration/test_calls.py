"""Call services over a real database: verification (D3), the card, the call log (R16)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from console.db import open_database
from console.models import Call, Contract, ContractPhone, TaskType, Ticket
from console.services import calls

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


@pytest.fixture
def db(make_ctx):
    ctx = make_ctx()
    database = open_database(ctx.db_target)
    c = Contract.create(number="12-345678", number_key="12345678", surname="Ёлкин",
                        first_name="Пётр", surname_key="елкин", address="ул. [Тестовая], 1",
                        balance_kopecks=500, balance_as_of=NOW)
    ContractPhone.create(contract=c, e164="+74992456777", is_mobile=False)
    ContractPhone.create(contract=c, e164="+79039691445", is_mobile=True)
    Ticket.create(contract=c, task_type=TaskType.get(code="no_link"), priority=2,
                  created_at=NOW, updated_at=NOW)
    yield c
    database.close()


def test_r13_d03_lookup_verifies_and_builds_the_card(db):
    call_id = calls.start_call("tester", NOW, "open")
    result = calls.lookup(call_id, " 12 345-678 ", "елкин", operator="tester", now=NOW)
    assert result.verification.verified
    card = result.card
    assert card.number == "12-345678" and card.holder == "Ёлкин Пётр"
    assert card.mobile_e164 == "+79039691445"  # the mobile, not the first phone (R6)
    assert card.balance_as_of == NOW and card.balance_as_of.tzinfo is not None
    assert len(card.tickets) == 1 and card.tickets[0].task_ru
    call = Call.get_by_id(call_id)
    assert call.verified and call.contract_id == db.id


def test_d03_an_unverified_lookup_returns_nothing_of_the_contract(db):
    call_id = calls.start_call("tester", NOW, "open")
    wrong = calls.lookup(call_id, "12345678", "Иванов", operator="tester", now=NOW)
    assert wrong.card is None
    assert wrong.verification.number_matched and not wrong.verification.surname_matched
    unknown = calls.lookup(call_id, "99999999", "Ёлкин", operator="tester", now=NOW)
    assert unknown.card is None and not unknown.verification.number_matched
    assert not Call.get_by_id(call_id).verified
    junk = calls.lookup(call_id, "x" * 50_000, "\x00" * 10, operator="tester", now=NOW)
    assert junk.card is None


def test_surname_prefix_search_folds_case_and_yo(db):
    assert calls.search_by_surname("ЁЛК") == [("12-345678", "Ёлкин")]
    assert calls.search_by_surname("елк") == [("12-345678", "Ёлкин")]
    assert calls.search_by_surname("") == []


def test_r15_r16_call_is_logged_and_closed_with_its_outcome(db):
    call_id = calls.start_call("tester", NOW, "open")
    calls.lookup(call_id, "12345678", "Ёлкин", operator="tester", now=NOW)  # R13 first
    later = datetime(2026, 11, 24, 8, 16, tzinfo=UTC)
    calls.end_call(call_id, "solved", operator="tester", now=later, notes="перезагрузили роутер")
    call = Call.get_by_id(call_id)
    assert call.outcome == "solved" and call.over_15_min and call.ended_at == later
    with pytest.raises(ValueError):
        calls.end_call(call_id, "nonsense", operator="tester", now=later)
