"""Claim use cases (R17, R18, D11, D12, D14): register, record the signature, hand to the
director, answer, reject, delete. Each is one write transaction with its audit event.

The service is the gate: it re-checks every rule of `console.rules.claims` itself and refuses
with the form's sentence (`ClaimError`), whatever screen or script called it. Edits carry the
version the dispatcher saw; another console's change in between is refused (`StaleClaim`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from console.db import write_transaction
from console.models import Claim, ClaimCounter, Operator
from console.rules import claims as rules
from console.rules import validation
from console.rules.calendar import WorkingCalendar
from console.rules.deadlines import CLAIM_WORKING_DAYS, claim_due
from console.rules.normalize import clean_text
from console.services import audit
from console.services.contract_lookup import contract_by_number

NAME_LIMIT = 300
TEXT_LIMIT = 20_000
LETTER_NO_LIMIT = 64


class ClaimError(ValueError):
    """A refused change; the message is an English sentence key for the UI to translate."""


class StaleClaim(ClaimError):
    """Another console changed the claim since the dispatcher looked at it; `change` is what
    it did last (from the audit trail), for the refusal to say."""

    def __init__(self, claim_id: int | None = None) -> None:
        from console.services.last_change import last_change

        self.change = last_change("claim", claim_id) if claim_id is not None else None
        super().__init__("The claim was changed on another console: look again and repeat")


@dataclass(frozen=True)
class Registered:
    """What registering gave: the number to write on the paper, the status, the deadline."""

    claim_id: int
    number: str
    status: str
    missing: tuple[str, ...]
    due_at: datetime
    contract_found: bool


def _clean(fields: rules.ClaimFields) -> rules.ClaimFields:
    """Normalised text; a phone is stored as E.164 and refused when it is not a number."""
    phone = fields.contact_phone.strip()
    if phone:
        checked = validation.contact_phone(phone)
        if checked.error_key:
            raise ClaimError(checked.error_key)
        phone = checked.e164
    too_long = any(len(v) > NAME_LIMIT for v in (fields.holder_full_name, fields.contract_number,
                                                   fields.specialist_name))
    if too_long or len(fields.description) > TEXT_LIMIT or len(fields.holder_address) > 1000:
        raise ClaimError("A field is too long")
    return replace(
        fields,
        holder_full_name=clean_text(fields.holder_full_name),
        contract_number=clean_text(fields.contract_number),
        contact_phone=phone,
        description=clean_text(fields.description),
        specialist_name=clean_text(fields.specialist_name),
        holder_address=clean_text(fields.holder_address),
        reply_channel=fields.reply_channel.strip(),
    )


def next_number(year: int) -> tuple[int, str]:
    """Bump the year's counter inside the caller's transaction: (sequence, П-YYYY-NNNN).

    The counter row only ever grows, so a deleted claim's number is never issued again; a
    save that fails rolls the bump back with everything else, so no number is half-issued.
    """
    bumped = (ClaimCounter.update(last=ClaimCounter.last + 1)
              .where(ClaimCounter.year == year).execute())
    if not bumped:
        ClaimCounter.insert(year=year, last=1).execute()
    seq = ClaimCounter.select(ClaimCounter.last).where(ClaimCounter.year == year).scalar()
    return seq, rules.claim_number(year, seq)


def register_claim(fields: rules.ClaimFields, received_at: datetime, *, operator: str,
                   calendar: WorkingCalendar,
                   now: datetime, working_days: int = CLAIM_WORKING_DAYS) -> Registered:
    """Register a written claim (R17); incomplete ones too, with what is missing (D12)."""
    if received_at > now:
        raise ClaimError(rules.ERR_RECEIVED_FUTURE)
    received_day = calendar.local(received_at).date()
    error = rules.check_fields(fields, received_day)
    if error:
        raise ClaimError(error)
    fields = _clean(fields)
    missing = rules.missing_fields(fields)
    status = rules.status_for(missing)
    due = claim_due(calendar, received_at, working_days)  # D11: runs even when incomplete
    year = calendar.local(now).year
    with write_transaction():
        contract = None
        if fields.contract_number:
            contract = contract_by_number(fields.contract_number)
        address = fields.holder_address or (contract.address if contract else "")
        seq, number = next_number(year)
        claim = Claim.create(
            number=number, reg_year=year, reg_seq=seq, received_at=received_at, due_at=due,
            channel=fields.channel, holder_full_name=fields.holder_full_name,
            contract_number=fields.contract_number, contract=contract,
            contact_phone=fields.contact_phone, description=fields.description,
            incident_from=fields.incident_from, incident_to=fields.incident_to,
            specialist_name=fields.specialist_name, reply_channel=fields.reply_channel,
            signed=fields.signed, status=status, missing=",".join(missing),
            holder_address=address, updated_at=now,
            created_by=Operator.get_or_none(Operator.login == operator),
        )
        audit.record(operator, "claim_registered", "claim", claim.id,
                     {"number": number, "status": status, "missing": list(missing),
                      "channel": fields.channel, "contract_found": contract is not None}, at=now)
    return Registered(claim.id, number, status, missing, due, contract is not None)


# The R17 fields as stored, in the form's order: what `complete_claim` may change.
EDITABLE = ("channel", "holder_full_name", "contract_number", "contact_phone", "description",
            "incident_from", "incident_to", "specialist_name", "reply_channel", "signed",
            "holder_address")


def complete_claim(claim_id: int, fields: rules.ClaimFields, *, version: int | None,
                   operator: str, calendar: WorkingCalendar, now: datetime) -> Registered:
    """`e`: what the paper lacked arrives later (a phone, the incident date, the specialist).

    The fields are checked as at registration; the number, the date received and so the
    deadline stay (D11: the deadline runs from receipt, complete or not). A claim waiting for
    registration is complete once nothing is missing (D12); one with the director stays there.
    Each changed field is audited with its old and new value.
    """
    with write_transaction():
        claim = _load(claim_id, version)
        if claim.status in rules.CLOSED_STATUSES:
            raise ClaimError(rules.ERR_CLOSED_EDIT)
        error = rules.check_fields(fields, calendar.local(claim.received_at).date())
        if error:
            raise ClaimError(error)
        fields = _clean(fields)
        if not fields.holder_address:  # as at registration: the contract's address
            contract_row = contract_by_number(fields.contract_number)
            fields = replace(fields, holder_address=(
                contract_row.address if contract_row else claim.holder_address))
        missing = rules.missing_fields(fields)
        status = claim.status
        if status in (rules.REGISTERED, rules.INCOMPLETE):
            status = rules.status_for(missing)
        changed = {name: [getattr(claim, name), getattr(fields, name)] for name in EDITABLE
                   if getattr(claim, name) != getattr(fields, name)}
        contract = claim.contract_id
        if "contract_number" in changed:
            found = contract_by_number(fields.contract_number)
            contract = found.id if found else None
        if changed:
            _save(claim, now, status=status, missing=",".join(missing), contract=contract,
                  **{name: new for name, (_old, new) in changed.items()})
            audit.record(operator, "claim_completed", "claim", claim_id,
                         {"number": claim.number, "status": status, "missing": list(missing),
                          "changed": changed}, at=now)
    return Registered(claim.id, claim.number or "", status, missing, claim.due_at,
                      contract is not None)


def _load(claim_id: int, version: int | None) -> Claim:
    claim = Claim.get_or_none(Claim.id == claim_id)
    if claim is None:
        raise ClaimError("No such claim")
    if version is not None and claim.version != version:
        raise StaleClaim(claim_id)
    return claim


def _save(claim: Claim, now: datetime, **changes: object) -> None:
    """Optimistic write: only if nobody bumped the version since `_load` (D14)."""
    changes.update(updated_at=now, version=claim.version + 1)
    done = Claim.update(**changes).where(Claim.id == claim.id,
                                         Claim.version == claim.version).execute()
    if not done:
        raise StaleClaim(claim.id)


def mark_signed(claim_id: int, *, version: int | None, operator: str, now: datetime) -> str:
    """`s`: the signed original (or a fax) arrived; complete again if nothing else is missing."""
    with write_transaction():
        claim = _load(claim_id, version)
        if claim.signed:
            raise ClaimError(rules.ERR_ALREADY_SIGNED)
        missing = [m for m in claim.missing.split(",") if m and m != "signature"]
        status: str = claim.status
        if status == rules.INCOMPLETE and not missing:
            status = rules.REGISTERED
        _save(claim, now, signed=True, missing=",".join(missing), status=status)
        audit.record(operator, "claim_signed", "claim", claim_id,
                     {"number": claim.number, "status": status, "missing": missing}, at=now)
    return status


def to_director(claim_id: int, *, version: int | None, operator: str, now: datetime) -> None:
    """Hand the claim to the general director, who reviews it personally (R18)."""
    with write_transaction():
        claim = _load(claim_id, version)
        refused = rules.transition_error(claim.status, rules.DIRECTOR)
        if refused:
            raise ClaimError(refused)
        _save(claim, now, status=rules.DIRECTOR, director_at=now)
        audit.record(operator, "claim_to_director", "claim", claim_id,
                     {"number": claim.number, "from": claim.status}, at=now)


def answer(claim_id: int, replied_on: date, channel: str, text: str, letter_no: str, *,
           version: int | None, operator: str, calendar: WorkingCalendar, now: datetime) -> None:
    """Record the director's answer: the date, the channel it went by, text or letter number."""
    text = clean_text(text, limit=TEXT_LIMIT)
    letter_no = clean_text(letter_no, limit=LETTER_NO_LIMIT)
    with write_transaction():
        claim = _load(claim_id, version)
        refused = rules.transition_error(claim.status, rules.ANSWERED)
        if refused:
            raise ClaimError(refused)
        error = rules.check_reply(replied_on, calendar.local(claim.received_at).date(),
                                  calendar.local(now).date(), channel, text, letter_no)
        if error:
            raise ClaimError(error)
        # The reply is dated; the instant is that day's close, or now when it is today.
        at = min(now, calendar.closing(replied_on))
        _save(claim, now, status=rules.ANSWERED, replied_at=at, reply_channel_used=channel,
              reply=text or None, reply_letter_no=letter_no or None)
        audit.record(operator, "claim_answered", "claim", claim_id,
                     {"number": claim.number, "replied_on": replied_on, "channel": channel,
                      "letter_no": letter_no, "late": at > claim.due_at}, at=now)


