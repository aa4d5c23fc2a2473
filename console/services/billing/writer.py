"""Writing the billing import's batches: one transaction each, SQL built once by peewee.

A batch is written whole or not at all, so a crash mid-import leaves whole batches.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from peewee import Field, IntegrityError, OperationalError, SqliteDatabase, fn

from console.models import BaseModel, Contract, ContractPhone, UTCDateTimeField, database
from console.services import audit

Phones = list[tuple[str, bool]]  # (E.164, mobile?)
# SQLite settings for the import's own connection (measured here, 400,000 rows of contract +
# phone inserts: 19 s with 5,000-row batches and the defaults, 9 s with these and 25,000):
# - a WAL checkpoint syncs the database file; the default (every 1000 pages, 4 MB) ran one at
#   nearly every commit;
# - a batch dirties thousands of index pages (number, surname and phone keys arrive in random
#   order); the cache must hold them until the commit, or SQLite spills them half-way.
BULK_PRAGMAS = {"wal_autocheckpoint": 50_000, "cache_size": -131_072}  # pages; KiB (128 MB)
OPTIONAL_TEXT = ("first_name", "patronymic", "company", "address")


@dataclass
class Batch:
    """Rows ready for the database: new contracts (+ their phones by number_key), updates
    (values in `Statements.update_order`), and contracts whose phone set is replaced."""

    inserts: list[tuple[Any, ...]] = field(default_factory=list)
    new_phones: dict[str, Phones] = field(default_factory=dict)
    updates: list[tuple[Any, ...]] = field(default_factory=list)
    replaced_phones: list[tuple[int, Phones]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.inserts) + len(self.updates)


def db_time(column: UTCDateTimeField, value: datetime) -> object:
    """A datetime as the driver receives it; for SQLite already the string sqlite3's adapter
    would make of it (datetime.isoformat(" ")): a million conversions saved, same bytes."""
    value = column.db_value(value)
    return value.isoformat(" ") if isinstance(database.obj, SqliteDatabase) else value


def _insert_sql(model: type[BaseModel], fields: list[Field[Any]]) -> str:
    sql: str
    sql, params = model.insert_many([[None] * len(fields)], fields=fields).sql()
    if len(params) != len(fields):  # peewee added a defaulted column the rows do not carry
        raise RuntimeError(f"{model.__name__}: list every column with a default: {sql}")
    return sql


class Statements:
    """The SQL, built once by peewee (right quoting and placeholders for SQLite or PostgreSQL).

    Only the columns the export carries are updated: a column it lacks is left alone.
    """

    def __init__(self, present: dict[str, bool]) -> None:
        c = Contract
        columns: list[Field[Any]] = [
            c.number, c.number_key, c.surname, c.first_name, c.patronymic, c.surname_key,
            c.company, c.address, c.balance_kopecks, c.balance_as_of, c.status, c.created_at,
            c.updated_at]
        # SQLite: the batch holds the write lock, so it can number its rows itself after the
        # largest id and need not read them back; elsewhere the sequence numbers them.
        self.own_ids = isinstance(database.obj, SqliteDatabase)
        self.insert = _insert_sql(c, [c.id, *columns] if self.own_ids else columns)
        self.phone = _insert_sql(ContractPhone, [ContractPhone.contract, ContractPhone.e164,
                                                 ContractPhone.is_mobile, ContractPhone.note])
        updated: list[Field[Any]] = [c.number, c.surname, c.surname_key]
        updated += [getattr(c, f) for f in OPTIONAL_TEXT if present[f]]
        updated += [c.balance_kopecks] + ([c.status] if present["status"] else [])
        updated += [c.balance_as_of, c.updated_at]
        # peewee orders the SET clause its own way: number the dummies to learn that order.
        query = c.update({f: i for i, f in enumerate(updated)}).where(c.id == len(updated))
        self.update, params = query.sql()
        self.update_order = [int(p) for p in params]  # positions in our value list, id last
        self.delete_phones, _ = ContractPhone.delete().where(ContractPhone.contract == 0).sql()
        # (operator, file name, now): each batch is audited in its own transaction, so a
        # batch kept by a killed import still says who imported what (D14).
        self.audit: tuple[str, str, datetime] | None = None
        self.batches = 0


def write_batch(sql: Statements, batch: Batch) -> None:
    """One transaction: a crash leaves this batch entirely in or entirely out."""
    # SQLite: take the write lock up front, so another console's write waits on the busy
    # timeout instead of failing our transaction half-way (WAL snapshot upgrade).
    lock = ("IMMEDIATE",) if isinstance(database.obj, SqliteDatabase) else ()
    with database.atomic(*lock):
        cursor = database.cursor()
        phone_rows = []
        if batch.inserts:
            before = Contract.select(fn.MAX(Contract.id)).scalar() or 0
            if sql.own_ids:
                cursor.executemany(sql.insert, [(i, *row) for i, row in
                                                enumerate(batch.inserts, before + 1)])
                ids = {row[1]: i for i, row in enumerate(batch.inserts, before + 1)}
            else:  # this batch's ids are all above the old maximum (a sequence only grows)
                cursor.executemany(sql.insert, batch.inserts)
                query = (Contract.select(Contract.number_key, Contract.id)
                         .where(Contract.id > before))
                ids = dict(query.tuples().iterator())
            phone_rows += [(ids[key], e164, mobile, "") for key, phones in batch.new_phones.items()
                           for e164, mobile in phones]
        if batch.updates:
            cursor.executemany(sql.update, batch.updates)
        if batch.replaced_phones:
            cursor.executemany(sql.delete_phones, [(cid,) for cid, _ in batch.replaced_phones])
            phone_rows += [(cid, e164, mobile, "") for cid, phones in batch.replaced_phones
                           for e164, mobile in phones]
        if phone_rows:
            cursor.executemany(sql.phone, phone_rows)
        if sql.audit is not None and (batch.inserts or batch.updates or batch.replaced_phones):
            sql.batches += 1
            operator, file_name, now = sql.audit
            audit.record(operator, "contracts_batch_imported", "contract", None, {
                "file": file_name, "batch": sql.batches, "inserted": len(batch.inserts),
                "updated": len(batch.updates)}, at=now)


@contextmanager
def bulk_settings() -> Iterator[None]:
    """BULK_PRAGMAS on this thread's SQLite connection, restored after; then a checkpoint."""
    if not isinstance(database.obj, SqliteDatabase):
        yield
        return
    previous = {name: database.execute_sql(f"PRAGMA {name}").fetchone()[0]
                for name in BULK_PRAGMAS}
    for name, value in BULK_PRAGMAS.items():
        database.execute_sql(f"PRAGMA {name} = {int(value)}")
    try:
        yield
    finally:
        for name, value in previous.items():
            database.execute_sql(f"PRAGMA {name} = {int(value)}")
        database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")


class WriteFailed(Exception):
    """The database refused a batch; the batches before it are committed."""


class DirectWriter:
    """Writes each batch as it is handed over, in this thread (small files, no fork)."""

    def __init__(self, sql: Statements) -> None:
        self.sql = sql

    def put(self, batch: Batch) -> None:
        try:
            write_batch(self.sql, batch)
        except (IntegrityError, OperationalError) as exc:
            raise WriteFailed(str(exc).splitlines()[0] if str(exc) else repr(exc)) from exc
