"""Peewee models: the console's data model (DESIGN.md "Data model").

Conventions that every layer relies on:
- times are stored in UTC (naive in the column, aware in Python) and shown in Europe/Moscow;
- money is integer kopecks (`*_kopecks`), never floats;
- searchable text has a normalised twin column (`surname_key`, `number_key`, `e164`), because
  SQLite's `lower()`/`LIKE` fold ASCII only (Cyrillic case and ё/е would not match);
- every row that two consoles may edit carries a `version` for optimistic locking (D14).

The schema itself is created and changed only by the numbered migrations in
`console/migrations/`; these classes must describe the schema those migrations produce.
Status columns hold the values of `console.statuses` (one StrEnum per concept).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

import peewee
from peewee import (
    BooleanField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
)

from console.rules.text import strip_controls
from console.statuses import (
    ClaimStatus,
    ContractStatus,
    MachineMessageStatus,
    NotificationStatus,
    OverrideStatus,
    TicketStatus,
    VisitStatus,
)

database = DatabaseProxy()


class CharField(peewee.CharField):
    """One-line text: control characters never reach the database, whoever writes (D14)."""

    def db_value(self, value: Any) -> Any:
        if isinstance(value, str):
            value = strip_controls(value)
        return super().db_value(value)


class TextField(peewee.TextField):
    """Multi-line text: line breaks and tabs kept, every other control character dropped."""

    def db_value(self, value: Any) -> Any:
        if isinstance(value, str):
            value = strip_controls(value, keep="\n\t")
        return super().db_value(value)


class UTCDateTimeField(DateTimeField):
    """An aware datetime in Python, a naive UTC timestamp in the database."""

    def db_value(self, value: Any) -> Any:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError("naive datetimes are not stored: give a time zone")
            value = value.astimezone(UTC).replace(tzinfo=None)
        return super().db_value(value)

    def python_value(self, value: Any) -> Any:
        value = super().python_value(value)
        if isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    """Wall-clock now in UTC; services pass the injected clock's now instead where it matters."""
    return datetime.now(UTC)


class BaseModel(Model):
    """Binds every model to the one database proxy opened by `console.db`."""

    if TYPE_CHECKING:
        # What peewee's metaclass adds and its stubs cannot see: the implicit primary key and
        # the model's own DoesNotExist. Each model below declares the `<name>_id` accessors of
        # its foreign keys the same way (declarations only: nothing changes at run time).
        id: ClassVar[peewee.AutoField[int]]
        DoesNotExist: ClassVar[type[peewee.DoesNotExist]]

    class Meta:
        database = database
        legacy_table_names = False


class Operator(BaseModel):
    """A dispatcher or supervisor who signs every change (D14)."""

    login = CharField(unique=True)
    name = CharField()
    is_supervisor = BooleanField(default=False)
    created_at = UTCDateTimeField(default=utcnow)


class Contract(BaseModel):
    """A client's contract as imported from billing; the unit of verification (R13)."""

    number = CharField()
    number_key = CharField(unique=True)  # normalised: no spaces/dashes, upper case (D3)
    surname = CharField()  # holder's surname, or the company representative's
    first_name = CharField(default="")
    patronymic = CharField(default="")
    surname_key = CharField(index=True)  # casefold, ё -> е, for prefix search (D3)
    company = CharField(null=True)
    address = TextField(default="")
    balance_kopecks = IntegerField(default=0)
    balance_as_of = UTCDateTimeField(null=True)
    status = CharField(default=ContractStatus.ACTIVE)
    created_at = UTCDateTimeField(default=utcnow)
    updated_at = UTCDateTimeField(default=utcnow)


class ContractPhone(BaseModel):
    """A contact phone of a contract, E.164-normalised so a caller ID finds the contract."""

    contract = ForeignKeyField(Contract, backref="phones", on_delete="CASCADE")
    e164 = CharField(index=True)
    is_mobile = BooleanField(default=True)
    note = CharField(default="")

    if TYPE_CHECKING:
        contract_id: ClassVar[IntegerField[int]]


class Technician(BaseModel):
    """A field technician who makes visits inside the R3 window."""

    name = CharField()
    phone = CharField(default="")
    active = BooleanField(default=True)


class TechnicianDayOff(BaseModel):
    """A day a technician does not work (leave, sickness), on top of the calendar."""

    technician = ForeignKeyField(Technician, backref="days_off", on_delete="CASCADE")
    day = DateField()
    reason = CharField(default="")

    if TYPE_CHECKING:
        technician_id: ClassVar[IntegerField[int]]

    class Meta:
        indexes = ((("technician", "day"), True),)