def reject(claim_id: int, reason: str, *, version: int | None, operator: str,
           now: datetime) -> None:
    """The director rejects the claim; the reason is kept."""
    reason = clean_text(reason, limit=TEXT_LIMIT)
    with write_transaction():
        claim = _load(claim_id, version)
        refused = rules.transition_error(claim.status, rules.REJECTED)
        if refused:
            raise ClaimError(refused)
        if not reason:
            raise ClaimError(rules.ERR_REASON_EMPTY)
        _save(claim, now, status=rules.REJECTED, reject_reason=reason, replied_at=now)
        audit.record(operator, "claim_rejected", "claim", claim_id,
                     {"number": claim.number, "reason": reason}, at=now)


def delete_claim(claim_id: int, reason: str, *, version: int | None, operator: str,
                 now: datetime) -> str:
    """Delete a claim registered by mistake (a duplicate); its number is never issued again."""
    reason = clean_text(reason, limit=1000)
    if not reason:
        raise ClaimError("Give a reason")
    with write_transaction():
        claim = _load(claim_id, version)
        if claim.status in rules.CLOSED_STATUSES:
            raise ClaimError("An answered or rejected claim stays in the register")
        Claim.delete().where(Claim.id == claim_id).execute()
        audit.record(operator, "claim_deleted", "claim", claim_id,
                     {"number": claim.number, "reason": reason}, at=now)
    number: str = claim.number
    return number


def letters_folder(db_target: str, data_dir: Path | None = None) -> Path:
    """Where reply letters go: `letters/` beside a SQLite file, else in the data folder."""
    from console.db import is_postgres_url

    if is_postgres_url(db_target):
        from console.datafolder import resolve_data_dir

        return (data_dir or resolve_data_dir()) / "letters"
    return Path(db_target).resolve().parent / "letters"


def write_reply_letter(claim_id: int, folder: Path, *, director: str, operator: str,
                       now: datetime) -> Path:
    """`r`: the reply letter of an answered claim as an A4 PDF in `folder`; audited."""
    from console.documents.claim_letter import reply_letter
    from console.services.claims_view import claim_detail

    detail = claim_detail(claim_id)
    if detail is None:
        raise ClaimError("No such claim")
    if detail.status != rules.ANSWERED:
        raise ClaimError("The reply letter is written for an answered claim")
    path = reply_letter(detail, director).save(Path(folder) / f"{detail.number}.pdf")
    with write_transaction():
        audit.record(operator, "claim_letter", "claim", claim_id,
                     {"number": detail.number, "file": str(path)}, at=now)
    return path
