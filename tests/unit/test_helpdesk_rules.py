"""HelpDesk as rules (R5, D11): deadlines on calendar edges, records checked field by field,
the time left as the list shows it."""

from __future__ import annotations

from datetime import datetime

import pytest

from console.i18n import set_language
from console.i18n.ru import RU
from console.rules import helpdesk as rules
from console.rules.calendar import MOSCOW, WorkingCalendar
from console.rules.deadlines import helpdesk_due
from console.widgets.time_left import plural_ru, time_left_text

CAL = WorkingCalendar()
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=MOSCOW)
GOOD = {"id": "q-1", "contract": "10-000 001", "received_at": "2026-11-24T10:15:00+03:00",
        "subject": "Wi-Fi", "text": "Как сменить пароль?"}


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (msk(2026, 11, 20, 20), msk(2026, 11, 23, 18)),  # Friday 20:00 -> Monday 18:00
        (msk(2026, 12, 30, 17, 30), msk(2027, 1, 11, 17, 30)),  # before the New Year break
        (msk(2026, 1, 7, 12), msk(2026, 1, 12, 18)),  # a holiday at 12:00: the first working day
        (msk(2025, 11, 1, 12), msk(2025, 11, 5, 12)),  # the working Saturday: its own service day
    ],
)
def test_r05_d11_question_due_after_one_working_day_of_service_time(received, due):
    assert helpdesk_due(CAL, received) == due


def test_r05_a_good_record_is_read_with_its_offset():
    q = rules.check_record(GOOD, NOW)
    assert q == rules.QuestionIn("q-1", "10-000 001", msk(2026, 11, 24, 10, 15), "Wi-Fi",
                                 "Как сменить пароль?")
    z = rules.check_record({**GOOD, "received_at": "2026-11-24T07:15:00Z"}, NOW)
    assert z.received_at == msk(2026, 11, 24, 10, 15)


@pytest.mark.parametrize(
    ("record", "key", "values"),
    [
        ([1, 2], rules.ERR_NOT_OBJECT, {}),
        ({k: v for k, v in GOOD.items() if k != "text"}, rules.ERR_MISSING, {"field": "text"}),
        ({**GOOD, "id": 17}, rules.ERR_NOT_TEXT, {"field": "id"}),
        ({**GOOD, "id": "  "}, rules.ERR_EMPTY, {"field": "id"}),
        ({**GOOD, "contract": ""}, rules.ERR_EMPTY, {"field": "contract"}),
        ({**GOOD, "received_at": "24.11.2026 10:15"}, rules.ERR_TIME,
         {"value": "24.11.2026 10:15"}),
        ({**GOOD, "received_at": "2026-11-24T10:15:00"}, rules.ERR_TIME,  # no offset
         {"value": "2026-11-24T10:15:00"}),
        ({**GOOD, "received_at": "2026-11-24T12:00:00+03:00"}, rules.ERR_FUTURE,
         {"value": "2026-11-24T12:00:00+03:00"}),
        ({**GOOD, "text": "я" * (10 * 1024 * 1024)}, rules.ERR_TOO_LONG,
         {"field": "text", "limit": rules.TEXT_LIMIT}),
    ],
)
def test_r05_a_bad_record_is_refused_with_what_is_wrong(record, key, values):
    refusal = rules.check_record(record, NOW)
    assert refusal == rules.Refusal(key, values)
    assert refusal.english()


def test_r05_an_empty_subject_is_allowed():
    assert rules.check_record({**GOOD, "subject": ""}, NOW).subject == ""


@pytest.mark.parametrize(
    ("now", "text"),
    [
        (msk(2026, 11, 24, 11, 40), "осталось 3 ч 20 мин"),
        (msk(2026, 11, 24, 14, 30), "осталось 30 мин"),
        (msk(2026, 11, 24, 15, 0), "осталось 0 мин"),
        (msk(2026, 11, 24, 16, 0), "просрочено на 1 ч 0 мин"),
        (msk(2026, 11, 25, 16, 0), "просрочено на 1 раб. день"),
        (msk(2026, 11, 27, 16, 0), "просрочено на 3 раб. дня"),
        (msk(2026, 12, 4, 16, 0), "просрочено на 8 раб. дней"),
    ],
)
def test_d11_time_left_is_service_time_in_russian(now, text):
    assert time_left_text(CAL, msk(2026, 11, 24, 15), now) == text


def test_d11_time_left_in_english():
    set_language("en")
    try:
        assert time_left_text(CAL, msk(2026, 11, 24, 15), msk(2026, 11, 25, 16)) == (
            "overdue by 1 working day")
        assert time_left_text(CAL, msk(2026, 11, 24, 15), msk(2026, 11, 24, 11, 40)) == (
            "3 h 20 min left")
    finally:
        set_language("ru")


def test_russian_plural_forms():
    assert [plural_ru(n) for n in (1, 2, 4, 5, 11, 12, 21, 22, 25, 111)] == [
        0, 1, 1, 2, 2, 2, 0, 1, 2, 2]


def test_every_helpdesk_rule_message_has_russian():
    for key in rules.MESSAGES:
        assert key in RU, key