class TaskType(BaseModel):
    """Appendix No. 4 task type, mirrored from data/priorities.toml at start (D7)."""

    code = CharField(unique=True)
    name_ru = CharField()
    name_en = CharField()
    priority = IntegerField()
    duration_min = IntegerField()
    needs_visit = BooleanField()
    billable = BooleanField()


class PriceItem(BaseModel):
    """Price List No. 3 item, mirrored from data/pricelist3.toml at start (R8, R12)."""

    code = CharField(unique=True)
    name_ru = CharField()
    name_en = CharField()
    price_kopecks = IntegerField()
    unit = CharField(default="")


class Call(BaseModel):
    """One phone call, recorded for quality control (R16) whatever its outcome."""

    started_at = UTCDateTimeField(index=True)
    ended_at = UTCDateTimeField(null=True)
    operator = ForeignKeyField(Operator, backref="calls")
    contract = ForeignKeyField(Contract, backref="calls", null=True, on_delete="SET NULL")
    verified = BooleanField(default=False)
    service_mode = CharField(default="open")  # open | intake_only at the start of the call
    outcome = CharField(null=True)  # CallOutcome
    refusal_reason = CharField(null=True)
    notes = TextField(default="")
    over_15_min = BooleanField(default=False)  # R15
    direction = CharField(default="in", null=True)  # in: a caller rang | out: a callback
    callback_ticket_id = IntegerField(null=True, index=True)  # the callback worked off (0006)

    if TYPE_CHECKING:
        operator_id: ClassVar[IntegerField[int]]
        contract_id: ClassVar[IntegerField[int | None]]


class Ticket(BaseModel):
    """A task in the priority queue (R6, R9); ETAs are written only by the planner (D8)."""

    contract = ForeignKeyField(Contract, backref="tickets", on_delete="CASCADE")
    task_type = ForeignKeyField(TaskType, backref="tickets")
    priority = IntegerField(index=True)
    status = CharField(default=TicketStatus.OPEN, index=True)
    channel = CharField(default="phone")  # phone | answering_machine | helpdesk | callback
    call = ForeignKeyField(Call, backref="tickets", null=True, on_delete="SET NULL")
    description = TextField(default="")
    responsible_name = CharField(default="")
    contact_phone = CharField(default="")  # E.164
    contact_is_mobile = BooleanField(default=True)
    desired_at = UTCDateTimeField(null=True)
    intercom_code = CharField(default="")
    no_intercom = BooleanField(default=False)
    billable_agreed = BooleanField(default=False)  # R12
    # The dispatcher's assignment (a constraint) vs. where the planner put the visit (D8).
    technician = ForeignKeyField(Technician, backref="tickets", null=True, on_delete="SET NULL")
    planned_technician = ForeignKeyField(
        Technician, backref="planned_tickets", null=True, on_delete="SET NULL", index=True
    )
    eta_start = UTCDateTimeField(null=True)
    eta_end = UTCDateTimeField(null=True)
    told_start = UTCDateTimeField(null=True)  # what the client was last told (D9)
    told_at = UTCDateTimeField(null=True)
    pinned = BooleanField(default=False)
    cancel_reason = CharField(null=True)
    settled_day = DateField(null=True)  # settled in that day's day-close list (rescheduled)
    created_at = UTCDateTimeField(default=utcnow, index=True)
    created_by = ForeignKeyField(Operator, backref="tickets", null=True)
    updated_at = UTCDateTimeField(default=utcnow)
    version = IntegerField(default=1)
    # 0005 (issue 7): the R7 checklist as read out (JSON list of times, one per item), what the
    # client was told (D15), the reason of a priority move (D17), who cancelled (R8, D10:
    # client | responsible), when an answering-machine message was left (D16), and whether the
    # client was told honestly that no technician could be placed yet (D15).
    r7_read = TextField(null=True)
    told_duration_min = IntegerField(null=True)
    told_due = UTCDateTimeField(null=True)
    priority_reason = TextField(null=True)
    cancelled_by = CharField(null=True)
    message_left_at = UTCDateTimeField(null=True)
    unplaced_told = BooleanField(null=True, default=False)
    callback_attempts = IntegerField(default=0, null=True)  # a callback not reached yet (0006)
    # Created when the intake form opens: a repeated save returns the first ticket (0007).
    intake_key = CharField(null=True, unique=True)

    if TYPE_CHECKING:
        contract_id: ClassVar[IntegerField[int]]
        task_type_id: ClassVar[IntegerField[int]]
        call_id: ClassVar[IntegerField[int | None]]
        technician_id: ClassVar[IntegerField[int | None]]
        planned_technician_id: ClassVar[IntegerField[int | None]]
        created_by_id: ClassVar[IntegerField[int | None]]


