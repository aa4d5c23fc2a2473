"""HelpDesk use cases (R2, R5, D11, D14): add a question, and its first reaction: an answer,
a reply that a ticket is taken, or an out-of-scope referral. One transaction each, audited.

The service is the gate: a question gets one first reaction (the deadline of D11 stops there);
a second is refused, and so is an edit made on a stale view (`StaleQuestion`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from console.db import write_transaction
from console.i18n import t
from console.models import HelpDeskQuestion, Operator
from console.reference import Policy
from console.rules import helpdesk as rules
from console.rules.calendar import WorkingCalendar
from console.rules.deadlines import HELPDESK_WORKING_DAYS, helpdesk_due
from console.rules.normalize import clean_text
from console.services import audit
from console.services.contract_lookup import contract_by_number
from console.services.rows import first_tuple

if TYPE_CHECKING:  # imported where used: the F2 view need not load the ticket service
    from console.services.tickets import IntakeFields, Outcome


class HelpDeskError(ValueError):
    """A refused change; the message is an English sentence key for the UI to translate."""


class StaleQuestion(HelpDeskError):
    """Another console changed the question first; `change` is what it did (audit trail)."""

    def __init__(self, question_id: int | None = None) -> None:
        from console.services.last_change import last_change

        self.change = last_change("question", question_id) if question_id is not None else None
        super().__init__("The question was changed on another console: look again")


@dataclass(frozen=True)
class Added:
    """A question stored (or found already stored, for an import)."""

    question_id: int
    created: bool
    contract_found: bool


def _contract_id(number: str) -> int | None:
    if not number:
        return None
    contract = contract_by_number(number)
    return contract.id if contract is not None else None


def store_question(q: rules.QuestionIn, *, source: str, operator: str, calendar: WorkingCalendar,
                   now: datetime,
                   working_days: int = HELPDESK_WORKING_DAYS) -> Added:
    """Insert one question inside the caller's transaction; an id seen before changes nothing."""
    if q.external_id is not None:
        existing = first_tuple(
            HelpDeskQuestion.select(HelpDeskQuestion.id, HelpDeskQuestion.contract)
            .where(HelpDeskQuestion.external_id == q.external_id))
        if existing is not None:
            return Added(existing[0], False, existing[1] is not None)
    contract = _contract_id(q.contract_number)
    question = HelpDeskQuestion.create(
        external_id=q.external_id, contract=contract, contract_number=q.contract_number,
        received_at=q.received_at, due_at=helpdesk_due(calendar, q.received_at, working_days),
        subject=q.subject, body=q.text, source=source,
    )
    audit.record(operator, "question_added", "question", question.id,
                 {"external_id": q.external_id, "source": source,
                  "contract_found": contract is not None}, at=now)
    return Added(question.id, True, contract is not None)


def add_question(contract_number: str, subject: str, text: str, received_at: datetime, *,
                 operator: str, calendar: WorkingCalendar, now: datetime,
                 working_days: int = HELPDESK_WORKING_DAYS) -> Added:
    """A question typed in by hand (e.g. read out from the web cabinet by a colleague)."""
    record = {"id": "x", "contract": contract_number, "subject": subject, "text": text,
              "received_at": received_at.isoformat()}
    checked = rules.check_record(record, now)
    if isinstance(checked, rules.Refusal):
        raise HelpDeskError(t(checked.key, **checked.values))
    with write_transaction():
        return store_question(
            rules.QuestionIn(None, checked.contract_number, checked.received_at,
                             checked.subject, checked.text),
            source="hand", operator=operator, calendar=calendar, now=now,
            working_days=working_days)


def _load(question_id: int, version: int | None) -> HelpDeskQuestion:
    question = HelpDeskQuestion.get_or_none(HelpDeskQuestion.id == question_id)
    if question is None:
        raise HelpDeskError("No such question")
    if version is not None and question.version != version:
        raise StaleQuestion(question_id)
    if question.answered_at is not None:
        raise HelpDeskError("The question already has its reaction")
    return question


def react(question_id: int, reaction: str, text: str, *, version: int | None, operator: str,
          now: datetime, ticket_id: int | None = None) -> None:
    """Record the first reaction (D11) inside the caller's transaction."""
    if reaction not in rules.REACTIONS:
        raise HelpDeskError("Unknown reaction")
    text = clean_text(text)
    if not text:
        raise HelpDeskError("Write the reply to the client")
    if len(text) > rules.REPLY_LIMIT:
        raise HelpDeskError("The reply is too long")
    question = _load(question_id, version)
    done = (HelpDeskQuestion.update(
        answered_at=now, answer=text, reaction=reaction, ticket=ticket_id,
        answered_by=Operator.get_or_none(Operator.login == operator),
        version=question.version + 1)
        .where(HelpDeskQuestion.id == question_id,
               HelpDeskQuestion.version == question.version).execute())
    if not done:
        raise StaleQuestion(question_id)
    audit.record(operator, f"question_{reaction}", "question", question_id,
                 {"ticket": ticket_id, "late": now > question.due_at}, at=now)


def answer(question_id: int, text: str, *, version: int | None, operator: str,
           now: datetime) -> None:
    """The dispatcher answers; the text is kept with who and when."""
    with write_transaction():
        react(question_id, rules.ANSWER, text, version=version, operator=operator, now=now)


def out_of_scope(question_id: int, referral: str, *, version: int | None, operator: str,
                 now: datetime) -> None:
    """R2: not a technical question; the client is referred elsewhere with this text."""
    with write_transaction():
        react(question_id, rules.OUT_OF_SCOPE, referral, version=version, operator=operator,
              now=now)


def _needs_visit(task_code: str) -> bool:
    from console.models import TaskType

    return bool(TaskType.select(TaskType.needs_visit).where(TaskType.code == task_code).scalar())


def take_ticket(question_id: int, fields: IntakeFields, reply: str, *, version: int | None,
                operator: str, calendar: WorkingCalendar, now: datetime,
                policy: Policy | None = None) -> Outcome:
    """A ticket from the question (F2's form), and the reply saying so, in one transaction.

    The ticket keeps the link (`question.ticket`); the reply is the first reaction (D11).
    `create_ticket` is the gate as on the phone: R6/R7, and R14/D4 for a visit (the balance
    above the policy's minimum; no call, so no supervisor override applies).
    `reply` may hold `{ticket}`, filled with the new ticket's number.
    """
    from dataclasses import asdict

    from console.services.tickets import NewTicket, create_ticket

    with write_transaction():
        question = _load(question_id, version)
        if question.contract_id is None:
            raise HelpDeskError("A ticket needs a contract: this question has none")
        form = NewTicket(**asdict(fields), contract_id=question.contract_id, channel="helpdesk")
        outcome = create_ticket(form, operator=operator, calendar=calendar, now=now,
                                policy=policy)
        if _needs_visit(fields.task_type):
            # A written question: nobody has told the client the visit's time or the R7
            # requirements (D15, as D16's messages): a confirmation call is owed.
            from console.models import Notification
            from console.services.schedule import CONFIRM_WEB

            Notification.create(ticket=outcome.ticket_id, old_start=None,
                                new_start=outcome.eta_start, reason=CONFIRM_WEB, created_at=now)
        react(question_id, rules.TICKET, reply.replace("{ticket}", f"№{outcome.ticket_id}"),
              version=version, operator=operator, now=now, ticket_id=outcome.ticket_id)
    return outcome
