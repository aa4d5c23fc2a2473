"""The F6 list as plain rows (R5, D11): questions by due time, with their client and reaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from peewee import JOIN

from console.models import Contract, ContractPhone, HelpDeskQuestion, Operator
from console.services.rows import tuples


@dataclass(frozen=True, slots=True)
class QuestionRow:
    """One question as F6 lists it."""

    id: int
    external_id: str
    received_at: datetime
    due_at: datetime
    contract_id: int | None
    contract_number: str
    client: str
    subject: str
    text: str
    reaction: str | None
    answered_at: datetime | None
    answer: str | None
    answered_by: str
    ticket_id: int | None
    version: int


@dataclass(frozen=True)
class HelpDeskSnapshot:
    """The reactor's `helpdesk` part: every question, by due time."""

    rows: tuple[QuestionRow, ...] = ()

    def by_id(self) -> dict[int, QuestionRow]:
        return {row.id: row for row in self.rows}


_last: list[Any] = [None, None]  # (signature, snapshot) of the last load


def load_questions(_now: datetime | None = None) -> HelpDeskSnapshot:
    """Every question by due time; the previous snapshot when none changed since."""
    from console.services.claims_view import signature

    sig = signature(HelpDeskQuestion)
    if _last[0] == sig:
        cached: HelpDeskSnapshot = _last[1]
        return cached
    _last[1] = snapshot = _load_questions()
    _last[0] = sig
    return snapshot


def _load_questions() -> HelpDeskSnapshot:
    query = (
        tuples(HelpDeskQuestion.select(
                   HelpDeskQuestion.id, HelpDeskQuestion.external_id, HelpDeskQuestion.received_at,
                   HelpDeskQuestion.due_at, HelpDeskQuestion.contract,
                   HelpDeskQuestion.contract_number, Contract.number, Contract.surname,
                   Contract.first_name, Contract.patronymic, Contract.company,
                   HelpDeskQuestion.subject, HelpDeskQuestion.body,
                   HelpDeskQuestion.reaction, HelpDeskQuestion.answered_at, HelpDeskQuestion.answer,
                   Operator.login, HelpDeskQuestion.ticket, HelpDeskQuestion.version)
               .join(Contract, JOIN.LEFT_OUTER, on=(HelpDeskQuestion.contract == Contract.id))
               .switch(HelpDeskQuestion)
               .join(Operator, JOIN.LEFT_OUTER, on=(HelpDeskQuestion.answered_by == Operator.id))
               .order_by(HelpDeskQuestion.due_at, HelpDeskQuestion.id))
    )
    rows = []
    for (qid, ext, received, due, contract_id, typed, number, surname, first, patronymic,
         company, subject, body, reaction, answered, answer, login, ticket,
         version) in query:
        if contract_id is None:
            client = ""
        else:
            initials = "".join(f" {p[0]}." for p in (first, patronymic) if p)
            client = company or f"{surname}{initials}"
        rows.append(QuestionRow(
            qid, ext or "", received, due, contract_id, number or typed or "", client,
            subject, body, reaction or ("answer" if answered else None), answered, answer,
            login or "", ticket, version))
    return HelpDeskSnapshot(tuple(rows))


def contract_contact(contract_id: int) -> tuple[str, str]:
    """The holder's name and a mobile phone, to prefill a ticket from a question."""
    c = Contract.get_by_id(contract_id)
    phone = (ContractPhone.select(ContractPhone.e164)
             .where(ContractPhone.contract == contract_id)
             .order_by(ContractPhone.is_mobile.desc(), ContractPhone.id).scalar())
    name = " ".join(p for p in (c.surname, c.first_name, c.patronymic) if p)
    return name, phone or ""
