"""`support-console backup FILE` and `restore FILE` on both backends (D14).

- SQLite: SQLite's online backup API (a consistent copy while consoles write); restore copies
  a checked backup into a database file that does not exist yet.
- PostgreSQL: `pg_dump --format=custom` (consistent: one snapshot) and `pg_restore` into a
  database without tables. Both are PostgreSQL's client programs; when they are missing the
  message says how to install them.

Backups hold clients' names, phones and money: they are created readable by their owner only.
Every failure is one line (`BackupError`), never a traceback.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from console.db import FILE_MODE, create_private_file, is_postgres_url, shown
from console.i18n import os_reason, t

CLIENT_HINT = ("install PostgreSQL's client programs "
               "(Debian/Ubuntu: apt-get install postgresql-client)")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is one line."""


def _check_dest(dest: Path) -> None:
    if not dest.parent.is_dir():
        raise BackupError(t("folder {folder} does not exist", folder=dest.parent))
    if dest.exists():
        raise BackupError(t("{file} already exists; choose a new file", file=dest))


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(t("{name} is not installed: {hint}", name=name, hint=t(CLIENT_HINT)))
    return found


def _run(argv: list[str], what: str) -> None:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=6 * 3600)
    except OSError as exc:
        raise BackupError(f"{what}: {os_reason(exc)}") from exc
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise BackupError(t("{what} failed: {why}", what=what,
                            why=lines[0] if lines else f"exit {done.returncode}"))


def backup(target: str, dest: Path) -> str:
    """Write a consistent backup of `target` to the new file `dest`; returns a summary line."""
    dest = Path(dest)
    _check_dest(dest)
    if is_postgres_url(target):
        pg_dump = _tool("pg_dump")
        create_private_file(dest)
        try:
            _run([pg_dump, "--format=custom", "--no-owner", f"--file={dest}",
                  f"--dbname={target}"], "pg_dump")
        except BackupError:
            dest.unlink(missing_ok=True)
            raise
        os.chmod(dest, FILE_MODE)
        return t("backup of {db} written to {file} (pg_dump custom format)", db=shown(target),
                 file=dest)
    if not Path(target).exists():
        raise BackupError(t("{file} does not exist", file=target))
    create_private_file(dest)
    try:
        with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as src, \
                sqlite3.connect(dest) as out:
            src.backup(out)  # online: consistent even while consoles write
            # One self-contained file: a copy left in WAL mode would grow -wal/-shm files
            # beside it whenever it is read (restore, a check).
            out.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as exc:
        dest.unlink(missing_ok=True)
        raise BackupError(t("{file}: cannot back up ({why})", file=target, why=exc)) from exc
    return t("backup written to {file}", file=dest)


def _sqlite_has_schema(path: Path) -> bool:
    with sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True) as conn:
        return conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'schema_migration'").fetchone() is not None


def restore(source: Path, target: str) -> str:
    """Restore the backup `source` into the empty (or not yet existing) database `target`."""
    source = Path(source)
    if source.is_dir():
        raise BackupError(t("{file} is a folder: give the backup file", file=source))
    if not source.is_file():
        raise BackupError(t("{file} does not exist", file=source))
    if is_postgres_url(target):
        from console.db import connect

        pg_restore = _tool("pg_restore")
        db = connect(target)
        try:
            if db.get_tables():
                raise BackupError(t("{db} is not empty: restore into a new database "
                                    "(createdb) so nothing is overwritten", db=shown(target)))
        finally:
            db.close()
        _run([pg_restore, "--no-owner", "--exit-on-error", f"--dbname={target}", str(source)],
             "pg_restore")
        return t("{file} restored into {db}", file=source, db=shown(target))
    path = Path(target)
    if path.exists() and path.stat().st_size > 0:
        raise BackupError(t("{file} already exists: restore into a new file so nothing is "
                            "overwritten", file=path))
    # immutable: reading a backup never writes beside it (no -wal/-shm next to the file).
    readonly = f"file:{source}?mode=ro&immutable=1"
    try:
        with sqlite3.connect(readonly, uri=True) as src:
            ok = src.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok" or not _sqlite_has_schema(source):
            raise BackupError(t("{file} is not a support-console backup ({why})", file=source,
                                why=ok))
    except sqlite3.DatabaseError as exc:
        raise BackupError(t("{file} is not a support-console backup ({why})", file=source,
                            why=exc)) from exc
    if not path.parent.is_dir():
        raise BackupError(t("folder {folder} does not exist", folder=path.parent))
    if path.exists():
        path.unlink()  # an empty file (checked above): made private anew below
    create_private_file(path)
    try:
        with sqlite3.connect(readonly, uri=True) as src, sqlite3.connect(path) as out:
            src.backup(out)
    except sqlite3.Error as exc:
        path.unlink(missing_ok=True)
        raise BackupError(t("{file}: cannot restore ({why})", file=path, why=exc)) from exc
    return t("{file} restored into {db}", file=source, db=path)
