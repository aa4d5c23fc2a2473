"""Guards for several consoles on one queue (D8, D9, D14), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from peewee import IntegrityError

from console.db import open_database, write_transaction
from console.models import Contract, Notification, Technician, Ticket
from console.services import tickets
from tests.integration.test_concurrency import _new

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    contract = Contract.create(number="1", number_key="1", surname="Иванов",
                               surname_key="иванов", balance_kopecks=100)
    Technician.create(name="Сидоров Пётр")
    yield ctx, contract
    db.close()


def test_d08_pin_refuses_a_visit_that_moved_since_the_dispatcher_saw_it(env):
    ctx, contract = env
    kw = dict(operator="t", calendar=ctx.calendar, now=NOW)
    late = tickets.create_ticket(_new(contract.id, "unstable_link", NOW + timedelta(hours=2)),
                                 **kw)
    seen = Ticket.get_by_id(late.ticket_id)  # the dispatcher's screen: ETA 13:00
    # Another console books an outage at 11:00 that pushes nothing, then one that does.
    tickets.create_ticket(_new(contract.id, "node_outage", NOW + timedelta(hours=1)), **kw)
    moved = Ticket.get_by_id(late.ticket_id)
    assert moved.eta_start != seen.eta_start and moved.version == seen.version
    with pytest.raises(tickets.StaleTicket) as info:
        tickets.set_pinned(seen.id, True, version=seen.version, seen_eta=seen.eta_start, **kw)
    assert set(info.value.changes) == {"eta_start"}
    assert not Ticket.get_by_id(seen.id).pinned
    tickets.set_pinned(seen.id, True, version=seen.version, seen_eta=moved.eta_start, **kw)
    assert Ticket.get_by_id(seen.id).pinned


def test_d09_the_database_refuses_a_second_open_notification_for_one_ticket(env):
    ctx, contract = env
    out = tickets.create_ticket(_new(contract.id, "unstable_link", None), operator="t",
                                calendar=ctx.calendar, now=NOW)
    Notification.create(ticket=out.ticket_id, reason="shifted", created_at=NOW)
    with pytest.raises(IntegrityError), write_transaction():
        Notification.create(ticket=out.ticket_id, reason="shifted", created_at=NOW)
    # Answered ones do not count: history may hold many.
    Notification.update(status="called").execute()
    Notification.create(ticket=out.ticket_id, reason="shifted", created_at=NOW)
    assert Notification.select().count() == 2


def test_d14_a_stale_claim_edit_is_refused_with_what_changed_who_and_when(env):
    from console.models import Operator
    from console.services import claims

    ctx, _contract = env
    Operator.create(login="petrova", name="Петрова Анна")
    out = claims.register_claim(claims.rules.ClaimFields(channel="fax", holder_full_name="Орлов"),
                                NOW - timedelta(days=2), operator="t", calendar=ctx.calendar,
                                now=NOW)
    seen = claims.Claim.get_by_id(out.claim_id).version  # what this console shows
    claims.mark_signed(out.claim_id, version=seen, operator="petrova",
                       now=NOW + timedelta(minutes=2))  # another console, first
    with pytest.raises(claims.StaleClaim) as refused:
        claims.delete_claim(out.claim_id, "дубль", version=seen, operator="ivanova",
                            now=NOW + timedelta(minutes=3))
    change = refused.value.change
    assert (change.action, change.operator) == ("claim_signed", "Петрова Анна")
    assert change.at.astimezone(MSK).strftime("%H:%M") == "11:02"
    assert claims.Claim.get_by_id(out.claim_id).status != "deleted"  # nothing was done


def test_d14_a_stale_helpdesk_reaction_is_refused_with_what_changed(env):
    from console.models import HelpDeskQuestion
    from console.screens.held import refusal_text
    from console.services import helpdesk

    ctx, _contract = env
    helpdesk.add_question("1", "Тема", "Нет связи", NOW - timedelta(hours=1), operator="t",
                          calendar=ctx.calendar, now=NOW)
    question = HelpDeskQuestion.get()
    helpdesk.answer(question.id, "Перезагрузите роутер", version=question.version,
                    operator="petrova", now=NOW + timedelta(minutes=1))
    with pytest.raises(helpdesk.StaleQuestion) as refused:
        helpdesk.answer(question.id, "Ждите техника", version=question.version,
                        operator="ivanova", now=NOW + timedelta(minutes=2))
    assert refused.value.change.action == "question_answer"
    text = refusal_text(refused.value, MSK)
    assert text.endswith("Последнее изменение: дан ответ на вопрос (petrova, 11:01).")
    assert HelpDeskQuestion.get().answer == "Перезагрузите роутер"