class Visit(BaseModel):
    """A technician's visit for a ticket; the act is signed at its end (R7)."""

    ticket = ForeignKeyField(Ticket, backref="visits", on_delete="CASCADE")
    technician = ForeignKeyField(Technician, backref="visits")
    start = UTCDateTimeField(index=True)
    end = UTCDateTimeField()
    status = CharField(default=VisitStatus.PLANNED)
    act_signed_by = CharField(null=True)
    finished_at = UTCDateTimeField(null=True)
    started_at = UTCDateTimeField(null=True)  # the real time the technician was on site
    outcome = CharField(null=True)  # VisitOutcome (the act's)

    if TYPE_CHECKING:
        ticket_id: ClassVar[IntegerField[int]]
        technician_id: ClassVar[IntegerField[int]]


class Act(BaseModel):
    """The completion act of a visit (R7), numbered per year; its PDF lives under data/acts/."""

    year = IntegerField()
    number = IntegerField()
    visit = ForeignKeyField(Visit, backref="acts", on_delete="CASCADE", unique=True)
    ticket = ForeignKeyField(Ticket, backref="acts", on_delete="CASCADE")
    signer_name = CharField()
    signer_role = CharField(default="")
    signer_is_responsible = BooleanField(default=True)
    work_done = TextField(default="")
    outcome = CharField()  # VisitOutcome
    refusal_reason = TextField(null=True)  # R12: why the service refused the work
    total_kopecks = IntegerField(default=0)
    follow_up_ticket = ForeignKeyField(Ticket, null=True, on_delete="SET NULL",
                                       backref="follow_up_of")
    pdf_path = CharField(default="")
    created_at = UTCDateTimeField(default=utcnow)
    created_by = ForeignKeyField(Operator, null=True)
    updated_at = UTCDateTimeField(default=utcnow)

    if TYPE_CHECKING:
        visit_id: ClassVar[IntegerField[int]]
        ticket_id: ClassVar[IntegerField[int]]
        follow_up_ticket_id: ClassVar[IntegerField[int | None]]
        created_by_id: ClassVar[IntegerField[int | None]]

    class Meta:
        indexes = ((("year", "number"), True),)


class ActItem(BaseModel):
    """A Price List No. 3 item performed on a visit, with its quantity and amount (R12)."""

    act = ForeignKeyField(Act, backref="items", on_delete="CASCADE")
    item = ForeignKeyField(PriceItem)
    quantity = IntegerField()
    price_kopecks = IntegerField()
    amount_kopecks = IntegerField()

    if TYPE_CHECKING:
        act_id: ClassVar[IntegerField[int]]
        item_id: ClassVar[IntegerField[int]]


class BookingCell(BaseModel):
    """One technician x 5-minute cell; the unique key makes double booking impossible."""

    technician = ForeignKeyField(Technician, on_delete="CASCADE")
    cell_start = UTCDateTimeField()
    visit = ForeignKeyField(Visit, backref="cells", on_delete="CASCADE")

    if TYPE_CHECKING:
        technician_id: ClassVar[IntegerField[int]]
        visit_id: ClassVar[IntegerField[int]]

    class Meta:
        indexes = ((("technician", "cell_start"), True),)


class Notification(BaseModel):
    """A client to tell that their visit moved (D9); it leaves the list only when answered."""

    ticket = ForeignKeyField(Ticket, backref="notifications", on_delete="CASCADE")
    old_start = UTCDateTimeField(null=True)
    new_start = UTCDateTimeField(null=True)
    reason = CharField()  # shifted | other_day | unplaced
    status = CharField(default=NotificationStatus.PENDING, index=True)
    attempts = IntegerField(default=0)
    retry_at = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField(default=utcnow)
    resolved_at = UTCDateTimeField(null=True)
    resolved_by = ForeignKeyField(Operator, null=True)

    if TYPE_CHECKING:
        ticket_id: ClassVar[IntegerField[int]]
        resolved_by_id: ClassVar[IntegerField[int | None]]


