"""Opening and migrating databases: empty, existing, newer than the code, unusable paths."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.db import MIGRATIONS_DIR, DatabaseSetupError, open_database, pending_migrations
from console.models import ALL_MODELS, Contract, database


def test_migrations_create_every_table_on_an_empty_database(tmp_path):
    db = open_database(tmp_path / "c.db")
    try:
        tables = set(db.get_tables())
        for model in ALL_MODELS:
            assert model._meta.table_name in tables
        assert pending_migrations(db) == []
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    finally:
        db.close()


def test_rerunning_migrations_is_a_no_op_and_keeps_data(tmp_path):
    path = tmp_path / "c.db"
    db = open_database(path)
    Contract.create(number="1", number_key="1", surname="Иванов", surname_key="иванов")
    db.close()
    db = open_database(path)
    try:
        assert Contract.select().count() == 1
        history = db.execute_sql("SELECT count(*) FROM schema_migration").fetchone()[0]
        assert history == len(list(MIGRATIONS_DIR.glob("[0-9]*.py")))
    finally:
        db.close()


def test_models_match_the_migrated_schema(tmp_path):
    """Every model column exists in the migrated table (models.py and migrations agree)."""
    db = open_database(tmp_path / "c.db")
    try:
        for model in ALL_MODELS:
            columns = {c.name for c in db.get_columns(model._meta.table_name)}
            for field in model._meta.sorted_fields:
                assert field.column_name in columns, (model.__name__, field.column_name)
    finally:
        db.close()


def test_times_are_stored_in_utc_and_come_back_aware(tmp_path):
    db = open_database(tmp_path / "c.db")
    try:
        moscow = datetime.fromisoformat("2026-11-25T11:00:00+03:00")
        c = Contract.create(
            number="2", number_key="2", surname="Петров", surname_key="петров", balance_as_of=moscow
        )
        raw = db.execute_sql("SELECT balance_as_of FROM contract WHERE id=?", (c.id,)).fetchone()
        assert raw[0].startswith("2026-11-25 08:00:00")
        back = Contract.get_by_id(c.id).balance_as_of
        assert back == moscow and back.tzinfo is not None
        with pytest.raises(ValueError):
            Contract.create(
                number="3", number_key="3", surname="Н", surname_key="н",
                balance_as_of=datetime(2026, 1, 1),
            )
    finally:
        db.close()


def test_a_database_newer_than_the_code_is_refused_and_not_written(tmp_path, english):
    path = tmp_path / "c.db"
    open_database(path).close()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO schema_migration (name, applied) VALUES ('9999_future', ?)",
                     (datetime.now(UTC).isoformat(),))
    before = path.read_bytes()
    with pytest.raises(DatabaseSetupError, match="newer than this console"):
        open_database(path)
    assert path.read_bytes() == before


def test_missing_folder_and_garbage_file_give_one_clear_line(tmp_path, english):
    with pytest.raises(DatabaseSetupError, match="does not exist"):
        open_database(tmp_path / "nope" / "c.db")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(DatabaseSetupError) as info:
        open_database(junk)
    assert "\n" not in str(info.value) and "junk.db" in str(info.value)


def teardown_module(_module):
    if not database.is_closed():
        database.close()


def test_migrations_apply_on_an_existing_database_and_keep_its_data(tmp_path):
    """A console.db made by an older console (only 0001) is upgraded in place."""
    from playhouse.migrations import Runner

    from console.db import connect

    path = tmp_path / "old.db"
    db = connect(path)
    Runner(db, str(MIGRATIONS_DIR)).up(target="0001_initial")
    db.execute_sql(
        "INSERT INTO contract (number, number_key, surname, first_name, patronymic, surname_key,"
        " address, balance_kopecks, status, created_at, updated_at) VALUES"
        " ('7', '7', 'Старый', '', '', 'старый', '', 500, 'active', '2025-01-01', '2025-01-01')"
    )
    db.close()
    db = open_database(path)
    try:
        assert pending_migrations(db) == []
        assert Contract.get(Contract.number_key == "7").surname == "Старый"
        assert "planned_technician_id" in {c.name for c in db.get_columns("ticket")}
    finally:
        db.close()


def test_d07_reference_sync_follows_the_toml_and_writes_nothing_when_equal(tmp_path):
    from console.models import TaskType
    from console.reference import default_data_dir, load_reference
    from console.services.setup import sync_reference

    reference = load_reference(default_data_dir())
    db = open_database(tmp_path / "c.db")
    try:
        sync_reference(reference)
        assert TaskType.select().count() == len(reference.task_types)
        TaskType.update(priority=9).where(TaskType.code == "no_link").execute()
        sync_reference(reference)
        assert TaskType.get(code="no_link").priority == reference.task_type("no_link").priority
        changes = db.execute_sql("SELECT total_changes()").fetchone()[0]
        sync_reference(reference)  # equal now: no row is written
        assert db.execute_sql("SELECT total_changes()").fetchone()[0] == changes
    finally:
        db.close()


def test_the_log_is_copied_into_the_file_by_checkpoint_wal_not_by_a_big_commit(tmp_path):
    """Issue 12: a commit past SQLite's default threshold (1,000 pages) checkpointed in the
    committing connection, on the way to the dispatcher's frame; the console's connections
    leave it to `checkpoint_wal`, which its reload worker runs after changes."""
    from console.db import checkpoint_wal

    path = tmp_path / "c.db"
    db = open_database(path)
    try:
        assert db.execute_sql("PRAGMA wal_autocheckpoint").fetchone()[0] == 10000
        before = path.stat().st_size
        with db.atomic():  # ~1,500 pages
            Contract.insert_many([
                {"number": f"{n:08d}", "number_key": f"{n:08d}", "surname": "Иванов" * 40,
                 "surname_key": f"иванов{n}", "balance_kopecks": n}
                for n in range(6000)]).execute()
        assert Path(f"{path}-wal").stat().st_size > 1000 * 4096
        assert path.stat().st_size == before  # all of it still in the log
        checkpoint_wal()
        assert path.stat().st_size > before + 1000 * 4096  # copied into the file
    finally:
        db.close()
