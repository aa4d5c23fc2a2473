"""The demo database: contracts, technicians, tickets in every state, claims and questions.

Everything is generated from a seed and anchored at an injected `now`, so the same seed and now
give the same database (demos, snapshot tests, benchmarks). Contracts go in batch by batch
(peewee's `insert_many` SQL, prepared once and run with `executemany`) inside one transaction:
100,000 contracts build in seconds, memory stays flat, and a failed build leaves nothing behind.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any

from faker import Faker
from peewee import BooleanField, CharField, Field, ForeignKeyField, IntegerField, TextField

from console.config import build_calendar
from console.db import open_database
from console.models import (
    BaseModel,
    Contract,
    ContractPhone,
    Operator,
    TaskType,
    Technician,
    TechnicianDayOff,
    database,
)
from console.reference import default_data_dir, load_reference
from console.rules.calendar import WorkingCalendar
from console.rules.normalize import surname_key
from console.services import audit
from console.services.demo.people import (
    FIXED_CONTRACTS,
    MAX_CONTRACTS,
    DemoContract,
    PeoplePools,
)
from console.services.demo.work import WorkBuilder
from console.services.rows import tuples
from console.services.setup import sync_reference

BATCH = 1000  # rows per batch: one executemany, and one id look-up of 1000 keys
SAMPLE = 5000  # contracts kept in memory to pick ticket, claim and question holders from
_PLAIN = (CharField, TextField, IntegerField, BooleanField, ForeignKeyField)  # db_value: identity
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` created, and how long it took."""

    contracts: int
    technicians: int
    tickets: int
    claims: int
    questions: int
    seconds: float


def build_demo(db_target: str | Path, *, contracts: int = 2000, seed: int = 1,
               now: datetime | None = None, progress: Progress | None = None) -> DemoSummary:
    """Fill an empty database with demo data; refuse (ValueError) one that holds contracts.

    `contracts` counts the fixed demo contracts (10000001-10000003) too; they always exist.
    """
    if not 0 <= contracts <= MAX_CONTRACTS:
        raise ValueError(f"contracts must be from 0 to {MAX_CONTRACTS}, got {contracts}")
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    report: Progress = progress or (lambda stage, done, total: None)
    started = _time.perf_counter()
    reference = load_reference(default_data_dir())
    cal = build_calendar(reference)
    now = now.astimezone(cal.tz)
    db = open_database(db_target)
    try:
        with database.atomic():
            # Checked inside the transaction, so a real database is never polluted.
            if Contract.select(Contract.id).limit(1).exists():
                raise ValueError("the database already holds contracts; "
                                 "build the demo into a new, empty database")
            report("reference", 0, 1)
            sync_reference(reference)
            demo_op, _ = Operator.get_or_create(  # type: ignore[no-untyped-call]  # in the stubs
                login="demo", defaults={"name": "Диспетчер Демо", "created_at": now})
            Operator.get_or_create(login="supervisor", defaults={  # type: ignore[no-untyped-call]
                "name": "Старший смены", "is_supervisor": True, "created_at": now})
            report("reference", 1, 1)
            fake = Faker("ru_RU")
            fake.seed_instance(seed)
            rng = Random(seed)
            pools = PeoplePools.create(fake, rng)
            people, n_contracts = _contracts(pools, contracts, now, report)
            techs = _technicians(pools, cal, now)
            work = WorkBuilder(pools, cal, now, people, n_contracts, techs, demo_op.id,
                               {t.code: t for t in TaskType.select()})
            tickets = work.tickets(report)
            claims = work.claims(reference.policy.claim_working_days)
            report("claims", 1, 1)
            questions = work.questions(reference.policy.helpdesk_working_days)
            report("questions", 1, 1)
            counts = {"contracts": n_contracts, "technicians": len(techs), "tickets": tickets,
                      "claims": claims, "questions": questions}
            audit.record("demo", "demo_built", "database", None,
                         {"seed": seed, "now": now.isoformat(), **counts}, at=now)
    finally:
        db.close()
    return DemoSummary(**counts, seconds=_time.perf_counter() - started)


