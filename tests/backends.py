"""Test databases on both backends: a SQLite file in tmp_path, or a fresh PostgreSQL database.

PostgreSQL is used when `SUPPORT_CONSOLE_TEST_PG` names a server the tests may create and drop
databases on (`.ci/with-postgres` starts a throw-away one and sets it). Without it the
PostgreSQL parameters are skipped; with `SUPPORT_CONSOLE_REQUIRE_PG=1` (CI) an unusable server
fails them instead, and the run fails if none of them ran.

Each test gets its own database, copied from a template migrated once per session
(`CREATE DATABASE ... TEMPLATE`), so a test costs a copy, not a migration.
"""

from __future__ import annotations

import itertools
import os
from urllib.parse import urlsplit, urlunsplit

import pytest

PG_ENV = "SUPPORT_CONSOLE_TEST_PG"
REQUIRE_ENV = "SUPPORT_CONSOLE_REQUIRE_PG"
BACKENDS = ("sqlite", "pg")


def pg_configured() -> str | None:
    return os.environ.get(PG_ENV) or None


def pg_required() -> bool:
    return os.environ.get(REQUIRE_ENV, "") not in ("", "0")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


class PgServer:
    """Creates and drops per-test databases on the configured server."""

    def __init__(self, admin_url: str) -> None:
        import psycopg  # the `postgres` extra; a clear failure below if missing

        self.psycopg = psycopg
        self.admin_url = admin_url
        self.prefix = f"sc_test_{os.getpid()}"
        self.counter = itertools.count(1)
        self.template: str | None = None
        self.created: list[str] = []
        with self._admin() as conn:  # fail early and clearly on a wrong URL
            conn.execute("SELECT 1")

    def _admin(self):
        return self.psycopg.connect(self.admin_url, autocommit=True, connect_timeout=10)

    def _template(self) -> str:
        if self.template is None:
            from console.db import open_database

            name = f"{self.prefix}_template"
            with self._admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{name}"')
            open_database(with_database(self.admin_url, name)).close()
            self.template = name
        return self.template

    def create(self, *, empty: bool = False) -> str:
        """A new database's URL: migrated (a copy of the template), or `empty`."""
        name = f"{self.prefix}_{next(self.counter)}"
        template = "template0" if empty else self._template()
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.created.append(name)
        return with_database(self.admin_url, name)

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self.created:
            self.created.remove(name)

    def close(self) -> None:
        names = [*self.created, *([self.template] if self.template else [])]
        with self._admin() as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_server: PgServer | None = None


def pg_server() -> PgServer:
    """The session's server; skips (or, when required, fails) if there is none."""
    global _server
    url = pg_configured()
    if url is None:
        if pg_required():
            pytest.fail(f"{REQUIRE_ENV} is set but {PG_ENV} names no server")
        pytest.skip(f"PostgreSQL: set {PG_ENV}=postgresql://... (or run .ci/with-postgres)")
    if _server is None:
        try:
            _server = PgServer(url)
        except Exception as exc:
            pytest.fail(f"PostgreSQL at {url} is not usable: {exc}")
    return _server


def close_server() -> None:
    global _server
    if _server is not None:
        _server.close()
        _server = None


def release_peewee() -> None:
    """Close the shared peewee proxy's connection so its database can be dropped."""
    from console.models import database

    if database.obj is not None and not database.is_closed():
        database.close()
