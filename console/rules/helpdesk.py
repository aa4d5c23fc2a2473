"""HelpDesk questions (R5, D11): a web-cabinet record checked field by field, the time left.

Pure: no database, no clock of its own. A record is one JSON object with the web cabinet's
field names (`id`, `contract`, `received_at`, `subject`, `text`); `check_record` turns it into
a `QuestionIn` or says, in one English sentence, what is wrong with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from console.rules.calendar import WorkingCalendar
from console.rules.normalize import clean_text

FIELDS = ("id", "contract", "received_at", "subject", "text")
ID_LIMIT = 100
CONTRACT_LIMIT = 64
SUBJECT_LIMIT = 300
TEXT_LIMIT = 10_000  # characters: a question, not a document
REPLY_LIMIT = 10_000

ANSWER, TICKET, OUT_OF_SCOPE = "answer", "ticket", "out_of_scope"
REACTIONS = (ANSWER, TICKET, OUT_OF_SCOPE)  # D11: each is a first reaction

ERR_NOT_OBJECT = "not a JSON object"
ERR_MISSING = "missing field {field}"
ERR_NOT_TEXT = "field {field} is not text"
ERR_EMPTY = "field {field} is empty"
ERR_TOO_LONG = "field {field} is longer than {limit} characters"
ERR_TIME = "received_at {value!r} is not an ISO 8601 time with an offset"
ERR_FUTURE = "received_at {value!r} is in the future"
ERR_PAST = "received_at {value!r} is before 2000"
EARLIEST_YEAR = 2000  # the working calendar's first year: no deadline is counted before it


@dataclass(frozen=True)
class QuestionIn:
    """A question as it arrives (from the web cabinet, or typed by hand)."""

    external_id: str | None
    contract_number: str
    received_at: datetime
    subject: str
    text: str


@dataclass(frozen=True)
class Refusal:
    """Why a record is refused: an English sentence key and its values (for `t`)."""

    key: str
    values: dict

    def english(self) -> str:
        return self.key.format(**self.values)


def parse_received(value: str) -> datetime | None:
    """ISO 8601 with an offset ('2026-11-24T10:15:00+03:00', '...Z'); None otherwise."""
    try:
        at = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if at.tzinfo is None or at.utcoffset() is None:
        return None  # a time without a zone could be anyone's: refused, never guessed
    return at


def check_record(record: object, now: datetime) -> QuestionIn | Refusal:
    """The record as a `QuestionIn`, or the reason it is refused (a sentence)."""
    if not isinstance(record, dict):
        return Refusal(ERR_NOT_OBJECT, {})
    for name in FIELDS:
        if name not in record:
            return Refusal(ERR_MISSING, {"field": name})
        if not isinstance(record[name], str):
            return Refusal(ERR_NOT_TEXT, {"field": name})
    limits = {"id": ID_LIMIT, "contract": CONTRACT_LIMIT, "subject": SUBJECT_LIMIT,
              "text": TEXT_LIMIT, "received_at": 64}
    values = {}
    for name in FIELDS:
        value = clean_text(record[name])
        if len(value) > limits[name]:
            return Refusal(ERR_TOO_LONG, {"field": name, "limit": limits[name]})
        if not value and name != "subject":
            return Refusal(ERR_EMPTY, {"field": name})
        values[name] = value
    received = parse_received(values["received_at"])
    if received is None:
        return Refusal(ERR_TIME, {"value": values["received_at"]})
    # The year as written first (year 1 cannot even be moved to another zone), then in the
    # console's zone: 2000-01-01T00:30+05:00 is still 1999 in Moscow.
    if received.year < EARLIEST_YEAR or received.astimezone(now.tzinfo).year < EARLIEST_YEAR:
        return Refusal(ERR_PAST, {"value": values["received_at"]})
    if received > now:
        return Refusal(ERR_FUTURE, {"value": values["received_at"]})
    return QuestionIn(values["id"], values["contract"], received, values["subject"],
                      values["text"])


def service_time_left(cal: WorkingCalendar, due: datetime, now: datetime) -> timedelta:
    """Service time (D11: 10:00-18:00 of working days) until `due`; negative once overdue."""
    return cal.service_time_between(now, due)


MESSAGES = (ERR_NOT_OBJECT, ERR_MISSING, ERR_NOT_TEXT, ERR_EMPTY, ERR_TOO_LONG, ERR_TIME,
            ERR_FUTURE)
