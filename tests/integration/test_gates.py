"""The services are the gates (issue 7): each called directly with what its rule forbids.

Every refusal is checked by its sentence, the one the screen shows (console/rules/gates.py).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.db import open_database
from console.models import AuditEvent, BalanceOverride, Call, Contract, Technician, Ticket
from console.rules import gates
from console.rules.eligibility import SCRIPT_BALANCE
from console.rules.validation import ERR_REASON_LENGTH, ERR_REQUIRED, R7_CHECKLIST
from console.services import calls, overrides, tickets
from console.services.operators import add_operator, set_supervisor

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)  # Tuesday, a working day
READ = tuple(NOW + timedelta(seconds=10 * i) for i in range(len(R7_CHECKLIST)))


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    Technician.create(name="Сидоров Пётр")
    add_operator("boss", supervisor=True)
    yield ctx
    db.close()


def contract(number: str, balance: int) -> Contract:
    return Contract.create(number=number, number_key=number, surname="Иванов",
                           surname_key="иванов", balance_kopecks=balance)


def verified_call(c: Contract, operator: str = "tester", now: datetime = NOW) -> int:
    call_id = calls.start_call(operator, now, "open")
    assert calls.lookup(call_id, c.number, "Иванов", operator=operator,
                        now=now).verification.verified
    return call_id


def form(c: Contract, task: str = "no_link", *, call_id: int | None = None,
         channel: str = "phone", **changes) -> tickets.NewTicket:
    new = tickets.NewTicket(
        contract_id=c.id, task_type=task, description="нет связи",
        responsible_name="Иванов Иван", contact_phone="+79031234567", contact_is_mobile=True,
        desired_at=NOW.replace(hour=12), intercom_code="45К1234", no_intercom=False,
        billable_agreed=False, channel=channel, call_id=call_id, r7_read=READ)
    return replace(new, **changes)


def refusal(ctx, new: tickets.NewTicket, **kw) -> str:
    with pytest.raises(tickets.TicketError) as caught:
        tickets.create_and_tell(new, operator="tester", calendar=ctx.calendar, now=NOW,
                                policy=ctx.reference.policy, **kw)
    return str(caught.value)


# -- R14 / D4: the balance gate in the service ----------------------------------------------------
@pytest.mark.parametrize("balance", [-30000, 0])
def test_r14_d04_create_ticket_refuses_visits_and_callbacks_at_or_below_the_minimum(env, balance):
    ctx = env
    c = contract("20000001", balance)
    call_id = verified_call(c)
    assert refusal(ctx, form(c, call_id=call_id)) == SCRIPT_BALANCE  # a visit ticket
    callback = form(c, "callback", call_id=call_id, channel="callback", no_intercom=True,
                    intercom_code="", desired_at=NOW.replace(hour=15))
    assert refusal(ctx, callback) == SCRIPT_BALANCE  # Ctrl+B's ticket
    assert refusal(ctx, form(c)) == SCRIPT_BALANCE  # no call at all: still refused
    assert Ticket.select().count() == 0


def test_r14_d04_min_balance_from_policy_moves_the_gate(env):
    ctx = env
    c = contract("20000002", 5000)  # 50 roubles
    policy = replace(ctx.reference.policy, min_balance_kopecks=10000)
    with pytest.raises(tickets.TicketError, match="positive balance"):
        tickets.create_ticket(form(c, call_id=verified_call(c)), operator="tester",
                              calendar=ctx.calendar, now=NOW, policy=policy)
    out = tickets.create_ticket(form(c, call_id=verified_call(c)), operator="tester",
                                calendar=ctx.calendar, now=NOW, policy=ctx.reference.policy)
    assert Ticket.get_by_id(out.ticket_id).contract_id == c.id


def test_d04_an_override_lifts_the_gate_for_its_call_and_contract_only(env):
    ctx = env
    c = contract("20000003", -30000)
    call_id = verified_call(c, "boss")
    overrides.grant_override(call_id, c.id, "оплата прошла утром", operator="boss", now=NOW)
    other_call = verified_call(c)
    assert refusal(ctx, form(c, call_id=other_call)) == SCRIPT_BALANCE  # another call
    out = tickets.create_and_tell(form(c, call_id=call_id), operator="boss",
                                  calendar=ctx.calendar, now=NOW, policy=ctx.reference.policy)
    assert Ticket.get_by_id(out.ticket_id).call_id == call_id


# -- D4: only a supervisor lifts the gate ----------------------------------------------------------
def test_d04_an_operator_who_is_not_a_supervisor_cannot_override(env):
    c = contract("20000004", -30000)
    call_id = verified_call(c)
    with pytest.raises(overrides.OverrideError) as caught:
        overrides.grant_override(call_id, c.id, "оплата прошла утром", operator="tester",
                                 now=NOW)
    assert str(caught.value) == gates.SUPERVISOR_ONLY
    assert not overrides.has_override(call_id, c.id)


def test_d04_the_override_reason_is_validated(env):
    c = contract("20000005", -30000)
    call_id = verified_call(c, "boss")
    for reason, error in (("x", ERR_REASON_LENGTH), ("   ", ERR_REQUIRED)):
        with pytest.raises(overrides.OverrideError) as caught:
            overrides.grant_override(call_id, c.id, reason, operator="boss", now=NOW)
        assert str(caught.value) == error
        with pytest.raises(overrides.OverrideError):
            overrides.request_override(call_id, c.id, reason, operator="boss", now=NOW)
    assert BalanceOverride.select().count() == 0


def test_d04_an_override_needs_the_verified_contract_of_the_call(env):
    c = contract("20000006", -30000)
    other = contract("20000007", -30000)
    call_id = verified_call(c, "boss")
    with pytest.raises(overrides.OverrideError) as caught:
        overrides.grant_override(call_id, other.id, "оплата прошла утром", operator="boss",
                                 now=NOW)
    assert str(caught.value) == gates.OVERRIDE_NOT_VERIFIED
    rich = contract("20000008", 10000)
    rich_call = verified_call(rich, "boss")
    with pytest.raises(overrides.OverrideError) as caught:
        overrides.grant_override(rich_call, rich.id, "оплата прошла утром", operator="boss",
                                 now=NOW)
    assert str(caught.value) == gates.OVERRIDE_NOT_NEEDED


def test_d04_a_request_is_answered_by_a_supervisor_and_the_audit_names_both(env):
    c = contract("20000009", -30000)
    call_id = verified_call(c)
    request = overrides.request_override(call_id, c.id, "чек об оплате у клиента",
                                         operator="tester", now=NOW)
    snap = overrides.load_overrides("boss", NOW)
    assert snap.is_supervisor and [r.id for r in snap.pending] == [request]
    assert snap.pending[0].balance_kopecks == -30000 and snap.pending[0].contract_number
    assert not overrides.load_overrides("tester", NOW).is_supervisor
    with pytest.raises(overrides.OverrideError) as caught:
        overrides.decide_override(request, True, operator="tester", now=NOW)
    assert str(caught.value) == gates.NOT_A_SUPERVISOR_DECIDES
    assert not overrides.has_override(call_id, c.id)
    assert overrides.decide_override(request, True, operator="boss", now=NOW) == "approved"
    assert overrides.has_override(call_id, c.id)
    with pytest.raises(overrides.OverrideError) as caught:
        overrides.decide_override(request, False, operator="boss", now=NOW)
    assert str(caught.value) == gates.REQUEST_ALREADY_ANSWERED
    event = AuditEvent.get(AuditEvent.action == "balance_override_approved")
    details = json.loads(event.details)
    assert details["operator"] == "tester" and details["supervisor"] == "boss"
    answered = overrides.load_overrides("tester", NOW + timedelta(seconds=1)).answered
    assert [(r.id, r.status, r.supervisor) for r in answered] == [(request, "approved", "boss")]
    from console.services.report import read_figures  # the F7 summary names both as well

    figures = read_figures(NOW.date(), NOW.date(), now=NOW, tz=MSK)
    assert [(o.operator, o.supervisor) for o in figures.overrides] == [("tester", "boss")]


def test_d04_a_refused_request_leaves_the_gate_shut(env):
    ctx = env
    c = contract("20000010", -30000)
    call_id = verified_call(c)
    request = overrides.request_override(call_id, c.id, "чек об оплате у клиента",
                                         operator="tester", now=NOW)
    assert overrides.decide_override(request, False, operator="boss", now=NOW) == "refused"
    assert refusal(ctx, form(c, call_id=call_id)) == SCRIPT_BALANCE


def test_d04_supervisor_status_is_read_at_the_moment_of_the_decision(env):
    c = contract("20000011", -30000)
    call_id = verified_call(c, "boss")
    add_operator("deputy", supervisor=True)  # the last supervisor cannot be demoted
    set_supervisor("boss", False)
    with pytest.raises(overrides.OverrideError):
        overrides.grant_override(call_id, c.id, "оплата прошла утром", operator="boss", now=NOW)


# -- R6 / R7 in the service ------------------------------------------------------------------------
@pytest.mark.parametrize(("changes", "sentence"), [
    ({"responsible_name": ""}, gates.R6_RESPONSIBLE),
    ({"responsible_name": "1"}, gates.R6_RESPONSIBLE),
    ({"contact_phone": ""}, gates.R6_PHONE),
    ({"contact_phone": "12"}, gates.R6_PHONE),
    ({"desired_at": None}, gates.R6_DESIRED),
    ({"intercom_code": ""}, gates.R6_INTERCOM),
    ({"intercom_code": "12", "no_intercom": True}, gates.R6_INTERCOM),
    ({"description": " "}, gates.R6_DESCRIPTION),
])
def test_r06_the_service_refuses_every_omission_for_a_visit(env, changes, sentence):
    ctx = env
    c = contract("20000020", 100000)
    assert refusal(ctx, form(c, **changes)) == sentence
    assert Ticket.select().count() == 0


def test_r06_a_ticket_without_a_visit_needs_no_visit_fields(env):
    ctx = env
    c = contract("20000021", 100000)
    callback = form(c, "callback", channel="callback", intercom_code="", no_intercom=True,
                    desired_at=None, responsible_name="", contact_phone="")
    out = tickets.create_ticket(callback, operator="tester", calendar=ctx.calendar, now=NOW)
    assert Ticket.get_by_id(out.ticket_id).task_type.code == "callback"


def test_r07_the_checklist_is_stored_with_the_time_each_item_was_read(env):
    ctx = env
    c = contract("20000022", 100000)
    call_id = verified_call(c)
    assert refusal(ctx, form(c, call_id=call_id, r7_read=READ[:2])) == gates.R7_NOT_READ
    out = tickets.create_and_tell(form(c, call_id=call_id), operator="tester",
                                  calendar=ctx.calendar, now=NOW)
    stored = json.loads(Ticket.get_by_id(out.ticket_id).r7_read)
    assert [datetime.fromisoformat(x) for x in stored] == list(READ)


def test_d14_ticket_created_by_names_the_operator(env):
    ctx = env
    c = contract("20000023", 100000)
    out = tickets.create_ticket(form(c), operator="boss", calendar=ctx.calendar, now=NOW)
    assert Ticket.get_by_id(out.ticket_id).created_by.login == "boss"


# -- R4 / R13 / R14 / D2: how a call may end ---------------------------------------------
def end(ctx, call_id: int, outcome: str, now: datetime = NOW, **kw) -> str | None:
    try:
        calls.end_call(call_id, outcome, operator="tester", now=now, calendar=ctx.calendar,
                       min_balance_kopecks=ctx.reference.policy.min_balance_kopecks, **kw)
    except calls.CallError as exc:
        return str(exc)
    return None


def test_r13_d02_an_unverified_call_cannot_be_solved_by_phone(env):
    ctx = env
    call_id = calls.start_call("tester", NOW, "open")
    assert end(ctx, call_id, "solved") == gates.OUTCOME_NOT_VERIFIED
    assert end(ctx, call_id, "refused", refusal_reason="balance") == gates.REFUSAL_DOES_NOT_FIT
    assert Call.get_by_id(call_id).ended_at is None
    assert end(ctx, call_id, "refused", refusal_reason="not_verified") is None


def test_r04_d02_a_night_call_and_a_call_ending_after_18_cannot_be_solved_by_phone(env):
    ctx = env
    c = contract("20000030", 100000)
    night = NOW.replace(hour=19, minute=30)
    call_id = verified_call(c, now=night)
    assert end(ctx, call_id, "solved", night) == gates.OUTCOME_INTAKE_ONLY
    late = verified_call(c, now=NOW.replace(hour=17, minute=58))  # verified in service hours
    assert end(ctx, late, "solved", NOW.replace(hour=18, minute=1)) == gates.OUTCOME_INTAKE_ONLY
    # What happened is recorded as what it was: refused for the hours (R4), not "other".
    assert end(ctx, late, "refused", NOW.replace(hour=18, minute=1),
               refusal_reason="hours") is None
    day_call = verified_call(c)
    assert end(ctx, day_call, "refused", refusal_reason="hours") == gates.REFUSAL_DOES_NOT_FIT
    day = verified_call(c)
    assert end(ctx, day, "solved") is None


def test_r14_a_refused_balance_cannot_be_solved_by_phone_without_an_override(env):
    ctx = env
    c = contract("20000031", -30000)
    call_id = verified_call(c, "boss")
    assert end(ctx, call_id, "solved") == gates.OUTCOME_BALANCE
    overrides.grant_override(call_id, c.id, "оплата прошла утром", operator="boss", now=NOW)
    assert end(ctx, call_id, "solved") is None


def test_r06_ticket_outcome_only_when_a_ticket_was_saved_in_the_call(env):
    ctx = env
    c = contract("20000032", 100000)
    call_id = verified_call(c)
    assert end(ctx, call_id, "ticket") == gates.OUTCOME_NO_TICKET
    assert end(ctx, call_id, "callback") == gates.OUTCOME_NO_CALLBACK
    tickets.create_and_tell(form(c, call_id=call_id), operator="tester", calendar=ctx.calendar,
                            now=NOW)
    assert end(ctx, call_id, "callback") == gates.OUTCOME_NO_CALLBACK
    assert end(ctx, call_id, "ticket") is None
    assert end(ctx, call_id, "hung_up") == "The call has already ended"


def test_r04_r13_r14_outcome_list_offers_only_what_the_facts_allow():
    from console.rules.calendar import ServiceMode

    def facts(**kw):
        base = dict(verified=True, balance_ok=True, mode=ServiceMode.OPEN, ticket_saved=False,
                    callback_booked=False)
        return gates.CallFacts(**{**base, **kw})

    assert gates.allowed_outcomes(facts())[0] == "solved"
    assert "solved" not in gates.allowed_outcomes(facts(mode=ServiceMode.INTAKE_ONLY))
    assert gates.allowed_outcomes(facts(verified=False))[0] == "refused"
    assert "solved" not in gates.allowed_outcomes(facts(verified=False))
    assert gates.allowed_outcomes(facts(balance_ok=False))[0] == "refused"
    assert gates.allowed_outcomes(facts(ticket_saved=True))[0] == "ticket"
    assert "ticket" not in gates.allowed_outcomes(facts())
    assert gates.allowed_outcomes(facts(callback_booked=True))[0] == "callback"
    assert gates.refusal_reasons(facts(verified=False))[0] == "not_verified"
    assert gates.refusal_reasons(facts(balance_ok=False))[0] == "balance"
    assert "balance" not in gates.refusal_reasons(facts())


# -- R8 / D10: the moment of notice ---------------------------------------------------------------
def _told_ticket(ctx, c: Contract) -> int:
    out = tickets.create_and_tell(form(c, desired_at=NOW.replace(hour=14, minute=30)),
                                  operator="tester", calendar=ctx.calendar, now=NOW)
    assert out.eta_start == NOW.replace(hour=14, minute=30)
    return out.ticket_id


@pytest.mark.parametrize(("notice", "late"), [
    ("13:29:59", False), ("13:30:00", False), ("13:30:59", False), ("13:31:00", True)])
def test_r08_d10_notice_is_compared_at_minute_resolution(env, notice, late):
    ctx = env
    ticket_id = _told_ticket(ctx, contract("20000040", 100000))
    h, m, s = map(int, notice.split(":"))
    at = NOW.replace(hour=h, minute=m, second=s)
    if late:
        with pytest.raises(tickets.ChargeDecisionNeeded):
            tickets.cancel(ticket_id, "решили сами", version=None, operator="tester",
                           calendar=ctx.calendar, now=at + timedelta(seconds=5), notice_at=at)
    else:
        tickets.cancel(ticket_id, "решили сами", version=None, operator="tester",
                       calendar=ctx.calendar, now=at + timedelta(seconds=5), notice_at=at,
                       cancelled_by="client")
        assert Ticket.get_by_id(ticket_id).cancelled_by == "client"


def test_r08_d10_notice_given_at_the_calls_start_counts_then(env):
    ctx = env
    ticket_id = _told_ticket(ctx, contract("20000041", 100000))
    call_start = NOW.replace(hour=13, minute=29)
    tickets.cancel(ticket_id, "решили сами", version=None, operator="tester",
                   calendar=ctx.calendar, now=NOW.replace(hour=13, minute=32),
                   notice_at=call_start, cancelled_by="responsible")
    ticket = Ticket.get_by_id(ticket_id)
    assert ticket.status == "cancelled" and ticket.cancelled_by == "responsible"


def test_r08_d10_who_cancelled_must_be_the_client_or_the_responsible_person(env):
    ctx = env
    ticket_id = _told_ticket(ctx, contract("20000042", 100000))
    with pytest.raises(tickets.TicketError, match="Who cancelled"):
        tickets.cancel(ticket_id, "решили сами", version=None, operator="tester",
                       calendar=ctx.calendar, now=NOW, cancelled_by="neighbour")


# -- D3: what the dispatcher types as heard ----------------------------------------------------
def test_d03_lookup_verifies_a_spoken_prefix_and_any_separators_in_a_double_surname(env):
    c = Contract.create(number="20000050", number_key="20000050",
                        surname="Семёнова-Тян-Шанская", surname_key="семенова-тян-шанская",
                        balance_kopecks=100)
    call_id = calls.start_call("tester", NOW, "open")
    for number, surname in (("договор № 20000050", "Семенова Тян Шанская"),
                            ("дог. 20000050", "СемёноваТянШанская"),
                            ("№20000050", "семёнова-тян-шанская")):
        result = calls.lookup(call_id, number, surname, operator="tester", now=NOW)
        assert result.verification.verified and result.card.id == c.id


# -- R3 at the visit's start ---------------------------------------------------------------------
def test_r03_a_visit_cannot_start_outside_the_visit_window(env):
    ctx = env
    out = tickets.create_and_tell(form(contract("20000060", 100000)), operator="tester",
                                  calendar=ctx.calendar, now=NOW)
    for when in (NOW.replace(hour=10, minute=20), NOW.replace(hour=17, minute=0),
                 datetime(2026, 11, 29, 12, 0, tzinfo=MSK)):  # before, at the end, a Sunday
        with pytest.raises(tickets.TicketError, match="R3"):
            tickets.start_visit(out.ticket_id, version=None, operator="tester",
                                calendar=ctx.calendar, now=when)
    tickets.start_visit(out.ticket_id, version=None, operator="tester", calendar=ctx.calendar,
                        now=NOW.replace(hour=12))
    assert Ticket.get_by_id(out.ticket_id).status == "in_progress"


def test_r01_a_callback_is_booked_only_inside_phone_hours(env):
    ctx = env
    c = contract("20000070", 100000)

    def callback(when):
        return form(c, "callback", channel="callback", intercom_code="", no_intercom=True,
                    desired_at=when)

    for when in (NOW.replace(hour=18, minute=30), datetime(2026, 11, 29, 12, 0, tzinfo=MSK)):
        assert refusal(ctx, callback(when)) == \
            "A callback is a call: 10:00-18:00 on a working day (R1)"
    out = tickets.create_ticket(callback(NOW.replace(hour=17, minute=30)), operator="tester",
                                calendar=ctx.calendar, now=NOW)
    assert Ticket.get_by_id(out.ticket_id).channel == "callback"
