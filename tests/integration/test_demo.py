"""The demo database builder: every kind of data, sane fields, reproducible, never pollutes."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from console.config import build_calendar
from console.db import open_database
from console.models import (
    AuditEvent,
    BalanceOverride,
    BookingCell,
    Call,
    Claim,
    Contract,
    ContractPhone,
    HelpDeskQuestion,
    MachineMessage,
    Notification,
    Operator,
    PriceItem,
    TaskType,
    Technician,
    TechnicianDayOff,
    Ticket,
    Visit,
)
from console.reference import default_data_dir, load_reference
from console.rules import normalize
from console.rules.calendar import WorkingCalendar
from console.rules.deadlines import claim_due, helpdesk_due
from console.services.demo.builder import DemoSummary, build_demo
from console.statuses import (
    CallOutcome,
    ClaimStatus,
    ContractStatus,
    MachineMessageStatus,
    NotificationStatus,
    OverrideStatus,
    TicketStatus,
    VisitOutcome,
    VisitStatus,
)

MSK = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 3, 17, 11, 0, tzinfo=MSK)  # a Tuesday, a working day, the window is open
SUNDAY_EVENING = datetime(2026, 3, 22, 20, 0, tzinfo=MSK)
FIXED = {"10000001", "10000002", "10000003"}
TABLES = ("contract", "contract_phone", "technician", "technician_day_off", "ticket", "visit",
          "booking_cell", "claim", "help_desk_question", "operator", "audit_event")


@pytest.fixture(scope="module")
def reference():
    return load_reference(default_data_dir())


@pytest.fixture(scope="module")
def cal(reference) -> WorkingCalendar:
    return build_calendar(reference)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, DemoSummary]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    return path, build_demo(path, contracts=300, seed=1, now=NOW)


@pytest.fixture
def db(built) -> Iterator[Path]:
    """The small demo database, bound to the models for this test."""
    database = open_database(built[0])
    yield built[0]
    database.close()


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every demo table's rows, read with the plain sqlite3 module (no peewee in between)."""
    with sqlite3.connect(path) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}


def test_small_build_has_every_kind_of_data(built, db, reference):
    summary = built[1]
    assert (summary.contracts, summary.technicians, summary.claims, summary.questions) == (
        300, 6, 12, 25)
    assert Contract.select().count() == 300
    assert summary.tickets == Ticket.select().count()
    assert summary.seconds > 0
    assert TaskType.select().count() == len(reference.task_types)
    assert PriceItem.select().count() == len(reference.price_items)
    assert {(o.login, o.is_supervisor) for o in Operator.select()} == {
        ("demo", False), ("supervisor", True)}
    assert Operator.get(login="demo").name == "Диспетчер Демо"
    assert Technician.select().count() == 6
    offs = list(TechnicianDayOff.select())
    assert len(offs) == 2
    assert all(NOW.date() < o.day <= NOW.date() + timedelta(days=14) for o in offs)
    by_status = {s: Ticket.select().where(Ticket.status == s).count()
                 for s in ("open", "in_progress", "done", "cancelled")}
    assert by_status == {"open": 60, "in_progress": 5, "done": 20, "cancelled": 10}
    companies = Contract.select().where(Contract.company.is_null(False)).count()
    assert 0.03 < companies / 300 < 0.15
    event = AuditEvent.get(AuditEvent.action == "demo_built")
    details = json.loads(event.details)
    assert details["seed"] == 1 and details["contracts"] == 300 and details["claims"] == 12


def test_fixed_contracts_exist_whatever_the_seed(db, tmp_path):
    ivanov = Contract.get(Contract.number_key == "10000001")
    assert (ivanov.surname, ivanov.first_name, ivanov.patronymic) == ("Иванов", "Иван", "Иванович")
    assert ivanov.balance_kopecks == 125_000 and ivanov.company is None
    yolkina = Contract.get(Contract.number_key == "10000002")
    assert (yolkina.surname, yolkina.first_name) == ("Ёлкина", "Анна")
    assert yolkina.surname_key == "елкина" and yolkina.balance_kopecks == -30_000
    romashka = Contract.get(Contract.number_key == "10000003")
    assert romashka.company == "ООО «Ромашка»" and romashka.surname == "Петров"
    assert all(c.phones.count() >= 1 for c in (ivanov, yolkina, romashka))

    def fixed(path: Path) -> list[tuple]:
        rows = dump(path)["contract"]
        return [r[1:] for r in rows if r[1] in FIXED]

    other = tmp_path / "seed7.db"
    build_demo(other, contracts=50, seed=7, now=NOW)
    assert fixed(other) == fixed(db)
    assert len(fixed(other)) == 3


