"""Who may be helped on a call and what is read out (R1, R2, R4, R13-R16; D2-D6)."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.i18n.ru import RU
from console.rules import eligibility as el
from console.rules.calendar import ServiceMode
from console.rules.eligibility import (
    OUT_OF_SCOPE_LABELS,
    OUT_OF_SCOPE_SCRIPTS,
    Decision,
    OutOfScope,
    Verdict,
    Verification,
    call_timer_stage,
    decide,
    verify,
)

OPEN, INTAKE = ServiceMode.OPEN, ServiceMode.INTAKE_ONLY


# -- verification (R13, D3) -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("number", "surname"),
    [
        ("12345678", "Ёлкина"),
        ("12-345 678", "ёлкина"),
        (" 12 345-678 ", "ЕЛКИНА"),
        ("12.345/678", "  елкина "),
    ],
)
def test_r13_verify_normalises_number_and_surname(number: str, surname: str) -> None:
    assert verify(number, surname, "12345678", "Ёлкина") == Verification(True, True, True)


def test_r13_verify_normalises_a_lettered_contract_number() -> None:
    assert verify("ab-12 34", "Петров", "AB1234", "Петров").verified
    assert verify("AB1234", "Петров", "ab-12-34", "Петров").verified  # key normalised both ways


@pytest.mark.parametrize(
    ("number", "surname", "expected"),
    [
        ("12345678", "Петров", Verification(False, True, False)),
        ("12345679", "Ёлкина", Verification(False, False, True)),
        ("12345679", "Петров", Verification(False, False, False)),
        ("", "Ёлкина", Verification(False, False, True)),
        ("12345678", "", Verification(False, True, False)),
        ("1234567", "Ёлкина", Verification(False, False, True)),  # a prefix is not a match
        ("12345678", "Ёлкин", Verification(False, True, False)),
        ("12345678", "Elkina", Verification(False, True, False)),  # Latin is another surname
    ],
)
def test_r13_verify_says_which_of_the_two_did_not_match(
    number: str, surname: str, expected: Verification
) -> None:
    assert verify(number, surname, "12345678", "Ёлкина") == expected


def test_r13_unknown_contract_never_verifies() -> None:
    assert verify("12345678", "Ёлкина", None, None) == Verification(False, False, False)


def test_r13_empty_identifiers_never_match_an_empty_record() -> None:
    assert verify("", "", "", "") == Verification(False, False, False)
    assert verify(" - ", " ", "", "") == Verification(False, False, False)


def test_d03_retry_sentence_does_not_say_which_one_failed() -> None:
    number_wrong = verify("1", "Ёлкина", "12345678", "Ёлкина")
    surname_wrong = verify("12345678", "Петров", "12345678", "Ёлкина")
    assert number_wrong.script_key == surname_wrong.script_key == el.SCRIPT_NO_MATCH
    assert "surname do not match" in el.SCRIPT_NO_MATCH  # both named, neither singled out
    assert verify("12345678", "Ёлкина", "12345678", "Ёлкина").script_key is None


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40), st.text(max_size=40), st.text(max_size=40))
def test_r13_verify_never_raises_and_verified_means_both(a: str, b: str, c: str, d: str) -> None:
    v = verify(a, b, c, d)
    assert v.verified == (v.number_matched and v.surname_matched)


# -- the decision (R1, R4, R13, R14; D2, D4) --------------------------------------------------
def test_r01_open_verified_positive_balance_consults() -> None:
    d = decide(verified=True, balance_kopecks=1, mode=OPEN)
    assert d == Decision(Verdict.CONSULT, True, True, True, el.SCRIPT_CONSULT, False)


@pytest.mark.parametrize("mode", [OPEN, INTAKE])
@pytest.mark.parametrize("override", [False, True])
def test_r13_not_verified_allows_nothing(mode: ServiceMode, override: bool) -> None:
    d = decide(verified=False, balance_kopecks=10_000_00, mode=mode, supervisor_override=override)
    assert d == Decision(Verdict.NOT_VERIFIED, False, False, False, el.SCRIPT_NOT_VERIFIED, False)


@pytest.mark.parametrize("balance", [0, -1, -500_00])
def test_r14_balance_of_zero_or_below_refuses_consultation_and_visit(balance: int) -> None:
    d = decide(verified=True, balance_kopecks=balance, mode=OPEN)
    assert d.verdict is Verdict.REFUSED_BALANCE
    assert not (d.may_consult or d.may_book_visit or d.may_take_intake or d.override_used)
    assert d.script_key == el.SCRIPT_BALANCE


def test_d04_balance_sentence_sends_the_caller_to_billing() -> None:
    assert "settle the balance through billing" in el.SCRIPT_BALANCE


@pytest.mark.parametrize(
    ("balance", "minimum", "refused"),
    [(0, 0, True), (1, 0, False), (100_00, 100_00, True), (100_01, 100_00, False),
     (-50_00, -100_00, False), (-100_00, -100_00, True)],
)
def test_d04_balance_must_be_strictly_above_the_policy_minimum(
    balance: int, minimum: int, refused: bool
) -> None:
    d = decide(verified=True, balance_kopecks=balance, mode=OPEN, min_balance_kopecks=minimum)
    assert (d.verdict is Verdict.REFUSED_BALANCE) is refused


def test_d04_supervisor_override_lifts_the_balance_gate_and_is_reported() -> None:
    d = decide(verified=True, balance_kopecks=-1, mode=OPEN, supervisor_override=True)
    assert d == Decision(Verdict.CONSULT, True, True, True, el.SCRIPT_CONSULT, True)


def test_d04_override_is_not_reported_when_the_balance_was_fine() -> None:
    d = decide(verified=True, balance_kopecks=1, mode=OPEN, supervisor_override=True)
    assert not d.override_used


def test_r04_intake_only_mode_takes_tickets_and_visits_but_never_consults() -> None:
    d = decide(verified=True, balance_kopecks=1, mode=INTAKE)
    assert d == Decision(Verdict.INTAKE_ONLY, False, True, True, el.SCRIPT_INTAKE_HOURS, False)


def test_d02_balance_refusal_wins_over_intake_only_hours() -> None:
    d = decide(verified=True, balance_kopecks=0, mode=INTAKE)
    assert d.verdict is Verdict.REFUSED_BALANCE
    assert d.script_key == el.SCRIPT_BALANCE


def test_d04_override_at_night_gives_intake_not_consultation() -> None:
    d = decide(verified=True, balance_kopecks=0, mode=INTAKE, supervisor_override=True)
    assert d == Decision(Verdict.INTAKE_ONLY, False, True, True, el.SCRIPT_INTAKE_HOURS, True)


def _oracle(verified: bool, balance: int, mode: ServiceMode, minimum: int, override: bool
            ) -> tuple[Verdict, bool, bool, bool, bool]:
    """The rules restated as a truth table: verdict, consult, book, intake, override used."""
    if not verified:
        return Verdict.NOT_VERIFIED, False, False, False, False
    low = balance <= minimum
    if low and not override:
        return Verdict.REFUSED_BALANCE, False, False, False, False
    if mode is INTAKE:
        return Verdict.INTAKE_ONLY, False, True, True, low
    return Verdict.CONSULT, True, True, True, low


def test_r14_every_combination_matches_the_truth_table() -> None:
    grid = itertools.product(
        (False, True), (-100, -1, 0, 1, 99, 100, 101), (OPEN, INTAKE), (-1, 0, 100), (False, True)
    )
    for verified, balance, mode, minimum, override in grid:
        d = decide(verified=verified, balance_kopecks=balance, mode=mode,
                   min_balance_kopecks=minimum, supervisor_override=override)
        got = (d.verdict, d.may_consult, d.may_book_visit, d.may_take_intake, d.override_used)
        assert got == _oracle(verified, balance, mode, minimum, override), (
            verified, balance, mode, minimum, override)
        assert d.may_consult <= (mode is OPEN)  # D2: never consultation at night
        assert d.script_key in el.MESSAGES


# -- out of scope (R2, D5) --------------------------------------------------------------------
def test_r02_the_three_named_kinds_and_any_other_each_with_a_label_and_a_referral() -> None:
    assert [k.value for k in OutOfScope] == ["finance", "on_credit", "bank_payment", "other"]
    assert set(OUT_OF_SCOPE_LABELS) == set(OUT_OF_SCOPE_SCRIPTS) == set(OutOfScope)
    money = (OutOfScope.FINANCE, OutOfScope.ON_CREDIT, OutOfScope.BANK_PAYMENT)
    for script in (*(OUT_OF_SCOPE_SCRIPTS[k] for k in money), el.SCRIPT_OUT_OF_SCOPE):
        assert "accounts (billing) department" in script
    # R2: any other non-technical question is referred too, to the main line (R19).
    assert "(499) 245 6777" in OUT_OF_SCOPE_SCRIPTS[OutOfScope.OTHER]


def test_r02_referrals_name_what_is_not_handled() -> None:
    assert "financial questions" in OUT_OF_SCOPE_SCRIPTS[OutOfScope.FINANCE]
    assert "on credit" in OUT_OF_SCOPE_SCRIPTS[OutOfScope.ON_CREDIT]
    assert "bank payments" in OUT_OF_SCOPE_SCRIPTS[OutOfScope.BANK_PAYMENT]
    assert "technical network problems only" in el.SCRIPT_OUT_OF_SCOPE


# -- sentences (R1, R4, R15, R16) -------------------------------------------------------------
def test_r01_hours_sentence_names_service_hours_and_working_days() -> None:
    assert "10:00-18:00 on working days" in el.SCRIPT_INTAKE_HOURS
    assert "take your ticket" in el.SCRIPT_INTAKE_HOURS


def test_r16_recording_notice() -> None:
    assert el.SCRIPT_RECORDING == "This call is recorded for quality control."


def test_r15_offer_names_a_visit_and_a_callback() -> None:
    assert "15 minutes" in el.SCRIPT_OFFER_VISIT
    assert "technician visit" in el.SCRIPT_OFFER_VISIT
    assert "call you back" in el.SCRIPT_OFFER_VISIT


def test_r13_not_verified_sentence_asks_for_both() -> None:
    assert el.SCRIPT_NOT_VERIFIED == (
        "Please tell me the contract number and the surname of the contract holder."
    )


def test_every_sentence_has_a_russian_translation() -> None:
    missing = [key for key in el.MESSAGES if key not in RU]
    assert not missing
    assert RU[el.SCRIPT_RECORDING] == "Разговор записывается для контроля качества."


# -- the call timer (R15, D6) -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("elapsed", "stage"),
    [
        (timedelta(0), "normal"),
        (timedelta(seconds=-5), "normal"),  # a clock step backwards
        (timedelta(minutes=11, seconds=59), "normal"),
        (timedelta(minutes=12), "warn"),
        (timedelta(minutes=14, seconds=59, microseconds=999_999), "warn"),
        (timedelta(minutes=15), "limit"),
        (timedelta(hours=3), "limit"),
    ],
)
def test_d06_timer_is_amber_at_12_and_prompts_at_15(elapsed: timedelta, stage: str) -> None:
    assert call_timer_stage(elapsed) == stage


def test_d06_timer_follows_the_policy_thresholds() -> None:
    assert call_timer_stage(timedelta(minutes=9), warn_min=10, limit_min=20) == "normal"
    assert call_timer_stage(timedelta(minutes=10), warn_min=10, limit_min=20) == "warn"
    assert call_timer_stage(timedelta(minutes=20), warn_min=10, limit_min=20) == "limit"


@pytest.mark.parametrize(("warn", "limit"), [(15, 15), (16, 15), (-1, 15)])
def test_d06_timer_refuses_thresholds_out_of_order(warn: int, limit: int) -> None:
    with pytest.raises(ValueError, match="warn_min < limit_min"):
        call_timer_stage(timedelta(minutes=1), warn_min=warn, limit_min=limit)


@settings(max_examples=100, deadline=None)
@given(st.timedeltas(min_value=timedelta(hours=-1), max_value=timedelta(hours=5)))
def test_d06_timer_stage_is_monotonic(elapsed: timedelta) -> None:
    order = ["normal", "warn", "limit"]
    now = order.index(call_timer_stage(elapsed))
    assert now <= order.index(call_timer_stage(elapsed + timedelta(seconds=1)))