class Charge(BaseModel):
    """A Price List No. 3 charge on a contract, e.g. item 1.1 for a late cancellation (R8)."""

    contract = ForeignKeyField(Contract, backref="charges", on_delete="CASCADE")
    item = ForeignKeyField(PriceItem)
    amount_kopecks = IntegerField()
    reason = TextField(default="")
    ticket = ForeignKeyField(Ticket, null=True, on_delete="SET NULL")
    visit = ForeignKeyField(Visit, null=True, on_delete="SET NULL")
    waived = BooleanField(default=False)
    waiver_reason = TextField(null=True)
    created_at = UTCDateTimeField(default=utcnow)
    created_by = ForeignKeyField(Operator, null=True)
    quantity = IntegerField(default=1)
    act = ForeignKeyField(Act, null=True, on_delete="SET NULL", backref="charges")

    if TYPE_CHECKING:
        contract_id: ClassVar[IntegerField[int]]
        item_id: ClassVar[IntegerField[int]]
        ticket_id: ClassVar[IntegerField[int | None]]
        visit_id: ClassVar[IntegerField[int | None]]
        created_by_id: ClassVar[IntegerField[int | None]]
        act_id: ClassVar[IntegerField[int | None]]


class HelpDeskQuestion(BaseModel):
    """A web-cabinet HelpDesk question, due within one working day of service time (R5, D11)."""

    contract = ForeignKeyField(Contract, backref="questions", null=True, on_delete="SET NULL")
    received_at = UTCDateTimeField(index=True)
    due_at = UTCDateTimeField(index=True)
    subject = CharField(default="")
    body = TextField(default="")
    # The first reaction (D11): an answer, a reply that a ticket is taken, or an out-of-scope
    # referral (R2); `answer` holds the text sent, `reaction` which of the three it was.
    answered_at = UTCDateTimeField(null=True)
    answer = TextField(null=True)
    answered_by = ForeignKeyField(Operator, null=True)
    external_id = CharField(null=True, unique=True)  # the web cabinet's id: imports are idempotent
    contract_number = CharField(default="")  # as the client typed it
    reaction = CharField(null=True)  # answer | ticket | out_of_scope
    ticket = ForeignKeyField(Ticket, backref="questions", null=True, on_delete="SET NULL")
    source = CharField(default="web")  # web | hand
    version = IntegerField(default=1)

    if TYPE_CHECKING:
        contract_id: ClassVar[IntegerField[int | None]]
        answered_by_id: ClassVar[IntegerField[int | None]]
        ticket_id: ClassVar[IntegerField[int | None]]


class Claim(BaseModel):
    """A written claim to the general director (R17, R18); incomplete ones still run (D12)."""

    received_at = UTCDateTimeField(index=True)
    due_at = UTCDateTimeField(index=True)
    channel = CharField(default="letter")  # letter | fax | email
    holder_full_name = CharField(default="")
    contract_number = CharField(default="")
    contract = ForeignKeyField(Contract, backref="claims", null=True, on_delete="SET NULL")
    contact_phone = CharField(default="")
    description = TextField(default="")
    incident_from = DateField(null=True)
    incident_to = DateField(null=True)
    specialist_name = CharField(default="")
    reply_channel = CharField(default="")  # letter | fax | email | phone
    signed = BooleanField(default=False)
    # registered | incomplete -> director -> answered | rejected (console/rules/claims.py)
    status = CharField(default=ClaimStatus.REGISTERED, index=True)
    missing = TextField(default="")  # comma-separated R17 fields that are missing (D12)
    reply = TextField(null=True)
    replied_at = UTCDateTimeField(null=True)
    created_by = ForeignKeyField(Operator, null=True)
    version = IntegerField(default=1)
    # Registration number П-YYYY-NNNN: `reg_year` and `reg_seq` from ClaimCounter, never reused.
    number = CharField(null=True, unique=True)
    reg_year = IntegerField(null=True, index=True)
    reg_seq = IntegerField(null=True)
    holder_address = TextField(default="")  # where the reply letter goes when no contract matches
    director_at = UTCDateTimeField(null=True)  # handed to the general director (R18)
    reply_channel_used = CharField(null=True)  # letter | fax | email | phone
    reply_letter_no = CharField(null=True)  # the outgoing letter's number
    reject_reason = TextField(null=True)
    updated_at = UTCDateTimeField(null=True)

    if TYPE_CHECKING:
        contract_id: ClassVar[IntegerField[int | None]]
        created_by_id: ClassVar[IntegerField[int | None]]


