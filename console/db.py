"""Opening the database: SQLite (WAL) by default, PostgreSQL from a URL; migrations at start.

Every failure here becomes a `DatabaseSetupError` with one line a dispatcher or an admin can act
on ("folder does not exist", "database is newer than this console"), never a traceback, and
nothing is written to a database the console cannot migrate.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import quote

from peewee import Database, DatabaseError, OperationalError, SqliteDatabase

from console.change_marks import MarkingConnection
from console.db_target import (  # defined there (peewee-free), used here and re-exported
    MIGRATIONS_DIR,
    DatabaseSetupError,
    is_postgres_url,
    known_migrations,
    shown,
)
from console.i18n import t
from console.models import database
from console.sync import DatabaseGone

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    "cache_size": -32000,
    # The console checkpoints from a worker after its reloads (`checkpoint_wal`); this is only
    # the safety net (40 MB) for a commit when nothing else did.
    "wal_autocheckpoint": 10000,
}


FILE_MODE = 0o600  # the database, its -wal/-shm, backups: clients' data, the owner's only


def create_private_file(path: Path) -> None:
    """Create an empty file readable and writable by its owner only (fails if it exists).

    SQLite gives -wal and -shm the database file's permissions, so they are private too.
    """
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))


def describe_failure(exc: BaseException) -> str:
    """What a database failure means for the dispatcher, as an English sentence key.

    The chain is searched: a failed COMMIT on a full disk surfaces as "cannot rollback",
    hiding the "database or disk is full" that caused it.
    """
    texts: list[str] = []
    seen: BaseException | None = exc
    while seen is not None and len(texts) < 10:
        texts.append(f"{type(seen).__name__}: {seen}".lower())
        seen = seen.__cause__ or seen.__context__
    text = " | ".join(texts)
    if "disk is full" in text or "no space left" in text or "disk full" in text:
        return "the disk is full"
    if isinstance(exc, DatabaseGone) or "databasegone" in text:
        return "the database file was deleted or moved"
    if "locked" in text or "database is busy" in text:
        return "the database is locked by another program"
    if "readonly" in text or "read-only" in text or "permission denied" in text:
        return "no permission to write the database"
    if "unable to open" in text:
        return "the database file is missing or cannot be opened"
    if "disk i/o error" in text or "malformed" in text:
        return "the database file cannot be read"
    if any(word in text for word in ("connection", "server closed", "terminating",
                                     "could not connect", "operationalerror: consuming input",
                                     "the database system is")):
        return "the database server cannot be reached"
    return "the database failed"


def is_database_failure(exc: BaseException) -> bool:
    """A failure of the database itself (not a refusal, not a bug): the banner's business."""
    if isinstance(exc, DatabaseGone | sqlite3.Error | DatabaseError | OSError):
        return True
    module = type(exc).__module__ or ""
    return module.startswith(("psycopg", "peewee"))


def _check_sqlite_path(path: Path) -> None:
    folder = path.parent
    if not folder.is_dir():
        raise DatabaseSetupError(t("{db}: folder {folder} does not exist", db=path, folder=folder))
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise DatabaseSetupError(t("{db}: database file is not readable and writable", db=path))
    if not os.access(folder, os.W_OK):
        # WAL needs to create -wal/-shm files beside the database.
        raise DatabaseSetupError(t("{db}: folder {folder} is read-only", db=path, folder=folder))


def connect(target: str | Path) -> Database:
    """Open (not migrate) the database at a SQLite path or a postgresql:// URL."""
    target = str(target)
    if is_postgres_url(target):
        from playhouse.db_url import connect as url_connect

        try:
            db = url_connect(target)
            db.connect()
        except Exception as exc:  # driver missing, host down, bad credentials
            why = f"{exc}".splitlines()[0].replace(str(target), shown(target)) if f"{exc}" else ""
            raise DatabaseSetupError(
                t("{db}: cannot connect: {why}", db=shown(target), why=why)) from exc
    else:
        path = Path(target)
        _check_sqlite_path(path)
        if not path.exists():
            create_private_file(path)
        # mode=rw: no connection ever creates the file again, so a database deleted under a
        # running console is noticed, not silently replaced by an empty one.
        # MarkingConnection: each commit names the tables it wrote (console/change_marks.py).
        db = SqliteDatabase(f"file:{quote(str(path))}?mode=rw", uri=True, pragmas=SQLITE_PRAGMAS,
                            check_same_thread=False, factory=MarkingConnection)
        try:
            db.connect()
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            raise DatabaseSetupError(
                t("{db}: not a usable SQLite database ({why})", db=path, why=exc)) from exc
    database.initialize(db)
    return db