def _contracts(pools: PeoplePools, count: int, now: datetime,
               report: Progress) -> tuple[list[tuple[int, DemoContract]], int]:
    """Insert `count` contracts (the fixed ones first) with their phones, batch by batch.

    Returns how many were inserted and a sample of them with their ids (the fixed ones and
    about SAMPLE more) to hang tickets and claims on: memory stays flat at a million contracts.
    """
    rng, total = pools.rng, max(count, len(FIXED_CONTRACTS))
    keep_every = max(1, total // SAMPLE)
    keys: dict[str, str] = {}  # surname -> key: the pools repeat surnames, normalise each once
    fields = [Contract.number, Contract.number_key, Contract.surname, Contract.first_name,
              Contract.patronymic, Contract.surname_key, Contract.company, Contract.address,
              Contract.balance_kopecks, Contract.balance_as_of, Contract.status,
              Contract.created_at, Contract.updated_at]
    phone_fields = [ContractPhone.contract, ContractPhone.e164, ContractPhone.is_mobile,
                    ContractPhone.note]
    since = now - timedelta(days=3 * 365)
    sample: list[tuple[int, DemoContract]] = []
    for start in range(0, total, BATCH):
        batch = [FIXED_CONTRACTS[i] if i < len(FIXED_CONTRACTS)
                 else pools.contract(i - len(FIXED_CONTRACTS))
                 for i in range(start, min(start + BATCH, total))]
        rows = []
        for i, c in enumerate(batch, start):
            key = keys.get(c.surname) or keys.setdefault(c.surname, surname_key(c.surname))
            if i < len(FIXED_CONTRACTS):  # the same whatever the seed
                created, as_of = now - timedelta(days=730), now - timedelta(hours=1)
            else:
                created = since + timedelta(seconds=rng.randrange(3 * 365 * 86400))
                as_of = now - timedelta(seconds=rng.randrange(86400))  # billing import, last day
            rows.append((c.number, c.number_key, c.surname, c.first_name, c.patronymic, key,
                         c.company, c.address, c.balance_kopecks, as_of, c.status, created,
                         as_of))
        _insert_rows(Contract, fields, rows)
        # Ids are the database's: read this batch's back in one query for its phones.
        ids: dict[str, int] = dict(tuples(
            Contract.select(Contract.number_key, Contract.id)
            .where(Contract.number_key.in_([c.number_key for c in batch]))))
        _insert_rows(ContractPhone, phone_fields, [(ids[c.number_key], p.e164, p.is_mobile, p.note)
                                                   for c in batch for p in c.phones])
        sample += [(ids[c.number_key], c) for i, c in enumerate(batch, start)
                   if i < len(FIXED_CONTRACTS) or i % keep_every == 0]
        report("contracts", start + len(batch), total)
    return sample, total


def _insert_rows(model: type[BaseModel], fields: list[Field[Any]],
                 rows: Sequence[Sequence[Any]]) -> None:
    """`insert_many` with the SQL built once: peewee builds SQL at ~7 us a value (most of a 100k
    build). Values of plain types are already what their fields store; the rest (aware
    datetimes -> naive UTC) pass through their field's own db_value."""
    sql, params = model.insert_many([[None] * len(fields)], fields=fields).sql()
    if len(params) != len(fields):  # peewee added a defaulted column the rows do not carry
        raise RuntimeError(f"{model.__name__}: list every column with a default: {sql}")
    convert: list[tuple[int, Callable[[Any], Any]]] = [
        (i, f.db_value) for i, f in enumerate(fields) if not isinstance(f, _PLAIN)]
    if convert:
        converted: list[list[Any]] = []
        for row in rows:
            values = list(row)
            for i, db_value in convert:
                values[i] = db_value(values[i])
            converted.append(values)
        rows = converted
    database.cursor().executemany(sql, rows)


def _technicians(pools: PeoplePools, cal: WorkingCalendar,
                 now: datetime) -> list[tuple[int, str]]:
    """Six technicians and two days off in the coming two weeks."""
    techs = []
    for surname, first, patronymic in pools.rng.sample(pools.male, 6):
        name = f"{surname} {first} {patronymic}"
        techs.append((Technician.insert(name=name, phone=pools.mobile()).execute(), name))
    upcoming = _working_days(cal, now.date() + timedelta(days=1), 9)
    for (tech_id, _), day, reason in zip(pools.rng.sample(techs, 2),
                                         pools.rng.sample(upcoming, 2),
                                         ("отпуск", "больничный"), strict=True):
        TechnicianDayOff.insert(technician=tech_id, day=day, reason=reason).execute()
    return techs


def _working_days(cal: WorkingCalendar, first: date, count: int) -> Sequence[date]:
    """`count` working days from `first` on (inclusive)."""
    days = [cal.next_working_day(first, include_self=True)]
    while len(days) < count:
        days.append(cal.next_working_day(days[-1]))
    return days

