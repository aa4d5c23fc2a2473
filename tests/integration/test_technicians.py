"""`technician add` (issue 8 item 23): a name or phone already taken is refused unless forced."""

from __future__ import annotations

import sqlite3

import pytest

from console.db import open_database
from console.services.technicians import TechnicianError, add_technician, list_technicians
from tests.integration.test_cli import run


def test_item23_a_duplicate_name_or_phone_is_refused_unless_forced(make_ctx, english):
    ctx = make_ctx()
    db = open_database(ctx.db_target)
    try:
        add_technician("Сидоров Пётр", "+7 903 111-22-33", operator="t")
        with pytest.raises(TechnicianError, match="name"):
            add_technician("сидоров  петр", "+7 903 999-00-00", operator="t")
        with pytest.raises(TechnicianError, match="phone"):
            add_technician("Иванов Иван", "8 (903) 111-22-33", operator="t")
        add_technician("Сидоров Пётр", "+7 903 999-00-00", operator="t", force=True)
        assert [t.phone for t in list_technicians()] == ["+79031112233", "+79039990000"]
    finally:
        db.close()


def test_item23_cli_says_which_technician_has_it_and_force_adds(tmp_path):
    db = str(tmp_path / "c.db")
    assert run("technician", "add", "Сидоров Пётр", "--phone", "+7 903 111-22-33",
               "--db", db).returncode == 0
    again = run("technician", "add", "Сидоров Пётр", "--db", db)
    assert again.returncode != 0 and "Traceback" not in again.stderr
    assert "#1" in again.stderr and "--force" in again.stderr
    forced = run("technician", "add", "Сидоров Пётр", "--force", "--db", db)
    assert forced.returncode == 0, forced.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM technician").fetchone()[0] == 2