def _name(db: Database) -> str:
    """The database as the messages name it: the file, or the PostgreSQL database name."""
    name = str(db.database)
    if name.startswith("file:"):
        from urllib.parse import unquote

        name = unquote(name[5:].split("?", 1)[0])
    return name


def _newer(db: Database, unknown: list[str]) -> str:
    """The database was migrated by a newer console than this one."""
    return t("{db}: database is newer than this console (unknown migration {names}); "
             "upgrade support-console", db=_name(db), names=", ".join(unknown))


def _applied(db: Database) -> set[str] | None:
    """Applied migration names read directly (None: no history table yet)."""
    try:
        return {name for (name,) in db.execute_sql("SELECT name FROM schema_migration")}
    except DatabaseError:
        return None  # a new database: the runner creates the table


def pending_migrations(db: Database) -> list[str]:
    """Names of migrations not applied yet; refuses a database newer than this code."""
    applied, known = _applied(db), known_migrations()
    if applied is not None:
        unknown = sorted(applied - set(known))
        if unknown:
            raise DatabaseSetupError(_newer(db, unknown))
        if applied >= set(known):
            return []  # the usual start: up to date, the migration runner is not even loaded
    from playhouse.migrations import MigrationError, Runner

    runner = Runner(db, str(MIGRATIONS_DIR))
    try:
        status = runner.status()
    except (DatabaseError, MigrationError) as exc:
        raise DatabaseSetupError(
            t("{db}: cannot read migration history ({why})", db=_name(db), why=exc)) from exc
    unknown = [m.name for m in status if m.path is None]
    if unknown:
        raise DatabaseSetupError(_newer(db, unknown))
    return [m.name for m in status if not m.applied]


def migrate(db: Database) -> list[str]:
    """Apply pending migrations in order, each in its own transaction; returns their names."""
    if not pending_migrations(db):  # raises before anything is written to a newer database
        return []
    from playhouse.migrations import MigrationError, Runner

    try:
        return Runner(db, str(MIGRATIONS_DIR)).up()
    except (OperationalError, DatabaseError, MigrationError) as exc:
        raise DatabaseSetupError(
            t("{db}: migration failed ({why})", db=_name(db), why=exc)) from exc


def open_database(target: str | Path) -> Database:
    """Connect and bring the schema up to date: what the app and every command use."""
    db = connect(target)
    try:
        migrate(db)
        if not isinstance(db, SqliteDatabase):
            from console.sync import ensure_change_triggers

            ensure_change_triggers(db)  # other consoles hear this one's commits (LISTEN)
    except DatabaseSetupError:
        db.close()
        raise
    return db


def checkpoint_wal() -> None:
    """Copy SQLite's write-ahead log into the database file (PostgreSQL: nothing to do).

    The console runs it in a worker after the reload that follows a change, not in the commit
    that crosses SQLite's threshold: an urgent ticket's re-plan writes ~800 pages, so at the
    default threshold (1,000) every other urgent ticket paid a checkpoint of ~1,600 pages on
    the way to its frame (30-40 ms; issue 12). PASSIVE: it waits for no reader or writer, and
    a checkpoint another connection is running leaves the work to the next one."""
    if not isinstance(database.obj, SqliteDatabase):
        return
    with suppress(OperationalError):  # busy: the next reload after a change tries again
        database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


# Any fixed number: the key of the one PostgreSQL advisory lock every console's writers share.
WRITE_LOCK_KEY = 0x5C_0750


@contextmanager
def write_transaction() -> Iterator[None]:
    """A transaction that takes the write lock at once (SQLite BEGIN IMMEDIATE).

    Two consoles re-planning at the same moment then run one after the other instead of both
    reading the old queue and the second failing (or overwriting) at commit. On PostgreSQL the
    same lock is a transaction-scoped advisory lock taken first thing: READ COMMITTED reads
    after it see every commit made before it, so a re-plan never works from a stale queue and
    two re-plans cannot both add a notification for one ticket (the partial unique index of
    migration 0007 guards that too). Nested use is a savepoint inside the outer lock.
    """
    if isinstance(database.obj, SqliteDatabase):
        with database.atomic(lock_type="IMMEDIATE"):
            yield
        return
    with database.atomic():
        database.execute_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
        yield
