"""Noticing other consoles' commits, so every screen follows them within a second.

- SQLite: `PRAGMA data_version` on a connection of its own moves only when *another*
  connection committed; the reactor polls it a few times a second (a microsecond query). It
  says that something changed, not what: the `change_mark` counters every console's commits
  bump (console/change_marks.py) then say which tables, so only the parts reading them reload
  (everything when a commit left no mark).
- PostgreSQL: a statement-level trigger on every table sends `NOTIFY support_console, '<table>'`
  inside the writing transaction (delivered at commit, once per table and transaction). A
  listener thread with its own connection waits for them and tells the reactor which tables
  changed, so it reloads only the parts that read those tables. A lost connection is retried;
  after a reconnect everything is reloaded, since notifications sent meanwhile are gone.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from urllib.parse import quote

from peewee import Database, DatabaseError

from console.change_marks import EVERYTHING, MarkedCommit, read_marks

CHANNEL = "support_console"
TRIGGER = "support_console_changed"
ALL = frozenset({"*"})  # "reload everything": what changed is not known
_SKIP = ("schema_migration", "change_mark")


def ensure_change_triggers(db: Database) -> int:
    """PostgreSQL: the NOTIFY trigger on every table of the schema (tables added by any
    migration included); returns how many were created. Runs at every start: one catalog query
    when nothing is missing."""
    missing = [name for (name,) in db.execute_sql(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE c.relkind = 'r' AND n.nspname = current_schema() AND NOT EXISTS ("
        f"  SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = '{TRIGGER}')"
    ).fetchall() if name not in _SKIP]
    if not missing:
        return 0
    created = 0
    with db.atomic():
        db.execute_sql(
            f"CREATE OR REPLACE FUNCTION {TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$"
            f" BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$"
        )
    for name in missing:
        try:
            with db.atomic():
                db.execute_sql(
                    f'CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE'
                    f' ON "{name}" FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}()'
                )
            created += 1
        except DatabaseError:
            pass  # another console starting at the same moment created it
    return created


class DatabaseGone(Exception):
    """The SQLite file this console opened was deleted, moved or replaced while it ran."""


class DataVersionWatcher:
    """SQLite: which tables did other connections write since the last look?"""

    def __init__(self, path: str) -> None:
        # A connection of its own: data_version only moves for *other* connections' commits.
        self._path = path
        self._conn = sqlite3.connect(f"file:{quote(path)}?mode=rw", uri=True,
                                     check_same_thread=False)
        self._identity = self._file_identity()
        self._last: int | None = None
        self._marks: dict[str, int] | None = None
        # The counters before and after what the last call reported (None: it saw nothing).
        self._span: tuple[dict[str, int] | None, dict[str, int] | None] | None = None
        # A refresh worker may be reading when the app closes the watcher: closing a SQLite
        # connection under a running statement crashed the process (a segfault, seen once).
        self._lock = threading.Lock()
        self._closed = False

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self._path)
        except OSError:
            return None
        return info.st_dev, info.st_ino

    def changed(self) -> frozenset[str]:
        """The tables written since the last call: empty when nothing was, `ALL` when what
        was written is not known (the first call, a commit without marks, a schema change)."""
        # Our open connections keep working on a deleted file (and data_version with them):
        # only the path tells that the database is gone or was replaced by another file.
        if self._file_identity() != self._identity:
            raise DatabaseGone(f"{self._path} was deleted, moved or replaced")
        with self._lock:
            if self._closed:
                return frozenset()
            version = self._conn.execute("PRAGMA data_version").fetchone()[0]
            if version == self._last:
                self._span = None
                return frozenset()
            first = self._last is None
            self._last = version
            marks, before = read_marks(self._conn), self._marks
        self._marks = marks
        self._span = (None if first else before, marks)
        if first or marks is None or before is None:
            return ALL
        tables = frozenset(name for name, count in marks.items() if before.get(name) != count)
        # No counter moved: a writer that does not mark (another program, an older console).
        return ALL if not tables or EVERYTHING in tables else tables

    def only(self, commit: MarkedCommit, tables: Iterable[str]) -> bool:
        """Whether what the last call reported was, on `tables`, `commit` and nothing else:
        the counters it started from are those just before that commit and it ended on those
        just after it. Then no other commit touched `tables` in between (a writer that does
        not mark aside), and what `commit` changed is all that changed there."""
        span = self._span
        if span is None:
            return False
        before, after = span
        if before is None or after is None:
            return False
        return all(before.get(name, 0) == commit.before.get(name, 0)
                   and after.get(name, 0) == commit.after.get(name, 0) for name in tables)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._conn.close()


class PgListener:
    """PostgreSQL: a daemon thread that LISTENs and reports changed tables.

    `on_change(tables)` is called from the thread with a set of table names, or `ALL` after a
    (re)connect; it must only hand the set over to the UI thread (e.g. `App.post_message`).
    """

    RETRY_SECONDS = 2.0
    BATCH_SECONDS = 0.02  # notifications of one commit arrive together: report them as one

    def __init__(self, url: str, on_change: Callable[[frozenset[str]], None]) -> None:
        self.url = url
        self.on_change = on_change
        self.connected = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pg-listen", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        import psycopg

        first = True
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, connect_timeout=5) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    if not first:
                        self.on_change(ALL)  # what was missed while away is unknown
                    first = False
                    self._listen(conn)
            except Exception:  # server restarted, network gone: try again shortly
                self.connected.clear()
                self._stop.wait(self.RETRY_SECONDS)
                first = False

    def _listen(self, conn) -> None:
        while not self._stop.is_set():
            # One generator at a time: each holds the connection's lock while it runs.
            tables = {note.payload for note in conn.notifies(timeout=0.5, stop_after=1)}
            if tables:
                # The other tables of the same commit arrive together: report them as one.
                tables |= {n.payload for n in conn.notifies(timeout=self.BATCH_SECONDS)}
                self.on_change(frozenset(tables))
            else:
                conn.execute("SELECT 1")  # notices a dead connection within a second
