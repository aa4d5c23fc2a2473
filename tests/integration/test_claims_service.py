"""Claim services over a real database: registration, numbering, statuses, every refusal."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from peewee import IntegrityError

from console.db import open_database
from console.models import AuditEvent, Claim, ClaimCounter, Contract
from console.rules import claims as rules
from console.services import claims
from console.services.claims_view import claim_detail, load_claims
from console.services.counts import read_counts

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MSK)  # Tuesday, a working day

FIELDS = rules.ClaimFields(
    channel="letter", holder_full_name="Иванов Иван Иванович", contract_number="10-000 001",
    contact_phone="8 (903) 969-14-45", description="Нет связи три дня [важно]",
    incident_from=date(2026, 9, 28), incident_to=date(2026, 9, 30),
    specialist_name="Сидоров П.", reply_channel="letter", signed=True,
)


@pytest.fixture
def env(make_ctx):
    ctx = make_ctx("2026-11-24 11:00")
    db = open_database(ctx.db_target)
    Contract.create(number="10000001", number_key="10000001", surname="Иванов",
                    first_name="Иван", surname_key="иванов", address="Москва, ул. Ленина, 1")
    yield ctx
    db.close()


def register(ctx, fields=FIELDS, received=NOW, now=NOW):
    return claims.register_claim(fields, received, operator="tester", calendar=ctx.calendar,
                                 now=now)


def events(action):
    return [json.loads(e.details) for e in AuditEvent.select().where(AuditEvent.action == action)]


def test_r17_r18_complete_claim_is_registered_with_number_due_date_and_contract(env):
    out = register(env)
    assert out.number == "П-2026-0001" and out.status == rules.REGISTERED and out.missing == ()
    assert out.due_at == datetime(2026, 12, 14, 18, tzinfo=MSK)
    claim = Claim.get_by_id(out.claim_id)
    assert claim.contract is not None and claim.contact_phone == "+79039691445"
    assert claim.holder_address == "Москва, ул. Ленина, 1"  # from the contract, for the letter
    assert events("claim_registered")[0]["number"] == "П-2026-0001"


def test_d12_incomplete_claim_is_registered_with_what_is_missing_and_its_deadline(env):
    out = register(env, replace(FIELDS, specialist_name="", signed=False))
    assert out.status == rules.INCOMPLETE and out.missing == ("specialist", "signature")
    assert out.due_at == datetime(2026, 12, 14, 18, tzinfo=MSK)  # D12: the deadline runs
    assert Claim.get_by_id(out.claim_id).missing == "specialist,signature"


@pytest.mark.parametrize("written", ["№ 10-000-001", "дог. 10000001", "N 10000001"])
def test_d03_r17_a_contract_number_written_as_spoken_links_the_claim(env, written):
    out = register(env, replace(FIELDS, contract_number=written))
    assert out.contract_found
    assert Claim.get_by_id(out.claim_id).contract.number == "10000001"


def test_r17_unknown_contract_is_kept_and_flagged(env):
    out = register(env, replace(FIELDS, contract_number="99-999"))
    assert not out.contract_found
    claim = Claim.get_by_id(out.claim_id)
    assert claim.contract_number == "99-999" and claim.contract is None
    assert not load_claims().rows[0].contract_found


def test_r18_numbers_are_sequential_per_year_and_restart_in_a_new_year(env):
    numbers = [register(env).number for _ in range(3)]
    new_year = datetime(2027, 1, 11, 10, tzinfo=MSK)
    numbers.append(register(env, received=new_year, now=new_year).number)
    numbers.append(register(env, received=NOW, now=new_year).number)  # registered in 2027
    assert numbers == ["П-2026-0001", "П-2026-0002", "П-2026-0003", "П-2027-0001", "П-2027-0002"]


def test_r18_a_deleted_claims_number_is_never_issued_again(env):
    register(env)
    last = register(env)
    assert claims.delete_claim(last.claim_id, "дубль", version=1, operator="tester",
                               now=NOW) == "П-2026-0002"
    assert register(env).number == "П-2026-0003"
    assert events("claim_deleted")[0] == {"number": "П-2026-0002", "reason": "дубль"}


def test_r18_a_failed_save_issues_no_number_and_takes_none(env):
    register(env)
    with mock.patch.object(Claim, "create", side_effect=IntegrityError("disk says no")), \
            pytest.raises(IntegrityError):
        register(env)
    assert ClaimCounter.get(ClaimCounter.year == 2026).last == 1  # rolled back with the claim
    assert register(env).number == "П-2026-0002"
    assert sorted(c.number for c in Claim.select()) == ["П-2026-0001", "П-2026-0002"]


@pytest.mark.parametrize(
    ("fields", "received", "error"),
    [
        (replace(FIELDS, incident_from=date(2026, 11, 4), incident_to=date(2026, 11, 1)), NOW,
         rules.ERR_INCIDENT_ORDER),
        (replace(FIELDS, incident_from=date(2026, 11, 25), incident_to=None), NOW,
         rules.ERR_INCIDENT_FUTURE),
        (FIELDS, datetime(2026, 11, 24, 12, tzinfo=MSK), rules.ERR_RECEIVED_FUTURE),
        (replace(FIELDS, channel="email"), NOW, rules.ERR_EMAIL_SIGNED),
        (replace(FIELDS, channel="telegram"), NOW, rules.ERR_CHANNEL),
        (replace(FIELDS, reply_channel="telegram"), NOW, rules.ERR_REPLY_CHANNEL),
        (replace(FIELDS, contact_phone="позвонить Маше"), NOW,
         "Not a valid phone number, e.g. +7 903 969-14-45"),
        (replace(FIELDS, description="x" * 20_001), NOW, "A field is too long"),
    ],
)
def test_r17_registration_refuses_bad_input_and_stores_nothing(env, fields, received, error):
    with pytest.raises(claims.ClaimError) as exc:
        register(env, fields, received)
    assert str(exc.value) == error
    assert Claim.select().count() == 0 and ClaimCounter.select().count() == 0


def test_r17_email_claim_is_incomplete_until_the_signature_is_recorded(env):
    out = register(env, replace(FIELDS, channel="email", signed=False))
    assert out.status == rules.INCOMPLETE and out.missing == ("signature",)
    assert claims.mark_signed(out.claim_id, version=1, operator="tester",
                              now=NOW) == rules.REGISTERED
    claim = Claim.get_by_id(out.claim_id)
    assert claim.signed and claim.missing == "" and claim.version == 2
    with pytest.raises(claims.ClaimError, match="already recorded"):
        claims.mark_signed(out.claim_id, version=2, operator="tester", now=NOW)


def test_d12_signature_alone_does_not_complete_a_claim_missing_more(env):
    out = register(env, replace(FIELDS, channel="email", signed=False, contact_phone=""))
    assert claims.mark_signed(out.claim_id, version=1, operator="tester",
                              now=NOW) == rules.INCOMPLETE
    assert Claim.get_by_id(out.claim_id).missing == "phone"


def test_r18_d14_claim_goes_to_the_director_then_is_answered_and_every_step_is_audited(env):
    out = register(env)
    claims.to_director(out.claim_id, version=1, operator="tester", now=NOW)
    claims.answer(out.claim_id, date(2026, 11, 24), "letter", "Связь восстановлена", "исх-17",
                  version=2, operator="boss", calendar=env.calendar, now=NOW)
    claim = Claim.get_by_id(out.claim_id)
    assert claim.status == rules.ANSWERED and claim.reply_letter_no == "исх-17"
    assert claim.replied_at == NOW and claim.reply_channel_used == "letter"
    history = claim_detail(out.claim_id).history
    assert [h.action for h in history] == ["claim_registered", "claim_to_director",
                                          "claim_answered"]
    assert history[-1].operator == "boss" and history[-1].details["late"] is False


def test_r18_rejection_keeps_the_reason_and_closes_the_claim(env):
    out = register(env)
    claims.to_director(out.claim_id, version=1, operator="tester", now=NOW)
    with pytest.raises(claims.ClaimError, match="reason"):
        claims.reject(out.claim_id, "  ", version=2, operator="tester", now=NOW)
    claims.reject(out.claim_id, "Не по договору", version=2, operator="tester", now=NOW)
    assert Claim.get_by_id(out.claim_id).reject_reason == "Не по договору"
    with pytest.raises(claims.ClaimError, match="stays in the register"):
        claims.delete_claim(out.claim_id, "ошибка", version=3, operator="tester", now=NOW)


def test_r18_a_claim_is_answered_only_after_the_director(env):
    out = register(env)
    with pytest.raises(claims.ClaimError) as exc:
        claims.answer(out.claim_id, date(2026, 11, 24), "letter", "Ответ", "", version=1,
                      operator="tester", calendar=env.calendar, now=NOW)
    assert str(exc.value) == rules.ERR_DIRECTOR_FIRST  # says what to do: d first
    with pytest.raises(claims.ClaimError, match="director first"):
        claims.reject(out.claim_id, "нет", version=1, operator="tester", now=NOW)


@pytest.mark.parametrize(
    ("replied", "text", "letter", "error"),
    [
        (date(2026, 11, 23), "Ответ", "", rules.ERR_REPLY_BEFORE),
        (date(2026, 11, 25), "Ответ", "", rules.ERR_REPLY_FUTURE),
        (date(2026, 11, 24), "", "", rules.ERR_REPLY_EMPTY),
    ],
)
def test_r18_answer_refuses_bad_dates_and_empty_replies(env, replied, text, letter, error):
    out = register(env)
    claims.to_director(out.claim_id, version=1, operator="tester", now=NOW)
    with pytest.raises(claims.ClaimError) as exc:
        claims.answer(out.claim_id, replied, "letter", text, letter, version=2,
                      operator="tester", calendar=env.calendar, now=NOW)
    assert str(exc.value) == error
    assert Claim.get_by_id(out.claim_id).status == rules.DIRECTOR


def test_d14_a_stale_edit_is_refused(env):
    out = register(env)
    claims.to_director(out.claim_id, version=1, operator="tester", now=NOW)
    with pytest.raises(claims.StaleClaim):
        claims.reject(out.claim_id, "нет", version=1, operator="tester", now=NOW)


def test_d11_overdue_claims_are_counted_until_answered_or_rejected(env):
    a = register(env, received=datetime(2026, 10, 1, 12, tzinfo=MSK))
    register(env, received=datetime(2026, 10, 2, 12, tzinfo=MSK))
    assert read_counts(NOW).overdue_claims == 2
    claims.to_director(a.claim_id, version=1, operator="tester", now=NOW)
    assert read_counts(NOW).overdue_claims == 2  # with the director: still running
    claims.reject(a.claim_id, "Повтор", version=2, operator="tester", now=NOW)
    assert read_counts(NOW).overdue_claims == 1


def test_r18_register_is_listed_by_due_date(env):
    register(env, received=datetime(2026, 11, 20, 12, tzinfo=MSK))
    register(env, received=datetime(2026, 11, 2, 12, tzinfo=MSK))
    rows = load_claims().rows
    assert [r.number for r in rows] == ["П-2026-0002", "П-2026-0001"]
    assert rows[0].due_at < rows[1].due_at


def test_r18_refusals_of_delete_and_letter(env, tmp_path):
    out = register(env)
    with pytest.raises(claims.ClaimError, match="Give a reason"):
        claims.delete_claim(out.claim_id, " ", version=1, operator="tester", now=NOW)
    with pytest.raises(claims.ClaimError, match="answered claim"):
        claims.write_reply_letter(out.claim_id, tmp_path, director="Д", operator="tester",
                                  now=NOW)
    with pytest.raises(claims.ClaimError, match="No such claim"):
        claims.write_reply_letter(999, tmp_path, director="Д", operator="tester", now=NOW)
    with pytest.raises(claims.ClaimError, match="No such claim"):
        claims.to_director(999, version=None, operator="tester", now=NOW)
    assert not list(tmp_path.glob("*.pdf")) and Claim.select().count() == 1


def complete(ctx, claim_id, fields, version, now=NOW):
    return claims.complete_claim(claim_id, fields, version=version, operator="tester",
                                 calendar=ctx.calendar, now=now)


def test_d12_r17_fields_missing_at_registration_are_completed_later_and_audited(env):
    partial = replace(FIELDS, contact_phone="", specialist_name="", incident_from=None,
                      incident_to=None, contract_number="99999999")
    out = register(env, partial)
    assert out.status == rules.INCOMPLETE and not out.contract_found
    assert out.missing == ("phone", "incident_date", "specialist")
    later = datetime(2026, 11, 27, 15, 0, tzinfo=MSK)
    done = complete(env, out.claim_id, FIELDS, version=1, now=later)
    assert done.status == rules.REGISTERED and done.missing == () and done.contract_found
    assert done.number == out.number and done.due_at == out.due_at  # D11: from receipt
    claim = Claim.get_by_id(out.claim_id)
    assert claim.contact_phone == "+79039691445" and claim.contract is not None
    assert claim.incident_to == date(2026, 9, 30) and claim.version == 2
    (event,) = events("claim_completed")
    assert event["changed"]["contact_phone"] == ["", "+79039691445"]
    assert event["changed"]["specialist_name"] == ["", "Сидоров П."]
    # The contract now found gives the address for the reply, as at registration.
    assert event["changed"]["holder_address"] == ["", "Москва, ул. Ленина, 1"]
    assert set(event["changed"]) == {"contact_phone", "specialist_name", "incident_from",
                                     "incident_to", "contract_number", "holder_address"}


def test_d12_a_claim_with_the_director_stays_there_when_completed(env):
    out = register(env, replace(FIELDS, specialist_name=""))
    claims.to_director(out.claim_id, version=1, operator="tester", now=NOW)
    done = complete(env, out.claim_id, FIELDS, version=2)
    assert done.status == rules.DIRECTOR and done.missing == ()
    assert Claim.get_by_id(out.claim_id).missing == ""


@pytest.mark.parametrize("change, error", [
    (dict(incident_from=date(2026, 11, 25), incident_to=None), rules.ERR_INCIDENT_FUTURE),
    (dict(incident_from=date(2026, 9, 30), incident_to=date(2026, 9, 1)),
     rules.ERR_INCIDENT_ORDER),
    (dict(channel="email", signed=True), rules.ERR_EMAIL_SIGNED),
    (dict(contact_phone="12"), None),  # the phone rule's own sentence
])
def test_r17_completion_refuses_bad_input_and_changes_nothing(env, change, error):
    out = register(env, replace(FIELDS, specialist_name=""))
    with pytest.raises(claims.ClaimError) as exc:
        complete(env, out.claim_id, replace(FIELDS, **change), version=1)
    if error:
        assert str(exc.value) == error
    claim = Claim.get_by_id(out.claim_id)
    assert claim.version == 1 and claim.specialist_name == "" and not events("claim_completed")


def test_d14_completion_refuses_a_stale_version_and_closed_claims(env):
    out = register(env, replace(FIELDS, specialist_name=""))
    claims.to_director(out.claim_id, version=1, operator="tester", now=NOW)
    with pytest.raises(claims.StaleClaim):
        complete(env, out.claim_id, FIELDS, version=1)
    claims.reject(out.claim_id, "не по адресу", version=2, operator="tester", now=NOW)
    with pytest.raises(claims.ClaimError, match="stays as it was answered"):
        complete(env, out.claim_id, FIELDS, version=3)


def test_d14_completing_with_nothing_changed_writes_nothing(env):
    out = register(env)
    done = complete(env, out.claim_id, FIELDS, version=1)
    assert done.status == rules.REGISTERED
    assert Claim.get_by_id(out.claim_id).version == 1 and not events("claim_completed")
