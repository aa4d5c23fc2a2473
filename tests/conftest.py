"""Shared fixtures: a prepared console context on a file database in tmp_path (never :memory:).

`db_factory` / `db_target` are parametrised over SQLite and PostgreSQL (`tests/backends.py`);
the integration suites' `make_ctx` uses them, so every service-level test runs on both.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from console.config import AppContext, build_context
from console.i18n import set_language
from console.launch import prepare
from tests import backends


def _context(target: str, now: str, lang: str, frozen: bool) -> AppContext:
    ctx = build_context(db_target=target, now=now, lang=lang, operator="tester", frozen=frozen)
    prepare(ctx)
    return ctx


@pytest.fixture(autouse=True)
def strict_app_errors(monkeypatch):
    """The console survives an unexpected error (it is logged and reported); a test must not:
    any error reported during a Pilot test is raised when the test's app ends."""
    from console.app import ConsoleApp

    monkeypatch.setattr(ConsoleApp, "raise_at_exit", True)


@pytest.fixture(autouse=True)
def russian_again():
    """A command run in-process with `--lang en` (cli.main) sets the language for the process:
    the next test starts in Russian, the default, whatever the last one chose."""
    yield
    set_language("ru")


@pytest.fixture
def english():
    """Messages in English (as `--lang en`), for tests that read a service's English sentence;
    the console speaks Russian by default."""
    set_language("en")
    yield
    set_language("ru")


@pytest.fixture
def make_ctx(tmp_path) -> Callable[..., AppContext]:
    """Build a migrated, reference-synced context; the clock is frozen unless asked otherwise."""

    def make(now: str = "2026-11-24 11:00", *, lang: str = "ru", frozen: bool = True,
             db_name: str = "console.db") -> AppContext:
        return _context(str(tmp_path / db_name), now, lang, frozen)

    yield make
    set_language("ru")


@pytest.fixture(params=backends.BACKENDS)
def backend(request) -> str:
    """"sqlite" or "pg"; the PostgreSQL half is skipped only when no server is configured."""
    if request.param == "pg":
        backends.pg_server()
    return request.param


@pytest.fixture
def db_factory(backend, tmp_path) -> Callable[..., str]:
    """`new(name, empty=False)`: a database target on this test's backend (one per name).

    On PostgreSQL a database that is not `empty` is already migrated (a template copy).
    """
    made: dict[str, str] = {}

    def new(name: str = "console.db", *, empty: bool = False) -> str:
        if name not in made:
            if backend == "sqlite":
                made[name] = str(tmp_path / name)
            else:
                made[name] = backends.pg_server().create(empty=empty)
        return made[name]

    yield new
    backends.release_peewee()
    if backend == "pg":
        for url in made.values():
            backends.pg_server().drop(url)


@pytest.fixture
def db_target(db_factory) -> str:
    return db_factory()


@pytest.fixture
def make_ctx_on(db_factory) -> Callable[..., AppContext]:
    """`make_ctx` on the parametrised backend (what the integration suites use)."""

    def make(now: str = "2026-11-24 11:00", *, lang: str = "ru", frozen: bool = True,
             db_name: str = "console.db") -> AppContext:
        return _context(db_factory(db_name), now, lang, frozen)

    yield make
    set_language("ru")


_pg_counts = {"passed": 0, "skipped": 0, "failed": 0}


def pytest_runtest_logreport(report) -> None:
    if "-pg]" in report.nodeid or "[pg-" in report.nodeid or "[pg]" in report.nodeid:
        if report.skipped:
            _pg_counts["skipped"] += 1
        elif report.when == "call":
            _pg_counts["passed" if report.passed else "failed"] += 1


def pytest_sessionfinish(session, exitstatus) -> None:
    backends.close_server()
    if backends.pg_required() and (_pg_counts["skipped"] or not _pg_counts["passed"]):
        session.exitstatus = 1
        print(f"\n{backends.REQUIRE_ENV}: PostgreSQL tests must run, but "
              f"{_pg_counts['passed']} passed and {_pg_counts['skipped']} were skipped")


def pytest_terminal_summary(terminalreporter) -> None:
    if backends.pg_configured():
        terminalreporter.write_line(
            f"PostgreSQL tests: {_pg_counts['passed']} passed, {_pg_counts['failed']} failed, "
            f"{_pg_counts['skipped']} skipped")
