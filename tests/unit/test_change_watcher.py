"""The reactor's change detection: another connection's commit is seen, our silence is not."""

from __future__ import annotations

import sqlite3

from console.state import ChangeWatcher


def test_sqlite_commit_by_another_connection_is_detected(tmp_path):
    path = tmp_path / "w.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    watcher = ChangeWatcher(str(path))
    assert watcher.changed()  # the first look always reloads
    assert not watcher.changed()
    with sqlite3.connect(path) as other:
        other.execute("INSERT INTO t VALUES (1)")
    assert watcher.changed()
    assert not watcher.changed()
    watcher.close()


def test_postgres_is_polled_at_a_pace(monkeypatch):
    watcher = ChangeWatcher("postgresql://user@localhost/db")
    clock = iter([100.0, 101.0, 104.0])
    monkeypatch.setattr("console.state.time.monotonic", lambda: next(clock))
    assert watcher.changed()
    assert not watcher.changed()
    assert watcher.changed()