class ClaimCounter(BaseModel):
    """The last claim number issued per year; bumped in the registering transaction, so a
    number is never issued twice, even after its claim was deleted."""

    year = IntegerField(unique=True)
    last = IntegerField(default=0)


class Draft(BaseModel):
    """Autosaved form contents, so a crash or a closed terminal loses nothing (D14).

    One per console run, operator and form: two consoles under one login keep their own.
    """

    operator = CharField()
    form = CharField()
    payload = TextField()  # JSON
    updated_at = UTCDateTimeField(default=utcnow)
    console = CharField(default="")  # the console run that wrote it (0007)

    class Meta:
        indexes = ((("console", "operator", "form"), True),)


class ConsolePresence(BaseModel):
    """A running console: who, since when, last heartbeat, the ticket or claim it has open."""

    console_id = CharField(primary_key=True)
    operator = CharField()
    operator_name = CharField()
    host = CharField(default="")
    pid = IntegerField(default=0)
    started_at = UTCDateTimeField(default=utcnow)
    seen_at = UTCDateTimeField(default=utcnow, index=True)
    entity = CharField(null=True)  # "ticket:12", "claim:3"
    entity_since = UTCDateTimeField(null=True)


class BalanceOverride(BaseModel):
    """D4: the balance gate lifted for one call and one contract, by a supervisor.

    An operator who is not a supervisor leaves a `pending` request; every supervisor's console
    loads it and approves or refuses it (`approved` | `refused`). The services read only
    approved rows of the very call and contract.
    """

    call = ForeignKeyField(Call, null=True, on_delete="SET NULL")
    contract = ForeignKeyField(Contract, on_delete="CASCADE")
    balance_kopecks = IntegerField(default=0)
    reason = TextField()
    requested_by = CharField()
    requested_at = UTCDateTimeField(index=True)
    supervisor = CharField(null=True)
    status = CharField(index=True, default=OverrideStatus.PENDING)
    decided_at = UTCDateTimeField(null=True)
    answer = TextField(null=True)

    if TYPE_CHECKING:
        call_id: ClassVar[IntegerField[int | None]]
        contract_id: ClassVar[IntegerField[int]]


class MachineMessage(BaseModel):
    """D16: a message left on the answering machine, as the dispatcher entered it."""

    left_at = UTCDateTimeField(index=True)
    number_heard = CharField(default="")
    surname_heard = CharField(default="")
    phone = CharField(default="")  # E.164, to call an unidentified caller back
    problem = TextField(default="")
    desired_text = CharField(default="")
    contract = ForeignKeyField(Contract, null=True, on_delete="SET NULL")
    ticket = ForeignKeyField(Ticket, null=True, on_delete="SET NULL")
    status = CharField(index=True, default=MachineMessageStatus.ENTERED)
    entered_by = CharField()
    entered_at = UTCDateTimeField()
    resolved_at = UTCDateTimeField(null=True)
    resolved_by = CharField(null=True)

    if TYPE_CHECKING:
        contract_id: ClassVar[IntegerField[int | None]]
        ticket_id: ClassVar[IntegerField[int | None]]


class MachineTally(BaseModel):
    """D16: how many messages the machine held when the dispatcher noted it."""

    noted_at = UTCDateTimeField(index=True)
    held = IntegerField()
    operator = CharField()


class AuditEvent(BaseModel):
    """Who changed what and when (D14). Append-only."""

    at = UTCDateTimeField(default=utcnow, index=True)
    operator = CharField()
    action = CharField()
    entity = CharField()
    entity_id = CharField(null=True)
    details = TextField(default="")  # JSON


class ChangeMark(BaseModel):
    """How often each table was written (SQLite; console/change_marks.py keeps it)."""

    name = CharField(primary_key=True)
    version = IntegerField(default=0)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    Operator,
    Contract,
    ContractPhone,
    Technician,
    TechnicianDayOff,
    TaskType,
    PriceItem,
    Call,
    Ticket,
    Visit,
    Act,
    ActItem,
    BookingCell,
    Notification,
    Charge,
    HelpDeskQuestion,
    Claim,
    ClaimCounter,
    Draft,
    AuditEvent,
    BalanceOverride,
    MachineMessage,
    MachineTally,
    ConsolePresence,
    ChangeMark,
)