def test_demo_every_ticket_has_its_task_types_priority(db):
    rows = (Ticket.select(Ticket.priority, TaskType.priority.alias("type_priority"))
            .join(TaskType).dicts())
    assert rows and all(r["priority"] == r["type_priority"] for r in rows)


def test_demo_about_one_in_ten_balances_is_not_positive(db):
    balances = [b for n, b in Contract.select(Contract.number_key, Contract.balance_kopecks)
                .tuples() if n not in FIXED]
    share = sum(b <= 0 for b in balances) / len(balances)
    assert 0.05 <= share <= 0.17
    assert all(5_000 <= b <= 500_000 for b in balances if b > 0)  # 50.00-5,000.00 roubles
    as_of = [a for (a,) in Contract.select(Contract.balance_as_of).tuples()]
    assert all(NOW - timedelta(days=1) <= a <= NOW for a in as_of)


def test_demo_search_keys_are_normalised(db):
    rows = Contract.select(Contract.number, Contract.number_key, Contract.surname,
                           Contract.surname_key, Contract.first_name, Contract.patronymic,
                           Contract.address).tuples()
    for number, number_key, surname, skey, first, patronymic, address in rows:
        assert number_key == normalize.contract_key(number) and re.fullmatch(r"\d{8}", number)
        assert skey == normalize.surname_key(surname)
        assert first and address.startswith("г. Москва, ") and ", д. " in address
        # Gender agreement: the parts were drawn together from the male or the female pool.
        female = patronymic.endswith("на")
        assert female or patronymic.endswith("ич")
        assert female == surname.endswith(("а", "я"))


def test_phones_are_valid_e164_and_mostly_mobile(db):
    phones = list(ContractPhone.select(ContractPhone.e164, ContractPhone.is_mobile).tuples())
    assert len({e for e, _ in phones}) == len(phones)  # unique: caller ID finds one contract
    for e164, mobile in phones:
        assert normalize.phone_e164(e164) == e164
        assert normalize.is_mobile(e164) == mobile
    share = sum(m for _, m in phones) / len(phones)
    assert 0.6 < share < 1
    for e164, mobile in Ticket.select(Ticket.contact_phone, Ticket.contact_is_mobile).tuples():
        assert normalize.phone_e164(e164) == e164 and normalize.is_mobile(e164) == mobile
    assert all(normalize.is_mobile(t.phone) for t in Technician.select())


def test_demo_open_tickets_are_complete_and_wait_for_the_planner(db, cal):
    open_ = list(Ticket.select().where(Ticket.status == "open"))
    channels = {t.channel for t in open_}
    assert channels == {"phone", "answering_machine", "helpdesk"}
    for t in open_:
        assert t.eta_start is None and t.eta_end is None and t.technician_id is None
        assert t.responsible_name and t.description and t.contact_phone
        assert t.no_intercom or re.fullmatch(r"\d+К\d{4}", t.intercom_code)
        assert NOW - timedelta(days=4) <= t.created_at <= NOW
        if t.desired_at is not None:  # R3: a wished start inside the window of a working day
            start = t.desired_at.astimezone(MSK)
            window = cal.visit_window_on(start.date())
            assert window is not None and window[0] <= start < window[1] and start > NOW
        if t.told_start is not None:  # D9: told earlier, so a re-plan can prompt
            assert t.told_start == t.desired_at and t.told_at is not None
    desired = [t for t in open_ if t.desired_at is not None]
    told = [t for t in desired if t.told_start is not None]
    assert len(desired) >= 10 and 0.1 <= len(told) / len(desired) <= 0.6


