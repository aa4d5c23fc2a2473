"""Opening, migrating and preparing a database: the same checks on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pytest

from console.db import (
    MIGRATIONS_DIR,
    DatabaseSetupError,
    connect,
    is_postgres_url,
    open_database,
    pending_migrations,
    shown,
)
from console.models import ALL_MODELS, Contract, TaskType


def test_migrations_create_every_table_on_an_empty_database(db_factory):
    db = open_database(db_factory(empty=True))
    try:
        tables = set(db.get_tables())
        for model in ALL_MODELS:
            assert model._meta.table_name in tables
        assert pending_migrations(db) == []
        for model in ALL_MODELS:  # models.py and the migrations agree, column by column
            columns = {c.name for c in db.get_columns(model._meta.table_name)}
            for field in model._meta.sorted_fields:
                assert field.column_name in columns, (model.__name__, field.column_name)
    finally:
        db.close()


def test_rerunning_migrations_is_a_no_op_and_keeps_data(db_target):
    db = open_database(db_target)
    Contract.create(number="1", number_key="1", surname="Иванов", surname_key="иванов")
    db.close()
    db = open_database(db_target)
    try:
        assert Contract.select().count() == 1
        history = db.execute_sql("SELECT count(*) FROM schema_migration").fetchone()[0]
        assert history == len(list(MIGRATIONS_DIR.glob("[0-9]*.py")))
    finally:
        db.close()


def test_times_are_stored_in_utc_and_come_back_aware(db_target):
    db = open_database(db_target)
    try:
        moscow = datetime.fromisoformat("2026-11-25T11:00:00+03:00")
        c = Contract.create(number="2", number_key="2", surname="Петров", surname_key="петров",
                            balance_as_of=moscow)
        raw = db.execute_sql(f"SELECT balance_as_of FROM contract WHERE id = {db.param}",
                             (c.id,)).fetchone()[0]
        assert str(raw).startswith("2026-11-25 08:00:00")
        back = Contract.get_by_id(c.id).balance_as_of
        assert back == moscow and back.tzinfo is not None
    finally:
        db.close()


def test_a_database_newer_than_the_code_is_refused_and_not_written(db_target, english):
    db = open_database(db_target)
    db.execute_sql(f"INSERT INTO schema_migration (name, applied) VALUES ('9999_future', "
                   f"{db.param})", (datetime.now(UTC).replace(tzinfo=None),))
    db.close()
    with pytest.raises(DatabaseSetupError, match="newer than this console"):
        open_database(db_target)


def test_migrations_apply_on_an_older_database_and_keep_its_data(db_factory):
    from playhouse.migrations import Runner

    target = db_factory(empty=True)
    db = connect(target)
    Runner(db, str(MIGRATIONS_DIR)).up(target="0001_initial")
    Contract.insert(number="7", number_key="7", surname="Старый", surname_key="старый",
                    balance_kopecks=500).execute()
    db.close()
    db = open_database(target)
    try:
        assert pending_migrations(db) == []
        assert Contract.get(Contract.number_key == "7").surname == "Старый"
    finally:
        db.close()


def test_db_init_prepares_an_empty_database_for_the_first_console(db_factory):
    target = db_factory(empty=True)
    run = [sys.executable, "-m", "console", "--lang", "en", "db", "init", "--db", target]
    first = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "migrations applied" in first.stdout
    again = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "already up to date" in again.stdout
    db = open_database(target)
    try:
        assert TaskType.select().count() > 0  # reference data mirrored (D7)
    finally:
        db.close()


def test_an_unreachable_server_is_one_line_without_the_password():
    with pytest.raises(DatabaseSetupError) as info:
        connect("postgresql://support:secret@127.0.0.1:1/support")
    message = str(info.value)
    assert "\n" not in message and "secret" not in message and "127.0.0.1" in message
    assert shown("postgresql://u:pw@h/d") == "postgresql://u:***@h/d"
    assert is_postgres_url("postgres://h/d") and not is_postgres_url("/tmp/x.db")
