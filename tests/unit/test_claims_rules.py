"""Claims as rules (R17, R18, D11, D12): completeness per field, deadlines on real calendar
edges, numbering, statuses, reply checks, working days left."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from console.i18n.ru import RU
from console.rules import claims as rules
from console.rules.calendar import MOSCOW, WorkingCalendar
from console.rules.deadlines import claim_due

CAL = WorkingCalendar()

COMPLETE = rules.ClaimFields(
    channel="letter", holder_full_name="Иванов Иван Иванович", contract_number="77-123",
    contact_phone="+79039691445", description="Нет связи три дня", incident_from=date(2026, 11, 2),
    incident_to=date(2026, 11, 4), specialist_name="Сидоров П.", reply_channel="letter",
    signed=True,
)
# Each R17 field blanked alone, and the code it must be reported as.
BLANKS = {
    "holder": {"holder_full_name": "  "},
    "contract": {"contract_number": ""},
    "phone": {"contact_phone": ""},
    "description": {"description": "\n"},
    "incident_date": {"incident_from": None, "incident_to": None},
    "specialist": {"specialist_name": ""},
    "reply_channel": {"reply_channel": ""},
    "signature": {"signed": False},
}


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)


def test_r17_a_claim_with_every_field_is_complete():
    assert rules.missing_fields(COMPLETE) == ()
    assert rules.status_for(()) == rules.REGISTERED


def test_r17_every_field_of_the_regulation_is_checked():
    assert set(BLANKS) == set(rules.R17_FIELDS)


@pytest.mark.parametrize("code", rules.R17_FIELDS)
def test_r17_d12_each_missing_field_alone_makes_the_claim_incomplete(code):
    fields = replace(COMPLETE, **BLANKS[code])
    assert rules.missing_fields(fields) == (code,)
    assert rules.status_for(rules.missing_fields(fields)) == rules.INCOMPLETE


def test_r17_missing_fields_come_in_the_regulations_order():
    fields = replace(COMPLETE, signed=False, holder_full_name="", reply_channel="")
    assert rules.missing_fields(fields) == ("holder", "reply_channel", "signature")


def test_r17_an_unknown_reply_channel_is_not_a_reply_channel():
    assert rules.missing_fields(replace(COMPLETE, reply_channel="pigeon")) == ("reply_channel",)
    assert rules.check_fields(replace(COMPLETE, reply_channel="pigeon"), date(2026, 11, 5)) == (
        rules.ERR_REPLY_CHANNEL)


def test_r17_an_email_claim_cannot_be_registered_as_signed():
    email = replace(COMPLETE, channel="email")
    assert rules.check_fields(email, date(2026, 11, 5)) == rules.ERR_EMAIL_SIGNED
    assert rules.check_fields(replace(email, signed=False), date(2026, 11, 5)) is None
    assert rules.missing_fields(replace(email, signed=False)) == ("signature",)


def test_r17_unknown_channel_is_refused():
    assert rules.check_fields(replace(COMPLETE, channel="pigeon"), date(2026, 11, 5)) == (
        rules.ERR_CHANNEL)


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [
        (date(2026, 11, 4), date(2026, 11, 2), rules.ERR_INCIDENT_ORDER),  # ends before it starts
        (date(2026, 11, 6), None, rules.ERR_INCIDENT_FUTURE),  # after the claim came
        (date(2026, 11, 2), date(2026, 11, 9), rules.ERR_INCIDENT_FUTURE),  # period ends later
        (None, date(2026, 11, 2), rules.ERR_INCIDENT_ORDER),  # an end without a start
        (date(2026, 11, 5), None, None),  # the day it came
        (date(2026, 11, 1), date(2026, 11, 5), None),
        (None, None, None),  # missing: a gap (D12), not an error
    ],
)
def test_r17_incident_period_is_checked(start, end, error):
    assert rules.check_incident(start, end, date(2026, 11, 5)) == error


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (msk(2026, 12, 25, 12), msk(2027, 1, 25, 18)),  # across the New Year break
        (msk(2025, 11, 1, 11), msk(2025, 11, 24, 18)),  # the working Saturday is the day received
        (msk(2026, 1, 7, 12), msk(2026, 1, 29, 18)),  # received on a holiday (Christmas)
        (msk(2026, 5, 1, 9), msk(2026, 5, 22, 18)),  # received on 1 May
        (msk(2026, 11, 24, 23, 59), msk(2026, 12, 14, 18)),  # late evening: still that day
    ],
)
def test_r18_d11_claim_due_on_calendar_edges(received, due):
    assert claim_due(CAL, received) == due


def test_r18_registration_numbers_are_per_year_and_zero_padded():
    assert rules.claim_number(2026, 1) == "П-2026-0001"
    assert rules.claim_number(2027, 12) == "П-2027-0012"
    assert rules.claim_number(2026, 12345) == "П-2026-12345"


def test_r18_statuses_go_through_the_director():
    assert rules.can_move(rules.REGISTERED, rules.DIRECTOR)
    assert rules.can_move(rules.INCOMPLETE, rules.DIRECTOR)
    assert rules.can_move(rules.DIRECTOR, rules.ANSWERED)
    assert rules.can_move(rules.DIRECTOR, rules.REJECTED)
    assert not rules.can_move(rules.REGISTERED, rules.ANSWERED)
    assert not rules.can_move(rules.INCOMPLETE, rules.REJECTED)
    assert not rules.can_move(rules.ANSWERED, rules.DIRECTOR)
    assert not rules.can_move(rules.REJECTED, rules.ANSWERED)


@pytest.mark.parametrize(
    ("replied", "channel", "text", "letter", "error"),
    [
        (date(2026, 11, 4), "letter", "Ответ", "", rules.ERR_REPLY_BEFORE),
        (date(2026, 11, 21), "letter", "Ответ", "", rules.ERR_REPLY_FUTURE),
        (date(2026, 11, 10), "pigeon", "Ответ", "", rules.ERR_REPLY_CHANNEL),
        (date(2026, 11, 10), "fax", " ", "", rules.ERR_REPLY_EMPTY),
        (date(2026, 11, 5), "letter", "", "исх. 123", None),
        (date(2026, 11, 20), "phone", "Перезвонили", "", None),
    ],
)
def test_r18_a_reply_is_dated_between_receipt_and_today(replied, channel, text, letter, error):
    assert rules.check_reply(replied, date(2026, 11, 5), date(2026, 11, 20), channel, text,
                             letter) == error


def test_d11_working_days_left_and_what_stands_out():
    due = claim_due(CAL, msk(2026, 12, 25, 12))  # 2027-01-25 18:00, a Monday
    left = lambda now: rules.working_days_left(CAL, due, now)  # noqa: E731
    assert left(msk(2027, 1, 25, 10)) == 0  # the due day itself
    assert left(msk(2027, 1, 22, 10)) == 1  # Friday: Monday is the next working day
    assert left(msk(2027, 1, 19, 10)) == 4
    assert left(msk(2027, 1, 25, 18, 1)) == -1  # after closing on the due day
    assert left(msk(2027, 1, 27, 10)) == -2
    assert left(msk(2026, 12, 30, 10)) == 11  # the New Year break does not count
    assert rules.urgency(4, msk(2027, 1, 19, 10), due) is None
    assert rules.urgency(3, msk(2027, 1, 20, 10), due) == "soon"
    assert rules.urgency(0, msk(2027, 1, 25, 18), due) == "soon"  # at the due instant: not late
    assert rules.urgency(-1, msk(2027, 1, 25, 18, 1), due) == "overdue"


def test_every_claim_rule_message_has_russian():
    for key in rules.MESSAGES:
        assert key in RU, key


def test_d11_working_days_left_for_many_dues_agrees_with_one_by_one():
    dues = [claim_due(CAL, msk(2026, m, d, 12)) for m, d in
            ((10, 1), (11, 20), (12, 25), (12, 1), (11, 5), (11, 4), (11, 24), (1, 9))]
    for now in (msk(2026, 11, 24, 10), msk(2026, 11, 24, 18, 30), msk(2026, 12, 31, 12)):
        many = rules.working_days_left_many(CAL, dues, now)
        assert many == {d: rules.working_days_left(CAL, d, now) for d in dues}


@pytest.mark.parametrize(("text", "today", "day"), [
    ("30.12", date(2027, 1, 1), date(2026, 12, 30)),  # typed on New Year's Day: last year's
    ("01.01", date(2027, 1, 1), date(2027, 1, 1)),  # today is today
    ("24.11", date(2026, 12, 3), date(2026, 11, 24)),
    ("04.12", date(2026, 12, 3), date(2025, 12, 4)),  # tomorrow's date without a year: a year ago
    ("30.12.2027", date(2027, 1, 1), date(2027, 12, 30)),  # a year given is taken (and refused
    ("30.12.27", date(2027, 1, 1), date(2027, 12, 30)),  # as future by the checks after)
    ("29.02", date(2025, 1, 10), date(2024, 2, 29)),
    ("29.02", date(2027, 1, 10), None),  # neither 2027 nor 2026 has one
    ("31.02", date(2026, 12, 3), None),
    ("31.12.", date(2026, 12, 3), None),
])
def test_d11_r18_a_date_without_a_year_is_the_latest_not_after_today(text, today, day):
    assert rules.parse_day(text, today) == day


def test_d11_a_moment_without_a_year_typed_in_january_is_last_years():
    now = datetime(2027, 1, 1, 12, 0, tzinfo=MOSCOW)
    assert rules.parse_moment("31.12 20:00", now) == datetime(2026, 12, 31, 20, 0,
                                                              tzinfo=MOSCOW)
    assert rules.parse_moment("01.01 13:00", now) == datetime(2027, 1, 1, 13, 0, tzinfo=MOSCOW)
