"""The reactor's change detection: another connection's commit is seen, our silence is not."""

from __future__ import annotations

import sqlite3

import pytest

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


def test_postgres_is_not_polled_its_listener_reports_changes():
    """PostgreSQL: only the first look reloads; later changes come from LISTEN (console.sync)."""
    watcher = ChangeWatcher("postgresql://user@localhost/db")
    assert watcher.changed()
    assert not watcher.changed()
    assert not watcher.changed()


def test_a_deleted_sqlite_file_is_not_recreated_by_the_watcher(tmp_path):
    path = tmp_path / "gone.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    path.unlink()
    watcher = ChangeWatcher(str(path))  # opens its connection at its first look (a worker)
    with pytest.raises(sqlite3.OperationalError):
        watcher.changed()
    assert not path.exists()
