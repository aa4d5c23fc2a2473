"""Issue 12: a start whose database needs nothing written skips `prepare` (console.start_check)
and loads no database layer before the first frame; any doubt goes through `prepare`."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap

import pytest

from console.db import open_database
from console.launch import prepare
from console.start_check import ready_as_is
from tests.conftest import _context


@pytest.fixture
def make_ctx(tmp_path):
    """SQLite only: a PostgreSQL start always goes through `prepare` (its own test below)."""
    return lambda: _context(str(tmp_path / "console.db"), "2026-11-24 11:00", "ru", True)


def test_a_prepared_database_is_ready_as_it_is_with_the_operators_name(make_ctx):
    ctx = make_ctx()
    assert ready_as_is(ctx.db_target, ctx.reference, "tester") == "tester"


def test_a_new_operator_goes_through_prepare_which_registers_them(make_ctx):
    ctx = make_ctx()
    assert ready_as_is(ctx.db_target, ctx.reference, "petrova") is None
    ctx.operator_login = "petrova"
    prepare(ctx)
    assert ready_as_is(ctx.db_target, ctx.reference, "petrova") == "petrova"


def test_d07_an_edited_reference_goes_through_prepare_which_mirrors_it(make_ctx):
    ctx = make_ctx()
    code = ctx.reference.task_types[0].code
    with sqlite3.connect(ctx.db_target) as conn:
        conn.execute("UPDATE task_type SET priority = priority + 7 WHERE code = ?", (code,))
    assert ready_as_is(ctx.db_target, ctx.reference, "tester") is None
    prepare(ctx)  # sync_reference writes the reference's rows back: the check agrees with it
    assert ready_as_is(ctx.db_target, ctx.reference, "tester") == "tester"
    with sqlite3.connect(ctx.db_target) as conn:
        conn.execute("DELETE FROM price_item WHERE code = ?",
                     (ctx.reference.price_items[0].code,))
    assert ready_as_is(ctx.db_target, ctx.reference, "tester") is None


def test_a_pending_or_unknown_migration_goes_through_prepare(make_ctx):
    ctx = make_ctx()
    with sqlite3.connect(ctx.db_target) as conn:
        last = conn.execute("SELECT max(name) FROM schema_migration").fetchone()[0]
        conn.execute("DELETE FROM schema_migration WHERE name = ?", (last,))
    assert ready_as_is(ctx.db_target, ctx.reference, "tester") is None
    with sqlite3.connect(ctx.db_target) as conn:
        conn.execute("INSERT INTO schema_migration (name, applied) VALUES (?, '2026-01-01')",
                     (last,))
        conn.execute("INSERT INTO schema_migration (name, applied) VALUES ('9999_x', "
                     "'2030-01-01')")
    assert ready_as_is(ctx.db_target, ctx.reference, "tester") is None  # prepare refuses it


def test_no_file_garbage_or_postgresql_goes_through_prepare(make_ctx, tmp_path):
    ctx = make_ctx()
    assert ready_as_is(str(tmp_path / "none.db"), ctx.reference, "tester") is None
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x00garbage" * 1000)
    assert ready_as_is(str(junk), ctx.reference, "tester") is None
    assert ready_as_is("postgresql://u@localhost/support", ctx.reference, "tester") is None


def test_the_start_loads_no_database_layer_before_the_first_frame(make_ctx):
    """What the console imports before its first frame, on a database ready as it is: no
    peewee, no models, no service that reads the database."""
    ctx = make_ctx()
    open_database(ctx.db_target).close()
    script = textwrap.dedent(f"""
        import sys
        from console.config import build_context
        from console.launch import prepare_to_start
        ctx = build_context(db_target={ctx.db_target!r}, now="2026-11-24 11:00", lang="ru",
                            operator="tester")
        prepare_to_start(ctx)
        import console.app
        from console.app import ConsoleApp
        ConsoleApp(ctx)
        loaded = [m for m in sys.modules if m in ("peewee", "console.models", "console.db")
                  or (m.startswith("console.services.") and m != "console.services.counts")]
        print(ctx.operator_name, sorted(loaded))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["tester", "[]"]
