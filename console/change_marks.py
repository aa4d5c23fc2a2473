"""SQLite: which tables each commit wrote, so other consoles reload only what reads them (D14).

`PRAGMA data_version` says that another connection committed, not what. Without more, every
console reloaded every part (the 10,000-ticket queue included, ~300 ms of worker time) for each
presence heartbeat and each draft autosave of every other console. So every connection the
console opens on a SQLite file is a `MarkingConnection`: its cursors note the table of each
INSERT, UPDATE or DELETE (peewee's statements and the raw `executemany` batches alike) and,
inside the same transaction just before COMMIT, bump that table's counter in `change_mark`.
A watcher reads the counters after data_version moved (`read_marks`) and reloads the parts
that read a table whose counter moved.

What is not marked (a program other than the console, an older console, a restore) moves
data_version without a counter: the watcher then reloads everything, as before. Schema changes
mark `*` (everything).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

TABLE = "change_mark"
EVERYTHING = "*"

_WRITE = re.compile(
    r'\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|REPLACE\s+INTO|UPDATE(?:\s+OR\s+\w+)?|DELETE\s+FROM)'
    r'\s+["`\[]?(\w+)', re.IGNORECASE)
_SCHEMA = re.compile(r"\s*(?:CREATE|ALTER|DROP)\s", re.IGNORECASE)
_COMMIT = re.compile(r"\s*(?:COMMIT|END)\b", re.IGNORECASE)
_ROLLBACK = re.compile(r"\s*ROLLBACK\s*(?:TRANSACTION\s*)?;?\s*$", re.IGNORECASE)
_BUMP = (f"INSERT INTO {TABLE} (name, version) VALUES (?, 1)"
         " ON CONFLICT (name) DO UPDATE SET version = version + 1")


def written_table(sql: str) -> str | None:
    """The table a statement writes (`*` for a schema change), or None for a read."""
    found = _WRITE.match(sql)
    if found:
        name = found.group(1)
        return None if name == TABLE else name
    return EVERYTHING if _SCHEMA.match(sql) else None


@dataclass(frozen=True)
class MarkedCommit:
    """One commit's marks: the counters just before it, just after it, and what it wrote."""

    before: dict[str, int]
    after: dict[str, int]
    tables: frozenset[str]


class MarkingCursor(sqlite3.Cursor):
    """A cursor that tells its connection which tables it wrote."""

    connection: MarkingConnection

    def execute(self, sql: str, parameters: Any = (), /) -> MarkingCursor:
        conn = self.connection
        committing = bool(_COMMIT.match(sql))
        marked = committing and bool(conn.written)
        if marked:
            conn.flush_marks()  # inside the transaction being committed
        elif _ROLLBACK.match(sql):
            conn.rolled_back()
        super().execute(sql, parameters)
        conn.note(sql)
        if committing:
            conn.committed(marked)
        return self

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> MarkingCursor:
        super().executemany(sql, seq_of_parameters)
        self.connection.note(sql)
        return self


class MarkingConnection(sqlite3.Connection):
    """A SQLite connection whose commits bump `change_mark` for the tables they wrote
    (pass as `factory=` to sqlite3.connect, or in peewee's SqliteDatabase arguments)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.written: set[str] = set()
        # The counters just before and just after this connection's last marked commit: the
        # reactor proves with them that no other commit came between two looks (`MarkedCommit`).
        self.last_commit: MarkedCommit | None = None
        # Called once with the commit's marks (None: it wrote nothing, or left no marks) right
        # after the transaction they were added in commits; dropped if it rolls back.
        self.on_commit: list[Callable[[MarkedCommit | None], None]] = []

    def cursor(self, factory: Any = None) -> Any:  # type: ignore[override]
        return super().cursor(factory or MarkingCursor)

    # The driver's shortcuts make a plain cursor in C: route them through a marking one.
    def execute(self, sql: str, parameters: Any = (), /) -> Any:  # type: ignore[override]
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Any:  # type: ignore[override]
        return self.cursor().executemany(sql, parameters)

    # The driver's own transaction handling (isolation_level other than None) commits in C.
    def commit(self) -> None:
        marked = bool(self.written and self.in_transaction)
        if marked:
            self.flush_marks()
        super().commit()
        self.committed(marked)

    def rollback(self) -> None:
        self.rolled_back()
        super().rollback()

    def __exit__(self, kind: Any, value: Any, trace: Any, /) -> Any:
        marked = bool(kind is None and self.written and self.in_transaction)
        if marked:
            self.flush_marks()
        try:
            return super().__exit__(kind, value, trace)
        finally:
            if kind is None:
                self.committed(marked)
            else:
                self.rolled_back()

    def committed(self, marked: bool) -> None:
        """The transaction committed: hand its marks to whoever waited for them."""
        waiting, self.on_commit = self.on_commit, []
        for callback in waiting:
            callback(self.last_commit if marked else None)

    def rolled_back(self) -> None:
        self.written.clear()
        self.last_commit = None
        self.on_commit = []

    def note(self, sql: str) -> None:
        table = written_table(sql)
        if table is not None:
            self.written.add(table)
        if self.written and not self.in_transaction:
            self.flush_marks()  # a statement outside a transaction committed on its own

    def flush_marks(self) -> None:
        names, self.written = sorted(self.written), set()
        self.last_commit = None
        try:
            cursor = sqlite3.Cursor(self)
            # Inside the writing transaction: no other commit can come between this read and
            # ours, so `after` is exactly what our commit leaves.
            before = dict(cursor.execute(f"SELECT name, version FROM {TABLE}").fetchall())
            cursor.executemany(_BUMP, [(name,) for name in names])
        except sqlite3.OperationalError as exc:
            if TABLE not in str(exc):
                raise
            # A database from before migration 0009 (or being migrated now): other consoles
            # see data_version move without a mark and reload everything, as they always did.
            return
        after = dict(before)
        for name in names:
            after[name] = before.get(name, 0) + 1
        self.last_commit = MarkedCommit(before, after, frozenset(names))


def read_marks(conn: sqlite3.Connection) -> dict[str, int] | None:
    """Every table's counter (None when the database has no `change_mark` table yet)."""
    try:
        return dict(conn.execute(f"SELECT name, version FROM {TABLE}").fetchall())
    except sqlite3.OperationalError:
        return None
