"""What the services refuse, and why, in one place (R4, R6, R13, R14, D2, D4).

Pure: the facts are arguments. Each sentence below is the one the screen shows next to the
field or in the dialog *and* the one a service raises when it is called with what the rule
forbids (the service is the gate, the screen only asks first). Sentences are English keys; the UI
translates them through `console.i18n.t` (Russian in `console/i18n/ru_gates.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from console.rules import validation
from console.rules.calendar import ServiceMode
from console.rules.eligibility import SCRIPT_BALANCE
from console.statuses import CallOutcome

# -- D4: the balance gate and who may lift it --------------------------------------------------
REFUSE_BALANCE = SCRIPT_BALANCE  # R14: the same sentence the caller hears
SUPERVISOR_ONLY = "Only a supervisor can lift the balance gate (D4)"
NOT_A_SUPERVISOR_DECIDES = "Only a supervisor can answer an override request (D4)"
OVERRIDE_NOT_NEEDED = "The balance is positive: no override is needed"
OVERRIDE_NOT_VERIFIED = "Verify the caller first: an override is for one verified contract (D4)"
REQUEST_ALREADY_ANSWERED = "This request has already been answered"
NO_SUCH_REQUEST = "No such override request"

# -- R6: what a ticket with a visit needs -------------------------------------------------------
R6_RESPONSIBLE = "The ticket needs the responsible person's name (R6)"
R6_PHONE = "The ticket needs the responsible person's contact phone (R6)"
R6_DESIRED = "The ticket needs the desired date and time of the visit (R6)"
R6_INTERCOM = "The ticket needs the intercom code, or 'no intercom' ticked (R6)"
R6_DESCRIPTION = "The ticket needs a description of what is wrong"
R7_NOT_READ = "Read out the whole R7 checklist and tick every item"

# -- R4, R13, D2: how a call may end --------------------------------------------------------------
OUTCOME_NOT_VERIFIED = "An unverified caller gets no consultation (R13): choose another outcome"
OUTCOME_INTAKE_ONLY = "No consultation outside service hours (R4): choose another outcome"
OUTCOME_BALANCE = "No consultation with a balance that is not positive (R14)"
OUTCOME_NO_TICKET = "No ticket was saved in this call"
OUTCOME_NO_CALLBACK = "No callback was booked in this call"
REFUSAL_DOES_NOT_FIT = "That refusal reason does not fit the facts of this call"

MESSAGES: tuple[str, ...] = (
    SUPERVISOR_ONLY, NOT_A_SUPERVISOR_DECIDES, OVERRIDE_NOT_NEEDED, OVERRIDE_NOT_VERIFIED,
    REQUEST_ALREADY_ANSWERED, NO_SUCH_REQUEST, R6_RESPONSIBLE, R6_PHONE, R6_DESIRED, R6_INTERCOM,
    R6_DESCRIPTION, R7_NOT_READ, OUTCOME_NOT_VERIFIED, OUTCOME_INTAKE_ONLY, OUTCOME_BALANCE,
    OUTCOME_NO_TICKET, OUTCOME_NO_CALLBACK, REFUSAL_DOES_NOT_FIT,
)


def balance_ok(balance_kopecks: int, min_balance_kopecks: int, overridden: bool) -> bool:
    """R14/D4: strictly above the minimum, or lifted by a supervisor for this call."""
    return balance_kopecks > min_balance_kopecks or overridden


def r6_refusal(*, responsible_name: str, contact_phone: str, desired_at: datetime | None,
               intercom_code: str, no_intercom: bool, description: str,
               needs_visit: bool, channel: str = "phone") -> str | None:
    """The first R6 omission of a ticket, as the sentence to refuse it with; None when complete.

    The same field checks as the form (`console.rules.validation`): a visit needs a name, a
    valid phone, a desired time and an intercom code (or 'no intercom'; an answering-machine
    ticket gets it in its confirmation call, D16); every ticket needs a description.
    """
    if validation.description(description)[1]:
        return R6_DESCRIPTION
    if not needs_visit:
        return None
    if validation.responsible_name(responsible_name)[1]:
        return R6_RESPONSIBLE
    if validation.contact_phone(contact_phone).error_key:
        return R6_PHONE
    if desired_at is None:
        return R6_DESIRED
    # D16: a message on the answering machine rarely leaves the intercom code; it is asked
    # in the confirmation call every such ticket needs.
    if channel != "answering_machine" and validation.intercom_code(intercom_code, no_intercom)[1]:
        return R6_INTERCOM
    return None


# -- how a call may end -----------------------------------------------------------------------
@dataclass(frozen=True)
class CallFacts:
    """What is known about a call when it ends."""

    verified: bool
    balance_ok: bool  # R14, or an approved override for this call and contract (D4)
    mode: ServiceMode  # at the moment the call ends (R4: consultation stops at 18:00)
    ticket_saved: bool  # a ticket (not a callback) was saved in this call
    callback_booked: bool


def consultation_refusal(facts: CallFacts) -> str | None:
    """Why no consultation may be given ("solved by phone"), or None when it may (R4, R13, R14)."""
    if not facts.verified:
        return OUTCOME_NOT_VERIFIED
    if not facts.balance_ok:
        return OUTCOME_BALANCE
    if facts.mode is ServiceMode.INTAKE_ONLY:
        return OUTCOME_INTAKE_ONLY
    return None


def outcome_refusal(outcome: str, facts: CallFacts,
                    refusal_reason: str | None = None) -> str | None:
    """Why `outcome` does not match the facts of the call, or None when it does."""
    if outcome == CallOutcome.SOLVED:
        return consultation_refusal(facts)
    if outcome == CallOutcome.TICKET and not facts.ticket_saved:
        return OUTCOME_NO_TICKET
    if outcome == CallOutcome.CALLBACK and not facts.callback_booked:
        return OUTCOME_NO_CALLBACK
    if outcome == CallOutcome.REFUSED and refusal_reason is not None:
        if refusal_reason == "balance" and (not facts.verified or facts.balance_ok):
            return REFUSAL_DOES_NOT_FIT
        if refusal_reason == "not_verified" and facts.verified:
            return REFUSAL_DOES_NOT_FIT
        if refusal_reason == "hours" and facts.mode is not ServiceMode.INTAKE_ONLY:
            return REFUSAL_DOES_NOT_FIT
    return None


def allowed_outcomes(facts: CallFacts) -> list[str]:
    """The outcomes the facts allow, the likely one first (R4, R13, R14, D2)."""
    likely: list[str] = []
    if facts.ticket_saved:
        likely.append(CallOutcome.TICKET)
    if facts.callback_booked:
        likely.append(CallOutcome.CALLBACK)
    if consultation_refusal(facts) is None:
        likely.append(CallOutcome.SOLVED)
    rest: list[str] = [CallOutcome.REFUSED, CallOutcome.OUT_OF_SCOPE, CallOutcome.HUNG_UP]
    if not facts.ticket_saved and not facts.callback_booked and (
        not facts.verified or not facts.balance_ok
    ):
        rest.remove(CallOutcome.REFUSED)
        # Nothing was done for the caller: most likely refused.
        likely.insert(0, CallOutcome.REFUSED)
    return likely + rest


def refusal_reasons(facts: CallFacts) -> list[str]:
    """The refusal reasons that fit the facts, the likely one first."""
    reasons = []
    if not facts.verified:
        reasons.append("not_verified")
    elif not facts.balance_ok:
        reasons.append("balance")
    if facts.mode is ServiceMode.INTAKE_ONLY:
        reasons.append("hours")  # R4: no consultation from 18:00, weekends and holidays
    return [*reasons, "work_refused", "other"]
