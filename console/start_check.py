"""Whether a SQLite database is ready for this console as it is, read with sqlite3 alone.

At every start the console migrates the database, mirrors the reference data into it and
registers the operator (`console.launch.prepare`); on an ordinary start none of them has
anything to write. This module answers that case without the database layer (peewee and the
models take a third of the start's work to load): the schema has every migration and no
unknown one, the task types and price items equal the reference files, and the operator has a
row. Only then is `prepare` skipped; anything else (a new database, a pending migration, an
edited reference file, a new operator, a file sqlite3 cannot read) goes through `prepare` as
before, with its messages and its writes. The database layer is then loaded by the first
worker after the first frame (`console.state`).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from console.db_target import is_postgres_url, known_migrations
from console.reference import Reference

# The reference tables the start mirrors, as (table, {code: {column: value}}) (D7, R8, R12).
ReferenceRows = tuple[tuple[str, dict[str, dict[str, Any]]], ...]


def reference_rows(reference: Reference) -> ReferenceRows:
    """What the `task_type` and `price_item` tables must hold, by code, column by column."""
    return (
        ("task_type", {
            tt.code: dict(name_ru=tt.name_ru, name_en=tt.name_en, priority=tt.priority,
                          duration_min=tt.duration_min, needs_visit=tt.needs_visit,
                          billable=tt.billable)
            for tt in reference.task_types
        }),
        ("price_item", {
            item.code: dict(name_ru=item.name_ru, name_en=item.name_en,
                            price_kopecks=item.price_kopecks, unit=item.unit_ru)
            for item in reference.price_items
        }),
    )


def ready_as_is(target: str, reference: Reference, login: str) -> str | None:
    """The operator's display name when the SQLite database at `target` needs nothing written
    to start; None when `prepare` must run (or the target is PostgreSQL)."""
    if is_postgres_url(target):
        return None
    path = Path(target)
    if not (path.is_file() and os.access(path, os.R_OK | os.W_OK)
            and os.access(path.parent, os.W_OK)):
        return None  # prepare creates it, or says what is wrong with it
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error:
        return None
    try:
        return _ready(conn, reference, login)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _ready(conn: sqlite3.Connection, reference: Reference, login: str) -> str | None:
    applied = {name for (name,) in conn.execute("SELECT name FROM schema_migration")}
    if applied != set(known_migrations()):
        return None  # pending (to apply) or unknown (refused with its message) migrations
    for table, rows in reference_rows(reference):
        for code, wanted in rows.items():
            columns = list(wanted)
            found = conn.execute(
                f"SELECT {', '.join(columns)} FROM {table} WHERE code = ?", (code,)).fetchone()
            # Booleans are stored as 0/1, which compare equal to False/True.
            if found is None or dict(zip(columns, found, strict=True)) != wanted:
                return None
    row = conn.execute("SELECT name FROM operator WHERE login = ?", (login,)).fetchone()
    return None if row is None else str(row[0])
