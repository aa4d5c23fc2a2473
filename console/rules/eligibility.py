"""Who may be helped on an incoming call, and what the dispatcher reads out (R1, R2, R4, R13-R16).

Pure: the facts of the call (verification, balance, service mode, elapsed time) are arguments;
no database, no UI, no clock. The sentences below are English keys; the UI translates them
through `console.i18n.t` (Russian in `console/i18n/ru_rules.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Literal

from console.rules.calendar import ServiceMode

# -- what the dispatcher reads out -----------------------------------------------------------
# R13, D3: ask for both identifiers; nothing of the contract is shown or told before they match.
SCRIPT_NOT_VERIFIED = (
    "Please tell me the contract number and the surname of the contract holder."
)
# R13, D3: one of the two did not match; the caller is not told which one.
SCRIPT_NO_MATCH = (
    "The contract number and the surname do not match our records. "
    "Please check them and tell me again."
)
# R14, D4: a balance of zero or below refuses consultation and visit booking.
SCRIPT_BALANCE = (
    "Phone support is given with a positive balance only. Please settle the balance "
    "through billing, and we will gladly help you after that."
)
# R1, R4, D2: outside 10:00-18:00 of working days only intake exists.
SCRIPT_INTAKE_HOURS = (
    "Consultations are given 10:00-18:00 on working days; now we can only take your ticket."
)
SCRIPT_CONSULT = "Thank you, the contract is confirmed. How can I help you?"
# R16: read at the start of every call.
SCRIPT_RECORDING = "This call is recorded for quality control."
# R15, D6: after 15 minutes without a solution.
SCRIPT_OFFER_VISIT = (
    "We have not solved the problem in 15 minutes. I can book a technician visit "
    "or call you back later to continue."
)
# R2, D5: out of scope, referred to the accounts department.
SCRIPT_OUT_OF_SCOPE = (
    "Technical support handles technical network problems only. For payments, "
    "switching the service on on credit and checking bank transfers, please contact "
    "the accounts (billing) department."
)


class OutOfScope(StrEnum):
    """What technical support does not handle (R2); the caller is referred elsewhere (D5)."""

    FINANCE = "finance"
    ON_CREDIT = "on_credit"
    BANK_PAYMENT = "bank_payment"
    OTHER = "other"  # R2: anything else that is not a technical network problem


# R2, D5: a short label for the dispatcher's choice and the sentence to read to the caller.
OUT_OF_SCOPE_LABELS: dict[OutOfScope, str] = {
    OutOfScope.FINANCE: "Financial question",
    OutOfScope.ON_CREDIT: "Switch on on credit",
    OutOfScope.BANK_PAYMENT: "Check a bank payment",
    OutOfScope.OTHER: "Another non-technical question",
}
OUT_OF_SCOPE_SCRIPTS: dict[OutOfScope, str] = {
    OutOfScope.FINANCE: (
        "Technical support does not handle financial questions; "
        "please contact the accounts (billing) department."
    ),
    OutOfScope.ON_CREDIT: (
        "Technical support cannot switch the service on on credit; please settle the balance "
        "or contact the accounts (billing) department."
    ),
    OutOfScope.BANK_PAYMENT: (
        "Technical support does not check whether bank payments have arrived; "
        "please contact the accounts (billing) department."
    ),
    OutOfScope.OTHER: (
        "Technical support handles technical network problems only; for other questions "
        "please call the main line (499) 245 6777 (R19)."
    ),
}


class Verdict(StrEnum):
    """The outcome of the eligibility check, in order of precedence (bottom wins)."""

    CONSULT = "consult"  # OPEN mode, verified, balance above the minimum (R1, R13, R14)
    INTAKE_ONLY = "intake_only"  # outside service hours: intake only (R4, D2)
    REFUSED_BALANCE = "refused_balance"  # balance <= minimum (R14, D4); wins over INTAKE_ONLY
    NOT_VERIFIED = "not_verified"  # number and surname not (yet) matched (R13, D3)


@dataclass(frozen=True)
class Verification:
    """The result of matching what the caller said against the contract (R13, D3).

    The two flags tell the dispatcher which identifier to ask for again; the caller is only
    told `script_key` (which does not say which one failed).
    """

    verified: bool
    number_matched: bool
    surname_matched: bool

    @property
    def script_key(self) -> str | None:
        """None when verified, else the sentence asking the caller to repeat both."""
        return None if self.verified else SCRIPT_NO_MATCH


def verify(
    given_number: str,
    given_surname: str,
    contract_number_key: str | None,
    contract_surname: str | None,
) -> Verification:
    """Match the caller's contract number and surname (R13, D3).

    `contract_*` are None when no contract has that number. The number is compared as a
    normalised key (spaces, dashes, case ignored); the surname case-insensitively with ё = е.
    """
    # Imported here: its patterns are compiled on import, and only the look-up's worker needs
    # them (the call screen imports this module on the way to the first frame, issue 12).
    from console.rules.normalize import contract_key, spoken_contract_keys, surnames_match

    number_ok = (
        contract_number_key is not None
        and contract_key(contract_number_key) in spoken_contract_keys(given_number)
    )
    surname_ok = contract_surname is not None and surnames_match(given_surname, contract_surname)
    return Verification(number_ok and surname_ok, number_ok, surname_ok)


@dataclass(frozen=True)
class Decision:
    """What the dispatcher may do for this caller, and the sentence to read out."""

    verdict: Verdict
    may_consult: bool
    may_book_visit: bool
    may_take_intake: bool
    script_key: str
    override_used: bool


def decide(
    *,
    verified: bool,
    balance_kopecks: int,
    mode: ServiceMode,
    min_balance_kopecks: int = 0,
    supervisor_override: bool = False,
) -> Decision:
    """The eligibility of a call (R1, R4, R13, R14; D2-D4).

    - Not verified: nothing is allowed, not even intake: a ticket needs a contract (R13).
    - Balance <= min_balance_kopecks: consultation, visit booking and intake are refused (R14,
      D4) unless a supervisor overrides; the override is reported only when it changed the
      outcome (`override_used`), so the service audits exactly the overrides that mattered.
    - INTAKE_ONLY mode: no consultation (R4, D2); intake and a visit booking are taken, the
      visit is queued like any other.
    """
    if not verified:  # R13: the override never lifts verification
        return Decision(Verdict.NOT_VERIFIED, False, False, False, SCRIPT_NOT_VERIFIED, False)
    balance_ok = balance_kopecks > min_balance_kopecks  # R14: strictly above the minimum
    override_used = not balance_ok and supervisor_override
    if not balance_ok and not override_used:  # D4: wins over the intake-only hours
        return Decision(Verdict.REFUSED_BALANCE, False, False, False, SCRIPT_BALANCE, False)
    if mode is ServiceMode.INTAKE_ONLY:  # R4, D2
        return Decision(Verdict.INTAKE_ONLY, False, True, True, SCRIPT_INTAKE_HOURS, override_used)
    return Decision(Verdict.CONSULT, True, True, True, SCRIPT_CONSULT, override_used)


TimerStage = Literal["normal", "warn", "limit"]


def call_timer_stage(elapsed: timedelta, warn_min: int = 12, limit_min: int = 15) -> TimerStage:
    """The call timer's stage (R15, D6): amber from `warn_min`, the visit prompt at `limit_min`.

    A negative elapsed time (a clock step) counts as a fresh call.
    """
    if not 0 <= warn_min < limit_min:
        raise ValueError(f"need 0 <= warn_min < limit_min, got {warn_min} and {limit_min}")
    if elapsed >= timedelta(minutes=limit_min):
        return "limit"
    if elapsed >= timedelta(minutes=warn_min):
        return "warn"
    return "normal"


# Every sentence key of this module, for the translation test.
MESSAGES: tuple[str, ...] = (
    SCRIPT_NOT_VERIFIED,
    SCRIPT_NO_MATCH,
    SCRIPT_BALANCE,
    SCRIPT_INTAKE_HOURS,
    SCRIPT_CONSULT,
    SCRIPT_RECORDING,
    SCRIPT_OFFER_VISIT,
    SCRIPT_OUT_OF_SCOPE,
    *OUT_OF_SCOPE_LABELS.values(),
    *OUT_OF_SCOPE_SCRIPTS.values(),
)
