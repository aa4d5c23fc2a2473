"""Claims (R17, R18, D11, D12): what a complete claim holds, its number, statuses, deadline.

Pure: no database, no clock of its own. Error keys are English sentences the UI translates
(Russian in console/i18n/ru_f5f6.py); services raise them, forms show them beside the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from console.rules.calendar import WorkingCalendar
from console.statuses import ClaimStatus

# How the claim came (R17: in writing, fax included; a scanned letter by e-mail).
CHANNELS = ("letter", "fax", "in_person", "email")
# R17: the preferred reply channel; also the channel a reply actually went by.
REPLY_CHANNELS = ("letter", "fax", "email", "phone")

# R17, in the order the regulation lists them; each is a code stored in `Claim.missing`.
R17_FIELDS = (
    "holder",  # the contract holder's full name
    "contract",  # the contract number
    "phone",  # a contact phone
    "description",  # what happened plus any helpful detail
    "incident_date",  # the date of the incident, or the period of a lasting problem
    "specialist",  # the name of the company's specialist who handled it
    "reply_channel",  # the preferred reply channel
    "signature",  # the holder's signature
)

REGISTERED, INCOMPLETE, DIRECTOR, ANSWERED, REJECTED = (
    ClaimStatus.REGISTERED, ClaimStatus.INCOMPLETE, ClaimStatus.DIRECTOR, ClaimStatus.ANSWERED,
    ClaimStatus.REJECTED)
STATUSES = (REGISTERED, INCOMPLETE, DIRECTOR, ANSWERED, REJECTED)
OPEN_STATUSES = (REGISTERED, INCOMPLETE, DIRECTOR)
CLOSED_STATUSES = (ANSWERED, REJECTED)
# R18: the director reviews every claim personally, so only a claim with the director is closed.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    REGISTERED: (DIRECTOR,),
    INCOMPLETE: (DIRECTOR,),
    DIRECTOR: (ANSWERED, REJECTED),
}

SOON_WORKING_DAYS = 3  # due within this many working days: the list marks it

ERR_INCIDENT_ORDER = "The incident period ends before it starts"
ERR_INCIDENT_FUTURE = "The incident date lies after the day the claim was received"
ERR_RECEIVED_FUTURE = "The claim cannot be received in the future"
ERR_EMAIL_SIGNED = ("A claim by e-mail carries no handwritten signature: record it with s "
                    "when the signed original or a fax arrives")
ERR_CHANNEL = "Unknown channel"
ERR_REPLY_CHANNEL = "Unknown reply channel"
ERR_TRANSITION = "The claim cannot move to that status from where it is"
ERR_DIRECTOR_FIRST = ("Hand the claim to the director first (d): the director answers or "
                      "rejects it (R18)")
ERR_REPLY_BEFORE = "The reply date is before the claim was received"
ERR_REPLY_FUTURE = "The reply date is in the future"
ERR_REPLY_EMPTY = "Give the reply text or the outgoing letter number"
ERR_REASON_EMPTY = "Give the reason for the rejection"
ERR_ALREADY_SIGNED = "The signature is already recorded"
ERR_CLOSED_EDIT = "An answered or rejected claim stays as it was answered"


@dataclass(frozen=True)
class ClaimFields:
    """What the dispatcher types from the paper (R17), plus how and when it came."""

    channel: str
    holder_full_name: str = ""
    contract_number: str = ""
    contact_phone: str = ""
    description: str = ""
    incident_from: date | None = None
    incident_to: date | None = None
    specialist_name: str = ""
    reply_channel: str = ""
    signed: bool = False
    holder_address: str = ""


def missing_fields(f: ClaimFields) -> tuple[str, ...]:
    """The R17 fields the claim lacks, in the regulation's order (D12: registered anyway)."""
    present = {
        "holder": bool(f.holder_full_name.strip()),
        "contract": bool(f.contract_number.strip()),
        "phone": bool(f.contact_phone.strip()),
        "description": bool(f.description.strip()),
        "incident_date": f.incident_from is not None,
        "specialist": bool(f.specialist_name.strip()),
        "reply_channel": f.reply_channel in REPLY_CHANNELS,
        "signature": f.signed,
    }
    return tuple(code for code in R17_FIELDS if not present[code])


def status_for(missing: tuple[str, ...] | list[str]) -> str:
    """D12: a claim missing anything is registered as incomplete."""
    return INCOMPLETE if missing else REGISTERED


def check_fields(f: ClaimFields, received_day: date) -> str | None:
    """The error key of the first thing wrong with the fields, or None (bad input, not gaps)."""
    if f.channel not in CHANNELS:
        return ERR_CHANNEL
    if f.reply_channel and f.reply_channel not in REPLY_CHANNELS:
        return ERR_REPLY_CHANNEL
    if f.channel == "email" and f.signed:
        return ERR_EMAIL_SIGNED
    return check_incident(f.incident_from, f.incident_to, received_day)


def check_incident(start: date | None, end: date | None, received_day: date) -> str | None:
    """The incident date or period: not ending before it starts, not after the claim came."""
    if start is None:
        return None if end is None else ERR_INCIDENT_ORDER
    if end is not None and end < start:
        return ERR_INCIDENT_ORDER
    if max(start, end or start) > received_day:
        return ERR_INCIDENT_FUTURE
    return None


