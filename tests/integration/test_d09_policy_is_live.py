"""D9: every value of data/policy.toml drives behaviour; each test changes one and sees it.

Covered elsewhere: notify_threshold_min and eta_accuracy_min (test_told_and_record.py),
min_balance (test_gates.py), cancel_notice_min (test_queue_services.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.app import ConsoleApp
from console.config import build_calendar
from console.db import open_database
from console.models import Charge, Contract, Technician
from console.rules.calendar import ServiceMode
from console.rules.validation import R7_CHECKLIST
from console.screens.dialogs import ChoiceDialog
from console.services import tickets
from tests.ui.pilot_helpers import settle, wait_for

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)


def calendar_with(ctx, **changes):
    return build_calendar(replace(ctx.reference, policy=replace(ctx.reference.policy,
                                                                **changes)))


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    c = Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                        surname_key="иванов", balance_kopecks=100000)
    Technician.create(name="Сидоров Пётр")
    yield ctx, c
    db.close()


def visit(c, desired: datetime) -> tickets.NewTicket:
    return tickets.NewTicket(
        contract_id=c.id, task_type="no_link", description="нет связи",
        responsible_name="Иванов Иван", contact_phone="+79031234567", contact_is_mobile=True,
        desired_at=desired, intercom_code="12", no_intercom=False, billable_agreed=False,
        r7_read=(NOW,) * len(R7_CHECKLIST))


def test_d09_d01_timezone_from_policy_sets_the_service_mode(env):
    ctx, _c = env
    instant = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)  # 17:30 in Moscow, 19:30 in Yekaterinburg
    assert ctx.calendar.service_mode(instant) is ServiceMode.OPEN
    assert calendar_with(ctx, timezone="Asia/Yekaterinburg").service_mode(instant) \
        is ServiceMode.INTAKE_ONLY


def test_d09_r01_service_hours_from_policy(env):
    ctx, _c = env
    at_1730 = NOW.replace(hour=17, minute=30)
    assert ctx.calendar.service_mode(at_1730) is ServiceMode.OPEN
    assert calendar_with(ctx, service_close=time(17)).service_mode(at_1730) \
        is ServiceMode.INTAKE_ONLY
    assert calendar_with(ctx, service_open=time(11, 30)).service_mode(NOW) \
        is ServiceMode.INTAKE_ONLY


def test_d09_r03_visit_window_from_policy(env):
    ctx, c = env
    late_start = calendar_with(ctx, visit_start=time(12, 0))
    with pytest.raises(tickets.TicketError, match="R3"):
        tickets.create_ticket(visit(c, NOW.replace(hour=11, minute=0)), operator="t",
                              calendar=late_start, now=NOW)
    out = tickets.create_ticket(visit(c, NOW.replace(hour=12, minute=0)), operator="t",
                                calendar=late_start, now=NOW)
    assert out.eta_start.astimezone(MSK).hour >= 12


def test_d09_r08_the_charged_item_from_policy(env):
    ctx, c = env
    out = tickets.create_and_tell(visit(c, NOW.replace(hour=11, minute=30)), operator="t",
                                  calendar=ctx.calendar, now=NOW)
    policy = replace(ctx.reference.policy, late_cancel_item="2.1")
    tickets.cancel(out.ticket_id, "передумал", version=None, operator="t",
                   calendar=ctx.calendar, now=NOW, policy=policy, charge=True)
    assert Charge.get().item.code == "2.1"


async def test_d09_r15_the_call_limit_from_policy_brings_the_prompt_earlier(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    ctx.reference = replace(ctx.reference, policy=replace(ctx.reference.policy,
                                                          call_warn_min=3, call_limit_min=5))
    app = ConsoleApp(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("ctrl+n")
        await settle(pilot)
        app.ctx.clock.advance(timedelta(minutes=3))
        app.state.tick()
        await pilot.pause()
        assert "-warn" in app.screen.query_one("#call-timer").classes
        app.ctx.clock.advance(timedelta(minutes=2))
        app.state.tick()
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))


async def test_d09_r18_r19_director_and_contacts_from_policy_are_shown_in_help(make_ctx):
    from console.reference import Contact

    ctx = make_ctx("2026-11-24 11:00")
    ctx.reference = replace(ctx.reference, policy=replace(
        ctx.reference.policy, director="Петрова Анна Сергеевна",
        contacts=(Contact("Дежурный", "On duty", "(495) 111 2233"),)))
    app = ConsoleApp(ctx)
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        text = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Петрова Анна Сергеевна" in text and "(495) 111 2233" in text


def test_d09_r18_claim_working_days_from_policy_set_the_due_date(env):
    from console.models import Claim
    from console.rules.claims import ClaimFields
    from console.services.claims import register_claim

    ctx, _c = env
    fields = ClaimFields(channel="fax", holder_full_name="Петров Пётр")
    for days in (ctx.reference.policy.claim_working_days, 5):
        register_claim(fields, NOW, operator="t", calendar=ctx.calendar, now=NOW,
                       working_days=days)
    dues = [c.due_at.astimezone(MSK).date() for c in Claim.select().order_by(Claim.id)]
    assert dues[0] > dues[1] and dues[1].isoformat() == "2026-12-01"


def test_d09_r05_helpdesk_working_days_from_policy_set_the_due_time(env):
    from console.models import HelpDeskQuestion
    from console.services.helpdesk import add_question

    ctx, _c = env
    for days in (ctx.reference.policy.helpdesk_working_days, 2):
        add_question("10000001", "Wi-Fi", "Как сменить пароль?", NOW, operator="t",
                     calendar=ctx.calendar, now=NOW, working_days=days)
    dues = [q.due_at.astimezone(MSK) for q in HelpDeskQuestion.select()
            .order_by(HelpDeskQuestion.id)]
    assert dues == [NOW + timedelta(days=1), NOW + timedelta(days=2)]