def test_demo_visits_are_inside_the_window_and_never_overlap(db, cal):
    visits = list(Visit.select())
    assert len(visits) == 25
    per_tech: dict[int, list[tuple[datetime, datetime]]] = {}
    for v in visits:
        start, end = v.start.astimezone(MSK), v.end.astimezone(MSK)
        window = cal.visit_window_on(start.date())
        assert window is not None and window[0] <= start < end <= window[1]
        assert v.ticket.status == v.status and v.ticket.technician_id == v.technician_id
        per_tech.setdefault(v.technician_id, []).append((start, end))
        if v.status == "in_progress":  # today, already started (NOW is inside the window)
            assert start.date() == NOW.date() and start <= NOW
            assert BookingCell.select().where(BookingCell.visit == v).count() == (
                (end - start) // timedelta(minutes=5))  # the 5-minute booking grid
        else:
            assert v.status == "done" and start.date() < NOW.date()
            assert v.act_signed_by and v.finished_at == v.end
    for spans in per_tech.values():
        spans.sort()
        assert all(a[1] <= b[0] for a, b in pairwise(spans))


def test_demo_claim_due_is_claim_due_of_its_receipt(db, cal):
    claims = list(Claim.select())
    assert len(claims) == 12
    for c in claims:
        assert c.due_at == claim_due(cal, c.received_at)
        assert NOW - timedelta(days=35) <= c.received_at <= NOW


def test_demo_claims_are_complete_or_say_what_is_missing(db):
    claims = list(Claim.select())
    statuses = [c.status for c in claims]
    assert 2 <= statuses.count("incomplete") <= 3 and statuses.count("answered") == 2
    for c in claims:
        assert c.holder_full_name and c.contract_number and c.description
        if c.status == "incomplete":  # D12: registered anyway, with the gaps named
            missing = c.missing.split(",")
            assert missing and set(missing) <= {
                "phone", "incident_date", "specialist", "reply_channel", "signature"}
            assert ("phone" in missing) == (not c.contact_phone)
            assert ("signature" in missing) == (not c.signed)
            assert ("specialist" in missing) == (not c.specialist_name)
            assert ("reply_channel" in missing) == (not c.reply_channel)
            assert ("incident_date" in missing) == (c.incident_from is None)
        else:
            assert not c.missing and c.signed and c.contact_phone and c.specialist_name
            assert c.reply_channel in {"letter", "fax", "email", "phone"}
            assert c.incident_from is not None
        if c.status == "answered":
            assert c.reply and c.received_at <= c.replied_at <= NOW
        else:
            assert c.reply is None and c.replied_at is None


def test_demo_some_claims_and_questions_are_overdue_now(db, cal):
    overdue_claims = Claim.select().where(Claim.status != "answered", Claim.due_at < NOW)
    assert overdue_claims.count() >= 2
    assert Claim.select().where(Claim.due_at > NOW).count() >= 5
    questions = list(HelpDeskQuestion.select())
    assert len(questions) == 25
    for q in questions:
        assert q.due_at == helpdesk_due(cal, q.received_at)
        assert q.received_at <= NOW
        if q.answered_at is not None:  # answered inside service hours (R1), before it was late
            assert q.received_at <= q.answered_at <= min(q.due_at, NOW)
            local = q.answered_at.astimezone(MSK)
            assert cal.is_working_day(local.date())
            assert cal.opening(local.date()) <= local <= cal.closing(local.date())
            assert q.answer and q.answered_by_id is not None
    overdue = [q for q in questions if q.answered_at is None and q.due_at < NOW]
    assert len(overdue) >= 3
    assert sum(q.answered_at is not None for q in questions) >= 5
    assert sum(q.received_at >= NOW - timedelta(days=4) for q in questions) >= 20


def test_same_seed_and_now_give_the_same_database(built, tmp_path):
    again = tmp_path / "again.db"
    build_demo(again, contracts=300, seed=1, now=NOW)
    assert dump(again) == dump(built[0])


def test_another_seed_gives_another_database(built, tmp_path):
    other = tmp_path / "other.db"
    build_demo(other, contracts=300, seed=2, now=NOW)
    mine, theirs = dump(built[0]), dump(other)
    for table in ("contract", "contract_phone", "technician", "ticket", "claim"):
        assert mine[table] != theirs[table], table


def test_refuses_a_database_that_holds_contracts(built, tmp_path):
    path = built[0]
    before = dump(path)
    with pytest.raises(ValueError, match="already holds contracts"):
        build_demo(path, contracts=10, now=NOW)
    assert dump(path) == before
    # A "real" database with one imported contract: nothing at all is added to it.
    real = tmp_path / "real.db"
    database = open_database(real)
    Contract.create(number="1", number_key="1", surname="Сидоров", surname_key="сидоров")
    database.close()
    with pytest.raises(ValueError, match="already holds contracts"):
        build_demo(real, contracts=10, now=NOW)
    tables = dump(real)
    assert len(tables["contract"]) == 1
    assert not tables["operator"] and not tables["technician"] and not tables["audit_event"]


def test_on_a_sunday_evening_visits_in_progress_are_from_the_last_working_day(tmp_path, cal):
    path = tmp_path / "sunday.db"
    build_demo(path, contracts=40, seed=3, now=SUNDAY_EVENING)
    database = open_database(path)
    try:
        friday = SUNDAY_EVENING.date() - timedelta(days=2)
        starts = [v.start.astimezone(MSK) for v in
                  Visit.select().where(Visit.status == "in_progress")]
        assert len(starts) == 5 and all(s.date() == friday for s in starts)
        for (desired,) in Ticket.select(Ticket.desired_at).where(
                Ticket.desired_at.is_null(False)).tuples():
            assert cal.is_working_day(desired.astimezone(MSK).date()) and desired > SUNDAY_EVENING
        assert Contract.select().count() == 40
    finally:
        database.close()


@pytest.mark.parametrize("seed", range(6))
def test_visits_under_way_from_the_last_working_day_overlap_no_finished_visit(tmp_path, seed):
    """On a day off (31.12.2026) the visits under way are on 30.12, where the finished visits
    of the last ten working days also fall: a technician is never on two at once."""
    path = tmp_path / f"eve{seed}.db"
    build_demo(path, contracts=40, seed=seed,
               now=datetime(2026, 12, 31, 16, 40, tzinfo=MSK))
    database = open_database(path)
    try:
        per_tech: dict[int, list[tuple[datetime, datetime]]] = {}
        for v in Visit.select():
            per_tech.setdefault(v.technician_id, []).append((v.start, v.end))
        for spans in per_tech.values():
            spans.sort()
            assert all(a[1] <= b[0] for a, b in pairwise(spans)), spans
    finally:
        database.close()


def test_progress_is_reported_per_stage(tmp_path):
    seen: list[tuple[str, int, int]] = []
    build_demo(tmp_path / "p.db", contracts=2500, now=NOW,
               progress=lambda stage, done, total: seen.append((stage, done, total)))
    stages = [s for s, _, _ in seen]
    assert {"reference", "contracts", "tickets"} <= set(stages)
    contracts = [(d, t) for s, d, t in seen if s == "contracts"]
    assert len(contracts) == 3 and contracts[-1] == (2500, 2500)
    assert all(0 <= d <= t for _, d, t in seen)


def test_refuses_a_naive_now(tmp_path):
    with pytest.raises(ValueError, match="timezone-aware"):
        build_demo(tmp_path / "n.db", contracts=10, now=datetime(2026, 3, 17, 11, 0))
    assert not (tmp_path / "n.db").exists()


STATUS_COLUMNS = (
    (Ticket.status, TicketStatus), (Visit.status, VisitStatus), (Visit.outcome, VisitOutcome),
    (Claim.status, ClaimStatus), (Call.outcome, CallOutcome),
    (Notification.status, NotificationStatus), (BalanceOverride.status, OverrideStatus),
    (MachineMessage.status, MachineMessageStatus), (Contract.status, ContractStatus),
)


def test_demo_status_columns_hold_only_their_enum_values(db):
    """console.statuses names every value the database holds: no row says anything else."""
    for column, enum in STATUS_COLUMNS:
        values = {v for (v,) in column.model.select(column).distinct().tuples() if v is not None}
        assert values <= set(enum), f"{column}: {values - set(enum)}"
    tickets = {v for (v,) in Ticket.select(Ticket.status).distinct().tuples()}
    visits = {v for (v,) in Visit.select(Visit.status).distinct().tuples()}
    assert tickets == set(TicketStatus)  # the demo has tickets in every state
    assert {VisitStatus.IN_PROGRESS, VisitStatus.DONE} <= visits


def test_a_status_member_is_stored_as_its_plain_string(db):
    """A member goes into the column as the very string the migrations wrote (no migration)."""
    from console.models import database

    ticket_id = Ticket.select(Ticket.id).where(Ticket.status == TicketStatus.OPEN).scalar()
    with database.atomic() as transaction:
        Ticket.update(status=TicketStatus.CANCELLED).where(Ticket.id == ticket_id).execute()
        raw = database.execute_sql("SELECT status, typeof(status) FROM ticket WHERE id = ?",
                                   (ticket_id,)).fetchone()
        found = Ticket.get_by_id(ticket_id).status
        transaction.rollback()
    assert raw == ("cancelled", "text")
    assert found == TicketStatus.CANCELLED and str(found) == "cancelled"