def can_move(status: str, target: str) -> bool:
    return target in TRANSITIONS.get(status, ())


def transition_error(status: str, target: str) -> str | None:
    """Why a claim cannot move to `target`, or None: a claim not yet with the director is
    sent there first (R18: the director reviews every claim personally)."""
    if can_move(status, target):
        return None
    if target in (ANSWERED, REJECTED) and status in (REGISTERED, INCOMPLETE):
        return ERR_DIRECTOR_FIRST
    return ERR_TRANSITION


def claim_number(year: int, seq: int) -> str:
    """The registration number: П-2026-0001 (sequential per year, never reused)."""
    return f"П-{year}-{seq:04d}"


def check_reply(replied: date, received: date, today: date, channel: str, text: str,
                letter_no: str) -> str | None:
    """An answer: dated between receipt and today, by a known channel, with text or a number."""
    if channel not in REPLY_CHANNELS:
        return ERR_REPLY_CHANNEL
    if replied < received:
        return ERR_REPLY_BEFORE
    if replied > today:
        return ERR_REPLY_FUTURE
    if not text.strip() and not letter_no.strip():
        return ERR_REPLY_EMPTY
    return None


def working_days_left(cal: WorkingCalendar, due: datetime, now: datetime) -> int:
    """Working days from today to the due day: 0 on the due day, negative once it passed."""
    today, due_day = cal.local(now).date(), cal.local(due).date()
    left = cal.count_working_days(today, due_day)
    if left == 0 and now > due:
        return -1  # the due day's evening: already late
    return left


def working_days_left_many(cal: WorkingCalendar, dues, now: datetime) -> dict[datetime, int]:
    """`working_days_left` for many due instants at once, walking the calendar once outwards
    from today (forwards to the later due days, backwards to the overdue ones) instead of
    from today for each: a register has hundreds of distinct due days."""
    today = cal.local(now).date()
    days = {due: cal.local(due).date() for due in set(dues)}
    counts: dict[date, int] = {today: 0}
    for direction in (1, -1):
        prev_day, prev_count = today, 0
        wanted = sorted((d for d in set(days.values()) if (d - today).days * direction > 0),
                        reverse=direction < 0)
        for day in wanted:
            prev_count += cal.count_working_days(prev_day, day)
            counts[day] = prev_count
            prev_day = day
    out = {}
    for due, day in days.items():
        left = counts[day]
        out[due] = -1 if left == 0 and now > due else left
    return out


def urgency(days_left: int, now: datetime, due: datetime) -> str | None:
    """'overdue' past the due instant, 'soon' within 3 working days (R18, D11), else None."""
    if now > due:
        return "overdue"
    if days_left <= SOON_WORKING_DAYS:
        return "soon"
    return None



_DAY = re.compile(r"\s*(\d{1,2})\.(\d{1,2})(?:\.(\d{2}|\d{4}))?\s*")
_TIME = re.compile(r"\s*(\d{1,2}):(\d{2})\s*")
ERR_DATE = "Type a date as 24.11.2026 (or 24.11 for this year)"
ERR_MOMENT = "Type the date and time as 24.11.2026 10:30 (empty: now)"


def parse_day(text: str, today: date) -> date | None:
    """'24.11.2026', '24.11.26' or '24.11' -> a date; None if not one.

    Every date of a claim or a question is in the past (received, incident, answered): a
    date without a year is the latest one not after `today` ('30.12' typed on 1 January is
    last year's, not a date to come)."""
    m = _DAY.fullmatch(text)
    if not m:
        return None
    day, month, year = int(m[1]), int(m[2]), m[3]
    if year is not None:
        years = [int(year) + (2000 if len(year) == 2 else 0)]
    else:
        years = [today.year, today.year - 1]
    for year_n in years:
        try:
            found = date(year_n, month, day)
        except ValueError:
            continue
        if year is not None or found <= today:
            return found
    return None


def parse_moment(text: str, now: datetime) -> datetime | None:
    """When a claim was received: 'DD.MM[.YYYY] [HH:MM]' in `now`'s zone; empty is `now`."""
    text = text.strip()
    if not text:
        return now
    day_text, _, time_text = text.partition(" ")
    day = parse_day(day_text, now.date())
    if day is None:
        return None
    hour, minute = 12, 0  # a paper stamped with a date only: midday of that day
    if time_text.strip():
        m = _TIME.fullmatch(time_text)
        if not m or int(m[1]) > 23 or int(m[2]) > 59:
            return None
        hour, minute = int(m[1]), int(m[2])
    return datetime.combine(day, time(hour, minute), tzinfo=now.tzinfo)


MESSAGES = (
    ERR_INCIDENT_ORDER, ERR_INCIDENT_FUTURE, ERR_RECEIVED_FUTURE, ERR_EMAIL_SIGNED, ERR_CHANNEL,
    ERR_REPLY_CHANNEL, ERR_TRANSITION, ERR_DIRECTOR_FIRST, ERR_REPLY_BEFORE, ERR_REPLY_FUTURE,
    ERR_REPLY_EMPTY, ERR_REASON_EMPTY, ERR_ALREADY_SIGNED, ERR_DATE, ERR_MOMENT,
)
